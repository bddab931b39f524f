"""Demand over time, in ACUs of work, as runs of equal demand (run-length encoded).

Every form of demand (constant, weekly schedule, recorded trace) becomes a `Demand`: the
simulator walks its runs, so a week of schedule is a handful of runs and a long
trace costs one step per change of demand, not one per minute.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, count, islice
from operator import mul, ne, sub
from typing import TypeVar

T = TypeVar("T")

MINUTES_PER_WEEK = 7 * 24 * 60


@dataclass(frozen=True)
class Demand:
    """`levels[i]` ACUs of demand held for `minutes[i]` minutes, in time order.

    `cyclic` demands (a weekly pattern) repeat forever: the simulator runs them twice
    and bills the second pass, so the week starts in the state it ends in.
    """

    levels: array[float]
    minutes: array[int]
    cyclic: bool
    total_minutes: int = field(init=False)

    def __post_init__(self) -> None:
        if len(self.levels) != len(self.minutes):
            raise ValueError("levels and minutes must have the same length")
        object.__setattr__(self, "total_minutes", sum(self.minutes))

    @classmethod
    def from_runs(cls, runs: Iterable[tuple[float, int]], *, cyclic: bool) -> Demand:
        """Build from (level, minutes) pairs, merging neighbours of equal level."""
        levels: array[float] = array("d")
        minutes: array[int] = array("q")
        for level, length in runs:
            if length <= 0:
                continue
            if levels and levels[-1] == level:
                minutes[-1] += length
            else:
                levels.append(level)
                minutes.append(length)
        return cls(levels, minutes, cyclic)

    @classmethod
    def constant(cls, acu: float) -> Demand:
        """The same demand every minute of a (repeating) week."""
        return cls.from_runs([(acu, MINUTES_PER_WEEK)], cyclic=True)

    @property
    def peak(self) -> float:
        return max(self.levels, default=0.0)

    @property
    def mean(self) -> float:
        """The average demand over the period, ACU."""
        total = self.total_minutes
        return sum(map(mul, self.levels, self.minutes)) / total if total else 0.0

    def scaled(self, factor: float) -> Demand:
        """Every level multiplied by `factor` (for what-if questions)."""
        return Demand.from_runs(
            ((level * factor, n) for level, n in zip(self.levels, self.minutes)), cyclic=self.cyclic
        )


def bucket_totals(levels: Sequence[float], minutes: Sequence[int], bucket: int) -> list[float]:
    """level x minutes of the runs summed per `bucket` minutes (the last bucket may be short).

    Works from running totals at the bucket edges, so it costs one pass over the runs
    and a binary search per bucket, however long the runs are.
    """
    ends = list(accumulate(minutes))  # the minute each run ends at
    done: list[float] = list(accumulate(map(mul, levels, minutes)))  # up to each run's end
    if not ends or not ends[-1]:
        return []

    def upto(x: int) -> float:
        """level-minutes before minute x."""
        i = bisect_right(ends, x)  # the run that minute x falls in
        if i == len(ends):
            return done[-1]
        start, before = (ends[i - 1], done[i - 1]) if i else (0, 0.0)
        return before + levels[i] * (x - start)

    edges = [upto(x) for x in range(0, ends[-1], bucket)]
    edges.append(done[-1])
    return list(map(sub, edges[1:], edges[:-1]))


def run_starts(items: Sequence[object]) -> list[int]:
    """Where each run of equal neighbours begins (0 first), in one C-level pass."""
    starts = [0] if len(items) else []
    starts.extend(compress(count(1), map(ne, islice(items, 1, None), items)))
    return starts


def merge_runs(items: Sequence[T], lengths: Sequence[int]) -> tuple[list[T], list[int]]:
    """Neighbours with equal items merged into one run, their lengths summed."""
    starts = run_starts(items)
    ends = starts[1:]
    ends.append(len(items))
    upto = list(accumulate(lengths, initial=0))
    summed = list(map(sub, map(upto.__getitem__, ends), map(upto.__getitem__, starts)))
    return list(map(items.__getitem__, starts)), summed
