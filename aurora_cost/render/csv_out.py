"""`--format csv`: one row per line item, a total row per option, and a `savings_plan` row
where a Database Savings Plan applies (its monthly total, not a line item to add)."""

from __future__ import annotations

import csv
import io

from aurora_cost.render import AnyReport
from aurora_cost.render.columns import notes
from aurora_cost.report import MultiRegionReport, Report

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


# `check` adds its verdict to every row of the region it judged.
BUDGET_HEADER = (
    "budget_max_monthly",
    "budget_option",
    "budget_status",
    "budget_monthly_cost",
    "budget_over_by",
)


def _budget_cells(report: Report) -> tuple[str, ...]:
    budget = report.budget
    if budget is None:
        return ("",) * len(BUDGET_HEADER)
    return tuple(
        "" if value is None else str(value)
        for value in (
            budget.max_monthly,
            budget.option,
            budget.status,
            budget.monthly_cost,
            budget.over_by,
        )
    )


def render_csv(report: AnyReport, width: int = 0, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    reports = report.reports if isinstance(report, MultiRegionReport) else [report]
    judged = any(single.budget is not None for single in reports)
    writer.writerow(HEADER + BUDGET_HEADER if judged else HEADER)
    for single in reports:
        verdict = _budget_cells(single) if judged else ()
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
                        *verdict,
                    )
                )
            cheapest = "true" if option.name == single.cheapest else "false"
            total = "" if option.monthly_cost is None else option.monthly_cost
            writer.writerow(
                (
                    *base,
                    "total",
                    "monthly total",
                    "",
                    "USD",
                    "",
                    total,
                    cheapest,
                    notes(option),
                    *verdict,
                )
            )
            plan = option.savings_plan
            if plan is not None:  # the whole bill with the best Savings Plan commitment
                writer.writerow(
                    (
                        *base,
                        "savings_plan",
                        f"monthly total with a Database Savings Plan ({plan.rates} rates), "
                        f"saving {plan.savings}",
                        plan.hourly_commitment,
                        "USD an hour committed",
                        "",
                        plan.monthly_cost,
                        "",
                        "",
                        *verdict,
                    )
                )
    return buffer.getvalue()
