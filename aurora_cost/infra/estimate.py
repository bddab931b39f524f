"""The path of infrastructure files: read -> usage -> price each cluster -> a document.

from aurora_cost.infra.estimate import estimate_infra, diff_infra
report = estimate_infra(["plan.json"], usage="usage.yaml", region="eu-west-1")
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from aurora_cost.engine import PriceBook, qualify
from aurora_cost.errors import InputError
from aurora_cost.infra.hcl import TfVariables
from aurora_cost.infra.load import Infra, load_infra
from aurora_cost.infra.model import InfraCluster
from aurora_cost.infra.price import month_priced, notes, price_cluster, sources, total_of
from aurora_cost.infra.report import ClusterCost, InfraBudget, InfraReport
from aurora_cost.infra.usage import Usage, load_usage
from aurora_cost.infra.v1_migration import migrated
from aurora_cost.versions.lifecycle import parse_month

PathLike = str | os.PathLike[str]


def checked_month(as_of: str | None) -> str | None:
    """--as-of as given (YYYY-MM), or an error saying how to write it."""
    if as_of is None:
        return None
    try:
        parse_month(as_of)
    except ValueError as exc:
        raise InputError(f"--as-of: {exc}") from None
    return as_of.strip()


def matched_usage(path: PathLike | None, infra: Infra) -> tuple[Usage | None, list[str]]:
    if path is None:
        return None, []
    usage = load_usage(Path(path))
    addresses = sorted({c.address for c in [*infra.before, *infra.after]})
    errors, warnings = usage.unmatched(addresses)
    if errors:
        raise InputError(errors[0])
    return usage, warnings


def priceable(clusters: list[InfraCluster]) -> tuple[list[InfraCluster], list[str]]:
    """The clusters that can be priced, a Serverless v1 one as the Serverless v2 cluster AWS
    migrated it to; a cluster without instances (other than v1, which has none) bills
    nothing and is left out, with a warning."""
    kept, warnings = [], []
    for cluster in clusters:
        if cluster.instances or cluster.v1:
            kept.append(migrated(cluster))
        else:
            warnings.append(
                f"{cluster.source}: {cluster.address}: the cluster has no instances; not priced"
            )
    return kept, warnings


def price_side(
    clusters: list[InfraCluster], book: PriceBook, usage: Usage | None, as_of: str | None = None
) -> tuple[list[ClusterCost], list[str]]:
    """Each cluster's cost through the engine (for the month `as_of`, else its usage's
    `as_of:`, else this month), and what to know about them."""
    kept, warnings = priceable(clusters)
    costs = []
    for cluster in kept:
        costs.append(price_cluster(cluster, book, usage, as_of))
        warnings += notes(cluster, usage.resolve(cluster.address).values if usage else {})
    return costs, warnings


def estimate_infra(
    paths: list[PathLike],
    *,
    usage: PathLike | None = None,
    region: str | None = None,
    pricing: PathLike | None = None,
    infra_format: str | None = None,
    variables: TfVariables | None = None,
    as_of: str | None = None,
) -> InfraReport:
    """The `kind: infrastructure` document of the clusters the files define (after a plan),
    priced for the month `as_of` (YYYY-MM; default: each usage entry's, else this month)."""
    as_of = checked_month(as_of)
    infra = load_infra([Path(p) for p in paths], infra_format, variables)
    loaded, usage_warnings = matched_usage(usage, infra)
    book = PriceBook(pricing, region)
    costs, warnings = price_side(infra.after, book, loaded, as_of)
    total, total_warnings = total_of(costs)
    return InfraReport(
        as_of=month_priced(costs, as_of),
        sources=sources(infra.sources),
        pricing=book.used(),
        clusters=costs,
        total=total,
        warnings=[*infra.warnings, *usage_warnings, *warnings, *total_warnings],
    )


def judge_total(report: InfraReport, max_monthly: Decimal) -> InfraBudget:
    """`check --max-monthly` on the total; a cluster that cannot be judged fails it."""
    total = report.total.monthly_cost
    over_by = total - max_monthly if total > max_monthly else None
    failing: dict[str, list[str]] = {"unavailable": [], "unfit": [], "incomplete": []}
    for cost in report.clusters:
        for option in cost.report.options[:1]:
            qualification, why = qualify(option)
            if qualification != "qualifies":
                failing[qualification].append(f"{cost.address} ({why})")
    if failing["unavailable"]:
        status = "unavailable"
        reason = f"{', '.join(failing['unavailable'])} cannot be run as priced in its region"
    elif failing["unfit"]:
        status, reason = "unfit", f"{', '.join(failing['unfit'])} does not carry its load"
    elif failing["incomplete"]:
        status = "incomplete"
        reason = (
            f"the bill of {', '.join(failing['incomplete'])} leaves something out; "
            f"${total:,.2f} is a lower bound"
        )
    elif over_by is None:
        status = "within"
        reason = f"the clusters cost ${total:,.2f} a month, budget ${max_monthly:,}"
    else:
        status = "over"
        reason = (
            f"the clusters cost ${total:,.2f} a month, budget ${max_monthly:,} (${over_by:,} over)"
        )
    return InfraBudget(
        max_monthly=max_monthly, monthly_cost=total, status=status, over_by=over_by, reason=reason
    )
