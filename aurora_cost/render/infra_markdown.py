"""Infrastructure and diff documents as markdown, for pull-request comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aurora_cost.money import signed_usd, usd
from aurora_cost.render.cells import md_cell, md_code, md_row

if TYPE_CHECKING:
    from aurora_cost.infra.report import ClusterCost, DiffReport, InfraReport
    from aurora_cost.report import PricingInfo


def usage_text(cost: ClusterCost) -> str:
    if cost.range is not None:
        return f"no usage: range {usd(cost.range.low)} - {usd(cost.range.high)}"
    return "usage file" if cost.usage else "-"


def prices_text(pricing: list[PricingInfo]) -> str:
    """` Prices: <source>, published <date>.` for a footer (every source, when several)."""
    shown = "; ".join(f"{md_cell(p.source)}, published {p.published}" for p in pricing)
    return f" Prices: {shown}." if shown else ""


def infra_markdown(report: InfraReport, width: int = 0, color: bool = False) -> str:
    lines = [
        f"### Aurora monthly cost of {len(report.clusters)} cluster(s)",
        "",
        "| cluster | region | settings | usage | monthly |",
        "|---|---|---|---|---:|",
    ]
    for cost in report.clusters:
        option = cost.report.options[0]
        row = [md_code(cost.address), cost.region, option.settings, usage_text(cost)]
        row.append(usd(option.monthly_cost) if option.available else "not sold")
        lines.append(md_row(row))
    lines.append(f"| **total** | | | | **{usd(report.total.monthly_cost)}** |")
    lines.append("")
    if report.budget is not None:
        lines += [f"Budget {usd(report.budget.max_monthly, exact=True)} a month: **{report.budget.status}**: "
                  f"{md_cell(report.budget.reason)}.", ""]  # fmt: skip
    lines += [f"- {md_cell(w)}" for w in report.warnings]
    lines.append(
        "USD, 730 hours a month; a range's monthly cost is its high end."
        + prices_text(report.pricing)
    )
    return "\n".join(lines) + "\n"


def diff_markdown(report: DiffReport, width: int = 0, color: bool = False) -> str:
    total = report.total
    percent = "" if total.delta_percent is None else f" ({total.delta_percent:+}%)"
    changed = [c for c in report.clusters if c.action != "no-op"]
    lines = [f"### Aurora cost change: {signed_usd(total.delta)} a month{percent}", ""]
    if changed:
        lines += ["| cluster | action | before | after | delta |", "|---|---|---:|---:|---:|"]
        for row in changed:
            cells = [
                md_code(row.address),
                row.action,
                usd(row.before),
                usd(row.after),
                signed_usd(row.delta),
            ]
            lines.append(md_row(cells))
        lines.append(
            f"| **total** | | {usd(total.before)} | {usd(total.after)} | **{signed_usd(total.delta)}** |"
        )
    else:
        lines.append(f"No Aurora cluster changes cost; the total stays {usd(total.after)} a month.")
    lines.append("")
    if report.budget is not None:
        for verdict in (report.budget.increase, report.budget.monthly):
            if verdict is not None:
                lines += [f"Budget: **{verdict.status}**: {md_cell(verdict.reason)}.", ""]
    detailed = [row for row in changed if row.changes]
    if detailed:
        lines += ["<details><summary>What changed</summary>", ""]
        for row in detailed:
            lines.append(f"- {md_code(row.address)} ({row.action}, {md_cell(row.region)})")
            lines += [f"  - {md_cell(change)}" for change in row.changes]
        lines += ["", "</details>", ""]
    lines += [f"- {md_cell(w)}" for w in report.warnings]
    lines.append("USD a month, 730 hours; priced by aurora-cost." + prices_text(report.pricing))
    return "\n".join(lines) + "\n"
