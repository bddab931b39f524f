"""The charges billed per cluster whatever runs it: storage, I/O, backup, snapshot export,
Data API and backtrack (Amazon Aurora pricing page, https://aws.amazon.com/rds/aurora/pricing/).

Each charge is a function of the option, the workload's monthly amounts and the region's
prices; `CLUSTER_CHARGES` lists them in the order a bill shows them. A new charge is a new
function (or module) added to that tuple.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from aurora_cost.money import MILLION, as_decimal, money, tidy
from aurora_cost.options.base import ClusterQuantities, OptionBase, OptionRun
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import Diagnostic, LineItem, LineItemName

DATA_API_TIER = Decimal(1_000_000_000)  # the Data API price drops after 1 billion requests


def line_item(
    name: LineItemName, description: str, quantity: Decimal, unit: str, rate: Decimal
) -> LineItem:
    return LineItem(
        name=name,
        description=description,
        quantity=tidy(quantity),
        unit=unit,
        unit_price=rate,
        monthly_cost=money(quantity * rate),
    )


@dataclass
class Charged:
    """What one charge adds to a bill."""

    items: list[LineItem] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[LineItemName] = field(default_factory=list)  # asked for, cannot be billed

    def add(self, other: Charged) -> None:
        self.items += other.items
        self.diagnostics += other.diagnostics
        self.missing += [name for name in other.missing if name not in self.missing]


Charge = Callable[[OptionBase, OptionRun, ClusterQuantities, RegionPricing], Charged]


def _metered(
    option: OptionBase,
    pricing: RegionPricing,
    name: LineItemName,
    quantity: Decimal,
    rate: Decimal | None,
    what: str,
    unit: str,
    description: str,
) -> Charged:
    """A charge per unit of `quantity`; nothing when there is none, a warning if not sold."""
    if not quantity:
        return Charged()
    if rate is None:
        message = f"{what} is not offered in {pricing.region}; it is not included"
        return _missing(option, name, "rate-missing", message)
    return Charged(items=[line_item(name, description, quantity, unit, rate)])


def _missing(option: OptionBase, name: LineItemName, code: str, message: str) -> Charged:
    return Charged(diagnostics=[option.diagnostic(code, message)], missing=[name])


def storage(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    rates = pricing.rates
    rate = rates.io_optimized_storage_gb_month if option.io_optimized else rates.storage_gb_month
    if rate is None:
        if not cluster.storage_gb:
            return Charged()
        message = f"no storage price for {pricing.region}; storage is not included"
        return _missing(option, "storage", "rate-missing", message)
    config = "I/O-Optimized" if option.io_optimized else "Standard"
    quantity = as_decimal(cluster.storage_gb)
    item = line_item("storage", f"Aurora {config} storage", quantity, "GB-months", rate)
    return Charged(items=[item])


def io(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    if option.io_optimized:  # I/O-Optimized includes I/O in the compute and storage rates
        return Charged()
    requests = as_decimal(cluster.io_requests_per_month) / MILLION
    rate = pricing.rates.io_per_million
    return _metered(
        option, pricing, "io", requests, rate, "I/O billing", "million I/O requests", "I/O requests"
    )


def backup(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    # Backup storage up to the cluster's storage size is free.
    beyond_free = max(
        Decimal(0), as_decimal(cluster.backup_storage_gb) - as_decimal(cluster.storage_gb)
    )
    return _metered(
        option,
        pricing,
        "backup",
        beyond_free,
        pricing.rates.backup_gb_month,
        "backup storage",
        "GB-months",
        "backup beyond the free allowance (= storage_gb)",
    )


def snapshot_export(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    return _metered(
        option,
        pricing,
        "snapshot_export",
        as_decimal(cluster.snapshot_export_gb),
        pricing.rates.snapshot_export_per_gb,
        "snapshot export",
        "GB",
        "snapshot export to S3",
    )


def data_api(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    requests = as_decimal(cluster.data_api_requests_per_month)
    if requests and not option.supports_data_api:
        message = "the Data API does not run on T instance classes; choose an r class"
        return _missing(option, "data_api", "feature-unsupported", message)
    first, rest = min(requests, DATA_API_TIER), max(Decimal(0), requests - DATA_API_TIER)
    rates = pricing.rates
    out = Charged()
    for quantity, rate, tier in (
        (first, rates.data_api_per_million_first_billion, "first 1 billion"),
        (rest, rates.data_api_per_million_over_billion, "over 1 billion"),
    ):
        part = _metered(
            option,
            pricing,
            "data_api",
            quantity / MILLION,
            rate,
            "the Data API",
            "million requests",
            f"Data API requests, {tier}",
        )
        if part.missing and out.missing:  # both tiers unpriced: say it once
            continue
        out.add(part)
    return out


def backtrack(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    records = as_decimal(cluster.backtrack_change_records_per_month)
    if records and not option.supports_backtrack:
        message = "backtrack is only for Aurora MySQL (not Serverless v1); not included"
        return _missing(option, "backtrack", "feature-unsupported", message)
    return _metered(
        option,
        pricing,
        "backtrack",
        records / MILLION,
        pricing.rates.backtrack_per_million_change_records,
        "backtrack",
        "million change-record-hours",
        "backtrack",
    )


def rds_proxy(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    """Amazon RDS Proxy in front of the cluster (https://aws.amazon.com/rds/proxy/pricing/)."""
    if not option.rds_proxy:
        return Charged()
    usage = option.proxy_usage(run)
    if isinstance(usage, str):
        return _missing(option, "rds_proxy", "feature-unsupported", f"{usage}; not included")
    rates = pricing.rds_proxy
    rate = None if rates is None else getattr(rates, usage.rate).engine(option.engine)
    if rate is None:
        message = f"RDS Proxy is not offered in {pricing.region}; it is not included"
        return _missing(option, "rds_proxy", "rate-missing", message)
    item = line_item("rds_proxy", usage.description, usage.quantity, usage.unit, rate)
    return Charged(items=[item])


CLUSTER_CHARGES: tuple[Charge, ...] = (
    storage,
    io,
    backup,
    snapshot_export,
    data_api,
    backtrack,
    rds_proxy,
)


def cluster_charges(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    """Every per-cluster charge of the option, in bill order."""
    from aurora_cost.options.extended_support import extended_support  # it builds on this module

    out = Charged()
    for charge in (*CLUSTER_CHARGES, extended_support):
        out.add(charge(option, run, cluster, pricing))
    return out
