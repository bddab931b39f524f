"""The infrastructure path of `compare` and `check` (--infra, --usage), and `aurora-cost diff`."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import Output, say, say_prices
from aurora_cost.cli.options import (
    INPUT_PATHS,
    OUTPUT,
    InfraInputs,
    PricingOpt,
    RegionOpt,
    TfVarFileOpt,
    TfVarOpt,
    UsageFileOpt,
    tf_variables,
    with_options,
)
from aurora_cost.errors import ExitStatus, InputError
from aurora_cost.render import DIFF, INFRA

if TYPE_CHECKING:
    from aurora_cost.infra.report import DiffReport, InfraReport
    from aurora_cost.workload.whatif import WhatIf


def refuse_extras(what_if: WhatIf, **others: object) -> str | None:
    """What-if flags, --workload and --all-regions do not apply to infrastructure files;
    --as-of does (the month every cluster is priced for): it is returned, checked."""
    from aurora_cost.infra.estimate import checked_month

    flags = {f.name: getattr(what_if, f.name) for f in fields(what_if)} | others
    given = [n for n, value in flags.items() if value not in (None, False) and n != "as_of"]
    if given:
        shown = ", ".join("--" + g.replace("_", "-") for g in given)
        raise InputError(f"{shown}: not with --infra; each cluster is priced as it is defined")
    return checked_month(what_if.as_of)


def infra_report(
    infra: InfraInputs, region: str | None, pricing: Path | None, as_of: str | None = None
) -> InfraReport:
    from aurora_cost.infra.estimate import estimate_infra

    return estimate_infra(
        list(infra.files),
        usage=infra.usage_file,
        region=region,
        pricing=pricing,
        infra_format=infra.infra_format,
        variables=infra.variables,
        as_of=as_of,
    )


def show(document: InfraReport | DiffReport, output: Output, as_of: str | None = None) -> None:
    from aurora_cost.infra.report import DiffReport

    if isinstance(document, DiffReport):
        output.show(DIFF, document)
    else:
        output.show(INFRA, document)
    say_prices(document.pricing)
    if as_of is not None:
        say(f"Priced for {as_of} (--as-of): RDS Extended Support depends on the month.")
    for warning in document.warnings:
        say(f"warning: {warning}")


def compare_infra(
    infra: InfraInputs, region: str | None, pricing: Path | None, output: Output,
    as_of: str | None = None,
) -> None:  # fmt: skip
    show(infra_report(infra, region, pricing, as_of), output, as_of)


def check_infra(
    infra: InfraInputs, region: str | None, pricing: Path | None, output: Output,
    max_monthly: Decimal | None, max_increase: Decimal | None, max_percent: Decimal | None,
    *, as_of: str | None = None,
) -> None:  # fmt: skip
    """--max-monthly judges the total; --max-increase(-percent) the plan's diff."""
    from aurora_cost.infra.diff import diff_plan, judge_increase
    from aurora_cost.infra.estimate import judge_total
    from aurora_cost.infra.report import DiffBudget

    statuses = []
    if max_increase is None and max_percent is None:
        report = infra_report(infra, region, pricing, as_of)
        assert max_monthly is not None
        verdict = judge_total(report, max_monthly)
        document: InfraReport | DiffReport = report.model_copy(update={"budget": verdict})
        statuses.append(verdict.status)
        lines = [verdict.reason]
    else:
        if len(infra.files) != 1:
            raise InputError("--max-increase: give one Terraform plan with --infra")
        diff = judge_increase(
            diff_plan(
                infra.files[0], usage=infra.usage_file, region=region, pricing=pricing, as_of=as_of
            ),
            max_increase,
            max_percent,
        )
        assert diff.budget is not None and diff.budget.increase is not None
        statuses.append(diff.budget.increase.status)
        lines = [diff.budget.increase.reason]
        if max_monthly is not None:
            after = infra_report(infra, region, pricing, as_of)
            monthly = judge_total(after, max_monthly)
            statuses.append(monthly.status)
            lines.append(monthly.reason)
            diff = diff.model_copy(
                update={"budget": DiffBudget(increase=diff.budget.increase, monthly=monthly)}
            )
        document = diff
    show(document, output, as_of)
    worst = "within" if all(s == "within" for s in statuses) else "over budget"
    for line in lines:
        say(f"{'Within budget' if worst == 'within' else 'Budget check failed'}: {line}.")
    if worst != "within":
        raise typer.Exit(int(ExitStatus.OVER_BUDGET))


@with_options(OUTPUT, INPUT_PATHS)
def diff_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="OLD NEW",
            help="Two workload files, or two infrastructure files, to compare.",
            show_default=False,
        ),
    ] = None,
    infra: Annotated[
        Path | None,
        typer.Option(
            "--infra",
            metavar="PLAN",
            help="A Terraform plan JSON: before vs after.",
            show_default=False,
        ),
    ] = None,
    usage: UsageFileOpt = None,
    region: RegionOpt = None,
    pricing: PricingOpt = None,
    option: Annotated[
        str | None,
        typer.Option(
            "--option",
            metavar="NAME",
            help="Two workload files: the option the total compares. Default: each file's "
            "cheapest.",
            show_default=False,
        ),
    ] = None,
    var: TfVarOpt = None,
    var_file: TfVarFileOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM",
            help="The month both sides are priced for (RDS Extended Support depends on it). "
            "Default: this month (UTC), or the files' own as_of.",
            show_default=False,
        ),
    ] = None,
    *,
    output: Output,
) -> None:
    """The monthly cost change of a plan, or between two files or Terraform directories.

    Examples:

    \b
      terraform show -json plan.tfplan > plan.json
      aurora-cost diff --infra plan.json --usage usage.yaml --format markdown
      aurora-cost diff old.yaml new.yaml
      aurora-cost diff infra-main/ infra/ --var env=prod
      aurora-cost diff --infra plan.json --as-of 2027-03
    """
    from aurora_cost.infra.diff import diff_files, diff_plan

    given = list(files or [])
    if infra is not None and given:
        raise InputError("give either --infra PLAN.json or OLD NEW, not both")
    variables = tf_variables(var, var_file)
    if infra is not None:
        if option is not None:
            raise InputError("--option goes with two workload files, not --infra")
        if variables is not None:
            raise InputError("--var and --var-file go with Terraform source, not a plan")
        show(
            diff_plan(infra, usage=usage, region=region, pricing=pricing, as_of=as_of),
            output,
            as_of,
        )
        return
    if len(given) != 2:
        raise InputError("give two files to compare (OLD NEW), or --infra PLAN.json")
    compared = diff_files(
        given[0], given[1], usage=usage, region=region, pricing=pricing, option=option,
        variables=variables, as_of=as_of,
    )  # fmt: skip
    show(compared, output, as_of)


def register(app: typer.Typer) -> None:
    app.command("diff", cls=Command)(diff_command)
