"""One scanned cluster priced: its workload, the bill as AWS ran it, advice, and findings.

Pricing goes through the one public path (`aurora_cost.estimate`, `aurora_cost.advise`);
this module only builds workloads (the cluster as a workload option, its demand as a CSV
trace) and reads the reports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from aurora_cost.advise import Constraints, advise
from aurora_cost.advise.model import Advice
from aurora_cost.estimator import estimate
from aurora_cost.infra.price import cluster_workload, option_document
from aurora_cost.money import as_decimal, tidy
from aurora_cost.report import Diagnostic, Report
from aurora_cost.sources.aws.account import LiveCluster
from aurora_cost.sources.aws.demand import (
    Amounts,
    InstanceDemand,
    combine,
    stamp,
    write_trace,
)
from aurora_cost.sources.aws.document import DemandInfo, Finding
from aurora_cost.sources.aws.metrics import Window
from aurora_cost.workload.model import Workload

V2_FLOOR = 0.5  # the lowest running Serverless v2 capacity (AWS: 0.5 ACU steps)


@dataclass
class Measured:
    """What CloudWatch said about one cluster."""

    instances: dict[str, InstanceDemand]
    amounts: Amounts
    notes: list[str] = field(default_factory=list)


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
    live: LiveCluster
    region: str
    pricing: str | Path | None
    document: dict[str, Any]  # the workload file, with the configured option

    def workload(self, **changes: Any) -> Workload:
        option = {**self.document["options"][0], **changes}
        option = {k: v for k, v in option.items() if v is not None}
        return Workload.model_validate({**self.document, "options": [option]})

    def report(self, workload: Workload) -> Report:
        return estimate(workload, self.region, pricing=self.pricing)

    def cost(self, **changes: Any) -> Decimal | None:
        return self.report(self.workload(**changes)).options[0].monthly_cost


def price_cluster(
    live: LiveCluster,
    measured: Measured,
    window: Window,
    region: str,
    pricing: str | Path | None,
    demand_dir: Path,
) -> Priced:
    cluster = live.cluster
    writer = cluster.writer
    notes = list(measured.notes)
    written = measured.instances.get(writer.address) if writer else None
    usage, info = _writer_demand(live, written, window, demand_dir, measured, notes)
    reader_doc = _reader_demand(live, window, demand_dir, measured)
    keys = measured.amounts.workload_keys()
    workload = cluster_workload(cluster, region, keys, usage, reader_doc)
    option = option_document(cluster, reader_doc)
    document = {"version": 1, "region": region, "usage": usage, **keys, "options": [option]}
    context = _Context(live, region, pricing, document)
    findings: list[Finding] = []
    billed = workload
    serverless_writer = writer is not None and writer.serverless
    never_paused = (
        serverless_writer
        and option.get("min_acu") == 0
        and written is not None
        and written.samples > 0
        and written.paused_minutes == 0
    )
    if never_paused:
        billed = context.workload(min_acu=V2_FLOOR, seconds_until_auto_pause=None)
        notes.append(
            f"{live.id} is configured to pause (min_acu 0) but never paused in the "
            f"window: priced as it ran, at its {V2_FLOOR} ACU floor while idle"
        )
    report = context.report(billed)
    report = _with_notes(report, notes, live.id)
    blocked = bool(live.blockers() or live.other_blockers())
    constraints = Constraints(no_pause=blocked)
    advice = advise(billed, region, pricing=pricing, constraints=constraints)
    own = report.options[0].monthly_cost
    if never_paused and own is not None:
        findings.append(_never_paused(context, live, written, own, option))
    if serverless_writer and own is not None:
        findings += _idle_floor(context, option, own, info)
    if own is not None:
        findings += _storage(context, option, own, never_paused)
    findings += _extended_support(live, report)
    findings += _throttled(live, measured, option, window)
    best = advice.recommendations[0].savings_vs_current if advice.recommendations else None
    savings = best if best is not None and best > 0 else Decimal(0)
    return Priced(option, info, report, advice, findings, savings)


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


def _writer_demand(
    live: LiveCluster,
    written: InstanceDemand | None,
    window: Window,
    demand_dir: Path,
    measured: Measured,
    notes: list[str],
) -> tuple[dict[str, Any], DemandInfo]:
    writer = live.cluster.writer
    if written is None or written.samples < 2:
        name = writer.address if writer else "no writer"
        notes.append(
            f"{live.id}: CloudWatch has no demand datapoints for {name} in the window; "
            "priced with no demand (what the cluster costs idle), a lower bound"
        )
        info = DemandInfo(
            source="none: no datapoints",
            samples=0,
            peak_acu=Decimal(0),
            idle_hours=Decimal(0),
            trace=None,
        )
        return {"constant": 0}, info
    path = demand_dir / f"{live.id}-{stamp(window.start)}-{stamp(window.end)}-writer.csv"
    write_trace(path, window, written.minutes)
    values = [v for v in written.minutes if not math.isnan(v)]
    source = written.source
    if source == "CPUUtilization":
        source = "CPUUtilization x the class's ACUs per vCPU (the CPU rule: an approximation)"
    at_max = _at_max_minutes(live, measured)
    info = DemandInfo(
        source=source,
        samples=written.samples,
        peak_acu=tidy(as_decimal(max(values))),
        idle_hours=tidy(Decimal(sum(1 for v in values if v == 0)) / 60),
        paused_hours=tidy(Decimal(written.paused_minutes) / 60)
        if writer and writer.serverless
        else None,
        at_max_hours=tidy(Decimal(at_max) / 60) if at_max is not None else None,
        memory_in_use_gib=(
            tidy(as_decimal(written.memory_in_use_gib), 2)
            if written.memory_in_use_gib is not None
            else None
        ),
        trace=str(path),
    )
    return {"trace": {"path": str(path), "format": "csv"}}, info


def _reader_demand(
    live: LiveCluster, window: Window, demand_dir: Path, measured: Measured
) -> dict[str, Any] | None:
    """Tier 2-15 Serverless v2 readers scale on their own: their demand, the busiest a minute."""
    readers = [r for r in live.cluster.readers if r.serverless and r.promotion_tier > 1]
    parts = [
        measured.instances[r.address].minutes for r in readers if r.address in measured.instances
    ]
    if not parts:
        return {"constant": 0} if readers else None
    minutes = combine(parts)
    path = demand_dir / f"{live.id}-{stamp(window.start)}-{stamp(window.end)}-readers.csv"
    if write_trace(path, window, minutes) < 2:
        return {"constant": 0}
    return {"trace": {"path": str(path), "format": "csv"}}


def _at_max_minutes(live: LiveCluster, measured: Measured) -> int | None:
    top = live.cluster.max_acu
    serverless = [i.address for i in live.cluster.instances if i.serverless]
    if top is None or not serverless:
        return None
    found = [measured.instances[n].minutes for n in serverless if n in measured.instances]
    return sum(1 for minutes in found for v in minutes if v >= top - 1e-9)


def _never_paused(
    context: _Context,
    live: LiveCluster,
    written: InstanceDemand | None,
    own: Decimal,
    option: dict[str, Any],
) -> Finding:
    pausing = context.cost()
    at_stake = own - pausing if pausing is not None and own > pausing else Decimal(0)
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
            f"pausing when idle would save ${at_stake:,.2f} a month"
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


def _throttled(
    live: LiveCluster, measured: Measured, option: dict[str, Any], window: Window
) -> list[Finding]:
    top = live.cluster.max_acu
    minutes = _at_max_minutes(live, measured)
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
