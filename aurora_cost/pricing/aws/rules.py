"""Which AmazonRDS offer rows price which Aurora rate, and in which units (pure).

Each charge declares the rows of its rates (`aurora_cost.charges`, `Offer`); the tables
here follow that registry. The instance classes are read here.

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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from aurora_cost import charges
from aurora_cost.errors import PricingError

AURORA_ENGINES = ("Aurora MySQL", "Aurora PostgreSQL")
ENGINE_KEY = {"Aurora MySQL": "mysql", "Aurora PostgreSQL": "postgresql"}
# Engine codes of the `operation` attribute (CreateDBInstance:0016, CreateDBProxy:0021, ...).
ENGINE_CODES = {"0016": "Aurora MySQL", "0021": "Aurora PostgreSQL"}
ANY_ENGINE = "Any"
ENGINE_PRIORITY = {"Aurora MySQL": 0, "Aurora PostgreSQL": 1, ANY_ENGINE: 2}
ON_DEMAND = "OnDemand"
MILLION = Decimal(1_000_000)

# From the charge registry (`aurora_cost.charges`), rebuilt when it changes:
# usage-type base -> (rate key, expected productFamily or "" when not known for sure)
USAGE_TYPE_RULES: dict[str, tuple[str, str]] = {}
# product family (or group) -> (usage type has, usage type lacks, rate key), in order
FAMILY_RULES: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}
# The units each rate is sold in, and the factor to the file's unit.
UNITS: dict[str, Mapping[str, Decimal]] = {}
# A product priced in tiers: its key -> (the quantities the tiers split at, rate key per tier)
TIERS: dict[str, tuple[tuple[Decimal, ...], tuple[str, ...]]] = {}
INSTANCE_UNITS: Mapping[str, Decimal] = {"Hrs": Decimal(1)}


def rate_key(charge: charges.Charge, rate: charges.Rate) -> str:
    """The key a rate is collected under: `storage_gb_month`, `rds_proxy.<rate>`."""
    return f"{charge.section}.{rate.key}" if rate.per_engine else rate.key


def _follow_charges() -> None:
    for table in (USAGE_TYPE_RULES, FAMILY_RULES, UNITS, TIERS):
        table.clear()
    UNITS["instances"] = INSTANCE_UNITS
    for charge in charges.charges():
        tiered: dict[str, tuple[charges.Offer, list[charges.Rate]]] = {}
        for rate in charge.rates:
            offer = rate.offer
            if offer is None:
                continue
            if offer.tiers:
                tiered.setdefault(offer.product, (offer, []))[1].append(rate)
                continue
            key = rate_key(charge, rate)
            UNITS[key] = offer.units
            if offer.usage_type:
                USAGE_TYPE_RULES[offer.usage_type] = (key, offer.family)
            else:
                FAMILY_RULES.setdefault(offer.family, []).append((offer.has, offer.lacks, key))
        for offer, rates in tiered.values():  # one product, a rate per tier: the charge's name
            USAGE_TYPE_RULES[offer.usage_type] = (charge.name, offer.family)
            UNITS[charge.name] = offer.units
            by_tier = sorted(rates, key=lambda rate: rate.tier)
            TIERS[charge.name] = (offer.tiers, tuple(rate.key for rate in by_tier))


charges.on_change(_follow_charges)

INSTANCE_CLASS = re.compile(r"^db\.[a-z0-9-]+\.[a-z0-9]+$")


class UnknownUnit(PricingError):
    """A row priced in a unit its rate is not sold in; the row is skipped, not converted."""


def may_be_aurora(usage_type: str, family: str, group: str) -> bool:
    """The cheap test every offer row goes through; `classify` decides for the survivors."""
    return (
        "InstanceUsage" in usage_type
        or "ExtendedSupport" in usage_type
        or family in FAMILY_RULES
        or group in FAMILY_RULES
        or usage_base(usage_type) in USAGE_TYPE_RULES
    )


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
    by_family = FAMILY_RULES.get(family) or FAMILY_RULES.get(group)
    if by_family is not None:
        for has, lacks, key in by_family:
            if has in usage_type and not any(part in usage_type for part in lacks):
                return key
        return None
    rule = USAGE_TYPE_RULES.get(base)
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
    units = INSTANCE_UNITS if key.startswith("instances.") else UNITS[key]
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
    # 1E+1 -> 10; a whole number beyond the context's 28 digits stays as it is (quantize
    # would fail on it; the importer's range check refuses it)
    whole = normal.is_finite() and normal == normal.to_integral_value()
    return normal.quantize(Decimal(1)) if whole and normal.adjusted() < 28 else normal
