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
from aurora_cost.billing import passed_over_notes, price_option
from aurora_cost.demand.build import DemandProfile, build_demand
from aurora_cost.demand.runs import bucket_totals
from aurora_cost.demand.spec import MAX_DEMAND_ACU
from aurora_cost.errors import InputError, UnknownRegionError
from aurora_cost.money import HOURS_PER_MONTH, tidy
from aurora_cost.options import Option, OptionRun
from aurora_cost.options.meter import chart_bucket_minutes
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.pricing.store import Directories, load_all, load_region, price_layers
from aurora_cost.report import (
    Chart,
    Diagnostic,
    MultiRegionReport,
    PeriodInfo,
    PricingInfo,
    Report,
)
from aurora_cost.versions.lifecycle import month_of
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


@dataclass
class Inputs:
    """A workload as loaded, with the what-if flags applied, and where it came from."""

    workload: Workload
    source: Path | None = None  # the workload file, for error messages
    notes: list[str] = field(default_factory=list)  # how the what-if flags were applied
    base_dir: Path | None = None  # what a trace's relative path is relative to


def load_inputs(
    workload: Workload | str | Path | None, what_if: WhatIf | None, base_dir: Path | None = None
) -> Inputs:
    """The workload (a model, a YAML path, or None for the default) with the flags applied.

    A trace's relative path is relative to the workload file, else to `base_dir`."""
    source: Path | None = None
    if workload is None:
        workload = default_workload_path()
    if not isinstance(workload, Workload):
        source = Path(workload)
        workload = load_workload(source)
    changed, notes = apply_what_if(workload, what_if) if what_if else (workload, [])
    return Inputs(changed, source, notes, source.parent if source else base_dir)


def region_prices(region: str | None, inputs: Inputs, directory: Directories) -> RegionPricing:
    """The price file of the region the flag, the workload or the environment names."""
    code = resolve_region(region, inputs.workload)
    try:
        return load_region(code, directory)
    except UnknownRegionError as exc:
        if region or not inputs.workload.region or inputs.source is None:
            raise
        # the code came from the workload file: name the file and the field
        raise UnknownRegionError(f"{inputs.source}: region: {exc}") from None


def simulate(inputs: Inputs, demand: DemandProfile | None = None) -> Simulation:
    return simulate_workload(inputs.workload, inputs.base_dir, inputs.source, inputs.notes, demand)


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
    inputs = load_inputs(workload, what_if)
    directory = price_layers(pricing)
    if not all_regions:
        regional = region_prices(region, inputs, directory)  # a bad region before any work
        return price(simulate(inputs), regional)
    sim = simulate(inputs)
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
    demand: DemandProfile | None = None,
) -> Simulation:
    """Build the demand once (or take one built already) and let every option simulate
    itself over it."""
    demand = demand or build_demand(workload.usage, base_dir)
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
    options = [price_option(option, run, sim.workload, pricing) for option, run in sim.runs]
    cheapest = min(
        (o for o in options if o.qualifies), key=lambda o: o.monthly_cost or 0, default=None
    )
    passed_over = passed_over_notes(options, cheapest)
    demand = sim.demand
    return Report(
        tool_version=__version__,
        region=pricing.region,
        region_name=pricing.name,
        hours_per_month=HOURS_PER_MONTH,
        as_of=f"{month_of(sim.workload.as_of):%Y-%m}",
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
