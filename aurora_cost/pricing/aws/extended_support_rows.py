"""RDS Extended Support rows of an AmazonRDS offer file, for Aurora (pure).

A row is Extended Support when its usage type contains `ExtendedSupport`
(`ExtendedSupport:Yr1-Yr2:AuroraMySQL2`, `EU-ExtendedSupport:Yr3:AuroraPostgreSQL11`);
it is Aurora's when its `databaseEngine` is Aurora MySQL or Aurora PostgreSQL, or `Any`
with "Aurora" in the usage type. The pricing year is its `extendedSupportPricingYear`
attribute ("Year 1, Year 2", "Year 3") or, failing that, the usage type's `Yr1-Yr2` / `Yr3`.
The unit says what is charged: per vCPU-hour of a provisioned instance, per ACU-hour of
Serverless v2 (Aurora User Guide, "Amazon RDS Extended Support with Amazon Aurora",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/extended-support-charges.html).

AWS charges one rate per region whatever the major version; where the file's Aurora rows
for one region, unit and year disagree, that rate is not imported (noted), and the
bundled engine catalogue's rate applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from aurora_cost.pricing.aws.rules import ANY_ENGINE, AURORA_ENGINES, Dimension, plain
from aurora_cost.pricing.model import MAX_RATE, REGION_CODE, ExtendedSupportRates, YearRates

MARKER = "ExtendedSupport"
# The unit of a row -> the rate it prices
UNITS = {
    "vcpu-hour": "provisioned_vcpu_hour",
    "vcpu-hours": "provisioned_vcpu_hour",
    "vcpu-hrs": "provisioned_vcpu_hour",
    "acu-hour": "serverless_v2_acu_hour",
    "acu-hr": "serverless_v2_acu_hour",
    "acu-hours": "serverless_v2_acu_hour",
}


def is_extended_support(usage_type: str, engine: str) -> bool:
    """An Aurora Extended Support product (RDS for MySQL or PostgreSQL ones are not)."""
    if MARKER not in usage_type:
        return False
    return engine in AURORA_ENGINES or (engine == ANY_ENGINE and "aurora" in usage_type.lower())


def pricing_year(usage_type: str, year_attribute: str) -> str | None:
    """`yr1_yr2` or `yr3`, from the attribute or else the usage type; None when neither says."""
    text = year_attribute.lower()
    if "3" in text and "1" not in text:
        return "yr3"
    if "1" in text or "2" in text:
        return "yr1_yr2"
    if ":Yr3" in usage_type:
        return "yr3"
    if ":Yr1" in usage_type:
        return "yr1_yr2"
    return None


@dataclass
class _Region:
    # (rate, year) -> price -> the SKUs at that price
    prices: dict[tuple[str, str], dict[Decimal, list[str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class ExtendedSupportCollector:
    """Collects the Aurora Extended Support rows, then builds each region's rates."""

    def __init__(self) -> None:
        self._regions: dict[str, _Region] = {}

    def add(
        self, *, region: str, usage_type: str, year: str, sku: str, dims: list[Dimension]
    ) -> None:
        if not REGION_CODE.match(region):
            return  # counted by the on-demand collector
        acc = self._regions.setdefault(region, _Region())
        when = pricing_year(usage_type, year)
        for dim in dims:
            rate = UNITS.get(dim.unit.lower())
            if when is None or rate is None or dim.price <= 0 or dim.price > MAX_RATE:
                if len(acc.notes) >= 20:  # the first few say enough
                    continue
                acc.notes.append(
                    f"RDS Extended Support row {usage_type} (SKU {sku}) skipped: "
                    + (
                        "no pricing year"
                        if when is None
                        else f"price {dim.price} in unit {dim.unit!r} is not a rate per "
                        "vCPU-hour or ACU-hour"
                    )
                    + "; the bundled rate applies."
                )
                continue
            skus = acc.prices.setdefault((rate, when), {}).setdefault(plain(dim.price), [])
            if sku not in skus and len(skus) < 8:  # a few, to name: memory stays bounded
                skus.append(sku)

    def build(self, region: str) -> tuple[ExtendedSupportRates | None, list[str], dict[str, str]]:
        """The region's rates (None without any), notes, and the SKU of each rate."""
        acc = self._regions.get(region)
        if acc is None:
            return None, [], {}
        notes = list(dict.fromkeys(acc.notes))
        values: dict[str, dict[str, Decimal]] = {}
        skus: dict[str, str] = {}
        for (rate, year), prices in sorted(acc.prices.items()):
            if len(prices) > 1:
                shown = ", ".join(f"{p} (SKU {min(s)})" for p, s in sorted(prices.items()))
                notes.append(
                    f"RDS Extended Support {rate} {year}: the Aurora rows disagree ({shown}); "
                    "not imported, the bundled rate applies."
                )
                continue
            [(price, found)] = prices.items()
            values.setdefault(rate, {})[year] = price
            skus[f"extended_support.{rate}.{year}"] = min(found)
        if not values:
            return None, notes, {}
        rates = ExtendedSupportRates(**{rate: YearRates(**years) for rate, years in values.items()})
        return rates, notes, skus
