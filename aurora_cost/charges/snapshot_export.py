"""Snapshot export to Amazon S3, per GB exported (https://aws.amazon.com/rds/aurora/pricing/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aurora_cost.charges.base import ONE, Charge, Charged, Offer, Rate, metered
from aurora_cost.money import as_decimal

if TYPE_CHECKING:
    from aurora_cost.options.base import ClusterQuantities, OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

RATE = "snapshot_export_per_gb"


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    return metered(
        option,
        pricing,
        "snapshot_export",
        as_decimal(cluster.snapshot_export_gb),
        pricing.rate(RATE),
        "snapshot export",
        "GB",
        "snapshot export to S3",
    )


CHARGE = Charge(
    name="snapshot_export",
    bill=bill,
    bill_order=40,
    rates=(
        Rate(
            RATE,
            "USD per GB of snapshot exported to S3",
            Offer({"GB": ONE}, "Aurora:SnapshotExportToS3", "System Operation"),
            feed="snapshot_export_per_gb",
        ),
    ),
)
