"""Renderers: pure functions from a report to text. They never compute a cost."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # renderers are chosen before any report model is loaded
    from aurora_cost.report import MultiRegionReport, Report


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


AnyReport = Union["Report", "MultiRegionReport"]
Renderer = Callable[[AnyReport, int, bool], str]


def render(report: AnyReport, fmt: OutputFormat, *, width: int = 100, color: bool = False) -> str:
    """The report as text in `fmt` (tables use `width` columns, colour only if asked)."""
    return _renderer(fmt)(report, width, color)


def _renderer(fmt: OutputFormat) -> Renderer:
    # Imported on demand so the JSON path never loads Rich.
    if fmt is OutputFormat.json:
        from aurora_cost.render.json_out import render_json

        return render_json
    if fmt is OutputFormat.csv:
        from aurora_cost.render.csv_out import render_csv

        return render_csv
    if fmt is OutputFormat.markdown:
        from aurora_cost.render.markdown import render_markdown

        return render_markdown
    if fmt is OutputFormat.table:
        from aurora_cost.render.table import render_table

        return render_table
    raise ValueError(fmt)  # pragma: no cover - the enum is exhaustive (tested)
