# Modelled on terraform-aws-modules/terraform-aws-rds-aurora, variables.tf: the variables
# the trimmed main.tf uses, with the module's kind of defaults.

variable "create_cluster" {
  type    = bool
  default = true
}

variable "putin_khuylo" {
  type    = bool
  default = true
}

variable "name" {
  type    = string
  default = ""
}

variable "region" {
  type    = string
  default = null
}

variable "port" {
  type    = string
  default = null
}

variable "engine" {
  type    = string
  default = null
}

variable "engine_mode" {
  type    = string
  default = "provisioned"
}

variable "engine_version" {
  type    = string
  default = null
}

variable "storage_type" {
  type    = string
  default = null
}

variable "backtrack_window" {
  type    = number
  default = null
}

variable "enable_http_endpoint" {
  type    = bool
  default = null
}

variable "global_cluster_identifier" {
  type    = string
  default = null
}

variable "is_primary_cluster" {
  type    = bool
  default = true
}

variable "master_username" {
  type    = string
  default = "root"
}

variable "master_password" {
  type    = string
  default = null
}

variable "create_random_password" {
  type    = bool
  default = true
}

variable "cluster_use_name_prefix" {
  type    = bool
  default = false
}

variable "instances_use_identifier_prefix" {
  type    = bool
  default = false
}

variable "db_cluster_instance_class" {
  type    = string
  default = null
}

variable "instances" {
  type    = any
  default = {}
}

variable "scaling_configuration" {
  type    = map(string)
  default = {}
}

variable "serverlessv2_scaling_configuration" {
  type    = map(string)
  default = {}
}

variable "create_db_cluster_parameter_group" {
  type    = bool
  default = false
}

variable "db_cluster_parameter_group_name" {
  type    = string
  default = null
}

variable "db_cluster_parameter_group_family" {
  type    = string
  default = ""
}

variable "db_cluster_parameter_group_parameters" {
  type    = list(map(string))
  default = []
}

variable "create_db_parameter_group" {
  type    = bool
  default = false
}

variable "db_parameter_group_name" {
  type    = string
  default = null
}

variable "create_security_group" {
  type    = bool
  default = true
}

variable "security_group_description" {
  type    = string
  default = null
}

variable "vpc_id" {
  type    = string
  default = ""
}

variable "vpc_security_group_ids" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "cluster_tags" {
  type    = map(string)
  default = {}
}

variable "cluster_timeouts" {
  type    = map(string)
  default = {}
}
