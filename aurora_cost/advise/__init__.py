"""Advice: the cheapest configuration of each kind that carries the workload's load, against
the workload's own options, and where serverless stops paying.

    from aurora_cost.advise import advise
    advice = advise("examples/small-app.yaml", region="eu-west-1")
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from aurora_cost import __version__
from aurora_cost.advise.breakeven import SIDES, by_active_hours, by_steady_acu
from aurora_cost.advise.model import Advice, Current, Recommendation, WaysToPay, WayToPay
from aurora_cost.advise.search import Constraints, Found, best_of_kind
from aurora_cost.demand.build import DemandProfile
from aurora_cost.engine import PriceBook, price, simulate
from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.estimator import load_inputs
from aurora_cost.money import HOURS_PER_MONTH
from aurora_cost.options import OptionBase, advised_kinds
from aurora_cost.report import Diagnostic, OptionReport, Report
from aurora_cost.workload.model import Workload
from aurora_cost.workload.whatif import WhatIf

__all__ = ["Constraints", "advise"]


def _current(report: Report, name: str | None) -> OptionReport | None:
    names = [o.name for o in report.options]
    if name is not None:
        if name not in names:
            hint = did_you_mean(name, names) or f"; options: {', '.join(names)}"
            raise InputError(f"--current: no option named '{name}'{hint}")
        return report.option(name)
    return next((o for o in report.options if o.available and not o.legacy), None)


def _ways_to_pay(report: OptionReport) -> WaysToPay:
    """The bill on demand, with its Savings Plan, with its Reserved Instances, and the
    cheapest of them (on a tie, the one that commits less: the order below)."""
    on_demand = report.monthly_cost or Decimal(0)
    plan = report.savings_plan.monthly_cost if report.savings_plan is not None else None
    reserved = report.reserved_instance
    reserved_cost = reserved.monthly_cost if reserved is not None else None
    ways: list[tuple[WayToPay, Decimal | None]] = [
        ("on-demand", on_demand),
        ("savings-plan", plan),
        ("reserved", reserved_cost),
    ]
    priced = [(cost, order, way) for order, (way, cost) in enumerate(ways) if cost is not None]
    return WaysToPay(
        on_demand=on_demand, savings_plan=plan, reserved=reserved_cost, cheapest=min(priced)[2]
    )


def _as_written(option: OptionBase) -> dict[str, Any]:
    """An option as one would write it in a workload file: `kind` first, defaults left out
    but the storage and engine said, 0 rather than 0.0."""
    given = option.model_dump(mode="json", exclude_defaults=True)
    shown = {"name": option.name, "kind": option.kind, **given}
    shown.update(storage=option.storage, engine=option.engine)
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in shown.items()}


def advise(
    workload: Workload | str | Path | None = None,
    region: str | None = None,
    *,
    what_if: WhatIf | None = None,
    pricing: str | Path | None = None,
    constraints: Constraints | None = None,
    base_dir: Path | None = None,
    current: str | None = None,
    book: PriceBook | None = None,
    profile: DemandProfile | None = None,
) -> Advice:
    """The advice for a workload in one region (the same inputs as `estimate`; `base_dir`:
    where a workload model's relative trace path starts). With a `book` (a caller's, e.g.
    one per infrastructure run), `region` is the region to advise in and `pricing` unused.

    `current` names the option the savings are counted against; by default the
    workload's first option that can be created today (what it runs now: list it first).
    `profile`: a demand built already (a bill's hourly capacity) instead of the workload's.
    """
    constraints = constraints or Constraints()
    searched = advised_kinds()  # the built-in kinds and any registered with `advised = True`
    kinds = searched if constraints.kinds is None else constraints.kinds
    constraints = replace(constraints, kinds=kinds)
    unknown = [k for k in kinds if k not in searched]
    if unknown or not kinds:
        raise InputError(
            f"--kinds: {', '.join(unknown) or 'nothing'} is not a kind advise searches; use "
            f"{' and/or '.join(searched)}"
        )
    inputs = load_inputs(workload, what_if, base_dir)
    if book is not None and region is not None:
        regional = book.prices(region)
    else:
        book = book or PriceBook(pricing, region)
        regional = book.for_workload(inputs.workload, inputs.source)
    sim = (
        inputs.simulate()
        if profile is None
        else simulate(inputs.workload, inputs.base_dir, inputs.source, inputs.notes, profile)
    )
    # the workload's own options, as compare prices them
    report = price(sim, book, regional.region)
    demand = sim.profile.demand
    notes = list(report.diagnostics)
    found: list[Found] = []
    for kind in kinds:
        result = best_of_kind(kind, inputs.workload, demand, regional, constraints)
        if isinstance(result, Found):
            found.append(result)
            # what the sources leave unconfirmed about it (a maximum above 128 ACUs on its
            # version) is said, never a reason to leave it out
            notes += [d for d in result.report.diagnostics if d.code == "engine-version"]
        else:
            notes.append(Diagnostic(code="no-advice", severity="warning", message=result))
    now = _current(report, current)
    current_cost = now.monthly_cost if now is not None else None
    found.sort(key=lambda f: f.report.monthly_cost or Decimal(0))
    recommendations = [
        Recommendation(
            rank=rank,
            option=_as_written(f.option),
            monthly_cost=f.report.monthly_cost or Decimal(0),
            savings_vs_current=(
                None if current_cost is None else current_cost - (f.report.monthly_cost or 0)
            ),
            savings_plan=f.report.savings_plan,
            fit=f.report.fit,
            why=f.why,
            reserved_instance=f.report.reserved_instance,
            ways_to_pay=_ways_to_pay(f.report),
        )
        for rank, f in enumerate(found, start=1)
        if f.report.fit is not None
    ]
    breakeven = []
    if set(SIDES) <= set(kinds) and demand.peak > 0:
        breakeven = [
            by_active_hours(inputs.workload, demand.peak, regional, constraints),
            by_steady_acu(inputs.workload, demand.peak, regional, constraints),
        ]
    return Advice(
        tool_version=__version__,
        region=regional.region,
        hours_per_month=HOURS_PER_MONTH,
        pricing=report.pricing,
        current=Current(option=now.name if now else None, monthly_cost=current_cost),
        recommendations=recommendations,
        breakeven=breakeven,
        warnings=[d.message for d in notes],
        diagnostics=notes,
    )
