"""`--format table`: a Rich table for people, with the capacity chart."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aurora_cost.budget import verdict_line
from aurora_cost.render import AnyReport
from aurora_cost.render.chart import chart_lines
from aurora_cost.render.columns import COLUMNS, dollars, grouped, regions_budget_line, short_notes
from aurora_cost.report import MultiRegionReport, Report


def render_table(report: AnyReport, width: int = 100, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,  # user text (option names, notes) is never Rich markup
    )
    if isinstance(report, MultiRegionReport):
        _regions(console, report)
    else:
        _single(console, report)
    return buffer.getvalue()


def _single(console: Console, report: Report) -> None:
    title = (
        f"Aurora monthly cost in {report.region} ({report.region_name}), USD, "
        f"{report.hours_per_month} h/month"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("option (settings)", ratio=1, min_width=24)
    for column in COLUMNS:
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("monthly", justify="right", no_wrap=True, style="bold")
    for option in report.options:
        cheapest = option.name == report.cheapest
        label = Text(option.name + (" *" if cheapest else ""), style="green" if cheapest else "")
        label.append(f"\n{option.settings}", style="dim")
        if option.available:
            sums = grouped(option)
            cells = [dollars(sums[c]) for c in COLUMNS]
        else:
            cells = ["-"] * len(COLUMNS)
        total = dollars(option.monthly_cost) if option.available else "not sold"
        table.add_row(label, *cells, total)
    console.print(table)
    if report.budget is not None:
        console.print(verdict_line(report.budget))
    if report.cheapest:
        cost = report.option(report.cheapest).monthly_cost
        console.print(f"* cheapest: {report.cheapest} at {dollars(cost)} a month")
    else:
        console.print("no option qualifies as cheapest in this region (see the notes)")
    for option in report.options:
        if option.warnings:
            console.print(f"{option.name}: {short_notes(option)}", highlight=False)
    if report.chart is not None and report.chart.options:
        console.print()
        console.print("Capacity over the simulated period (ACU):")
        for line in chart_lines(report.chart, console.width):
            console.print(line, overflow="crop", no_wrap=True)


def _regions(console: Console, multi: MultiRegionReport) -> None:
    if not multi.reports:
        return
    names = [o.name for o in multi.reports[0].options]
    hours = multi.reports[0].hours_per_month
    table = Table(
        title=f"Aurora monthly cost by region, USD, {hours} h/month", title_justify="left"
    )
    table.add_column("region", no_wrap=True)
    for name in names:
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("cheapest", no_wrap=True)
    for report in multi.reports:
        cells = [dollars(o.monthly_cost) if o.available else "not sold" for o in report.options]
        table.add_row(report.region, *cells, report.cheapest or "none qualifies")
    console.print(table)
    if multi.budget is not None:
        console.print(regions_budget_line(multi.budget).replace("**", ""))
    first = multi.reports[0]
    console.print(
        f"sorted by the cheapest option's monthly cost; {first.options[0].name} is legacy"
        if first.options[0].legacy
        else "sorted by the cheapest option's monthly cost"
    )
