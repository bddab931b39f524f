"""What the HTML page builders share: the document as its JSON, cells, and recurring charts.

Pages are built from the JSON form of a document (`--format json`), so every amount on
the page is the JSON's own string, shown with the one money formatter and kept exact in
the cell's `data-value`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from aurora_cost.money import signed_usd, usd
from aurora_cost.render.html.charts import Chart, bar_chart, line_chart
from aurora_cost.render.html.page import Cell, Section, Table
from aurora_cost.render.json_out import JsonDocument, render_json

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def as_json(document: JsonDocument) -> Any:
    return json.loads(render_json(document))


def money(value: Any, *, strong: bool = False) -> Cell:
    if value is None:
        return Cell("n/a", number=True)
    return Cell(usd(Decimal(str(value))), number=True, value=str(value), strong=strong)


def delta(value: Any, *, strong: bool = False) -> Cell:
    if value is None:
        return Cell("n/a", number=True)
    return Cell(signed_usd(Decimal(str(value))), number=True, value=str(value), strong=strong)


def text(value: Any) -> Cell:
    return Cell("-" if value is None else str(value))


def number(value: Any) -> Cell:
    return Cell("-" if value is None else str(value), number=True, value=None if value is None else str(value))  # fmt: skip


def usd_text(value: Any) -> str:
    return "n/a" if value is None else usd(Decimal(str(value)))


def budget_verdict(budget: Any) -> tuple[str, str] | None:
    """(good|bad, sentence) of a `budget` object that has a status and a reason."""
    if not budget:
        return None
    status = budget.get("status")
    reason = budget.get("reason") or status
    return ("good" if status == "within" else "bad", f"Budget: {status}. {reason}")


def line_items_chart(options: list[Any], title: str = "Cost by line item") -> Chart:
    """One stacked bar per priced option, a segment per line item."""
    priced = [o for o in options if o.get("monthly_cost") is not None]
    rows = [(o["name"], [(i["name"], Decimal(i["monthly_cost"])) for i in o["line_items"]]) for o in priced]  # fmt: skip
    totals = [usd_text(o["monthly_cost"]) for o in priced]
    return bar_chart(title, rows, totals=totals, description="USD a month, by line item")


def _item_name(item: Any) -> str:
    name: str = item["name"]
    return name + (f" ({item['description']})" if item.get("description") else "")


def line_items_table(options: list[Any]) -> Table:
    rows = [
        [
            text(o["name"]),
            text(_item_name(i)),
            number(i["quantity"]),
            text(i["unit"]),
            number(i["unit_price"]),
            money(i["monthly_cost"]),
        ]
        for o in options
        for i in o.get("line_items") or []
    ]
    columns = ["option", "line item", "quantity", "unit", "unit price (USD)", "monthly"]
    return Table(columns, rows)


def capacity_charts(chart: Any, period: Any = None) -> list[Chart]:
    """Capacity over time, one small chart per option, with the demand dashed under it."""
    if not chart or not chart.get("options"):
        return []
    demand = [float(v) for v in chart["demand"]]
    minutes = int(chart["bucket_minutes"])
    count = len(demand)
    xs = [float(i) for i in range(count)]
    weekly = (
        period is not None and period.get("usage") in ("schedule", "constant") and count * minutes == 10080
    )  # fmt: skip
    if weekly:
        per_day = 1440 // minutes
        labels = [(i * per_day + per_day / 2, day) for i, day in enumerate(DAYS)]
    else:
        labels = [(count * q / 4, f"{count * q / 4 * minutes / 60:,.0f} h") for q in range(5)]
    out = []
    for name, values in chart["options"].items():
        series = [("demand", demand), (name, [float(v) for v in values])]
        out.append(
            line_chart(
                f"Capacity over time: {name}",
                series,
                x_values=xs,
                x_labels=labels,
                dashed=frozenset({"demand"}),
                description=f"ACU, the highest of each {minutes}-minute bucket's averages; "
                "0 is paused or idle",
            )
        )
    return out


def notes_section(warnings: list[str], heading: str = "Notes") -> Section | None:
    return Section(heading, notes=list(warnings)) if warnings else None


def savings_plan_section(options: list[Any]) -> Section | None:
    """Each option's best Database Savings Plan: the commitment, the bill with it, the saving."""
    plans = [o for o in options if o.get("savings_plan")]
    if not plans:
        return None
    rows = [
        [
            text(o["name"]),
            number(o["savings_plan"]["hourly_commitment"]),
            money(o["savings_plan"]["monthly_cost"]),
            money(o["savings_plan"]["savings"]),
            text(o["savings_plan"]["rates"]),
        ]
        for o in plans
    ]
    columns = ["option", "commitment (USD/hour)", "monthly with the plan", "saves", "rates"]
    return Section("Database Savings Plans", tables=[Table(columns, rows)])
