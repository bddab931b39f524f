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

from aurora_cost.bill.read import BilledRow
from aurora_cost.bill.usage_types import UsageKind, classify_usage, engine_of


@dataclass
class ClusterRows:
    """One cluster's billed rows (with what each usage type is) and how they were joined."""

    name: str
    region: str
    joined_by: str = "alone"
    rows: list[tuple[BilledRow, UsageKind | None]] = field(default_factory=list)

    @property
    def engine(self) -> str | None:
        engines = {engine_of(row.operation) for row, _ in self.rows} - {None}
        return sorted(engines)[0] if len(engines) == 1 else None  # type: ignore[type-var]

    @property
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
    kinds = {row.usage_type: classify_usage(row.usage_type) for row in rows}
    cluster_names = {
        resource_name(row.resource)[1]
        for row in rows
        if resource_name(row.resource)[0] == "cluster"
        or (kinds[row.usage_type] is not None and kinds[row.usage_type].level == "cluster")  # type: ignore[union-attr]
    } | set(members.values())
    clusters: dict[str, ClusterRows] = {}
    for row in rows:
        kind = kinds[row.usage_type]
        _, name = resource_name(row.resource)
        owner, joined = name, "alone"
        if name in members:
            owner, joined = members[name], "infra"
        elif name not in cluster_names:
            prefix = max(
                (c for c in cluster_names if name.startswith(c + "-")), key=len, default=None
            )
            if prefix is not None:
                owner, joined = prefix, "name"
        cluster = clusters.setdefault(owner, ClusterRows(owner, row.region or region or ""))
        if joined != "alone":
            cluster.joined_by = joined
        cluster.rows.append((row, kind))
    return [clusters[name] for name in sorted(clusters)]


def period_of(rows: list[BilledRow]) -> tuple[datetime, datetime]:
    return min(r.first_start for r in rows), max(r.last_end for r in rows)
