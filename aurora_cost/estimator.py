"""The one path from a workload to a bill: load, what-if, demand, simulate, price, report.

    from aurora_cost import estimate
    report = estimate("examples/small-app.yaml", region="eu-west-1")

Simulation does not depend on prices, so `simulate_workload` runs once and `price`
turns it into a report for any number of regions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, overload

from aurora_cost import __version__
from aurora_cost.demand.build import DemandProfile, build_demand
from aurora_cost.demand.runs import bucket_totals
from aurora_cost.demand.spec import MAX_DEMAND_ACU
from aurora_cost.errors import InputError, UnknownRegionError
from aurora_cost.money import HOURS_PER_MONTH, money, tidy
from aurora_cost.options import Option, OptionRun
from aurora_cost.options.base import NotSold
from aurora_cost.options.charges import cluster_charges
from aurora_cost.options.meter import chart_bucket_minutes
from aurora_cost.options.savings_plan import HourlyUsage, best_commitment
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.pricing.store import load_all, load_region, price_layers
from aurora_cost.report import (
    Chart,
    Diagnostic,
    MultiRegionReport,
    OptionReport,
    PeriodInfo,
    PricingInfo,
    Report,
    SavingsPlan,
)
from aurora_cost.workload.model import Workload, load_workload
from aurora_cost.workload.whatif import WhatIf, apply_what_if

REGION_ENVS = ("AWS_REGION", "AWS_DEFAULT_REGION")


@dataclass
class Simulation:
    """A workload's options simulated over its demand: the same in every region."""

    workload: Workload
    demand: DemandProfile
    runs: list[tuple[Option, OptionRun]]
    source: Path | str | None = None  # the workload file, for error messages
    chart: Chart | None = None  # drawn once, not once per region
    workload_json: dict[str, Any] = field(default_factory=dict)  # likewise, dumped once
    notes: list[Diagnostic] = field(default_factory=list)  # report-wide: what-if, trace


def default_workload_path() -> Path:
    """`examples/small-app.yaml`, shipped inside the package (or in the checkout, when editable)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled_examples" / "small-app.yaml"
    return packaged if packaged.is_file() else here.parent / "examples" / "small-app.yaml"


def resolve_region(flag: str | None, workload: Workload) -> str:
    """`--region`, else the workload's `region`, else AWS_REGION, else AWS_DEFAULT_REGION."""
    if flag is not None:
        if not flag.strip():
            raise InputError(
                "--region: the value is empty; give a region code, e.g. --region eu-west-1"
            )
        return flag.strip()
    if workload.region:
        return workload.region
    for name in REGION_ENVS:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    raise InputError(
        "no region given; pass --region (e.g. --region eu-west-1), set region: in the "
        "workload file, or set AWS_REGION"
    )


@overload
def estimate(
    workload: Workload | str | Path | None = ...,
    region: str | None = ...,
    *,
    all_regions: Literal[False] = ...,
    what_if: WhatIf | None = ...,
    pricing: str | Path | None = ...,
) -> Report: ...
@overload
def estimate(
    workload: Workload | str | Path | None = ...,
    region: str | None = ...,
    *,
    all_regions: Literal[True],
    what_if: WhatIf | None = ...,
    pricing: str | Path | None = ...,
) -> MultiRegionReport: ...


def estimate(
    workload: Workload | str | Path | None = None,
    region: str | None = None,
    *,
    all_regions: bool = False,
    what_if: WhatIf | None = None,
    pricing: str | Path | None = None,
) -> Report | MultiRegionReport:
    """Price a workload (a model, a YAML path, or None for the default) in one region or all.

    The region: `region`, else the workload's, else AWS_REGION / AWS_DEFAULT_REGION.
    `what_if` overrides the workload as the command line's flags do; `pricing` is a
    directory of price files (default: `AURORA_COST_PRICING`, else the bundled ones).
    """
    if all_regions and region:
        raise InputError("--region and --all-regions cannot be used together; choose one")
    source: Path | str | None = None
    base_dir: Path | None = None
    if workload is None:
        workload = default_workload_path()
    if not isinstance(workload, Workload):
        source = Path(workload)
        base_dir = source.parent
        workload = load_workload(source)
    changed, notes = apply_what_if(workload, what_if) if what_if else (workload, [])
    directory = price_layers(pricing)
    if not all_regions:
        code = resolve_region(region, changed)
        try:
            regional = load_region(code, directory)
        except UnknownRegionError as exc:
            if region or not changed.region or source is None:
                raise
            # the code came from the workload file: name the file and the field
            raise UnknownRegionError(f"{source}: region: {exc}") from None
        return price(simulate_workload(changed, base_dir, source, notes), regional)
    sim = simulate_workload(changed, base_dir, source, notes)
    regionals = load_all(directory)
    sold = {cls for regional in regionals for cls in regional.instances}
    reports = [price(sim, regional, other_classes=sold) for regional in regionals]

    def by_cheapest(report: Report) -> tuple[int, Decimal, str]:
        if report.cheapest is None:
            return (1, Decimal(0), report.region)
        cost = report.option(report.cheapest).monthly_cost or Decimal(0)
        return (0, cost, report.region)

    return MultiRegionReport(reports=sorted(reports, key=by_cheapest))


def simulate_workload(
    workload: Workload,
    base_dir: Path | None = None,
    source: Path | str | None = None,
    what_if_notes: list[str] | None = None,
) -> Simulation:
    """Build the demand once and let every option simulate itself over it."""
    demand = build_demand(workload.usage, base_dir)
    peak = demand.demand.peak
    if not peak <= MAX_DEMAND_ACU:  # also catches NaN
        where = (demand.trace_info or {}).get("path") or source or "the workload"
        raise InputError(
            f"{where}: peak demand {peak:g} ACU is more than {MAX_DEMAND_ACU:,} ACU; "
            "check the demand column and its unit (ACUs), or lower scale"
        )
    runs = [(option, option.simulate(demand.demand)) for option in workload.options]
    notes = [_note("what-if", text) for text in what_if_notes or []]
    notes += [_note("trace", text) for text in demand.notes]
    sim = Simulation(workload, demand, runs, source, notes=notes)
    sim.chart = _chart(sim)
    sim.workload_json = workload.model_dump(mode="json")
    return sim


def _note(code: str, message: str) -> Diagnostic:
    return Diagnostic(code=code, severity="info", message=message)


def price(
    sim: Simulation, pricing: RegionPricing, *, other_classes: set[str] | None = None
) -> Report:
    """The report for one region.

    An option that names something no price file knows (an instance class that is neither
    a known Aurora class nor sold in this region or in `other_classes`) is an InputError;
    an option this region does not sell is priced as "not sold".
    """
    known = set(pricing.instances).union(other_classes or ())
    for index, (option, _) in enumerate(sim.runs):
        problem = option.catalogue_problem(known)
        if problem is not None:
            where = f"{sim.source}: " if sim.source is not None else ""
            raise InputError(f"{where}options[{index}].{problem}")
    options = [_price_option(option, run, sim.workload, pricing) for option, run in sim.runs]
    cheapest = min(
        (o for o in options if o.qualifies), key=lambda o: o.monthly_cost or 0, default=None
    )
    passed_over = _passed_over(options, cheapest)
    demand = sim.demand
    return Report(
        tool_version=__version__,
        region=pricing.region,
        region_name=pricing.name,
        hours_per_month=HOURS_PER_MONTH,
        pricing=PricingInfo(
            source=pricing.source.name,
            url=pricing.source.url,
            published=pricing.source.published.isoformat(),
            offer_version=pricing.source.offer_version,
        ),
        workload=sim.workload_json,
        period=PeriodInfo(
            usage=demand.kind,
            simulated_minutes=demand.demand.total_minutes,
            normalization=_normalization_text(demand),
            trace=demand.trace_info,
        ),
        options=options,
        cheapest=cheapest.name if cheapest else None,
        warnings=[d.message for d in [*sim.notes, *passed_over]],
        chart=sim.chart,
        diagnostics=[*sim.notes, *passed_over],
    )


def _why_not(option: OptionReport) -> str:
    """Why an option cannot be named cheapest (it does not qualify)."""
    if not option.available:
        return "not sold in this region"
    if option.legacy:
        return "legacy (Serverless v1 reached end of life; no new clusters)"
    if option.fit is not None and option.fit.status != "fits":
        return f"{option.fit.status}: {option.fit.detail}"
    return f"its bill leaves out {', '.join(option.missing)}"


def _passed_over(options: list[OptionReport], cheapest: OptionReport | None) -> list[Diagnostic]:
    """A warning for each option that would be cheaper, or any at all, but does not qualify."""
    limit = cheapest.monthly_cost if cheapest is not None else None
    out = []
    for option in options:
        if option.qualifies:
            continue
        cost = option.monthly_cost
        if limit is not None and (cost is None or cost >= limit or option.legacy):
            continue  # dearer than the cheapest anyway (or legacy): nothing to explain
        out.append(
            Diagnostic(
                code="passed-over",
                severity="warning",
                message=f"{option.name} is not considered for cheapest: {_why_not(option)}",
                option=option.name,
            )
        )
    if cheapest is None and options:
        out.append(
            Diagnostic(
                code="no-cheapest",
                severity="warning",
                message="no option is available, current, fits the load and has a complete "
                "bill in this region, so none is named cheapest",
            )
        )
    return out


def _price_option(
    option: Option, run: OptionRun, workload: Workload, pricing: RegionPricing
) -> OptionReport:
    notices = option.notices()
    fit = option.fit(run)
    compute = option.bill_compute(run, pricing, workload)
    if isinstance(compute, NotSold):
        diagnostics = [option.diagnostic("not-sold", compute.reason), *notices]
        return OptionReport(
            name=option.name,
            kind=option.kind,
            settings=option.settings(),
            available=False,
            legacy=option.legacy,
            monthly_cost=None,
            line_items=[],
            usage=None,
            warnings=[d.message for d in diagnostics],
            diagnostics=diagnostics,
            fit=fit,
        )
    charged = cluster_charges(option, run, workload, pricing)
    items = compute.items + charged.items
    diagnostics = notices + compute.diagnostics + charged.diagnostics
    if charged.missing:
        left_out = ", ".join(charged.missing)
        diagnostics.append(
            option.diagnostic(
                "incomplete",
                f"the total leaves out {left_out}: it is a lower bound of the bill",
                short=f"lower bound: leaves out {left_out}",
            )
        )
    report = OptionReport(
        name=option.name,
        kind=option.kind,
        settings=option.settings(),
        available=True,
        legacy=option.legacy,
        monthly_cost=sum((item.monthly_cost for item in items), Decimal(0)),
        line_items=items,
        usage=compute.metered,
        warnings=[d.message for d in diagnostics],
        diagnostics=diagnostics,
        fit=fit,
        complete=not charged.missing,
        missing=charged.missing,
    )
    usage = option.savings_plan_usage(run, pricing)
    if usage is None or pricing.savings_plans is None:
        return report
    plan = _savings_plan(report, usage, pricing.savings_plans.rates)
    return report.model_copy(update={"savings_plan": plan})


def _savings_plan(
    report: OptionReport, usage: HourlyUsage, rates: Literal["derived", "offer-file"]
) -> SavingsPlan:
    """The option's whole bill with its best commitment: compute replaced, the rest kept."""
    best = best_commitment(usage)
    total = report.monthly_cost or Decimal(0)
    if best.hourly:
        on_demand = sum(
            (i.monthly_cost for i in report.line_items if i.name == "compute"), Decimal(0)
        )
        monthly = total - on_demand + money(best.monthly_compute)
    else:
        monthly = total  # no commitment pays: the on-demand bill
    return SavingsPlan(
        hourly_commitment=best.hourly,
        monthly_cost=monthly,
        savings=total - monthly,
        discount_percent=tidy((1 - usage.discounted / usage.on_demand) * 100, 2),
        rates=rates,
    )


def _normalization_text(demand: DemandProfile) -> str:
    minutes = demand.demand.total_minutes
    if demand.kind == "trace":
        return f"traced cost x {HOURS_PER_MONTH} h / {tidy(Decimal(minutes) / 60)} h traced"
    return f"weekly cost x {HOURS_PER_MONTH} / 168 (the second of two simulated weeks is billed)"


def _chart(sim: Simulation) -> Chart:
    demand = sim.demand.demand
    bucket = chart_bucket_minutes(demand.total_minutes)
    sums = bucket_totals(demand.levels, demand.minutes, bucket)
    series = {
        option.name: [_average(v, bucket) for v in run.writer.profile]
        for option, run in sim.runs
        if run.writer is not None and run.writer.bucket_minutes == bucket
    }
    return Chart(bucket_minutes=bucket, demand=[_average(v, bucket) for v in sums], options=series)


def _average(acu_minutes: float, bucket: int) -> float:
    """A bucket's average ACU to 2 decimals; never 0 when there was any capacity, so that a
    minute's burst in a wide bucket still draws."""
    average = round(acu_minutes / bucket, 2)
    return 0.01 if average == 0 and acu_minutes > 0 else average
