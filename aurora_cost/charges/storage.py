"""Aurora storage, per GB-month, at the rate of the cluster's storage configuration
(https://aws.amazon.com/rds/aurora/pricing/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aurora_cost.charges.base import (
    GB_MONTH,
    Amount,
    Charge,
    Charged,
    Offer,
    Rate,
    line_item,
    missing,
)

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

STANDARD = "storage_gb_month"
IO_OPTIMIZED = "io_optimized_storage_gb_month"
STORAGE_GB = Amount("storage_gb", "GB-months", "average cluster storage, GB-months", from_bill=True)


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    rate = pricing.rate(IO_OPTIMIZED if option.io_optimized else STANDARD)
    if rate is None:
        if not cluster.amount(STORAGE_GB.key):
            return Charged()
        message = f"no storage price for {pricing.region}; storage is not included"
        return missing(option, "storage", "rate-missing", message)
    config = "I/O-Optimized" if option.io_optimized else "Standard"
    quantity = cluster.amount(STORAGE_GB.key)
    item = line_item("storage", f"Aurora {config} storage", quantity, "GB-months", rate)
    return Charged(items=[item])


CHARGE = Charge(
    name="storage",
    column="storage",
    bill=bill,
    bill_order=10,
    amounts=(STORAGE_GB,),
    rates=(
        Rate(
            STANDARD,
            "USD per GB-month (Aurora Standard)",
            Offer(GB_MONTH, "Aurora:StorageUsage", "Database Storage"),
            storage="standard",
            feed="storage_gb_mo_standard",
        ),
        Rate(
            IO_OPTIMIZED,
            "USD per GB-month (Aurora I/O-Optimized)",
            Offer(GB_MONTH, "Aurora:IO-OptimizedStorageUsage", "Database Storage"),
            storage="io-optimized",
            feed="storage_gb_mo_io_optimized",
        ),
    ),
)
