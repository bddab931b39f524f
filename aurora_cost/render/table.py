"""`--format table`: for people, with the capacity chart.

Layout by width: the wide layout (a Rich table, a column per cost group) only when every
amount, the option names and the headers fit whole, with only the settings text wrapping at
spaces; otherwise a stacked layout, one block per option (or per region for
`--all-regions`), whose amounts are never split across lines. Titles and the footer lines
wrap at spaces; nothing is ever cropped or ellipsized.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aurora_cost.money import usd
from aurora_cost.render import AnyReport
from aurora_cost.render.chart import chart_lines
from aurora_cost.render.columns import (
    COLUMNS,
    grouped,
    other_items,
    regions_budget_line,
    savings_plan_line,
    short_notes,
    verdict_line,
)
from aurora_cost.render.layout import (
    Column,
    console,
    fit_columns,
    longest_word,
    pack,
    wrap,
)
from aurora_cost.report import MultiRegionReport, OptionReport, Report

OPTION_HEADER = "option (settings)"
INDENT = "  "


def render_table(report: AnyReport, width: int = 100, color: bool = False) -> str:
    buffer = io.StringIO()
    out = console(buffer, width, color)
    if isinstance(report, MultiRegionReport):
        _regions(out, report)
    else:
        _single(out, report)
    return buffer.getvalue()


def _say(out: Console, text: str, style: str = "", indent: str = "") -> None:
    """`text` wrapped at spaces to the console's width, one printed line per wrapped line."""
    for line in wrap(text, out.width, indent):
        out.print(Text(line, style=style), overflow="fold")


@dataclass(frozen=True)
class _Row:
    """One option as the table shows it; `cells` are the COLUMNS' amounts, then the total."""

    label: str
    settings: str
    cheapest: bool
    available: bool
    cells: tuple[str, ...]


def _rows(report: Report) -> list[_Row]:
    rows = []
    for option in report.options:
        cheapest = option.name == report.cheapest
        if option.available:
            sums = grouped(option)
            cells = (*(usd(sums[c]) for c in COLUMNS), usd(option.monthly_cost))
        else:
            cells = (*("-" for _ in COLUMNS), "not sold")
        label = option.name + (" *" if cheapest else "")
        rows.append(_Row(label, option.settings, cheapest, option.available, cells))
    return rows


def footer_lines(report: Report) -> list[str]:
    """The lines under the table: the cheapest option, what `other` adds up, the notes."""
    lines = [verdict_line(report.budget)] if report.budget is not None else []
    if report.cheapest:
        cost = report.option(report.cheapest).monthly_cost
        lines.append(f"* cheapest: {report.cheapest} at {usd(cost)} a month")
    else:
        lines.append("no option qualifies as cheapest in this region (see the notes)")
    for option in report.options:
        parts = other_items(option)
        if len(parts) > 1:  # name each amount the `other` column adds up
            shown = "; ".join(f"{item.description} {usd(item.monthly_cost)}" for item in parts)
            lines.append(f"{option.name}: other = {shown}")
    lines += [f"{o.name}: {short_notes(o)}" for o in report.options if o.warnings]
    lines += [line for o in report.options if (line := savings_plan_line(o))]
    return lines


def _single(out: Console, report: Report) -> None:
    title = (
        f"Aurora monthly cost in {report.region} ({report.region_name}), USD, "
        f"{report.hours_per_month} h/month"
    )
    _say(out, title)
    rows = _rows(report)
    headers = (*COLUMNS, "monthly")
    option_column = Column(
        natural=max([len(OPTION_HEADER), *(max(len(r.label), len(r.settings)) for r in rows)]),
        minimum=max(
            [
                longest_word(OPTION_HEADER),
                *(max(len(r.label), longest_word(r.settings)) for r in rows),
            ]
        ),
    )
    money = [max([len(h), *(len(r.cells[i]) for r in rows)]) for i, h in enumerate(headers)]
    widths = fit_columns([option_column, *(Column(w, w) for w in money)], out.width)
    if widths is None:
        _stacked(out, rows)
    else:
        out.print(_wide(rows, headers, widths))
    for line in footer_lines(report):
        _say(out, line)
    if report.chart is not None and report.chart.options:
        out.print()
        _say(out, "Capacity over the simulated period (ACU):")
        for line in chart_lines(report.chart, out.width):
            out.print(line, overflow="fold")


def _wide(rows: list[_Row], headers: tuple[str, ...], widths: list[int]) -> Table:
    table = Table()
    table.add_column(OPTION_HEADER, width=widths[0], overflow="fold")
    for header, width in zip(headers, widths[1:]):
        table.add_column(header, justify="right", width=width, no_wrap=True, overflow="fold")
    table.columns[-1].style = "bold"
    for row in rows:
        label = Text(row.label, style="green" if row.cheapest else "")
        label.append(f"\n{row.settings}", style="dim")
        table.add_row(label, *row.cells)
    return table


def _stacked(out: Console, rows: list[_Row]) -> None:
    """One block per option: name, settings, the cost groups, then the monthly total."""
    for row in rows:
        out.print()
        _say(out, row.label, style="bold green" if row.cheapest else "bold")
        _say(out, row.settings, style="dim", indent=INDENT)
        if not row.available:
            _say(out, "not sold", indent=INDENT)
            continue
        groups = [f"{name} {amount}" for name, amount in zip(COLUMNS, row.cells)]
        for line in pack(groups, out.width, INDENT):
            out.print(line, overflow="fold")
        _say(out, f"monthly {row.cells[-1]}", style="bold", indent=INDENT)
    out.print()


def _regions(out: Console, multi: MultiRegionReport) -> None:
    """A row per region when the columns fit: with a `cheapest` column if that fits too, else
    with the cheapest amount starred; otherwise a block per region."""
    if not multi.reports:
        return
    first = multi.reports[0]
    _say(out, f"Aurora monthly cost by region, USD, {first.hours_per_month} h/month")
    names = [o.name for o in first.options]
    amounts = [[_amount(o) for o in r.options] for r in multi.reports]
    regions = [r.region for r in multi.reports]
    cheapest = [r.cheapest or "none qualifies" for r in multi.reports]
    plain = [[region, *row, best] for region, row, best in zip(regions, amounts, cheapest)]
    widths = _natural(["region", *names, "cheapest"], plain, out.width)
    if widths is not None:
        out.print(_grid(["region", *names, "cheapest"], plain, widths, names_last=True))
        note = "sorted by the cheapest option's monthly cost"
    else:
        starred = [
            [region, *_starred(row, [o.name == r.cheapest for o in r.options])]
            for region, row, r in zip(regions, amounts, multi.reports)
        ]
        widths = _natural(["region", *names], starred, out.width)
        if widths is not None:
            out.print(_grid(["region", *names], starred, widths, names_last=False))
        else:
            _regions_stacked(out, multi)
        note = "* marks each region's cheapest option; regions sorted by it"
    if first.options and first.options[0].legacy:
        note += f"; {first.options[0].name} is legacy"
    _say(out, note)
    if multi.budget is not None:
        _say(out, regions_budget_line(multi.budget).replace("**", ""))


def _amount(option: OptionReport) -> str:
    return usd(option.monthly_cost) if option.available else "not sold"


def _starred(amounts: list[str], marks: list[bool]) -> list[str]:
    """Amounts with ` *` after the cheapest and room for it after the others."""
    return [a + (" *" if mark else "  ") for a, mark in zip(amounts, marks)]


def _natural(headers: list[str], rows: list[list[str]], width: int) -> list[int] | None:
    """Each column as wide as its widest cell, if the whole table then fits in `width`."""
    natural = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    return fit_columns([Column(w, w) for w in natural], width)


def _grid(headers: list[str], rows: list[list[str]], widths: list[int], names_last: bool) -> Table:
    """Region rows: the code on the left, the amounts right-aligned (padded here, because
    Rich drops the trailing spaces that keep unstarred amounts under the starred ones)."""
    table = Table()
    amount_columns = range(1, len(headers) - 1 if names_last else len(headers))
    for i, (header, width) in enumerate(zip(headers, widths)):
        title = Text(header, justify="right" if i in amount_columns else "left")
        table.add_column(title, width=width, no_wrap=True, overflow="fold")
    for row in rows:
        table.add_row(
            *(c.rjust(widths[i]) if i in amount_columns else c for i, c in enumerate(row))
        )
    return table


def _regions_stacked(out: Console, multi: MultiRegionReport) -> None:
    """One block per region: its code and name, then each option's monthly cost."""
    for report in multi.reports:
        _say(out, f"{report.region} ({report.region_name})", style="bold")
        items = [
            f"{o.name}{' *' if o.name == report.cheapest else ''} " + _amount(o)
            for o in report.options
        ]
        for line in pack(items, out.width, INDENT):
            out.print(line, overflow="fold")
        if report.cheapest is None:
            _say(out, "cheapest: none qualifies", indent=INDENT)
