"""From a workload and a region's prices to a report of line-item bills per option.

Simulation does not depend on prices, so `simulate_workload` runs once and `price`
turns it into a report for any number of regions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from aurora_cost import __version__
from aurora_cost.demand.build import UsageDemand, usage_demand
from aurora_cost.demand.runs import Demand, bucket_totals
from aurora_cost.errors import InputError
from aurora_cost.options import capacity
from aurora_cost.options.charges import as_decimal, cluster_items, line_item, tidy
from aurora_cost.options.instances import check_instance_classes, known_classes
from aurora_cost.options.simulate import (
    CapacityResult,
    chart_bucket_minutes,
    simulate_v1,
    simulate_v2,
)
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import (
    Chart,
    LineItem,
    OptionReport,
    PeriodInfo,
    PricingInfo,
    Report,
    UsageSummary,
)
from aurora_cost.workload.model import (
    Option,
    ProvisionedOption,
    ServerlessV1Option,
    ServerlessV2Option,
    Workload,
)

HOURS_PER_MONTH = 730
V1_END_OF_LIFE = "2025-03-31"
V1_WARNING = (
    f"Aurora Serverless v1 reached end of life on {V1_END_OF_LIFE}; no new v1 clusters can be "
    "created, so it is shown for comparison only"
)


@dataclass
class OptionRun:
    """One option's simulated instances: the writer and the independent readers."""

    option: Option
    writer: CapacityResult | None = None
    readers: list[CapacityResult] = field(default_factory=list)
    peak_demand: float = 0.0


@dataclass
class Simulation:
    workload: Workload
    usage: UsageDemand
    runs: list[OptionRun]
    source: Path | str | None = None  # the workload file, for error messages
    chart: Chart | None = None  # the same in every region: drawn once, in simulate_workload
    workload_json: dict[str, Any] = field(default_factory=dict)  # likewise, dumped once


def monthly(quantity_per_period: float, period_minutes: int) -> Decimal:
    """A quantity over `period_minutes` scaled to a 730-hour month."""
    return as_decimal(quantity_per_period) * HOURS_PER_MONTH * 60 / period_minutes


# The most demand the simulator takes: the workload file's own limit on `acu` values.
MAX_DEMAND_ACU = 100_000


def simulate_workload(
    workload: Workload, base_dir: Path | None = None, source: Path | str | None = None
) -> Simulation:
    usage = usage_demand(workload.usage, base_dir)
    demand = usage.demand
    if not demand.peak <= MAX_DEMAND_ACU:  # also catches NaN
        where = (usage.trace_info or {}).get("path") or source or "the workload"
        raise InputError(
            f"{where}: peak demand {demand.peak:g} ACU is more than {MAX_DEMAND_ACU:,} ACU; "
            "check the demand column and its unit (ACUs), or lower scale"
        )
    runs = [_simulate_option(o, demand) for o in workload.options]
    sim = Simulation(workload, usage, runs, source)
    sim.chart = _chart(sim)
    sim.workload_json = workload.model_dump(mode="json")
    return sim


def _simulate_option(option: Option, demand: Demand) -> OptionRun:
    run = OptionRun(option, peak_demand=demand.peak)
    if isinstance(option, ServerlessV1Option):
        run.writer = simulate_v1(
            demand,
            engine=option.engine,
            min_acu=option.min_acu,
            max_acu=option.max_acu,
            auto_pause=option.auto_pause,
            pause_seconds=option.seconds_until_auto_pause,
        )
    elif isinstance(option, ServerlessV2Option):
        run.writer = _v2(option, demand)
        if option.reader_scaling == "independent" and option.readers:
            reader_usage = option.reader_acu
            reader_demand = (
                usage_demand(reader_usage).demand
                if reader_usage is not None
                else Demand.constant(option.min_acu)
            )
            result = _v2(option, reader_demand)
            run.readers = [result] * option.readers  # identical readers simulate alike
    return run


def _v2(option: ServerlessV2Option, demand: Demand) -> CapacityResult:
    return simulate_v2(
        demand,
        min_acu=option.min_acu,
        max_acu=option.max_acu,
        pause_seconds=option.pause_seconds if option.auto_pause else None,
    )


def price(sim: Simulation, pricing: RegionPricing, *, other_classes: Iterable[str] = ()) -> Report:
    """The report for one region.

    A provisioned class that is neither an Aurora class we know nor sold in this region
    (or in `other_classes`: the classes of the other regions being priced) is an
    InputError; a known class this region does not sell is priced as "not sold".
    """
    workload = sim.workload
    check_instance_classes(workload, known_classes(pricing.instances, other_classes), sim.source)
    options = [_price_option(run, workload, pricing) for run in sim.runs]
    candidates = [o for o in options if o.available and not o.legacy and o.monthly_cost is not None]
    cheapest = min(candidates, key=lambda o: o.monthly_cost or 0, default=None)
    demand = sim.usage.demand
    period = PeriodInfo(
        usage=sim.usage.kind,
        simulated_minutes=demand.total_minutes,
        normalization=_normalization_text(sim.usage),
        trace=sim.usage.trace_info,
    )
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
        period=period,
        options=options,
        cheapest=cheapest.name if cheapest else None,
        warnings=list(sim.usage.notes),
        chart=sim.chart,
    )


def _normalization_text(usage: UsageDemand) -> str:
    minutes = usage.demand.total_minutes
    if usage.kind == "trace":
        return f"traced cost x 730 h / {tidy(Decimal(minutes) / 60)} h traced"
    return "weekly cost x 730 / 168 (the second of two simulated weeks is billed)"


def _chart(sim: Simulation) -> Chart:
    demand = sim.usage.demand
    bucket = chart_bucket_minutes(demand.total_minutes)
    sums = bucket_totals(demand.levels, demand.minutes, bucket)
    series = {
        run.option.name: [round(v / bucket, 2) for v in run.writer.profile]
        for run in sim.runs
        if run.writer is not None and run.writer.bucket_minutes == bucket
    }
    return Chart(bucket_minutes=bucket, demand=[round(v / bucket, 2) for v in sums], options=series)


def _settings(option: Option) -> str:
    if isinstance(option, ServerlessV1Option):
        pause = (
            f", auto-pause after {option.seconds_until_auto_pause} s" if option.auto_pause else ""
        )
        return f"{option.engine}, {option.min_acu:g}-{option.max_acu:g} ACU{pause}"
    if isinstance(option, ServerlessV2Option):
        pause = f", auto-pause after {option.pause_seconds} s" if option.auto_pause else ""
        readers = f", {option.readers} reader(s) {option.reader_scaling}" if option.readers else ""
        return f"{option.min_acu:g}-{option.max_acu:g} ACU{pause}{readers}, {option.storage}"
    return f"{option.instance_class} x {option.instances}, {option.storage}"


def _unavailable(option: Option, reason: str, warnings: list[str], legacy: bool) -> OptionReport:
    return OptionReport(
        name=option.name,
        kind=option.kind,
        settings=_settings(option),
        available=False,
        legacy=legacy,
        monthly_cost=None,
        line_items=[],
        usage=None,
        warnings=[reason, *warnings],
    )


def _price_option(run: OptionRun, workload: Workload, pricing: RegionPricing) -> OptionReport:
    option = run.option
    rates = pricing.rates
    io_optimized = option.storage == "io-optimized"
    legacy = isinstance(option, ServerlessV1Option)
    warnings: list[str] = [V1_WARNING] if legacy else []
    items: list[LineItem] = []

    if isinstance(option, ProvisionedOption):
        per_class = pricing.instances.get(option.instance_class)
        rate = (
            None
            if per_class is None
            else (per_class.io_optimized if io_optimized else per_class.standard)
        )
        if rate is None:
            config = " with I/O-Optimized" if io_optimized and per_class else ""
            return _unavailable(
                option,
                f"{option.instance_class}{config} is not sold in {pricing.region}",
                warnings,
                legacy,
            )
        hours = Decimal(HOURS_PER_MONTH * option.instances)
        items.append(
            line_item(
                "compute",
                f"{option.instance_class} x {option.instances}",
                hours,
                "instance-hours",
                rate,
            )
        )
        usage = UsageSummary(
            acu_hours=Decimal(0),
            paused_hours=Decimal(0),
            peak_acu=tidy(as_decimal(run.peak_demand)),
            throttled_hours=Decimal(0),
            instance_hours=hours,
        )
        limit = capacity.instance_acu(option.instance_class)
        if limit is not None and run.peak_demand > limit:
            warnings.append(
                f"peak demand {run.peak_demand:g} ACU exceeds the memory of {option.instance_class} "
                f"({limit:g} ACU = {limit * capacity.GIB_PER_ACU:g} GiB); choose a larger class"
            )
        if workload.data_api_requests_per_month and option.instance_class.startswith("db.t"):
            warnings.append("the Data API does not run on T instance classes; choose an r class")
    else:
        assert run.writer is not None
        if isinstance(option, ServerlessV1Option):
            rate, what = rates.serverless_v1_acu_hour, "Aurora Serverless v1"
        elif io_optimized:
            rate, what = (
                rates.serverless_v2_io_optimized_acu_hour,
                "Aurora Serverless v2 I/O-Optimized",
            )
        else:
            rate, what = rates.serverless_v2_acu_hour, "Aurora Serverless v2"
        if rate is None:
            return _unavailable(option, f"{what} is not sold in {pricing.region}", warnings, legacy)
        usage, description = _serverless_usage(run)
        items.append(line_item("compute", description, usage.acu_hours, "ACU-hours", rate))
        if usage.throttled_hours > 0:
            warnings.append(
                f"demand exceeds max_acu {option.max_acu:g} for {tidy(usage.throttled_hours, 2)} "
                "hours a month (capacity capped: queries slow down); raise max_acu"
            )
        if isinstance(option, ServerlessV1Option) and workload.data_api_requests_per_month:
            warnings.append(
                "Data API calls wake a paused cluster; the simulation does not model that"
            )

    items.extend(cluster_items(option, workload, pricing, warnings))
    total = sum((item.monthly_cost for item in items), Decimal(0))
    return OptionReport(
        name=option.name,
        kind=option.kind,
        settings=_settings(option),
        available=True,
        legacy=legacy,
        monthly_cost=total,
        line_items=items,
        usage=usage,
        warnings=warnings,
    )


def _serverless_usage(run: OptionRun) -> tuple[UsageSummary, str]:
    writer = run.writer
    assert writer is not None
    option = run.option
    period = writer.total_minutes
    acu_hours = monthly(writer.acu_minutes, period) / 60
    description = "writer"
    if isinstance(option, ServerlessV2Option) and option.readers:
        if option.reader_scaling == "with-writer":
            acu_hours *= 1 + option.readers  # promotion tier 0-1 readers mirror the writer
            description = f"writer + {option.readers} reader(s) at the writer's capacity"
        else:
            for reader in run.readers:
                acu_hours += monthly(reader.acu_minutes, reader.total_minutes) / 60
            description = f"writer + {option.readers} independent reader(s)"
    summary = UsageSummary(
        acu_hours=tidy(acu_hours),
        paused_hours=tidy(monthly(writer.paused_minutes, period) / 60),
        peak_acu=tidy(as_decimal(writer.peak_acu)),
        throttled_hours=tidy(monthly(writer.throttled_minutes, period) / 60),
        resumes_per_month=tidy(monthly(writer.resumes, period), 2),
    )
    return summary, description
