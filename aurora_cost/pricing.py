"""Price data: one YAML file per region (`pricing/<region>.yaml`), strictly validated.

A rate AWS does not sell in a region is absent (None), never 0.
"""

import os
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from aurora_cost.errors import PricingError, UnknownRegionError, did_you_mean
from aurora_cost.yamlio import format_validation_error, read_yaml_mapping

SCHEMA_VERSION = 1
PRICING_ENV = "AURORA_COST_PRICING"

# Units of every rate, written into each file so a reader needs no other document.
RATE_UNITS: dict[str, str] = {
    "serverless_v1_acu_hour": "USD per ACU-hour",
    "serverless_v2_acu_hour": "USD per ACU-hour (Aurora Standard)",
    "serverless_v2_io_optimized_acu_hour": "USD per ACU-hour (Aurora I/O-Optimized)",
    "storage_gb_month": "USD per GB-month (Aurora Standard)",
    "io_optimized_storage_gb_month": "USD per GB-month (Aurora I/O-Optimized)",
    "io_per_million": "USD per 1 million I/O requests (Aurora Standard only)",
    "backup_gb_month": "USD per GB-month of backup beyond the free allowance",
    "snapshot_export_per_gb": "USD per GB of snapshot exported to S3",
    "backtrack_per_million_change_records": "USD per 1 million change-record-hours (CR-Hr)",
    "data_api_per_million_first_billion": "USD per 1 million Data API requests, first 1 billion a month",
    "data_api_per_million_over_billion": "USD per 1 million Data API requests above 1 billion a month",
    "global_database_per_million_replicated_writes": "USD per 1 million replicated write I/Os",
    "instances": "USD per instance-hour, on-demand, Single-AZ",
}


def _to_decimal(value: Any) -> Any:
    # YAML numbers arrive as float; str() gives back exactly what was written.
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return value


# The dearest Aurora rate is a few USD an hour; a rate above this is a broken file, and
# an unbounded one (1e400, 1e100000000) would overflow the cents arithmetic.
MAX_RATE = Decimal(100_000)
Rate = Decimal
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
    standard: _Price | None = None
    io_optimized: _Price | None = None

    @field_validator("standard", "io_optimized", mode="before")
    @classmethod
    def _decimal(cls, value: Any) -> Any:
        return _to_decimal(value)


class Rates(_Strict):
    serverless_v1_acu_hour: _Price | None = None
    serverless_v2_acu_hour: _Price | None = None
    serverless_v2_io_optimized_acu_hour: _Price | None = None
    storage_gb_month: _Price | None = None
    io_optimized_storage_gb_month: _Price | None = None
    io_per_million: _Price | None = None
    backup_gb_month: _Price | None = None
    snapshot_export_per_gb: _Price | None = None
    backtrack_per_million_change_records: _Price | None = None
    data_api_per_million_first_billion: _Price | None = None
    data_api_per_million_over_billion: _Price | None = None
    global_database_per_million_replicated_writes: _Price | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _decimal(cls, value: Any) -> Any:
        return _to_decimal(value)


class RegionPricing(_Strict):
    """Every Aurora rate of one region, with where it came from."""

    schema_version: Literal[1]
    region: str = Field(pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
    name: str
    partition: Literal["aws", "aws-us-gov"] = "aws"
    currency: Literal["USD"] = "USD"
    source: Source
    units: dict[str, str] = Field(default_factory=lambda: dict(RATE_UNITS))
    rates: Rates
    instances: dict[str, InstanceRates] = Field(default_factory=dict)

    @field_validator("instances")
    @classmethod
    def _instance_names(cls, value: dict[str, InstanceRates]) -> dict[str, InstanceRates]:
        for name in value:
            if not name.startswith("db.") or name.count(".") != 2:
                raise ValueError(f"instance class {name!r} must look like 'db.r6g.large'")
        return value

    @property
    def v1_sold(self) -> bool:
        return self.rates.serverless_v1_acu_hour is not None


def bundled_pricing_dir() -> Path:
    """The price directory that ships with the package (or the checkout's, when editable)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled_pricing"
    if packaged.is_dir():
        return packaged
    return here.parent / "pricing"


def pricing_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--pricing DIR`, else `$AURORA_COST_PRICING`, else the bundled data."""
    chosen = explicit if explicit is not None else os.environ.get(PRICING_ENV) or None
    if chosen is None:
        return bundled_pricing_dir()
    path = Path(chosen)
    origin = "--pricing" if explicit is not None else PRICING_ENV
    if not path.exists():
        raise PricingError(f"{origin}: price directory '{path}' does not exist")
    if not path.is_dir():
        raise PricingError(
            f"{origin}: '{path}' is a file; give the directory that holds <region>.yaml"
        )
    return path


def available_regions(directory: Path) -> list[str]:
    """Region codes with a price file in `directory`, sorted."""
    try:
        return sorted(p.stem for p in directory.glob("*.yaml") if not p.name.startswith("."))
    except OSError as exc:
        raise PricingError(f"{directory}: cannot list price files: {exc.strerror}") from exc


def load_region(region: str, directory: Path | None = None) -> RegionPricing:
    """Load and validate the price file of one region."""
    directory = directory if directory is not None else pricing_dir()
    path = directory / f"{region}.yaml"
    if not REGION_CODE.match(region) or not path.is_file():
        regions = available_regions(directory)
        if not regions:
            raise PricingError(f"{directory}: no price files (<region>.yaml) in this directory")
        if REGION_CODE.match(region) and path.exists():
            raise PricingError(f"{path}: is a directory, not a price file")
        hint = did_you_mean(region, regions) or "; run 'aurora-cost regions' to list them"
        raise UnknownRegionError(f"unknown region '{region}'{hint}")
    return _load_file(path)


@lru_cache(maxsize=64)
def _load_file(path: Path) -> RegionPricing:
    return parse_pricing(path, read_yaml_mapping(path, error=PricingError, what="price file"))


def parse_pricing(path: Path, document: dict[str, Any]) -> RegionPricing:
    """Validate one price document; errors name the file and dotted field."""
    try:
        pricing = RegionPricing.model_validate(document)
    except ValidationError as exc:
        raise PricingError(format_validation_error(path, exc, RegionPricing)) from None
    if pricing.region != path.stem:
        raise PricingError(
            f"{path}: region: '{pricing.region}' does not match the file name; "
            f"name the file '{pricing.region}.yaml' or fix the field"
        )
    return pricing


def load_all(directory: Path | None = None) -> list[RegionPricing]:
    """Every region's prices in `directory` (validated), sorted by region code."""
    directory = directory if directory is not None else pricing_dir()
    regions = available_regions(directory)
    if not regions:
        raise PricingError(f"{directory}: no price files (<region>.yaml) in this directory")
    return [load_region(region, directory) for region in regions]
