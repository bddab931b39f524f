"""Demand over time, in ACUs of work, as runs of equal demand (run-length encoded).

Every usage form (constant, weekly schedule, recorded trace) becomes a `Demand`: the
simulator walks its runs, so a week of schedule is a handful of runs and a long
trace costs one step per change of demand, not one per minute.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

MINUTES_PER_WEEK = 7 * 24 * 60
HOURS_PER_WEEK = 168


@dataclass(frozen=True)
class Demand:
    """`levels[i]` ACUs of demand held for `minutes[i]` minutes, in time order.

    `cyclic` demands (a weekly pattern) repeat forever: the simulator runs them twice
    and bills the second pass, so the week starts in the state it ends in.
    `start_minute` is the minute of the week the first run starts at (for charts).
    """

    levels: array[float]
    minutes: array[int]
    cyclic: bool
    start_minute: int = 0
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

    def scaled(self, factor: float) -> Demand:
        """Every level multiplied by `factor` (for what-if questions)."""
        return Demand.from_runs(
            ((level * factor, n) for level, n in zip(self.levels, self.minutes)), cyclic=self.cyclic
        )
