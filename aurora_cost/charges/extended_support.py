"""RDS Extended Support: what a cluster pays, the month priced, on a major past its end of
standard support (Aurora User Guide, "Amazon RDS Extended Support with Amazon Aurora",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/extended-support-charges.html;
rates: Amazon Aurora pricing page, https://aws.amazon.com/rds/aurora/pricing/).

Each provisioned instance pays per vCPU-hour of its class and Serverless v2 capacity per
ACU-hour, at the year 1-2 or year 3 rate of that month (Aurora MySQL: the year 1-2 rate
throughout). A cluster created with `EngineLifecycleSupport:
open-source-rds-extended-support-disabled` pays none: AWS upgrades it at the end of standard
support. After the end of Extended Support AWS upgrades the cluster to a supported major.
The rates are the price file's `extended_support` (written by `pricing import`/`update` from
the offer file's Extended Support rows) where it has them, else the bundled engine
catalogue's (aurora_cost/versions/catalogue.json, from AWS's pricing-page feed of 2025-06-17).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from aurora_cost.charges.base import Charge, Charged, line_item
from aurora_cost.money import money
from aurora_cost.versions.catalogue import Major, catalogue
from aurora_cost.versions.lifecycle import (
    Standing,
    month_of,
    rate_for,
    standing,
    supported_majors,
)

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

NAME = "extended_support"
# AWS's EngineLifecycleSupport value of a cluster that opted out
EXTENDED_SUPPORT_DISABLED = "open-source-rds-extended-support-disabled"
YEAR_WORDS = {"yr1_yr2": "year 1-2 rate", "yr3": "year 3 rate"}


def bill(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    month = month_of(cluster.as_of)
    version = option.version
    found = standing(version, month)
    major = found.major
    when = f"{month:%Y-%m}"
    if found.phase == "ended":
        assert major.extended_support is not None or major.end_of_standard_support is not None
        end = (
            major.extended_support.end if major.extended_support else major.end_of_standard_support
        )
        message = (
            f"{version.major_label} is past the end of RDS Extended Support ({end}) in {when}: "
            "AWS upgrades the cluster to a supported major version; priced without Extended Support"
        )
        return Charged(diagnostics=[option.diagnostic("extended-support-ended", message)])
    if not found.charged or found.year is None:
        pays = option.engine_lifecycle_support != EXTENDED_SUPPORT_DISABLED
        return (
            _disputed(option, found, when)
            if pays and option.extended_support_usage(run)
            else Charged()
        )
    usage = option.extended_support_usage(run)
    if not usage:
        return Charged()
    if option.engine_lifecycle_support == EXTENDED_SUPPORT_DISABLED:
        message = (
            f"{version.major_label} reached its end of standard support on "
            f"{major.end_of_standard_support}; this cluster opted out of RDS Extended Support "
            f"({EXTENDED_SUPPORT_DISABLED}), so AWS upgrades it to a supported major version "
            "at that date: no Extended Support charge"
        )
        return Charged(
            diagnostics=[option.diagnostic("extended-support-disabled", message, severity="info")]
        )
    what = f"RDS Extended Support, {version.major_label}, {YEAR_WORDS[found.year]}"
    if isinstance(usage, str):
        return _missing(option, f"{what} cannot be priced: {usage}")
    rates = catalogue().rates.get(pricing.region)
    imported = pricing.extended_support
    if rates is None and imported is None:
        return _missing(option, f"no RDS Extended Support rate for {pricing.region}; not included")
    out = Charged()
    for part in usage:
        rate = imported.rate(part.unit, found.year) if imported is not None else None
        if rate is None and rates is not None:  # the bundled catalogue's
            per = (
                rates.provisioned_vcpu_hour
                if part.unit == "vCPU-hours"
                else rates.serverless_v2_acu_hour
            )
            rate = rate_for(per, found.year)
        if rate is None:
            return _missing(
                option,
                f"no {YEAR_WORDS[found.year]} of RDS Extended Support per {part.unit[:-1]} in "
                f"{pricing.region}; not included",
            )
        out.items.append(
            line_item(NAME, f"{what}: {part.description}", part.quantity, part.unit, rate)
        )
    cost = sum((item.monthly_cost for item in out.items), Decimal(0))
    targets = ", ".join(supported_majors(version, month))
    message = (
        f"{version.major_label} is past its end of standard support "
        f"({major.end_of_standard_support}): RDS Extended Support costs ${money(cost):,} a month "
        f"in {when} ({YEAR_WORDS[found.year]}); upgrading to a major version in standard "
        f"support ({version.major_label.rsplit(' ', 1)[0]} {targets}) saves ${money(cost):,} a month"
    )
    message += _caveats(major, [part.unit for part in usage])
    short = f"Extended Support ${money(cost):,}/month; upgrade saves it"
    out.diagnostics.append(option.diagnostic("extended-support", message, short=short))
    return out


def _caveats(major: Major, units: list[str]) -> str:
    """What of the charge the sources leave open (never a reason to leave it out)."""
    said = []
    if major.derived_pricing_years:
        three = major.extended_support is not None and major.extended_support.year3_start
        said.append(
            "the pricing years are derived from AWS's rule (year 1 from the day after the end "
            f"of standard support{', year 3 two years later' if three else ''}), not read "
            "from a published date"
        )
    if "ACU-hours" in units:
        said.append(
            "the per-ACU-hour rate is read from the AWS feed's Extended Support rows for any "
            "engine (derived: no row names Serverless v2)"
        )
    return "".join(f"; not confirmed: {text}" for text in said)


def _disputed(option: OptionBase, found: Standing, when: str) -> Charged:
    """A month in standard support only by the catalogue's date, where another source
    implies an earlier end (Aurora MySQL 3): said, not charged."""
    major, disputed = found.major, found.major.disputed_end_of_standard_support
    if found.phase != "standard" or disputed is None or found.month <= disputed:
        return Charged()
    message = (
        f"{option.version.major_label}'s end of standard support is "
        f"{major.end_of_standard_support} in AWS's release calendar as copied by endoflife.date, "
        f"but another source implies {disputed}: if that holds, RDS Extended Support is charged "
        f"in {when}; not confirmed, so not included"
    )
    return Charged(diagnostics=[option.diagnostic("engine-version", message, severity="info")])


def _missing(option: OptionBase, message: str) -> Charged:
    return Charged(diagnostics=[option.diagnostic("rate-missing", message)], missing=[NAME])


CHARGE = Charge(name=NAME, rates=(), bill=bill, bill_order=80)
