"""The cheapest configuration of each kind that carries the load and has a complete bill.

What is derived rather than searched (the cost is monotone in each):
- Serverless v2 `min_acu`: a higher floor bills the same or more every minute, so the
  lowest allowed wins: 0 with auto-pause (unless `--no-pause`), else 0.5 or
  `--min-acu-at-least`. The pause delay: a longer one only runs idle longer, so 300 s.
- Serverless v2 `max_acu`: a higher maximum bills the same or more, so the smallest that
  keeps the throttled hours within `--max-throttled-hours` (0: the peak, rounded up to
  0.5 ACU), found by bisection over the half-ACU steps.
Searched: Standard against I/O-Optimized storage (both priced), and every instance class
the region sells for the engine (each priced once; the instance count is the workload's).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from aurora_cost.billing import price_option
from aurora_cost.demand.runs import Demand
from aurora_cost.engine import qualify
from aurora_cost.money import HOURS_PER_MONTH, tidy
from aurora_cost.options import Option, ProvisionedOption, ServerlessV2Option, capacity
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import OptionReport
from aurora_cost.workload.model import Workload

KINDS = ("serverless-v2", "provisioned")


@dataclass(frozen=True)
class Constraints:
    no_pause: bool = False
    min_acu_at_least: float | None = None
    max_throttled_hours: float = 0.0
    kinds: tuple[str, ...] = KINDS


@dataclass(frozen=True)
class Found:
    """The best configuration of one kind, priced, and why it was chosen."""

    option: Option
    report: OptionReport
    why: str


def _half_up(value: float) -> float:
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


def _template(workload: Workload, kind: str) -> Option | None:
    return next((o for o in workload.options if o.kind == kind), None)


def _engine(workload: Workload, kind: str) -> str:
    same = _template(workload, kind)
    return (same or workload.options[0]).engine


def _cheaper(
    reports: list[tuple[Option, OptionReport]], allowed_hours: float = 0.0
) -> tuple[Option, OptionReport] | None:
    allowed = Decimal(repr(allowed_hours))
    good = [
        (o, r)
        for o, r in reports
        if qualify(r, throttled_hours_allowed=allowed).status == "qualifies"
        and r.monthly_cost is not None
    ]
    return min(good, key=lambda pair: pair[1].monthly_cost or Decimal(0), default=None)


def _storage_note(
    chosen: Option, report: OptionReport, priced: list[tuple[Option, OptionReport]]
) -> str:
    """How much the other storage configuration of the same choice would cost more."""
    same = [
        r for o, r in priced
        if o.storage != chosen.storage and o.model_dump(exclude={"storage"}) == chosen.model_dump(exclude={"storage"})
    ]  # fmt: skip
    if not same or same[0].monthly_cost is None or report.monthly_cost is None:
        return ""
    gap = same[0].monthly_cost - report.monthly_cost
    config, other = (
        ("I/O-Optimized", "Standard") if chosen.io_optimized else ("Standard", "I/O-Optimized")
    )
    return f"; {config}: {other} would cost ${gap:,.2f} more"


def best_serverless_v2(
    workload: Workload,
    demand: Demand,
    pricing: RegionPricing,
    constraints: Constraints,
    *,
    name: str = "advised-serverless-v2",
) -> Found | str:
    """The cheapest v2 configuration that fits, or why there is none."""
    template = _template(workload, "serverless-v2")
    base: dict[str, Any] = {"name": name, "kind": "serverless-v2"}
    base["engine"] = _engine(workload, "serverless-v2")
    if isinstance(template, ServerlessV2Option):
        for key in ("readers", "reader_scaling", "reader_acu", "rds_proxy"):
            value = getattr(template, key)
            if value not in (None, 0, False, "with-writer"):
                base[key] = value.model_dump(mode="json") if key == "reader_acu" else value
    elif workload.options[0].instance_count > 1:  # as many readers as the workload runs
        base["readers"] = min(capacity.V2_MAX_READERS, workload.options[0].instance_count - 1)
    at_least = constraints.min_acu_at_least or 0.0
    pause = not constraints.no_pause and at_least <= 0 and not base.get("rds_proxy")
    min_acu = 0.0 if pause else max(capacity.V2_MIN_RUNNING_ACU, _half_up(at_least))
    demands = [demand]
    probe = ServerlessV2Option.model_validate({**base, "min_acu": min_acu, "max_acu": 256})
    reader_demand = probe.reader_demand()
    if reader_demand is not None:
        demands.append(reader_demand)
    max_acu = smallest_max(demands, min_acu, constraints.max_throttled_hours)
    if max_acu is None:
        return f"no Serverless v2 maximum up to {capacity.V2_MAX_ACU:g} ACU carries the load"
    config = {**base, "min_acu": min_acu, "max_acu": max_acu}
    if pause:
        config["seconds_until_auto_pause"] = capacity.AUTO_PAUSE_MIN_SECONDS
    priced: list[tuple[Option, OptionReport]] = []
    run = None
    for storage in ("standard", "io-optimized"):
        option = ServerlessV2Option.model_validate({**config, "storage": storage})
        run = run or option.simulate(demand)  # storage does not change the capacity
        priced.append((option, price_option(option, run, workload, pricing)))
    best = _cheaper(priced, constraints.max_throttled_hours)
    if best is None:
        reasons = {r.settings: qualify(r).reason for _, r in priced}
        return "no Serverless v2 configuration qualifies: " + "; ".join(reasons.values())
    chosen, report = best
    assert isinstance(chosen, ServerlessV2Option)
    why = _v2_why(demand, chosen, constraints) + _storage_note(chosen, report, priced)
    return Found(chosen, report, why)


def _v2_why(demand: Demand, option: ServerlessV2Option, constraints: Constraints) -> str:
    idle = sum(n for level, n in zip(demand.levels, demand.minutes) if level <= 0) / 60
    total = demand.total_minutes / 60
    period = "a week" if demand.cyclic else "traced"
    if option.min_acu == 0:
        first = (
            f"min 0: idle {tidy(Decimal(idle), 1)} of {tidy(Decimal(total), 1)} hours "
            f"{period}; pause after {option.pause_seconds} s"
        )
    elif constraints.no_pause or (constraints.min_acu_at_least or 0) > 0:
        first = f"min {option.min_acu:g}: no pause asked for"
    else:
        first = f"min {option.min_acu:g}: an RDS Proxy keeps the instances from pausing"
    allowed = constraints.max_throttled_hours
    capped = f", {allowed:g} throttled hours a month allowed" if allowed else ""
    return f"{first}; max {option.max_acu:g}: peak demand {demand.peak:g} ACU{capped}"


def best_provisioned(
    workload: Workload,
    demand: Demand,
    pricing: RegionPricing,
    *,
    name: str = "advised-provisioned",
) -> Found | str:
    """The cheapest instance class (and storage) the region sells that holds the peak."""
    template = _template(workload, "provisioned")
    engine = _engine(workload, "provisioned")
    # as many instances as the workload runs (its provisioned option's, else its first's)
    instances = (template or workload.options[0]).instance_count
    proxy = bool(template and template.rds_proxy)
    priced: list[tuple[Option, OptionReport]] = []
    fitting = 0
    for cls in sorted(pricing.instances):
        for storage in ("standard", "io-optimized"):
            if pricing.instance_rate(cls, engine, storage == "io-optimized") is None:
                continue
            option = ProvisionedOption.model_validate(
                {"name": name, "kind": "provisioned", "engine": engine, "instance_class": cls,
                 "instances": instances, "storage": storage, "rds_proxy": proxy}
            )  # fmt: skip
            run = option.simulate(demand)
            if option.fit(run).status != "fits":
                continue
            fitting += 1
            priced.append((option, price_option(option, run, workload, pricing)))
    best = _cheaper(priced)
    if best is None:
        return (
            f"no instance class sold in {pricing.region} for Aurora {engine} holds the peak "
            f"demand of {demand.peak:g} ACU with a complete bill"
        )
    chosen, report = best
    assert isinstance(chosen, ProvisionedOption)
    fit = report.fit
    holds = f" ({fit.capacity_acu} ACU)" if fit and fit.capacity_acu is not None else ""
    why = (
        f"{chosen.instance_class} x {chosen.instances}: the cheapest of {fitting} class and "
        f"storage choices that hold the {demand.peak:g} ACU peak{holds}"
    ) + _storage_note(chosen, report, priced)
    return Found(chosen, report, why)
