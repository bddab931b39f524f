"""The scan document (`aurora-cost scan --format json`, `kind: scan`): per cluster, what runs,
what it did, what it costs a month on that demand, the advice, and findings in dollars."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from aurora_cost.advise.model import Advice
from aurora_cost.report import Diagnostic, Out, PricingInfo, Report

FindingCode = Literal[
    "never-paused", "idle-floor", "storage-configuration", "extended-support", "throttled"
]


class ScanWindow(Out):
    start: str = Field(description="UTC, ISO 8601: the first minute read")
    end: str = Field(description="UTC, ISO 8601: the end of the window (a whole hour)")
    days: int
    period_seconds: int = Field(description="the finest CloudWatch period read: 60 or 300")


class DemandInfo(Out):
    source: str = Field(description="the metric the demand came from, and how")
    samples: int = Field(description="minutes of the window with a datapoint (the writer's)")
    peak_acu: Decimal
    idle_hours: Decimal = Field(description="hours in the window with demand 0 (no connections)")
    paused_hours: Decimal | None = Field(
        default=None, description="hours in the window the Serverless v2 writer sat at 0 ACU"
    )
    at_max_hours: Decimal | None = Field(
        default=None, description="hours in the window a Serverless v2 instance ran at max_acu"
    )
    memory_in_use_gib: Decimal | None = Field(
        default=None,
        description="provisioned: the most memory in use (class memory - FreeableMemory)",
    )
    trace: str | None = Field(description="the demand file the report replays (a CSV trace)")


class Finding(Out):
    code: FindingCode
    monthly_cost: Decimal | None = Field(
        description="USD a month at stake (null: the metrics cannot say how much)"
    )
    message: str


class AsRead(Out):
    """The cluster as AWS describes it, beyond the option: what the bill and pause depend on."""

    instances: list[dict[str, Any]]
    storage_type: str
    engine_lifecycle_support: str | None
    serverless_v2_scaling: dict[str, Any] | None
    parameters: dict[str, str] = Field(description="pause-relevant cluster parameters as set")
    global_cluster: str | None
    rds_proxies: list[str]
    zero_etl_integrations: list[str]
    pause_blockers: list[str]


class ScanCluster(Out):
    id: str
    engine: str
    engine_version: str | None
    configuration: dict[str, Any] = Field(description="the cluster as a workload option")
    as_read: AsRead
    demand: DemandInfo
    report: Report = Field(description="the cluster as configured, on its own demand")
    advice: Advice | None
    findings: list[Finding]


class ScanTotal(Out):
    monthly_cost: Decimal
    savings_available: Decimal = Field(
        description="the sum of each cluster's best advised saving (0 where none)"
    )


class Requests(Out):
    """What the scan asked of AWS (GetMetricData is billed per metric requested)."""

    rds: int
    cloudwatch_calls: int = Field(description="GetMetricData calls, pages included")
    cloudwatch_minimum_calls: int = Field(
        description="the fewest calls the 500-query / 100,800-datapoint limits allow"
    )
    series_queried: int
    series_cached: int


class ScanReport(Out):
    schema_version: Literal[1] = 1
    kind: Literal["scan"] = "scan"
    tool_version: str
    region: str
    as_of: str = Field(description="YYYY-MM: the month priced (Extended Support)")
    currency: Literal["USD"] = "USD"
    hours_per_month: int
    window: ScanWindow
    pricing: PricingInfo | None
    clusters: list[ScanCluster]
    total: ScanTotal
    requests: Requests
    warnings: list[str] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)
