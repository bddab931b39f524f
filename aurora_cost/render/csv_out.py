"""`--format csv`: one row per line item, plus a total row per option."""

from __future__ import annotations

import csv
import io

from aurora_cost.render import AnyReport
from aurora_cost.render.columns import notes
from aurora_cost.report import MultiRegionReport

HEADER = (
    "region",
    "option",
    "kind",
    "available",
    "line_item",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "monthly_cost",
    "cheapest",
    "notes",
)


def render_csv(report: AnyReport, width: int = 0, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    reports = report.reports if isinstance(report, MultiRegionReport) else [report]
    for single in reports:
        for option in single.options:
            base = (single.region, option.name, option.kind, str(option.available).lower())
            for item in option.line_items:
                writer.writerow(
                    (
                        *base,
                        item.name,
                        item.description,
                        item.quantity,
                        item.unit,
                        item.unit_price,
                        item.monthly_cost,
                        "",
                        "",
                    )
                )
            cheapest = "true" if option.name == single.cheapest else "false"
            total = "" if option.monthly_cost is None else option.monthly_cost
            writer.writerow(
                (*base, "total", "monthly total", "", "USD", "", total, cheapest, notes(option))
            )
    return buffer.getvalue()
