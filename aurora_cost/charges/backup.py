"""Backup storage beyond the free allowance (as much as the cluster's storage), per
GB-month (https://aws.amazon.com/rds/aurora/pricing/)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from aurora_cost.charges.base import GB_MONTH, Charge, Charged, Offer, Rate, metered
from aurora_cost.money import as_decimal

if TYPE_CHECKING:
    from aurora_cost.options.base import ClusterQuantities, OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

RATE = "backup_gb_month"


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    beyond_free = max(
        Decimal(0), as_decimal(cluster.backup_storage_gb) - as_decimal(cluster.storage_gb)
    )
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
    rates=(
        Rate(
            RATE,
            "USD per GB-month of backup beyond the free allowance",
            Offer(GB_MONTH, "Aurora:BackupUsage", "Storage Snapshot"),
            feed="backup_gb_mo",
        ),
    ),
)
