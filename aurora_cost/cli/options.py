"""Options several commands share, each declared once.

A single option is an `Annotated` alias (`RegionOpt`, `PricingOpt`, `WorkloadOpt`): write
`region: RegionOpt = None` in a command. A group of options that together make one value
(the what-if and trace flags make a `WhatIf`; --infra, --usage and --infra-format make
`InfraInputs`; --format makes an `Output`) is an `OptionGroup`. A command takes the value,
and `with_options` puts the group's flags on the command line in its place:

    @with_options(WHAT_IF, OUTPUT)
    def my_command(region: RegionOpt = None, *, what_if: WhatIf, output: Output) -> None:
        ...

To add a shared group: declare its options once below (`option(...)`), a small value class
and an `OptionGroup(into=..., options=..., build=...)`. Every command that lists it gets the
same flags, help and checks.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

import typer

from aurora_cost.cli.common import Output
from aurora_cost.errors import InputError
from aurora_cost.render import OutputFormat

if TYPE_CHECKING:
    from aurora_cost.infra.hcl import TfVariables

T = TypeVar("T")
R = TypeVar("R")

# --- single options ---------------------------------------------------------------------

RegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region",
        "-r",
        metavar="REGION",
        help="AWS region code, e.g. eu-west-1. Default: the workload's region, then "
        "AWS_REGION, then AWS_DEFAULT_REGION.",
        show_default=False,
    ),
]
PricingOpt = Annotated[
    Path | None,
    typer.Option(
        "--pricing",
        metavar="DIR",
        # AURORA_COST_PRICING is read by the core, so that its errors name the variable.
        help="Directory of <region>.yaml price files to use instead of the bundled ones "
        "(default: $AURORA_COST_PRICING, else the bundled prices).",
        show_default=False,
    ),
]
ClusterOpt = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        metavar="ID",
        help="Price one live Aurora cluster (a DBClusterIdentifier in --region): its "
        "configuration and 14 days of its CloudWatch metrics, as `scan` reads them. Needs "
        "pip install 'aurora-cost[aws]' and AWS credentials.",
        show_default=False,
    ),
]
WorkloadOpt = Annotated[
    Path | None,
    typer.Option(
        "--workload",
        "-w",
        metavar="FILE",
        help="Workload YAML file. Default: examples/small-app.yaml.",
        show_default=False,
        dir_okay=True,
    ),
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default on a terminal), json (default otherwise), csv, markdown or html (any case).",
        case_sensitive=False,
        show_default=False,
    ),
]
UsageFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--usage",
        metavar="FILE",
        help="What each cluster does (YAML, version: 1).",
        show_default=False,
    ),
]


# --- option groups ----------------------------------------------------------------------


@dataclass(frozen=True)
class OptionGroup(Generic[T]):
    """Options that make one value: `build(**their values)` is passed as `into` (with
    `into=""`, to no parameter: the options set how the command reads its inputs)."""

    into: str
    options: tuple[inspect.Parameter, ...]
    build: Callable[..., T]


def option(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def with_options(*groups: OptionGroup[Any]) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Replace each group's parameter (`into`) of a command by the group's options."""

    def decorate(command: Callable[..., R]) -> Callable[..., R]:
        signature = inspect.signature(command, eval_str=True)
        kept = [
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values()
        ]
        for group in groups:
            if group.into and group.into not in signature.parameters:
                raise TypeError(f"{command.__name__} takes no parameter {group.into!r}")
            kept = [p for p in kept if p.name != group.into] + list(group.options)

        @functools.wraps(command)
        def wrapper(**values: Any) -> R:
            for group in groups:
                mine = {p.name: values.pop(p.name) for p in group.options}
                built = group.build(**mine)
                if group.into:
                    values[group.into] = built
            return command(**values)

        wrapper.__signature__ = signature.replace(parameters=kept)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in kept}
        return wrapper

    return decorate


# --output ------------------------------------------------------------------------------

OUTPUT: OptionGroup[Output] = OptionGroup(
    "output", (option("fmt", FormatOpt),), build=lambda fmt: Output.choose(fmt)
)

# --- how paths inside input files are read ----------------------------------------------


def _paths_outside(allow_paths_outside: bool) -> None:
    from aurora_cost.inputs import allow_paths_outside as allow

    allow(allow_paths_outside)


# Every command that reads workload or usage files (which may name trace files) takes it.
INPUT_PATHS: OptionGroup[None] = OptionGroup(
    "",
    (
        option(
            "allow_paths_outside",
            Annotated[
                bool,
                typer.Option(
                    "--allow-paths-outside",
                    help="Let a path written inside an input file (a trace of a workload or "
                    "usage file) leave that file's directory tree; only for files you trust. "
                    "Also AURORA_COST_ALLOW_PATHS_OUTSIDE=1.",
                ),
            ],
            False,
        ),
    ),
    build=_paths_outside,
)

# --- infrastructure files ---------------------------------------------------------------


@dataclass(frozen=True)
class InfraInputs:
    """--infra FILE... (Terraform plan, CloudFormation, AWS CLI output), --usage, --infra-format."""

    files: tuple[Path, ...]
    usage_file: Path | None
    infra_format: str | None
    variables: TfVariables | None = None  # --var, --var-file: for Terraform source

    def __bool__(self) -> bool:
        return bool(self.files)

    def only_with_infra(self) -> None:
        """--usage, --infra-format, --var and --var-file mean nothing without --infra."""
        if self.usage_file is not None or self.infra_format is not None:
            raise InputError("--usage and --infra-format go with --infra FILE")
        if self.variables is not None:
            raise InputError(
                "--var and --var-file go with --infra DIR or --infra main.tf (--var also with "
                "a CloudFormation template)"
            )


TfVarOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--var",
        metavar="NAME=VALUE",
        help="A variable of Terraform source given as --infra (as terraform plan -var), or "
        "a parameter of a CloudFormation template (as --parameter-overrides), which decides "
        "its Conditions.",
        show_default=False,
    ),
]
TfVarFileOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--var-file",
        metavar="FILE",
        help="A .tfvars file for Terraform source given as --infra (terraform.tfvars and "
        "*.auto.tfvars are read anyway).",
        show_default=False,
    ),
]


def tf_variables(var: list[str] | None, var_file: list[Path] | None) -> TfVariables | None:
    if not var and not var_file:
        return None
    from aurora_cost.infra.hcl import TfVariables

    return TfVariables(tuple(var or ()), tuple(var_file or ()))


INFRA: OptionGroup[InfraInputs] = OptionGroup(
    "infra",
    (
        option(
            "infra",
            Annotated[
                list[Path] | None,
                typer.Option(
                    "--infra",
                    metavar="FILE",
                    help="Terraform plan JSON (terraform show -json), a directory of Terraform "
                    "source or a .tf file, CloudFormation template or aws rds "
                    "describe-db-clusters / describe-db-instances output; repeatable.",
                    show_default=False,
                ),
            ],
        ),
        option("usage", UsageFileOpt),
        option(
            "infra_format",
            Annotated[
                str | None,
                typer.Option(
                    "--infra-format",
                    metavar="FORMAT",
                    help="terraform, terraform-hcl, cloudformation or aws-cli (any case). "
                    "Default: detected from the content (a directory or .tf file is "
                    "terraform-hcl).",
                    show_default=False,
                    callback=lambda value: value.lower() if value else value,
                ),
            ],
        ),
        option("var", TfVarOpt),
        option("var_file", TfVarFileOpt),
    ),
    build=lambda infra, usage, infra_format, var, var_file: InfraInputs(
        tuple(infra or ()), usage, infra_format, tf_variables(var, var_file)
    ),
)
