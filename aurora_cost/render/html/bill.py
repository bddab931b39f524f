"""The HTML page of a reconciliation: the bill against what aurora-cost computes for it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aurora_cost.render.html.charts import bar_chart
from aurora_cost.render.html.common import (
    as_json,
    delta,
    money,
    notes_section,
    number,
    text,
    usd_text,
)
from aurora_cost.render.html.page import Cell, Page, Section, Table, render_page
from aurora_cost.render.html.reports import advice_sections
from aurora_cost.render.json_out import JsonDocument


def _percent(difference: Any) -> Cell:
    value = difference.get("percent")
    return Cell("-" if value is None else f"{value}%", number=True, value=value)


def reconciliation_html(document: JsonDocument, width: int = 0, color: bool = False) -> str:
    data = as_json(document)
    period, total = data["period"], data["total"]
    page = Page("Your Aurora bill against aurora-cost", "reconciliation",
                subtitle=f"{period['start']} to {period['end']} ({period['hours']} hours); USD for the period; "
                "difference = billed - computed",
                footer=[f"Source: {s['path']} ({s['format']}, {s['files']} file(s))" for s in data["sources"]])  # fmt: skip
    rows, bars = [], []
    for cluster in data["clusters"]:
        computed = (cluster.get("computed") or {}).get("total")
        rows.append([text(cluster["resource"]), text(cluster["region"]), text(cluster.get("engine")),
                     money(cluster["billed"]["total"]), money(computed),
                     delta(cluster["difference"].get("amount")), _percent(cluster["difference"])])  # fmt: skip
        bars.append((f"{cluster['resource']} (billed)", [("billed", Decimal(cluster["billed"]["total"]))]))  # fmt: skip
        if computed is not None:
            bars.append((f"{cluster['resource']} (computed)", [("computed", Decimal(computed))]))
    rows.append([Cell("total", strong=True), text(""), text(""), money(total["billed"], strong=True),
                 money(total["computed"], strong=True), delta(total["difference"].get("amount"), strong=True),
                 _percent(total["difference"])])  # fmt: skip
    table = Table(["cluster", "region", "engine", "billed", "computed", "difference", "%"], rows)
    chart = bar_chart("Billed and computed, by cluster", bars, totals=[usd_text(p[0][1]) for _, p in bars],
                      description="USD for the period")  # fmt: skip
    page.sections.append(Section("Clusters", tables=[table], charts=[chart]))
    for cluster in data["clusters"]:
        page.sections.append(_cluster_section(cluster))
        if cluster.get("alternatives"):
            page.sections += advice_sections(
                cluster["alternatives"], prefix=f"{cluster['resource']}: "
            )
    unknown = [
        [
            text(u["usage_type"]),
            text(", ".join(u["resources"])),
            number(u["quantity"]),
            text(u["unit"]),
            money(u["cost"]),
        ]
        for u in data.get("unknown_usage_types", [])
    ]
    if unknown:
        columns = ["usage type", "resources", "quantity", "unit", "cost"]
        page.sections.append(Section("Usage types aurora-cost does not know", tables=[Table(columns, unknown)]))  # fmt: skip
    notes = notes_section(data.get("warnings", []))
    if notes:
        page.sections.append(notes)
    return render_page(page)


def _cluster_section(cluster: Any) -> Section:
    billed = [
        [
            text(i["name"]),
            text(i["usage_type"]),
            number(i["quantity"]),
            text(i["unit"]),
            money(i["cost"]),
            money(i.get("covered_cost")),
        ]
        for i in cluster["billed"]["line_items"]
    ]
    tables = [Table(["billed", "usage type", "quantity", "unit", "cost", "of it covered"], billed)]
    if cluster.get("computed"):
        computed = [
            [
                text(i["name"] + (f" ({i['description']})" if i.get("description") else "")),
                number(i["quantity"]),
                text(i["unit"]),
                number(i["unit_price"]),
                money(i["cost"]),
            ]
            for i in cluster["computed"]["line_items"]
        ]
        tables.append(Table(["computed", "quantity", "unit", "unit price (USD)", "cost"], computed))
    return Section(f"{cluster['resource']}: line items", tables=tables, notes=list(cluster.get("notes", [])))  # fmt: skip
