"""The infrastructure path of `compare` and `check` (--infra, --usage), and `aurora-cost diff`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aurora_cost.cli.common import (
    FormatOpt,
    PricingOpt,
    RegionOpt,
    choose_format,
    emit,
    guarded,
    say,
    terminal_width,
)
from aurora_cost.errors import ExitStatus, InputError
from aurora_cost.render import OutputFormat

if TYPE_CHECKING:
    from aurora_cost.infra.hcl import TfVariables

InfraOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--infra",
        help="Terraform plan JSON (terraform show -json), CloudFormation template or "
        "aws rds describe-db-clusters / describe-db-instances output; repeatable.",
        show_default=False,
    ),
]
UsageOpt = Annotated[
    Path | None,
    typer.Option("--usage", help="What each cluster does (YAML, version: 1).", show_default=False),
]
TfVarOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--var",
        help="NAME=VALUE: a Terraform variable of a .tf --infra, as terraform plan -var.",
        show_default=False,
    ),
]
TfVarFileOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--var-file",
        help="A .tfvars file for a .tf --infra (terraform.tfvars and *.auto.tfvars are read "
        "anyway).",
        show_default=False,
    ),
]
InfraFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--infra-format",
        help="terraform, terraform-hcl, cloudformation or aws-cli. Default: detected from the "
        "content (a directory or a .tf file is terraform-hcl).",
        show_default=False,
    ),
]


def tf_variables(
    var: list[str] | None, var_file: list[Path] | None, infra: object
) -> TfVariables | None:
    """--var and --var-file, which only Terraform source (.tf) takes."""
    from aurora_cost.infra.hcl import TfVariables

    if not var and not var_file:
        return None
    if not infra:
        raise InputError("--var and --var-file go with --infra DIR or --infra main.tf")
    return TfVariables(tuple(var or ()), tuple(var_file or ()))


def refuse_extras(flags: dict[str, object]) -> None:
    """What-if flags and --all-regions do not apply to infrastructure files."""
    given = [name for name, value in flags.items() if value not in (None, False)]
    if given:
        shown = ", ".join("--" + g.replace("_", "-") for g in given)
        raise InputError(f"{shown}: not with --infra; each cluster is priced as it is defined")


def infra_report(
    infra: list[Path], usage: Path | None, region: str | None, pricing: Path | None,
    fmt: str | None, variables: TfVariables | None = None,
) -> object:  # fmt: skip
    from aurora_cost.infra.estimate import estimate_infra

    return estimate_infra(
        list(infra), usage=usage, region=region, pricing=pricing, infra_format=fmt,
        variables=variables,
    )  # fmt: skip


def show(document: object, fmt: OutputFormat | None) -> None:
    from aurora_cost.render.infra import render_infra

    emit(render_infra(document, choose_format(fmt), width=terminal_width()))  # type: ignore[arg-type]
    for warning in getattr(document, "warnings", []):
        say(f"warning: {warning}")


def compare_infra(
    infra: list[Path], usage: Path | None, region: str | None, pricing: Path | None,
    infra_format: str | None, fmt: OutputFormat | None, variables: TfVariables | None = None,
) -> None:  # fmt: skip
    show(infra_report(infra, usage, region, pricing, infra_format, variables), fmt)


def check_infra(
    infra: list[Path], usage: Path | None, region: str | None, pricing: Path | None,
    infra_format: str | None, fmt: OutputFormat | None, max_monthly: Decimal | None,
    max_increase: Decimal | None, max_percent: Decimal | None,
    variables: TfVariables | None = None,
) -> None:  # fmt: skip
    """--max-monthly judges the total; --max-increase(-percent) the plan's diff."""
    from aurora_cost.infra.diff import diff_plan, judge_increase
    from aurora_cost.infra.estimate import judge_total
    from aurora_cost.infra.report import DiffBudget, InfraReport

    statuses = []
    if max_increase is None and max_percent is None:
        report = infra_report(infra, usage, region, pricing, infra_format, variables)
        assert isinstance(report, InfraReport) and max_monthly is not None
        verdict = judge_total(report, max_monthly)
        document: object = report.model_copy(update={"budget": verdict})
        statuses.append(verdict.status)
        lines = [verdict.reason]
    else:
        if len(infra) != 1:
            raise InputError("--max-increase: give one Terraform plan with --infra")
        diff = judge_increase(
            diff_plan(infra[0], usage=usage, region=region, pricing=pricing),
            max_increase,
            max_percent,
        )
        assert diff.budget is not None and diff.budget.increase is not None
        statuses.append(diff.budget.increase.status)
        lines = [diff.budget.increase.reason]
        if max_monthly is not None:
            after = infra_report(infra, usage, region, pricing, infra_format, variables)
            assert isinstance(after, InfraReport)
            monthly = judge_total(after, max_monthly)
            statuses.append(monthly.status)
            lines.append(monthly.reason)
            diff = diff.model_copy(
                update={"budget": DiffBudget(increase=diff.budget.increase, monthly=monthly)}
            )
        document = diff
    show(document, fmt)
    worst = "within" if all(s == "within" for s in statuses) else "over budget"
    for line in lines:
        say(f"{'Within budget' if worst == 'within' else 'Budget check failed'}: {line}.")
    if worst != "within":
        raise typer.Exit(int(ExitStatus.OVER_BUDGET))


@guarded
def diff_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="OLD NEW: two workload or infrastructure files.", show_default=False),
    ] = None,
    infra: Annotated[
        Path | None,
        typer.Option("--infra", help="A Terraform plan JSON: before vs after.", show_default=False),
    ] = None,
    usage: UsageOpt = None,
    region: RegionOpt = None,
    fmt: FormatOpt = None,
    pricing: PricingOpt = None,
    var: TfVarOpt = None,
    var_file: TfVarFileOpt = None,
) -> None:
    """The monthly cost change of a plan, or between two files or Terraform directories.

    Examples:

    \b
      terraform show -json plan.tfplan > plan.json
      aurora-cost diff --infra plan.json --usage usage.yaml --format markdown
      aurora-cost diff old.yaml new.yaml
      aurora-cost diff infra-main/ infra/ --var env=prod
    """
    from aurora_cost.infra.diff import diff_files, diff_plan

    given = list(files or [])
    if infra is not None and given:
        raise InputError("give either --infra PLAN.json or OLD NEW, not both")
    if infra is not None:
        if var or var_file:
            raise InputError("--var and --var-file go with Terraform source, not a plan")
        show(diff_plan(infra, usage=usage, region=region, pricing=pricing), fmt)
        return
    if len(given) != 2:
        raise InputError("give two files to compare (OLD NEW), or --infra PLAN.json")
    variables = tf_variables(var, var_file, given)
    show(
        diff_files(
            given[0], given[1], usage=usage, region=region, pricing=pricing, variables=variables
        ),
        fmt,
    )


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)
