"""Where serverless stops paying: the cheapest Serverless v2 against the cheapest provisioned
option as the load grows, by active hours a day and by steady ACU.

- Active hours: every day, H hours from 09:00 UTC at the workload's peak demand, idle
  otherwise (the `--active-hours` what-if), H from 0 to 24 in half hours; the crossing is
  found to the minute by bisection, since serverless only costs more with more hours.
- Steady ACU: the same demand every minute, from 0.5 ACU up; provisioned jumps a class
  where one no longer holds the load, so the first crossing is reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise

from aurora_cost.advise.model import Breakeven, CurvePoint
from aurora_cost.advise.search import Constraints, Found, best_of_kind
from aurora_cost.demand.build import build_demand
from aurora_cost.demand.runs import Demand
from aurora_cost.demand.spec import DemandSpec
from aurora_cost.money import tidy
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.workload.model import Workload
from aurora_cost.workload.whatif import active_schedule

SIDES = ("serverless-v2", "provisioned")
MAX_POINTS = 49  # a curve short enough to chart


def _cost(found: Found | str) -> Decimal | None:
    return found.report.monthly_cost if isinstance(found, Found) else None


def _costs(
    workload: Workload, demand: Demand, pricing: RegionPricing, constraints: Constraints
) -> tuple[Decimal | None, Decimal | None]:
    serverless, provisioned = (
        best_of_kind(side, workload, demand, pricing, constraints) for side in SIDES
    )
    return _cost(serverless), _cost(provisioned)


def _point(x: Decimal, costs: tuple[Decimal | None, Decimal | None]) -> CurvePoint:
    return CurvePoint(x=x, costs=dict(zip(SIDES, costs)))


def _serverless_cheaper(costs: tuple[Decimal | None, Decimal | None]) -> bool | None:
    serverless, provisioned = costs
    if serverless is None and provisioned is None:
        return None
    if provisioned is None:
        return True
    if serverless is None:
        return False
    return serverless < provisioned


def by_active_hours(
    workload: Workload, peak: float, pricing: RegionPricing, constraints: Constraints
) -> Breakeven:
    def demand_at(minutes: int) -> Demand:
        spec = DemandSpec.model_validate(active_schedule(peak, minutes / 60))
        return build_demand(spec).demand

    def costs_at(minutes: int) -> tuple[Decimal | None, Decimal | None]:
        return _costs(workload, demand_at(minutes), pricing, constraints)

    grid = list(range(0, 24 * 60 + 1, 30))
    points = [(m, costs_at(m)) for m in grid]
    at = _first_crossing(points, costs_at)
    curve = [_point(tidy(Decimal(m) / 60, 2), c) for m, c in points]
    shown = None if at is None else tidy(Decimal(at) / 60, 2)
    detail = f"at {peak:g} ACU while active, every day from 09:00 UTC: " + (
        f"provisioned is cheaper from {shown} active hours a day"
        if shown is not None
        else "serverless stays cheaper all day"
        if points and _serverless_cheaper(points[-1][1])
        else "provisioned is cheaper at every number of hours"
    )
    return Breakeven(
        between=list(SIDES), variable="active_hours_per_day", at=shown, curve=curve, detail=detail
    )


def _first_crossing(
    points: list[tuple[int, tuple[Decimal | None, Decimal | None]]],
    costs_at: Callable[[int], tuple[Decimal | None, Decimal | None]],
) -> int | None:
    """The first minute count where serverless is no longer cheaper (to the minute)."""
    for (lo, lo_costs), (hi, hi_costs) in pairwise(points):
        if _serverless_cheaper(lo_costs) and _serverless_cheaper(hi_costs) is False:
            while hi - lo > 1:
                middle = (lo + hi) // 2
                if _serverless_cheaper(costs_at(middle)):
                    lo = middle
                else:
                    hi = middle
            return hi
    return None


def by_steady_acu(
    workload: Workload, peak: float, pricing: RegionPricing, constraints: Constraints
) -> Breakeven:
    top = max(8.0, 2 * peak)
    step = max(0.5, math.ceil(top / (MAX_POINTS - 1) * 2) / 2)  # a half-ACU multiple
    levels: list[float] = []
    level = 0.5
    while level <= top and len(levels) < MAX_POINTS:
        levels.append(level)
        level += step
    points = [
        (level, _costs(workload, Demand.constant(level), pricing, constraints)) for level in levels
    ]
    at = next(
        (
            level
            for (_, before), (level, now) in pairwise(points)
            if _serverless_cheaper(before) and _serverless_cheaper(now) is False
        ),
        None,
    )
    shown = None if at is None else tidy(Decimal(repr(at)))
    detail = (
        f"provisioned is cheaper from a steady {shown} ACU"
        if shown is not None
        else f"no crossing between 0.5 and {levels[-1]:g} ACU"
    )
    curve = [_point(tidy(Decimal(repr(level))), c) for level, c in points]
    return Breakeven(
        between=list(SIDES), variable="steady_acu", at=shown, curve=curve, detail=detail
    )
