"""Which AmazonRDS offer rows price which Aurora rate, and in which units (pure).

Selection rules (AWS Price List documentation, "Reading the service price list file":
https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html):
- a usage type matches a base name by exact suffix: `Aurora:StorageUsage` (us-east-1,
  no prefix) or `<PREFIX>-Aurora:StorageUsage`; `-LimitlessPreview` and other
  suffixed variants never match, and Limitless SKUs are dropped outright;
- instance classes: `InstanceUsage:<class>` (Aurora Standard) and
  `InstanceUsageIOOptimized:<class>` (Aurora I/O-Optimized), product family
  `Database Instance`, Single-AZ, one rate per engine (`databaseEngine` Aurora MySQL or
  Aurora PostgreSQL; operation `CreateDBInstance:0016` / `:0021`);
- RDS Proxy: product family `RDSProxy`, per engine (`CreateDBProxy:0016` / `:0021`); the
  Serverless v2 usage type carries `ASv2` (`...:Proxy-ASv2-Usage`, per ACU-hour), the
  others are per vCPU-hour of the provisioned instances behind the proxy;
- Aurora Global Database: product family or group `Aurora Global Database`, whatever the
  usage type is called;
- every rate has the units it may be priced in; a row in any other unit is skipped
  (with a note), never converted by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from aurora_cost.errors import PricingError

AURORA_ENGINES = ("Aurora MySQL", "Aurora PostgreSQL")
ENGINE_KEY = {"Aurora MySQL": "mysql", "Aurora PostgreSQL": "postgresql"}
# Engine codes of the `operation` attribute (CreateDBInstance:0016, CreateDBProxy:0021, ...).
ENGINE_CODES = {"0016": "Aurora MySQL", "0021": "Aurora PostgreSQL"}
ANY_ENGINE = "Any"
ENGINE_PRIORITY = {"Aurora MySQL": 0, "Aurora PostgreSQL": 1, ANY_ENGINE: 2}
ON_DEMAND = "OnDemand"
MILLION = Decimal(1_000_000)

DATA_API = "data_api"  # one tiered product, two rates
GLOBAL_DATABASE = "Aurora Global Database"  # its product family and its group
GLOBAL_DATABASE_KEY = "global_database_per_million_replicated_writes"
PROXY_FAMILY = "RDSProxy"
PROXY_PROVISIONED = "rds_proxy.provisioned_vcpu_hour"
PROXY_SERVERLESS_V2 = "rds_proxy.serverless_v2_acu_hour"

# usage-type base -> (rate key, expected productFamily or "" when not known for sure)
USAGE_RULES: dict[str, tuple[str, str]] = {
    "Aurora:ServerlessUsage": ("serverless_v1_acu_hour", "Serverless"),
    "Aurora:ServerlessV2Usage": ("serverless_v2_acu_hour", "ServerlessV2"),
    "Aurora:ServerlessV2IOOptimizedUsage": ("serverless_v2_io_optimized_acu_hour", "ServerlessV2"),
    "Aurora:StorageUsage": ("storage_gb_month", "Database Storage"),
    "Aurora:IO-OptimizedStorageUsage": ("io_optimized_storage_gb_month", "Database Storage"),
    "Aurora:StorageIOUsage": ("io_per_million", "System Operation"),
    "Aurora:BackupUsage": ("backup_gb_month", "Storage Snapshot"),
    "Aurora:SnapshotExportToS3": ("snapshot_export_per_gb", "System Operation"),
    "Aurora:BacktrackUsage": ("backtrack_per_million_change_records", "System Operation"),
    "RDS:Data-API-Usage": (DATA_API, ""),
}

# The units each kind of rate is sold in, and the factor to the file's unit.
_ONE = Decimal(1)
_ACU_HOUR = {"ACU-Hr": _ONE, "ACU-hour": _ONE, "ACU-Hrs": _ONE}
_PER_MILLION = {unit: MILLION for unit in ("IOs", "CR-Hr", "API Calls", "Requests", "Count")}
UNITS: dict[str, dict[str, Decimal]] = {
    "serverless_v1_acu_hour": _ACU_HOUR,
    "serverless_v2_acu_hour": _ACU_HOUR,
    "serverless_v2_io_optimized_acu_hour": _ACU_HOUR,
    "storage_gb_month": {"GB-Mo": _ONE},
    "io_optimized_storage_gb_month": {"GB-Mo": _ONE},
    "backup_gb_month": {"GB-Mo": _ONE},
    "snapshot_export_per_gb": {"GB": _ONE},
    "io_per_million": _PER_MILLION,
    "backtrack_per_million_change_records": _PER_MILLION,
    DATA_API: _PER_MILLION,
    GLOBAL_DATABASE_KEY: _PER_MILLION,
    "instances": {"Hrs": _ONE},
    PROXY_PROVISIONED: {"vCPU-Hours": _ONE, "vCPU-hour": _ONE, "vCPU-Hr": _ONE},
    PROXY_SERVERLESS_V2: _ACU_HOUR,
}

INSTANCE_CLASS = re.compile(r"^db\.[a-z0-9-]+\.[a-z0-9]+$")


class UnknownUnit(PricingError):
    """A row priced in a unit its rate is not sold in; the row is skipped, not converted."""


def usage_base(usage_type: str) -> str:
    """`EU-Aurora:StorageUsage` -> `Aurora:StorageUsage`; us-east-1 has no prefix."""
    colon = usage_type.find(":")
    head = usage_type if colon < 0 else usage_type[:colon]
    dash = head.rfind("-")
    return usage_type if dash < 0 else usage_type[dash + 1 :]


def is_limitless(usage_type: str, family: str, limitless: str) -> bool:
    return (
        "Limitless" in usage_type or family == "Limitless" or limitless.lower() in ("yes", "true")
    )


def resolve_engine(engine: str, operation: str) -> str:
    """`databaseEngine`, or the Aurora engine its operation code names when it says `Any`."""
    if engine in AURORA_ENGINES or engine not in ("", ANY_ENGINE):
        return engine
    return ENGINE_CODES.get(operation.rpartition(":")[2], engine)


def classify(
    *,
    family: str,
    usage_type: str,
    engine: str,
    instance_type: str = "",
    deployment: str = "",
    limitless: str = "",
    group: str = "",
) -> str | None:
    """The rate key this on-demand product prices, or None when it is not an Aurora rate.

    Instance rates come back as `instances.<class>.standard|io_optimized`, proxy rates as
    `rds_proxy.provisioned_vcpu_hour|serverless_v2_acu_hour`; `engine` says whose.
    """
    if is_limitless(usage_type, family, limitless):
        return None
    base = usage_base(usage_type)
    kind, _, tail = base.partition(":")
    if kind in ("InstanceUsage", "InstanceUsageIOOptimized"):
        if engine not in AURORA_ENGINES or family not in ("", "Database Instance"):
            return None
        if deployment not in ("", "Single-AZ"):
            return None
        name = instance_type or tail
        if not INSTANCE_CLASS.match(name):
            return None
        option = "standard" if kind == "InstanceUsage" else "io_optimized"
        return f"instances.{name}.{option}"
    if engine not in ENGINE_PRIORITY:
        return None
    if family == PROXY_FAMILY:
        if "ASv2" in usage_type:
            return PROXY_SERVERLESS_V2
        if "ASv1" in usage_type or "Serverless" in usage_type:
            return None  # Serverless v1 is not priced (end of life)
        return PROXY_PROVISIONED
    if GLOBAL_DATABASE in (family, group):
        return GLOBAL_DATABASE_KEY
    rule = USAGE_RULES.get(base)
    if rule is None:
        return None
    key, expected_family = rule
    if expected_family and family and family != expected_family:
        return None
    return key


@dataclass(frozen=True)
class Dimension:
    """One price dimension (a tier) of an on-demand term."""

    begin: Decimal
    end: Decimal | None
    unit: str
    price: Decimal


def parse_dimension(
    where: str, begin: str, end: str, unit: str, price: str, currency: str = "USD"
) -> Dimension:
    """Strings from the offer file to a `Dimension`; bad numbers name the place."""
    if currency != "USD":
        raise PricingError(f"{where}: price in {currency!r}; only USD offer files are supported")
    try:
        value = Decimal(price)
        low = Decimal(begin) if begin else Decimal(0)
        high = None if end in ("", "Inf") else Decimal(end)
    except ArithmeticError:
        raise PricingError(
            f"{where}: price {price!r} or range {begin!r}..{end!r} is not a number"
        ) from None
    if not value.is_finite() or value < 0:
        raise PricingError(f"{where}: price {price!r} is not a valid amount")
    return Dimension(low, high, unit, value)


def per_unit_factor(where: str, key: str, unit: str) -> Decimal:
    """The factor from `unit` to the file's unit of rate `key`; `UnknownUnit` otherwise."""
    units = UNITS["instances" if key.startswith("instances.") else key]
    factor = units.get(unit)
    if factor is None:
        expected = " or ".join(repr(u) for u in units)
        raise UnknownUnit(
            f"{where}: price unit {unit!r} is not one this rate is sold in ({expected}); "
            "the offer format may have changed"
        )
    return factor


def plain(value: Decimal) -> Decimal:
    """0.2000000 -> 0.2, exactly (no float)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal
