"""Which aurora-cost line item a billed Aurora usage type is (pure).

The same rules the offer importer uses to read AWS's price list (`pricing.aws.rules`): a
usage type is matched on its base (`EU-Aurora:StorageUsage` -> `Aurora:StorageUsage`;
us-east-1 has no prefix), instance classes are `InstanceUsage:<class>` (Aurora Standard) and
`InstanceUsageIOOptimized:<class>` (I/O-Optimized), RDS Proxy is `RDS:ProxyUsage` (per vCPU-hour
of provisioned instances) or `RDS:Proxy-ASv2-Usage` (per ACU-hour of Serverless v2), and
Aurora's engines are told apart by the operation code (`CreateDBInstance:0016` Aurora MySQL,
`:0021` Aurora PostgreSQL). Extended Support is `ExtendedSupport:<years>:<engine><major>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aurora_cost.pricing.aws.rules import (
    DATA_API,
    ENGINE_CODES,
    ENGINE_KEY,
    INSTANCE_CLASS,
    USAGE_RULES,
    usage_base,
)

Level = Literal["instance", "cluster", "proxy"]

# The price-file rate a usage type is priced at -> the line item it makes.
RATE_LINE_ITEM: dict[str, str] = {
    "serverless_v1_acu_hour": "compute",
    "serverless_v2_acu_hour": "compute",
    "serverless_v2_io_optimized_acu_hour": "compute",
    "storage_gb_month": "storage",
    "io_optimized_storage_gb_month": "storage",
    "io_per_million": "io",
    "backup_gb_month": "backup",
    "snapshot_export_per_gb": "snapshot_export",
    "backtrack_per_million_change_records": "backtrack",
    DATA_API: "data_api",
}
SERVERLESS_V2_RATES = ("serverless_v2_acu_hour", "serverless_v2_io_optimized_acu_hour")
IO_OPTIMIZED_RATES = ("serverless_v2_io_optimized_acu_hour", "io_optimized_storage_gb_month")
PROXY_BASES = {"RDS:ProxyUsage": "provisioned", "RDS:Proxy-ASv2-Usage": "serverless-v2"}
EXTENDED_SUPPORT = "ExtendedSupport"


@dataclass(frozen=True)
class UsageKind:
    """What a billed usage type is, in aurora-cost's words."""

    base: str  # the usage type without its region prefix
    line_item: str  # compute, storage, io, backup, ..., rds_proxy, extended_support
    level: Level  # billed per DB instance, per cluster, or per proxy
    rate: str = ""  # the price-file rate it is priced at, where there is one
    instance_class: str | None = None  # provisioned classes; db.serverless for Serverless v2
    io_optimized: bool = False

    @property
    def serverless_v2(self) -> bool:
        return self.rate in SERVERLESS_V2_RATES


def classify_usage(usage_type: str) -> UsageKind | None:
    """The line item of an Aurora usage type, or None when aurora-cost does not know it."""
    base = usage_base(usage_type)
    kind, _, tail = base.partition(":")
    if kind in ("InstanceUsage", "InstanceUsageIOOptimized") and INSTANCE_CLASS.match(tail):
        optimized = kind == "InstanceUsageIOOptimized"
        return UsageKind(base, "compute", "instance", "instances", tail, optimized)
    if base in PROXY_BASES:
        return UsageKind(base, "rds_proxy", "proxy", f"rds_proxy.{PROXY_BASES[base]}")
    if kind == EXTENDED_SUPPORT:
        return UsageKind(base, "extended_support", "instance")
    rule = USAGE_RULES.get(base)
    if rule is None or rule[0] not in RATE_LINE_ITEM:
        return None
    rate = rule[0]
    serverless = rate in SERVERLESS_V2_RATES or rate == "serverless_v1_acu_hour"
    return UsageKind(
        base,
        RATE_LINE_ITEM[rate],
        "instance" if serverless else "cluster",
        rate,
        "db.serverless" if rate in SERVERLESS_V2_RATES else None,
        rate in IO_OPTIMIZED_RATES,
    )


def engine_of(operation: str) -> str | None:
    """`CreateDBInstance:0021` -> postgresql; None when the operation names no Aurora engine."""
    engine = ENGINE_CODES.get(operation.rpartition(":")[2])
    return ENGINE_KEY.get(engine) if engine else None


# What the SQL keeps as Aurora usage: the filter the aggregation query applies, written once
# here so that the README, the query and the tests agree. A row is Aurora's when its usage
# type names Aurora, or is the Data API, or its operation carries an Aurora engine code.
AURORA_USAGE_PATTERNS = ("%Aurora%", "%Data-API%")
AURORA_OPERATION_SUFFIXES = tuple(f":{code}" for code in ENGINE_CODES)
