"""What every command shares: options declared once, output, and the error boundary."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from aurora_cost import __version__
from aurora_cost.errors import AuroraCostError, ExitStatus
from aurora_cost.render import OutputFormat
from aurora_cost.shown import printable_lines, printable_message

F = TypeVar("F", bound=Callable[..., Any])

STATE = {"debug": False}

FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default on a terminal), json (default otherwise), csv or markdown.",
        case_sensitive=False,
    ),
]
PricingOpt = Annotated[
    Path | None,
    typer.Option(
        "--pricing",
        # AURORA_COST_PRICING is read by the core, so that its errors name the variable.
        help="Directory of <region>.yaml price files to use instead of the bundled ones "
        "(default: $AURORA_COST_PRICING, else the bundled prices).",
        show_default=False,
    ),
]
RegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region",
        "-r",
        help="AWS region code, e.g. eu-west-1. Default: the workload's region, then "
        "AWS_REGION, then AWS_DEFAULT_REGION.",
        show_default=False,
    ),
]


def say(message: str) -> None:
    """Talk goes to stderr, so stdout stays data; text from files cannot steer the terminal."""
    sys.stderr.write(printable_message(message) + "\n")
    sys.stderr.flush()


def fail(message: str, status: ExitStatus = ExitStatus.BAD_INPUT) -> typer.Exit:
    say(f"Error: {message}")
    return typer.Exit(int(status))


def color_wanted() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    no_color = bool(os.environ.get("NO_COLOR"))  # an empty NO_COLOR does not count
    return sys.stdout.isatty() and not no_color and os.environ.get("TERM") != "dumb"


def choose_format(fmt: OutputFormat | None) -> OutputFormat:
    if fmt is not None:
        return fmt
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.json


def terminal_width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def emit(text: str) -> None:
    """Data goes to stdout: text from files is escaped there too (only the table's own
    colours are kept), whatever the renderer."""
    try:
        sys.stdout.write(printable_lines(text, colour=color_wanted()))
        sys.stdout.flush()
    except BrokenPipeError:  # `| head` closed the pipe: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def guarded(command: F) -> F:
    """The one error boundary: own errors -> `Error:` + exit 2; bugs -> exit 70; Ctrl-C -> 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except AuroraCostError as exc:
            if STATE["debug"]:
                traceback.print_exc()
            raise fail(str(exc), exc.exit_status) from None
        except KeyboardInterrupt:
            say("Interrupted; nothing was changed.")
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
        except Exception as exc:
            if STATE["debug"]:
                traceback.print_exc()
            name = type(exc).__name__
            raise fail(
                f"internal error ({name}: {exc}). This is a bug in aurora-cost {__version__}; "
                "please report it with the command you ran (add --debug for a traceback).",
                ExitStatus.INTERNAL_ERROR,
            ) from None

    return wrapper  # type: ignore[return-value]
