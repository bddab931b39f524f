"""Database Savings Plans rates from AWS's AWSDatabaseSavingsPlans offer files (pure).

Each row (CSV) or rate (JSON) of such a file is the discounted price of one on-demand
product: `DiscountedUsageType` (with the region's usage-type prefix, like the AmazonRDS
file's), `DiscountedOperation` (`CreateDBInstance:0016` Aurora MySQL, `:0021` Aurora
PostgreSQL), `DiscountedRate` in `Unit` (ACU-Hr or Hrs) and `DiscountedRegionCode`.
The rows that discount Aurora Serverless v2 (Standard, I/O-Optimized) and Aurora
instance classes (`InstanceUsage:db.r7g.2xl`, `InstanceUsageIOOptimized:...`) map onto
the region's `SavingsPlanRates` (`rates: offer-file`); Limitless rows, other services
(DynamoDB, ElastiCache, ...), other RDS engines and terms other than 1 year No Upfront
are skipped. AWS documentation: "Reading the service price list file for a Savings
Plan" (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-an-offer.html).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from aurora_cost.pricing.aws.rules import (
    ENGINE_CODES,
    ENGINE_KEY,
    INSTANCE_CLASS,
    UnknownUnit,
    is_limitless,
    parse_dimension,
    per_unit_factor,
    plain,
    usage_base,
)
from aurora_cost.pricing.aws.select import OfferMeta
from aurora_cost.pricing.model import (
    ENGINES,
    REGION_CODE,
    ClassRates,
    EngineRate,
    InstanceRates,
    SavingsPlanRates,
)

SERVERLESS_V2 = {
    "Aurora:ServerlessV2Usage": "serverless_v2_acu_hour",
    "Aurora:ServerlessV2IOOptimizedUsage": "serverless_v2_io_optimized_acu_hour",
}
INSTANCE_KINDS = {"InstanceUsage": "standard", "InstanceUsageIOOptimized": "io_optimized"}
PLAN_TERM = "1 year, No Upfront"


def class_name(tail: str, instance_type: str = "") -> str:
    """The class a usage-type tail names: `db.r7g.2xl` -> `db.r7g.2xlarge` (AWS writes
    `xlarge` as `xl` in usage types); a full `DiscountedInstanceType` wins."""
    if INSTANCE_CLASS.match(instance_type):
        return instance_type
    head, _, size = tail.rpartition(".")
    if size.endswith("xl"):
        size += "arge"
    return f"{head}.{size}"


def savings_plan_path(usage_type: str, operation: str, service: str, instance_type: str) -> str:
    """`serverless_v2_acu_hour.mysql`, `instances.db.r7g.large.postgresql.io_optimized`, or
    "" when the row does not discount an Aurora rate this file format knows."""
    if service != "AmazonRDS" or is_limitless(usage_type, "", ""):
        return ""
    engine = ENGINE_CODES.get(operation.rpartition(":")[2])
    if engine is None or not operation.startswith("CreateDBInstance:"):
        return ""  # RDS for MySQL, PostgreSQL, ..., or not an instance charge
    engine_key = ENGINE_KEY[engine]
    base = usage_base(usage_type)
    if base in SERVERLESS_V2:
        return f"{SERVERLESS_V2[base]}.{engine_key}"
    kind, _, tail = base.partition(":")
    if kind not in INSTANCE_KINDS:
        return ""
    name = class_name(tail, instance_type)
    if not INSTANCE_CLASS.match(name):
        return ""
    return f"instances.{name}.{engine_key}.{INSTANCE_KINDS[kind]}"


@dataclass
class _Plans:
    rates: dict[str, tuple[str, Decimal]] = field(default_factory=dict)  # path -> (rate code, $)


class SavingsPlansCollector:
    """Collects the Aurora rows of one or more Savings Plans offer files, per region."""

    def __init__(self) -> None:
        self._regions: dict[str, _Plans] = {}
        self.notes: dict[str, list[str]] = {}  # region -> notes for its file
        self.warnings: list[str] = []  # for stderr

    @property
    def regions(self) -> list[str]:
        return sorted(self._regions)

    def add(
        self,
        where: str,
        *,
        region: str,
        usage_type: str,
        operation: str,
        service: str,
        unit: str,
        rate: str,
        currency: str,
        rate_code: str,
        instance_type: str = "",
        purchase_option: str = "",
        lease_years: str = "",
    ) -> bool:
        """Keep one row when it discounts an Aurora rate; True when it was kept."""
        path = savings_plan_path(usage_type, operation, service, instance_type)
        if not path or not REGION_CODE.match(region):
            return False
        if purchase_option not in ("", "No Upfront") or lease_years not in ("", "1"):
            return False  # Database Savings Plans are 1 year, No Upfront
        price = parse_dimension(where, "0", "Inf", unit, rate, currency).price
        key = "instances" if path.startswith("instances.") else path.rsplit(".", 1)[0]
        try:
            value = plain(price * per_unit_factor(where, key, unit))
        except UnknownUnit as exc:
            note = f"{exc}; this Savings Plans row was skipped."
            self.notes.setdefault(region, []).append(note)
            self.warnings.append(note)
            return False
        if value <= 0:
            return False
        plans = self._regions.setdefault(region, _Plans())
        kept = plans.rates.get(path)
        if kept is not None and kept[1] != value:
            note = (
                f"savings_plans.{path}: two discounted rates ({kept[1]} in {kept[0]}, {value} in "
                f"{rate_code}); the first is used."
            )
            self.notes.setdefault(region, []).append(note)
            return True
        plans.rates.setdefault(path, (rate_code, value))
        return True

    def build(
        self, region: str, meta: OfferMeta, url: str
    ) -> tuple[SavingsPlanRates, list[str], dict[str, str]]:
        """The region's `SavingsPlanRates`, the notes for its file and the rate codes by path."""
        rates = self._regions[region].rates
        per_engine: dict[str, dict[str, Decimal]] = {}
        instances: dict[str, dict[str, dict[str, Decimal]]] = {}
        for path, (_, value) in rates.items():
            if path.startswith("instances."):
                name_engine, option = path.removeprefix("instances.").rsplit(".", 1)
                name, engine = name_engine.rsplit(".", 1)
                instances.setdefault(name, {}).setdefault(engine, {})[option] = value
            else:
                key, engine = path.rsplit(".", 1)
                per_engine.setdefault(key, {})[engine] = value
        plans = SavingsPlanRates(
            rates="offer-file",
            source=(
                f"AWS Price List, AWSDatabaseSavingsPlans offer file {meta.version} "
                f"({meta.file_format.upper()}): {url}"
            ),
            published=meta.published,
            serverless_v2_acu_hour=EngineRate(**per_engine.get("serverless_v2_acu_hour", {})),
            serverless_v2_io_optimized_acu_hour=EngineRate(
                **per_engine.get("serverless_v2_io_optimized_acu_hour", {})
            ),
            instances={
                name: ClassRates(
                    **{
                        e: InstanceRates(**instances[name][e])
                        for e in ENGINES
                        if e in instances[name]
                    }
                )
                for name in sorted(instances)
            },
        )
        notes = [
            f"Database Savings Plans ({PLAN_TERM}) discounted rates from the AWS Price List "
            f"offer file AWSDatabaseSavingsPlans, version {meta.version}, published "
            f"{meta.published} ({meta.file_format.upper()}); `source.skus` gives each one's "
            "rate code.",
            *self.notes.get(region, []),
        ]
        skus = {f"savings_plans.{path}": code for path, (code, _) in sorted(rates.items())}
        return plans, notes, skus
