"""The reconciliation document (`aurora-cost reconcile --format json`, `kind: reconciliation`).

Money and quantities are decimal strings. `billed` is what the export says for the period
(Savings Plan and Reserved Instance covered usage at its effective cost); `computed` is what
aurora-cost's engine prices the same usage at, for the same period; `difference` is billed
minus computed, and its percent is of billed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from aurora_cost.advise.model import Advice
from aurora_cost.report import Out, PricingInfo


class Period(Out):
    start: str = Field(description="the first billed hour, ISO 8601, UTC")
    end: str = Field(description="the end of the last billed hour (exclusive)")
    hours: Decimal


class Source(Out):
    path: str
    format: str = Field(description="cur2, focus, legacy-cur or aggregated")
    files: int


class BilledItem(Out):
    name: str = Field(
        description="the aurora-cost line item (compute, storage, io, backup, ...), or "
        "'unknown' for a usage type aurora-cost does not know"
    )
    usage_type: str = Field(description="AWS's usage type without its region prefix")
    quantity: Decimal
    unit: str
    cost: Decimal = Field(description="USD for the period, as billed")
    covered_cost: Decimal = Field(
        default=Decimal(0),
        description="the part of cost that is Savings Plan or Reserved Instance covered "
        "usage, counted at its effective cost",
    )


class Billed(Out):
    total: Decimal
    line_items: list[BilledItem]


class ComputedItem(Out):
    name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    cost: Decimal = Field(description="USD for the period, to a millionth of a dollar")
    description: str = ""


class Computed(Out):
    total: Decimal
    line_items: list[ComputedItem]
    options: list[dict[str, object]] = Field(
        default_factory=list,
        description="the workload options the engine priced, as a workload file writes them",
    )


class Difference(Out):
    amount: Decimal | None = Field(description="billed - computed")
    percent: Decimal | None = Field(description="amount / billed x 100; null when billed is 0")


class Instance(Out):
    resource: str
    instance_class: str = Field(description="db.serverless, or the provisioned class")
    hours: Decimal = Field(description="hours with billed usage")
    acu_hours: Decimal | None = Field(default=None, description="Serverless v2 only")


class ClusterReconciliation(Out):
    resource: str = Field(description="the cluster (or the lone instance or proxy) billed")
    region: str
    engine: Literal["mysql", "postgresql"] | None = None
    storage: Literal["standard", "io-optimized"] | None = None
    joined_by: Literal["infra", "name", "alone"] = Field(
        description="how instances were joined to the cluster: the --infra file, instance "
        "names that start with the cluster's, or none (an instance on its own)"
    )
    instances: list[Instance] = Field(default_factory=list)
    billed: Billed
    computed: Computed | None = Field(description="null when nothing billed could be priced")
    difference: Difference
    alternatives: Advice | None = Field(
        default=None,
        description="advice (section 12) priced on the billed hourly demand; null where the "
        "bill holds no demand (provisioned instances bill hours, not load)",
    )
    notes: list[str] = Field(default_factory=list)


class UnknownUsageType(Out):
    usage_type: str
    resources: list[str]
    quantity: Decimal
    unit: str
    cost: Decimal


class Total(Out):
    billed: Decimal
    computed: Decimal
    difference: Difference


class Reconciliation(Out):
    schema_version: Literal[1] = 1
    kind: Literal["reconciliation"] = "reconciliation"
    tool_version: str
    currency: str = "USD"
    period: Period
    sources: list[Source]
    pricing: list[PricingInfo] = Field(default_factory=list)
    clusters: list[ClusterReconciliation]
    unknown_usage_types: list[UnknownUsageType]
    total: Total
    warnings: list[str] = Field(default_factory=list)
