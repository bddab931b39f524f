"""The bundled engine catalogue: what AWS offers per Aurora major version and instance class.

`catalogue.json` next to this module is made by `tools/make_engine_catalogue.py` from the data
in `tools/data/` (its `source` block names AWS's pages and the copies read): per major, the
end of standard support, the RDS Extended Support pricing years and end, and the first minor
version with Serverless v2, 0 ACU (auto-pause), the Data API and I/O-Optimized; per instance
class, the version ranges AWS's "Supported DB engines for DB instance classes" table gives and
whether the class is previous generation; per region, the Extended Support rates.

A value the sources do not confirm is "not-confirmed" and never makes an option unavailable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

Engine = Literal["mysql", "postgresql"]
Feature = Literal["serverless_v2", "min_0_acu", "data_api", "io_optimized"]
CATALOGUE_FILE = Path(__file__).resolve().parent / "catalogue.json"
NOT_CONFIRMED = "not-confirmed"
DERIVED = "derived"


@dataclass(frozen=True)
class ExtendedSupport:
    """When a major's RDS Extended Support is charged, and when it ends."""

    year1_start: date
    year3_start: date | None  # None: the year 1-2 rate throughout (Aurora MySQL)
    end: date


@dataclass(frozen=True)
class Major:
    engine: Engine
    name: str  # "2", "3", "8.4", "16"
    end_of_standard_support: date | None  # None: not confirmed
    extended_support: ExtendedSupport | None
    features: dict[str, str]  # feature -> first minor, "all", "none" or "not-confirmed"
    # what the sources leave open: another end of standard support one source implies, and
    # pricing years derived from AWS's rule (year 1 the day after, year 3 two years on)
    disputed_end_of_standard_support: date | None = None
    derived_pricing_years: bool = False


@dataclass(frozen=True)
class Rate:
    yr1_yr2: Decimal
    yr3: Decimal | None


@dataclass(frozen=True)
class RegionRates:
    """RDS Extended Support in one region: per vCPU-hour and per Serverless v2 ACU-hour."""

    provisioned_vcpu_hour: Rate
    serverless_v2_acu_hour: Rate


# per engine: major -> list of (from, before) releases (None: open), or a status word
ClassEngineSupport = dict[str, list[tuple[str | None, str | None]] | str] | str


@dataclass(frozen=True)
class ClassSupport:
    previous_generation: bool
    engines: dict[str, ClassEngineSupport]


@dataclass(frozen=True)
class Catalogue:
    compiled: str
    sources: tuple[str, ...]
    rates_published: str
    default_majors: dict[str, str]
    majors: dict[str, dict[str, Major]]  # engine -> name -> Major
    classes: dict[str, ClassSupport]
    rates: dict[str, RegionRates]


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _rate(block: dict[str, Any]) -> Rate:
    yr3 = block.get("yr3")
    return Rate(Decimal(str(block["yr1_yr2"])), None if yr3 is None else Decimal(str(yr3)))


def _major(engine: Engine, name: str, entry: dict[str, Any]) -> Major:
    extended = entry.get("extended_support")
    support = None
    if extended:
        start, end = _date(extended["year1_start"]), _date(extended["end"])
        assert start is not None and end is not None
        support = ExtendedSupport(start, _date(extended.get("year3_start")), end)
    return Major(
        engine,
        name,
        _date(entry["end_of_standard_support"]),
        support,
        entry["features"],
        _date(entry.get("disputed_end_of_standard_support")),
        bool(entry.get("derived_pricing_years")),
    )


def _engine_support(value: Any) -> ClassEngineSupport:
    if isinstance(value, str):
        return value
    return {
        major: ranges if isinstance(ranges, str) else [(lo, hi) for lo, hi in ranges]
        for major, ranges in value.items()
    }


def parse_catalogue(doc: dict[str, Any]) -> Catalogue:
    source = doc["source"]
    engines: tuple[Engine, ...] = ("mysql", "postgresql")
    return Catalogue(
        compiled=source["compiled"],
        sources=tuple(source["sources"]),
        rates_published=source["rates_published"],
        default_majors=dict(doc["default_majors"]),
        majors={
            engine: {name: _major(engine, name, e) for name, e in doc["majors"][engine].items()}
            for engine in engines
        },
        classes={
            name: ClassSupport(
                entry["previous_generation"],
                {engine: _engine_support(entry[engine]) for engine in engines},
            )
            for name, entry in doc["classes"].items()
        },
        rates={
            region: RegionRates(
                _rate(entry["provisioned_vcpu_hour"]), _rate(entry["serverless_v2_acu_hour"])
            )
            for region, entry in doc["extended_support_rates"].items()
        },
    )


@cache
def catalogue() -> Catalogue:
    """The bundled catalogue, read once."""
    return parse_catalogue(json.loads(CATALOGUE_FILE.read_text(encoding="utf-8")))
