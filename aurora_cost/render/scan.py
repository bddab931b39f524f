"""The scan document as JSON, a table, markdown (a pull request or a ticket) and CSV (a row
per cluster). Pure functions: they never compute a cost, they show the document's."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from aurora_cost.render.cells import CsvWriter

if TYPE_CHECKING:
    from aurora_cost.sources.aws.document import ScanCluster, ScanReport

CSV_COLUMNS = [
    "cluster",
    "engine",
    "engine_version",
    "kind",
    "settings",
    "monthly_cost",
    "best_advice",
    "best_advice_monthly_cost",
    "savings",
    "peak_acu",
    "idle_hours",
    "demand_source",
    "findings",
    "findings_monthly_cost",
]


def scan_table(document: ScanReport, width: int = 100, color: bool = False) -> str:
    return _table(document, width)


def scan_markdown(document: ScanReport, width: int = 100, color: bool = False) -> str:
    return _markdown(document)


def scan_csv(document: ScanReport, width: int = 100, color: bool = False) -> str:
    return _csv(document)


def usd(value: Decimal | None) -> str:
    return "n/a" if value is None else f"${value:,.2f}"


def _best(cluster: ScanCluster) -> tuple[str, Decimal | None, Decimal | None]:
    """The first recommendation in words, its monthly cost and its saving."""
    advice = cluster.advice
    if advice is None or not advice.recommendations:
        return "-", None, None
    top = advice.recommendations[0]
    option = top.option
    if "instance_class" in option:
        shape = f"{option['instance_class']} x {option.get('instances', 1)}"
    else:
        shape = f"v2 {option.get('min_acu')}-{option.get('max_acu')} ACU"
    words = f"{shape}, {option.get('storage', 'standard')}"
    return words, top.monthly_cost, top.savings_vs_current


def _settings(cluster: ScanCluster) -> str:
    return cluster.report.options[0].settings if cluster.report.options else "-"


def _at_stake(cluster: ScanCluster) -> Decimal:
    return sum((f.monthly_cost or Decimal(0) for f in cluster.findings), Decimal(0))


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _findings_cell(cluster: ScanCluster) -> str:
    if not cluster.findings:
        return "-"
    return f"{len(cluster.findings)}: {usd(_at_stake(cluster))}"


def _csv(document: ScanReport) -> str:
    out = io.StringIO()
    writer = CsvWriter(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in document.clusters:
        name, cost, savings = _best(c)
        option = c.report.options[0]
        writer.writerow(
            [
                c.id,
                c.engine,
                c.engine_version or "",
                option.kind,
                _settings(c),
                option.monthly_cost if option.monthly_cost is not None else "",
                name,
                "" if cost is None else cost,
                "" if savings is None else savings,
                c.demand.peak_acu,
                c.demand.idle_hours,
                c.demand.source,
                " ".join(f.code for f in c.findings),
                _at_stake(c),
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(document: ScanReport) -> str:
    window = document.window
    lines = [
        f"### Aurora clusters in {document.region}: {usd(document.total.monthly_cost)} a month",
        "",
        f"Modelled from {_days(window.days)} of CloudWatch metrics ({window.start} to "
        f"{window.end}, {window.period_seconds}-second periods); "
        f"{usd(document.total.savings_available)} a month of savings available.",
        "",
        "| cluster | engine | settings | monthly | best advice | saves | findings |",
        "|---|---|---|---:|---|---:|---|",
    ]
    for c in document.clusters:
        name, _, savings = _best(c)
        codes = ", ".join(f.code for f in c.findings) or "-"
        lines.append(
            f"| {_cell(c.id)} | {_cell(c.engine)} {_cell(c.engine_version or '')} | "
            f"{_cell(_settings(c))} | {usd(c.report.options[0].monthly_cost)} | {_cell(name)} | "
            f"{usd(savings) if savings is not None else '-'} | {codes} |"
        )
    findings = [(c.id, f) for c in document.clusters for f in c.findings]
    if findings:
        lines += ["", "#### Findings", ""]
        for cluster, f in findings:
            cost = "" if f.monthly_cost is None else f" ({usd(f.monthly_cost)} a month)"
            lines.append(f"- **{_cell(cluster)}** `{f.code}`{cost}: {_cell(f.message)}")
    if document.warnings:
        lines += ["", "<details><summary>Notes</summary>", ""]
        lines += [f"- {_cell(w)}" for w in document.warnings]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _table(document: ScanReport, width: int) -> str:
    window = document.window
    head = (
        f"Aurora clusters in {document.region}, {_days(window.days)} of CloudWatch metrics "
        f"({window.period_seconds}-second periods), priced for {document.as_of}"
    )
    rows = [("cluster", "settings", "monthly", "best advice", "saves", "findings: at stake")]
    for c in document.clusters:
        name, _, savings = _best(c)
        rows.append(
            (
                c.id,
                _settings(c),
                usd(c.report.options[0].monthly_cost),
                name,
                "-" if savings is None else usd(savings),
                _findings_cell(c),
            )
        )
    rows.append(
        (
            "total",
            "",
            usd(document.total.monthly_cost),
            "",
            usd(document.total.savings_available),
            "",
        )
    )
    lines = [head, ""]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    if sum(widths) + 2 * (len(widths) - 1) <= width:
        for row in rows:
            cells = [
                cell.rjust(w) if i in (2, 4) else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths))
            ]
            lines.append("  ".join(cells).rstrip())
    else:  # too narrow for columns: one block per cluster, every amount whole
        for row in rows[1:]:
            lines.append(row[0])
            lines += [f"  {rows[0][i]}: {row[i]}" for i in range(1, len(row)) if row[i]]
    findings = [(c.id, f) for c in document.clusters for f in c.findings]
    if findings:
        lines += ["", "Findings:"]
        for cluster, f in findings:
            cost = "" if f.monthly_cost is None else f" {usd(f.monthly_cost)} a month:"
            lines.append(f"- {cluster} [{f.code}]{cost} {f.message}")
    return "\n".join(lines) + "\n"
