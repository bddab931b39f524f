"""Which aurora-cost line item a billed Aurora usage type is (pure).

Read from the charge registry (`aurora_cost.charges`), the declarations the offer importer
imports AWS's price list with: each charge names the offer rows of each of its rates
(`Offer.usage_type`, e.g. `Aurora:StorageUsage` for the `storage` charge's
`storage_gb_month`), and the same rows are the usage types of a bill. A usage type is
matched on its base as the importer matches it (`pricing.aws.rules.usage_base`:
`EU-Aurora:StorageUsage` -> `Aurora:StorageUsage`; us-east-1 has no prefix). Beyond the
registry's usage types, as the importer also reads them: instance classes are
`InstanceUsage:<class>` (Aurora Standard) and `InstanceUsageIOOptimized:<class>`
(I/O-Optimized); RDS Proxy rows (product family `RDSProxy`, usage types `RDS:ProxyUsage`
and `RDS:Proxy-ASv2-Usage`) are told apart by the `has`/`lacks` of the proxy charge's
offers; Aurora's engines by the operation code (`CreateDBInstance:0016` Aurora MySQL,
`:0021` Aurora PostgreSQL). Extended Support is `ExtendedSupport:<years>:<engine><major>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aurora_cost import charges
from aurora_cost.pricing.aws.rules import (
    ENGINE_CODES,
    ENGINE_KEY,
    INSTANCE_CLASS,
    rate_key,
    usage_base,
)

Level = Literal["instance", "cluster", "proxy"]

SERVERLESS_V1_RATE = "serverless_v1_acu_hour"
SERVERLESS_V2_RATES = ("serverless_v2_acu_hour", "serverless_v2_io_optimized_acu_hour")
PROXY_FAMILY = "RDSProxy"
EXTENDED_SUPPORT = "ExtendedSupport"


@dataclass(frozen=True)
class UsageKind:
    """What a billed usage type is, in aurora-cost's words."""

    base: str  # the usage type without its region prefix
    line_item: str  # the charge's name: compute, storage, io, backup, ..., rds_proxy
    level: Level  # billed per DB instance, per cluster, or per proxy
    rate: str = ""  # the price-file rate it is priced at, where there is one
    instance_class: str | None = None  # provisioned classes; db.serverless for Serverless v2
    io_optimized: bool = False

    @property
    def serverless_v2(self) -> bool:
        return self.rate in SERVERLESS_V2_RATES


def _from_registry(base: str) -> UsageKind | None:
    for charge in charges.charges():
        for rate in charge.rates:
            offer = rate.offer
            if offer is None:
                continue
            proxy = offer.family == PROXY_FAMILY and "Proxy" in base
            if offer.usage_type != base and not (
                proxy and offer.has in base and not any(x in base for x in offer.lacks)
            ):
                continue
            key = rate_key(charge, rate)
            if proxy:
                return UsageKind(base, charge.name, "proxy", key)
            serverless = key in (*SERVERLESS_V2_RATES, SERVERLESS_V1_RATE)
            return UsageKind(
                base,
                charge.name,
                "instance" if serverless else "cluster",
                key,
                "db.serverless" if key in SERVERLESS_V2_RATES else None,
                rate.storage == "io-optimized",
            )
    return None


def classify_usage(usage_type: str) -> UsageKind | None:
    """The line item of an Aurora usage type, or None when aurora-cost does not know it."""
    base = usage_base(usage_type)
    kind, _, tail = base.partition(":")
    if kind in ("InstanceUsage", "InstanceUsageIOOptimized") and INSTANCE_CLASS.match(tail):
        optimized = kind == "InstanceUsageIOOptimized"
        return UsageKind(base, "compute", "instance", "instances", tail, optimized)
    found = _from_registry(base)
    if found is not None:
        return found
    if kind == EXTENDED_SUPPORT:
        return UsageKind(base, "extended_support", "instance")
    return None


def engine_of(operation: str) -> str | None:
    """`CreateDBInstance:0021` -> postgresql; None when the operation names no Aurora engine."""
    engine = ENGINE_CODES.get(operation.rpartition(":")[2])
    return ENGINE_KEY.get(engine) if engine else None


# What the SQL keeps as Aurora usage: the filter the aggregation query applies, written once
# here so that the README, the query and the tests agree. A row is Aurora's when its usage
# type names Aurora, or is the Data API, or its operation carries an Aurora engine code.
AURORA_USAGE_PATTERNS = ("%Aurora%", "%Data-API%")
AURORA_OPERATION_SUFFIXES = tuple(f":{code}" for code in ENGINE_CODES)
