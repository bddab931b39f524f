"""`aurora-cost scan`: read the account, read the metrics, price each cluster on its own demand.

from aurora_cost.sources.aws import scan
document = scan("eu-west-1", clusters=["orders"], days=14)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from aurora_cost import __version__
from aurora_cost.errors import InputError
from aurora_cost.infra.v1_migration import migrated
from aurora_cost.money import HOURS_PER_MONTH
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.pricing.store import load_region, price_layers
from aurora_cost.report import Diagnostic, PricingInfo
from aurora_cost.sources.aws.account import LiveCluster, read_account
from aurora_cost.sources.aws.cache import SeriesCache
from aurora_cost.sources.aws.client import Aws
from aurora_cost.sources.aws.demand import (
    amounts,
    cluster_series,
    instance_demand,
    instance_series,
)
from aurora_cost.sources.aws.document import (
    AsRead,
    Requests,
    ScanCluster,
    ScanReport,
    ScanTotal,
    ScanWindow,
)
from aurora_cost.sources.aws.metrics import Fetched, Series, Window, fetch
from aurora_cost.sources.aws.price import Priced, price_cluster
from aurora_cost.sources.aws.workload import ClusterWorkload, Measured, build
from aurora_cost.workload.model import Workload

MAX_DAYS = 63  # CloudWatch keeps 300-second datapoints for 63 days
Progress = Callable[[str], None]
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_as_of(as_of: str | None, today: date | None = None) -> str:
    """`--as-of YYYY-MM`, default this month."""
    if as_of is None:
        return (today or datetime.now(timezone.utc).date()).strftime("%Y-%m")
    if not _MONTH.match(as_of.strip()):
        raise InputError(f"--as-of: {as_of!r} is not a month; write it as YYYY-MM, e.g. 2027-03")
    return as_of.strip()


@dataclass
class Reading:
    """What a scan read: each cluster as a workload, the window, and what it asked of AWS."""

    aws: Aws
    window: Window
    fetched: Fetched
    clusters: list[ClusterWorkload]
    notes: list[str]


def read_live(
    region: str,
    *,
    clusters: list[str] | None = None,
    days: int = 14,
    profile: str | None = None,
    refresh: bool = False,
    as_of: str | None = None,
    progress: Progress | None = None,
) -> Reading:
    """Describe the region's Aurora clusters (or `clusters`), read their metrics, and make
    each a workload."""
    if not 1 <= days <= MAX_DAYS:
        raise InputError(
            f"--days: {days} is out of range; give 1 to {MAX_DAYS} (CloudWatch "
            "keeps 5-minute datapoints for 63 days)"
        )
    tell = progress or (lambda _: None)
    aws = Aws(region, profile)
    tell(f"reading the Aurora clusters of {region}")
    live, notes = read_account(aws, list(dict.fromkeys(clusters or [])))
    for item in live:  # a Serverless v1 cluster bills as what AWS migrated it to
        item.cluster = migrated(item.cluster)
    for item in [c for c in live if not c.cluster.instances and not c.cluster.v1]:
        notes.append(f"{item.id} has no DB instances; not priced")
        live.remove(item)
    for item in live:
        _check_scaling(item)
    window = Window.last_days(days)
    wanted: list[Series] = []
    for item in live:
        wanted += cluster_series(item.cluster)
        for instance in item.cluster.instances:
            wanted += instance_series(instance, _dimension(item))
    cache = SeriesCache(region, refresh=refresh)
    tell(f"reading {len(wanted)} CloudWatch series of {len(live)} clusters")
    fetched = fetch(
        aws, cache, window, wanted, lambda done, total: tell(f"GetMetricData {done}/{total}")
    )
    demand_dir = cache.directory / "demand"
    built = [
        build(item, _measure(item, fetched.values, window), window, region, demand_dir, as_of)
        for item in live
    ]
    return Reading(aws, window, fetched, built, notes)


@dataclass
class LiveWorkload:
    """One live cluster as a workload (as it ran, on its own demand)."""

    workload: Workload
    notes: list[str]
    pause_blocked: bool  # AWS will not pause it (advice keeps the minimum above 0)


def live_workload(
    region: str,
    cluster: str,
    *,
    days: int = 14,
    profile: str | None = None,
    refresh: bool = False,
    as_of: str | None = None,
) -> LiveWorkload:
    """One live cluster as a workload (as it ran, on its own demand), and notes about it:
    what `compare`, `check` and `advise --cluster ID` price."""
    reading = read_live(
        region.strip(),
        clusters=[cluster],
        days=days,
        profile=profile,
        refresh=refresh,
        as_of=check_as_of(as_of),
    )
    if not reading.clusters:
        raise InputError(f"cluster {cluster} in {region} has no DB instances; nothing to price")
    (built,) = reading.clusters
    blocked = bool(built.live.blockers() or built.live.other_blockers())
    migrated_note = [built.live.cluster.v1_migrated] if built.live.cluster.v1_migrated else []
    return LiveWorkload(built.billed, [*reading.notes, *migrated_note, *built.notes], blocked)


def scan(
    region: str,
    *,
    clusters: list[str] | None = None,
    days: int = 14,
    as_of: str | None = None,
    profile: str | None = None,
    refresh: bool = False,
    pricing: str | Path | None = None,
    progress: Progress | None = None,
) -> ScanReport:
    """The `kind: scan` document of the region's Aurora clusters (or of `clusters`)."""
    region = region.strip()
    if not region:
        raise InputError(
            "--region: the value is empty; give a region code, e.g. --region eu-west-1"
        )
    month = check_as_of(as_of)
    regional = load_region(region, price_layers(pricing))  # an unknown region before any call
    reading = read_live(
        region,
        clusters=clusters,
        days=days,
        profile=profile,
        refresh=refresh,
        as_of=month,
        progress=progress,
    )
    tell = progress or (lambda _: None)
    window, fetched = reading.window, reading.fetched
    out: list[ScanCluster] = []
    savings = Decimal(0)
    for number, built in enumerate(reading.clusters, start=1):
        tell(f"pricing {built.live.id} ({number}/{len(reading.clusters)})")
        priced = price_cluster(built, window, region, pricing)
        out.append(_scanned(built, priced))
        savings += priced.savings
    total = sum((c.report.options[0].monthly_cost or Decimal(0) for c in out), Decimal(0))
    warnings = [*reading.notes]
    warnings += [f"{b.live.id}: {n}" for b in reading.clusters for n in b.live.notes]
    if not reading.clusters:
        warnings.append(f"no Aurora clusters in {region}" + (" by those names" if clusters else ""))
    diagnostics = [Diagnostic(code="scan", severity="warning", message=w) for w in warnings]
    return ScanReport(
        tool_version=__version__,
        region=region,
        as_of=month,
        hours_per_month=HOURS_PER_MONTH,
        window=ScanWindow(
            start=window.start.isoformat().replace("+00:00", "Z"),
            end=window.end.isoformat().replace("+00:00", "Z"),
            days=days,
            period_seconds=window.period,
        ),
        pricing=out[0].report.pricing if out else _pricing_info(regional),
        clusters=out,
        total=ScanTotal(monthly_cost=total, savings_available=savings),
        requests=Requests(
            rds=reading.aws.requests.get("rds", 0),
            cloudwatch_calls=fetched.calls,
            cloudwatch_minimum_calls=fetched.minimum_calls,
            series_queried=fetched.queried,
            series_cached=fetched.cached,
        ),
        warnings=warnings,
        diagnostics=diagnostics,
    )


def _check_scaling(item: LiveCluster) -> None:
    """A db.serverless instance needs the cluster's Serverless v2 scaling configuration."""
    cluster = item.cluster
    serverless = [i.address for i in cluster.instances if i.serverless]
    if serverless and (cluster.min_acu is None or cluster.max_acu is None):
        raise InputError(
            f"cluster {item.id}: instance {serverless[0]} is db.serverless, but the cluster has "
            "no ServerlessV2ScalingConfiguration (MinCapacity, MaxCapacity) in its describe output"
        )


def _pricing_info(regional: RegionPricing) -> PricingInfo:
    source = regional.source
    return PricingInfo(
        source=source.name,
        url=source.url,
        published=source.published.isoformat(),
        offer_version=source.offer_version,
    )


def _dimension(item: LiveCluster) -> str:
    """Where an instance's metrics are: its own, or a Serverless v1 cluster's (it has none)."""
    return "DBClusterIdentifier" if item.cluster.v1_migrated else "DBInstanceIdentifier"


def _measure(item: LiveCluster, values: dict[Series, dict[int, float]], window: Window) -> Measured:
    demands = {}
    notes = []
    for instance in item.cluster.instances:
        found = instance_demand(instance, window, values, _dimension(item))
        if found is not None:
            demands[instance.address] = found
        elif not instance.serverless:
            notes.append(
                f"{instance.address}: no CPUUtilization datapoints, or the class "
                f"{instance.instance_class} has no published vCPU and memory"
            )
    measured = Measured(demands, amounts(item.cluster, values), notes)
    measured.notes += measured.amounts.notes
    return measured


def _scanned(built: ClusterWorkload, priced: Priced) -> ScanCluster:
    item, cluster = built.live, built.live.cluster
    raw = item.raw
    as_read = AsRead(
        instances=[
            {
                "id": i.address,
                "instance_class": i.instance_class,
                "writer": bool(i.writer),
                "promotion_tier": i.promotion_tier,
            }
            for i in cluster.instances
            if not cluster.v1_migrated  # v1 has none; its v2 writer is assumed, not read
        ],
        storage_type=str(raw.get("StorageType") or "aurora"),
        engine_lifecycle_support=item.lifecycle,
        serverless_v2_scaling=raw.get("ServerlessV2ScalingConfiguration") or None,
        parameters=item.parameters,
        global_cluster=item.global_cluster,
        rds_proxies=item.proxies,
        zero_etl_integrations=item.integrations,
        pause_blockers=item.blockers() + item.other_blockers(),
    )
    return ScanCluster(
        id=item.id,
        engine=str(raw.get("Engine")),
        engine_version=item.engine_version,
        configuration=priced.configuration,
        as_read=as_read,
        demand=priced.demand,
        report=priced.report,
        advice=priced.advice,
        findings=priced.findings,
    )
