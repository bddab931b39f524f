"""A workload's demand (constant, schedule or trace) as the runs the options simulate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from aurora_cost.demand.runs import MINUTES_PER_WEEK, Demand
from aurora_cost.demand.spec import WEEKDAYS, DemandSpec, Schedule

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class DemandProfile:
    """The demand, where it came from (`kind`), and what reading a trace found."""

    demand: Demand
    kind: Literal["constant", "schedule", "trace"]
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


def build_demand(spec: DemandSpec, base_dir: Path | None = None) -> DemandProfile:
    if spec.constant is not None:
        return DemandProfile(Demand.constant(spec.constant), "constant")
    if spec.schedule is not None:
        return DemandProfile(schedule_demand(spec.schedule), "schedule")
    assert spec.trace is not None
    from aurora_cost.demand import traces  # only trace users pay for the parser

    trace_spec = spec.trace
    paths = [Path(file) for file in trace_spec.files()]
    base_dir = trace_spec.base_dir or base_dir  # the file the trace was written in
    if base_dir is not None:
        paths = [path if path.is_absolute() else base_dir / path for path in paths]
    trace = traces.load_trace(
        paths[0] if trace_spec.path is not None else paths,
        format=trace_spec.format,
        column=trace_spec.column,
        timestamp_column=trace_spec.timestamp_column,
        statistic=trace_spec.statistic,
        id=trace_spec.id,
        label=trace_spec.label,
        idle_below=trace_spec.idle_below,
        scale=trace_spec.scale,
    )
    info = trace.info
    details: dict[str, Any] = {
        "path": info.path,
        "files": list(info.files),
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
    return DemandProfile(trace.demand, "trace", details, tuple(info.notes))
