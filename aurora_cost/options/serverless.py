"""What Serverless v1 and v2 share: their limits' checks and billing metered ACU-hours."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import ValidationInfo

from aurora_cost.charges.base import line_item
from aurora_cost.money import HOURS_PER_MONTH, as_decimal, per_month, tidy
from aurora_cost.options import capacity
from aurora_cost.options.base import (
    ComputeBill,
    OptionBase,
    OptionRun,
    Overrides,
    ProxyUsage,
    hours_from_minutes,
)
from aurora_cost.options.meter import CapacityResult
from aurora_cost.report import Diagnostic, Fit, Metered


def check_pause_seconds(value: int | None) -> int | None:
    lo, hi = capacity.AUTO_PAUSE_MIN_SECONDS, capacity.AUTO_PAUSE_MAX_SECONDS
    if value is not None and not lo <= value <= hi:
        raise ValueError(f"{value} is out of range; AWS allows {lo} to {hi:,} seconds")
    return value


def not_below_min(value: float, info: ValidationInfo) -> float:
    """max_acu must be >= min_acu (fields validate in order, so min_acu is already known)."""
    minimum = info.data.get("min_acu")
    if info.field_name == "max_acu" and minimum is not None and value < minimum:
        raise ValueError(f"{value:g} is below min_acu {minimum:g}; max_acu must be >= min_acu")
    return value


def metered(writer: CapacityResult, acu_hours: Decimal) -> Metered:
    """The month's figures of a writer (and `acu_hours` of the writer and its readers)."""
    period = writer.total_minutes
    return Metered(
        acu_hours=tidy(acu_hours),
        paused_hours=tidy(hours_from_minutes(writer.paused_minutes, period)),
        peak_acu=tidy(as_decimal(writer.peak_acu)),
        throttled_hours=tidy(hours_from_minutes(writer.throttled_minutes, period)),
        resumes_per_month=tidy(per_month(writer.resumes, period), 2),
    )


def acu_hours_of(result: CapacityResult) -> Decimal:
    return hours_from_minutes(result.acu_minutes, result.total_minutes)


def bill_acu_hours(
    option: OptionBase, max_acu: float, metered: Metered, description: str, rate: Decimal
) -> ComputeBill:
    """Compute billed per ACU-hour, with a warning when demand was capped at `max_acu`."""
    diagnostics: list[Diagnostic] = []
    if metered.throttled_hours > 0:
        summary = f"demand exceeds max_acu {max_acu:g} for {tidy(metered.throttled_hours, 2)} hours a month"
        diagnostics.append(
            option.diagnostic(
                "throttled",
                f"{summary} (capacity capped: queries slow down); raise max_acu",
                short=summary,
            )
        )
    item = line_item("compute", description, metered.acu_hours, "ACU-hours", rate)
    return ComputeBill([item], metered, diagnostics)


def keep_range(doc: dict[str, Any], overrides: Overrides) -> list[str]:
    """One capacity flag moves the other end of the range along, so min <= max still holds."""
    notes = []
    if overrides.max_acu is None and doc["max_acu"] < doc["min_acu"]:
        doc["max_acu"] = max(doc["min_acu"], 1)
        notes.append(f"{doc['name']}: max_acu raised to {doc['max_acu']:g} to stay >= --min-acu")
    if overrides.min_acu is None and doc["min_acu"] > doc["max_acu"]:
        doc["min_acu"] = doc["max_acu"]
        notes.append(f"{doc['name']}: min_acu lowered to {doc['min_acu']:g} to stay <= --max-acu")
    return notes


def serverless_fit(run: OptionRun, max_acu: float) -> Fit:
    """Throttled when the writer's demand, or an independent reader's, passes max_acu.

    `throttled_hours` is the most of any one instance (writer or reader), a month.
    """
    assert run.writer is not None
    instances = [run.writer, *run.readers]
    throttled = max(hours_from_minutes(r.throttled_minutes, r.total_minutes) for r in instances)
    peak = max(run.peak_demand, run.reader_peak_demand)
    if throttled > 0:
        who = "demand" if run.writer.throttled_minutes else "an independent reader's demand"
        detail = (
            f"{who} peaks at {peak:g} ACU, above max_acu {max_acu:g}, for "
            f"{tidy(throttled, 2)} hours a month: capacity is capped and queries slow down"
        )
        status: Literal["fits", "throttled"] = "throttled"
    else:
        detail = f"peak demand {peak:g} ACU fits within max_acu {max_acu:g}"
        status = "fits"
    return Fit(
        status=status,
        peak_demand_acu=tidy(as_decimal(peak)),
        capacity_acu=tidy(as_decimal(max_acu)),
        throttled_hours=tidy(throttled),
        detail=detail,
    )


def hourly_acu_hours(result: CapacityResult) -> tuple[list[float], list[float]]:
    """(ACU-hours, simulated hours) of each hour of the billed period."""
    units = [minutes / 60 for minutes in result.hourly]
    hours = [1.0] * len(units)
    if hours and result.total_minutes % 60:
        hours[-1] = (result.total_minutes % 60) / 60  # a trace's last, partial hour
    return units, hours


def proxy_acu_hours(units: list[float], hours: list[float]) -> ProxyUsage:
    """RDS Proxy in front of Serverless v2: per ACU-hour of the capacity behind it, at least
    `PROXY_MIN_ACU` ACUs each hour (see options/capacity.py for the source)."""
    floor = capacity.PROXY_MIN_ACU
    billed = sum(max(u, floor * h) for u, h in zip(units, hours))
    return ProxyUsage(
        quantity=as_decimal(billed) * HOURS_PER_MONTH / as_decimal(sum(hours)),
        unit="ACU-hours",
        description=f"RDS Proxy, ACU-hours of the capacity behind it (at least {floor} an hour)",
        rate="serverless_v2_acu_hour",
    )
