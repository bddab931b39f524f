"""Minute-by-minute capacity of Aurora Serverless v1 and v2 for a demand (DESIGN.md section 5).

Time runs in whole minutes. The simulators walk the demand's runs and jump from
event to event (a scale-down, a pause) instead of stepping every minute, which
gives the same result as a minute loop at a fraction of the cost.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import gt, mul

from aurora_cost.demand.runs import Demand, bucket_totals, merge_runs
from aurora_cost.options import capacity

_NEVER = -(10**12)  # a time long before the start: no cooldown is running
V1_COOLDOWN_AFTER_UP = math.ceil(capacity.V1_SCALE_DOWN_AFTER_UP_SECONDS / 60)  # 15 min
V1_COOLDOWN_AFTER_DOWN = math.ceil(capacity.V1_SCALE_DOWN_AFTER_DOWN_SECONDS / 60)  # 310 s -> 6
V1_MIN_BILLED_MINUTES = capacity.V1_MIN_BILLED_SECONDS_PER_RESUME // 60  # 5
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

    @property
    def acu_hours(self) -> float:
        return self.acu_minutes / 60


def chart_bucket_minutes(total_minutes: int) -> int:
    """At most 168 buckets: hourly for a week, wider for longer periods, narrower for shorter."""
    return max(1, math.ceil(total_minutes / CHART_BUCKETS))


class _Meter:
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
        return r


def _pass_meters(demand: Demand) -> Iterator[_Meter]:
    """One meter per pass; a cyclic demand runs twice and only the second pass is billed."""
    for _ in range(2 if demand.cyclic else 1):
        yield _Meter(demand.total_minutes)


def _coarse_runs(
    demand: Demand, key: Callable[[float], tuple[float, bool]]
) -> tuple[list[tuple[float, bool]], list[int]]:
    """The demand's runs as (key, minutes), neighbours with the same key merged.

    A simulator only tells levels apart by their key (the capacity they ask for, and
    whether they are over the maximum), so merging those runs changes nothing but the
    number of steps it takes: a trace wandering 2.5, 3, 3.5 ACU is one run at v1's 4 ACU.
    """
    table = {level: key(level) for level in set(demand.levels)}
    return merge_runs(list(map(table.__getitem__, demand.levels)), demand.minutes)


def simulate_v2(
    demand: Demand, *, min_acu: float, max_acu: float, pause_seconds: int | None
) -> CapacityResult:
    """Serverless v2: capacity follows demand in 0.5 ACU steps; with min 0 it pauses when idle."""
    floor = max(min_acu, capacity.V2_MIN_RUNNING_ACU)
    pause_after = math.ceil(pause_seconds / 60) if min_acu == 0 and pause_seconds else 0

    def target(level: float) -> float:
        acu = math.ceil(level * 2) / 2
        return floor if acu < floor else max_acu if acu > max_acu else acu

    if not pause_after:  # no state: each run's capacity depends on its demand alone
        meter = _Meter(demand.total_minutes)
        table = {level: target(level) for level in set(demand.levels)}
        meter.acus = list(map(table.__getitem__, demand.levels))
        meter.lengths = list(demand.minutes)
        above = map(gt, demand.levels, repeat(max_acu))
        meter.result.throttled_minutes = sum(compress(demand.minutes, above))
        return meter.finish()

    keys, minutes = _coarse_runs(
        demand, lambda level: (target(level) if level > 0 else 0.0, level > max_acu)
    )
    paused, idle = False, 0
    for meter in _pass_meters(demand):
        result = meter.result
        acus, lengths = meter.acus, meter.lengths
        for (acu, over), n in zip(keys, minutes):
            if over:
                result.throttled_minutes += n
            if acu:  # demand: the capacity it asks for
                if paused:
                    paused = False
                    result.resumes += 1
                idle = 0
                acus.append(acu)
                lengths.append(n)
            elif paused:
                result.paused_minutes += n
                acus.append(0.0)
                lengths.append(n)
            else:
                running = min(n, pause_after - idle)
                acus.append(floor)
                lengths.append(running)
                idle += running
                if idle >= pause_after:
                    paused = True
                    result.paused_minutes += n - running
                    acus.append(0.0)
                    lengths.append(n - running)
    return meter.finish()


def _v1_target(level: float, steps: tuple[int, ...], lo: float, hi: float) -> float:
    """The smallest allowed step >= level, clamped to [lo, hi]."""
    if level <= lo:
        return lo
    if level >= hi:
        return hi
    for step in steps:
        if step >= level:
            return min(float(step), hi)
    return hi


def simulate_v1(
    demand: Demand,
    *,
    engine: str,
    min_acu: float,
    max_acu: float,
    auto_pause: bool,
    pause_seconds: int,
) -> CapacityResult:
    """Serverless v1: doubling steps, immediate scale-up, slow one-step scale-down, auto-pause."""
    steps = capacity.V1_STEPS[engine]
    pause_after = math.ceil(pause_seconds / 60) if auto_pause else 0
    acu = min_acu  # 0 = paused
    last_up = last_down = resumed_at = _NEVER
    resume_acu = min_acu
    idle = 0
    t = 0
    step_down = {float(s): float(max((d for d in steps if d < s), default=s)) for s in steps}
    keys, minutes = _coarse_runs(
        demand,
        lambda level: (
            _v1_target(level, steps, min_acu, max_acu) if level > 0 else 0.0,
            level > max_acu,
        ),
    )
    for meter in _pass_meters(demand):
        result = meter.result
        acus, lengths = meter.acus, meter.lengths
        for (target, over), n in zip(keys, minutes):
            if over:
                result.throttled_minutes += n
            idle_run = not target  # no demand
            if not idle_run:
                idle = 0
                if acu == 0:  # resume straight at the step the demand needs
                    acu = resume_acu = target
                    last_up = resumed_at = t
                    result.resumes += 1
                elif target > acu:
                    acu, last_up = target, t
            elif acu == 0:
                result.paused_minutes += n
                acus.append(0.0)
                lengths.append(n)
                t += n
                continue
            else:
                target = min_acu
            while n > 0:
                chunk = n
                if idle_run and pause_after:
                    chunk = min(chunk, pause_after - idle)
                if acu > target:
                    next_down = max(
                        last_up + V1_COOLDOWN_AFTER_UP, last_down + V1_COOLDOWN_AFTER_DOWN
                    )
                    if next_down <= t:
                        acu = max(step_down[acu], target)
                        last_down = t
                        continue
                    chunk = min(chunk, next_down - t)
                acus.append(acu)
                lengths.append(chunk)
                t += chunk
                n -= chunk
                if idle_run and pause_after:
                    idle += chunk
                    if idle >= pause_after:
                        ran = t - resumed_at
                        if ran < V1_MIN_BILLED_MINUTES:  # every activation bills 5 minutes
                            result.acu_minutes += (V1_MIN_BILLED_MINUTES - ran) * resume_acu
                        acu = 0
                        result.paused_minutes += n
                        acus.append(0.0)
                        lengths.append(n)
                        t += n
                        n = 0
    return meter.finish()
