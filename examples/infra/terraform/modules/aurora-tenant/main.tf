# One tenant's Aurora MySQL cluster on I/O-Optimized storage, with its instances.

variable "name" {
  type = string
}

variable "instances" {
  type = list(object({ class = string, tier = number }))
}

resource "aws_rds_cluster" "this" {
  cluster_identifier = var.name
  engine             = "aurora-mysql"
  storage_type       = "aurora-iopt1"

  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 16
  }
}

resource "aws_rds_cluster_instance" "this" {
  count              = length(var.instances)
  cluster_identifier = aws_rds_cluster.this.id
  instance_class     = var.instances[count.index].class
  promotion_tier     = var.instances[count.index].tier
}

output "cluster_id" {
  value = aws_rds_cluster.this.id
}
