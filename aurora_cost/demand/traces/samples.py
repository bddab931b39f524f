"""What every trace reader shares: the samples it hands over, the facts reported,
limits, and the value and file checks (the readers are `csv_reader` and `cloudwatch`;
`load_trace` picks one, and `resample` turns its `Samples` into demand)."""

from __future__ import annotations

import codecs
import math
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import accumulate, chain, pairwise, repeat
from operator import add, gt, mul, sub
from pathlib import Path

from aurora_cost.demand.runs import Demand
from aurora_cost.demand.traces.timestamps import MAX_EPOCH_SECONDS, SECOND_US
from aurora_cost.errors import InputError

__all__ = ["MAX_EPOCH_SECONDS", "SECOND_US"]  # (re-exported for the readers)

MAX_TRACE_DAYS = 3660  # ten years; CloudWatch keeps 15 months of data
MINUTE_US = 60_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# CloudWatch metrics of an Aurora cluster in Percent: a share of the capacity, not ACUs.
PERCENT_METRICS = ("ACUUtilization", "CPUUtilization")
EXPORT_ACUS = (
    "export ServerlessDatabaseCapacity (the ACUs in use) instead: "
    "aws cloudwatch get-metric-statistics --namespace AWS/RDS "
    "--metric-name ServerlessDatabaseCapacity ..."
)


def percent_metric(name: str | None) -> str | None:
    """The Percent metric `name` is or ends with (a label may name the cluster first)."""
    if not name:
        return None
    last = name.replace("_", " ").split()[-1:] or [""]
    return next((m for m in PERCENT_METRICS if m.lower() in (name.lower(), last[0].lower())), None)


def refuse_percent(path: Path, what: str) -> InputError:
    return InputError(
        f"{path}: {what} is in Percent (a share of capacity), not ACUs; {EXPORT_ACUS}"
    )


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
    files: tuple[str, ...] = ()  # every file read, in time order (`path` is the first)


@dataclass(frozen=True)
class Trace:
    demand: Demand  # cyclic=False, 1-minute runs
    info: TraceInfo


@dataclass
class Samples:
    """What a reader hands to `resample`: the samples in file order, as runs.

    Run i is `counts[i]` samples of `values[i]` ACUs (checked finite and >= 0), the first
    at `starts[i]` microseconds since 1970 UTC and each next one `spacings[i]` later (0 in
    a run of one sample). An evenly spaced file is one run per change of value, so a year
    of one-minute samples costs work per change, not per sample; a file with gaps or
    jitter has runs of one sample where it is irregular.
    """

    starts: array[int] = field(default_factory=lambda: array("q"))
    spacings: array[int] = field(default_factory=lambda: array("q"))
    counts: array[int] = field(default_factory=lambda: array("q"))
    values: array[float] = field(default_factory=lambda: array("d"))
    naive: bool = False  # timestamps had no time zone and were read as UTC
    ordered_source: bool = True  # the format promises time order (CSV); note if it is not
    notes: list[str] = field(default_factory=list)
    statistic: str | None = None
    series: str | None = None

    def add_stretches(
        self, stretches: list[tuple[int, int, int]], starts: list[int], levels: list[float]
    ) -> None:
        """Add samples whose times are the evenly spaced `stretches` (first, step, count)
        and whose value changes to `levels[k]` at sample `starts[k]` (0 first)."""
        if len(stretches) == 1:  # the usual block: the same in C-level passes
            first, step, n = stretches[0]
            counts = list(map(sub, [*starts[1:], n], starts))
            self.starts.extend(map(add, repeat(first), map(mul, starts, repeat(step))))
            self.spacings.extend(map(mul, repeat(step), map(gt, counts, repeat(1))))
            self.counts.extend(counts)
            self.values.extend(levels)
            return
        offsets = list(accumulate((count for _, _, count in stretches), initial=0))
        bounds = sorted(set(offsets[:-1]).union(starts))  # a run ends at either
        bounds.append(offsets[-1])
        for at, upto in pairwise(bounds):
            k = bisect_right(offsets, at) - 1
            first, step, _ = stretches[k]
            self.starts.append(first + (at - offsets[k]) * step)
            self.spacings.append(step if upto - at > 1 else 0)
            self.counts.append(upto - at)
            self.values.append(levels[bisect_right(starts, at) - 1])

    def add_each(self, times: array[int], values: list[float] | array[float]) -> None:
        """Samples one by one, a run each."""
        self.starts.extend(times)
        self.spacings.extend(repeat(0, len(times)))
        self.counts.extend(repeat(1, len(times)))
        self.values.extend(values)

    @property
    def total(self) -> int:
        return sum(self.counts)

    def ends(self) -> array[int]:
        """The time of each run's last sample."""
        if self.counts.count(1) == len(self.counts):
            return self.starts
        lasts = map(mul, self.spacings, map(sub, self.counts, repeat(1)))
        return array("q", map(add, self.starts, lasts))

    def one_by_one(self) -> tuple[array[int], array[float]]:
        """(time, value) of every sample, in file order."""
        if self.counts.count(1) == len(self.counts):
            return self.starts, self.values
        steps = array("q", map(max, self.spacings, repeat(1)))  # (1 in a run of one)
        stops = map(add, self.starts, map(mul, self.counts, steps))
        times = array("q", chain.from_iterable(map(range, self.starts, stops, steps)))
        values = array("d", chain.from_iterable(map(repeat, self.values, self.counts)))
        return times, values


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
