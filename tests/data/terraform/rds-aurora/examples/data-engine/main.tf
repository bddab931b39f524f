# Modelled on terraform-aws-modules/terraform-aws-rds-aurora, examples/serverless/main.tf
# (its PostgreSQL Serverless v2 cluster): the engine comes from a data source, which only
# terraform plan reads.

provider "aws" {
  region = "eu-west-1"
}

data "aws_rds_engine_version" "postgresql" {
  engine  = "aurora-postgresql"
  version = "14.12"
}

module "aurora_postgresql_v2" {
  source = "../../module"

  name           = "ex-postgresqlv2"
  engine         = data.aws_rds_engine_version.postgresql.engine
  engine_mode    = "provisioned"
  engine_version = data.aws_rds_engine_version.postgresql.version

  serverlessv2_scaling_configuration = {
    min_capacity = 0
    max_capacity = 10
  }

  db_cluster_instance_class = "db.serverless"
  instances = {
    one = {}
  }
}
