"""Database Savings Plans rates of the bundled price files (used by make_bundled_pricing.py).

Database Savings Plans (1 year, No Upfront; AWS launched them on 2 December 2025) discount
Aurora Serverless v2 (Standard and I/O-Optimized) by 35% and Aurora instance classes of
generation 7 and later (db.r7g, db.r7i, db.r8g) by 20%; older classes are not eligible.

- ap-south-2: the real discounted rates, the `DiscountedRate` of every Aurora row of AWS's
  AWSDatabaseSavingsPlans offer file for that region (`OFFER`; Aurora Limitless rows left
  out). The generator checks that each row equals the on-demand rate x 0.65 (Serverless v2)
  or x 0.80 (instances) exactly, wherever the on-demand feed prices the usage.
- every other region: derived, on-demand x 0.65 and x 0.80, exact decimals, `rates: derived`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from aurora_cost.pricing.model import ClassRates, EngineRate, InstanceRates, SavingsPlanRates

OFFER = (
    Path(__file__).resolve().parent
    / "data"
    / "AWSDatabaseSavingsPlans-ap-south-2-aurora-rows-2026-04-22.csv"
)
OFFER_REGION = "ap-south-2"
# Where the rows were read: a public repository that committed AWS's file as published.
OFFER_COPY = (
    "github.com/timfanda35/aws-pricing-list-loader files/AWSDatabaseSavingsPlans-ap-south-2-index.csv "
    "@ 7ca3ded8d1f0932f00448be0a6c1d38c4e3cdc0e"
)
OFFER_URL = (
    "https://pricing.us-east-1.amazonaws.com/savingsPlan/v1.0/aws/AWSDatabaseSavingsPlans/"
    "{version}/ap-south-2/index.csv"
)
PRICING_PAGE = "https://aws.amazon.com/savingsplans/database-pricing/"
ANNOUNCEMENT = (
    "https://aws.amazon.com/blogs/aws/introducing-database-savings-plans-for-aws-databases/"
)
SERVERLESS_V2_FACTOR = Decimal("0.65")  # 35% off
INSTANCE_FACTOR = Decimal("0.80")  # 20% off
FIRST_ELIGIBLE_GENERATION = 7
OPERATIONS = {"CreateDBInstance:0016": "mysql", "CreateDBInstance:0021": "postgresql"}
_FAMILY = re.compile(r"^db\.[a-z]+(?P<generation>\d+)[a-z]*\.")
_INSTANCE_USAGE = re.compile(
    r"^InstanceUsage(?P<io>IOOptimized)?:(?P<cls>db\.[a-z0-9]+\.[a-z0-9]+)$"
)
_SERVERLESS_USAGE = {
    "Aurora:ServerlessV2Usage": "standard",
    "Aurora:ServerlessV2IOOptimizedUsage": "io_optimized",
}

DERIVED_SOURCE = (
    "Derived from the on-demand rates with AWS's published Database Savings Plans discounts "
    "(1 year, No Upfront): x 0.65 for Aurora Serverless v2, Standard and I/O-Optimized (35% off), "
    "x 0.80 for instance classes of generation 7 and later, db.r7g, db.r7i and db.r8g (20% off; "
    f"older classes are not eligible); {PRICING_PAGE}, announced 2025-12-02 ({ANNOUNCEMENT}). "
    "The same ratios hold exactly in AWS's AWSDatabaseSavingsPlans offer file for ap-south-2 "
    "(version {version})."
)


class OfferError(Exception):
    """The offer rows are not what the generator expects."""


def eligible(instance_class: str) -> bool:
    """Generation 7 and later (db.r7g, db.r7i, db.r8g); t3, t4g, r5, r6g, r6i, x2g are not."""
    found = _FAMILY.match(instance_class)
    return found is not None and int(found["generation"]) >= FIRST_ELIGIBLE_GENERATION


@dataclass(frozen=True)
class Offer:
    """The ap-south-2 offer file's Aurora rows: metadata and discounted rates."""

    published: str  # e.g. 2026-04-22T19:42:03Z
    version: str  # e.g. 20260422194203
    serverless: dict[tuple[str, str], Decimal]  # (config, engine) -> rate
    instances: dict[tuple[str, str, str], Decimal]  # (class, engine, config) -> rate

    @property
    def url(self) -> str:
        return OFFER_URL.format(version=self.version)

    @property
    def source(self) -> str:
        return (
            f"AWS Price List, AWSDatabaseSavingsPlans offer file for ap-south-2 ({self.url}), "
            f"version {self.version}, published {self.published}: the DiscountedRate of every "
            "Aurora row (1 year, No Upfront; Aurora Limitless rows left out), read from the "
            f"public copy {OFFER_COPY}"
        )


def _full_class(usage_class: str) -> str:
    """The offer abbreviates sizes: db.r7g.2xl -> db.r7g.2xlarge, db.r7g.xl -> db.r7g.xlarge."""
    return usage_class[:-2] + "xlarge" if usage_class.endswith("xl") else usage_class


def read_offer(path: Path = OFFER) -> Offer:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    meta = {row[0]: row[1] for row in rows[:5] if len(row) == 2}
    if meta.get("OfferCode") != "AmazonDatabaseSavingsPlans" or len(rows) < 7:
        raise OfferError(f"{path.name}: not an AmazonDatabaseSavingsPlans offer CSV")
    header = rows[5]
    serverless: dict[tuple[str, str], Decimal] = {}
    instances: dict[tuple[str, str, str], Decimal] = {}
    for number, values in enumerate(rows[6:], start=7):
        row = dict(zip(header, values, strict=True))
        where = f"{path.name}: line {number}"
        expected = {
            "DiscountedRegionCode": OFFER_REGION,
            "DiscountedServiceCode": "AmazonRDS",
            "PurchaseOption": "No Upfront",
            "LeaseContractLength": "1",
            "LeaseContractLengthUnit": "year",
            "Currency": "USD",
        }
        for column, value in expected.items():
            if row[column] != value:
                raise OfferError(f"{where}: {column} is {row[column]!r}, expected {value!r}")
        usage = row["DiscountedUsageType"].split("-", 1)[1]  # drop the region prefix (APS5-)
        if "Limitless" in usage:
            continue
        engine = OPERATIONS.get(row["DiscountedOperation"])
        if engine is None:
            raise OfferError(f"{where}: operation {row['DiscountedOperation']!r} is not Aurora")
        rate = Decimal(row["DiscountedRate"])
        if usage in _SERVERLESS_USAGE:
            serverless[(_SERVERLESS_USAGE[usage], engine)] = rate
            continue
        found = _INSTANCE_USAGE.match(usage)
        if found is None:
            raise OfferError(f"{where}: usage type {usage!r} is not read here")
        config = "io_optimized" if found["io"] else "standard"
        instances[(_full_class(found["cls"]), engine, config)] = rate
    return Offer(meta["Publication Date"], meta["Version"], serverless, instances)


def _sort_key(name: str) -> tuple[str, int]:
    family, size = name.split(".")[1:]
    ranks = {"micro": -3, "small": -2, "medium": -1, "large": 0, "xlarge": 1}
    if size in ranks:
        return family, ranks[size]
    return family, int(size.removesuffix("xlarge")) + 1


def class_order(names: list[str]) -> list[str]:
    """Classes by family, then size: db.r6g.large, db.r6g.xlarge, db.r6g.2xlarge, ..."""
    return sorted(names, key=_sort_key)


def _class_rates(rates: dict[tuple[str, str, str], Decimal]) -> dict[str, ClassRates]:
    per_class: dict[str, dict[str, dict[str, Decimal]]] = {}
    for (name, engine, config), rate in rates.items():
        per_class.setdefault(name, {}).setdefault(engine, {})[config] = rate
    return {
        name: ClassRates(
            **{engine: InstanceRates(**configs) for engine, configs in per_class[name].items()}
        )
        for name in class_order(list(per_class))
    }


def _on_demand(instances: dict[str, ClassRates]) -> dict[tuple[str, str, str], Decimal]:
    found: dict[tuple[str, str, str], Decimal] = {}
    for name, per_class in instances.items():
        for engine in ("mysql", "postgresql"):
            rates = per_class.engine(engine)
            for config in ("standard", "io_optimized"):
                value = getattr(rates, config) if rates is not None else None
                if value is not None:
                    found[(name, engine, config)] = value
    return found


def derived(
    v2: dict[str, Decimal | None], instances: dict[str, ClassRates], offer: Offer
) -> SavingsPlanRates:
    """Savings Plans rates from the on-demand rates: x 0.65 Serverless v2, x 0.80 eligible classes."""
    serverless = {
        config: EngineRate(
            mysql=rate * SERVERLESS_V2_FACTOR, postgresql=rate * SERVERLESS_V2_FACTOR
        )
        if (rate := v2[config]) is not None
        else EngineRate()
        for config in ("standard", "io_optimized")
    }
    discounted = {
        key: rate * INSTANCE_FACTOR
        for key, rate in _on_demand(instances).items()
        if eligible(key[0])
    }
    return SavingsPlanRates(
        rates="derived",
        source=DERIVED_SOURCE.format(version=offer.version),
        serverless_v2_acu_hour=serverless["standard"],
        serverless_v2_io_optimized_acu_hour=serverless["io_optimized"],
        instances=_class_rates(discounted),
    )


def from_offer(
    v2: dict[str, Decimal | None], instances: dict[str, ClassRates], offer: Offer
) -> tuple[SavingsPlanRates, list[str]]:
    """The offer file's real rates, checked against on-demand x 0.65 / x 0.80; and notes."""
    for (config, engine), rate in offer.serverless.items():
        on_demand = v2[config]
        if on_demand is None or rate != on_demand * SERVERLESS_V2_FACTOR:
            raise OfferError(
                f"Serverless v2 {config} {engine}: offer rate {rate} is not on-demand "
                f"{on_demand} x {SERVERLESS_V2_FACTOR}"
            )
    on_demand_rates = _on_demand(instances)
    not_on_demand: set[str] = set()
    for key, rate in offer.instances.items():
        if key not in on_demand_rates:
            not_on_demand.add(key[0])
        elif rate != on_demand_rates[key] * INSTANCE_FACTOR:
            raise OfferError(
                f"{' '.join(key)}: offer rate {rate} is not on-demand "
                f"{on_demand_rates[key]} x {INSTANCE_FACTOR}"
            )
    uncovered = sorted(
        " ".join(key) for key in on_demand_rates if eligible(key[0]) and key not in offer.instances
    )
    if uncovered:
        raise OfferError(f"eligible on-demand rates without an offer row: {uncovered}")
    notes = []
    if not_on_demand:
        families = sorted({name.rsplit(".", 1)[0] for name in not_on_demand})
        notes.append(
            f"The Savings Plans offer file ({offer.published[:10]}) also discounts "
            f"{', '.join(families)} classes, which the on-demand feed of this file does not "
            f"price in {OFFER_REGION}; their Savings Plans rates are kept, and those classes "
            "stay not sold on demand here."
        )
    plans = SavingsPlanRates(
        rates="offer-file",
        source=offer.source,
        published=offer.published[:10],  # type: ignore[arg-type]  # pydantic reads the date
        serverless_v2_acu_hour=EngineRate(
            **{e: r for (c, e), r in offer.serverless.items() if c == "standard"}
        ),
        serverless_v2_io_optimized_acu_hour=EngineRate(
            **{e: r for (c, e), r in offer.serverless.items() if c == "io_optimized"}
        ),
        instances=_class_rates(offer.instances),
    )
    return plans, notes
