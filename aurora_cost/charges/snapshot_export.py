"""Snapshot export to Amazon S3, per GB exported (https://aws.amazon.com/rds/aurora/pricing/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aurora_cost.charges.base import ONE, Amount, Charge, Charged, Offer, Rate, metered

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

RATE = "snapshot_export_per_gb"
EXPORTED_GB = Amount(
    "snapshot_export_gb", "GB", "GB of snapshots exported to S3 a month", from_bill=True
)


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    return metered(
        option,
        pricing,
        "snapshot_export",
        cluster.amount(EXPORTED_GB.key),
        pricing.rate(RATE),
        "snapshot export",
        "GB",
        "snapshot export to S3",
    )


CHARGE = Charge(
    name="snapshot_export",
    bill=bill,
    bill_order=40,
    amounts=(EXPORTED_GB,),
    rates=(
        Rate(
            RATE,
            "USD per GB of snapshot exported to S3",
            Offer({"GB": ONE}, "Aurora:SnapshotExportToS3", "System Operation"),
            feed="snapshot_export_per_gb",
        ),
    ),
)
