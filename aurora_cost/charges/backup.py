"""Backup storage beyond the free allowance (as much as the cluster's storage), per
GB-month (https://aws.amazon.com/rds/aurora/pricing/)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from aurora_cost.charges.base import GB_MONTH, Amount, Charge, Charged, Offer, Rate, metered
from aurora_cost.charges.storage import STORAGE_GB

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

RATE = "backup_gb_month"
BACKUP_GB = Amount(
    "backup_storage_gb", "GB-months", "total backup storage, GB; up to storage_gb of it is free"
)


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    beyond_free = max(Decimal(0), cluster.amount(BACKUP_GB.key) - cluster.amount(STORAGE_GB.key))
    return metered(
        option,
        pricing,
        "backup",
        beyond_free,
        pricing.rate(RATE),
        "backup storage",
        "GB-months",
        "backup beyond the free allowance (= storage_gb)",
    )


CHARGE = Charge(
    name="backup",
    column="backup",
    bill=bill,
    bill_order=30,
    amounts=(BACKUP_GB,),
    rates=(
        Rate(
            RATE,
            "USD per GB-month of backup beyond the free allowance",
            Offer(GB_MONTH, "Aurora:BackupUsage", "Storage Snapshot"),
            feed="backup_gb_mo",
        ),
    ),
)
