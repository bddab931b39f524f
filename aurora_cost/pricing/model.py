"""The price file of one region (`pricing/<region>.yaml`): its strict model and validation.

A rate AWS does not sell in a region is absent (None), never 0.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from aurora_cost.errors import PricingError
from aurora_cost.yamlio import format_validation_error

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


# The dearest Aurora rate is a few USD an hour; a rate above this is a broken file, and
# an unbounded one (1e400, 1e100000000) would overflow the cents arithmetic.
MAX_RATE = Decimal(100_000)
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


class RegionPricing(_Strict):
    """Every Aurora rate of one region, with where it came from."""

    schema_version: Literal[1]
    region: str = Field(pattern=REGION_CODE.pattern)
    name: str
    partition: Literal["aws", "aws-us-gov"] = "aws"
    currency: Literal["USD"] = "USD"
    source: Source
    units: dict[str, str] = Field(default_factory=lambda: dict(RATE_UNITS))
    rates: Rates
    instances: dict[str, InstanceRates] = Field(default_factory=dict)

    @field_validator("region", mode="before")
    @classmethod
    def _region_code(cls, value: Any) -> Any:
        if isinstance(value, str) and not REGION_CODE.match(value):
            raise ValueError(f"{value!r} is not a region code; write it like eu-west-1")
        return value

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


def parse_pricing(path: Path, document: dict[str, Any]) -> RegionPricing:
    """Validate one price document; errors name the file and dotted field."""
    try:
        pricing = RegionPricing.model_validate(document)
    except ValidationError as exc:
        raise PricingError(format_validation_error(path, exc, RegionPricing, document)) from None
    if pricing.region != path.stem:
        raise PricingError(
            f"{path}: region: '{pricing.region}' does not match the file name; "
            f"name the file '{pricing.region}.yaml' or fix the field"
        )
    return pricing
