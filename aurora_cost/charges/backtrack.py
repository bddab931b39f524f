"""Backtrack (Aurora MySQL), per million change-record-hours
(https://aws.amazon.com/rds/aurora/pricing/): the change records a backtrack window keeps,
summed hour by hour over the month."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aurora_cost.charges.base import (
    PER_MILLION,
    Amount,
    Charge,
    Charged,
    Offer,
    Rate,
    metered,
    missing,
)
from aurora_cost.money import MILLION

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

RATE = "backtrack_per_million_change_records"
CHANGE_RECORDS = Amount(
    "backtrack_change_records_per_month",
    "change-record-hours",
    "Aurora MySQL backtrack, change-record-hours a month",
    unknown="backtrack is on but its change records are not known",
    from_bill=True,
)


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    if cluster.unknown(CHANGE_RECORDS.key):
        if not option.supports_backtrack:
            return Charged()  # AWS refuses a backtrack window there; the definition says why
        message = (
            "backtrack is on, but it is billed per change-record-hour, which depends on how "
            f"much the cluster writes: give {CHANGE_RECORDS.key}; backtrack is not included"
        )
        return missing(option, "backtrack", "amount-unknown", message)
    records = cluster.amount(CHANGE_RECORDS.key)
    if records and not option.supports_backtrack:
        message = "backtrack is only for Aurora MySQL (not Serverless v1); not included"
        return missing(option, "backtrack", "feature-unsupported", message)
    return metered(
        option,
        pricing,
        "backtrack",
        records / MILLION,
        pricing.rate(RATE),
        "backtrack",
        "million change-record-hours",
        "backtrack",
    )


CHARGE = Charge(
    name="backtrack",
    bill=bill,
    bill_order=60,
    amounts=(CHANGE_RECORDS,),
    rates=(
        Rate(
            RATE,
            "USD per 1 million change-record-hours (CR-Hr)",
            Offer(PER_MILLION, "Aurora:BacktrackUsage", "System Operation"),
            feed="backtrack_per_million_cr_hr",
        ),
    ),
)
