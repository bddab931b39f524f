"""What the serverless simulators share: the meter of one pass and the runs they walk.

Time runs in whole minutes. The simulators (`serverless_v1`, `serverless_v2`) walk the
demand's runs and jump from event to event (a scale-down, a pause) instead of stepping
every minute, which gives the same result as a minute loop at a fraction of the cost.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from operator import mul

from aurora_cost.demand.runs import Demand, bucket_totals, merge_runs

CHART_BUCKETS = 168  # one per hour of a week


@dataclass
class CapacityResult:
    """What one instance did over the demand's period (the billed pass)."""

    total_minutes: int
    acu_minutes: float = 0.0  # capacities are multiples of 0.5, so this sum is exact
    paused_minutes: int = 0
    throttled_minutes: int = 0
    peak_acu: float = 0.0
    resumes: int = 0
    bucket_minutes: int = 60
    profile: list[float] = field(default_factory=list)  # ACU-minutes per chart bucket
    # the billed pass as (ACU, minutes) runs, kept for `hourly`
    timeline: tuple[list[float], list[int]] = field(default_factory=lambda: ([], []), repr=False)

    @property
    def acu_hours(self) -> float:
        return self.acu_minutes / 60

    @cached_property
    def hourly(self) -> list[float]:
        """ACU-minutes per hour of the billed pass (for Savings Plans and RDS Proxy; made
        only when asked, since a year has 8,760 of them)."""
        return bucket_totals(*self.timeline, 60)


def chart_bucket_minutes(total_minutes: int) -> int:
    """At most 168 buckets: hourly for a week, wider for longer periods, narrower for shorter."""
    return max(1, math.ceil(total_minutes / CHART_BUCKETS))


class Meter:
    """The capacity timeline of one pass as (ACU, minutes) runs; paused minutes are 0 ACU.

    The simulators append to `acus` and `lengths` directly (two list appends per run, the
    cheapest record there is); `finish` turns the timeline into totals and the chart profile.
    """

    def __init__(self, total_minutes: int) -> None:
        self.acus: list[float] = []
        self.lengths: list[int] = []
        self.result = CapacityResult(
            total_minutes=total_minutes, bucket_minutes=chart_bucket_minutes(total_minutes)
        )

    def finish(self) -> CapacityResult:
        r = self.result
        r.acu_minutes += sum(map(mul, self.acus, self.lengths))
        r.peak_acu = max(compress(self.acus, self.lengths), default=0.0)
        r.profile = bucket_totals(self.acus, self.lengths, r.bucket_minutes)
        r.timeline = (self.acus, self.lengths)
        return r


def pass_meters(demand: Demand) -> Iterator[Meter]:
    """One meter per pass; a cyclic demand runs twice and only the second pass is billed."""
    for _ in range(2 if demand.cyclic else 1):
        yield Meter(demand.total_minutes)


def coarse_runs(
    demand: Demand, key: Callable[[float], tuple[float, bool]]
) -> tuple[list[tuple[float, bool]], list[int]]:
    """The demand's runs as (key, minutes), neighbours with the same key merged.

    A simulator only tells levels apart by their key (the capacity they ask for, and
    whether they are over the maximum), so merging those runs changes nothing but the
    number of steps it takes: a trace wandering 2.5, 3, 3.5 ACU is one run at v1's 4 ACU.
    """
    table = {level: key(level) for level in set(demand.levels)}
    return merge_runs(list(map(table.__getitem__, demand.levels)), demand.minutes)
