"""The summary columns shared by the table and markdown renderers."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from aurora_cost import charges
from aurora_cost.money import usd
from aurora_cost.report import BUDGET_LABELS, Budget, LineItem, OptionReport, RegionsBudget

COLUMNS = ("compute", "storage", "I/O", "backup", "other")


def _column(name: str) -> str:
    """The summary column of a line item: its charge's `column` (`other` if none)."""
    column = next((c.column for c in charges.charges() if c.name == name), "other")
    return column if column in COLUMNS else "other"


def grouped(option: OptionReport) -> dict[str, Decimal]:
    """Line items summed into the table's columns (snapshot export, Data API, backtrack = other)."""
    sums = {column: Decimal(0) for column in COLUMNS}
    for item in option.line_items:
        sums[_column(item.name)] += item.monthly_cost
    return sums


def other_items(option: OptionReport) -> list[LineItem]:
    """The line items the `other` column adds up."""
    return [item for item in option.line_items if _column(item.name) == "other"]


def notes(option: OptionReport) -> str:
    return "; ".join(option.warnings)


def short_notes(option: OptionReport) -> str:
    """The option's diagnostics squeezed for a table cell (their short form where one exists)."""
    return "; ".join(d.short or d.message for d in option.diagnostics)


def _as_is(text: str) -> str:
    return text


# `text`: what the renderer does to the report's text in the line (markdown escapes it).
def budget_line(budget: Budget, text: Callable[[str], str] = _as_is) -> str:
    """`Budget $50 a month: **over budget**: <reason>.`, the verdict in one line."""
    return (
        f"Budget {usd(budget.max_monthly, exact=True)} a month: "
        f"**{BUDGET_LABELS[budget.status]}**: {text(budget.reason)}."
    )


def verdict_line(budget: Budget) -> str:
    """One line a person reads: `Within budget: ...`, `Over budget: ...`, `Not judged (...)`."""
    label = BUDGET_LABELS[budget.status]
    return f"{label[0].upper()}{label[1:]}: {budget.reason}."


def regions_budget_line(budget: RegionsBudget, text: Callable[[str], str] = _as_is) -> str:
    over = text(", ".join(budget.regions_over) or "none")
    return (
        f"Budget {usd(budget.max_monthly, exact=True)} a month: worst verdict **{budget.status}**; "
        f"regions over budget: {over}."
    )


def savings_plan_line(option: OptionReport, text: Callable[[str], str] = _as_is) -> str | None:
    """`name: with a Database Savings Plan of $0.046/hour: $41.27 a month (saves $10.16)`."""
    plan = option.savings_plan
    if plan is None or not plan.hourly_commitment:
        return None
    return (
        f"{text(option.name)}: with a Database Savings Plan of ${plan.hourly_commitment}/hour "
        f"(1 year, no upfront): {usd(plan.monthly_cost)} a month, saves "
        f"{usd(plan.savings)} ({plan.discount_percent}% off eligible usage, "
        f"{plan.rates} rates)"
    )
