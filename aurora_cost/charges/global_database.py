"""Aurora Global Database replicated write I/Os, per million
(https://aws.amazon.com/rds/aurora/pricing/).

The primary cluster's Region pays for the write I/Os replicated to each secondary Region
(AWS's `AuroraGlobalDBReplicatedWriteIO` metric, Aurora User Guide, "Amazon Aurora
metrics"); a secondary cluster pays its own instances, storage and I/O at its Region's
rates, and the inter-Region data transfer is billed on top (not priced here). Whether
I/O-Optimized storage includes replicated writes is not confirmed: they are billed on both.
"""

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

GLOBAL_DATABASE = "Aurora Global Database"  # its product family, and its group
RATE = "global_database_per_million_replicated_writes"
REPLICATED_WRITES = Amount(
    "global_database_replicated_writes_per_month",
    "write I/Os",
    "Aurora Global Database: write I/Os a month replicated from this (primary) cluster to "
    "its secondary Regions, summed over them (CloudWatch AuroraGlobalDBReplicatedWriteIO); "
    "0 for a secondary cluster",
    unknown="the cluster is in a Global Database but its replicated writes are not known",
    from_bill=True,
)


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    if cluster.unknown(REPLICATED_WRITES.key):
        message = (
            "the cluster is part of an Aurora Global Database: the primary Region pays its "
            "write I/Os replicated to the secondaries, per million, which depends on how much "
            f"it writes: give {REPLICATED_WRITES.key} (0 for a secondary cluster); "
            "replicated writes are not included"
        )
        return missing(option, "global_database", "amount-unknown", message)
    writes = cluster.amount(REPLICATED_WRITES.key)
    if writes and not option.supports_global_database:
        message = f"{option.product} cannot be part of an Aurora Global Database; not included"
        return missing(option, "global_database", "feature-unsupported", message)
    return metered(
        option,
        pricing,
        "global_database",
        writes / MILLION,
        pricing.rate(RATE),
        "Aurora Global Database",
        "million replicated write I/Os",
        "Global Database replicated write I/Os",
    )


CHARGE = Charge(
    name="global_database",
    bill=bill,
    bill_order=65,  # after backtrack, before RDS Proxy
    amounts=(REPLICATED_WRITES,),
    rates=(
        Rate(
            RATE,
            "USD per 1 million replicated write I/Os",
            Offer(PER_MILLION, family=GLOBAL_DATABASE),
            feed="global_db_per_million_replicated_write_io",
        ),
    ),
)
