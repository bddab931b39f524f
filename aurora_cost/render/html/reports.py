"""HTML pages of a compare report (one region or all), check's verdict, and advice."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from aurora_cost.render.html.charts import bar_chart, line_chart
from aurora_cost.render.html.common import (
    as_json,
    budget_verdict,
    capacity_charts,
    delta,
    line_items_chart,
    line_items_table,
    money,
    notes_section,
    number,
    savings_plan_section,
    text,
    usd_text,
)
from aurora_cost.render.html.page import Cell, Page, Section, Table, render_page
from aurora_cost.render.json_out import JsonDocument


def report_html(document: JsonDocument, width: int = 0, color: bool = False) -> str:
    data = as_json(document)
    page = _regions_page(data) if "reports" in data else _report_page(data)
    return render_page(page)


def _pricing_line(pricing: Any) -> str:
    return f"Prices: {pricing['source']}, published {pricing['published']}."


def _report_page(data: Any) -> Page:
    options = data["options"]
    page = Page(
        f"Aurora monthly cost in {data['region']} ({data['region_name']})",
        "report",
        subtitle=f"USD, {data['hours_per_month']} hours a month; demand: {data['period']['usage']}",
        verdict=budget_verdict(data.get("budget")),
        footer=[_pricing_line(data["pricing"])],
    )
    cheapest = data.get("cheapest")
    rows = []
    for option in options:
        mark = "cheapest" if option["name"] == cheapest else ("not available" if not option["available"] else "")  # fmt: skip
        rows.append([
            Cell(option["name"], strong=option["name"] == cheapest), text(option["settings"]),
            text(option["fit"]["status"] if option.get("fit") else None), text(mark),
            money(option["monthly_cost"], strong=option["name"] == cheapest),
        ])  # fmt: skip
    summary = Section("Options", tables=[Table(["option", "settings", "fit", "", "monthly"], rows)])
    summary.notes = [
        f"Cheapest: {cheapest} at {usd_text(_option(options, cheapest)['monthly_cost'])} a month."
        if cheapest else "No option qualifies as cheapest (see the notes)."
    ]  # fmt: skip
    page.sections.append(summary)
    page.sections.append(
        Section(
            "Cost by line item",
            tables=[line_items_table(options)],
            charts=[line_items_chart(options)],
        )
    )
    charts = capacity_charts(data.get("chart"), data.get("period"))
    if charts:
        page.sections.append(Section("Capacity over time", charts=charts))
    plans = savings_plan_section(options)
    if plans:
        page.sections.append(plans)
    notes = [*data.get("warnings", []), *(w for o in options for w in o.get("warnings", []))]
    section = notes_section(list(dict.fromkeys(notes)))
    if section:
        page.sections.append(section)
    return page


def _option(options: list[Any], name: str | None) -> Any:
    return next((o for o in options if o["name"] == name), {"monthly_cost": None})


def _regions_page(data: Any) -> Page:
    reports = data["reports"]
    names = list(dict.fromkeys(o["name"] for r in reports for o in r["options"]))
    page = Page("Aurora monthly cost in every region", "report-all-regions",
                subtitle="USD, 730 hours a month; regions as the JSON orders them",
                verdict=budget_verdict(data.get("budget")))  # fmt: skip
    rows = []
    bars = []
    for report in reports:
        cheapest = report.get("cheapest")
        best = _option(report["options"], cheapest)["monthly_cost"]
        cells = [text(report["region"]), text(report["region_name"]), text(cheapest or "none qualifies"), money(best, strong=True)]  # fmt: skip
        cells += [money(_option(report["options"], n)["monthly_cost"]) for n in names]
        rows.append(cells)
        if best is not None:
            bars.append((report["region"], [("cheapest option", Decimal(best))]))
    table = Table(["region", "name", "cheapest", "its monthly cost", *names], rows)
    chart = bar_chart("Cheapest option by region", bars, totals=[usd_text(p[0][1]) for _, p in bars],
                      description="USD a month of each region's cheapest qualifying option")  # fmt: skip
    page.sections.append(Section("Regions", tables=[table], charts=[chart]))
    return page


def advice_html(document: JsonDocument, width: int = 0, color: bool = False) -> str:
    data = as_json(document)
    page = Page(
        f"Advice for {data['region']}",
        "advice",
        subtitle="The cheapest configuration of each kind that carries the load; USD, 730 hours a month",
        footer=[_pricing_line(data["pricing"])],
    )
    page.sections += advice_sections(data)
    return render_page(page)


def advice_sections(data: Any, prefix: str = "") -> list[Section]:
    current = data.get("current")
    tables = []
    if current:
        now = [[text("now"), text(current["option"]), money(current["monthly_cost"])]]
        tables.append(Table(["", "the workload runs", "monthly"], now))
    rows = [
        [
            number(r["rank"]),
            text(r["option"]["kind"]),
            money(r["monthly_cost"], strong=r["rank"] == 1),
            delta(r.get("savings_vs_current")),
            money((r.get("savings_plan") or {}).get("monthly_cost")),
            text(r["why"]),
            text(json.dumps(r["option"], separators=(", ", ": "))),
        ]
        for r in data["recommendations"]
    ]
    tables.append(Table(["rank", "kind", "monthly", "saves a month", "with a Savings Plan", "why", "option (paste into options:)"], rows))  # fmt: skip
    tables.append(_ways_to_pay(data["recommendations"]))
    sections = [Section(f"{prefix}Recommendations", tables=tables)]
    charts = []
    for curve in data.get("breakeven") or []:
        points = curve["curve"]
        if not points:
            continue
        xs = [float(p["x"]) for p in points]
        series = [(name, [float(p["costs"][name]) for p in points]) for name in points[0]["costs"]]
        variable = curve["variable"].replace("_", " ")
        marker = None if curve.get("at") is None else (float(curve["at"]), f"{curve['at']}")
        labels = [(x, f"{x:.3g}") for x in _ticks(xs)]
        charts.append(line_chart(f"Break-even by {variable}", series, x_values=xs, x_labels=labels,
                                 y_unit="$", marker=marker, description=curve["detail"]))  # fmt: skip
    if charts:
        sections.append(Section(f"{prefix}Where serverless stops paying", charts=charts))
    notes = notes_section(data.get("warnings", []), f"{prefix}Notes")
    return [*sections, *([notes] if notes else [])]


def _ways_to_pay(recommendations: list[Any]) -> Table:
    """Each recommendation's month on demand, with its Savings Plan, with its Reserved
    Instances (term, payment and upfront fee), and the cheapest of the three."""
    names = {"on-demand": "on demand", "savings-plan": "Savings Plan", "reserved": "Reserved"}
    rows = []
    for r in recommendations:
        ways = r.get("ways_to_pay") or {}
        reserved = r.get("reserved_instance")
        term = (f"{reserved['term']} {reserved['payment']}, {usd_text(reserved['upfront'])} upfront"
                if reserved else None)  # fmt: skip
        cheapest = ways.get("cheapest")
        rows.append([
            number(r["rank"]), text(r["option"]["kind"]),
            money(ways.get("on_demand"), strong=cheapest == "on-demand"),
            money(ways.get("savings_plan"), strong=cheapest == "savings-plan"),
            money(ways.get("reserved"), strong=cheapest == "reserved"),
            text(term), text(names.get(cheapest or "", cheapest)),
        ])  # fmt: skip
    headers = ["rank", "kind", "on demand", "with a Savings Plan", "with Reserved Instances",
               "Reserved term", "cheapest way to pay"]  # fmt: skip
    return Table(
        headers,
        rows,
        caption="Three ways to pay: on demand, with a Database Savings Plan, with Reserved Instances (n/a: no plan or Reserved rates cover it)",
    )


def _ticks(xs: list[float]) -> list[float]:
    low, high = xs[0], xs[-1]
    return [low + (high - low) * q / 4 for q in range(5)]
