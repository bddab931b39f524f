"""One scanned cluster as a workload: the cluster as a workload option, its demand as CSV
traces (the writer's, and tier 2-15 Serverless v2 readers'), its monthly amounts, and the
option as it ran (a cluster configured to pause that never paused is billed at its floor).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aurora_cost.charges.global_database import REPLICATED_WRITES
from aurora_cost.errors import InputError
from aurora_cost.infra.price import option_document, turned_on
from aurora_cost.money import as_decimal, tidy
from aurora_cost.sources.aws.account import LiveCluster
from aurora_cost.sources.aws.demand import Amounts, InstanceDemand, combine, stamp, write_trace
from aurora_cost.sources.aws.document import DemandInfo
from aurora_cost.sources.aws.metrics import Window
from aurora_cost.workload.model import Workload

LIFECYCLES = ("open-source-rds-extended-support", "open-source-rds-extended-support-disabled")
V2_FLOOR = 0.5  # the lowest running Serverless v2 capacity (AWS: 0.5 ACU steps)


@dataclass
class Measured:
    """What CloudWatch said about one cluster."""

    instances: dict[str, InstanceDemand]
    amounts: Amounts
    notes: list[str] = field(default_factory=list)


@dataclass
class ClusterWorkload:
    """A live cluster ready to price: the workload as configured and as it ran."""

    live: LiveCluster
    measured: Measured
    document: dict[str, Any]  # the workload file, with the configured option
    billed: Workload  # as it ran
    info: DemandInfo
    notes: list[str]
    never_paused: bool

    @property
    def option(self) -> dict[str, Any]:
        """The cluster as a workload option, as configured."""
        option: dict[str, Any] = self.document["options"][0]
        return option

    @property
    def written(self) -> InstanceDemand | None:
        writer = self.live.cluster.writer
        return self.measured.instances.get(writer.address) if writer else None

    def variant(self, **changes: Any) -> Workload:
        """The configured option with `changes` (None removes a key)."""
        option = {k: v for k, v in {**self.option, **changes}.items() if v is not None}
        return Workload.model_validate({**self.document, "options": [option]})


def build(
    live: LiveCluster,
    measured: Measured,
    window: Window,
    region: str,
    demand_dir: Path,
    as_of: str | None = None,
) -> ClusterWorkload:
    cluster = live.cluster
    writer = cluster.writer
    notes = list(measured.notes)
    if cluster.v1_migrated:
        notes.append(
            f"{live.id}: its demand is Serverless v1's ServerlessDatabaseCapacity, which moves "
            "in doubling steps and scales down slowly: at or above what Serverless v2 uses for "
            "the same load, so the migrated cost is an upper bound"
        )
    written = measured.instances.get(writer.address) if writer else None
    usage, info = _writer_demand(live, written, window, demand_dir, measured, notes)
    reader_doc = _reader_demand(live, window, demand_dir, measured)
    keys = {**_unsized(live), **measured.amounts.workload_keys()}
    option = _as_it_runs(option_document(cluster, reader_doc), live)
    document: dict[str, Any] = {"version": 1, "region": region, "usage": usage, **keys}
    if as_of is not None:
        document["as_of"] = as_of
    document["options"] = [option]
    configured = _validated(document, live, notes)
    never_paused = bool(
        writer is not None
        and writer.serverless
        and option.get("min_acu") == 0
        and written is not None
        and written.samples > 0
        and written.paused_minutes == 0
    )
    built = ClusterWorkload(live, measured, document, configured, info, notes, never_paused)
    if never_paused and getattr(configured.options[0], "pauses", False):
        # AWS kept it awake for a reason the describe output does not show: bill it so
        built.billed = built.variant(min_acu=V2_FLOOR, seconds_until_auto_pause=None)
        notes.append(
            f"{live.id} is configured to pause (min_acu 0) but never paused in the "
            f"window: priced as it ran, at its {V2_FLOOR} ACU floor while idle"
        )
    return built


def _unsized(live: LiveCluster) -> dict[str, float | None]:
    """The amounts the cluster turns on that CloudWatch is not asked for: unknown (`null`,
    so the bill lists them in `missing`), but a Global Database secondary's replicated
    writes, which its primary's Region pays: 0."""
    found: dict[str, float | None] = dict.fromkeys(turned_on(live.cluster))
    if live.global_cluster:
        found[REPLICATED_WRITES.key] = 0.0 if live.global_writer is False else None
    return found


def _as_it_runs(option: dict[str, Any], live: LiveCluster) -> dict[str, Any]:
    """The option with what describe output adds: engine version and lifecycle, pause
    blockers, RDS Proxy; a running cluster is priced as it runs (`existing`)."""
    out = dict(option)
    out["existing"] = True
    if live.engine_version and not live.cluster.v1_migrated:  # v1: the migrated version
        out["engine_version"] = live.engine_version
    if live.lifecycle in LIFECYCLES:
        out["engine_lifecycle_support"] = live.lifecycle
    if live.proxies:
        out["rds_proxy"] = True
    serverless = [i for i in live.cluster.instances if i.serverless]
    if serverless and live.blockers():
        out["pause_blockers"] = live.blockers()
    reader = out.get("reader_acu")
    if out.get("kind") == "serverless-v2" and isinstance(reader, dict) and "trace" in reader:
        # a serverless-v2 option takes no reader trace; the cluster kind does (same bill)
        writer = live.cluster.writer
        ordered = [writer, *live.cluster.readers] if writer else list(live.cluster.instances)
        out["kind"] = "cluster"
        out["instances"] = [
            {"instance_class": i.instance_class, "promotion_tier": i.promotion_tier}
            for i in ordered
            if i is not None
        ]
        for key in ("readers", "reader_scaling"):
            out.pop(key, None)
    return out


def _validated(document: dict[str, Any], live: LiveCluster, notes: list[str]) -> Workload:
    """The workload; an engine version the catalogue cannot read is dropped, with a note."""
    try:
        return Workload.model_validate(document)
    except ValidationError as exc:
        option = document["options"][0]
        if "engine_version" in option and any(
            "engine_version" in map(str, e["loc"]) for e in exc.errors()
        ):
            notes.append(
                f"{live.id}: engine version {option['engine_version']!r} is not one aurora-cost "
                "can read; priced as the newest major version"
            )
            option.pop("engine_version")
            return _validated(document, live, notes)
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise InputError(f"cluster {live.id}: {where}: {message}") from None


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
    at_max = at_max_minutes(live, measured)
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


def at_max_minutes(live: LiveCluster, measured: Measured) -> int | None:
    top = live.cluster.max_acu
    serverless = [i.address for i in live.cluster.instances if i.serverless]
    if top is None or not serverless:
        return None
    found = [measured.instances[n].minutes for n in serverless if n in measured.instances]
    return sum(1 for minutes in found for v in minutes if v >= top - 1e-9)
