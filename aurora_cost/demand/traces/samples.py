"""What every trace reader shares: the sample arrays, the facts reported, limits, and
the timestamp and value checks (the readers are traces_csv and traces_cloudwatch;
traces.load_trace picks one and resamples what it returns)."""

from __future__ import annotations

import codecs
import math
from array import array
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import chain, repeat
from pathlib import Path

from aurora_cost.demand.runs import Demand
from aurora_cost.errors import InputError

TRACE_FORMATS = ("csv", "cloudwatch-statistics", "cloudwatch-metric-data")
MAX_CSV_BYTES = 2 * 1024**3  # a year of one-minute rows is about 15 MB
MAX_JSON_BYTES = 512 * 1024**2  # CloudWatch API limits keep real outputs far smaller
MAX_TRACE_DAYS = 3660  # ten years; CloudWatch keeps 15 months of data
MINUTE_US = 60_000_000
SECOND_US = 1_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
EPOCH_NAIVE = datetime(1970, 1, 1)
MAX_EPOCH_SECONDS = 1e11  # year 5138: anything larger is milliseconds, not seconds


@dataclass(frozen=True)
class TraceInfo:
    """What was read and which treatments were applied, for the report."""

    path: str
    format: str  # "csv" | "cloudwatch-statistics" | "cloudwatch-metric-data"
    start: datetime  # first sample, UTC
    end: datetime  # last sample + one sampling interval, UTC
    duration_minutes: int  # == demand.total_minutes
    sample_interval_seconds: int  # the median spacing between samples
    samples: int  # samples read (before dropping duplicates)
    duplicates: int  # samples dropped because a later one in the file had the same time
    gaps: int  # gaps longer than 2 sampling intervals, counted as idle
    gap_minutes: int  # idle minutes those gaps added
    statistic: str | None  # CloudWatch statistic used (get-metric-statistics)
    series: str | None  # CloudWatch result Id / Label used (get-metric-data), or CSV column
    notes: list[str]  # human-readable treatments applied


@dataclass(frozen=True)
class Trace:
    demand: Demand  # cyclic=False, 1-minute runs
    info: TraceInfo


@dataclass
class Samples:
    """What a reader hands to `resample`: sample times as steps, and values, in file order.

    `steps[i]` is the time from sample i to sample i+1 in microseconds (negative when the
    file is not in time order, 0 for a repeated timestamp).

    A reader that found every sample evenly spaced may instead hand them over run-length
    encoded, which saves a pass per sample: `run_counts` is set, `step_us` is the spacing,
    `steps` is empty, and `values[i]` is the value of `run_counts[i]` consecutive samples.
    """

    first_us: int  # time of the first sample in the file, microseconds since 1970 UTC
    steps: array[int]  # 'q', len(values) - 1
    values: array[float]  # 'd', ACUs, already checked finite and >= 0
    naive: bool = False  # timestamps had no time zone and were read as UTC
    ordered_source: bool = True  # the format promises time order (CSV); note if it is not
    notes: list[str] = field(default_factory=list)
    statistic: str | None = None
    series: str | None = None
    run_counts: array[int] | None = None  # 'q': the run-length form (see above)
    step_us: int = 0  # the spacing of the run-length form, > 0

    def expanded(self) -> Samples:
        """The same samples one by one (the run-length form undone)."""
        if self.run_counts is None:
            return self
        steps, values = expand_runs(self.values, self.run_counts, self.step_us)
        return replace(self, steps=steps, values=values, run_counts=None, step_us=0)


def expand_runs(
    values: array[float], counts: array[int], step_us: int
) -> tuple[array[int], array[float]]:
    """(steps, values) one per sample from run-length values evenly `step_us` apart."""
    one_by_one = array("d", chain.from_iterable(map(repeat, values, counts)))
    return array("q", (step_us,)) * max(0, len(one_by_one) - 1), one_by_one


# ---- timestamps ----------------------------------------------------------------------


def is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def epoch_us(seconds: float) -> int:
    if not math.isfinite(seconds):
        raise ValueError("is not a finite number of epoch seconds")
    if seconds < 0:
        raise ValueError("is before 1970; epoch timestamps count seconds since 1970-01-01 UTC")
    if seconds >= MAX_EPOCH_SECONDS:
        raise ValueError("is too large for epoch seconds; if it is in milliseconds, divide by 1000")
    return round(seconds * SECOND_US)


def datetime_us(dt: datetime) -> int:
    """Microseconds since 1970 UTC; a naive datetime is read as UTC."""
    delta = dt - (EPOCH_NAIVE if dt.tzinfo is None else EPOCH)
    return (delta.days * 86_400 + delta.seconds) * SECOND_US + delta.microseconds


def check_value(value: float) -> str | None:
    """Why a demand value cannot be used, or None."""
    if math.isnan(value):
        return "is NaN (not a number); remove the row or give a number"
    if math.isinf(value):
        return "is infinite; give a finite number of ACUs"
    if value < 0:
        return "is negative; demand is in ACUs, 0 or more"
    return None


# ---- loading -------------------------------------------------------------------------


def file_size(path: Path, limit: int, what: str) -> int:
    """The file's size, or an InputError when it is over `limit`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read the trace: {exc.strerror}") from None
    if size > limit:
        raise InputError(
            f"{path}: {size:,} bytes is too large for a {what} (limit {limit:,} bytes); "
            "use a coarser sampling interval or a shorter period"
        )
    return size


def bad_utf8(path: Path) -> str:
    """Where the first byte that is not UTF-8 is, to say so."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = lines = 0
    with path.open("rb") as f:
        while True:
            piece = f.read(1024 * 1024)
            try:
                decoder.decode(piece, final=not piece)
            except UnicodeDecodeError as exc:
                position = max(0, exc.start - len(exc.object) + len(piece))
                line = lines + piece.count(b"\n", 0, position) + 1
                return (
                    f"{path}: byte {offset + position:,} (line {line}) is not valid UTF-8; "
                    "save the file as UTF-8"
                )
            if not piece:
                return f"{path}: the file is not valid UTF-8; save it as UTF-8"
            offset += len(piece)
            lines += piece.count(b"\n")
