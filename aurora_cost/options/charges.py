"""Line items: rounding money, tidy quantities, and the charges billed per cluster
(storage, I/O, backup, snapshot export, Data API, backtrack) whatever the compute."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import LineItem
from aurora_cost.workload.model import Option, ServerlessV1Option, Workload

CENT = Decimal("0.01")
MILLION = Decimal(1_000_000)
DATA_API_TIER = Decimal(1_000_000_000)  # the Data API price drops after 1 billion requests


def money(value: Decimal) -> Decimal:
    """Round to cents, half up, as a bill does."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def as_decimal(value: float) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def tidy(value: Decimal, places: int = 4) -> Decimal:
    """A quantity for display: at most `places` decimals, no trailing zeros, no exponent."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    return q.quantize(Decimal(1)) if q == q.to_integral() else q


def line_item(name: str, description: str, quantity: Decimal, unit: str, rate: Decimal) -> LineItem:
    return LineItem(
        name=name,
        description=description,
        quantity=tidy(quantity),
        unit=unit,
        unit_price=rate,
        monthly_cost=money(quantity * rate),
    )


def cluster_items(
    option: Option, workload: Workload, pricing: RegionPricing, warnings: list[str]
) -> list[LineItem]:
    """Storage, I/O, backup, export, Data API and backtrack: billed per cluster."""
    rates = pricing.rates
    region = pricing.region
    io_optimized = option.storage == "io-optimized"
    items: list[LineItem] = []

    storage_rate = rates.io_optimized_storage_gb_month if io_optimized else rates.storage_gb_month
    if storage_rate is not None:
        config = "I/O-Optimized" if io_optimized else "Standard"
        items.append(
            line_item(
                "storage",
                f"Aurora {config} storage",
                as_decimal(workload.storage_gb),
                "GB-months",
                storage_rate,
            )
        )
    elif workload.storage_gb:
        warnings.append(f"no storage price for {region}; storage is not included")

    def priced(
        name: str,
        amount: float,
        rate: Decimal | None,
        what: str,
        unit: str,
        quantity: Decimal,
        description: str,
    ) -> None:
        if not amount:
            return
        if rate is None:
            warnings.append(f"{what} is not offered in {region}; it is not included")
            return
        items.append(line_item(name, description, quantity, unit, rate))

    if not io_optimized:
        io = as_decimal(workload.io_requests_per_month)
        priced(
            "io",
            workload.io_requests_per_month,
            rates.io_per_million,
            "I/O billing",
            "million I/O requests",
            io / MILLION,
            "I/O requests",
        )
    beyond_free = max(
        Decimal(0), as_decimal(workload.backup_storage_gb) - as_decimal(workload.storage_gb)
    )
    priced(
        "backup",
        float(beyond_free),
        rates.backup_gb_month,
        "backup storage",
        "GB-months",
        beyond_free,
        "backup beyond the free allowance (= storage_gb)",
    )
    priced(
        "snapshot_export",
        workload.snapshot_export_gb,
        rates.snapshot_export_per_gb,
        "snapshot export",
        "GB",
        as_decimal(workload.snapshot_export_gb),
        "snapshot export to S3",
    )

    requests = as_decimal(workload.data_api_requests_per_month)
    first, rest = min(requests, DATA_API_TIER), max(Decimal(0), requests - DATA_API_TIER)
    priced(
        "data_api",
        float(first),
        rates.data_api_per_million_first_billion,
        "the Data API",
        "million requests",
        first / MILLION,
        "Data API requests, first 1 billion",
    )
    priced(
        "data_api",
        float(rest),
        rates.data_api_per_million_over_billion,
        "the Data API",
        "million requests",
        rest / MILLION,
        "Data API requests over 1 billion",
    )

    if workload.backtrack_change_records_per_month:
        if isinstance(option, ServerlessV1Option) or option.engine != "mysql":
            warnings.append("backtrack is only for Aurora MySQL (not Serverless v1); not included")
        else:
            records = as_decimal(workload.backtrack_change_records_per_month)
            priced(
                "backtrack",
                float(records),
                rates.backtrack_per_million_change_records,
                "backtrack",
                "million change-record-hours",
                records / MILLION,
                "backtrack",
            )
    return items
