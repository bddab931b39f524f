"""The summary columns shared by the table and markdown renderers."""

from __future__ import annotations

from decimal import Decimal

from aurora_cost.report import LineItem, OptionReport

COLUMNS = ("compute", "storage", "I/O", "backup", "other")
_GROUP = {"compute": "compute", "storage": "storage", "io": "I/O", "backup": "backup"}


def dollars(value: Decimal | None) -> str:
    return "n/a" if value is None else f"${value:,.2f}"


def grouped(option: OptionReport) -> dict[str, Decimal]:
    """Line items summed into the table's columns (snapshot export, Data API, backtrack = other)."""
    sums = {column: Decimal(0) for column in COLUMNS}
    for item in option.line_items:
        sums[_GROUP.get(item.name, "other")] += item.monthly_cost
    return sums


def other_items(option: OptionReport) -> list[LineItem]:
    """The line items the `other` column adds up."""
    return [item for item in option.line_items if item.name not in _GROUP]


def notes(option: OptionReport) -> str:
    return "; ".join(option.warnings)


def short_notes(option: OptionReport) -> str:
    """The option's diagnostics squeezed for a table cell (their short form where one exists)."""
    return "; ".join(d.short or d.message for d in option.diagnostics)
