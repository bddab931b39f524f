"""Backtrack (Aurora MySQL), per million change-record-hours
(https://aws.amazon.com/rds/aurora/pricing/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aurora_cost.charges.base import (
    PER_MILLION,
    Charge,
    Charged,
    Offer,
    Rate,
    metered,
    missing,
)
from aurora_cost.money import MILLION, as_decimal

if TYPE_CHECKING:
    from aurora_cost.options.base import ClusterQuantities, OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

RATE = "backtrack_per_million_change_records"


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    records = as_decimal(cluster.backtrack_change_records_per_month)
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
    rates=(
        Rate(
            RATE,
            "USD per 1 million change-record-hours (CR-Hr)",
            Offer(PER_MILLION, "Aurora:BacktrackUsage", "System Operation"),
            feed="backtrack_per_million_cr_hr",
        ),
    ),
)
