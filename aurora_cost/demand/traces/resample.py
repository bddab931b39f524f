"""Recorded usage traces: a CSV or AWS CLI CloudWatch JSON file, resampled to 1-minute demand.

`load_trace(path)` reads the file (the format is detected from its content), checks every
sample, and resamples it to the `Demand` the simulator walks (DESIGN.md section 5):

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

The readers live in `traces_csv` and `traces_cloudwatch`; they hand a `Samples` to
`resample`, which does the rest with C-level passes over `array`s, so a year of one-minute
samples costs well under a second.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from datetime import timedelta
from itertools import accumulate, compress, repeat
from operator import gt, mul, ne, sub
from pathlib import Path

from aurora_cost.demand.runs import Demand, merge_runs
from aurora_cost.demand.traces.samples import (
    EPOCH,
    MAX_TRACE_DAYS,
    MINUTE_US,
    SECOND_US,
    TRACE_FORMATS,
    Samples,
    Trace,
    TraceInfo,
)
from aurora_cost.errors import InputError


def load_trace(
    path: Path,
    *,
    format: str | None = None,
    column: str | None = None,
    timestamp_column: str | None = None,
    statistic: str | None = None,
    id: str | None = None,
    label: str | None = None,
    idle_below: float | None = None,
    scale: float | None = None,
) -> Trace:
    """Read a usage trace and resample it to 1-minute demand; InputError says what is wrong.

    `format` is detected from the content when omitted: a file whose first non-blank
    character is `{` is AWS CLI JSON (get-metric-statistics or get-metric-data, told apart
    by its keys), anything else is CSV with a header row.
    """
    path = Path(path)
    if format is not None and format not in TRACE_FORMATS:
        raise InputError(
            f"{path}: unknown trace format {format!r}; use one of {', '.join(TRACE_FORMATS)}"
        )
    if idle_below is not None and not (math.isfinite(idle_below) and idle_below >= 0):
        raise InputError(f"{path}: idle_below must be a number of ACUs, 0 or more")
    if scale is not None and not (math.isfinite(scale) and scale > 0):
        raise InputError(f"{path}: scale must be a number greater than 0")

    first = _first_byte(path)
    detected = format or ("json" if first == b"{" else "csv")
    if detected == "csv" and first == b"{":
        raise InputError(f"{path}: the file is JSON (it starts with '{{'), not CSV; omit format")
    if detected == "csv":
        _refuse(path, statistic=statistic, id=id, label=label, fmt="CSV")
        from aurora_cost.demand.traces import (
            csv_reader as traces_csv,  # imported on use: keeps CLI start-up lean
        )

        samples = traces_csv.read_csv(path, column=column, timestamp_column=timestamp_column)
        fmt = "csv"
    else:
        _refuse(path, column=column, timestamp_column=timestamp_column, fmt="JSON")
        from aurora_cost.demand.traces import cloudwatch as traces_cloudwatch

        fmt, samples = traces_cloudwatch.read_json(
            path, format=format, statistic=statistic, id=id, label=label
        )
    return resample(samples, path=path, format=fmt, idle_below=idle_below, scale=scale)


def _refuse(path: Path, *, fmt: str, **options: str | None) -> None:
    """Options that only apply to another format are mistakes, not silently ignored."""
    where = {
        "column": "CSV",
        "timestamp_column": "CSV",
        "statistic": "get-metric-statistics JSON",
        "id": "get-metric-data JSON",
        "label": "get-metric-data JSON",
    }
    for name, value in options.items():
        if value is not None:
            raise InputError(
                f"{path}: {name} applies to {where[name]} traces only, and this file is {fmt}; "
                f"drop {name} or give the right file"
            )


def _first_byte(path: Path) -> bytes:
    """The first non-blank byte (after a UTF-8 byte-order mark), with file errors made clear."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory; give the path of a trace file")
        with path.open("rb") as f:
            head = f.read(64 * 1024)
            while head and not head.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip():
                more = f.read(64 * 1024)
                if not more:
                    break
                head = more
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path of the trace") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the trace file readable") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the trace: {exc.strerror}") from None
    body = head.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
    if not body:
        raise InputError(
            f"{path}: the trace file is empty; give a CSV with a header row "
            "(timestamp,acu) or the JSON output of aws cloudwatch get-metric-statistics"
        )
    return body[:1]


# ---- resampling ----------------------------------------------------------------------


def resample(
    samples: Samples,
    *,
    path: Path,
    format: str,
    idle_below: float | None = None,
    scale: float | None = None,
) -> Trace:
    """Samples to 1-minute demand runs and the facts about them (module docstring)."""
    if samples.run_counts is not None and samples.step_us % MINUTE_US:
        samples = samples.expanded()  # sub-minute spacing: minute by minute below
    notes = list(samples.notes)
    values = samples.values
    n_read = len(values) if samples.run_counts is None else sum(samples.run_counts)
    if n_read == 0:
        raise InputError(f"{path}: the trace has no samples; add rows after the header")
    if n_read == 1:
        raise InputError(
            f"{path}: the trace has only one sample, so it has no sampling interval; "
            "give at least two samples, or use a constant usage instead of a trace"
        )
    if samples.naive:
        notes.append("timestamps have no time zone: read them as UTC")

    first_us = samples.first_us
    steps = samples.steps
    distinct = set(steps) if samples.run_counts is None else {samples.step_us}
    duplicates = 0
    if min(distinct) <= 0:  # out of order or repeated times: sort (stably) and drop repeats
        rel = array("q", accumulate(steps, initial=0))
        if min(distinct) < 0:
            if max(distinct) < 0:  # newest first (get-metric-data): reversed is sorted
                rel.reverse()
                values = array("d", values)
                values.reverse()
            else:
                order = sorted(range(n_read), key=rel.__getitem__)  # stable: file order kept
                rel = array("q", map(rel.__getitem__, order))
                values = array("d", map(values.__getitem__, order))
            if samples.ordered_source:
                notes.append("samples were not in time order: sorted them by time")
        keep = list(map(ne, rel[:-1], rel[1:]))
        keep.append(True)  # of equal times, the last (in file order) is kept
        duplicates = n_read - sum(keep)
        if duplicates:
            rel = array("q", compress(rel, keep))
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
        first_us += rel[0]
        steps = array("q", map(sub, rel[1:], rel[:-1]))
        distinct = set(steps)

    interval = samples.step_us or _median(steps, distinct)
    if idle_below is not None:
        values = array("d", map(mul, values, map(gt, values, repeat(idle_below))))
        notes.append(f"demand at or below {idle_below:g} ACU counted as idle (0)")
    if scale is not None:
        values = array("d", map(mul, values, repeat(scale)))
        notes.append(f"demand multiplied by {scale:g}")

    if samples.run_counts is not None:  # evenly spaced, whole minutes: a run per run
        hold = interval // MINUTE_US
        lengths = array("q", map(mul, samples.run_counts, repeat(hold)))
        demand, gaps, gap_minutes = _merge(values, lengths, 1), 0, 0
    elif all(d % MINUTE_US == 0 for d in distinct):
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
    last_rel = sum(steps) if samples.run_counts is None else interval * (n_read - 1)
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
    )
    return Trace(demand=demand, info=info)


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
