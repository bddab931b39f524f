"""`aurora-cost advise` as text: the table (a block per recommendation and a chart per
break-even curve), markdown (with Mermaid `xychart-beta` charts, which GitHub draws) and
CSV. Pure functions: they never compute a cost."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from aurora_cost.advise.model import Advice, Breakeven, Recommendation
from aurora_cost.money import usd
from aurora_cost.render.cells import CsvWriter, md_bold, md_cell, md_code, md_row
from aurora_cost.render.layout import wrap

TITLES = {
    "active_hours_per_day": ("Monthly cost by active hours a day", "active hours a day"),
    "steady_acu": ("Monthly cost by steady demand", "steady ACU"),
}
MARKS = {"serverless-v2": "s", "provisioned": "p"}
WAYS = {"on-demand": "on demand", "savings-plan": "with the Savings Plan", "reserved": "Reserved"}
CHART_ROWS = 8


def advice_table(advice: Advice, width: int = 100, color: bool = False) -> str:
    return _table(advice, max(40, width))


def advice_markdown(advice: Advice, width: int = 0, color: bool = False) -> str:
    return _markdown(advice)


def advice_csv(advice: Advice, width: int = 0, color: bool = False) -> str:
    return _csv(advice)


def _option_text(option: dict[str, Any]) -> str:
    """The option as a workload file's flow mapping, ready to paste."""
    return "{" + ", ".join(f"{k}: {json.dumps(v)}" for k, v in option.items()) + "}"


def _ways_text(rec: Recommendation) -> str:
    """The three ways to pay for a recommendation, in a sentence."""
    ways, plan, reserved = rec.ways_to_pay, rec.savings_plan, rec.reserved_instance
    parts = [f"on demand {usd(ways.on_demand)}"]
    if plan is None or ways.savings_plan is None:
        parts.append("no Savings Plan covers it")
    elif plan.hourly_commitment:
        parts.append(
            f"Savings Plan of ${plan.hourly_commitment}/hour {usd(ways.savings_plan)} "
            f"({plan.rates} rates)"
        )
    else:
        parts.append("no Savings Plan commitment pays")
    if reserved is None or ways.reserved is None:
        parts.append("no Reserved rates for it")
    else:
        parts.append(
            f"Reserved {reserved.term} {reserved.payment} {usd(ways.reserved)} "
            f"({usd(reserved.upfront)} upfront)"
        )
    return f"pay: {'; '.join(parts)}: cheapest {WAYS[ways.cheapest]}"


def _table(advice: Advice, width: int) -> str:
    lines = wrap(
        f"Advice for {advice.region}, USD, {advice.hours_per_month} h/month: the cheapest "
        "configuration of each kind that carries the load",
        width,
    )
    current = advice.current
    lines += wrap(
        f"now: {current.option} at {usd(current.monthly_cost)} a month"
        if current.option
        else "now: none of the workload's options qualifies",
        width,
    )
    for rec in advice.recommendations:
        saves = rec.savings_vs_current
        delta = (
            ""
            if saves is None
            else f" (saves {usd(saves)})"
            if saves >= 0
            else (f" ({usd(-saves)} more)")
        )
        lines += [
            "",
            *wrap(
                f"{rec.rank}. {rec.option['kind']} {usd(rec.monthly_cost)} a month{delta}",
                width,
            ),
        ]
        lines += wrap(_option_text(rec.option), width, "   ")
        lines += wrap(f"why: {rec.why}", width, "   ")
        lines += wrap(_ways_text(rec), width, "   ")
    for curve in advice.breakeven:
        lines += ["", *_chart(curve, width)]
    for warning in advice.warnings:
        lines += wrap(f"note: {warning}", width)
    return "\n".join(lines) + "\n"


def _chart(curve: Breakeven, width: int) -> list[str]:
    """A small text chart: a column per point, `s` serverless, `p` provisioned, `*` both."""
    title, axis = TITLES[curve.variable]
    lines = wrap(f"{title}: {curve.detail}", width)
    values = [v for p in curve.curve for v in p.costs.values() if v is not None]
    if not values:
        return lines
    top, low = max(values), min(values)
    label = max(len(usd(top)), len(usd(low)))
    columns = max(1, width - label - 2)
    shown = curve.curve[:: -(-len(curve.curve) // columns)]  # every n-th point, to fit
    span = (top - low) or Decimal(1)
    grid = [[" "] * len(shown) for _ in range(CHART_ROWS)]
    for i, point in enumerate(shown):
        for side, cost in point.costs.items():
            if cost is None:
                continue
            level = CHART_ROWS - 1 - int((cost - low) / span * (CHART_ROWS - 1))
            mark = MARKS.get(side, "?")
            grid[level][i] = mark if grid[level][i] in (" ", mark) else "*"
    for r, cells in enumerate(grid):
        edge = usd(top) if r == 0 else usd(low) if r == CHART_ROWS - 1 else ""
        lines.append(f"{edge:>{label}} |{''.join(cells)}".rstrip())
    first, last = str(shown[0].x), str(shown[-1].x)
    gap = max(1, len(shown) - len(first) - len(last))
    lines.append(f"{'':>{label}}  {first}{' ' * gap}{last}"[:width].rstrip())
    lines += wrap(
        f"({axis}; s = cheapest Serverless v2, p = cheapest provisioned, * = both)", width
    )
    return lines


def _markdown(advice: Advice) -> str:
    out = [f"### Aurora advice for {advice.region}", ""]
    if advice.current.option:
        out.append(
            f"Now: {md_bold(advice.current.option)} at {usd(advice.current.monthly_cost)} a month."
        )
        out.append("")
    out += ["| rank | kind | option | monthly (on demand) | saves | with a Savings Plan | with Reserved | why |",
            "|---:|---|---|---:|---:|---:|---:|---|"]  # fmt: skip
    for rec in advice.recommendations:
        saves = "" if rec.savings_vs_current is None else usd(rec.savings_vs_current)
        ways = rec.ways_to_pay
        paid = {"on-demand": usd(ways.on_demand), "savings-plan": _usd_or_dash(ways.savings_plan),
                "reserved": _usd_or_dash(ways.reserved)}  # fmt: skip
        paid[ways.cheapest] = md_bold(paid[ways.cheapest])  # the cheapest way to pay
        cells = [str(rec.rank), rec.option["kind"], md_code(_option_text(rec.option)),
                 paid["on-demand"], saves, paid["savings-plan"], paid["reserved"], rec.why]  # fmt: skip
        out.append(md_row(cells))
    for curve in advice.breakeven:
        title, axis = TITLES[curve.variable]
        sides = list(curve.curve[0].costs) if curve.curve else []
        out += ["", f"**{title}**: {md_cell(curve.detail)}.", "", "```mermaid", "xychart-beta"]
        out.append(f'    title "{title} (USD a month)"')
        out.append(f'    x-axis "{axis}" [{", ".join(str(p.x) for p in curve.curve)}]')
        out.append('    y-axis "USD a month"')
        for side in sides:
            values = [p.costs.get(side) for p in curve.curve]
            out.append("    line [" + ", ".join("0" if v is None else str(v) for v in values) + "]")
        out += ["```", "", "Lines: " + ", then ".join(md_cell(side) for side in sides) + "."]
    out += ["", f"USD, {advice.hours_per_month} hours a month (monthly: on demand; in bold: the "
            "cheapest way to pay; -: no plan or Reserved rates cover it). Prices: "
            f"{advice.pricing.source}, published {advice.pricing.published}."]  # fmt: skip
    return "\n".join(out) + "\n"


def _usd_or_dash(value: Decimal | None) -> str:
    return "-" if value is None else usd(value)


def _csv(advice: Advice) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\n")
    writer.writerow(["section", "rank_or_x", "kind_or_variable", "option", "monthly_cost",
                     "savings_vs_current", "savings_plan_monthly_cost", "why",
                     "reserved_monthly_cost", "cheapest_way_to_pay"])  # fmt: skip
    for rec in advice.recommendations:
        plan, ways = rec.savings_plan, rec.ways_to_pay
        writer.writerow(["recommendation", rec.rank, rec.option["kind"], _option_text(rec.option),
                         rec.monthly_cost, "" if rec.savings_vs_current is None else rec.savings_vs_current,
                         "" if plan is None else plan.monthly_cost, rec.why,
                         "" if ways.reserved is None else ways.reserved, ways.cheapest])  # fmt: skip
    for curve in advice.breakeven:
        for point in curve.curve:
            for side, cost in point.costs.items():
                writer.writerow(["breakeven", point.x, curve.variable, side,
                                 "" if cost is None else cost, "", "", "", "", ""])  # fmt: skip
    return buffer.getvalue()
