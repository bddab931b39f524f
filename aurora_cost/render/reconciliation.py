"""`aurora-cost reconcile` as text: a table (a block per cluster), markdown (a table per
cluster, for a pull request or a ticket), CSV (a row per line item) and JSON. Pure
functions: they never compute a cost; every number comes from the document."""

from __future__ import annotations

import io
from decimal import Decimal

from aurora_cost.advise.model import Recommendation
from aurora_cost.bill.model import ClusterReconciliation, Difference, Reconciliation
from aurora_cost.money import signed_usd, usd
from aurora_cost.render.advice import WAYS
from aurora_cost.render.cells import CsvWriter, md_cell, md_code
from aurora_cost.render.layout import wrap

JOINED = {
    "infra": "instances joined by the --infra file",
    "name": "instances joined by name",
    "alone": "no instances joined",
}
CSV_COLUMNS = ("cluster", "region", "side", "name", "usage_type", "quantity", "unit", "cost",
               "covered_cost")  # fmt: skip


def _cheapest_way(rec: Recommendation) -> str:
    """The advice's cheapest way to pay for the alternative, and what it comes to."""
    ways = rec.ways_to_pay
    amount = {"on-demand": ways.on_demand, "savings-plan": ways.savings_plan,
              "reserved": ways.reserved}[ways.cheapest]  # fmt: skip
    return f"cheapest way to pay: {WAYS[ways.cheapest]}, {usd(amount)} a month"


def _difference(diff: Difference) -> str:
    if diff.amount is None:
        return "n/a"
    percent = f" ({diff.percent:+}%)" if diff.percent is not None else ""
    return f"{signed_usd(diff.amount)}{percent}"


def _saves(value: Decimal | None) -> str:
    if value is None:
        return "savings n/a"
    return f"costs {usd(-value)} more" if value < 0 else f"saves {usd(value)}"


def _quantity(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _header(document: Reconciliation, width: int) -> list[str]:
    period = document.period
    sources = ", ".join(f"{s.path} ({s.format})" for s in document.sources)
    return [
        *wrap(f"Reconciliation of {sources}", width),
        *wrap(
            f"period {period.start} to {period.end} ({_quantity(period.hours)} hours), "
            f"{document.currency}; billed = what the export says (Savings Plan and Reserved "
            "Instance covered usage at its effective cost), computed = aurora-cost's prices "
            "for the same usage",
            width,
        ),
    ]


def _row(name: str, label: str, amount: str, cost: str, width: int) -> list[str]:
    """A line item: on one line when it fits whole, else the label, then its numbers."""
    numbers = f"{amount:>24} {cost:>12}"
    line = f"    {name:<16} {label}"
    if len(line) + 1 + len(numbers) <= width:
        return [line.ljust(width - len(numbers) - 1) + " " + numbers]
    return [*wrap(f"{name} {label}", width, "      ", "    "), f"      {amount} {cost}"]


def _cluster_lines(cluster: ClusterReconciliation, width: int) -> list[str]:
    lines = [
        "",
        *wrap(
            f"{cluster.resource} ({cluster.region}, {cluster.engine or 'engine unknown'}, "
            f"{cluster.storage}; {JOINED[cluster.joined_by]})",
            width,
        ),
    ]
    for instance in cluster.instances:
        acu = f", {_quantity(instance.acu_hours)} ACU-hours" if instance.acu_hours else ""
        lines += wrap(
            f"instance {instance.resource}: {instance.instance_class}, "
            f"{_quantity(instance.hours)} hours{acu}",
            width,
            "    ",
            "  ",
        )
    lines.append("  billed:")
    for item in cluster.billed.line_items:
        covered = " (covered: effective cost)" if item.covered_cost else ""
        amount = f"{_quantity(item.quantity)} {item.unit}"
        lines += _row(item.name, item.usage_type + covered, amount, usd(item.cost), width)
    lines += _row("total", "", "", usd(cluster.billed.total), width)
    if cluster.computed is None:
        lines.append("  computed: nothing aurora-cost prices")
    else:
        lines.append("  computed:")
        for computed in cluster.computed.line_items:
            amount = f"{_quantity(computed.quantity)} {computed.unit}"
            lines += _row(computed.name, computed.description, amount, usd(computed.cost), width)
        lines += _row("total", "", "", usd(cluster.computed.total), width)
    lines += wrap(
        f"difference (billed - computed): {_difference(cluster.difference)}", width, "    ", "  "
    )
    advice = cluster.alternatives
    if advice is not None:
        lines += wrap(
            f"alternatives on the billed demand (a month of {advice.hours_per_month} hours; "
            f"as billed: {usd(advice.current.monthly_cost)} a month):",
            width,
            "    ",
            "  ",
        )
        for rec in advice.recommendations:
            lines += wrap(
                f"{rec.rank}. {rec.option.get('kind')} {usd(rec.monthly_cost)} a month "
                f"({_saves(rec.savings_vs_current)}; {_cheapest_way(rec)}): {rec.why}",
                width,
                "       ",
                "    ",
            )
    for note in cluster.notes:
        lines += wrap(f"note: {note}", width, "    ", "  ")
    return lines


def reconciliation_table(document: Reconciliation, width: int = 100, color: bool = False) -> str:
    width = max(40, width)
    lines = _header(document, width)
    for cluster in document.clusters:
        lines += _cluster_lines(cluster, width)
    total = document.total
    lines += ["", *wrap(
        f"Total: billed {usd(total.billed)}, computed {usd(total.computed)}, "
        f"difference {_difference(total.difference)}",
        width,
        "  ",
        "",
    )]  # fmt: skip
    for unknown in document.unknown_usage_types:
        lines += wrap(
            f"Unknown usage type {unknown.usage_type}: {_quantity(unknown.quantity)} "
            f"{unknown.unit}, {usd(unknown.cost)} ({', '.join(unknown.resources)})",
            width,
            "  ",
            "",
        )
    return "\n".join(lines) + "\n"


def reconciliation_markdown(document: Reconciliation, width: int = 100, color: bool = False) -> str:
    total = document.total
    out = [
        "### Aurora bill reconciliation",
        "",
        f"{document.period.start} to {document.period.end} ({_quantity(document.period.hours)} "
        f"hours): billed **{usd(total.billed)}**, computed **{usd(total.computed)}**, "
        f"difference **{_difference(total.difference)}**.",
        "",
        "| cluster | region | billed | computed | difference |",
        "|---|---|---:|---:|---:|",
    ]
    for c in document.clusters:
        computed = c.computed.total if c.computed else None
        out.append(
            f"| {md_cell(c.resource)} | {md_cell(c.region)} | {usd(c.billed.total)} | "
            f"{usd(computed)} | {_difference(c.difference)} |"
        )
    for c in document.clusters:
        out += ["", f"<details><summary>{md_cell(c.resource)}</summary>", ""]
        out += [
            "| side | line item | usage type | quantity | unit | cost |",
            "|---|---|---|---:|---|---:|",
        ]
        for b in c.billed.line_items:
            out.append(
                f"| billed | {md_cell(b.name)} | {md_cell(b.usage_type)} | {_quantity(b.quantity)} | "
                f"{md_cell(b.unit)} | {usd(b.cost)} |"
            )
        for item in c.computed.line_items if c.computed else []:
            out.append(
                f"| computed | {md_cell(item.name)} | | {_quantity(item.quantity)} | {md_cell(item.unit)} | "
                f"{usd(item.cost)} |"
            )
        if c.alternatives is not None:
            out.append("")
            for rec in c.alternatives.recommendations:
                out.append(
                    f"- alternative {rec.rank}: {rec.option.get('kind')} "
                    f"{usd(rec.monthly_cost)} a month ({_cheapest_way(rec)}): {md_cell(rec.why)}"
                )
        out += [f"- note: {md_cell(n)}" for n in c.notes]
        out += ["", "</details>"]
    if document.unknown_usage_types:
        out += ["", "Usage types aurora-cost does not know (billed, not computed):", ""]
        for u in document.unknown_usage_types:
            out.append(
                f"- {md_code(u.usage_type)}: {_quantity(u.quantity)} {md_cell(u.unit)}, "
                f"{usd(u.cost)} ({md_cell(', '.join(u.resources))})"
            )
    return "\n".join(out) + "\n"


def reconciliation_csv(document: Reconciliation, width: int = 100, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in document.clusters:
        for b in c.billed.line_items:
            writer.writerow([c.resource, c.region, "billed", b.name, b.usage_type, b.quantity,
                             b.unit, b.cost, b.covered_cost])  # fmt: skip
        for item in c.computed.line_items if c.computed else []:
            writer.writerow([c.resource, c.region, "computed", item.name, "", item.quantity,
                             item.unit, item.cost, ""])  # fmt: skip
        computed = c.computed.total if c.computed else None
        amount = c.difference.amount
        for side, value in (
            ("billed", c.billed.total),
            ("computed", computed),
            ("difference", amount),
        ):
            writer.writerow([c.resource, c.region, side, "total", "", "", "",
                             "" if value is None else value, ""])  # fmt: skip
    return buffer.getvalue()
