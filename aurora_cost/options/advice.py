"""What advice asks an option kind, and what a kind answers: its search space.

`advise` asks every registered kind with `advised = True` for `advice_space(ask)`: the
configurations worth pricing (with their simulated runs), how to say why the cheapest was
chosen, and why none was when none qualifies. `advise` prices them and keeps the cheapest
that qualifies; it never asks which kind an option is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aurora_cost.money import HOURS_PER_MONTH
from aurora_cost.options import capacity

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.demand.runs import Demand
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing
    from aurora_cost.report import OptionReport


@dataclass(frozen=True)
class Constraints:
    """What the user allows (`advise`'s flags)."""

    no_pause: bool = False
    min_acu_at_least: float | None = None
    max_throttled_hours: float = 0.0
    kinds: tuple[str, ...] | None = None  # None: every kind advice searches, registered ones too


@dataclass(frozen=True)
class AdviceAsk:
    """The question: the workload's options and amounts, its demand, the region's prices."""

    options: Sequence[OptionBase]  # the workload's own, to take the engine and shape from
    cluster: ClusterQuantities
    demand: Demand
    pricing: RegionPricing
    constraints: Constraints
    name: str  # the name to give the advised option

    def template(self, kind: str) -> OptionBase | None:
        """The workload's first option of `kind`, if it has one."""
        return next((o for o in self.options if getattr(o, "kind", None) == kind), None)

    def engine(self, kind: str) -> str:
        """The engine of the workload's option of `kind`, else of its first option."""
        return (self.template(kind) or self.options[0]).engine

    def version_fields(self, kind: str) -> dict[str, str]:
        """The engine version and Extended Support choice of the same option as `engine`:
        advice keeps the version the workload runs (what AWS creates and charges on it)."""
        source = self.template(kind) or self.options[0]
        fields = ("engine_version", "engine_lifecycle_support")
        return {k: getattr(source, k) for k in fields if getattr(source, k, None) is not None}


@dataclass
class AdviceSpace:
    """A kind's answer: the configurations to price, and how to explain the outcome."""

    candidates: Iterable[tuple[OptionBase, OptionRun]]  # each priced as it comes
    why: Callable[[OptionBase, OptionReport, int], str]  # chosen, its report, how many priced
    nothing: Callable[[list[str]], str]  # why none qualifies, given why each priced one did not


def half_up(value: float) -> float:
    return math.ceil(value * 2) / 2


def throttled_hours(demand: Demand, max_acu: float) -> float:
    """Hours a month with demand above `max_acu` (capacity capped there)."""
    over = sum(n for level, n in zip(demand.levels, demand.minutes) if level > max_acu)
    return over / 60 * HOURS_PER_MONTH * 60 / demand.total_minutes


def smallest_max(demands: Sequence[Demand], floor: float, allowed_hours: float) -> float | None:
    """The smallest v2 max_acu (0.5 steps, >= 1 and >= floor) within the allowed throttling
    for every instance's demand, or None when not even 256 ACU is enough."""
    low = max(1.0, floor)
    high = capacity.V2_MAX_ACU

    def ok(value: float) -> bool:
        return all(throttled_hours(d, value) <= allowed_hours for d in demands)

    if not ok(high):
        return None
    steps_low, steps_high = int(low * 2), int(high * 2)  # bisection over half-ACU steps
    while steps_low < steps_high:
        middle = (steps_low + steps_high) // 2
        if ok(middle / 2):
            steps_high = middle
        else:
            steps_low = middle + 1
    return steps_low / 2
