"""The billed side: a cluster's rows as line items, and the usage types nobody knows."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from aurora_cost.bill.group import ClusterRows, resource_name
from aurora_cost.bill.model import Billed, BilledItem, UnknownUsageType
from aurora_cost.pricing.aws.rules import usage_base

UNKNOWN = "unknown"
ORDER = ("compute", "storage", "io", "backup", "snapshot_export", "data_api", "backtrack",
         "rds_proxy", "extended_support", UNKNOWN)  # fmt: skip


def billed(cluster: ClusterRows) -> Billed:
    """One line item per (line item, usage type, unit), in the order a bill shows them."""
    sums: dict[tuple[str, str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for row, kind in cluster.rows:
        name = kind.line_item if kind is not None else UNKNOWN
        key = (name, usage_base(row.usage_type), row.unit)
        covered = row.cost if row.coverage != "on-demand" else Decimal(0)
        totals = sums[key]
        sums[key] = [totals[0] + row.quantity, totals[1] + row.cost, totals[2] + covered]
    items = [
        BilledItem(
            name=name,
            usage_type=base,
            quantity=_plain(q),
            unit=unit,
            cost=_plain(cost),
            covered_cost=_plain(covered),
        )
        for (name, base, unit), (q, cost, covered) in sorted(
            sums.items(), key=lambda kv: (ORDER.index(kv[0][0]), kv[0][1], kv[0][2])
        )
    ]
    return Billed(total=_plain(sum((i.cost for i in items), Decimal(0))), line_items=items)


def unknown_usage_types(clusters: list[ClusterRows]) -> list[UnknownUsageType]:
    """Every billed Aurora usage type aurora-cost does not know, with what it cost."""
    found: dict[tuple[str, str], tuple[set[str], Decimal, Decimal]] = {}
    for cluster in clusters:
        for row, kind in cluster.rows:
            if kind is not None:
                continue
            key = (row.usage_type, row.unit)
            resources, quantity, cost = found.get(key, (set(), Decimal(0), Decimal(0)))
            resources.add(resource_name(row.resource)[1] or "(no resource id)")
            found[key] = (resources, quantity + row.quantity, cost + row.cost)
    return [
        UnknownUsageType(
            usage_type=usage_type,
            resources=sorted(resources),
            quantity=_plain(quantity),
            unit=unit,
            cost=_plain(cost),
        )
        for (usage_type, unit), (resources, quantity, cost) in sorted(found.items())
    ]


def _plain(value: Decimal) -> Decimal:
    """Exact, without the SQL's trailing zeros: 7.2000000000 -> 7.2, 3.6E+6 -> 3600000."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal
