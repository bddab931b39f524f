"""Line items the computed side prices at the bill's own quantity (pure).

- RDS Proxy: a proxy bills per vCPU-hour of the provisioned instances behind it
  (`RDS:ProxyUsage`) or per ACU-hour of the Serverless v2 capacity behind it
  (`RDS:Proxy-ASv2-Usage`, at least 8 ACUs an hour); which instances stand behind a proxy
  is not in the bill, so its billed vCPU-hours or ACU-hours are priced at the `rds_proxy`
  charge's rate for the engine (its section of the price file).
- Serverless v1 (`Aurora:ServerlessUsage`): v1 scaled in steps of whole powers of two and
  was billed per second, so replaying hourly averages through a simulation would round
  them up; its billed ACU-hours are priced at the price file's `serverless_v1_acu_hour`,
  which keeps v1's last on-demand rate in the regions that sold it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from aurora_cost.bill.group import ClusterRows
from aurora_cost.bill.model import ComputedItem
from aurora_cost.bill.read import BilledRow
from aurora_cost.charges import rds_proxy
from aurora_cost.pricing.aws.rules import plain
from aurora_cost.pricing.model import RegionPricing

MICRO = Decimal("0.000001")  # computed costs are kept to a millionth of a dollar
SERVERLESS_V1_RATE = "serverless_v1_acu_hour"
PROXY_UNITS = {"provisioned_vcpu_hour": "vCPU-hours", "serverless_v2_acu_hour": "ACU-hours"}
PROXY_WHAT = {
    "provisioned_vcpu_hour": "RDS Proxy, vCPU-hours of the instances behind it, as billed",
    "serverless_v2_acu_hour": "RDS Proxy, ACU-hours of the Serverless v2 capacity behind it, "
    "as billed",
}
# AWS ended Serverless v1 on this day and migrated the clusters left to Serverless v2
V1_END_OF_LIFE = "2025-03-31"


def at_rate(name: str, quantity: Decimal, unit: str, rate: Decimal, what: str) -> ComputedItem:
    return ComputedItem(
        name=name,
        quantity=plain(quantity),
        unit=unit,
        unit_price=rate,
        cost=plain((quantity * rate).quantize(MICRO)),
        description=what,
    )


def proxy_items(
    cluster: ClusterRows, engine: str, pricing: RegionPricing
) -> tuple[list[ComputedItem], list[str]]:
    """The cluster's RDS Proxy rows priced at the charge's rates; notes for what is not."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row, kind in cluster.rows:
        if kind is not None and kind.line_item == rds_proxy.CHARGE.name:
            sums[kind.rate.partition(".")[2]] += row.quantity
    items: list[ComputedItem] = []
    notes: list[str] = []
    for key, quantity in sorted(sums.items()):
        rate = pricing.engine_rate(rds_proxy.SECTION, key, engine)
        if rate is None:
            notes.append(
                f"RDS Proxy ({PROXY_UNITS[key]}): billed, not computed: the {pricing.region} "
                f"price file has no rds_proxy.{key} rate"
            )
            continue
        items.append(
            at_rate(rds_proxy.CHARGE.name, quantity, PROXY_UNITS[key], rate, PROXY_WHAT[key])
        )
    return items, notes


def serverless_v1_item(
    name: str, rows: list[BilledRow], pricing: RegionPricing, month: str
) -> tuple[ComputedItem | None, str]:
    """A Serverless v1 cluster's billed ACU-hours at v1's rate, and the note that says so."""
    acu_hours = sum((row.quantity for row in rows), Decimal(0))
    rate = pricing.rate(SERVERLESS_V1_RATE)
    if rate is None:
        return None, (
            f"{name}: Aurora:ServerlessUsage (Serverless v1) billed, not computed: the "
            f"{pricing.region} price file has no Serverless v1 rate (v1 was not sold there)"
        )
    after = month > V1_END_OF_LIFE[:7]
    note = (
        f"{name}: Serverless v1 ACU-hours priced at v1's rate; AWS ended v1 on "
        f"{V1_END_OF_LIFE} and migrated such clusters to Serverless v2, billed as "
        "Aurora:ServerlessV2Usage from then on"
        + ("; this bill is later than that: check the cluster's engine mode" if after else "")
    )
    what = f"{name}: Serverless v1 ACU-hours, as billed"
    return at_rate("compute", acu_hours, "ACU-hours", rate, what), note
