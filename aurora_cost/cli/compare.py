"""`aurora-cost compare` and `aurora-cost check`: the commands people and CI pipelines run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import Output, say, say_prices
from aurora_cost.cli.options import (
    INFRA,
    INPUT_PATHS,
    OUTPUT,
    ClusterOpt,
    InfraInputs,
    PricingOpt,
    RegionOpt,
    WorkloadOpt,
    with_options,
)
from aurora_cost.cli.what_if import WHAT_IF
from aurora_cost.errors import ExitStatus, InputError
from aurora_cost.render import REPORT
from aurora_cost.workload.whatif import WhatIf

if TYPE_CHECKING:
    from aurora_cost.report import MultiRegionReport, Report
    from aurora_cost.workload.model import Workload

AllRegionsOpt = Annotated[
    bool, typer.Option("--all-regions", help="One row per region, sorted by the cheapest option.")
]


def _build(
    workload: Path | Workload | None,
    region: str | None,
    all_regions: bool,
    pricing: Path | None,
    what_if: WhatIf,
) -> Report | MultiRegionReport:
    from aurora_cost.estimator import estimate

    if all_regions:
        return estimate(workload, region, all_regions=True, what_if=what_if, pricing=pricing)
    return estimate(workload, region, what_if=what_if, pricing=pricing)


def _show(report: Report | MultiRegionReport, output: Output) -> None:
    from aurora_cost.report import MultiRegionReport, Report

    output.show(REPORT, report)
    first = (
        report.reports[0] if isinstance(report, MultiRegionReport) and report.reports else report
    )
    if isinstance(first, Report):
        say_prices([first.pricing])
        for diagnostic in first.diagnostics:
            say(f"note: {diagnostic.message}")


@with_options(WHAT_IF, INFRA, OUTPUT, INPUT_PATHS)
def compare_command(
    workload: WorkloadOpt = None,
    region: RegionOpt = None,
    all_regions: AllRegionsOpt = False,
    pricing: PricingOpt = None,
    cluster: ClusterOpt = None,
    *,
    what_if: WhatIf,
    infra: InfraInputs,
    output: Output,
) -> None:
    """Compare the monthly cost of every option of a workload, or price --infra files.

    Examples:

    \b
      aurora-cost compare --region eu-west-1
      aurora-cost compare -w examples/steady-api.yaml --region us-east-1 --format json
      aurora-cost compare --all-regions --format markdown
      aurora-cost compare --region eu-west-1 --acu 4 --active-hours 12 --readers 1
      aurora-cost compare --infra plan.json --usage usage.yaml
      aurora-cost compare --cluster orders --region eu-west-1
    """
    if cluster is not None:
        from aurora_cost.cli.scan_cmd import live_cluster

        conflicts = {"workload": workload, "infra": bool(infra), "all_regions": all_regions}
        live = live_cluster(cluster, region, conflicts=conflicts).workload
        _show(_build(live, region or live.region, False, pricing, what_if), output)
        return
    if infra:
        from aurora_cost.cli.infra_cmd import compare_infra, refuse_extras

        as_of = refuse_extras(what_if, workload=workload, all_regions=all_regions)
        compare_infra(infra, region, pricing, output, as_of)
        return
    infra.only_with_infra()
    _show(_build(workload, region, all_regions, pricing, what_if), output)


MaxMonthlyOpt = Annotated[
    str | None,
    typer.Option("--max-monthly", metavar="USD", help="Budget in USD a month.", show_default=False),
]
JudgedOptionOpt = Annotated[
    str | None,
    typer.Option(
        "--option",
        metavar="NAME",
        help="The option to judge. Default: the cheapest one.",
        show_default=False,
    ),
]
MaxIncreaseOpt = Annotated[
    str | None,
    typer.Option(
        "--max-increase",
        metavar="USD",
        help="--infra plan: most USD a month it may add.",
        show_default=False,
    ),
]
MaxIncreasePercentOpt = Annotated[
    str | None,
    typer.Option(
        "--max-increase-percent",
        metavar="PERCENT",
        help="--infra plan: most percent it may add.",
        show_default=False,
    ),
]


@with_options(WHAT_IF, INFRA, OUTPUT, INPUT_PATHS)
def check_command(
    max_monthly: MaxMonthlyOpt = None,
    option: JudgedOptionOpt = None,
    workload: WorkloadOpt = None,
    region: RegionOpt = None,
    all_regions: AllRegionsOpt = False,
    pricing: PricingOpt = None,
    max_increase: MaxIncreaseOpt = None,
    max_increase_percent: MaxIncreasePercentOpt = None,
    cluster: ClusterOpt = None,
    *,
    what_if: WhatIf,
    infra: InfraInputs,
    output: Output,
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
    from aurora_cost.report import MultiRegionReport

    if infra and cluster is not None:
        raise InputError("--cluster: not with --infra; the live cluster is the workload")
    if infra:
        from aurora_cost.cli.infra_cmd import check_infra, refuse_extras

        as_of = refuse_extras(what_if, workload=workload, all_regions=all_regions, option=option)
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
        check_infra(infra, region, pricing, output, *limits, as_of=as_of)
        return
    infra.only_with_infra()
    if max_increase is not None or max_increase_percent is not None:
        raise InputError("--max-increase: only with --infra PLAN.json")
    if max_monthly is None:
        raise InputError("--max-monthly is required; e.g. --max-monthly 50")
    budget = parse_budget(max_monthly)
    source: Path | Workload | None = workload
    if cluster is not None:
        from aurora_cost.cli.scan_cmd import live_cluster

        conflicts = {"workload": workload, "all_regions": all_regions}
        source = live_cluster(cluster, region, conflicts=conflicts).workload
        region = region or source.region
    report = _build(source, region, all_regions, pricing, what_if)
    # Judge before printing, so bad input (an unknown --option) prints no report.
    if isinstance(report, MultiRegionReport):
        report = judge_regions(report, budget, option)
        verdicts = [r.budget for r in report.reports if r.budget is not None]
        status = report.budget.status if report.budget else "none"
    else:
        report = report.model_copy(update={"budget": judge(report, budget, option)})
        verdicts = [report.budget] if report.budget else []
        status = verdicts[0].status if verdicts else "none"
    _show(report, output)
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


def register(app: typer.Typer) -> None:
    app.command("compare", cls=Command)(compare_command)
    app.command("check", cls=Command)(check_command)
