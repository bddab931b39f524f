"""Renderers for the price listings: `regions`, `pricing show` and `pricing validate`."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aurora_cost.render.cells import CsvWriter, md_row, plain


@dataclass(frozen=True)
class Listing:
    """Flat rows for people (table, markdown, CSV) and the JSON document beside them."""

    title: str
    rows: Sequence[dict[str, Any]]
    document: Any

    def model_dump_json(self, *, indent: int) -> str:
        return json.dumps(self.document, indent=indent, default=str)

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []


def listing_csv(listing: Listing, width: int = 0, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\n")
    writer.writerow(listing.columns)
    for row in listing.rows:
        writer.writerow(["" if row[c] is None else row[c] for c in listing.columns])
    return buffer.getvalue()


def listing_markdown(listing: Listing, width: int = 0, color: bool = False) -> str:
    columns = listing.columns
    lines = [f"### {listing.title}", "", md_row(columns), "|" + "---|" * len(columns)]
    lines += [md_row([row[c] for c in columns]) for row in listing.rows]
    return "\n".join(lines) + "\n"


def listing_table(listing: Listing, width: int = 100, color: bool = False) -> str:
    return _table(listing.rows, listing.columns, listing.title, width, color)


def render_rows(
    rows: Sequence[dict[str, Any]],
    fmt: Any,
    *,
    title: str,
    json_document: Any,
    width: int = 100,
    color: bool = False,
) -> str:
    """A list of flat rows in `fmt` (`json_document` for JSON), through the LISTING map."""
    from aurora_cost.render import LISTING

    return LISTING.render(Listing(title, rows, json_document), fmt, width=width, color=color)


def _most(widths: Iterable[int]) -> int:
    """A width that keeps nine rows in ten on one line (a few long names may wrap)."""
    ordered = sorted(widths)
    return (
        ordered[(len(ordered) * 9) // 10 - (1 if len(ordered) % 10 == 0 else 0)] if ordered else 0
    )


def _table(
    rows: Sequence[dict[str, Any]], columns: list[str], title: str, width: int, color: bool
) -> str:
    """A Rich table when every value fits whole (text wrapping at spaces, headers after their
    underscores); otherwise one block per row: its first value, then `key: value` lines."""
    from rich.table import Table

    from aurora_cost.render.layout import (
        Column,
        break_identifier,
        console,
        fit_columns,
        identifier_minimum,
        longest_word,
        two_line_minimum,
        wrap,
    )

    buffer = io.StringIO()
    out = console(buffer, width, color)
    for line in wrap(title, width):
        out.print(line, overflow="fold")
    cells = [[plain(row[c]) for c in columns] for row in rows]
    # Headers in at most two lines where that fits, else broken after any underscore.
    fitted = None
    for header_minimum in (two_line_minimum, identifier_minimum):
        fitted = fit_columns(
            [
                Column(
                    natural=max([len(c), *(len(r[i]) for r in cells)]),
                    minimum=max([header_minimum(c), *(longest_word(r[i]) for r in cells)]),
                    content=_most(len(r[i]) for r in cells),
                )
                for i, c in enumerate(columns)
            ],
            width,
            whole_first=True,
        )
        if fitted is not None:
            break
    if fitted is not None:
        table = Table()
        for column, column_width in zip(columns, fitted):
            table.add_column(
                break_identifier(column, column_width), width=column_width, overflow="fold"
            )
        for row_cells in cells:
            table.add_row(*row_cells)
        out.print(table)
        return buffer.getvalue()
    for row_cells in cells:
        out.print()
        for line in wrap(row_cells[0] if row_cells else "", width):
            out.print(line, overflow="fold")
        for column, value in zip(columns[1:], row_cells[1:]):
            for line in wrap(value, width, indent="    ", first=f"  {column}: "):
                out.print(line, overflow="fold")
    return buffer.getvalue()
