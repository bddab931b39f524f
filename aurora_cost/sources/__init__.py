"""Everything that turns the outside world into workloads; `aws` reads a live AWS account."""
