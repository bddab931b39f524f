"""Which row wins for each Aurora rate, and the `RegionPricing` built from the winners (pure).

The readers (CSV, JSON) hand every on-demand product that `rules.classify` keeps to an
`OfferCollector`, which picks one price per rate (per engine where the file prices the
engines apart: instance classes, RDS Proxy) and region and builds a `RegionPricing`
(`schema_version: 2`).

- an engine-specific row (Aurora MySQL, then Aurora PostgreSQL) beats a
  `databaseEngine: Any` row; `Any` is used when no engine-specific row exists; for the
  rates kept once for both engines, a PostgreSQL price that differs is noted;
- prices per I/O, per change-record-hour and per request become per million;
- Data API tiers split at 1 billion requests a month; $0 tiers (free tier) are ignored;
- a row in a unit its rate is not sold in is skipped with a note; the rest still import;
- a rate with no row is absent (None), never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from pydantic import ValidationError

from aurora_cost import charges
from aurora_cost.errors import PricingError
from aurora_cost.options.capacity import V1_END_OF_LIFE
from aurora_cost.pricing.aws.extended_support_rows import ExtendedSupportCollector
from aurora_cost.pricing.aws.reserved_terms import ReservedCollector
from aurora_cost.pricing.aws.rules import (
    ANY_ENGINE,
    AURORA_ENGINES,
    ENGINE_KEY,
    ENGINE_PRIORITY,
    TIERS,
    Dimension,
    UnknownUnit,
    classify,
    parse_dimension,
    per_unit_factor,
    plain,
    usage_base,
)
from aurora_cost.pricing.model import (
    MAX_RATE,
    RATE_UNITS,
    REGION_CODE,
    ClassRates,
    InstanceRates,
    RegionPricing,
    SavingsPlanRates,
    Source,
)
from aurora_cost.validation_messages import format_validation_error

__all__ = [
    "COMMON_CLASSES",
    "Dimension",
    "OfferCollector",
    "OfferMeta",
    "classify",
    "offer_meta",
    "parse_dimension",
    "usage_base",
]

# The instance classes every shipped file lists, in this order (others follow, sorted).
S = TypeVar("S")  # a section of the price file read beside the rates

COMMON_CLASSES = (
    "db.t4g.medium",
    "db.r6g.large",
    "db.r7g.large",
    "db.r6g.xlarge",
    "db.r6g.2xlarge",
    "db.r7g.xlarge",
    "db.r7g.2xlarge",
)


def _per_engine(key: str) -> bool:
    """Rates priced per engine in the file: instance classes and the charges' sections."""
    sections = {charge.section for charge in charges.charges() if charge.section}
    return key.startswith("instances.") or key.partition(".")[0] in sections


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

RDS_OFFER = "AmazonRDS"
# The CSV's OfferCode row says AmazonDatabaseSavingsPlans; the index URLs say AWSDatabaseSavingsPlans.
SAVINGS_PLAN_OFFERS = ("AWSDatabaseSavingsPlans", "AmazonDatabaseSavingsPlans")


@dataclass(frozen=True)
class OfferMeta:
    """What an offer file says about itself."""

    path: str
    offer_code: str
    version: str
    published: date
    file_format: str  # "csv" or "json"

    @property
    def savings_plans(self) -> bool:
        return self.offer_code in SAVINGS_PLAN_OFFERS


def parse_published(path: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise PricingError(
            f"{path}: publication date {value!r} is not a date like 2026-04-28T17:07:46Z"
        ) from None


def check_offer_code(path: str, offer_code: str) -> None:
    if offer_code != RDS_OFFER and offer_code not in SAVINGS_PLAN_OFFERS:
        raise PricingError(
            f"{path}: this is the price list of {offer_code or 'an unnamed service'!r}, "
            "not AmazonRDS or AWSDatabaseSavingsPlans; download the AmazonRDS (or the "
            "AWSDatabaseSavingsPlans) offer file"
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


def rate_path(key: str, engine: str) -> str:
    """`instances.db.r6g.large.standard` + Aurora MySQL -> `instances.db.r6g.large.mysql.standard`
    (the path of the rate in the price file; also its `source.skus` key)."""
    if key.startswith("instances."):
        head, option = key.rsplit(".", 1)
        return f"{head}.{ENGINE_KEY[engine]}.{option}"
    return f"{key}.{ENGINE_KEY[engine]}"


class OfferCollector:
    """Collects the rows of one or more offer files, then builds one file per region."""

    def __init__(self) -> None:
        self._regions: dict[str, _Region] = {}
        self.skipped_regions: set[str] = set()
        self.warnings: list[str] = []  # rows skipped; for stderr (also in the file's notes)
        self.reserved = ReservedCollector()  # the Reserved terms of the same classes
        self.extended_support = ExtendedSupportCollector()  # RDS Extended Support rows

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

    def build(
        self,
        region: str,
        meta: OfferMeta,
        url: str,
        retrieved: date,
        *,
        savings_plans: SavingsPlanRates | None = None,
        extra_notes: list[str] | None = None,
        extra_skus: Mapping[str, str] | None = None,
    ) -> RegionPricing:
        """The `RegionPricing` of `region` (schema_version 2), validated by the strict model."""
        acc = self._regions[region]
        rates: dict[str, Decimal] = {}
        skus: dict[str, str] = {}
        notes: list[str] = [
            f"Imported from the AWS Price List bulk offer file for AmazonRDS "
            f"({meta.file_format.upper()}) by `aurora-cost pricing import`.",
            "A rate that is absent has no on-demand row in the offer file for this region; "
            "it is not zero.",
        ]
        instances: dict[str, dict[str, dict[str, Decimal]]] = {}
        sections: dict[str, dict[str, dict[str, Decimal]]] = {}
        for key in sorted(acc.candidates):
            candidates = acc.candidates[key]
            if not _per_engine(key):
                chosen = self._choose(region, key, candidates, notes)
                if chosen is not None:
                    sku, values = chosen
                    rates.update(values)
                    skus.update(dict.fromkeys(values, sku))
                continue
            for engine in AURORA_ENGINES:
                own = {k: v for k, v in candidates.items() if k[0] in (engine, ANY_ENGINE)}
                chosen = self._choose(region, key, own, notes, engine)
                if chosen is None:
                    continue
                sku, values = chosen
                value = values[key]
                skus[rate_path(key, engine)] = sku
                if key.startswith("instances."):
                    name, option = key.removeprefix("instances.").rsplit(".", 1)
                    per_class = instances.setdefault(name, {})
                    per_class.setdefault(ENGINE_KEY[engine], {})[option] = value
                else:
                    section, _, rate = key.partition(".")
                    per_rate = sections.setdefault(section, {}).setdefault(rate, {})
                    per_rate[ENGINE_KEY[engine]] = value
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
        for charge in charges.charges():
            if charge.section and charge.section not in sections:
                notes.append(
                    f"No {charge.title} rows for Aurora in the offer file; "
                    f"{charge.section} is absent."
                )
        notes += extra_notes or []
        skus.update(extra_skus or {})
        name = max(acc.locations, key=lambda loc: acc.locations[loc]) if acc.locations else region
        ordered = [c for c in COMMON_CLASSES if c in instances]
        ordered += sorted(c for c in instances if c not in COMMON_CLASSES)
        reserved = self._section(
            region,
            self.reserved.build(region, ordered),
            notes,
            skus,
            "No Reserved terms for Aurora instance classes in the offer file; reserved is absent.",
        )
        extended = self._section(
            region,
            self.extended_support.build(region),
            notes,
            skus,
            "No RDS Extended Support rows for Aurora in the offer file; extended_support is "
            "absent and the bundled engine catalogue's rates apply.",
        )
        source = Source(
            name=f"AWS Price List bulk offer file, AmazonRDS ({meta.file_format.upper()})",
            url=url,
            published=meta.published,
            retrieved=retrieved,
            offer_version=meta.version,
            notes=notes,
            skus=dict(sorted(skus.items())),
        )
        try:
            return RegionPricing.model_validate(
                {
                    "schema_version": 2,
                    "region": region,
                    "name": name,
                    "partition": partition,
                    "currency": "USD",
                    "source": source,
                    "units": dict(RATE_UNITS),
                    "rates": rates,
                    "instances": {
                        c: ClassRates(
                            **{
                                engine: InstanceRates(**opts)
                                for engine, opts in instances[c].items()
                            }
                        )
                        for c in ordered
                    },
                    **sections,
                    "savings_plans": savings_plans,
                    "reserved": reserved,
                    "extended_support": extended,
                }
            )
        except ValidationError as exc:  # a rate or class the model refuses: the file's fault
            where = f"{region} from the offer file"
            raise PricingError(format_validation_error(where, exc, RegionPricing)) from None

    def _section(
        self,
        region: str,
        built: tuple[S | None, list[str], dict[str, str]],
        notes: list[str],
        skus: dict[str, str],
        absent: str,
    ) -> S | None:
        """A section read beside the rates (Reserved terms, Extended Support): its notes go to
        the file and, as warnings, to the user; its SKUs to the file's source."""
        section, section_notes, section_skus = built
        if section is None:
            notes.append(absent)
        notes += section_notes
        self.warnings += [f"{region}: {note}" for note in section_notes]
        skus.update(section_skus)
        return section

    def _choose(
        self,
        region: str,
        key: str,
        candidates: Mapping[tuple[str, str], list[Dimension]],
        notes: list[str],
        engine_wanted: str = "",
    ) -> tuple[str, dict[str, Decimal]] | None:
        """The winning SKU for one rate and its per-file values; None when all are $0 or in
        units the rate is not sold in (each such SKU is noted)."""
        priced: list[tuple[int, str, str, dict[str, Decimal]]] = []
        shown_key = rate_path(key, engine_wanted) if engine_wanted else key
        for (engine, sku), dims in candidates.items():
            where = f"{region} {shown_key} (SKU {sku})"
            try:
                values = _values(where, key, dims)
            except UnknownUnit as exc:
                note = f"{exc}; this row was skipped."
                notes.append(note)
                self.warnings.append(note)
                continue
            if values:
                priced.append((ENGINE_PRIORITY[engine], sku, engine, values))
        if not priced:
            return None
        priced.sort(key=lambda item: (item[0], item[1]))
        _, sku, engine, values = priced[0]
        for _, other_sku, other_engine, other in priced[1:]:
            if engine_wanted or other_engine not in AURORA_ENGINES or other_engine == engine:
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
    if key in TIERS:
        # A tier per rate: the paid tier below each split, and the one from the last split
        # on (or the one tier that spans a split when AWS publishes a single tier).
        splits, keys = TIERS[key]
        found: dict[str, Decimal] = {}
        for i, rate_key in enumerate(keys):
            low = splits[i - 1] if i > 0 else None
            high = splits[i] if i < len(splits) else None
            tier = [
                d
                for d in positive
                if (high is None or d.begin < high)
                and (low is None or d.end is None or d.end > low)
            ]
            if tier:
                chosen = tier[-1] if high is not None else tier[0]
                price = plain(chosen.price * per_unit_factor(where, key, chosen.unit))
                found[rate_key] = _in_range(where, price)
        return found
    first = positive[0]
    return {key: _in_range(where, plain(first.price * per_unit_factor(where, key, first.unit)))}


def _in_range(where: str, value: Decimal) -> Decimal:
    """A price file holds rates up to MAX_RATE a unit: AWS's dearest is a few hundred dollars
    an hour, so a larger one is a damaged or hand-made offer file, not a price."""
    if value > MAX_RATE:
        raise PricingError(
            f"{where}: price {value} is above {MAX_RATE} a unit, which no Aurora rate is; "
            "the offer file is damaged or not AWS's (download it again)"
        )
    return value
