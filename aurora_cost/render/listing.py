"""Renderers for the price listings: `regions`, `pricing show` and `pricing validate`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from aurora_cost.render import OutputFormat
from aurora_cost.shown import markdown_text


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _md_cell(value: Any) -> str:
    """A cell of a markdown table: a multi-line problem stays in its row."""
    return " <br> ".join(markdown_text(line.strip()) for line in _text(value).splitlines())


def render_rows(
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat,
    *,
    title: str,
    json_document: Any,
    width: int = 100,
    color: bool = False,
) -> str:
    """A list of flat rows as a table, markdown, CSV; `json_document` for JSON."""
    if fmt is OutputFormat.json:
        return json.dumps(json_document, indent=2, default=str) + "\n"
    columns = list(rows[0]) if rows else []
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
        return buffer.getvalue()
    if fmt is OutputFormat.markdown:
        lines = [f"### {title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(_md_cell(row[c]) for c in columns) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    return _table(rows, columns, title, width, color)


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
        wrap,
    )

    buffer = io.StringIO()
    out = console(buffer, width, color)
    for line in wrap(title, width):
        out.print(line, overflow="fold")
    cells = [[_text(row[c]) for c in columns] for row in rows]
    fitted = fit_columns(
        [
            Column(
                natural=max([len(c), *(len(r[i]) for r in cells)]),
                minimum=max([identifier_minimum(c), *(longest_word(r[i]) for r in cells)]),
            )
            for i, c in enumerate(columns)
        ],
        width,
    )
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
