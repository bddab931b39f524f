"""The one pricing engine: a price book, one function from a workload to a report, and one
rule for which option may be named cheapest.

Every path that prices something (`compare`, `check`, infrastructure files, `diff`,
`advise`) goes through here; those only *build* workloads and *read* reports.

Stable API (other modules and library users build on it):

    book = PriceBook(pricing=None, region=None)   # --pricing DIR, --region CODE
    book.region(own=None, own_wins=False)          # the one region chain -> a code
    book.prices(code, where=None)                  # RegionPricing, loaded once per book
    report = price(workload, book)                 # Workload or Simulation -> Report
    multi = price_all_regions(workload, book)      # every region, ranked by cheapest
    status, reason = qualify(option_report)        # may it be named cheapest, else why
    priced = price_one(option, run, cluster, book.prices(code))  # one simulated option

The path: `simulate` builds the workload's demand once and lets each option replay it
(simulation does not depend on prices), then `price` bills each option in one region with
`price_one` (its bill, `billing.price_option`, and its `qualify` verdict), names the
cheapest option that qualifies and explains the ones passed over. Advice prices each
candidate it searches through `price_one` too, without the report around it. The rule
itself, and the notes on the options it passes over, are `aurora_cost/qualify.py`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from aurora_cost import __version__
from aurora_cost.billing import price_option
from aurora_cost.charges.base import ClusterQuantities
from aurora_cost.demand.build import DemandProfile, build_demand
from aurora_cost.demand.runs import bucket_totals
from aurora_cost.demand.spec import MAX_DEMAND_ACU
from aurora_cost.errors import InputError, UnknownRegionError
from aurora_cost.money import HOURS_PER_MONTH, tidy
from aurora_cost.options import Option, OptionBase, OptionRun
from aurora_cost.options.meter import chart_bucket_minutes
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.pricing.store import load_all, load_region, price_layers
from aurora_cost.qualify import (
    PricedOption,
    Qualification,
    QualifyStatus,
    cheapest_of,
    passed_over_notes,
    qualifies,
    qualify,
)
from aurora_cost.report import (
    Chart,
    Diagnostic,
    MultiRegionReport,
    OptionReport,
    PeriodInfo,
    PricingInfo,
    Report,
)
from aurora_cost.versions.lifecycle import month_of
from aurora_cost.workload.model import Workload

__all__ = [  # the rule of `qualify` lives in aurora_cost/qualify.py; the engine exports it
    "PriceBook",
    "PricedOption",
    "Qualification",
    "QualifyStatus",
    "Simulation",
    "price",
    "price_all_regions",
    "price_one",
    "pricing_info",
    "qualifies",
    "qualify",
    "simulate",
]

REGION_ENVS = ("AWS_REGION", "AWS_DEFAULT_REGION")
NO_REGION = (
    "no region given; pass --region (e.g. --region eu-west-1), set region: in the "
    "workload file, or set AWS_REGION"
)


class PriceBook:
    """Where prices come from for one run: the price directories (`--pricing`, else
    `AURORA_COST_PRICING`, else the user's price directory over the bundled files), the
    `--region` flag, and each region's prices, loaded once.

    The files themselves are cached by content in `pricing.store`, so a new book (a new
    command, a library call) sees a file edited since.
    """

    def __init__(
        self, pricing: str | os.PathLike[str] | None = None, region: str | None = None
    ) -> None:
        self.layers = price_layers(pricing)
        self.flag = region
        self._loaded: dict[str, RegionPricing] = {}
        self._held = False  # a book of given prices, not of files

    @classmethod
    def of(cls, *regionals: RegionPricing) -> PriceBook:
        """A book of prices one already holds (e.g. built in a test); the first region is
        its default."""
        book = cls.__new__(cls)
        book.layers, book.flag, book._held = (), regionals[0].region, True
        book._loaded = {r.region: r for r in regionals}
        return book

    def region(
        self, own: str | None = None, *, own_wins: bool = False, missing: str = NO_REGION
    ) -> str:
        """The region code: `--region`, else `own` (a workload file's `region:`), else
        AWS_REGION, else AWS_DEFAULT_REGION. With `own_wins` (a cluster lives where its
        definition says) `own` comes before the flag. `missing` is the message when none."""
        if own and own_wins:
            return own
        if self.flag is not None:
            if not self.flag.strip():
                raise InputError(
                    "--region: the value is empty; give a region code, e.g. --region eu-west-1"
                )
            return self.flag.strip()
        if own:
            return own
        for name in REGION_ENVS:
            value = os.environ.get(name, "").strip()
            if value:
                return value
        raise InputError(missing)

    def prices(self, code: str, *, where: str | None = None) -> RegionPricing:
        """The region's prices; an unknown code names `where` it came from, if given."""
        if code not in self._loaded:
            if self._held:
                raise UnknownRegionError(
                    f"unknown region '{code}'; this book holds {', '.join(self._loaded)}"
                )
            try:
                self._loaded[code] = load_region(code, self.layers)
            except UnknownRegionError as exc:
                if where is None:
                    raise
                raise UnknownRegionError(f"{where}: region: {exc}") from None
        return self._loaded[code]

    def all(self) -> list[RegionPricing]:
        """Every region's prices, sorted by region code."""
        if self._held:
            return [self._loaded[code] for code in sorted(self._loaded)]
        regionals = load_all(self.layers)
        self._loaded.update((r.region, r) for r in regionals)
        return regionals

    def for_workload(self, workload: Workload, source: Path | str | None = None) -> RegionPricing:
        """The prices of the region a workload is priced in; an unknown code that came from
        the workload file names the file and its `region:` field."""
        code = self.region(workload.region)
        from_file = self.flag is None and workload.region and source is not None
        return self.prices(code, where=str(source) if from_file else None)

    def used(self) -> list[PricingInfo]:
        """The price files this book has read, one per distinct source, in region order."""
        seen: dict[tuple[str, str], PricingInfo] = {}
        for code in sorted(self._loaded):
            info = pricing_info(self._loaded[code])
            seen.setdefault((info.source, info.published), info)
        return list(seen.values())


def pricing_info(pricing: RegionPricing) -> PricingInfo:
    """What a report says about its prices: their source and publication date."""
    return PricingInfo(
        source=pricing.source.name,
        url=pricing.source.url,
        published=pricing.source.published.isoformat(),
        offer_version=pricing.source.offer_version,
    )


# --- one option, simulated already, in one region ------------------------------------


def price_one(
    option: OptionBase,
    run: OptionRun,
    cluster: ClusterQuantities,
    pricing: RegionPricing,
    *,
    throttled_hours_allowed: Decimal = Decimal(0),
) -> PricedOption:
    """One option, simulated already, billed in one region and judged: what `price` does
    for each option of a workload, without building the report around them. `cluster`:
    the amounts the per-cluster charges bill (the workload's storage, I/O, backups...)."""
    report = price_option(option, run, cluster, pricing)
    return PricedOption(report, qualify(report, throttled_hours_allowed=throttled_hours_allowed))


# --- simulation: once per workload, the same in every region -----------------------------


@dataclass
class Simulation:
    """A workload's options simulated over its demand: the same in every region."""

    workload: Workload
    profile: DemandProfile  # the demand (`profile.demand`), where it came from, trace notes
    runs: list[tuple[Option, OptionRun]]
    source: Path | str | None = None  # the workload file, for error messages
    chart: Chart | None = None  # drawn once, not once per region
    workload_json: dict[str, Any] = field(default_factory=dict)  # likewise, dumped once
    notes: list[Diagnostic] = field(default_factory=list)  # report-wide: what-if, trace


def simulate(
    workload: Workload,
    base_dir: Path | None = None,
    source: Path | str | None = None,
    what_if_notes: list[str] | None = None,
    demand: DemandProfile | None = None,
) -> Simulation:
    """Build the demand once (or take one built already; a trace's relative path starts at
    `base_dir`) and let every option simulate itself over it."""
    profile = demand or build_demand(workload.usage, base_dir)
    peak = profile.demand.peak
    if not peak <= MAX_DEMAND_ACU:  # also catches NaN
        where = (profile.trace_info or {}).get("path") or source or "the workload"
        raise InputError(
            f"{where}: peak demand {peak:g} ACU is more than {MAX_DEMAND_ACU:,} ACU; "
            "check the demand column and its unit (ACUs), or lower scale"
        )
    runs = [(option, option.simulate(profile.demand)) for option in workload.options]
    notes = [_note("what-if", text) for text in what_if_notes or []]
    notes += [_note("trace", text) for text in profile.notes]
    sim = Simulation(workload, profile, runs, source, notes=notes)
    sim.chart = _chart(sim)
    sim.workload_json = workload.model_dump(mode="json")
    return sim


def _note(code: str, message: str) -> Diagnostic:
    return Diagnostic(code=code, severity="info", message=message)


# --- pricing: a simulated workload in one region -> a report -----------------------------


def price(
    workload: Workload | Simulation,
    book: PriceBook,
    region: str | None = None,
    *,
    other_classes: set[str] | None = None,
) -> Report:
    """The report of a workload (or its simulation) in one region: `region` if given (a
    cluster's own), else the book's chain (`--region`, the workload's, the environment).

    An option that names something no price file knows (an instance class that is neither
    a known Aurora class nor sold in this region or in `other_classes`) is an InputError;
    an option this region does not sell is priced as "not sold".
    """
    sim = workload if isinstance(workload, Simulation) else simulate(workload)
    if region is not None:
        pricing = book.prices(region)
    else:
        pricing = book.for_workload(sim.workload, sim.source)
    return _report(sim, pricing, other_classes)


def price_all_regions(workload: Workload | Simulation, book: PriceBook) -> MultiRegionReport:
    """The workload in every region the book prices, cheapest region first; a region
    where no option qualifies ranks last."""
    sim = workload if isinstance(workload, Simulation) else simulate(workload)
    regionals = book.all()
    sold = {cls for regional in regionals for cls in regional.instances}
    reports = [_report(sim, regional, sold) for regional in regionals]

    def by_cheapest(report: Report) -> tuple[int, Decimal, str]:
        if report.cheapest is None:
            return (1, Decimal(0), report.region)
        cost = report.option(report.cheapest).monthly_cost or Decimal(0)
        return (0, cost, report.region)

    return MultiRegionReport(reports=sorted(reports, key=by_cheapest))


def _reserved_note(options: list[OptionReport], pricing: RegionPricing) -> list[Diagnostic]:
    """Once a report: provisioned options get no Reserved Instance, because the price file
    has no Reserved rates (the bundled files have none)."""
    if pricing.reserved is not None or not any(
        o.kind == "provisioned" and o.available for o in options
    ):
        return []
    message = (
        f"no Reserved Instance rates in the {pricing.region} price file (the bundled files have "
        "none: no public copy of AWS's Reserved rates exists for their date), so "
        "reserved_instance is null; `aurora-cost pricing update` (or `aurora-cost pricing "
        "import` of an AmazonRDS offer file with Reserved terms) brings them"
    )
    return [Diagnostic(code="reserved-rates-missing", severity="info", message=message)]


def _report(sim: Simulation, pricing: RegionPricing, other_classes: set[str] | None) -> Report:
    known = set(pricing.instances).union(other_classes or ())
    for index, (option, _) in enumerate(sim.runs):
        problem = option.catalogue_problem(known)
        if problem is not None:
            where = f"{sim.source}: " if sim.source is not None else ""
            raise InputError(f"{where}options[{index}].{problem}")
    priced = [price_one(option, run, sim.workload, pricing) for option, run in sim.runs]
    options = [p.report for p in priced]
    cheapest = cheapest_of(priced)
    passed_over = _reserved_note(options, pricing) + passed_over_notes(priced, cheapest)
    demand = sim.profile
    return Report(
        tool_version=__version__,
        region=pricing.region,
        region_name=pricing.name,
        hours_per_month=HOURS_PER_MONTH,
        as_of=f"{month_of(sim.workload.as_of):%Y-%m}",
        pricing=pricing_info(pricing),
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
    demand = sim.profile.demand
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
