"""`--format csv`: one row per line item, plus a total row per option (which also carries
the option's bill with its best Database Savings Plan commitment, where one applies)."""

from __future__ import annotations

import io

from aurora_cost.render import AnyReport
from aurora_cost.render.cells import CsvWriter
from aurora_cost.render.columns import notes
from aurora_cost.report import MultiRegionReport, OptionReport, Report

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
    # on an option's total row: its bill with the best Database Savings Plan commitment
    "savings_plan_hourly_commitment",
    "savings_plan_monthly_cost",
    "savings_plan_savings",
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


def _plan_cells(option: OptionReport) -> tuple[str, str, str]:
    plan = option.savings_plan
    if plan is None:
        return ("", "", "")
    return (str(plan.hourly_commitment), str(plan.monthly_cost), str(plan.savings))


def render_csv(report: AnyReport, width: int = 0, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\n")
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
                        "",
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
                    *_plan_cells(option),
                    *verdict,
                )
            )
    return buffer.getvalue()
