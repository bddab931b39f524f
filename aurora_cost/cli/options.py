"""Options several commands share, each declared once.

A single option is an `Annotated` alias (`RegionOpt`, `PricingOpt`, `WorkloadOpt`): write
`region: RegionOpt = None` in a command. A group of options that together make one value
(the what-if and trace flags make a `WhatIf`; --infra, --usage and --infra-format make
`InfraInputs`; --format makes an `Output`) is an `OptionGroup`. A command takes the value,
and `with_options` puts the group's flags on the command line in its place:

    @with_options(WHAT_IF, OUTPUT)
    def my_command(region: RegionOpt = None, *, what_if: WhatIf, output: Output) -> None:
        ...

To add a shared group: declare its options once below (`_option(...)`), a small value class
and an `OptionGroup(into=..., options=..., build=...)`. Every command that lists it gets the
same flags, help and checks.
"""

from __future__ import annotations

import functools
import glob
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

import typer

from aurora_cost.charges.storage import MAX_STORAGE_GB
from aurora_cost.cli.common import Output
from aurora_cost.errors import InputError
from aurora_cost.render import OutputFormat
from aurora_cost.workload.whatif import WhatIf

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


def _option(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
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
    "output", (_option("fmt", FormatOpt),), build=lambda fmt: Output.choose(fmt)
)

# --- how paths inside input files are read ----------------------------------------------


def _paths_outside(allow_paths_outside: bool) -> None:
    from aurora_cost.inputs import allow_paths_outside as allow

    allow(allow_paths_outside)


# Every command that reads workload or usage files (which may name trace files) takes it.
INPUT_PATHS: OptionGroup[None] = OptionGroup(
    "",
    (
        _option(
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

# --- what-if and trace ------------------------------------------------------------------

_WHAT_IF = "What-if (override the workload)"
_TRACE = "Trace (replay a recorded demand)"


def _at_most(high: float, unit: str, limit: str) -> Callable[[Any], Any]:
    """A number flag's ceiling; below it, the workload's validation judges the value."""

    def check(value: Any) -> Any:
        if value is not None and value > high:
            raise typer.BadParameter(f"{value:,g} {unit} is more than {limit}")
        return value

    return check


def _number(
    flag: str,
    kind: type,
    help: str,
    panel: str,
    check: Callable[[Any], Any] | None,
    metavar: str = "N",
) -> Any:
    """A number flag. Past an optional `check`, the workload's own validation judges the
    value (finite, >= 0, ...) and names the field, as it does for the same key in a file."""
    return Annotated[
        kind | None,
        typer.Option(
            flag,
            metavar=metavar,
            help=help,
            rich_help_panel=panel,
            show_default=False,
            callback=check,
        ),
    ]


_WHAT_IF_OPTIONS = (
    _option(
        "acu",
        _number("--acu", float, "Demand in ACUs while active.", _WHAT_IF, None, "ACU"),
    ),
    _option(
        "active_hours",
        _number(
            "--active-hours",
            float,
            "Hours a day at --acu (from 09:00 UTC, every day); idle otherwise.",
            _WHAT_IF,
            None,
            "HOURS",
        ),
    ),
    _option(
        "storage_gb",
        _number(
            "--storage-gb",
            float,
            "Storage, GB-months (Aurora stores at most 128 TiB, 131072 GB, a cluster).",
            _WHAT_IF,
            _at_most(MAX_STORAGE_GB, "GB", "Aurora stores in a cluster: 128 TiB, 131,072 GB"),
            "GB",
        ),
    ),
    _option(
        "io_requests",
        _number("--io-requests", float, "I/O requests a month.", _WHAT_IF, None),
    ),
    _option(
        "readers",
        _number(
            "--readers",
            int,
            "Readers on every option: readers on Serverless v2, and writer + readers "
            "instances on provisioned (v1 has none).",
            _WHAT_IF,
            None,
        ),
    ),
    _option(
        "io_optimized",
        Annotated[
            bool,
            typer.Option(
                "--io-optimized",
                help="Aurora I/O-Optimized for v2 and provisioned options.",
                rich_help_panel=_WHAT_IF,
            ),
        ],
        False,
    ),
    _option(
        "min_acu",
        _number(
            "--min-acu",
            float,
            "min_acu of serverless options.",
            _WHAT_IF,
            None,
            "ACU",
        ),
    ),
    _option(
        "max_acu",
        _number(
            "--max-acu",
            float,
            "max_acu of serverless options.",
            _WHAT_IF,
            None,
            "ACU",
        ),
    ),
    _option(
        "as_of",
        Annotated[
            str | None,
            typer.Option(
                "--as-of",
                metavar="YYYY-MM",
                help="The month to price (RDS Extended Support depends on it). Default: this "
                "month (UTC).",
                rich_help_panel=_WHAT_IF,
                show_default=False,
            ),
        ],
    ),
)


def _after_trace(ctx: typer.Context, files: list[Path] | None) -> list[Path] | None:
    """Arguments are more trace files when --trace is given (--trace day-*.json: the shell
    puts the files after the first behind the flag), else stray arguments."""
    if files and not ctx.params.get("trace"):
        from aurora_cost.cli.boundary import StrayArguments

        raise StrayArguments([str(path) for path in files], ctx.command_path)
    return files


def _text(flag: str, help: str, check: Callable[[Any], Any] | None = None) -> Any:
    return Annotated[
        str | None,
        typer.Option(
            flag,
            metavar="TEXT",
            help=help,
            rich_help_panel=_TRACE,
            show_default=False,
            callback=check,
        ),
    ]


def any_case(value: str | None, choices: Sequence[str]) -> str | None:
    """A choice given on the command line in any case, spelled as the choice is
    (`average` -> `Average`, `JSON` -> `json`); anything else is left for the check."""
    if value is None:
        return None
    return next((choice for choice in choices if choice.lower() == value.lower()), value)


def _statistic(value: str | None) -> str | None:
    from aurora_cost.demand.spec import PERCENTILE, STATISTICS

    spelled = any_case(value, STATISTICS)
    if spelled is not None and PERCENTILE.match(spelled.lower()):
        return spelled.lower()  # P99 -> p99, as CloudWatch writes it
    return spelled


_TRACE_OPTIONS = (
    _option(
        "trace",
        Annotated[
            list[Path] | None,
            typer.Option(
                "--trace",
                metavar="FILE",
                help="Replay a recorded demand: CSV or AWS CLI CloudWatch JSON, gzip too. "
                "Several files (--trace day-*.json, or --trace repeated) are merged into one "
                "series.",
                rich_help_panel=_TRACE,
                show_default=False,
            ),
        ],
    ),
    _option(
        "trace_statistic",
        _text(
            "--trace-statistic",
            "get-metric-statistics: the statistic to read (Average, Maximum, p99, ...; any case).",
            _statistic,
        ),
    ),
    _option("trace_id", _text("--trace-id", "get-metric-data: the Id of the result to read.")),
    _option(
        "trace_label", _text("--trace-label", "get-metric-data: the Label of the result to read.")
    ),
    _option(
        "idle_below",
        _number(
            "--idle-below",
            float,
            "Count traced demand at or below this many ACUs as idle (0).",
            _TRACE,
            None,
            "ACU",
        ),
    ),
    _option(
        "more_trace_files",
        Annotated[
            list[Path] | None,
            typer.Argument(hidden=True, metavar="", show_default=False, callback=_after_trace),
        ],
    ),
)


def expand_patterns(files: Sequence[Path]) -> list[Path]:
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


def _what_if(
    *, trace: list[Path] | None, more_trace_files: list[Path] | None, **flags: Any
) -> WhatIf:
    files = [*(trace or ()), *(more_trace_files or ())]
    # relative to where the user stands; a quoted pattern ('day-*.json') is expanded here
    paths = tuple(path.absolute() for path in expand_patterns(files)) if files else None
    return WhatIf(**flags, trace=paths)


WHAT_IF: OptionGroup[WhatIf] = OptionGroup(
    "what_if", (*_WHAT_IF_OPTIONS, *_TRACE_OPTIONS), build=_what_if
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
        _option(
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
        _option("usage", UsageFileOpt),
        _option(
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
        _option("var", TfVarOpt),
        _option("var_file", TfVarFileOpt),
    ),
    build=lambda infra, usage, infra_format, var, var_file: InfraInputs(
        tuple(infra or ()), usage, infra_format, tf_variables(var, var_file)
    ),
)
