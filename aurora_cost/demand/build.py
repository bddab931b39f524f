"""Turning a workload's `usage` (constant, schedule or trace) into a `Demand`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aurora_cost.demand.runs import MINUTES_PER_WEEK, Demand
from aurora_cost.workload.model import WEEKDAYS, Schedule, Usage

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class UsageDemand:
    demand: Demand
    kind: str  # "constant" | "schedule" | "trace"
    trace_info: dict[str, Any] | None = None
    notes: tuple[str, ...] = ()


def schedule_demand(schedule: Schedule) -> Demand:
    """A week, Monday 00:00 to Sunday 24:00 UTC.

    Inside a window its `acu` applies (overlapping windows: the highest); outside, `default_acu`.
    """
    in_window: list[float | None] = [None] * MINUTES_PER_WEEK
    for window in schedule.windows:
        start, end = window.minutes()
        for day in window.days:
            base = WEEKDAYS.index(day) * MINUTES_PER_DAY
            for m in range(base + start, base + end):
                i = m % MINUTES_PER_WEEK  # a Sunday window past midnight wraps to Monday
                current = in_window[i]
                in_window[i] = window.acu if current is None else max(current, window.acu)
    minute = [schedule.default_acu if level is None else level for level in in_window]
    runs: list[tuple[float, int]] = []
    for level in minute:
        if runs and runs[-1][0] == level:
            runs[-1] = (level, runs[-1][1] + 1)
        else:
            runs.append((level, 1))
    return Demand.from_runs(runs, cyclic=True)


def usage_demand(usage: Usage, base_dir: Path | None = None) -> UsageDemand:
    if usage.constant is not None:
        return UsageDemand(Demand.constant(usage.constant), "constant")
    if usage.schedule is not None:
        return UsageDemand(schedule_demand(usage.schedule), "schedule")
    assert usage.trace is not None
    from aurora_cost.demand import traces  # only trace users pay for the parser

    spec = usage.trace
    path = Path(spec.path)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    trace = traces.load_trace(
        path,
        format=spec.format,
        column=spec.column,
        timestamp_column=spec.timestamp_column,
        statistic=spec.statistic,
        id=spec.id,
        label=spec.label,
        idle_below=spec.idle_below,
        scale=spec.scale,
    )
    info = trace.info
    details: dict[str, Any] = {
        "path": info.path,
        "format": info.format,
        "start": info.start.isoformat(),
        "end": info.end.isoformat(),
        "duration_hours": round(info.duration_minutes / 60, 4),
        "sample_interval_seconds": info.sample_interval_seconds,
        "samples": info.samples,
        "duplicates": info.duplicates,
        "gaps": info.gaps,
        "gap_hours": round(info.gap_minutes / 60, 4),
        "statistic": info.statistic,
        "series": info.series,
    }
    return UsageDemand(trace.demand, "trace", details, tuple(info.notes))
