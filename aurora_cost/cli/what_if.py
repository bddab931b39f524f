"""The what-if and trace flags of compare, check and advise, declared once: they make the
`WhatIf` a command takes (`@with_options(WHAT_IF, ...)`, see `cli/options.py`)."""

from __future__ import annotations

import glob
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from aurora_cost.charges.storage import MAX_STORAGE_GB
from aurora_cost.cli.options import OptionGroup, option
from aurora_cost.errors import InputError
from aurora_cost.workload.whatif import WhatIf

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
    option(
        "acu",
        _number("--acu", float, "Demand in ACUs while active.", _WHAT_IF, None, "ACU"),
    ),
    option(
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
    option(
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
    option(
        "io_requests",
        _number("--io-requests", float, "I/O requests a month.", _WHAT_IF, None),
    ),
    option(
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
    option(
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
    option(
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
    option(
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
    option(
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
    option(
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
    option(
        "trace_statistic",
        _text(
            "--trace-statistic",
            "get-metric-statistics: the statistic to read (Average, Maximum, p99, ...; any case).",
            _statistic,
        ),
    ),
    option("trace_id", _text("--trace-id", "get-metric-data: the Id of the result to read.")),
    option(
        "trace_label", _text("--trace-label", "get-metric-data: the Label of the result to read.")
    ),
    option(
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
    option(
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
