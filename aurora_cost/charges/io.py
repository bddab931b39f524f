"""I/O requests, per million, on Aurora Standard only: I/O-Optimized includes I/O in its
compute and storage rates (https://aws.amazon.com/rds/aurora/pricing/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aurora_cost.charges.base import PER_MILLION, Amount, Charge, Charged, Offer, Rate, metered
from aurora_cost.money import MILLION

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

RATE = "io_per_million"
REQUESTS = Amount(
    "io_requests_per_month",
    "requests",
    "I/O requests a month (billed on Aurora Standard only; I/O-Optimized includes I/O)",
    from_bill=True,
)


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    if option.io_optimized:
        return Charged()
    requests = cluster.amount(REQUESTS.key) / MILLION
    return metered(
        option,
        pricing,
        "io",
        requests,
        pricing.rate(RATE),
        "I/O billing",
        "million I/O requests",
        "I/O requests",
    )


CHARGE = Charge(
    name="io",
    column="I/O",
    bill=bill,
    bill_order=20,
    amounts=(REQUESTS,),
    rates=(
        Rate(
            RATE,
            "USD per 1 million I/O requests (Aurora Standard only)",
            Offer(PER_MILLION, "Aurora:StorageIOUsage", "System Operation"),
            storage="standard",
            feed="io_per_million",
        ),
    ),
)
