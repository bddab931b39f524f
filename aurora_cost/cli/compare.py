"""`aurora-cost compare` and `aurora-cost check`: the commands people and CI pipelines run."""

from __future__ import annotations

import glob
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Annotated, Any

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
from aurora_cost.cli.infra_cmd import InfraFormatOpt, InfraOpt, UsageOpt
from aurora_cost.errors import ExitStatus, InputError
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
_TRACE = "Trace (replay a recorded demand)"
TraceOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--trace",
        metavar="FILE",
        help="Replay a recorded demand: CSV or AWS CLI CloudWatch JSON, gzip too. Several "
        "files (--trace day-*.json, or --trace repeated) are merged into one series.",
        rich_help_panel=_TRACE,
        show_default=False,
    ),
]


# The files after the first that a shell glob puts after --trace (--trace day-*.json).
class _StrayArguments(typer.BadParameter):
    """Worded as Click words extra arguments, so `cli.usage` says it as it always has."""


def _after_trace(ctx: typer.Context, files: list[Path] | None) -> list[Path] | None:
    """Arguments are more trace files when --trace is given, else a usage error."""
    if files and not ctx.params.get("trace"):
        plural = "s" if len(files) > 1 else ""
        shown = " ".join(str(path) for path in files)
        raise _StrayArguments(f"Got unexpected extra argument{plural} ({shown})", ctx=ctx)
    return files


TraceFilesArg = Annotated[
    list[Path] | None, typer.Argument(hidden=True, show_default=False, callback=_after_trace)
]
TraceStatisticOpt = Annotated[
    str | None,
    typer.Option(
        "--trace-statistic",
        help="get-metric-statistics: the statistic to read (Average, Maximum, p99, ...).",
        rich_help_panel=_TRACE,
        show_default=False,
    ),
]
TraceIdOpt = Annotated[
    str | None,
    typer.Option(
        "--trace-id",
        help="get-metric-data: the Id of the result to read.",
        rich_help_panel=_TRACE,
        show_default=False,
    ),
]
TraceLabelOpt = Annotated[
    str | None,
    typer.Option(
        "--trace-label",
        help="get-metric-data: the Label of the result to read.",
        rich_help_panel=_TRACE,
        show_default=False,
    ),
]
IdleBelowOpt = Annotated[
    float | None,
    typer.Option(
        "--idle-below",
        help="Count traced demand at or below this many ACUs as idle (0).",
        rich_help_panel=_TRACE,
        show_default=False,
    ),
]


def what_if_from(flags: dict[str, Any]) -> WhatIf:
    """The what-if flags among a command's parameters (their names match WhatIf's fields)."""
    chosen = {f.name: flags[f.name] for f in fields(WhatIf) if f.name != "trace"}
    files = [*(flags["trace"] or ()), *(flags.get("trace_files") or ())]
    # relative to where the user stands; a quoted pattern ('day-*.json') is expanded here
    trace = tuple(path.absolute() for path in expand_patterns(files)) if files else None
    return WhatIf(**chosen, trace=trace)


def expand_patterns(files: list[Path]) -> list[Path]:
    """Each path, or the files a pattern with * ? or [ matches when no such file exists
    (for shells that leave patterns to the program, such as PowerShell and cmd)."""
    out: list[Path] = []
    for path in files:
        text = str(path)
        if path.exists() or not any(c in text for c in "*?["):
            out.append(path)
            continue
        found = sorted(glob.glob(text))
        if not found:
            raise InputError(f"--trace {text}: no file matches the pattern; check the path")
        out.extend(Path(name) for name in found)
    return out


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
        from aurora_cost.pricing.store import stale_note

        stale = stale_note(date.fromisoformat(first.pricing.published), date.today())
        if stale:
            say(f"note: {stale}")
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
    trace_statistic: TraceStatisticOpt = None,
    trace_id: TraceIdOpt = None,
    trace_label: TraceLabelOpt = None,
    idle_below: IdleBelowOpt = None,
    trace_files: TraceFilesArg = None,
    infra: InfraOpt = None,
    usage: UsageOpt = None,
    infra_format: InfraFormatOpt = None,
) -> None:
    """Compare the monthly cost of every option of a workload, or price --infra files.

    Examples:

    \b
      aurora-cost compare --region eu-west-1
      aurora-cost compare -w examples/steady-api.yaml --region us-east-1 --format json
      aurora-cost compare --all-regions --format markdown
      aurora-cost compare --region eu-west-1 --acu 4 --active-hours 12 --readers 1
      aurora-cost compare --infra plan.json --usage usage.yaml
    """
    what_if = what_if_from(locals())
    if infra:
        from aurora_cost.cli.infra_cmd import compare_infra, refuse_extras

        refuse_extras({**extras(what_if), "workload": workload, "all_regions": all_regions})
        compare_infra(infra, usage, region, pricing, infra_format, fmt)
        return
    _no_usage(usage, infra_format)
    _show(_build(workload, region, all_regions, pricing, what_if), fmt)


@guarded
def check_command(
    max_monthly: Annotated[
        str | None,
        typer.Option("--max-monthly", help="Budget in USD a month.", show_default=False),
    ] = None,
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
    trace_statistic: TraceStatisticOpt = None,
    trace_id: TraceIdOpt = None,
    trace_label: TraceLabelOpt = None,
    idle_below: IdleBelowOpt = None,
    trace_files: TraceFilesArg = None,
    infra: InfraOpt = None,
    usage: UsageOpt = None,
    infra_format: InfraFormatOpt = None,
    max_increase: Annotated[
        str | None,
        typer.Option(
            "--max-increase", help="--infra plan: most USD a month it may add.", show_default=False
        ),
    ] = None,
    max_increase_percent: Annotated[
        str | None,
        typer.Option(
            "--max-increase-percent",
            help="--infra plan: most percent it may add.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Fail (exit 1) unless the judged option is within a monthly budget.

    Judges --option, else the cheapest option. Prints the report with its verdict (in
    --format: the JSON's `budget`, a markdown line, budget_* CSV columns), then the
    verdict on stderr. Exit 0: within; 1: over, unfit, incomplete, unavailable or no
    option qualifies; 2: bad input.

    Examples:

    \b
      aurora-cost check --max-monthly 60 --region eu-west-1
      aurora-cost check --max-monthly 100 --option serverless-v2 -w db.yaml --format json | jq .cheapest
    """
    from aurora_cost.budget import judge, judge_regions, parse_budget
    from aurora_cost.render.columns import verdict_line

    what_if = what_if_from(locals())
    if infra:
        from aurora_cost.cli.infra_cmd import check_infra, refuse_extras

        refuse_extras({**extras(what_if), "workload": workload, "all_regions": all_regions,
                       "option": option})  # fmt: skip
        limits = [
            None if text is None else parse_budget(text, flag)
            for text, flag in (
                (max_monthly, "--max-monthly"),
                (max_increase, "--max-increase"),
                (max_increase_percent, "--max-increase-percent"),
            )
        ]
        if limits == [None, None, None]:
            raise InputError("give --max-monthly, --max-increase or --max-increase-percent")
        check_infra(infra, usage, region, pricing, infra_format, fmt, *limits)
        return
    _no_usage(usage, infra_format)
    if max_increase is not None or max_increase_percent is not None:
        raise InputError("--max-increase: only with --infra PLAN.json")
    if max_monthly is None:
        raise InputError("--max-monthly is required; e.g. --max-monthly 50")
    budget = parse_budget(max_monthly)
    report = _build(workload, region, all_regions, pricing, what_if)
    # Judge before printing, so bad input (an unknown --option) prints no report.
    if isinstance(report, MultiRegionReport):
        report = judge_regions(report, budget, option)
        verdicts = [r.budget for r in report.reports if r.budget is not None]
        status = report.budget.status if report.budget else "none"
    else:
        report = report.model_copy(update={"budget": judge(report, budget, option)})
        verdicts = [report.budget] if report.budget else []
        status = verdicts[0].status if verdicts else "none"
    _show(report, fmt)
    for verdict in verdicts:
        say(verdict_line(verdict))
    if isinstance(report, MultiRegionReport) and report.budget is not None:
        over = report.budget.regions_over
        listed = f" ({', '.join(over)})" if over else ""
        say(
            f"All regions: worst verdict '{report.budget.status}'; {len(over)} over budget{listed}."
        )
    if status != "within":
        raise typer.Exit(int(ExitStatus.OVER_BUDGET))


def extras(what_if: WhatIf) -> dict[str, object]:
    return {f.name: getattr(what_if, f.name) for f in fields(WhatIf)}


def _no_usage(usage: Path | None, infra_format: str | None) -> None:
    if usage is not None or infra_format is not None:
        raise InputError("--usage and --infra-format go with --infra FILE")


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)
    app.command("check")(check_command)
