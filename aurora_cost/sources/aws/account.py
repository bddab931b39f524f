"""What runs in the account: the Aurora clusters, their instances, and what blocks their pause.

Every read is a describe call (read-only, paginated). The clusters become the same
`InfraCluster`s that `--infra describe-db-clusters.json` gives (the aws-cli reader reads
the API's answer, which is the CLI's output), plus what pricing that file cannot show:
engine version and lifecycle, the pause-relevant cluster parameters, Global Database
membership, RDS Proxy targets and zero-ETL integrations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aurora_cost.infra import awscli
from aurora_cost.infra.model import ENGINES, InfraCluster
from aurora_cost.sources.aws.client import Aws, NotAnswered

# Cluster parameters that keep Serverless v2 from pausing, and the value that does not
# (AWS Aurora User Guide, "Scaling to Zero ACUs with automatic pause and resume for Aurora
# Serverless v2", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html).
PAUSE_PARAMETERS = {"binlog_format": "OFF", "rds.logical_replication": "0"}
BLOCKER_OF_PARAMETER = {
    "binlog_format": "binlog-replication",
    "rds.logical_replication": "logical-replication",
}


@dataclass
class LiveCluster:
    """One Aurora cluster as AWS describes it."""

    cluster: InfraCluster
    raw: dict[str, Any]
    instances: dict[str, dict[str, Any]]  # DBInstanceIdentifier -> describe-db-instances item
    parameters: dict[str, str] = field(default_factory=dict)  # pause-relevant, as set
    global_cluster: str | None = None
    global_writer: bool | None = None  # the Global Database's primary (None: not known)
    proxies: list[str] = field(default_factory=list)
    integrations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.cluster.address

    @property
    def engine_version(self) -> str | None:
        value = self.raw.get("EngineVersion")
        return str(value) if value else None

    @property
    def lifecycle(self) -> str | None:
        value = self.raw.get("EngineLifecycleSupport")
        return str(value) if value else None

    def blockers(self) -> list[str]:
        """Why Serverless v2 cannot pause here, in the workload file's words."""
        found = [
            BLOCKER_OF_PARAMETER[name]
            for name, value in sorted(self.parameters.items())
            if value.strip().upper() != PAUSE_PARAMETERS[name].upper()
        ]
        if self.global_cluster:
            found.append("global-database")
        if self.integrations:
            found.append("zero-etl")
        if self.raw.get("BabelfishEnabled") or self.parameters.get("rds.babelfish_status") == "on":
            found.append("babelfish")
        return found

    def other_blockers(self) -> list[str]:
        """What blocks pause beyond the workload's pause_blockers: RDS Proxy, provisioned instances."""
        found = []
        if self.proxies:
            found.append(f"RDS Proxy {', '.join(self.proxies)}")
        provisioned = [i.address for i in self.cluster.instances if not i.serverless]
        if provisioned and len(provisioned) < len(self.cluster.instances):
            found.append(f"provisioned instance {', '.join(provisioned)}")
        return found


def read_account(aws: Aws, only: list[str]) -> tuple[list[LiveCluster], list[str]]:
    """The Aurora clusters of the region (or just `only`), and notes on what could not be read."""
    notes: list[str] = []
    raws: list[dict[str, Any]] = []
    if only:
        for name in only:
            raws += aws.pages(
                aws.rds, "DescribeDBClusters", "DBClusters", subject=name, DBClusterIdentifier=name
            )
    else:
        raws = aws.pages(aws.rds, "DescribeDBClusters", "DBClusters")
    raws = [r for r in raws if r.get("Engine") in ENGINES]
    if only:
        found = {str(r.get("DBClusterIdentifier")) for r in raws}
        for name in only:
            if name not in found:
                raise_not_aurora(aws, name)
    instances: dict[str, dict[str, Any]] = {}
    if raws:
        params: dict[str, Any] = {}
        if only:  # a few clusters: ask for their instances only
            names = [str(r["DBClusterIdentifier"]) for r in raws]
            params["Filters"] = [{"Name": "db-cluster-id", "Values": names}]
        for item in aws.pages(aws.rds, "DescribeDBInstances", "DBInstances", **params):
            instances[str(item.get("DBInstanceIdentifier"))] = item
    classes = {name: str(item.get("DBInstanceClass")) for name, item in instances.items()}
    document = {"DBClusters": raws}
    clusters = awscli.read_clusters(document, f"{aws.region} (DescribeDBClusters)", classes)
    by_id = {str(r.get("DBClusterIdentifier")): r for r in raws}
    live = []
    for cluster in clusters:
        raw = by_id[cluster.address]
        members = {str(m.get("DBInstanceIdentifier")) for m in raw.get("DBClusterMembers") or []}
        live.append(LiveCluster(cluster, raw, {n: instances[n] for n in members if n in instances}))
    if live:
        _parameters(aws, live)
        notes += _global(aws, live)
        notes += _proxies(aws, live)
        notes += _integrations(aws, live)
    return live, notes


def raise_not_aurora(aws: Aws, name: str) -> None:
    from aurora_cost.sources.aws.client import AwsError

    raise AwsError(
        f"'{name}' in {aws.region} is not an Aurora cluster (its engine is not "
        "aurora-mysql or aurora-postgresql)"
    )


def _parameters(aws: Aws, live: list[LiveCluster]) -> None:
    """The pause-relevant values each cluster's parameter group sets (a default group sets none)."""
    seen: dict[str, dict[str, str]] = {}
    for item in live:
        group = str(item.raw.get("DBClusterParameterGroup") or "")
        if not group or group.startswith("default."):
            continue  # AWS's defaults: binlog_format OFF, rds.logical_replication 0
        if group not in seen:
            found: dict[str, str] = {}
            try:
                params = aws.pages(
                    aws.rds,
                    "DescribeDBClusterParameters",
                    "Parameters",
                    optional=True,
                    DBClusterParameterGroupName=group,
                    Source="user",
                )
            except NotAnswered as exc:
                item.notes.append(
                    f"parameter group {group} not read ({exc}); pause blockers set "
                    "there are not known"
                )
                params = []
            for param in params:
                name = param.get("ParameterName")
                wanted = name in PAUSE_PARAMETERS or name == "rds.babelfish_status"
                if wanted and param.get("ParameterValue") is not None:
                    found[str(name)] = str(param["ParameterValue"])
            seen[group] = found
        item.parameters = seen[group]


def _global(aws: Aws, live: list[LiveCluster]) -> list[str]:
    try:
        globals_ = aws.pages(aws.rds, "DescribeGlobalClusters", "GlobalClusters", optional=True)
    except NotAnswered as exc:
        return [f"Global Database membership not read ({exc})"]
    member_of, writer = {}, {}
    for item in globals_:
        for member in item.get("GlobalClusterMembers") or []:
            member_of[str(member.get("DBClusterArn"))] = str(item.get("GlobalClusterIdentifier"))
            if isinstance(member.get("IsWriter"), bool):
                writer[str(member.get("DBClusterArn"))] = member["IsWriter"]
    for cluster in live:
        arn = str(cluster.raw.get("DBClusterArn"))
        cluster.global_cluster = member_of.get(arn) or cluster.raw.get("GlobalClusterIdentifier")
        cluster.global_writer = writer.get(arn)
    return []


def _proxies(aws: Aws, live: list[LiveCluster]) -> list[str]:
    try:
        proxies = aws.pages(aws.rds, "DescribeDBProxies", "DBProxies", optional=True)
    except NotAnswered as exc:
        return [f"RDS Proxies not read ({exc})"]
    by_id = {c.id: c for c in live}
    for proxy in proxies:
        name = str(proxy.get("DBProxyName"))
        try:
            targets = aws.pages(
                aws.rds, "DescribeDBProxyTargets", "Targets", optional=True, DBProxyName=name
            )
        except NotAnswered as exc:
            return [f"RDS Proxy {name}: targets not read ({exc})"]
        for target in targets:
            cluster = by_id.get(str(target.get("RdsResourceId")))
            if cluster is None:  # an instance target: find its cluster
                for candidate in live:
                    if str(target.get("RdsResourceId")) in candidate.instances:
                        cluster = candidate
            if cluster is not None and name not in cluster.proxies:
                cluster.proxies.append(name)
    return []


def _integrations(aws: Aws, live: list[LiveCluster]) -> list[str]:
    try:
        items = aws.pages(aws.rds, "DescribeIntegrations", "Integrations", optional=True)
    except NotAnswered as exc:
        return [f"zero-ETL integrations not read ({exc}); a cluster with one cannot pause"]
    for item in items:
        source = str(item.get("SourceArn"))
        for cluster in live:
            if source == str(cluster.raw.get("DBClusterArn")):
                cluster.integrations.append(
                    str(item.get("IntegrationName") or item.get("IntegrationArn"))
                )
    return []
