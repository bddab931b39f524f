"""The RDS Data API, per million requests in two tiers: the first billion a month, and
above (https://aws.amazon.com/rds/aurora/pricing/)."""

from __future__ import annotations

from decimal import Decimal
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

TIER = Decimal(1_000_000_000)  # the price drops after 1 billion requests a month
FIRST = "data_api_per_million_first_billion"
OVER = "data_api_per_million_over_billion"
# One product in the offer file; its tiers split at a billion requests. The family is not
# known for sure, so any family is taken.
OFFER = Offer(PER_MILLION, "RDS:Data-API-Usage", tiers=(TIER,))
REQUESTS = Amount(
    "data_api_requests_per_month",
    "requests",
    "RDS Data API requests a month (cheaper above 1 billion)",
    from_bill=True,
)


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    requests = cluster.amount(REQUESTS.key)
    if requests and not option.supports_data_api:
        message = "the Data API does not run on T instance classes; choose an r class"
        return missing(option, "data_api", "feature-unsupported", message)
    first, rest = min(requests, TIER), max(Decimal(0), requests - TIER)
    out = Charged()
    for quantity, key, tier in ((first, FIRST, "first 1 billion"), (rest, OVER, "over 1 billion")):
        part = metered(
            option,
            pricing,
            "data_api",
            quantity / MILLION,
            pricing.rate(key),
            "the Data API",
            "million requests",
            f"Data API requests, {tier}",
        )
        if part.missing and out.missing:  # both tiers unpriced: say it once
            continue
        out.add(part)
    return out


CHARGE = Charge(
    name="data_api",
    bill=bill,
    bill_order=50,
    amounts=(REQUESTS,),
    rates=(
        Rate(
            FIRST,
            "USD per 1 million Data API requests, first 1 billion a month",
            OFFER,
            tier=0,
            feed="data_api_per_million_first_1b",
        ),
        Rate(
            OVER,
            "USD per 1 million Data API requests above 1 billion a month",
            OFFER,
            tier=1,
            feed="data_api_per_million_over_1b",
        ),
    ),
)
