"""The cheapest configuration of each kind that carries the load and has a complete bill.

Each option kind says what to search (`advice_space`: the serverless-v2 kind derives its
ACU range and tries both storage configurations, the provisioned kind every instance class
the region sells); this module has the pricing engine price and judge what the kind offers
(`engine.price_one`, as `compare` prices each option) and keeps the cheapest that
qualifies, without asking which kind it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aurora_cost.demand.runs import Demand
from aurora_cost.engine import PricedOption, price_one
from aurora_cost.options import KINDS, OptionBase
from aurora_cost.options.advice import AdviceAsk, Constraints, smallest_max, throttled_hours
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import OptionReport
from aurora_cost.workload.model import Workload

__all__ = [
    "Constraints",
    "Found",
    "best",
    "best_of_kind",
    "smallest_max",
    "throttled_hours",
]


@dataclass(frozen=True)
class Found:
    """The best configuration of one kind, priced, and why it was chosen."""

    option: OptionBase
    report: OptionReport
    why: str


def _cheaper(
    priced: list[tuple[OptionBase, PricedOption]],
) -> tuple[OptionBase, OptionReport] | None:
    good = [
        (option, p.report)
        for option, p in priced
        if p.qualifies and p.report.monthly_cost is not None
    ]
    return min(good, key=lambda pair: pair[1].monthly_cost or Decimal(0), default=None)


def _storage_note(
    chosen: OptionBase, report: OptionReport, priced: list[tuple[OptionBase, PricedOption]]
) -> str:
    """How much the other storage configuration of the same choice would cost more."""
    same = [
        p.report for o, p in priced
        if o.storage != chosen.storage and o.model_dump(exclude={"storage"}) == chosen.model_dump(exclude={"storage"})
    ]  # fmt: skip
    if not same or same[0].monthly_cost is None or report.monthly_cost is None:
        return ""
    gap = same[0].monthly_cost - report.monthly_cost
    config, other = (
        ("I/O-Optimized", "Standard") if chosen.io_optimized else ("Standard", "I/O-Optimized")
    )
    return f"; {config}: {other} would cost ${gap:,.2f} more"


def best(kind: type[OptionBase], ask: AdviceAsk) -> Found | str:
    """The cheapest configuration the kind offers that qualifies, or why there is none."""
    space = kind.advice_space(ask)
    if isinstance(space, str):
        return space
    allowed = Decimal(repr(ask.constraints.max_throttled_hours))
    priced = [
        (option, price_one(option, run, ask.cluster, ask.pricing, throttled_hours_allowed=allowed))
        for option, run in space.candidates
    ]
    found = _cheaper(priced)
    if found is None:
        reasons = {p.report.settings: p.qualification.reason for _, p in priced}
        return space.nothing(list(reasons.values()))
    chosen, report = found
    why = space.why(chosen, report, len(priced)) + _storage_note(chosen, report, priced)
    return Found(chosen, report, why)


def best_of_kind(
    kind: str,
    workload: Workload,
    demand: Demand,
    pricing: RegionPricing,
    constraints: Constraints | None = None,
) -> Found | str:
    """`best` for the registered kind named `kind`, the option named `advised-<kind>`."""
    ask = AdviceAsk(
        options=workload.options,
        cluster=workload,
        demand=demand,
        pricing=pricing,
        constraints=constraints or Constraints(),
        name=f"advised-{kind}",
    )
    return best(KINDS[kind], ask)
