"""Infrastructure and diff documents as CSV: a row per cluster, then the total."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from aurora_cost.render.cells import CsvWriter

if TYPE_CHECKING:
    from aurora_cost.infra.report import DiffReport, InfraReport


def infra_csv(report: InfraReport, width: int = 0, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\n")
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


def diff_csv(report: DiffReport, width: int = 0, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\n")
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
