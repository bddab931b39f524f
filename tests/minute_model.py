"""A deliberately naive minute-by-minute reference model of the billing rules in the
README ("How each option is billed and simulated").

The product's simulators jump from event to event; the property tests check that
they agree with this plain loop for random demands.
"""

from __future__ import annotations

import math

from aurora_cost.demand.runs import Demand
from aurora_cost.options.capacity import V1_STEPS


def minutes_of(demand: Demand) -> list[float]:
    out: list[float] = []
    for level, n in zip(demand.levels, demand.minutes):
        out.extend([level] * n)
    return out


def v2_minutes(demand: Demand, min_acu: float, max_acu: float, pause_s: int | None) -> list[float]:
    floor = max(min_acu, 0.5)
    pause_after = math.ceil(pause_s / 60) if (min_acu == 0 and pause_s) else None
    series = minutes_of(demand)
    passes = 2 if demand.cyclic else 1
    billed: list[float] = []
    paused, idle = False, 0
    for _pass in range(passes):
        billed = []
        for d in series:
            if d > 0:
                paused, idle = False, 0
                billed.append(min(max(math.ceil(d * 2) / 2, floor), max_acu))
            elif paused:
                billed.append(0.0)
            else:
                billed.append(floor)
                idle += 1
                if pause_after is not None and idle >= pause_after:
                    paused = True
    return billed


def v1_minutes(
    demand: Demand, engine: str, min_acu: float, max_acu: float, auto_pause: bool, pause_s: int
) -> list[float]:
    steps = V1_STEPS[engine]
    pause_after = math.ceil(pause_s / 60) if auto_pause else None
    series = minutes_of(demand)
    passes = 2 if demand.cyclic else 1
    acu, last_up, last_down, idle = min_acu, -(10**9), -(10**9), 0
    t = 0
    billed: list[float] = []
    for _pass in range(passes):
        billed = []
        for d in series:
            if d > 0:
                target = min(
                    max(float(next((s for s in steps if s >= d), steps[-1])), min_acu), max_acu
                )
                idle = 0
                if acu == 0 or target > acu:
                    acu, last_up = target, t
            elif acu == 0:
                billed.append(0.0)
                t += 1
                continue
            else:
                target = min_acu
            if acu > target and t >= last_up + 15 and t >= last_down + 6:
                acu = max(float(max(s for s in steps if s < acu)), target)
                last_down = t
            billed.append(acu)
            t += 1
            if d <= 0 and pause_after is not None:
                idle += 1
                if idle >= pause_after:
                    acu = 0
    return billed
