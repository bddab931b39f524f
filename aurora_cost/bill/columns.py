"""The columns of AWS billing exports that reconcile reads, per export format (pure).

Sources (AWS Data Exports user guide, data dictionaries):
- CUR 2.0: https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html and
  its pages for line item columns (`line_item_*`, table-dictionary-cur2-line-item.html),
  product columns (`product_region_code`, table-dictionary-cur2-product.html), pricing
  columns (`pricing_unit`, table-dictionary-cur2-pricing.html), Savings Plans columns
  (`savings_plan_savings_plan_effective_cost`, table-dictionary-cur2-savings-plan.html) and
  reservation columns (`reservation_effective_cost`, table-dictionary-cur2-reservation.html).
  A legacy CUR delivered for Athena (Parquet) uses the same snake_case names.
- Legacy CUR in CSV: the same columns as `lineItem/UsageType` and so on
  (https://docs.aws.amazon.com/cur/latest/userguide/Lineitem-columns.html).
- FOCUS 1.x with AWS columns:
  https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-0-aws-columns.html
  and the FOCUS specification (https://focus.finops.org/focus-specification/): the FOCUS
  columns `ChargePeriodStart`, `ChargePeriodEnd`, `ChargeCategory`, `ResourceId`,
  `ConsumedQuantity`, `ConsumedUnit`, `PricingUnit`, `BilledCost`, `EffectiveCost`,
  `BillingCurrency`, `RegionId`, `CommitmentDiscountId`, `CommitmentDiscountType`, and AWS's
  extension columns `x_ServiceCode`, `x_UsageType`, `x_Operation`.

What each field means in reconcile (one normalised row):
- usage_type, resource, quantity (in unit), start, end, region, operation, currency;
- cost: the row's cost as the export states it; Savings Plan and Reserved Instance covered
  usage counts at its effective cost (the discounted rate, upfront fees amortised), not at
  the on-demand amount the export also shows (which a negation row cancels);
- coverage: on-demand, savings-plan or reserved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIELDS = (
    "usage_type",
    "resource",
    "quantity",
    "cost",
    "start",
    "end",
    "unit",
    "region",
    "operation",
    "currency",
    "service",
    "charge_type",
)


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, the column behind each field and the required ones."""

    name: str
    title: str
    columns: dict[str, str]  # field -> column name, as the export spells it
    required: tuple[str, ...]  # fields whose column must exist
    covered: dict[str, str] = field(default_factory=dict)  # effective-cost columns
    # The charge types kept: usage, not fees, taxes, credits or commitment purchases.
    usage_charges: tuple[str, ...] = ()
    savings_plan_charge: str = ""
    reserved_charge: str = ""
    service_code: str = "AmazonRDS"

    def column(self, name: str) -> str:
        return self.columns[name]


CUR2 = ExportFormat(
    name="cur2",
    title="CUR 2.0",
    columns={
        "usage_type": "line_item_usage_type",
        "resource": "line_item_resource_id",
        "quantity": "line_item_usage_amount",
        "cost": "line_item_unblended_cost",
        "start": "line_item_usage_start_date",
        "end": "line_item_usage_end_date",
        "unit": "pricing_unit",
        "region": "product_region_code",
        "operation": "line_item_operation",
        "currency": "line_item_currency_code",
        "service": "line_item_product_code",
        "charge_type": "line_item_line_item_type",
    },
    required=("usage_type", "resource", "quantity", "cost", "start", "service", "charge_type"),
    covered={
        "savings_plan": "savings_plan_savings_plan_effective_cost",
        "reserved": "reservation_effective_cost",
    },
    usage_charges=("Usage", "DiscountedUsage", "SavingsPlanCoveredUsage"),
    savings_plan_charge="SavingsPlanCoveredUsage",
    reserved_charge="DiscountedUsage",
)

LEGACY_CUR = ExportFormat(
    name="legacy-cur",
    title="Cost and Usage Report (legacy CSV)",
    columns={
        "usage_type": "lineItem/UsageType",
        "resource": "lineItem/ResourceId",
        "quantity": "lineItem/UsageAmount",
        "cost": "lineItem/UnblendedCost",
        "start": "lineItem/UsageStartDate",
        "end": "lineItem/UsageEndDate",
        "unit": "pricing/unit",
        "region": "product/regionCode",
        "operation": "lineItem/Operation",
        "currency": "lineItem/CurrencyCode",
        "service": "lineItem/ProductCode",
        "charge_type": "lineItem/LineItemType",
    },
    required=CUR2.required,
    covered={
        "savings_plan": "savingsPlan/SavingsPlanEffectiveCost",
        "reserved": "reservation/EffectiveCost",
    },
    usage_charges=CUR2.usage_charges,
    savings_plan_charge=CUR2.savings_plan_charge,
    reserved_charge=CUR2.reserved_charge,
)

FOCUS = ExportFormat(
    name="focus",
    title="FOCUS 1.x",
    columns={
        "usage_type": "x_UsageType",
        "resource": "ResourceId",
        "quantity": "ConsumedQuantity",
        "cost": "BilledCost",
        "start": "ChargePeriodStart",
        "end": "ChargePeriodEnd",
        "unit": "ConsumedUnit",
        "region": "RegionId",
        "operation": "x_Operation",
        "currency": "BillingCurrency",
        "service": "x_ServiceCode",
        "charge_type": "ChargeCategory",
    },
    required=("usage_type", "resource", "quantity", "cost", "start", "service", "charge_type"),
    covered={
        "effective": "EffectiveCost",
        "commitment": "CommitmentDiscountId",
        "commitment_type": "CommitmentDiscountType",
    },
    usage_charges=("Usage",),
)

FORMATS = (CUR2, FOCUS, LEGACY_CUR)


def detect(names: list[str]) -> ExportFormat | None:
    """The format whose usage-type and cost columns the file has (names compared without case)."""
    have = {name.lower() for name in names}
    for fmt in FORMATS:
        if fmt.column("usage_type").lower() in have and fmt.column("start").lower() in have:
            return fmt
    return None


def missing_columns(fmt: ExportFormat, names: list[str]) -> list[str]:
    have = {name.lower() for name in names}
    return [fmt.column(f) for f in fmt.required if fmt.column(f).lower() not in have]


def present(column: str, names: list[str]) -> bool:
    return column.lower() in {name.lower() for name in names}
