"""Tables of the infrastructure and diff documents: a row per cluster and the total."""

from __future__ import annotations

import io

from rich.table import Table
from rich.text import Text

from aurora_cost.infra.report import DiffReport, InfraReport
from aurora_cost.money import signed_usd, usd
from aurora_cost.render.infra_markdown import usage_text
from aurora_cost.render.layout import console, wrap


def _finish(table: Table, footer: list[str], width: int) -> str:
    buffer = io.StringIO()
    out = console(buffer, width, False)
    out.print(table)
    for line in footer:
        for part in wrap(line, width):
            out.print(Text(part), overflow="fold")
    return buffer.getvalue()


def infra_table(report: InfraReport, width: int = 100, color: bool = False) -> str:
    table = Table(
        title=f"Aurora monthly cost of {len(report.clusters)} cluster(s), USD, 730 h/month"
    )
    table.add_column("cluster (settings)", overflow="fold")
    table.add_column("region", no_wrap=True)
    table.add_column("usage", overflow="fold")
    table.add_column("monthly", justify="right", no_wrap=True)
    for cost in report.clusters:
        option = cost.report.options[0]
        money = usd(option.monthly_cost) if option.available else "not sold"
        table.add_row(f"{cost.address}\n{option.settings}", cost.region, usage_text(cost), money)
    table.add_section()
    table.add_row("total", "", "", usd(report.total.monthly_cost))
    footer = [f"Budget: {report.budget.status}: {report.budget.reason}."] if report.budget else []
    for cost in report.clusters:
        footer += [
            f"{cost.address}: {d.short or d.message}" for d in cost.report.options[0].diagnostics
        ]
    footer += report.warnings
    return _finish(table, footer, width)


def diff_table(report: DiffReport, width: int = 100, color: bool = False) -> str:
    total = report.total
    percent = "" if total.delta_percent is None else f" ({total.delta_percent:+}%)"
    table = Table(title=f"Aurora cost change: {signed_usd(total.delta)} a month{percent}")
    table.add_column("cluster", overflow="fold")
    table.add_column("action", no_wrap=True)
    for name in ("before", "after", "delta"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in report.clusters:
        table.add_row(
            row.address, row.action, usd(row.before), usd(row.after), signed_usd(row.delta)
        )
    table.add_section()
    table.add_row("total", "", usd(total.before), usd(total.after), signed_usd(total.delta))
    verdicts = [report.budget.increase, report.budget.monthly] if report.budget else []
    footer = [f"Budget: {v.status}: {v.reason}." for v in verdicts if v is not None]
    for row in report.clusters:
        footer += [f"{row.address}: {change}" for change in row.changes]
    footer += report.warnings
    return _finish(table, footer, width)
