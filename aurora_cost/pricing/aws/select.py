"""Which AmazonRDS offer rows are Aurora rates, and which row wins for each rate (pure).

The readers (CSV, JSON) hand every on-demand product they cannot rule out cheaply
to `classify`; the rows it keeps go into an `OfferCollector`, which picks one price
per rate and region and builds a `RegionPricing`.

Selection rules (AWS Price List documentation, "Reading the service price list file":
https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html):
- a usage type matches a base name by exact suffix: `Aurora:StorageUsage` (us-east-1,
  no prefix) or `<PREFIX>-Aurora:StorageUsage`; `-LimitlessPreview` and other
  suffixed variants never match, and Limitless SKUs are dropped outright;
- an engine-specific row (Aurora MySQL, then Aurora PostgreSQL) beats a
  `databaseEngine: Any` row; `Any` is used when no engine-specific row exists;
- prices per I/O, per change-record-hour and per request become per million;
- Data API tiers split at 1 billion requests a month; $0 tiers (free tier) are ignored;
- a rate with no row is absent (None), never 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from aurora_cost.errors import PricingError
from aurora_cost.options.capacity import V1_END_OF_LIFE
from aurora_cost.pricing.model import (
    RATE_UNITS,
    REGION_CODE,
    ClassRates,
    InstanceRates,
    Rates,
    RegionPricing,
    Source,
)

AURORA_ENGINES = ("Aurora MySQL", "Aurora PostgreSQL")
ANY_ENGINE = "Any"
ENGINE_PRIORITY = {"Aurora MySQL": 0, "Aurora PostgreSQL": 1, ANY_ENGINE: 2}
ON_DEMAND = "OnDemand"
ONE_BILLION = Decimal(1_000_000_000)
MILLION = Decimal(1_000_000)

# The instance classes every shipped file lists, in this order (others follow, sorted).
COMMON_CLASSES = (
    "db.t4g.medium",
    "db.r6g.large",
    "db.r7g.large",
    "db.r6g.xlarge",
    "db.r6g.2xlarge",
    "db.r7g.xlarge",
    "db.r7g.2xlarge",
)

DATA_API = "data_api"  # one tiered product, two rates
_DATA_API_KEYS = ("data_api_per_million_first_billion", "data_api_per_million_over_billion")

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
    # Not confirmed from a real offer file (aws-aurora-facts.md section 5); the family
    # test in `classify` also catches the Global Database rows under another name.
    "Aurora:ReplicatedWriteIO": ("global_database_per_million_replicated_writes", ""),
    "Aurora:GlobalWriteIOUsage": ("global_database_per_million_replicated_writes", ""),
}
GLOBAL_DATABASE_FAMILY = "Aurora Global Database"

# Units priced per single event; the files store them per million.
PER_MILLION_UNITS = frozenset({"IOs", "CR-Hr", "API Calls", "Requests", "Request", "Count"})
AS_IS_UNITS = frozenset({"ACU-Hr", "ACU-hour", "GB-Mo", "GB", "Hrs"})

_INSTANCE_CLASS = re.compile(r"^db\.[a-z0-9-]+\.[a-z0-9]+$")


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


def classify(
    *,
    family: str,
    usage_type: str,
    engine: str,
    instance_type: str = "",
    deployment: str = "",
    limitless: str = "",
) -> str | None:
    """The rate key this on-demand product prices, or None when it is not an Aurora rate.

    Instance rates come back as `instances.<class>.standard|io_optimized`.
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
        if not _INSTANCE_CLASS.match(name):
            return None
        option = "standard" if kind == "InstanceUsage" else "io_optimized"
        return f"instances.{name}.{option}"
    if engine not in ENGINE_PRIORITY:
        return None
    rule = USAGE_RULES.get(base)
    if rule is None:
        if family == GLOBAL_DATABASE_FAMILY and "WriteIO" in usage_type:
            return "global_database_per_million_replicated_writes"
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


def per_unit_factor(where: str, unit: str) -> Decimal:
    if unit in PER_MILLION_UNITS:
        return MILLION
    if unit in AS_IS_UNITS:
        return Decimal(1)
    raise PricingError(
        f"{where}: unexpected price unit {unit!r}; the offer format may have changed"
    )


def _plain(value: Decimal) -> Decimal:
    """0.2000000 -> 0.2, exactly (no float)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


@dataclass
class _Region:
    locations: dict[str, int] = field(default_factory=dict)
    # rate key -> (engine, sku) -> dimensions
    candidates: dict[str, dict[tuple[str, str], list[Dimension]]] = field(default_factory=dict)


# The 14 regions where Aurora Serverless v1 was sold (Aurora User Guide,
# Concepts.Aurora_Fea_Regions_DB-eng.Feature.ServerlessV1, archived 2023-06-10). The feed
# also prices v1 in ca-west-1, where it was never offered.
V1_REGIONS = frozenset({
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
    "ap-south-1", "ca-central-1",
})  # fmt: skip


@dataclass(frozen=True)
class OfferMeta:
    """What an offer file says about itself."""

    path: str
    offer_code: str
    version: str
    published: date
    file_format: str  # "csv" or "json"


def parse_published(path: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise PricingError(
            f"{path}: publication date {value!r} is not a date like 2026-04-28T17:07:46Z"
        ) from None


def check_offer_code(path: str, offer_code: str) -> None:
    if offer_code != "AmazonRDS":
        raise PricingError(
            f"{path}: this is the price list of {offer_code or 'an unnamed service'!r}, "
            "not AmazonRDS; download the AmazonRDS offer file"
        )


def offer_meta(
    path: str, meta: dict[str, str], keys: tuple[str, str, str], file_format: str
) -> OfferMeta:
    """Check and keep an offer file's own metadata; `keys` name its offer code, version and
    publication date fields (CSV metadata rows and JSON keys spell them differently)."""
    code, version, published = keys
    check_offer_code(path, meta.get(code, ""))
    if version not in meta or published not in meta:
        raise PricingError(f"{path}: the offer file lacks {version!r} or {published!r}")
    return OfferMeta(
        path=path,
        offer_code=meta[code],
        version=meta[version],
        published=parse_published(path, meta[published]),
        file_format=file_format,
    )


class OfferCollector:
    """Collects the rows of one or more offer files, then builds one file per region."""

    def __init__(self) -> None:
        self._regions: dict[str, _Region] = {}
        self.skipped_regions: set[str] = set()

    def add(
        self, key: str, *, region: str, location: str, engine: str, sku: str, dims: list[Dimension]
    ) -> None:
        if not REGION_CODE.match(region):
            self.skipped_regions.add(region or "(no region code)")
            return
        acc = self._regions.setdefault(region, _Region())
        if location:
            acc.locations[location] = acc.locations.get(location, 0) + 1
        acc.candidates.setdefault(key, {}).setdefault((engine, sku), []).extend(dims)

    @property
    def regions(self) -> list[str]:
        return sorted(self._regions)

    def build(self, region: str, meta: OfferMeta, url: str, retrieved: date) -> RegionPricing:
        """The `RegionPricing` of `region`, validated by the strict model."""
        acc = self._regions[region]
        rates: dict[str, Decimal] = {}
        skus: dict[str, str] = {}
        notes: list[str] = [
            f"Imported from the AWS Price List bulk offer file for AmazonRDS "
            f"({meta.file_format.upper()}) by `aurora-cost pricing import`.",
            "A rate that is absent has no on-demand row in the offer file for this region; "
            "it is not zero.",
        ]
        instances: dict[str, dict[str, Decimal]] = {}
        for key in sorted(acc.candidates):
            chosen = self._choose(region, key, acc.candidates[key], notes)
            if chosen is None:
                continue
            sku, values = chosen
            for rate_key, value in values.items():
                skus[rate_key] = sku
                if rate_key.startswith("instances."):
                    name, option = rate_key.removeprefix("instances.").rsplit(".", 1)
                    instances.setdefault(name, {})[option] = value
                else:
                    rates[rate_key] = value
        if "serverless_v1_acu_hour" in rates and region not in V1_REGIONS:
            notes.append(
                f"The offer lists a Serverless v1 price ({rates.pop('serverless_v1_acu_hour')}) "
                f"here, but v1 was never offered in {region} (Aurora User Guide, Serverless "
                "v1 regions table); treated as a feed artifact and left out."
            )
            skus.pop("serverless_v1_acu_hour", None)
        if "serverless_v1_acu_hour" in rates:
            notes.append(
                f"Serverless v1 reached end of life on {V1_END_OF_LIFE}; its rate is kept for comparison."
            )
        partition = "aws-us-gov" if "-gov-" in region else "aws"
        if partition == "aws-us-gov":
            notes.append("AWS GovCloud (US) partition: needs a GovCloud account.")
        name = max(acc.locations, key=lambda loc: acc.locations[loc]) if acc.locations else region
        ordered = [c for c in COMMON_CLASSES if c in instances]
        ordered += sorted(c for c in instances if c not in COMMON_CLASSES)
        source = Source(
            name=f"AWS Price List bulk offer file, AmazonRDS ({meta.file_format.upper()})",
            url=url,
            published=meta.published,
            retrieved=retrieved,
            offer_version=meta.version,
            notes=notes,
            skus=dict(sorted(skus.items())),
        )
        return RegionPricing(
            schema_version=1,
            region=region,
            name=name,
            partition=partition,
            currency="USD",
            source=source,
            units=dict(RATE_UNITS),
            rates=Rates.model_validate(rates),
            # one rate per class for both engines (version 1 files)
            instances={
                c: ClassRates(
                    mysql=InstanceRates(**instances[c]), postgresql=InstanceRates(**instances[c])
                )
                for c in ordered
            },
        )

    def _choose(
        self,
        region: str,
        key: str,
        candidates: Mapping[tuple[str, str], list[Dimension]],
        notes: list[str],
    ) -> tuple[str, dict[str, Decimal]] | None:
        """The winning SKU for one rate and its per-file values; None when all are $0."""
        priced: list[tuple[int, str, str, dict[str, Decimal]]] = []
        for (engine, sku), dims in candidates.items():
            where = f"{region} SKU {sku}"
            values = _values(where, key, dims)
            if values:
                priced.append((ENGINE_PRIORITY[engine], sku, engine, values))
        if not priced:
            return None
        priced.sort(key=lambda item: (item[0], item[1]))
        _, sku, engine, values = priced[0]
        for _, other_sku, other_engine, other in priced[1:]:
            if other_engine not in AURORA_ENGINES or other_engine == engine:
                continue
            if other != values:
                shown = ", ".join(f"{k} {v}" for k, v in sorted(other.items()))
                notes.append(
                    f"{key}: {other_engine} (SKU {other_sku}) is priced differently ({shown}); "
                    f"the {engine} price is used."
                )
            break
        return sku, values


def _values(where: str, key: str, dims: list[Dimension]) -> dict[str, Decimal]:
    """Rate key -> per-file price for one SKU's dimensions ($0 tiers are left out)."""
    positive = sorted((d for d in dims if d.price > 0), key=lambda d: d.begin)
    if not positive:
        return {}
    if key == DATA_API:
        # The paid tier below 1 billion, and the tier from 1 billion on (or the one
        # tier that spans the split when AWS publishes a single tier).
        below = [d for d in positive if d.begin < ONE_BILLION]
        above = [d for d in positive if d.end is None or d.end > ONE_BILLION]
        found: dict[str, Decimal] = {}
        for rate_key, tier in zip(_DATA_API_KEYS, (below[-1:], above[:1]), strict=True):
            if tier:
                found[rate_key] = _plain(tier[0].price * per_unit_factor(where, tier[0].unit))
        return found
    first = positive[0]
    return {key: _plain(first.price * per_unit_factor(where, first.unit))}
