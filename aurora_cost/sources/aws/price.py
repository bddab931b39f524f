"""One scanned cluster priced: the bill as AWS ran it, advice on its demand, and findings.

Pricing goes through the one public path (`aurora_cost.estimate`, `aurora_cost.advise`);
this module only asks for variants of the cluster's workload and reads their reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from aurora_cost.advise import Constraints, advise
from aurora_cost.advise.model import Advice
from aurora_cost.engine import PriceBook, price
from aurora_cost.infra.price import with_migration_note
from aurora_cost.money import tidy
from aurora_cost.report import Diagnostic, Report
from aurora_cost.sources.aws.account import LiveCluster
from aurora_cost.sources.aws.demand import InstanceDemand
from aurora_cost.sources.aws.document import DemandInfo, Finding
from aurora_cost.sources.aws.metrics import Window
from aurora_cost.sources.aws.workload import (
    V2_FLOOR,
    ClusterWorkload,
    Measured,
    at_max_minutes,
)
from aurora_cost.workload.model import Workload


@dataclass
class Priced:
    """One cluster after pricing: what the scan document shows of it."""

    configuration: dict[str, Any]
    demand: DemandInfo
    report: Report
    advice: Advice | None
    findings: list[Finding]
    savings: Decimal


@dataclass
class _Context:
    built: ClusterWorkload
    region: str
    book: PriceBook

    def report(self, workload: Workload) -> Report:
        return price(workload, self.book, self.region)

    def cost(self, **changes: Any) -> Decimal | None:
        return self.report(self.built.variant(**changes)).options[0].monthly_cost

    def compute(self, report: Report) -> Decimal:
        """The compute line item of a one-option report (what pausing changes)."""
        items = report.options[0].line_items
        return sum((i.monthly_cost for i in items if str(i.name) == "compute"), Decimal(0))


def price_cluster(
    built: ClusterWorkload, window: Window, region: str, pricing: str | Path | None
) -> Priced:
    """The report of the cluster as it ran, the advice on its demand, and the findings."""
    live, option = built.live, built.option
    context = _Context(built, region, PriceBook(pricing))
    report = _with_notes(context.report(built.billed), built.notes, live.id)
    report = with_migration_note(report, live.cluster)  # a v1 cluster, priced as migrated
    blocked = bool(live.blockers() or live.other_blockers())
    advice = advise(
        built.billed, region, pricing=pricing, constraints=Constraints(no_pause=blocked)
    )
    own = report.options[0].monthly_cost
    findings: list[Finding] = []
    writer = live.cluster.writer
    if built.never_paused and own is not None:
        findings.append(_never_paused(context, live, built.written, report, option))
    if writer is not None and writer.serverless and own is not None:
        findings += _idle_floor(context, option, own, built.info)
    if own is not None:
        findings += _storage(context, option, own, built.never_paused)
    findings += _extended_support(live, report)
    findings += _throttled(live, built.measured, window)
    best = advice.recommendations[0].savings_vs_current if advice.recommendations else None
    savings = best if best is not None and best > 0 else Decimal(0)
    return Priced(option, built.info, report, advice, findings, savings)


def _with_notes(report: Report, notes: list[str], cluster: str) -> Report:
    if not notes:
        return report
    extra = [Diagnostic(code="scan", severity="info", message=n, option=cluster) for n in notes]
    return report.model_copy(
        update={
            "warnings": [*report.warnings, *notes],
            "diagnostics": [*report.diagnostics, *extra],
        }
    )


def _never_paused(
    context: _Context,
    live: LiveCluster,
    written: InstanceDemand | None,
    report: Report,
    option: dict[str, Any],
) -> Finding:
    # what pausing as configured would change: the compute of the same cluster with nothing
    # keeping it awake (the RDS Proxy's own charge is left out of the comparison)
    pausing = context.report(context.built.variant(pause_blockers=None, rds_proxy=None))
    at_stake = max(context.compute(report) - context.compute(pausing), Decimal(0))
    delay = int(option.get("seconds_until_auto_pause") or 300)
    why = live.blockers() + live.other_blockers()
    if why:
        reason = "pause is blocked by " + ", ".join(why)
    elif written is not None and _longest_idle(written) * 60 < delay:
        reason = (
            f"its connections never dropped to 0 for {delay} seconds (the pause delay); "
            "a connection pool or a monitoring agent keeps it awake"
        )
    else:
        reason = (
            "the metrics do not show why (check RDS events, and for an engine version "
            "without auto-pause support)"
        )
    return Finding(
        code="never-paused",
        monthly_cost=at_stake,
        message=(
            f"min_acu 0 is configured, but {live.id} never paused in the window: {reason}; "
            f"pausing when idle would save ${at_stake:,.2f} a month of compute"
        ),
    )


def _longest_idle(written: InstanceDemand) -> int:
    longest = current = 0
    for value in written.minutes:
        current = current + 1 if value == 0 else 0
        longest = max(longest, current)
    return longest


def _idle_floor(
    context: _Context, option: dict[str, Any], own: Decimal, info: DemandInfo
) -> list[Finding]:
    floor = option.get("min_acu")
    if not isinstance(floor, (int, float)) or floor <= V2_FLOOR:
        return []
    lower = context.cost(min_acu=V2_FLOOR)
    if lower is None or lower >= own:
        return []
    saved = own - lower
    return [
        Finding(
            code="idle-floor",
            monthly_cost=saved,
            message=(
                f"min_acu {floor:g} keeps capacity paid above the demand ({info.idle_hours} idle hours in "
                f"the window); a {V2_FLOOR} ACU minimum would cost ${saved:,.2f} a month less"
            ),
        )
    ]


def _storage(
    context: _Context, option: dict[str, Any], own: Decimal, never_paused: bool
) -> list[Finding]:
    current = option.get("storage", "standard")
    other = "standard" if current == "io-optimized" else "io-optimized"
    changes: dict[str, Any] = {"storage": other}
    if never_paused:
        changes.update(min_acu=V2_FLOOR, seconds_until_auto_pause=None)
    cost = context.cost(**changes)
    if cost is None or cost >= own:
        return []
    names = {"standard": "Aurora Standard", "io-optimized": "Aurora I/O-Optimized"}
    return [
        Finding(
            code="storage-configuration",
            monthly_cost=own - cost,
            message=(
                f"{names[current]} costs ${own:,.2f} a month on this I/O; {names[other]} would cost "
                f"${cost:,.2f} (${own - cost:,.2f} less)"
            ),
        )
    ]


def _extended_support(live: LiveCluster, report: Report) -> list[Finding]:
    option = report.options[0]
    items = [i for i in option.line_items if str(i.name) == "extended_support"]
    if not items:
        return []
    cost = sum((i.monthly_cost for i in items), Decimal(0))
    return [
        Finding(
            code="extended-support",
            monthly_cost=cost,
            message=(
                f"engine version {live.engine_version} is past the end of standard support: RDS "
                f"Extended Support costs ${cost:,.2f} a month; upgrading to a supported major version "
                "removes it"
            ),
        )
    ]


def _throttled(live: LiveCluster, measured: Measured, window: Window) -> list[Finding]:
    top = live.cluster.max_acu
    minutes = at_max_minutes(live, measured)
    if not minutes or top is None:
        return []
    hours = tidy(Decimal(minutes) / 60)
    return [
        Finding(
            code="throttled",
            monthly_cost=None,
            message=(
                f"Serverless v2 capacity reached max_acu {top:g} for {hours} hours of the "
                f"{window.minutes // 1440}-day window: the demand above it was not served and the metrics "
                "cannot show how much it was; raise max_acu to let it scale"
            ),
        )
    ]
