"""The price file of one region (`pricing/<region>.yaml`): its strict model and validation.

A rate AWS does not sell in a region is absent (None), never 0.

`schema_version: 2` prices instance classes per engine (`mysql` = Aurora MySQL,
`postgresql` = Aurora PostgreSQL) and per storage configuration, and adds the RDS Proxy
rates and the Database Savings Plans discounted rates. A version 1 file (one rate per
class for both engines, no proxy or Savings Plans rates) still loads.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator
from pydantic.fields import FieldInfo

from aurora_cost import charges
from aurora_cost.errors import PricingError
from aurora_cost.modelfields import replace_fields
from aurora_cost.yamlio import format_validation_error

# Units of every rate, written into each file so a reader needs no other document: the
# flat rates of every charge, the instance classes, each charge's section, Savings Plans.
# Follows the charge registry (`aurora_cost.charges`); updated in place when it changes.
INSTANCES_UNIT = "USD per instance-hour, on-demand, Single-AZ"
SAVINGS_PLANS_UNIT = (
    "USD per ACU-hour or instance-hour of eligible usage under a Database "
    "Savings Plan (1 year, No Upfront)"
)
RATE_UNITS: dict[str, str] = {}
ENGINES = ("mysql", "postgresql")
Engine = Literal["mysql", "postgresql"]


# The dearest Aurora rate is a few USD an hour; a rate above this is a broken file, and
# an unbounded one (1e400, 1e100000000) would overflow the cents arithmetic.
MAX_RATE = Decimal(100_000)
# A Reserved upfront fee per instance: the dearest 3-year All Upfront fee is a few hundred
# thousand USD; above this the file is broken.
MAX_UPFRONT = Decimal(100_000_000)
_Price = Annotated[Decimal, Field(gt=0, le=MAX_RATE, allow_inf_nan=False)]
REGION_CODE = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(_Strict):
    name: str = Field(min_length=1)
    url: str = Field(min_length=1)
    published: date
    retrieved: date | None = None
    offer_version: str | None = None
    notes: list[str] = Field(default_factory=list)
    skus: dict[str, str] = Field(default_factory=dict)


class InstanceRates(_Strict):
    """The hourly rate of one class for one engine, per storage configuration."""

    standard: _Price | None = None
    io_optimized: _Price | None = None

    def rate(self, io_optimized: bool) -> Decimal | None:
        return self.io_optimized if io_optimized else self.standard


class ClassRates(_Strict):
    """One instance class: its rates per engine (absent: not sold for that engine)."""

    mysql: InstanceRates | None = None
    postgresql: InstanceRates | None = None

    def engine(self, engine: str) -> InstanceRates | None:
        return self.mysql if engine == "mysql" else self.postgresql


class EngineRate(_Strict):
    """A rate per engine."""

    mysql: _Price | None = None
    postgresql: _Price | None = None

    def engine(self, engine: str) -> Decimal | None:
        return self.mysql if engine == "mysql" else self.postgresql


class SectionRates(_Strict):
    """A charge's own part of the price file: its rates per engine (`rds_proxy`, say).

    Its fields are the charge's per-engine rates (`charges.Rate(per_engine=True)`)."""

    def engine_rate(self, key: str, engine: str) -> Decimal | None:
        rate = getattr(self, key, None)
        return rate.engine(engine) if isinstance(rate, EngineRate) else None


class SavingsPlanRates(_Strict):
    """Database Savings Plans, 1 year, No Upfront: the discounted rates of eligible usage.

    `rates: offer-file` when they come from AWS's AWSDatabaseSavingsPlans offer file;
    `derived` when computed from the on-demand rates with AWS's published discount levels.
    """

    rates: Literal["derived", "offer-file"]
    source: str = Field(min_length=1)
    published: date | None = None
    serverless_v2_acu_hour: EngineRate = Field(default_factory=EngineRate)
    serverless_v2_io_optimized_acu_hour: EngineRate = Field(default_factory=EngineRate)
    instances: dict[str, ClassRates] = Field(default_factory=dict)

    def serverless_v2(self, engine: str, io_optimized: bool) -> Decimal | None:
        rates = (
            self.serverless_v2_io_optimized_acu_hour
            if io_optimized
            else self.serverless_v2_acu_hour
        )
        return rates.engine(engine)

    def instance(self, instance_class: str, engine: str, io_optimized: bool) -> Decimal | None:
        per_class = self.instances.get(instance_class)
        per_engine = per_class.engine(engine) if per_class else None
        return per_engine.rate(io_optimized) if per_engine else None


class ReservedTerm(_Strict):
    """One Reserved Instance offer of a class (AmazonRDS offer file, `Reserved` terms): the
    upfront fee per instance and the hourly rate for every hour of the term."""

    term: Literal["1yr", "3yr"]
    payment: Literal["no-upfront", "partial-upfront", "all-upfront"]
    upfront: Decimal = Field(ge=0, le=MAX_UPFRONT, allow_inf_nan=False)
    hourly: Decimal = Field(ge=0, le=MAX_RATE, allow_inf_nan=False)


# class -> engine (mysql, postgresql) -> storage configuration (standard, io_optimized) -> offers
ReservedRates = dict[
    str,
    dict[
        Literal["mysql", "postgresql"],
        dict[Literal["standard", "io_optimized"], list[ReservedTerm]],
    ],
]


class YearRates(_Strict):
    """An RDS Extended Support rate by pricing year (Aurora MySQL has no year 3 rate)."""

    yr1_yr2: _Price | None = None
    yr3: _Price | None = None


class ExtendedSupportRates(_Strict):
    """RDS Extended Support read from the offer file's `ExtendedSupport` rows: per vCPU-hour
    of each provisioned instance, per ACU-hour of Serverless v2. Where absent, the bundled
    engine catalogue's rate applies."""

    provisioned_vcpu_hour: YearRates = Field(default_factory=YearRates)
    serverless_v2_acu_hour: YearRates = Field(default_factory=YearRates)

    def rate(self, unit: str, year: str) -> Decimal | None:
        """`unit` vCPU-hours or ACU-hours, `year` yr1_yr2 or yr3."""
        rates = self.provisioned_vcpu_hour if unit == "vCPU-hours" else self.serverless_v2_acu_hour
        value = getattr(rates, year, None)
        return value if isinstance(value, Decimal) else None


class Rates(_Strict):
    """The flat rates (`rates:`): one field per rate the charges declare, in their order."""

    def get(self, key: str) -> Decimal | None:
        value = getattr(self, key, None)
        return value if isinstance(value, Decimal) else None


class RegionPricing(_Strict):
    """Every Aurora rate of one region, with where it came from.

    Always the version 2 shape, so `schema_version` is 2: a version 1 file is read by
    `RegionPricingV1` and upgraded, and a version 1 document given here (the importer's
    one rate per class for both engines) is taken as the version 2 it now is. That way
    what the writer writes (version 2) reads back equal to what it was given, and the JSON
    of `pricing show` is a valid version 2 price file.
    """

    schema_version: Literal[2] = 2
    region: str = Field(pattern=REGION_CODE.pattern)
    name: str
    partition: Literal["aws", "aws-us-gov"] = "aws"
    currency: Literal["USD"] = "USD"
    source: Source
    units: dict[str, str] = Field(default_factory=lambda: dict(RATE_UNITS))
    rates: Rates
    instances: dict[str, ClassRates] = Field(default_factory=dict)
    # Here, one optional field per charge section (`rds_proxy: ...`), from the registry.
    savings_plans: SavingsPlanRates | None = None
    reserved: ReservedRates | None = None  # Reserved Instances; None: no rates in the file
    extended_support: ExtendedSupportRates | None = None  # None: the bundled catalogue's

    @field_validator("schema_version", mode="before")
    @classmethod
    def _as_version_2(cls, value: Any) -> Any:
        return 2 if value == 1 and not isinstance(value, bool) else value

    @field_validator("region", mode="before")
    @classmethod
    def _region_code(cls, value: Any) -> Any:
        if isinstance(value, str) and not REGION_CODE.match(value):
            raise ValueError(f"{value!r} is not a region code; write it like eu-west-1")
        return value

    @field_validator("instances", "reserved")
    @classmethod
    def _instance_names(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        for name in value or {}:
            if not name.startswith("db.") or name.count(".") != 2:
                raise ValueError(f"instance class {name!r} must look like 'db.r6g.large'")
        return value

    def instance_rate(self, instance_class: str, engine: str, io_optimized: bool) -> Decimal | None:
        """The on-demand hourly rate of a class, or None where it is not sold so."""
        per_class = self.instances.get(instance_class)
        per_engine = per_class.engine(engine) if per_class else None
        return per_engine.rate(io_optimized) if per_engine else None

    def reserved_offers(
        self, instance_class: str, engine: str, io_optimized: bool
    ) -> list[ReservedTerm]:
        per_engine = (self.reserved or {}).get(instance_class, {})
        per_storage = per_engine.get(engine, {})  # type: ignore[call-overload]
        offers: list[ReservedTerm] = per_storage.get(
            "io_optimized" if io_optimized else "standard", []
        )
        return offers

    def rate(self, key: str) -> Decimal | None:
        """A flat rate (`rates.<key>`), or None where it is not sold."""
        return self.rates.get(key)

    def section(self, name: str) -> SectionRates | None:
        """A charge's section (`rds_proxy`), or None where the region has none."""
        value = getattr(self, name, None)
        return value if isinstance(value, SectionRates) else None

    def engine_rate(self, section: str, key: str, engine: str) -> Decimal | None:
        """A rate per engine in a charge's section, or None where it is not sold."""
        rates = self.section(section)
        return rates.engine_rate(key, engine) if rates is not None else None

    @property
    def v1_sold(self) -> bool:
        return self.rate("serverless_v1_acu_hour") is not None


class RegionPricingV1(RegionPricing):
    """A version 1 file: one rate per class for both engines, no proxy or Savings Plans."""

    schema_version: Literal[1, 2]  # type: ignore[assignment]
    instances: dict[str, InstanceRates] = Field(default_factory=dict)  # type: ignore[assignment]
    savings_plans: None = None

    @field_validator("schema_version", mode="before")
    @classmethod
    def _as_version_2(cls, value: Any) -> Any:
        return value  # a version 1 file stays version 1 until `upgraded`

    def upgraded(self) -> RegionPricing:
        data = self.model_dump(exclude={"instances", "schema_version"})
        data["instances"] = {
            name: ClassRates(mysql=rates, postgresql=rates)
            for name, rates in self.instances.items()
        }
        return RegionPricing.model_validate(data)


def parse_pricing(path: Path, document: dict[str, Any]) -> RegionPricing:
    """Validate one price document; errors name the file and dotted field."""
    version = document.get("schema_version")
    if version not in (1, 2) or isinstance(version, bool):
        # Another version's fields would only add noise: say this one thing.
        shown = "missing" if version is None else f"{version!r} is not allowed"
        raise PricingError(
            f"{path}: schema_version: {shown}; expected 1 or 2 (this aurora-cost reads price "
            "files of version 1 and 2); regenerate the file with 'aurora-cost pricing update'"
        )
    model: type[RegionPricing] = (
        RegionPricingV1 if document.get("schema_version") == 1 else RegionPricing
    )
    try:
        pricing = model.model_validate(document)
    except ValidationError as exc:
        raise PricingError(format_validation_error(path, exc, model, document)) from None
    if isinstance(pricing, RegionPricingV1):
        pricing = pricing.upgraded()
    if pricing.region != path.stem:
        raise PricingError(
            f"{path}: region: '{pricing.region}' does not match the file name; "
            f"name the file '{pricing.region}.yaml' or fix the field"
        )
    return pricing


# The charge registry shapes the models above (`modelfields`): a charge registered at run
# time is read, validated, written and shown like a built-in one.
SECTIONS: dict[str, type[SectionRates]] = {}
_PRICE = FieldInfo.from_annotated_attribute(_Price | None, None)  # type: ignore[arg-type]


def _section_model(charge: charges.Charge) -> type[SectionRates]:
    fields: dict[str, Any] = {
        rate.key: (EngineRate, Field(default_factory=EngineRate)) for rate in charge.engine_rates
    }
    name = "".join(part.title() for part in charge.section.split("_")) + "Rates"
    return create_model(name, __base__=SectionRates, __doc__=charge.title, **fields)


def _follow_charges() -> None:
    registered = charges.charges()
    flat = [rate for charge in registered for rate in charge.flat_rates]
    RATE_UNITS.clear()
    RATE_UNITS.update({rate.key: rate.unit for rate in flat})
    RATE_UNITS["instances"] = INSTANCES_UNIT
    RATE_UNITS.update({c.section: c.section_unit for c in registered if c.section})
    RATE_UNITS["savings_plans"] = SAVINGS_PLANS_UNIT
    replace_fields(Rates, {rate.key: _PRICE for rate in flat})
    for charge in registered:
        if charge.section and charge.section not in SECTIONS:
            SECTIONS[charge.section] = _section_model(charge)
    for gone in set(SECTIONS) - {c.section for c in registered}:
        del SECTIONS[gone]
    previous = set(_SECTION_FIELDS) | set(SECTIONS)
    for model in (RegionPricing, RegionPricingV1):
        fields = {k: v for k, v in model.__pydantic_fields__.items() if k not in previous}
        ordered: dict[str, FieldInfo] = {}
        for key, info in fields.items():
            if key == "savings_plans":  # the sections come before Savings Plans
                for name, section in SECTIONS.items():
                    none = FieldInfo.from_annotated_attribute(
                        type(None) if model is RegionPricingV1 else section | None,  # type: ignore[arg-type]
                        None,
                    )
                    ordered[name] = none
            ordered[key] = info
        replace_fields(model, ordered)
    _SECTION_FIELDS.clear()
    _SECTION_FIELDS.update(SECTIONS)


_SECTION_FIELDS: dict[str, Any] = {}
charges.on_change(_follow_charges)
