"""The computed side: the billed usage turned into workloads and priced by the engine.

- each Serverless v2 instance: its billed ACU-hours hour by hour become a trace (a row that
  covers several hours, in a daily export, is spread evenly over them), replayed by a
  `serverless-v2` option (the --infra cluster's minimum and maximum, else the billed
  lowest and highest hour rounded to 0.5 ACU; minimum 0, auto-pause, where an hour is idle);
- each provisioned instance: a `provisioned` option of its class, for the hours billed;
- the cluster's storage, I/O, backup, snapshot export, Data API and backtrack quantities:
  the workload's monthly amounts (period quantity x 730 / period hours), on a Serverless v2
  option with no demand (it pauses, so bills no compute).
The engine prices each as a month of 730 hours; the period's cost is each line item's
quantity x (period hours / 730) at the engine's unit price (a provisioned instance: the
hours it was billed for), kept to a millionth of a dollar (rounded to cents when shown).
RDS Proxy and Serverless v1 rows are priced at their billed quantity (`as_billed`); unknown
usage types stay in `billed` only, with a note.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from aurora_cost import charges
from aurora_cost.bill.as_billed import proxy_items, serverless_v1_item
from aurora_cost.bill.group import ClusterRows
from aurora_cost.bill.model import Computed, ComputedItem, Instance
from aurora_cost.bill.read import BilledRow
from aurora_cost.bill.usage_types import UsageKind
from aurora_cost.demand.build import DemandProfile
from aurora_cost.demand.runs import Demand
from aurora_cost.engine import PriceBook, price, simulate
from aurora_cost.money import HOURS_PER_MONTH
from aurora_cost.options import Option, ProvisionedOption, ServerlessV2Option
from aurora_cost.pricing.aws.rules import plain
from aurora_cost.report import Report
from aurora_cost.workload.model import Workload

# `ExtendedSupport:Yr1-Yr2:AuroraMySQL2` -> Aurora MySQL, major 2
EXTENDED_SUPPORT_MAJOR = re.compile(r"Aurora(MySQL|PostgreSQL)(\d+(?:\.\d+)?)$")
V2_MAX = 256.0
MICRO = Decimal("0.000001")  # computed costs are kept to a millionth of a dollar, shown to cents


@dataclass
class Scaling:
    """A cluster's Serverless v2 range as --infra defines it."""

    min_acu: float | None = None
    max_acu: float | None = None
    seconds_until_auto_pause: int | None = None


@dataclass
class Priced:
    computed: Computed | None
    instances: list[Instance]
    writer_demand: list[float] | None  # the busiest Serverless v2 instance, hour by hour
    reader_acu: float | None  # the other Serverless v2 instances' average ACU, if any
    workload: Workload | None  # the cluster's demand-free workload (amounts, its option)
    notes: list[str] = field(default_factory=list)


def hourly(rows: list[BilledRow], start: datetime, hours: int) -> list[float]:
    """ACU per hour of the period: each row's ACU-hours spread evenly over the hours it covers."""
    series = [0.0] * hours
    for row in rows:
        spans = row.spans or ((row.first_start, row.last_end, float(row.quantity)),)
        for first, last, quantity in spans:
            begin = int((first - start).total_seconds() // 3600)
            span = max(1, math.ceil((last - first).total_seconds() / 3600))
            share = quantity / span
            for h in range(max(0, begin), min(hours, begin + span)):
                series[h] += share
    return series


def _half_up(value: float) -> float:
    return math.ceil(value * 2 - 1e-9) / 2


def _half_down(value: float) -> float:
    return math.floor(value * 2 + 1e-9) / 2


def derived_range(series: list[float], scaling: Scaling) -> tuple[float, float, int | None]:
    """(min_acu, max_acu, pause seconds): --infra's, else from the billed hours."""
    peak = max(series, default=0.0)
    high = scaling.max_acu or min(V2_MAX, max(1.0, _half_up(peak)))
    if scaling.min_acu is not None:
        low = scaling.min_acu
    else:
        lowest = min(series, default=0.0)
        low = 0.0 if lowest <= 0 else max(0.5, _half_down(lowest))
    low = min(low, high)
    pause = (scaling.seconds_until_auto_pause or 300) if low == 0 else None
    return low, high, pause


def demand_profile(series: list[float]) -> DemandProfile:
    demand = Demand.from_runs(((acu, 60) for acu in series), cyclic=False)
    return DemandProfile(demand, "trace", {"source": "billed ACU-hours, hour by hour"})


def _period_items(
    report: Report, factor: Decimal, compute: bool, label: str = ""
) -> list[ComputedItem]:
    """The option's line items for the period (quantity x factor), zero ones left out."""
    option = report.options[0]
    items = []
    for item in option.line_items:
        if item.quantity == 0 or (item.name == "compute" and not compute):
            continue
        quantity = item.quantity * factor
        items.append(
            ComputedItem(
                name=item.name,
                quantity=plain(quantity.quantize(Decimal("0.0001"))),
                unit=item.unit,
                unit_price=item.unit_price,
                cost=plain((quantity * item.unit_price).quantize(MICRO)),
                description=f"{label}: {item.description}" if label else item.description,
            )
        )
    return items


def _priced(
    option: Option,
    workload_fields: dict[str, Any],
    demand: DemandProfile,
    book: PriceBook,
    region: str,
) -> tuple[Report, Workload]:
    workload = Workload(version=1, usage={"constant": 0}, options=[option], **workload_fields)
    return price(simulate(workload, demand=demand), book, region), workload


def price_cluster(
    cluster: ClusterRows,
    start: datetime,
    hours: int,
    book: PriceBook,
    scaling: Scaling | None = None,
) -> Priced:
    """The engine's bill for the cluster's billed usage over the period."""
    scaling = scaling or Scaling()
    engine = cluster.engine or "mysql"
    storage = "io-optimized" if cluster.io_optimized else "standard"
    notes: list[str] = []
    if cluster.engine is None:
        notes.append("engine not named by the bill's operation codes; priced as Aurora MySQL")
    items: list[ComputedItem] = []
    options: list[dict[str, Any]] = []
    instances: list[Instance] = []
    busiest: tuple[float, list[float]] | None = None
    serverless: list[list[float]] = []
    month = {"as_of": f"{start:%Y-%m}"}  # Extended Support as of the billed month
    for name, rows in cluster.instances().items():
        compute = [(row, kind) for row, kind in rows if kind.line_item == "compute"]
        if not compute:
            continue
        kind: UsageKind = compute[0][1]
        # a cluster that runs: priced as it runs, on the major its Extended Support rows name
        running: dict[str, Any] = {"existing": True}
        major = extended_support_major(rows)
        if major is not None:
            running["engine_version"] = major[1]
        if kind.serverless_v2:
            series = hourly([row for row, _ in compute], start, hours)
            low, high, pause = derived_range(series, scaling)
            option: Option = ServerlessV2Option(
                kind="serverless-v2", name=name, min_acu=low, max_acu=high,
                seconds_until_auto_pause=pause, storage=storage, engine=engine, **running,
            )  # fmt: skip
            report, _ = _priced(option, month, demand_profile(series), book, cluster.region)
            items += _period_items(report, Decimal(hours) / HOURS_PER_MONTH, True, name)
            acu_hours = sum((row.quantity for row, _ in compute), Decimal(0))
            instances.append(Instance(resource=name, instance_class="db.serverless",
                                      hours=Decimal(sum(1 for v in series if v > 0)),
                                      acu_hours=plain(acu_hours)))  # fmt: skip
            serverless.append(series)
            if busiest is None or sum(series) > busiest[0]:
                busiest = (sum(series), series)
        elif kind.instance_class is not None:
            billed_hours = sum((row.quantity for row, _ in compute), Decimal(0))
            option = ProvisionedOption(
                kind="provisioned", name=name, instance_class=kind.instance_class,
                storage=storage, engine=engine, **running,
            )  # fmt: skip
            report, _ = _priced(option, month, demand_profile([0.0]), book, cluster.region)
            items += _period_items(report, billed_hours / HOURS_PER_MONTH, True, name)
            instances.append(Instance(resource=name, instance_class=kind.instance_class,
                                      hours=plain(billed_hours)))  # fmt: skip
        else:  # Serverless v1: at v1's rate, its demand kept for the alternatives
            v1_rows = [row for row, _ in compute]
            item, note = serverless_v1_item(
                name, v1_rows, book.prices(cluster.region), month["as_of"]
            )
            notes.append(note)
            items += [item] if item is not None else []
            series = hourly(v1_rows, start, hours)
            instances.append(Instance(resource=name, instance_class="serverless-v1",
                                      hours=Decimal(sum(1 for v in series if v > 0)),
                                      acu_hours=plain(sum((r.quantity for r in v1_rows), Decimal(0)))))  # fmt: skip
            if busiest is None or sum(series) > busiest[0]:
                busiest = (sum(series), series)
            continue
        options.append(
            option.model_dump(mode="json", exclude_defaults=True) | {"kind": option.kind}
        )
    amounts = cluster_amounts(cluster, hours)
    carrier = ServerlessV2Option(
        kind="serverless-v2", name=f"{cluster.name}-cluster", min_acu=0, max_acu=1,
        seconds_until_auto_pause=300, storage=storage, engine=engine,
    )  # fmt: skip
    workload = None
    if any(amounts.values()):
        report, workload = _priced(
            carrier, amounts, DemandProfile(Demand.constant(0), "constant"), book, cluster.region
        )
        items += _period_items(report, Decimal(hours) / HOURS_PER_MONTH, False)
    else:
        workload = Workload(version=1, usage={"constant": 0}, options=[carrier])
    proxies, proxy_notes = proxy_items(cluster, engine, book.prices(cluster.region))
    items += proxies
    notes += proxy_notes
    if any(k is None for _, k in cluster.rows):
        notes.append(
            "usage types aurora-cost does not know are billed, not computed (see unknown_usage_types)"
        )
    computed = None
    if items:
        total = sum((i.cost for i in items), Decimal(0))
        computed = Computed(total=total, line_items=_merged(items), options=options)
    others = [sum(s) / hours for s in serverless if busiest is None or s is not busiest[1]]
    reader = sum(others) / len(others) if others else None
    return Priced(computed, instances, busiest[1] if busiest else None, reader, workload, notes)


def extended_support_major(rows: list[tuple[BilledRow, UsageKind]]) -> tuple[str, str] | None:
    """(engine, major) an instance's Extended Support rows name, if any."""
    for _, kind in rows:
        if kind.line_item == "extended_support":
            found = EXTENDED_SUPPORT_MAJOR.search(kind.base)
            if found:
                return ("mysql" if found[1] == "MySQL" else "postgresql"), found[2]
    return None


def billed_amounts() -> dict[str, str]:
    """Cluster line items -> the workload amount a bill's quantity of them is (the charges'
    declarations, `Amount.from_bill`)."""
    return {c.name: a.key for c in charges.charges() for a in c.amounts if a.from_bill}


def cluster_amounts(cluster: ClusterRows, hours: int) -> dict[str, float]:
    """The cluster's per-cluster quantities as a workload's monthly amounts (x 730 / hours)."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row, kind in cluster.rows:
        if kind is not None and kind.level == "cluster":
            sums[kind.line_item] += row.quantity
    scale = Decimal(HOURS_PER_MONTH) / hours
    amounts = {field: float(sums[name] * scale) for name, field in billed_amounts().items()}
    # backup_storage_gb is the total backup; as much as the storage is free, and a bill
    # shows only what is beyond it
    if sums["backup"]:
        amounts["backup_storage_gb"] = float((sums["backup"] + sums["storage"]) * scale)
    return amounts


def _merged(items: list[ComputedItem]) -> list[ComputedItem]:
    """Compute lines stay one per instance; the cluster's lines are one each already."""
    return items
