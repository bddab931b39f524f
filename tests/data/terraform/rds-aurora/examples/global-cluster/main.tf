# Modelled on terraform-aws-modules/terraform-aws-rds-aurora, examples/global-cluster/main.tf:
# an aws_rds_global_cluster whose engine the member clusters take by reference, a primary
# in the provider's region and a secondary in another region (the module's `region`
# input, AWS provider v6), instances from a for expression over range().

provider "aws" {
  region = local.primary_region
}

data "aws_caller_identity" "current" {}

locals {
  name = "ex-${basename(path.cwd)}"

  primary_region   = "eu-west-1"
  secondary_region = "us-east-1"
}

resource "aws_rds_global_cluster" "this" {
  global_cluster_identifier = local.name
  engine                    = "aurora-postgresql"
  engine_version            = "14.5"
  database_name             = "example_db"
  storage_encrypted         = true
}

module "aurora_primary" {
  source = "../../module"

  name                      = local.name
  engine                    = aws_rds_global_cluster.this.engine
  engine_version            = aws_rds_global_cluster.this.engine_version
  master_username           = "root"
  global_cluster_identifier = aws_rds_global_cluster.this.id
  db_cluster_instance_class = "db.r6g.large"
  instances                 = { for i in range(2) : i => {} }
}

module "aurora_secondary" {
  source = "../../module"

  region = local.secondary_region

  is_primary_cluster        = false
  name                      = local.name
  engine                    = aws_rds_global_cluster.this.engine
  engine_version            = aws_rds_global_cluster.this.engine_version
  global_cluster_identifier = aws_rds_global_cluster.this.id
  db_cluster_instance_class = "db.r6g.large"
  instances                 = { for i in range(2) : i => {} }

  depends_on = [module.aurora_primary]
}

resource "aws_kms_key" "primary" {
  description = "for ${data.aws_caller_identity.current.account_id}"
}
