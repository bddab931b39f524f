"""Price each cluster as one option of its own one-region report, and add them up.

A pure cluster maps onto the kind that already prices it (Serverless v1, Serverless v2
with readers of one promotion-tier group, provisioned instances of one class), so its
report reads like any other; anything else (db.serverless mixed with provisioned
classes, v2 readers in both tier groups, several classes) is a `cluster` option. A
cluster without usage is priced twice: at its minimum capacity all month (low) and at its
maximum (high, its monthly_cost).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aurora_cost import charges
from aurora_cost.charges import backtrack, global_database
from aurora_cost.engine import PriceBook, price, simulate
from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.infra.model import InfraCluster, problem
from aurora_cost.infra.report import ClusterCost, CostRange, Source, Total
from aurora_cost.infra.usage import Resolved, Usage
from aurora_cost.options import KINDS, hardware
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import Diagnostic, Report
from aurora_cost.versions.lifecycle import month_of
from aurora_cost.workload.model import Workload

LIFECYCLE_VALUES = ("open-source-rds-extended-support", "open-source-rds-extended-support-disabled")
# Where each source format names an instance's class, for messages.
CLASS_ATTRIBUTE = {"terraform": "instance_class", "cloudformation": "DBInstanceClass"}
_OPTION_FIELD = {"min_acu": "min_capacity", "max_acu": "max_capacity"}


def option_document(cluster: InfraCluster, reader_acu: Any = None) -> dict[str, Any]:
    """The cluster as a workload file's option entry."""
    base: dict[str, Any] = {"name": cluster.address, "engine": cluster.engine, "existing": True}
    if cluster.engine_version:
        base["engine_version"] = cluster.engine_version
    if cluster.lifecycle_support in LIFECYCLE_VALUES:
        base["engine_lifecycle_support"] = cluster.lifecycle_support
    if cluster.v1:
        return {**base, "kind": "serverless-v1", "min_acu": cluster.min_acu,
                "max_acu": cluster.max_acu, "auto_pause": cluster.v1_auto_pause,
                "seconds_until_auto_pause": cluster.seconds_until_auto_pause or 300}  # fmt: skip
    base["storage"] = cluster.storage
    serverless = [i for i in cluster.instances if i.serverless]
    scaling: dict[str, Any] = {}
    if serverless:
        scaling = {"min_acu": cluster.min_acu, "max_acu": cluster.max_acu}
        if cluster.min_acu == 0 and cluster.seconds_until_auto_pause:
            scaling["seconds_until_auto_pause"] = cluster.seconds_until_auto_pause
    readers = cluster.readers
    tiers = {r.promotion_tier <= 1 for r in readers}
    if serverless and cluster.pause_blockers:
        scaling["pause_blockers"] = list(cluster.pause_blockers)
    if len(serverless) == len(cluster.instances) and len(tiers) <= 1:
        independent = tiers == {False}
        doc = {**base, **scaling, "kind": "serverless-v2", "readers": len(readers)}
        if independent:
            doc["reader_scaling"] = "independent"
            if reader_acu is not None:
                doc["reader_acu"] = reader_acu
        return doc
    classes = Counter(i.instance_class for i in cluster.instances)
    if not serverless and len(classes) == 1:
        (cls,) = classes
        return {
            **base,
            "kind": "provisioned",
            "instance_class": cls,
            "instances": len(cluster.instances),
        }
    writer = cluster.writer
    ordered = [writer, *cluster.readers] if writer else list(cluster.instances)
    doc = {**base, **scaling, "kind": "cluster",
           "instances": [{"instance_class": i.instance_class, "promotion_tier": i.promotion_tier}
                         for i in ordered if i is not None]}  # fmt: skip
    if reader_acu is not None and any(i.serverless and i.promotion_tier > 1 for i in readers):
        doc["reader_acu"] = reader_acu
    return doc


def turned_on(cluster: InfraCluster) -> dict[str, str]:
    """The workload amounts the definition turns on but cannot say how much of, each with
    what turns it on: left unknown (`null`) unless the usage gives them, so the charge is
    listed in `missing` rather than billed as nothing."""
    out = {}
    if cluster.backtrack_window:
        window = cluster.attributes.get("backtrack_window", ("backtrack_window", 0))[0]
        out[backtrack.CHANGE_RECORDS.key] = (
            f"backtrack is on ({window} {cluster.backtrack_window} s), billed per change-record-hour"
        )
    if "global-database" in cluster.pause_blockers:
        out[global_database.REPLICATED_WRITES.key] = (
            "it is part of an Aurora Global Database, whose primary Region pays its replicated "
            "write I/Os"
        )
    return out


def cluster_workload(
    cluster: InfraCluster,
    region: str,
    usage: dict[str, Any],
    demand: Any,
    reader_acu: Any,
    base_dir: Path | None = None,
) -> Workload:
    """The cluster as a workload; `base_dir`: the usage file's directory, which trace paths
    in `demand` and `reader_acu` are relative to (and must stay in)."""
    document: dict[str, Any] = {"version": 1, "region": region, "usage": demand}
    document.update({key: None for key in turned_on(cluster)})
    keys = [amount.key for amount in charges.amounts()]
    document.update({k: usage[k] for k in keys if usage.get(k) is not None})
    if usage.get("as_of") is not None:
        document["as_of"] = usage["as_of"]
    document["options"] = [option_document(cluster, reader_acu)]
    try:
        context = {"base_dir": base_dir} if base_dir is not None else None
        return Workload.model_validate(document, context=context)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [str(p) for p in error["loc"] if not str(p).isdigit() and p not in ("options",)]
        loc = [p for p in loc if p not in KINDS]  # a union tag is not a field
        key = loc[0] if loc else ""
        name = cluster.attributes.get(_OPTION_FIELD.get(key, key), (key, None))[0]
        message = str(error["msg"]).removeprefix("Value error, ")
        raise problem(cluster.source, cluster.address, name or "usage", message) from None


def _range_demands(cluster: InfraCluster) -> tuple[float, float]:
    """The constant demand of the low and the high end of the range."""
    writer = cluster.writer
    if cluster.v1 or (writer is not None and writer.serverless):
        return 0.0, float(cluster.max_acu or 0)
    equivalent = hardware.instance_acu(writer.instance_class) if writer else None
    return 0.0, float(equivalent or 0)


def _low_end(cluster: InfraCluster) -> str:
    """What the low end of a cluster's range is: it runs at zero demand all month."""
    writer = cluster.writer
    if cluster.v1:
        if cluster.v1_auto_pause:
            return "paused (auto-pause)"
        return f"at its minimum of {cluster.min_acu or 0:g} ACU"
    if writer is not None and writer.serverless:
        if not cluster.min_acu:
            return "paused at its minimum of 0 ACU"
        return f"at its minimum of {cluster.min_acu:g} ACU"
    if any(i.serverless for i in cluster.instances):
        return (
            "its provisioned instances billed every hour and its db.serverless ones at their "
            f"minimum of {cluster.min_acu or 0:g} ACU"
        )
    return "its provisioned instances still billed every hour"


def _no_cluster_region(cluster: InfraCluster) -> str:
    where = {"terraform": "the resource and its provider configuration name none",
             "cloudformation": "a template names none"}.get(cluster.format, "none is given")  # fmt: skip
    return str(problem(cluster.source, cluster.address, "region",
                       f"no region ({where}); pass --region (e.g. --region eu-west-1) or set AWS_REGION"))  # fmt: skip


def cluster_prices(cluster: InfraCluster, book: PriceBook) -> RegionPricing:
    """The prices of the cluster's region: its own (the resource's, the provider's, the ARN's),
    else the book's chain; an instance class no price file knows is an error here."""
    code = book.region(cluster.region, own_wins=True, missing=_no_cluster_region(cluster))
    regional = book.prices(code, where=f"{cluster.source}: {cluster.address}")
    _check_classes(cluster, regional)
    return regional


def _check_classes(cluster: InfraCluster, regional: RegionPricing) -> None:
    known = set(hardware.HARDWARE).union(hardware.NOT_LISTED, regional.instances, ["db.serverless"])
    for instance in cluster.instances:
        if instance.instance_class not in known:
            hint = did_you_mean(instance.instance_class, known) or "; e.g. db.r6g.large"
            attribute = CLASS_ATTRIBUTE.get(cluster.format, "DBInstanceClass")
            raise problem(cluster.source, instance.address, attribute,
                          f"'{instance.instance_class}' is not an Aurora instance class{hint}")  # fmt: skip
    if any(i.serverless for i in cluster.instances) and (
        cluster.min_acu is None or cluster.max_acu is None
    ):
        raise problem(cluster.source, cluster.address, cluster.attributes.get("min_capacity", ("min_capacity", 0))[0].rsplit(".", 1)[0],
                      "missing, but the cluster has db.serverless instances; give min and max capacity")  # fmt: skip


def price_cluster(
    cluster: InfraCluster, book: PriceBook, usage: Usage | None, as_of: str | None = None
) -> ClusterCost:
    """The cluster's report: with its usage, as it runs; without, a range from its minimum
    capacity all month (low) to its maximum (high, its monthly_cost). `as_of` (--as-of)
    is the month priced, over the usage file's `as_of:`."""
    regional = cluster_prices(cluster, book)
    code = regional.region
    resolved = usage.resolve(cluster.address) if usage else Resolved({}, None)
    base_dir = usage.base_dir if usage else None
    values = resolved.values if as_of is None else {**resolved.values, "as_of": as_of}

    def report(demand: Any, reader_acu: Any) -> Report:
        workload = cluster_workload(cluster, code, values, demand, reader_acu, base_dir)
        try:
            return price(simulate(workload, base_dir, cluster.source), book, code)
        except InputError as exc:
            raise InputError(f"{cluster.address}: {exc}") from None

    if resolved.demand is not None:
        demand = resolved.demand.model_dump(exclude_none=True)
        reader = values.get("reader_acu")
        reader_doc = reader.model_dump(exclude_none=True) if reader is not None else None
        return ClusterCost(address=cluster.address, region=code, usage=resolved.source,
                           range=None, report=with_migration_note(report(demand, reader_doc), cluster))  # fmt: skip
    low_acu, high_acu = _range_demands(cluster)
    low = report({"constant": low_acu}, {"constant": low_acu})
    # tier 2-15 readers at max_acu
    high = report({"constant": high_acu}, {"constant": float(cluster.max_acu or 0)})
    low_cost, high_cost = low.options[0].monthly_cost, high.options[0].monthly_cost
    note = Diagnostic(
        code="usage-range", severity="info", option=cluster.address,
        message=f"no usage for {cluster.address}: monthly_cost is the high end, at its maximum capacity "
        f"all month (${high_cost}); with no load, {_low_end(cluster)}, ${low_cost}; "
        "give its usage in --usage",
    )  # fmt: skip
    high = high.model_copy(update={"diagnostics": [*high.diagnostics, note],
                                   "warnings": [*high.warnings, note.message]})  # fmt: skip
    high = with_migration_note(high, cluster)
    return ClusterCost(address=cluster.address, region=code, usage=resolved.source,
                       range=CostRange(low=low_cost, high=high_cost), report=high)  # fmt: skip


def with_migration_note(report: Report, cluster: InfraCluster) -> Report:
    """The report with what was assumed of the cluster: a Serverless v1 definition priced as
    the Serverless v2 cluster AWS migrated it to (`v1-migrated`)."""
    if not cluster.v1_migrated:
        return report
    note = Diagnostic(code="v1-migrated", severity="warning", option=cluster.address,
                      message=cluster.v1_migrated, short="v1: priced as migrated to v2")  # fmt: skip
    return report.model_copy(update={"diagnostics": [*report.diagnostics, note],
                                     "warnings": [*report.warnings, note.message]})  # fmt: skip


def notes(cluster: InfraCluster, usage: dict[str, Any]) -> list[str]:
    """What to know about a cluster's definition: v1, the Data API or backtrack not matching
    the usage, the inter-Region transfer of a Global Database. (Backtrack or replicated
    writes turned on without their amount are the report's `missing`, `turned_on`.)"""
    out = []
    if cluster.v1_migrated:
        out.append(f"{cluster.source}: {cluster.v1_migrated}")
    if usage.get("data_api_requests_per_month") and not cluster.data_api:
        out.append(
            f"{cluster.address}: Data API requests are given, but the cluster does not enable the Data API"
        )
    window = cluster.attributes.get("backtrack_window", ("backtrack_window", 0))[0]
    records = backtrack.CHANGE_RECORDS.key
    for key, why in turned_on(cluster).items():
        if usage.get(key) is None:
            out.append(
                f"{cluster.address}: {why}: give {key} in its usage (--usage); until then "
                "that is not in the total, which is a lower bound"
            )
    if usage.get(records) and not cluster.backtrack_window:
        out.append(
            f"{cluster.address}: backtrack change records are given, but the cluster sets no {window}"
        )
    if "global-database" in cluster.pause_blockers:
        out.append(
            f"{cluster.address}: it is part of an Aurora Global Database: the inter-Region data "
            "transfer of its replication is billed on top and not priced here"
        )
    return out


def month_priced(costs: list[ClusterCost], as_of: str | None) -> str | None:
    """The month every cluster is priced for: --as-of, else the one month all share (the
    usage file may give each its own `as_of:`; then None), else this month."""
    months = {cost.report.as_of for cost in costs}
    if as_of is not None:
        return as_of
    if len(months) == 1:
        return months.pop()
    return f"{month_of(None):%Y-%m}" if not months else None


def total_of(costs: list[ClusterCost]) -> tuple[Total, list[str]]:
    by_region: dict[str, Decimal] = {}
    warnings = []
    for cost in costs:
        value = cost.monthly_cost
        if value is None:
            warnings.append(f"{cost.address} is not sold in {cost.region}; it is not in the total")
            continue
        by_region[cost.region] = by_region.get(cost.region, Decimal(0)) + value
    total = sum(by_region.values(), Decimal("0.00"))  # "0.00" for no cluster
    return Total(monthly_cost=total, by_region=dict(sorted(by_region.items()))), warnings


def sources(pairs: list[tuple[str, str]]) -> list[Source]:
    return [Source.model_validate({"path": p, "format": f}) for p, f in pairs]
