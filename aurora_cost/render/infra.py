"""Infrastructure and diff documents as JSON, markdown (pull-request comments) and CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Union

from aurora_cost.render import OutputFormat
from aurora_cost.shown import markdown_code, markdown_text

if TYPE_CHECKING:
    from aurora_cost.infra.report import ClusterCost, DiffReport, InfraReport

InfraDocument = Union["InfraReport", "DiffReport"]


def render_infra(document: InfraDocument, fmt: OutputFormat, *, width: int = 100) -> str:
    from aurora_cost.infra.report import DiffReport

    if fmt is OutputFormat.json:
        return document.model_dump_json(indent=2) + "\n"
    if fmt is OutputFormat.table:
        from aurora_cost.render.infra_table import diff_table, infra_table

        if isinstance(document, DiffReport):
            return diff_table(document, width)
        return infra_table(document, width)
    diff = isinstance(document, DiffReport)
    if fmt is OutputFormat.markdown:
        return _diff_markdown(document) if isinstance(document, DiffReport) else _markdown(document)
    assert not diff or isinstance(document, DiffReport)
    return _diff_csv(document) if isinstance(document, DiffReport) else _csv(document)


def usd(value: Decimal | None) -> str:
    return "n/a" if value is None else f"${value:,.2f}"


def signed(value: Decimal) -> str:
    return f"+${value:,.2f}" if value > 0 else f"-${-value:,.2f}" if value < 0 else "$0.00"


def usage_text(cost: ClusterCost) -> str:
    if cost.range is not None:
        return f"no usage: range {usd(cost.range.low)} - {usd(cost.range.high)}"
    return "usage file" if cost.usage else "-"


def _cell(text: str) -> str:
    return markdown_text(text)


def _markdown(report: InfraReport) -> str:
    lines = [
        f"### Aurora monthly cost of {len(report.clusters)} cluster(s)",
        "",
        "| cluster | region | settings | usage | monthly |",
        "|---|---|---|---|---:|",
    ]
    for cost in report.clusters:
        option = cost.report.options[0]
        row = [cost.region, option.settings, usage_text(cost)]
        row.append(usd(option.monthly_cost) if option.available else "not sold")
        lines.append("| " + " | ".join([markdown_code(cost.address), *map(_cell, row)]) + " |")
    lines.append(f"| **total** | | | | **{usd(report.total.monthly_cost)}** |")
    lines.append("")
    if report.budget is not None:
        lines += [f"Budget ${report.budget.max_monthly:,} a month: **{report.budget.status}**: "
                  f"{_cell(report.budget.reason)}.", ""]  # fmt: skip
    lines += [f"- {_cell(w)}" for w in report.warnings]
    lines.append("USD, 730 hours a month; a range's monthly cost is its high end.")
    return "\n".join(lines) + "\n"


def _diff_markdown(report: DiffReport) -> str:
    total = report.total
    percent = "" if total.delta_percent is None else f" ({total.delta_percent:+}%)"
    changed = [c for c in report.clusters if c.action != "no-op"]
    lines = [f"### Aurora cost change: {signed(total.delta)} a month{percent}", ""]
    if changed:
        lines += ["| cluster | action | before | after | delta |", "|---|---|---:|---:|---:|"]
        for row in changed:
            cells = [row.action, usd(row.before), usd(row.after), signed(row.delta)]
            lines.append("| " + " | ".join([markdown_code(row.address), *map(_cell, cells)]) + " |")
        lines.append(
            f"| **total** | | {usd(total.before)} | {usd(total.after)} | **{signed(total.delta)}** |"
        )
    else:
        lines.append(f"No Aurora cluster changes cost; the total stays {usd(total.after)} a month.")
    lines.append("")
    if report.budget is not None:
        for verdict in (report.budget.increase, report.budget.monthly):
            if verdict is not None:
                lines += [f"Budget: **{verdict.status}**: {_cell(verdict.reason)}.", ""]
    detailed = [row for row in changed if row.changes]
    if detailed:
        lines += ["<details><summary>What changed</summary>", ""]
        for row in detailed:
            lines.append(f"- {markdown_code(row.address)} ({row.action}, {_cell(str(row.region))})")
            lines += [f"  - {_cell(change)}" for change in row.changes]
        lines += ["", "</details>", ""]
    lines += [f"- {_cell(w)}" for w in report.warnings]
    lines.append("USD a month, 730 hours; priced by aurora-cost.")
    return "\n".join(lines) + "\n"


def _csv(report: InfraReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = [
        "address",
        "region",
        "kind",
        "settings",
        "usage",
        "range_low",
        "range_high",
        "monthly_cost",
    ]
    if report.budget is not None:
        header += ["budget_max_monthly", "budget_status"]
    writer.writerow(header)
    verdict = [str(report.budget.max_monthly), report.budget.status] if report.budget else []
    for cost in report.clusters:
        option = cost.report.options[0]
        low = "" if cost.range is None else str(cost.range.low)
        high = "" if cost.range is None else str(cost.range.high)
        money = "" if option.monthly_cost is None else str(option.monthly_cost)
        writer.writerow(
            [
                cost.address,
                cost.region,
                option.kind,
                option.settings,
                cost.usage or "",
                low,
                high,
                money,
                *verdict,
            ]
        )
    writer.writerow(["total", "", "", "", "", "", "", str(report.total.monthly_cost), *verdict])
    return buffer.getvalue()


def _diff_csv(report: DiffReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["address", "action", "region", "before", "after", "delta", "changes"])
    for row in report.clusters:
        before = "" if row.before is None else str(row.before)
        after = "" if row.after is None else str(row.after)
        writer.writerow(
            [
                row.address,
                row.action,
                row.region,
                before,
                after,
                str(row.delta),
                "; ".join(row.changes),
            ]
        )
    total = report.total
    writer.writerow(["total", "", "", str(total.before), str(total.after), str(total.delta), ""])
    return buffer.getvalue()
