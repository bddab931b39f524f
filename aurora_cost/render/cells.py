"""Text helpers every renderer shares: a markdown table cell (the one escaper), and the one
CSV writer.

Text from a report (option names, addresses, reasons that quote them) is escaped for
markdown by `md_cell` (`shown.markdown_text`), so that a pull-request comment shows it as
written: no formatting, links, table cells or HTML. What a renderer writes as markdown
itself (`**bold**`, a code span) is a `Markdown` string, left as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

from aurora_cost.shown import markdown_code, markdown_text


class Markdown(str):
    """Markdown the renderer wrote itself (with any report text in it already escaped)."""


def plain(value: Any) -> str:
    """A value as a person reads it in a listing: `-` for nothing, yes/no for a flag."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def md_cell(value: Any) -> str:
    """A cell of a GitHub markdown table: text escaped, a multi-line text kept in its row."""
    if isinstance(value, Markdown):
        return str(value)
    text = plain(value)
    if "\n" in text:
        return " <br> ".join(markdown_text(line.strip()) for line in text.splitlines())
    return markdown_text(text)


def md_code(text: str) -> Markdown:
    """`text` as a code span in a table cell (escaped text when it holds a backtick)."""
    return Markdown(markdown_code(text))


def md_bold(text: str) -> Markdown:
    return Markdown(f"**{md_cell(text)}**")


def md_row(cells: list[Any]) -> str:
    return "| " + " | ".join(md_cell(cell) for cell in cells) + " |"


# A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before
# one) as a formula: `=HYPERLINK(...)` in a cluster name would be a live link in Excel.
# Such a text cell is written with a leading apostrophe, as OWASP's "CSV Injection" page
# advises (https://owasp.org/www-community/attacks/CSV_Injection); numbers (-12.50) are
# numbers, and stay as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as written, never runs."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
        return value  # a number, such as -12.50
    except ValueError:
        return "'" + value


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class CsvWriter:
    """`csv.writer` whose every cell goes through `csv_cell`."""

    def __init__(self, buffer: Any, lineterminator: str = "\n") -> None:
        self._writer: _Writer = csv.writer(buffer, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
