"""HTML pages of the infrastructure documents: clusters, a diff, advice per cluster, a scan,
and the price listings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aurora_cost.render.html.charts import bar_chart
from aurora_cost.render.html.common import (
    as_json,
    budget_verdict,
    capacity_charts,
    delta,
    line_items_table,
    money,
    notes_section,
    savings_plan_section,
    text,
    usd_text,
)
from aurora_cost.render.html.page import Cell, Page, Section, Table, render_page
from aurora_cost.render.html.reports import advice_sections
from aurora_cost.render.json_out import JsonDocument


def _sources(data: Any) -> list[str]:
    return [f"Source: {s['path']} ({s['format']})" for s in data.get("sources", [])]


def infra_html(document: JsonDocument, width: int = 0, color: bool = False) -> str:
    data = as_json(document)
    clusters = data["clusters"]
    page = Page(
        f"Aurora monthly cost of {len(clusters)} cluster(s)",
        "infrastructure",
        subtitle="USD, 730 hours a month; a cluster without usage is priced as a range, at its high end",
        verdict=budget_verdict(data.get("budget")),
        footer=_sources(data),
    )
    rows, bars = [], []
    for cluster in clusters:
        option = cluster["report"]["options"][0]
        span = cluster.get("range")
        usage = cluster.get("usage") or (
            f"no usage: range {usd_text(span['low'])} - {usd_text(span['high'])}" if span else "no usage"
        )  # fmt: skip
        rows.append([text(cluster["address"]), text(cluster["region"]), text(option["settings"]),
                     text(usage), money(option["monthly_cost"])])  # fmt: skip
        items = [(i["name"], Decimal(i["monthly_cost"])) for i in option.get("line_items", [])]
        bars.append((cluster["address"], items))
    total = data["total"]
    rows.append([Cell("total", strong=True), text(", ".join(total["by_region"])), text(""), text(""),
                 money(total["monthly_cost"], strong=True)])  # fmt: skip
    chart = bar_chart("Cost by cluster and line item", bars,
                      totals=[usd_text(c["report"]["options"][0]["monthly_cost"]) for c in clusters],
                      description="USD a month; each bar is one cluster's line items")  # fmt: skip
    table = Table(["cluster", "region", "settings", "usage", "monthly"], rows)
    page.sections.append(Section("Clusters", tables=[table], charts=[chart]))
    options = [{**c["report"]["options"][0], "name": c["address"]} for c in clusters]
    page.sections.append(Section("Line items", tables=[line_items_table(options)]))
    plans = savings_plan_section(options)
    if plans:
        page.sections.append(plans)
    for cluster in clusters:
        charts = capacity_charts(cluster["report"].get("chart"), cluster["report"].get("period"))
        if charts:
            page.sections.append(
                Section(f"Capacity over time: {cluster['address']}", charts=charts)
            )
    by_region = [[text(r), money(v)] for r, v in total["by_region"].items()]
    page.sections.append(
        Section("Total by region", tables=[Table(["region", "monthly"], by_region)])
    )
    notes = notes_section(data.get("warnings", []))
    if notes:
        page.sections.append(notes)
    return render_page(page)


def diff_html(document: JsonDocument, width: int = 0, color: bool = False) -> str:
    data = as_json(document)
    total = data["total"]
    sign = "+" if Decimal(total["delta"]) > 0 else ""
    percent = (
        f" ({sign}{total['delta_percent']}%)" if total.get("delta_percent") is not None else ""
    )
    change = delta(total["delta"]).text
    budget = data.get("budget") or {}
    verdicts = [v for v in (budget.get("increase"), budget.get("monthly")) if v]
    verdict = None
    if verdicts:
        bad = [v for v in verdicts if v["status"] != "within"]
        verdict = ("bad" if bad else "good", " ".join(f"Budget: {v['status']}. {v['reason']}." for v in verdicts))  # fmt: skip
    page = Page(f"Aurora cost change: {change} a month{percent}", "diff",
                subtitle="Each cluster before and after the change; USD, 730 hours a month",
                verdict=verdict, footer=_sources(data))  # fmt: skip
    rows = [
        [
            text(c["address"]),
            text(c["action"]),
            text(c["region"]),
            money(c["before"]),
            money(c["after"]),
            delta(c["delta"]),
        ]
        for c in data["clusters"]
    ]
    rows.append([Cell("total", strong=True), text(""), text(""), money(total["before"]),
                 money(total["after"]), delta(total["delta"], strong=True)])  # fmt: skip
    bars = [
        (
            c["address"],
            [("increase" if Decimal(c["delta"]) >= 0 else "decrease", Decimal(c["delta"]))],
        )
        for c in data["clusters"]
        if c.get("delta") is not None
    ]
    chart = bar_chart("Change by cluster", bars, totals=[delta(Decimal(p[0][1])).text for _, p in bars],
                      description="USD a month: right of the line costs more, left costs less")  # fmt: skip
    table = Table(["cluster", "action", "region", "before", "after", "change"], rows)
    page.sections.append(Section("Clusters", tables=[table], charts=[chart]))
    changes = [f"{c['address']}: {change}" for c in data["clusters"] for change in c.get("changes", [])]  # fmt: skip
    if changes:
        page.sections.append(Section("What changed", notes=changes))
    notes = notes_section(data.get("warnings", []))
    if notes:
        page.sections.append(notes)
    return render_page(page)


def infra_advice_html(document: JsonDocument, width: int = 0, color: bool = False) -> str:
    data = as_json(document)
    page = Page(
        "Advice per cluster",
        "infrastructure-advice",
        subtitle="Each cluster's cheapest configuration that carries its load; USD, 730 hours a month",
        footer=_sources(data),
    )
    rows, bars = [], []
    for cluster in data["clusters"]:
        advice = cluster["advice"]
        now = (advice.get("current") or {}).get("monthly_cost")
        best = advice["recommendations"][0] if advice["recommendations"] else None
        rows.append([text(cluster["address"]), text(cluster["region"]), money(now),
                     text(best["option"]["kind"] if best else "none"),
                     money(best["monthly_cost"] if best else None),
                     delta(best.get("savings_vs_current") if best else None)])  # fmt: skip
        parts = [(p, Decimal(v)) for p, v in (("now", now), ("advised", best and best["monthly_cost"])) if v is not None]  # fmt: skip
        for label, value in parts:
            bars.append((f"{cluster['address']} ({label})", [(label, value)]))
    table = Table(["cluster", "region", "now", "advised kind", "advised monthly", "saves a month"], rows)  # fmt: skip
    chart = bar_chart(
        "Now and advised, by cluster", bars, totals=[usd_text(p[0][1]) for _, p in bars]
    )
    page.sections.append(Section("Clusters", tables=[table], charts=[chart]))
    for cluster in data["clusters"]:
        page.sections += advice_sections(cluster["advice"], prefix=f"{cluster['address']}: ")
    notes = notes_section(data.get("warnings", []))
    if notes:
        page.sections.append(notes)
    return render_page(page)


def scan_html(document: JsonDocument, width: int = 0, color: bool = False) -> str:
    data = as_json(document)
    window = data["window"]
    page = Page(f"Aurora clusters in {data['region']}", "scan",
                subtitle=f"What ran from {window['start']} to {window['end']} ({window['days']} days), priced for a month; USD, 730 hours a month")  # fmt: skip
    rows, bars, findings = [], [], []
    for cluster in data["clusters"]:
        option = cluster["report"]["options"][0]
        rows.append([text(cluster["id"]), text(cluster["engine"]), text(option["settings"]),
                     text(cluster["demand"]["peak_acu"]), money(option["monthly_cost"]),
                     text(len(cluster["findings"]))])  # fmt: skip
        at_stake = [(f["code"], Decimal(f["monthly_cost"])) for f in cluster["findings"] if f.get("monthly_cost") is not None]  # fmt: skip
        if at_stake:
            bars.append((cluster["id"], at_stake))
        findings += [[text(cluster["id"]), text(f["code"]), money(f.get("monthly_cost")), text(f["message"])] for f in cluster["findings"]]  # fmt: skip
    total = data["total"]
    rows.append([Cell("total", strong=True), text(""), text(""), text(""), money(total["monthly_cost"], strong=True),
                 text(f"savings available: {usd_text(total['savings_available'])}")])  # fmt: skip
    table = Table(["cluster", "engine", "settings", "peak ACU", "monthly", "findings"], rows)
    totals = [usd_text(sum(v for _, v in parts)) for _, parts in bars]
    charts = [bar_chart("Findings by cluster", bars, totals=totals, description="USD a month at stake, by finding")] if bars else []  # fmt: skip
    page.sections.append(Section("Clusters", tables=[table]))
    page.sections.append(Section("Findings", tables=[Table(["cluster", "finding", "a month", "what"], findings)], charts=charts))  # fmt: skip
    options = [{**o, "name": f"{c['id']}: {o['name']}"} for c in data["clusters"] for o in c["report"]["options"]]  # fmt: skip
    page.sections.append(Section("Line items", tables=[line_items_table(options)]))
    plans = savings_plan_section(options)
    if plans:
        page.sections.append(plans)
    for cluster in data["clusters"]:
        charts = capacity_charts(cluster["report"].get("chart"), cluster["report"].get("period"))
        if charts:
            page.sections.append(Section(f"Capacity over time: {cluster['id']}", charts=charts))
        if cluster.get("advice"):
            page.sections += advice_sections(cluster["advice"], prefix=f"{cluster['id']}: ")
    notes = notes_section(data.get("warnings", []))
    if notes:
        page.sections.append(notes)
    return render_page(page)


def listing_html(listing: Any, width: int = 0, color: bool = False) -> str:
    columns = list(listing.columns)
    rows = [[_listing_cell(row[c]) for c in columns] for row in listing.rows]
    page = Page(listing.title, "listing", sections=[Section(listing.title, tables=[Table(columns, rows)])])  # fmt: skip
    return render_page(page)


def _listing_cell(value: Any) -> Cell:
    if value is None:
        return Cell("-")
    if isinstance(value, bool):
        return Cell("yes" if value else "no")
    return Cell(str(value), number=isinstance(value, (int, float, Decimal)))
