"""What every command shares for its output: stdout is data, stderr is talk."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from aurora_cost.render import OutputFormat, Renderers
from aurora_cost.shown import printable_lines, printable_message

if TYPE_CHECKING:
    from aurora_cost.report import PricingInfo

D = TypeVar("D")


MAX_LINE = 2000  # characters of one line of talk: a value quoted from a file is cut short


def _bounded(line: str) -> str:
    if len(line) <= MAX_LINE:
        return line
    return f"{line[: MAX_LINE - 200]} ... ({len(line) - MAX_LINE + 160:,} characters) ... {line[-160:]}"


def say(message: str) -> None:
    """Talk goes to stderr, so stdout stays data; text from files cannot steer the terminal
    (escaped) nor flood it (a line is at most MAX_LINE characters)."""
    text = printable_message(message)
    sys.stderr.write("\n".join(map(_bounded, text.split("\n"))) + "\n")
    sys.stderr.flush()


def say_prices(infos: Sequence[PricingInfo]) -> None:
    """`Prices: <source>, published <date>.` for each price file used, and a note when
    they are over 180 days old: every command says what it priced with, as `compare` does."""
    from datetime import date

    from aurora_cost.pricing.store import stale_note

    for info in infos:
        say(f"Prices: {info.source}, published {info.published}.")
    for published in sorted({info.published for info in infos}):
        stale = stale_note(date.fromisoformat(published), date.today())
        if stale:
            say(f"note: {stale}")


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


@dataclass(frozen=True)
class Output:
    """Where and how a command prints its document (the --format option group's value)."""

    format: OutputFormat
    width: int
    color: bool

    @classmethod
    def choose(cls, fmt: OutputFormat | None) -> Output:
        return cls(choose_format(fmt), terminal_width(), color_wanted())

    def show(self, renderers: Renderers[D], document: D) -> None:
        """The document in the chosen format on stdout, by its kind's renderer map."""
        emit(renderers.render(document, self.format, width=self.width, color=self.color))
