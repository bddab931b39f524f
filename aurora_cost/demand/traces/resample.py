"""Samples to the 1-minute demand the simulator walks; the rules, as the README states them:

- samples are put in time order; when a timestamp appears more than once the sample that
  comes **last in the file** wins (a re-export or a corrected row overrides the first);
- each sample holds until the next one; the last sample holds for one sampling interval,
  the median spacing between samples;
- a gap longer than 2 sampling intervals counts as idle (demand 0): the sample before it
  holds for one interval, then the demand is 0 until the next sample; gaps are reported;
- time is cut into whole minutes counted from the first sample (floor); when several
  samples fall in the same minute, that minute takes the **highest** of them, because the
  capacity must cover the peak, and the latest of them holds into the minutes after;
- `idle_below` is applied to the recorded values first (it describes the recording: a v2
  cluster that sat at its 0.5 ACU floor was idle), then `scale` (a what-if on the load);
- a trace needs at least two distinct sample times: one sample has no sampling interval.

Evenly spaced samples a whole number of minutes apart (the usual export) become demand
run by run, without a pass per sample; anything else is taken sample by sample, with
C-level passes over `array`s, so a year of one-minute samples costs well under a second.
"""

from __future__ import annotations

from array import array
from collections import Counter
from datetime import timedelta
from itertools import compress, repeat
from operator import gt, mul, ne, sub
from pathlib import Path

from aurora_cost.demand.runs import Demand, merge_runs
from aurora_cost.demand.traces.samples import (
    EPOCH,
    MAX_TRACE_DAYS,
    MINUTE_US,
    SECOND_US,
    Samples,
    Trace,
    TraceInfo,
)
from aurora_cost.errors import InputError


def resample(
    samples: Samples,
    *,
    path: Path | str,
    format: str,
    idle_below: float | None = None,
    scale: float | None = None,
) -> Trace:
    """Samples to 1-minute demand runs and the facts about them (module docstring)."""
    notes = list(samples.notes)
    n_read = samples.total
    if n_read == 0:
        raise InputError(f"{path}: the trace has no samples; add rows after the header")
    if n_read == 1:
        raise InputError(
            f"{path}: the trace has only one sample, so it has no sampling interval; "
            "give at least two samples, or use a constant usage instead of a trace"
        )
    if samples.naive:
        notes.append("timestamps have no time zone: read them as UTC")

    duplicates = gaps = gap_minutes = 0
    starts, counts, spacings = samples.starts, samples.counts, samples.spacings
    ends = samples.ends()
    between = array("q", map(sub, starts[1:], ends[:-1]))  # from one run to the next
    kinds = set(between).union(compress(spacings, map(gt, counts, repeat(1))))
    if min(kinds) > 0 and all(k % MINUTE_US == 0 for k in kinds):
        # in time order, whole minutes apart: a run of demand per run of samples
        first_us, last_rel = starts[0], ends[-1] - starts[0]
        values = _treated(samples.values, idle_below, scale, notes)
        if len(kinds) == 1:  # evenly spaced
            interval = kinds.pop()
            lengths = array("q", map(mul, counts, repeat(interval // MINUTE_US)))
            demand = _merge(values, lengths, 1)
        else:
            weights = Counter(between)
            for spacing, count in zip(spacings, counts):
                if count > 1:
                    weights[spacing] += count - 1
            interval = _lower_median(weights)
            demand, gaps, gap_minutes = _runs_whole_minutes(samples, values, between, interval)
    else:
        times, values = samples.one_by_one()
        times, values, duplicates = _in_time_order(
            path, times, values, notes, ordered=samples.ordered_source
        )
        first_us, last_rel = times[0], times[-1] - times[0]
        steps = array("q", map(sub, times[1:], times[:-1]))
        distinct = set(steps)
        interval = _median(steps, distinct)
        values = _treated(values, idle_below, scale, notes)
        if all(d % MINUTE_US == 0 for d in distinct):
            demand, gaps, gap_minutes = _whole_minute_runs(values, steps, distinct, interval)
        else:
            demand, gaps, gap_minutes, merged = _sub_minute_runs(values, steps, interval)
            if merged:
                notes.append(
                    f"{merged} sample{'s' if merged > 1 else ''} shared a minute with another: "
                    "each minute takes the highest sample in it"
                )
    if gaps:
        notes.append(
            f"{gaps} gap{'s' if gaps > 1 else ''} longer than 2 sampling intervals "
            f"counted as idle: {_span(gap_minutes)} in all"
        )

    total = demand.total_minutes
    if total > MAX_TRACE_DAYS * 1440:
        raise InputError(
            f"{path}: the trace spans {total // 1440:,} days; at most {MAX_TRACE_DAYS:,} "
            "days are supported: check the timestamps"
        )
    try:
        start = EPOCH + timedelta(microseconds=first_us)
        end = start + timedelta(microseconds=last_rel + interval)
    except OverflowError:
        raise InputError(f"{path}: the timestamps run past the year 9999") from None
    if total < 1440:
        notes.append(
            f"the trace covers only {_span(total)} (less than a day); "
            "the monthly cost extrapolates it to 730 hours"
        )
    info = TraceInfo(
        path=str(path),
        format=format,
        start=start,
        end=end,
        duration_minutes=total,
        sample_interval_seconds=max(1, round(interval / SECOND_US)),
        samples=n_read,
        duplicates=duplicates,
        gaps=gaps,
        gap_minutes=gap_minutes,
        statistic=samples.statistic,
        series=samples.series,
        notes=notes,
        files=(str(path),),
    )
    return Trace(demand=demand, info=info)


def _in_time_order(
    path: Path | str, times: array[int], values: array[float], notes: list[str], *, ordered: bool
) -> tuple[array[int], array[float], int]:
    """Sorted by time (stably), repeated times dropped but the last; and how many were."""
    steps = set(map(sub, times[1:], times[:-1]))
    if min(steps) > 0:
        return times, values, 0
    if min(steps) < 0:
        if max(steps) < 0:  # newest first (get-metric-data): reversed is sorted
            times, values = array("q", reversed(times)), array("d", reversed(values))
        else:
            order = sorted(range(len(times)), key=times.__getitem__)  # stable: file order kept
            times = array("q", map(times.__getitem__, order))
            values = array("d", map(values.__getitem__, order))
        if ordered:
            notes.append("samples were not in time order: sorted them by time")
    keep = list(map(ne, times[:-1], times[1:]))
    keep.append(True)  # of equal times, the last (in file order) is kept
    duplicates = len(times) - sum(keep)
    if duplicates:
        times = array("q", compress(times, keep))
        values = array("d", compress(values, keep))
        notes.append(
            f"{duplicates} duplicate timestamp{'s' if duplicates > 1 else ''}: "
            "kept the value that comes last in the file"
        )
    if len(values) < 2:
        raise InputError(
            f"{path}: every sample has the same timestamp, so the trace has no sampling "
            "interval; give samples at two or more different times"
        )
    return times, values, duplicates


def _treated(
    values: array[float], idle_below: float | None, scale: float | None, notes: list[str]
) -> array[float]:
    """`idle_below` on the recorded values, then `scale` (module docstring)."""
    if idle_below is not None:
        values = array("d", map(mul, values, map(gt, values, repeat(idle_below))))
        notes.append(f"demand at or below {idle_below:g} ACU counted as idle (0)")
    if scale is not None:
        values = array("d", map(mul, values, repeat(scale)))
        notes.append(f"demand multiplied by {scale:g}")
    return values


def _median(steps: array[int], distinct: set[int]) -> int:
    """The lower median of the (positive) steps: an interval that actually occurs."""
    if len(distinct) == 1:
        return steps[0]
    if len(distinct) <= 16:  # a few spacings (gaps): one C-level count each
        counts = sorted((step, steps.count(step)) for step in distinct)
    else:
        counts = sorted(Counter(steps).items())
    middle = (len(steps) - 1) // 2
    seen = 0
    for step, count in counts:
        seen += count
        if seen > middle:
            return step
    return counts[-1][0]  # pragma: no cover - unreachable


def _lower_median(steps: Counter[int]) -> int:
    """The lower median of steps given as counts: an interval that actually occurs."""
    middle = (sum(steps.values()) - 1) // 2
    seen = 0
    for step, count in sorted(steps.items()):
        seen += count
        if seen > middle:
            return step
    raise AssertionError("no steps")  # pragma: no cover - two samples make one step


def _runs_whole_minutes(
    samples: Samples, values: array[float], between: array[int], interval: int
) -> tuple[Demand, int, int]:
    """`_whole_minute_runs` for samples in time order, a run of samples at a time."""
    hold = interval // MINUTE_US
    limit = 2 * interval
    levels: list[float] = []
    lengths: list[int] = []
    gaps = gap_minutes = 0
    after = [*between, interval]  # the last sample holds one interval
    for level, count, spacing, next_step in zip(values, samples.counts, samples.spacings, after):
        steps = [(spacing, count - 1), (next_step, 1)] if count > 1 else [(next_step, 1)]
        for step, times in steps:
            if step <= limit:
                levels.append(level)
                lengths.append(step // MINUTE_US * times)
                continue
            idle = step // MINUTE_US - hold  # holds one interval, then idle
            levels.extend([level, 0.0] * times)
            lengths.extend([hold, idle] * times)
            gaps += times
            gap_minutes += idle * times
    return _merge(array("d", levels), array("q", lengths), 1), gaps, gap_minutes


def _whole_minute_runs(
    values: array[float], steps: array[int], distinct: set[int], interval: int
) -> tuple[Demand, int, int]:
    """Every step is a whole number of minutes: each sample is one run of step/60 s minutes."""
    hold = interval // MINUTE_US  # the interval is one of the steps: a whole number >= 1
    limit = 2 * interval
    if len(distinct) == 1:
        return _merge(values, None, hold), 0, 0
    table = {d: (d // MINUTE_US if d <= limit else hold) for d in distinct}
    lengths = array("q", map(table.__getitem__, steps))
    lengths.append(hold)
    gaps = gap_minutes = 0
    if max(distinct) > limit:
        where = list(compress(range(len(steps)), map(gt, steps, repeat(limit))))
        levels: array[float] = array("d")
        runs: array[int] = array("q")
        begin = 0
        for i in where:
            idle = steps[i] // MINUTE_US - hold
            levels.extend(values[begin : i + 1])
            runs.extend(lengths[begin : i + 1])
            levels.append(0.0)
            runs.append(idle)
            begin = i + 1
            gaps += 1
            gap_minutes += idle
        levels.extend(values[begin:])
        runs.extend(lengths[begin:])
        values, lengths = levels, runs
    return _merge(values, lengths, 1), gaps, gap_minutes


def _merge(levels: array[float], lengths: array[int] | None, each: int) -> Demand:
    """Runs from per-sample levels and lengths (or `each` minutes apiece), equal neighbours merged."""
    if lengths is None:
        lengths = array("q", (each,)) * len(levels)
    run_levels, minutes = merge_runs(levels, lengths)
    return Demand(array("d", run_levels), array("q", minutes), cyclic=False)


def _sub_minute_runs(
    values: array[float], steps: array[int], interval: int
) -> tuple[Demand, int, int, int]:
    """General case (sample times not a whole number of minutes apart), minute by minute."""
    limit = 2 * interval
    runs: list[tuple[float, int]] = []
    gaps = gap_minutes = merged = 0
    t = 0  # microseconds since the first sample
    minute = 0  # minute of the current group of samples
    level = last = values[0]  # highest sample in that minute, and the latest one

    def close(end: int) -> None:  # the group's minute at its peak, then the latest sample holds
        runs.append((level, 1))
        if end > minute + 1:
            runs.append((last, end - minute - 1))

    for i, step in enumerate(steps, start=1):
        prev = t
        t += step
        m = t // MINUTE_US
        if m == minute:
            merged += 1
            level = max(level, values[i])
            last = values[i]
            continue
        if step > limit:  # the previous sample holds one interval, then idle
            end = min(m, max(minute + 1, -(-(prev + interval) // MINUTE_US)))
            close(end)
            if m > end:
                runs.append((0.0, m - end))
                gap_minutes += m - end
            gaps += 1
        else:
            close(m)
        minute, level, last = m, values[i], values[i]
    close(max(minute + 1, -(-(t + interval) // MINUTE_US)))
    return Demand.from_runs(runs, cyclic=False), gaps, gap_minutes, merged


def _span(minutes: int) -> str:
    """'3 d 4 h 5 min' for a number of minutes."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return " ".join(parts)
