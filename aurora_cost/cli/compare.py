"""`aurora-cost compare` and `aurora-cost check`: the commands people and CI pipelines run."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from aurora_cost.cli.common import (
    FormatOpt,
    PricingOpt,
    RegionOpt,
    choose_format,
    color_wanted,
    emit,
    guarded,
    say,
    terminal_width,
)
from aurora_cost.errors import ExitStatus, InputError, did_you_mean
from aurora_cost.render import OutputFormat, render
from aurora_cost.report import MultiRegionReport, Report
from aurora_cost.workload.whatif import WhatIf

WorkloadOpt = Annotated[
    Path | None,
    typer.Option(
        "--workload",
        "-w",
        help="Workload YAML file. Default: examples/small-app.yaml.",
        show_default=False,
        dir_okay=True,
    ),
]
AllRegionsOpt = Annotated[
    bool, typer.Option("--all-regions", help="One row per region, sorted by the cheapest option.")
]
_WHAT_IF = "What-if (override the workload)"
AcuOpt = Annotated[
    float | None,
    typer.Option("--acu", help="Demand in ACUs while active.", rich_help_panel=_WHAT_IF),
]
ActiveHoursOpt = Annotated[
    float | None,
    typer.Option(
        "--active-hours",
        help="Hours a day at --acu (from 09:00 UTC, every day); idle otherwise.",
        rich_help_panel=_WHAT_IF,
    ),
]
StorageOpt = Annotated[
    float | None, typer.Option("--storage-gb", help="Storage, GB-months.", rich_help_panel=_WHAT_IF)
]
IoOpt = Annotated[
    float | None,
    typer.Option("--io-requests", help="I/O requests a month.", rich_help_panel=_WHAT_IF),
]
ReadersOpt = Annotated[
    int | None,
    typer.Option("--readers", help="Readers on every v2 option.", rich_help_panel=_WHAT_IF),
]
IoOptimizedOpt = Annotated[
    bool,
    typer.Option(
        "--io-optimized",
        help="Aurora I/O-Optimized for v2 and provisioned options.",
        rich_help_panel=_WHAT_IF,
    ),
]
MinAcuOpt = Annotated[
    float | None,
    typer.Option("--min-acu", help="min_acu of serverless options.", rich_help_panel=_WHAT_IF),
]
MaxAcuOpt = Annotated[
    float | None,
    typer.Option("--max-acu", help="max_acu of serverless options.", rich_help_panel=_WHAT_IF),
]
TraceOpt = Annotated[
    Path | None,
    typer.Option(
        "--trace",
        help="Replay a recorded demand: CSV or AWS CLI CloudWatch JSON.",
        rich_help_panel=_WHAT_IF,
        show_default=False,
    ),
]


def _what_if(flags: dict[str, Any]) -> WhatIf:
    """The what-if flags among a command's parameters (their names match WhatIf's fields)."""
    chosen = {f.name: flags[f.name] for f in fields(WhatIf)}
    if chosen["trace"] is not None:
        chosen["trace"] = chosen["trace"].absolute()  # relative to where the user stands
    return WhatIf(**chosen)


def _build(
    workload: Path | None,
    region: str | None,
    all_regions: bool,
    pricing: Path | None,
    what_if: WhatIf,
) -> Report | MultiRegionReport:
    from aurora_cost.estimator import estimate

    if all_regions:
        return estimate(workload, region, all_regions=True, what_if=what_if, pricing=pricing)
    return estimate(workload, region, what_if=what_if, pricing=pricing)


def _show(report: Report | MultiRegionReport, fmt: OutputFormat | None) -> None:
    chosen = choose_format(fmt)
    emit(render(report, chosen, width=terminal_width(), color=color_wanted()))
    first = (
        report.reports[0] if isinstance(report, MultiRegionReport) and report.reports else report
    )
    if isinstance(first, Report):
        say(f"Prices: {first.pricing.source}, published {first.pricing.published}.")
        for diagnostic in first.diagnostics:
            say(f"note: {diagnostic.message}")


@guarded
def compare_command(
    workload: WorkloadOpt = None,
    region: RegionOpt = None,
    all_regions: AllRegionsOpt = False,
    fmt: FormatOpt = None,
    pricing: PricingOpt = None,
    acu: AcuOpt = None,
    active_hours: ActiveHoursOpt = None,
    storage_gb: StorageOpt = None,
    io_requests: IoOpt = None,
    readers: ReadersOpt = None,
    io_optimized: IoOptimizedOpt = False,
    min_acu: MinAcuOpt = None,
    max_acu: MaxAcuOpt = None,
    trace: TraceOpt = None,
) -> None:
    """Compare the monthly cost of every option of a workload.

    Examples:

    \b
      aurora-cost compare --region eu-west-1
      aurora-cost compare -w examples/steady-api.yaml --region us-east-1 --format json
      aurora-cost compare --all-regions --format markdown
      aurora-cost compare --region eu-west-1 --acu 4 --active-hours 12 --readers 1
    """
    what_if = _what_if(locals())
    _show(_build(workload, region, all_regions, pricing, what_if), fmt)


def _budget(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        raise InputError(
            f"--max-monthly: {text!r} is not an amount in USD; e.g. --max-monthly 50"
        ) from None
    if not value.is_finite() or value < 0:
        raise InputError(f"--max-monthly: {text!r} must be a finite amount >= 0 USD")
    return value


@dataclass(frozen=True)
class Verdict:
    status: Literal["within", "over", "unpriced"]
    line: str


def _verdict(report: Report, option_name: str | None, budget: Decimal) -> Verdict:
    """The verdict on one region's report."""
    if option_name is None:
        if report.cheapest is None:
            raise InputError(f"no option can be created in {report.region}; nothing to check")
        option_name = report.cheapest
    names = [o.name for o in report.options]
    if option_name not in names:
        hint = did_you_mean(option_name, names) or f"; options: {', '.join(names)}"
        raise InputError(f"--option: no option named '{option_name}'{hint}")
    option = report.option(option_name)
    where = f"{option_name} in {report.region}"
    if option.monthly_cost is None:
        reasons = [d.message for d in option.diagnostics if d.code == "not-sold"]
        reason = reasons[0] if reasons else "not sold there"
        return Verdict("unpriced", f"{where} cannot be priced ({reason}).")
    cost = option.monthly_cost
    if cost <= budget:
        return Verdict(
            "within",
            f"Within budget: {where} costs ${cost:,.2f} a month, budget ${budget:,.2f} "
            f"(${budget - cost:,.2f} to spare).",
        )
    return Verdict(
        "over",
        f"Over budget: {where} costs ${cost:,.2f} a month, budget ${budget:,.2f} "
        f"(${cost - budget:,.2f} over).",
    )


@guarded
def check_command(
    max_monthly: Annotated[
        str, typer.Option("--max-monthly", help="Budget in USD a month.", show_default=False)
    ],
    option: Annotated[
        str | None,
        typer.Option(
            "--option", help="The option to judge. Default: the cheapest one.", show_default=False
        ),
    ] = None,
    workload: WorkloadOpt = None,
    region: RegionOpt = None,
    all_regions: AllRegionsOpt = False,
    fmt: FormatOpt = None,
    pricing: PricingOpt = None,
    acu: AcuOpt = None,
    active_hours: ActiveHoursOpt = None,
    storage_gb: StorageOpt = None,
    io_requests: IoOpt = None,
    readers: ReadersOpt = None,
    io_optimized: IoOptimizedOpt = False,
    min_acu: MinAcuOpt = None,
    max_acu: MaxAcuOpt = None,
    trace: TraceOpt = None,
) -> None:
    """Fail (exit 1) when the workload would break a monthly budget.

    Prints the report first (in --format), then the verdict on stderr.
    Exit 0: within budget; 1: over budget; 2: bad input.

    Examples:

    \b
      aurora-cost check --max-monthly 60 --region eu-west-1
      aurora-cost check --max-monthly 100 --option serverless-v2 -w db.yaml --format json | jq .cheapest
    """
    budget = _budget(max_monthly)
    what_if = _what_if(locals())
    report = _build(workload, region, all_regions, pricing, what_if)
    reports = report.reports if isinstance(report, MultiRegionReport) else [report]
    # Judge before printing, so bad input (an unknown --option) prints no report.
    verdicts = [_verdict(single, option, budget) for single in reports]
    if not isinstance(report, MultiRegionReport) and verdicts[0].status == "unpriced":
        raise InputError(f"--option: {verdicts[0].line}")
    _show(report, fmt)
    for verdict in verdicts:
        say(verdict.line if verdict.status != "unpriced" else f"Skipped: {verdict.line}")
    if any(verdict.status == "over" for verdict in verdicts):
        raise typer.Exit(int(ExitStatus.OVER_BUDGET))


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)
    app.command("check")(check_command)
