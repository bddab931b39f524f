"""Renderers: pure functions from a document to text. They never compute a cost.

Each document kind (a report, an infrastructure report, a diff, advice, infrastructure
advice, a listing) has ONE format -> renderer map, a `Renderers` below. A renderer is named
as "module:function" and imported only when it is used, so `--format json` never loads Rich
(start-up time). Every renderer has the same shape: `(document, width, color) -> str`.

To add a format (as `html` was): add a member to `OutputFormat`, then a renderer module per
document kind, a keyword of `_kind` and one line in each map below. `tests/test_render_formats.py` fails until
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


def _kind(kind: str, *, table: str, csv: str, markdown: str, html: str) -> Renderers[Any]:
    """A document kind's map: its own renderers ("module:function" under `render/`) and the
    one JSON writer."""
    return Renderers(
        kind,
        {
            OutputFormat.table: f"aurora_cost.render.{table}",
            OutputFormat.json: _JSON,
            OutputFormat.csv: f"aurora_cost.render.{csv}",
            OutputFormat.markdown: f"aurora_cost.render.{markdown}",
            OutputFormat.html: f"aurora_cost.render.{html}",
        },
    )


REPORT: Renderers[AnyReport] = _kind(
    "report",
    table="table:render_table",
    csv="csv_out:render_csv",
    markdown="markdown:render_markdown",
    html="html.reports:report_html",
)
INFRA: Renderers[InfraReport] = _kind(
    "infrastructure",
    table="infra_table:infra_table",
    csv="infra_csv:infra_csv",
    markdown="infra_markdown:infra_markdown",
    html="html.infra:infra_html",
)
DIFF: Renderers[DiffReport] = _kind(
    "diff",
    table="infra_table:diff_table",
    csv="infra_csv:diff_csv",
    markdown="infra_markdown:diff_markdown",
    html="html.infra:diff_html",
)
ADVICE: Renderers[Advice] = _kind(
    "advice",
    table="advice:advice_table",
    csv="advice:advice_csv",
    markdown="advice:advice_markdown",
    html="html.reports:advice_html",
)
INFRA_ADVICE: Renderers[InfraAdvice] = _kind(
    "infrastructure-advice",
    table="infra_advice:infra_advice_table",
    csv="infra_advice:infra_advice_csv",
    markdown="infra_advice:infra_advice_markdown",
    html="html.infra:infra_advice_html",
)
LISTING: Renderers[Listing] = _kind(
    "listing",
    table="listing:listing_table",
    csv="listing:listing_csv",
    markdown="listing:listing_markdown",
    html="html.infra:listing_html",
)
PRICE_SHEET: Renderers[Listing] = _kind(
    "price-sheet",  # `pricing show`: the rows of LISTING, grouped for people
    table="price_sheet:price_sheet_table",
    csv="listing:listing_csv",
    markdown="price_sheet:price_sheet_markdown",
    html="html.infra:listing_html",
)
RECONCILIATION: Renderers[Reconciliation] = _kind(
    "reconciliation",
    table="reconciliation:reconciliation_table",
    csv="reconciliation:reconciliation_csv",
    markdown="reconciliation:reconciliation_markdown",
    html="html.bill:reconciliation_html",
)
SCAN: Renderers[ScanReport] = _kind(
    "scan",
    table="scan:scan_table",
    csv="scan:scan_csv",
    markdown="scan:scan_markdown",
    html="html.infra:scan_html",
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
