# Modelled on terraform-aws-modules/terraform-aws-rds-aurora, examples/serverless/main.tf:
# Serverless v1 (PostgreSQL and MySQL) and Serverless v2 (MySQL; PostgreSQL with the
# Data API and auto-pause) clusters from the module, a VPC from the registry, and data
# sources; the module's source points at this fixture's trimmed copy of the module.

provider "aws" {
  region = local.region
}

data "aws_availability_zones" "available" {}

locals {
  name   = "ex-${basename(path.cwd)}"
  region = "eu-west-1"

  vpc_cidr                     = "10.0.0.0/16"
  azs                          = slice(data.aws_availability_zones.available.names, 0, 3)
  preferred_maintenance_window = "sun:05:00-sun:06:00"

  tags = {
    Example    = local.name
    GithubRepo = "terraform-aws-rds-aurora"
    GithubOrg  = "terraform-aws-modules"
  }
}

module "aurora_postgresql" {
  source = "../../module"

  name                   = "${local.name}-postgresql"
  engine                 = "aurora-postgresql"
  engine_mode            = "serverless"
  master_username        = "root"
  vpc_id                 = module.vpc.vpc_id
  vpc_security_group_ids = [module.vpc.default_security_group_id]

  scaling_configuration = {
    auto_pause               = true
    min_capacity             = 2
    max_capacity             = 16
    seconds_until_auto_pause = 300
    seconds_before_timeout   = 600
    timeout_action           = "ForceApplyCapacityChange"
  }

  tags = local.tags
}

module "aurora_mysql" {
  source = "../../module"

  name        = "${local.name}-mysql"
  engine      = "aurora-mysql"
  engine_mode = "serverless"
  vpc_id      = module.vpc.vpc_id

  scaling_configuration = {
    auto_pause               = true
    min_capacity             = 2
    max_capacity             = 16
    seconds_until_auto_pause = 300
    timeout_action           = "ForceApplyCapacityChange"
  }

  tags = local.tags
}

module "aurora_mysql_v2" {
  source = "../../module"

  name           = "${local.name}-mysqlv2"
  engine         = "aurora-mysql"
  engine_mode    = "provisioned"
  engine_version = "8.0"
  vpc_id         = module.vpc.vpc_id

  serverlessv2_scaling_configuration = {
    min_capacity = 2
    max_capacity = 10
  }

  db_cluster_instance_class = "db.serverless"
  instances = {
    one = {}
    two = {}
  }

  tags = local.tags
}

module "aurora_postgresql_v2" {
  source = "../../module"

  name                 = "${local.name}-postgresqlv2"
  engine               = "aurora-postgresql"
  engine_mode          = "provisioned"
  engine_version       = "14.12"
  vpc_id               = module.vpc.vpc_id
  enable_http_endpoint = true

  serverlessv2_scaling_configuration = {
    min_capacity             = 0
    max_capacity             = 10
    seconds_until_auto_pause = 3600
  }

  db_cluster_instance_class = "db.serverless"
  instances = {
    one = {}
    two = {}
  }

  tags = local.tags
}

resource "random_password" "master" {
  length  = 20
  special = false
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 6.0"

  name = local.name
  cidr = local.vpc_cidr

  azs              = local.azs
  public_subnets   = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k)]
  private_subnets  = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k + 3)]
  database_subnets = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k + 6)]

  tags = local.tags
}
