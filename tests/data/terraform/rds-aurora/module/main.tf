# Modelled on terraform-aws-modules/terraform-aws-rds-aurora, main.tf (the module root):
# the same idioms (a create flag folded into count, for_each over a filtered map of
# instances, dynamic scaling blocks filled with try(), coalesce and conditionals in
# locals, references to random and data resources), trimmed to what prices a cluster.
# Written for aurora-cost's tests; not a copy of the module.

data "aws_partition" "current" {}

locals {
  create_cluster = var.create_cluster && var.putin_khuylo

  port = coalesce(var.port, (var.engine == "aurora-postgresql" ? 5432 : 3306))

  cluster_parameter_group_name = try(coalesce(var.db_cluster_parameter_group_name, var.name), null)

  master_password  = local.create_cluster && var.create_random_password ? random_password.master_password[0].result : var.master_password
  backtrack_window = (var.engine == "aurora-mysql" || var.engine == "aurora") && var.engine_mode != "serverless" ? var.backtrack_window : 0

  is_serverless = var.engine_mode == "serverless"
}

resource "random_password" "master_password" {
  count = local.create_cluster && var.create_random_password ? 1 : 0

  length  = 20
  special = false
}

resource "aws_rds_cluster" "this" {
  count = local.create_cluster ? 1 : 0

  region                          = var.region
  backtrack_window                = local.backtrack_window
  cluster_identifier              = var.cluster_use_name_prefix ? null : var.name
  cluster_identifier_prefix       = var.cluster_use_name_prefix ? "${var.name}-" : null
  db_cluster_instance_class       = var.db_cluster_instance_class
  db_cluster_parameter_group_name = var.create_db_cluster_parameter_group ? aws_rds_cluster_parameter_group.this[0].id : var.db_cluster_parameter_group_name
  enable_http_endpoint            = var.enable_http_endpoint
  engine                          = var.engine
  engine_mode                     = var.engine_mode
  engine_version                  = var.engine_version
  global_cluster_identifier       = var.global_cluster_identifier
  master_password                 = var.is_primary_cluster ? local.master_password : null
  master_username                 = var.is_primary_cluster ? var.master_username : null
  port                            = local.port
  storage_type                    = var.storage_type
  tags                            = merge(var.tags, var.cluster_tags)
  vpc_security_group_ids          = compact(concat([try(aws_security_group.this[0].id, "")], var.vpc_security_group_ids))

  dynamic "scaling_configuration" {
    for_each = length(var.scaling_configuration) > 0 && local.is_serverless ? [var.scaling_configuration] : []

    content {
      auto_pause               = try(scaling_configuration.value.auto_pause, null)
      max_capacity             = try(scaling_configuration.value.max_capacity, null)
      min_capacity             = try(scaling_configuration.value.min_capacity, null)
      seconds_until_auto_pause = try(scaling_configuration.value.seconds_until_auto_pause, null)
      timeout_action           = try(scaling_configuration.value.timeout_action, null)
    }
  }

  dynamic "serverlessv2_scaling_configuration" {
    for_each = length(var.serverlessv2_scaling_configuration) > 0 && var.engine_mode == "provisioned" ? [var.serverlessv2_scaling_configuration] : []

    content {
      max_capacity             = serverlessv2_scaling_configuration.value.max_capacity
      min_capacity             = serverlessv2_scaling_configuration.value.min_capacity
      seconds_until_auto_pause = try(serverlessv2_scaling_configuration.value.seconds_until_auto_pause, null)
    }
  }

  timeouts {
    create = try(var.cluster_timeouts.create, null)
  }

  lifecycle {
    ignore_changes = [global_cluster_identifier]
  }
}

resource "aws_rds_cluster_instance" "this" {
  for_each = { for k, v in var.instances : k => v if local.create_cluster && !local.is_serverless }

  region                  = var.region
  cluster_identifier      = aws_rds_cluster.this[0].id
  db_parameter_group_name = var.create_db_parameter_group ? aws_db_parameter_group.this[0].id : var.db_parameter_group_name
  engine                  = var.engine
  identifier              = var.instances_use_identifier_prefix ? null : try(each.value.identifier, "${var.name}-${each.key}")
  instance_class          = try(each.value.instance_class, var.db_cluster_instance_class)
  promotion_tier          = try(each.value.promotion_tier, null)
  tags                    = merge(var.tags, try(each.value.tags, {}))
}

resource "aws_rds_cluster_parameter_group" "this" {
  count = local.create_cluster && var.create_db_cluster_parameter_group ? 1 : 0

  name   = local.cluster_parameter_group_name
  family = var.db_cluster_parameter_group_family

  dynamic "parameter" {
    for_each = var.db_cluster_parameter_group_parameters

    content {
      name         = parameter.value.name
      value        = parameter.value.value
      apply_method = try(parameter.value.apply_method, "immediate")
    }
  }
}

resource "aws_db_parameter_group" "this" {
  count = local.create_cluster && var.create_db_parameter_group ? 1 : 0

  name   = var.name
  family = var.db_cluster_parameter_group_family
}

resource "aws_security_group" "this" {
  count = local.create_cluster && var.create_security_group ? 1 : 0

  name        = var.name
  vpc_id      = var.vpc_id
  description = coalesce(var.security_group_description, "Control traffic to/from RDS Aurora ${var.name}")
}
