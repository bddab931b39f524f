# Modelled on terraform-aws-modules/terraform-aws-rds-aurora, outputs.tf.

output "cluster_id" {
  value = try(aws_rds_cluster.this[0].id, null)
}

output "cluster_engine" {
  value = try(aws_rds_cluster.this[0].engine, null)
}
