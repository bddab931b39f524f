"""The `kind: infrastructure` and `kind: diff` JSON documents (`schema_version` 1).

Each cluster carries a normal one-region report (`aurora_cost.report.Report`) with one
option, the cluster; the documents add the address, the usage it was priced with, the
low-high range of a cluster without usage, and the totals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from aurora_cost.report import Out, PricingInfo, Report

WORKLOAD = "workload"  # a workload file on one side of a diff


def _formats() -> list[str]:
    from aurora_cost.infra.formats import FORMATS  # the readers: imported when asked

    return [*FORMATS, WORKLOAD]


def _known(name: str) -> str:
    if name not in _formats():
        raise ValueError(f"{name!r} is not a registered infrastructure format")
    return name


class _FormatNames:
    """The JSON Schema of a source's format: the registered readers, when asked for."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"enum": _formats(), "type": "string"}


class Source(Out):
    path: str
    format: Annotated[str, AfterValidator(_known), _FormatNames()]  # infra/formats.py


class CostRange(Out):
    """A cluster without usage: at its minimum capacity all month, and at its maximum."""

    low: Decimal | None = Field(description="minimum capacity all month (paused if min 0)")
    high: Decimal | None = Field(description="maximum capacity all month")


class ClusterCost(Out):
    address: str
    region: str
    usage: str | None = Field(description="the usage entry it was priced with, or null")
    range: CostRange | None = Field(description="null when the cluster has usage")
    report: Report

    @property
    def monthly_cost(self) -> Decimal | None:
        return self.report.options[0].monthly_cost if self.report.options else None


class Total(Out):
    monthly_cost: Decimal = Field(description="sum of the clusters' monthly_cost (ranges: high)")
    by_region: dict[str, Decimal]


BudgetStatus = Literal["within", "over", "unfit", "incomplete", "unavailable"]


class InfraBudget(Out):
    """`check --max-monthly` on the total."""

    max_monthly: Decimal
    monthly_cost: Decimal
    status: BudgetStatus
    over_by: Decimal | None
    reason: str


class InfraReport(Out):
    schema_version: Literal[1] = 1
    kind: Literal["infrastructure"] = "infrastructure"
    as_of: str | None = Field(
        default=None,
        description="the month priced, YYYY-MM (RDS Extended Support depends on it); null when "
        "the usage file prices clusters for different months (each cluster's report has its own)",
    )
    sources: list[Source]
    pricing: list[PricingInfo] = Field(
        default_factory=list, description="the price files used, one per source and date"
    )
    clusters: list[ClusterCost]
    total: Total
    warnings: list[str] = Field(default_factory=list)
    budget: InfraBudget | None = Field(default=None, description="`check` only")


Action = Literal["create", "update", "delete", "replace", "no-op"]


class ClusterDiff(Out):
    address: str
    action: Action
    region: str
    before: Decimal | None = Field(description="monthly cost before; null for a create")
    after: Decimal | None = Field(description="monthly cost after; null for a delete")
    delta: Decimal
    changes: list[str] = Field(description="pricing-relevant attributes: 'name: old -> new'")


class DiffTotal(Out):
    before: Decimal
    after: Decimal
    delta: Decimal
    delta_percent: Decimal | None = Field(description="null when before is 0")


class Judged(Out):
    """Two workload files: the option each side's total is (`--option`, else its cheapest)."""

    before: str
    after: str


class IncreaseBudget(Out):
    """`check --max-increase` / `--max-increase-percent` on the total delta."""

    max_increase: Decimal | None
    max_increase_percent: Decimal | None
    delta: Decimal
    delta_percent: Decimal | None
    status: Literal["within", "over"]
    reason: str


class DiffBudget(Out):
    increase: IncreaseBudget | None = None
    monthly: InfraBudget | None = Field(default=None, description="--max-monthly on total.after")


class DiffReport(Out):
    schema_version: Literal[1] = 1
    kind: Literal["diff"] = "diff"
    as_of: str | None = Field(
        default=None,
        description="the month priced, YYYY-MM (RDS Extended Support depends on it); null when "
        "the usage file prices clusters for different months (each cluster's report has its own)",
    )
    sources: list[Source] = Field(default_factory=list)
    pricing: list[PricingInfo] = Field(
        default_factory=list, description="the price files used, one per source and date"
    )
    clusters: list[ClusterDiff]
    total: DiffTotal
    judged: Judged | None = Field(
        default=None,
        description="two workload files: the options `total` compares, since a workload's "
        "options are alternatives; null for infrastructure (the total is every cluster's sum)",
    )
    warnings: list[str] = Field(default_factory=list)
    budget: DiffBudget | None = Field(default=None, description="`check` only")
