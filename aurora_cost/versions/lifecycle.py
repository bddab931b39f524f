"""Where a major version stands in a month, and the RDS Extended Support rate it pays.

AWS (Aurora User Guide, "Amazon RDS Extended Support with Amazon Aurora",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/extended-support-charges.html):
charges begin after the major's end of standard support (Aurora MySQL 2 from 2024-12-01,
Aurora PostgreSQL 11 from 2024-04-01); each provisioned instance pays per vCPU-hour and
Serverless v2 per ACU-hour; Aurora PostgreSQL pays the year-3 rate from its third year,
Aurora MySQL the year 1-2 rate throughout; after the end of Extended Support AWS upgrades the
cluster to a supported major.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Literal

from aurora_cost.versions.catalogue import Major, Rate, catalogue
from aurora_cost.versions.version import EngineVersion

Phase = Literal["standard", "extended", "extended-free", "ended", "not-confirmed"]
Year = Literal["yr1_yr2", "yr3"]
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date:
    """`YYYY-MM` -> the first day of that month; ValueError saying how to write it."""
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        raise ValueError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-12")
    return date(int(found.group(1)), int(found.group(2)), 1)


def this_month() -> date:
    """The current month, UTC."""
    today = datetime.now(timezone.utc).date()
    return today.replace(day=1)


def month_of(as_of: str | None) -> date:
    """The month a workload is priced for: its `as_of`, else this month."""
    return parse_month(as_of) if as_of else this_month()


@dataclass(frozen=True)
class Standing:
    """A major version in one month: its phase and, when charged, the rate year."""

    major: Major
    month: date
    phase: Phase
    year: Year | None = None

    @property
    def charged(self) -> bool:
        return self.phase == "extended"


def standing(version: EngineVersion, month: date) -> Standing:
    major = catalogue().majors[version.engine][version.major]
    end_of_standard = major.end_of_standard_support
    if end_of_standard is None:
        return Standing(major, month, "not-confirmed")
    if month <= end_of_standard:
        return Standing(major, month, "standard")
    support = major.extended_support
    if support is None or month > support.end:
        return Standing(major, month, "ended")
    if month < support.year1_start:
        return Standing(major, month, "extended-free")
    year3 = support.year3_start
    year: Year = "yr3" if year3 is not None and month >= year3 else "yr1_yr2"
    return Standing(major, month, "extended", year)


def rate_for(rate: Rate, year: Year) -> Decimal | None:
    """The rate of that year (None: the region has no year-3 rate)."""
    return rate.yr3 if year == "yr3" else rate.yr1_yr2


def supported_majors(version: EngineVersion, month: date) -> list[str]:
    """The majors of the engine in standard support that month (the upgrade targets)."""
    out = []
    for name, major in catalogue().majors[version.engine].items():
        end = major.end_of_standard_support
        if end is None or end >= month:
            out.append(name)
    return out
