"""A live AWS account as workloads: `scan` reads the Aurora clusters of a region and their
CloudWatch metrics, and prices each cluster on its own demand. Needs boto3
(`pip install 'aurora-cost[aws]'`); without it, `scan` raises an `AuroraCostError` naming
that command."""

from aurora_cost.sources.aws.client import INSTALL, AwsError
from aurora_cost.sources.aws.scan import live_workload, scan

__all__ = ["INSTALL", "AwsError", "live_workload", "scan"]
