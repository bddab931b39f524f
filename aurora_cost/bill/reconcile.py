"""Read the bill, group it by cluster, price the same usage, and say the difference."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from aurora_cost import __version__
from aurora_cost.bill.billed import billed, unknown_usage_types
from aurora_cost.bill.computed import Priced, Scaling, price_cluster
from aurora_cost.bill.group import ClusterRows, group_rows, period_of
from aurora_cost.bill.model import (
    ClusterReconciliation,
    Difference,
    Period,
    Reconciliation,
    Source,
    Total,
)
from aurora_cost.bill.proxies import proxy_clusters
from aurora_cost.bill.read import BilledRow, Export, read_aggregated, read_export
from aurora_cost.engine import PriceBook
from aurora_cost.errors import InputError, UnknownRegionError
from aurora_cost.files import read_text
from aurora_cost.inputs import parse_json
from aurora_cost.pricing.aws.rules import plain

MAX_PERIOD_HOURS = 31 * 24  # one calendar month at most


@dataclass
class InfraHints:
    """What --infra says: instance -> cluster, and each cluster's Serverless v2 range."""

    members: dict[str, str]
    scaling: dict[str, Scaling]


def difference(billed_total: Decimal, computed: Decimal | None) -> Difference:
    """billed - computed, and that as a percent of billed (null where it cannot be said)."""
    if computed is None:
        return Difference(amount=None, percent=None)
    amount = billed_total - computed
    percent = None if billed_total == 0 else (amount * 100 / billed_total).quantize(Decimal("0.01"))
    return Difference(amount=amount, percent=percent)


def infra_hints(paths: list[Path], infra_format: str | None = None) -> InfraHints:
    if not paths:
        return InfraHints({}, {})
    from aurora_cost.infra.load import load_infra

    infra = load_infra(paths, infra_format)
    members: dict[str, str] = {}
    scaling: dict[str, Scaling] = {}
    for cluster in infra.after:
        name = _identifier(cluster.address)
        scaling[name] = Scaling(cluster.min_acu, cluster.max_acu, cluster.seconds_until_auto_pause)
        for instance in cluster.instances:
            members[_identifier(instance.address)] = name
    for path in paths:
        members.update(resource_ids(path))
    return InfraHints(members, scaling)


def resource_ids(path: Path) -> dict[str, str]:
    """describe-db-clusters / describe-db-instances output: each resource id -> the cluster.

    Some bills name a cluster's storage and I/O by its resource id (`cluster-ABC...`, the
    `DbClusterResourceId`) rather than its identifier; describe output joins the two."""
    try:
        document = parse_json(read_text(path, what="infrastructure file", error=InputError),
                              str(path))  # fmt: skip
    except (InputError, ValueError):
        return {}  # not JSON (a template): the infrastructure reader has judged it already
    out: dict[str, str] = {}
    if not isinstance(document, dict):
        return out
    out.update(proxy_clusters(document))  # a Terraform plan's proxies and their targets
    for cluster in document.get("DBClusters") or []:
        if isinstance(cluster, dict) and cluster.get("DbClusterResourceId"):
            out[str(cluster["DbClusterResourceId"])] = str(cluster.get("DBClusterIdentifier"))
    for instance in document.get("DBInstances") or []:
        if isinstance(instance, dict) and instance.get("DbiResourceId"):
            owner = instance.get("DBClusterIdentifier") or instance.get("DBInstanceIdentifier")
            out[str(instance["DbiResourceId"])] = str(owner)
    return out


def _identifier(address: str) -> str:
    """describe output names clusters by identifier; a Terraform or CloudFormation address
    by its resource name (`aws_rds_cluster.orders` -> orders), which matches when the
    resource is named after its identifier."""
    return address.rsplit(".", 1)[-1] if "." in address and " " not in address else address


def _check(rows: list[BilledRow], where: str) -> tuple[str, Period]:
    currencies = sorted({r.currency for r in rows})
    if len(currencies) > 1:
        raise InputError(
            f"{where}: the export mixes currencies ({', '.join(currencies)}); give one "
            "currency's rows at a time"
        )
    start, end = period_of(rows)
    hours = Decimal(int((end - start).total_seconds())) / 3600
    if hours > MAX_PERIOD_HOURS:
        raise InputError(
            f"{where}: the export covers {hours.normalize():f} hours ({start:%Y-%m-%d} to "
            f"{end:%Y-%m-%d}), more than a month; give one billing period's files"
        )
    period = Period(start=f"{start:%Y-%m-%dT%H:%M:%SZ}", end=f"{end:%Y-%m-%dT%H:%M:%SZ}",
                    hours=plain(hours))  # fmt: skip
    return currencies[0], period


def reconcile(
    bill: list[str | Path] | None = None,
    *,
    aggregated: str | Path | None = None,
    infra: list[str | Path] | str | Path | None = None,
    infra_format: str | None = None,
    region: str | None = None,
    pricing: str | Path | None = None,
    alternatives: bool = True,
) -> Reconciliation:
    """The reconciliation of an export (files or folders) or of the query's saved result."""
    if (aggregated is None) == (not bill):
        raise InputError("give --bill FILE_OR_DIR... or --bill-aggregated FILE (one of them)")
    export: Export = (
        read_aggregated(Path(aggregated))
        if aggregated is not None
        else read_export([Path(p) for p in bill or []])
    )
    where = ", ".join(export.paths)
    rows = export.rows
    if region:
        rows = [r for r in rows if r.region in (region, "")]
        if not rows:
            raise InputError(f"{where}: no Aurora usage in region {region}")
    currency, period = _check(rows, where)
    infra_files = [] if infra is None else [infra] if isinstance(infra, (str, Path)) else infra
    hints = infra_hints([Path(p) for p in infra_files], infra_format)
    clusters = group_rows(rows, hints.members, region)
    start, _ = period_of(rows)
    hours = int(period.hours.to_integral_value(rounding="ROUND_CEILING"))
    book = PriceBook(pricing)
    warnings: list[str] = []
    out = []
    for cluster in clusters:
        sold = _sold_in(cluster, book, warnings)
        priced = (
            price_cluster(cluster, start, hours, book, hints.scaling.get(cluster.name))
            if sold and currency == "USD"
            else None
        )
        scaling = hints.scaling.get(cluster.name)
        advice = (pricing, scaling) if alternatives else None
        out.append(_cluster_document(cluster, priced, advice))
    if currency != "USD":
        warnings.append(f"the bill is in {currency}; aurora-cost's prices are USD: not computed")
    total_billed = sum((c.billed.total for c in out), Decimal(0))
    total_computed = sum((c.computed.total for c in out if c.computed), Decimal(0))
    return Reconciliation(
        tool_version=__version__,
        currency=currency,
        period=period,
        sources=[
            Source(
                path=p,
                format=export.format.name if export.format else "aggregated",
                files=export.files,
            )
            for p in export.paths
        ],
        pricing=book.used(),
        clusters=out,
        unknown_usage_types=unknown_usage_types(clusters),
        total=Total(
            billed=total_billed,
            computed=total_computed,
            difference=difference(total_billed, total_computed),
        ),
        warnings=warnings,
    )


def _sold_in(cluster: ClusterRows, book: PriceBook, warnings: list[str]) -> bool:
    """Whether the cluster's region has prices (a warning says why not)."""
    if not cluster.region:
        warnings.append(f"{cluster.name}: the bill names no region; pass --region to price it")
        return False
    try:
        book.prices(cluster.region)
    except UnknownRegionError as exc:
        warnings.append(f"{cluster.name}: not computed: {exc}")
        return False
    return True


def _cluster_document(
    cluster: ClusterRows,
    priced: Priced | None,
    with_advice: tuple[str | Path | None, Scaling | None] | None,
) -> ClusterReconciliation:
    bill = billed(cluster)
    computed = priced.computed if priced else None
    advice = None
    notes = list(priced.notes) if priced else []
    if with_advice is not None and priced is not None:
        from aurora_cost.bill.alternatives import alternatives

        advice, note = alternatives(priced, cluster.region, *with_advice)
        if note:
            notes.append(note)
    return ClusterReconciliation(
        resource=cluster.name,
        region=cluster.region,
        engine=cluster.engine,
        storage="io-optimized" if cluster.io_optimized else "standard",
        joined_by=cluster.joined_by,
        instances=priced.instances if priced else [],
        billed=bill,
        computed=computed,
        difference=difference(bill.total, computed.total if computed else None),
        alternatives=advice,
        notes=notes,
    )
