"""`--format markdown`: a GitHub-flavoured table for pull-request comments."""

from __future__ import annotations

from aurora_cost.money import usd
from aurora_cost.render import AnyReport
from aurora_cost.render.cells import md_bold, md_cell, md_row
from aurora_cost.render.columns import (
    COLUMNS,
    budget_line,
    grouped,
    regions_budget_line,
    savings_plan_line,
    short_notes,
)
from aurora_cost.report import MultiRegionReport, Report


def render_markdown(report: AnyReport, width: int = 0, color: bool = False) -> str:
    if isinstance(report, MultiRegionReport):
        return _regions(report)
    return _single(report)


def _single(report: Report) -> str:
    lines = [
        f"### Aurora monthly cost in {report.region} ({report.region_name})",
        "",
        "| option | settings | " + " | ".join(COLUMNS) + " | monthly | notes |",
        "|---|---|" + "---:|" * len(COLUMNS) + "---:|---|",
    ]
    for option in report.options:
        name = md_bold(option.name) if option.name == report.cheapest else option.name
        if option.available:
            sums = grouped(option)
            cells = [usd(sums[c]) for c in COLUMNS]
            total = usd(option.monthly_cost)
        else:
            cells, total = ["-"] * len(COLUMNS), "not sold"
        row = [name, option.settings, *cells, total, short_notes(option)]
        lines.append(md_row(row))
    lines.append("")
    if report.budget is not None:
        lines += [budget_line(report.budget, md_cell), ""]
    plans = [line for o in report.options if (line := savings_plan_line(o, md_cell))]
    if plans:
        lines += [f"- {line}" for line in plans] + [""]
    if report.cheapest:
        cost = report.option(report.cheapest).monthly_cost
        lines.append(f"Cheapest: {md_bold(report.cheapest)} at {usd(cost)} a month.")
    else:
        lines.append("Cheapest: none qualifies (see the notes).")
    lines.append(
        f"USD, {report.hours_per_month} hours a month. Prices: {md_cell(report.pricing.source)}, "
        f"published {report.pricing.published}."
    )
    return "\n".join(lines) + "\n"


def _regions(multi: MultiRegionReport) -> str:
    if not multi.reports:
        return ""
    names = [o.name for o in multi.reports[0].options]
    lines = [
        "### Aurora monthly cost by region",
        "",
        *([regions_budget_line(multi.budget, md_cell), ""] if multi.budget else []),
        "| region | " + " | ".join(md_cell(name) for name in names) + " | cheapest |",
        "|---|" + "---:|" * len(names) + "---|",
    ]
    for report in multi.reports:
        cells = [usd(o.monthly_cost) if o.available else "not sold" for o in report.options]
        cheapest = report.cheapest or "none qualifies"
        if report.budget is not None:
            cheapest += f" ({report.budget.status})"
        lines.append(md_row([report.region, *cells, cheapest]))
    first = multi.reports[0]
    lines += [
        "",
        f"USD, {first.hours_per_month} hours a month. Prices: {md_cell(first.pricing.source)}, "
        f"published {first.pricing.published}.",
    ]
    return "\n".join(lines) + "\n"
