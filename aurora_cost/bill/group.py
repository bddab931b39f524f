"""Billed rows grouped by cluster: instance rows by DB instance, cluster rows (storage, I/O,
backup, ...) by cluster, and each instance joined to its cluster.

RDS resource ids in an export are ARNs: `arn:aws:rds:<region>:<account>:db:<instance>` for
instance usage, `...:cluster:<cluster>` for storage, I/O and backup, `...:db-proxy:<id>` for
RDS Proxy. An instance joins its cluster through the --infra file (its instances), else when
its name starts with a billed cluster's name and a dash (`orders-instance-1` in `orders`, the
console's naming), else it stands on its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from aurora_cost.bill.read import BilledRow
from aurora_cost.bill.usage_types import UsageKind, classify_usage, engine_of


@dataclass
class ClusterRows:
    """One cluster's billed rows (with what each usage type is) and how they were joined."""

    name: str
    region: str
    joined_by: str = "alone"
    rows: list[tuple[BilledRow, UsageKind | None]] = field(default_factory=list)

    @cached_property
    def engine(self) -> str | None:
        engines = {engine_of(row.operation) for row, _ in self.rows} - {None}
        return sorted(engines)[0] if len(engines) == 1 else None  # type: ignore[type-var]

    @cached_property
    def io_optimized(self) -> bool:
        return any(kind is not None and kind.io_optimized for _, kind in self.rows)

    def instances(self) -> dict[str, list[tuple[BilledRow, UsageKind]]]:
        """Instance name -> its instance-level rows, in name order."""
        out: dict[str, list[tuple[BilledRow, UsageKind]]] = defaultdict(list)
        for row, kind in self.rows:
            if kind is not None and kind.level == "instance":
                out[resource_name(row.resource)[1]].append((row, kind))
        return dict(sorted(out.items()))


def resource_name(resource: str) -> tuple[str, str]:
    """(`db`|`cluster`|`db-proxy`|'', name) of an RDS ARN; ('', resource) otherwise."""
    parts = resource.split(":")
    if resource.startswith("arn:") and len(parts) >= 7:
        return parts[5], ":".join(parts[6:])
    return "", resource


def group_rows(
    rows: list[BilledRow], members: dict[str, str] | None = None, region: str | None = None
) -> list[ClusterRows]:
    """Clusters in name order. `members`: instance name -> cluster name (from --infra)."""
    members = members or {}
    kinds = {usage: classify_usage(usage) for usage in {row.usage_type for row in rows}}
    cluster_names = {
        resource_name(resource)[1]
        for resource, usage_type in {(row.resource, row.usage_type) for row in rows}
        if resource_name(resource)[0] == "cluster"
        or getattr(kinds[usage_type], "level", None) == "cluster"
    } | set(members.values())
    clusters: dict[str, ClusterRows] = {}
    owners: dict[str, tuple[str, str]] = {}  # resource -> (cluster, how): once per resource
    for row in rows:
        kind = kinds[row.usage_type]
        if row.resource not in owners:
            owners[row.resource] = _owner(resource_name(row.resource)[1], members, cluster_names)
        owner, joined = owners[row.resource]
        cluster = clusters.setdefault(owner, ClusterRows(owner, row.region or region or ""))
        if joined != "alone":
            cluster.joined_by = joined
        cluster.rows.append((row, kind))
    return [clusters[name] for name in sorted(clusters)]


def _owner(name: str, members: dict[str, str], clusters: set[str]) -> tuple[str, str]:
    """The cluster an instance (or cluster) name belongs to, and how that was found."""
    if not name:
        return "(no resource id)", "alone"
    if name in members:
        return members[name], "infra"
    if name in clusters:
        return name, "alone"
    prefix = max((c for c in clusters if name.startswith(c + "-")), key=len, default=None)
    return (prefix, "name") if prefix is not None else (name, "alone")


def period_of(rows: list[BilledRow]) -> tuple[datetime, datetime]:
    return min(r.first_start for r in rows), max(r.last_end for r in rows)
