# The Terraform configuration whose plan is examples/infra/plan.json (its after side):
#   aurora-cost compare --infra examples/infra/terraform --usage examples/infra/usage.yaml
# prices the same clusters as
#   aurora-cost compare --infra examples/infra/plan.json --usage examples/infra/usage.yaml
# without terraform, credentials or a plan.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "tenants" {
  description = "One Aurora MySQL cluster per tenant, with its instances (the first is the writer)."
  type = map(object({
    instances = list(object({ class = string, tier = number }))
  }))
  default = {
    acme = {
      instances = [
        { class = "db.r6g.large", tier = 0 },
        { class = "db.serverless", tier = 1 },
        { class = "db.serverless", tier = 5 },
      ]
    }
  }
}

locals {
  app = "small-app"
}

resource "aws_rds_cluster" "small" {
  cluster_identifier = local.app
  engine             = "aurora-postgresql"
  engine_version     = "16.4"

  serverlessv2_scaling_configuration {
    min_capacity             = 0
    max_capacity             = 4
    seconds_until_auto_pause = 600
  }
}

resource "aws_rds_cluster_instance" "small" {
  count              = 1
  identifier         = "${local.app}-${count.index}"
  cluster_identifier = aws_rds_cluster.small.id
  instance_class     = "db.serverless"
  engine             = aws_rds_cluster.small.engine
}

module "tenant" {
  source   = "./modules/aurora-tenant"
  for_each = var.tenants

  name      = "${each.key}-orders"
  instances = each.value.instances
}
