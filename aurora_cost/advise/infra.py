"""Advice per cluster of infrastructure files (`advise --infra PLAN.json --usage FILE`).

Each Aurora cluster the files define (after a plan) becomes a workload of its own: its
usage from the usage file, and its own definition as the one option, so the advice's
`current` is what the cluster costs as defined. A cluster without usage gets no advice
(there is no load to carry), with a warning.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field

from aurora_cost.advise import Constraints, advise
from aurora_cost.advise.model import Advice
from aurora_cost.engine import PriceBook
from aurora_cost.infra.estimate import checked_month, matched_usage, priceable
from aurora_cost.infra.hcl import TfVariables
from aurora_cost.infra.load import load_infra
from aurora_cost.infra.price import cluster_prices, cluster_workload, sources
from aurora_cost.infra.report import Source
from aurora_cost.infra.usage import Resolved
from aurora_cost.report import Out, PricingInfo
from aurora_cost.versions.lifecycle import month_of

PathLike = str | os.PathLike[str]


class ClusterAdvice(Out):
    address: str
    region: str
    usage: str | None = Field(description="the usage file entry the cluster's load came from")
    advice: Advice


class InfraAdvice(Out):
    schema_version: int = 1
    kind: str = "infrastructure-advice"
    as_of: str | None = Field(
        default=None,
        description="the month priced, YYYY-MM (RDS Extended Support depends on it); null when "
        "the usage file gives clusters different months",
    )
    sources: list[Source]
    pricing: list[PricingInfo] = Field(
        default_factory=list, description="the price files used, one per source and date"
    )
    clusters: list[ClusterAdvice]
    warnings: list[str] = Field(default_factory=list)


def advise_infra(
    paths: Sequence[PathLike],
    *,
    usage: PathLike | None = None,
    region: str | None = None,
    pricing: PathLike | None = None,
    infra_format: str | None = None,
    constraints: Constraints | None = None,
    variables: TfVariables | None = None,
    as_of: str | None = None,
) -> InfraAdvice:
    """Advice per cluster with usage, each priced for the month `as_of` (YYYY-MM; default:
    its usage entry's `as_of:`, else this month)."""
    as_of = checked_month(as_of)
    infra = load_infra([Path(p) for p in paths], infra_format, variables)
    loaded, warnings = matched_usage(usage, infra)
    book = PriceBook(pricing, region)
    clusters: list[ClusterAdvice] = []
    months: set[str] = set()
    kept, unpriced = priceable(infra.after)
    warnings = [*infra.warnings, *warnings, *unpriced]
    for cluster in kept:
        if cluster.v1_migrated:  # a Serverless v1 definition, advised as AWS migrated it
            warnings.append(f"{cluster.source}: {cluster.v1_migrated}")
        code = cluster_prices(cluster, book).region
        resolved = loaded.resolve(cluster.address) if loaded else Resolved({}, None)
        if resolved.demand is None:
            warnings.append(
                f"{cluster.address}: no usage for it in --usage, so no advice; give its usage"
            )
            continue
        values = resolved.values if as_of is None else {**resolved.values, "as_of": as_of}
        reader = values.get("reader_acu")
        workload = cluster_workload(
            cluster,
            code,
            values,
            resolved.demand.model_dump(exclude_none=True),
            reader.model_dump(exclude_none=True) if reader is not None else None,
            loaded.base_dir if loaded else None,
        )
        months.add(f"{month_of(workload.as_of):%Y-%m}")  # validated by now
        advice = advise(
            workload,
            code,
            constraints=constraints,
            base_dir=loaded.base_dir if loaded else None,
            book=book,
        )
        clusters.append(
            ClusterAdvice(
                address=cluster.address, region=code, usage=resolved.source, advice=advice
            )
        )
    if as_of is None and not months:
        months.add(f"{month_of(None):%Y-%m}")
    return InfraAdvice(
        as_of=as_of or (months.pop() if len(months) == 1 else None),
        sources=sources(infra.sources),
        pricing=book.used(),
        clusters=clusters,
        warnings=warnings,
    )
