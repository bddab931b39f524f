"""Amazon RDS Proxy in front of the cluster, per engine: per vCPU-hour of the provisioned
instances or per ACU-hour of the Serverless v2 capacity behind it
(https://aws.amazon.com/rds/proxy/pricing/). How much each option kind pays for is the
kind's `proxy_usage`."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from aurora_cost.charges.base import ACU_HOUR, ONE, Charge, Charged, Offer, Rate, line_item, missing

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

FAMILY = "RDSProxy"
SECTION = "rds_proxy"
VCPU_HOUR: dict[str, Decimal] = {"vCPU-Hours": ONE, "vCPU-hour": ONE, "vCPU-Hr": ONE}


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    if not option.rds_proxy:
        return Charged()
    usage = option.proxy_usage(run)
    if isinstance(usage, str):
        return missing(option, "rds_proxy", "feature-unsupported", f"{usage}; not included")
    rate = pricing.engine_rate(SECTION, usage.rate, option.engine)
    if rate is None:
        message = f"RDS Proxy is not offered in {pricing.region}; it is not included"
        return missing(option, "rds_proxy", "rate-missing", message)
    item = line_item("rds_proxy", usage.description, usage.quantity, usage.unit, rate)
    return Charged(items=[item])


CHARGE = Charge(
    name="rds_proxy",
    bill=bill,
    bill_order=70,
    section=SECTION,
    title="RDS Proxy",
    section_unit="USD per vCPU-hour of the provisioned instances, or per ACU-hour of the "
    "Serverless v2 capacity, behind an RDS Proxy",
    rates=(
        # Serverless v1 rows (ASv1, Serverless) are not priced: v1 reached end of life.
        Rate(
            "provisioned_vcpu_hour",
            "USD per vCPU-hour of the provisioned instances behind the proxy",
            Offer(VCPU_HOUR, family=FAMILY, lacks=("ASv2", "ASv1", "Serverless")),
            per_engine=True,
            feed="provisioned_vcpu_hour",
        ),
        Rate(
            "serverless_v2_acu_hour",
            "USD per ACU-hour of the Serverless v2 capacity behind the proxy",
            Offer(ACU_HOUR, family=FAMILY, has="ASv2"),
            per_engine=True,
            feed="serverless_v2_acu_hour",
        ),
    ),
)
