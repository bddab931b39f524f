"""Renderers: pure functions from a document to text. They never compute a cost.

Each document kind (a report, an infrastructure report, a diff, advice, infrastructure
advice, a listing) has ONE format -> renderer map, a `Renderers` below. A renderer is named
as "module:function" and imported only when it is used, so `--format json` never loads Rich
(start-up time). Every renderer has the same shape: `(document, width, color) -> str`.

To add a format (as `html` was): add a member to `OutputFormat`, then a renderer module per
document kind and one line in each map below. `tests/test_render_formats.py` fails until
every map covers every format.

To add a document kind: write its renderers, add a `Renderers` here and list it in
`DOCUMENT_KINDS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union

if TYPE_CHECKING:  # renderers are chosen before any document model is loaded
    from aurora_cost.advise.infra import InfraAdvice
    from aurora_cost.advise.model import Advice
    from aurora_cost.bill.model import Reconciliation
    from aurora_cost.infra.report import DiffReport, InfraReport
    from aurora_cost.render.listing import Listing
    from aurora_cost.report import MultiRegionReport, Report
    from aurora_cost.sources.aws.document import ScanReport


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


AnyReport = Union["Report", "MultiRegionReport"]
D = TypeVar("D")


@dataclass(frozen=True)
class Renderers(Generic[D]):
    """One document kind's format -> renderer map ("module:function", imported on use)."""

    kind: str
    by_format: Mapping[OutputFormat, str]

    def render(
        self, document: D, fmt: OutputFormat, *, width: int = 100, color: bool = False
    ) -> str:
        module, _, name = self.by_format[fmt].partition(":")
        renderer = getattr(importlib.import_module(module), name)
        text: str = renderer(document, width, color)
        return text


_JSON = "aurora_cost.render.json_out:render_json"  # every document kind's JSON, written once
_R = "aurora_cost.render."

REPORT: Renderers[AnyReport] = Renderers(
    "report",
    {
        OutputFormat.table: _R + "table:render_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "csv_out:render_csv",
        OutputFormat.markdown: _R + "markdown:render_markdown",
        OutputFormat.html: _R + "html.reports:report_html",
    },
)
INFRA: Renderers[InfraReport] = Renderers(
    "infrastructure",
    {
        OutputFormat.table: _R + "infra_table:infra_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "infra_csv:infra_csv",
        OutputFormat.markdown: _R + "infra_markdown:infra_markdown",
        OutputFormat.html: _R + "html.infra:infra_html",
    },
)
DIFF: Renderers[DiffReport] = Renderers(
    "diff",
    {
        OutputFormat.table: _R + "infra_table:diff_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "infra_csv:diff_csv",
        OutputFormat.markdown: _R + "infra_markdown:diff_markdown",
        OutputFormat.html: _R + "html.infra:diff_html",
    },
)
ADVICE: Renderers[Advice] = Renderers(
    "advice",
    {
        OutputFormat.table: _R + "advice:advice_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "advice:advice_csv",
        OutputFormat.markdown: _R + "advice:advice_markdown",
        OutputFormat.html: _R + "html.reports:advice_html",
    },
)
INFRA_ADVICE: Renderers[InfraAdvice] = Renderers(
    "infrastructure-advice",
    {
        OutputFormat.table: _R + "infra_advice:infra_advice_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "infra_advice:infra_advice_csv",
        OutputFormat.markdown: _R + "infra_advice:infra_advice_markdown",
        OutputFormat.html: _R + "html.infra:infra_advice_html",
    },
)
LISTING: Renderers[Listing] = Renderers(
    "listing",
    {
        OutputFormat.table: _R + "listing:listing_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "listing:listing_csv",
        OutputFormat.markdown: _R + "listing:listing_markdown",
        OutputFormat.html: _R + "html.infra:listing_html",
    },
)
PRICE_SHEET: Renderers[Listing] = Renderers(
    "price-sheet",  # `pricing show`: the rows of LISTING, grouped for people
    {
        OutputFormat.table: _R + "price_sheet:price_sheet_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "listing:listing_csv",
        OutputFormat.markdown: _R + "price_sheet:price_sheet_markdown",
        OutputFormat.html: _R + "html.infra:listing_html",
    },
)
RECONCILIATION: Renderers[Reconciliation] = Renderers(
    "reconciliation",
    {
        OutputFormat.table: _R + "reconciliation:reconciliation_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "reconciliation:reconciliation_csv",
        OutputFormat.markdown: _R + "reconciliation:reconciliation_markdown",
        OutputFormat.html: _R + "html.bill:reconciliation_html",
    },
)
SCAN: Renderers[ScanReport] = Renderers(
    "scan",
    {
        OutputFormat.table: _R + "scan:scan_table",
        OutputFormat.json: _JSON,
        OutputFormat.csv: _R + "scan:scan_csv",
        OutputFormat.markdown: _R + "scan:scan_markdown",
        OutputFormat.html: _R + "html.infra:scan_html",
    },
)

DOCUMENT_KINDS: tuple[Renderers[Any], ...] = (
    REPORT,
    INFRA,
    DIFF,
    ADVICE,
    INFRA_ADVICE,
    LISTING,
    PRICE_SHEET,
    RECONCILIATION,
    SCAN,
)


def render(report: AnyReport, fmt: OutputFormat, *, width: int = 100, color: bool = False) -> str:
    """A report (one region or all) as text in `fmt` (tables use `width` columns)."""
    return REPORT.render(report, fmt, width=width, color=color)
