"""Renderers for the price listings: `regions`, `pricing show` and `pricing validate`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from aurora_cost.render import OutputFormat


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _md_cell(value: Any) -> str:
    """A cell of a markdown table: a multi-line problem stays in its row."""
    return " <br> ".join(line.strip() for line in _text(value).replace("|", "\\|").splitlines())


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
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(_text(row[c]) for c in columns))
    buffer = io.StringIO()
    Console(
        file=buffer,
        width=width,
        no_color=not color,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,  # file and region names are never Rich markup
    ).print(table)
    return buffer.getvalue()
