"""The report: one model that every output format renders (the README's "JSON report").

JSON is the contract: decimal strings for money and quantities, `schema_version` 1,
changes additive only. `aurora-cost schema report` prints this model's JSON Schema.
"""

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema


# What every part of an output document is (reports, advice, infrastructure, scan,
# reconciliation): strict, and built on first use (start-up time).
class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


Severity = Literal["info", "warning"]


class Diagnostic(Out):
    """Something the reader of a report should know, with a stable `code` to act on.

    Renderers and `check` decide by `code`, never by the wording of `message`.
    """

    code: str = Field(description="stable identifier, e.g. 'throttled', 'not-sold'")
    severity: Severity
    message: str
    option: str | None = Field(default=None, description="the option it concerns, if any")
    short: str | None = Field(default=None, description="a shorter form for a table cell")


def _registered(name: str) -> str:
    from aurora_cost.charges import line_item_names  # the registry imports this module

    if name not in line_item_names():
        raise ValueError(f"{name!r} is not a registered charge")
    return name


class _ChargeNames:
    """The JSON Schema of a line-item name: the registered charges, when it is asked for."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        from aurora_cost.charges import line_item_names

        return {"enum": list(line_item_names()), "type": "string"}


# A charge's name (`aurora_cost.charges`): compute, storage, io, ..., whatever is registered.
LineItemName = Annotated[str, AfterValidator(_registered), _ChargeNames()]


class LineItem(Out):
    """One priced component of an option's monthly bill."""

    name: LineItemName
    description: str
    quantity: Decimal = Field(description="monthly quantity, in `unit`")
    unit: str
    unit_price: Decimal = Field(description="USD per unit")
    monthly_cost: Decimal = Field(description="USD, rounded to cents")


class Metered(Out):
    """What the simulation found, per month (writer and readers together)."""

    acu_hours: Decimal
    paused_hours: Decimal
    peak_acu: Decimal
    throttled_hours: Decimal
    instance_hours: Decimal = Decimal(0)
    resumes_per_month: Decimal = Decimal(0)


FitStatus = Literal["fits", "throttled", "undersized"]


class Fit(Out):
    """Whether the option carries the load: serverless within max_acu, an instance in memory."""

    status: FitStatus
    peak_demand_acu: Decimal = Field(description="the highest demand of any minute, ACU")
    capacity_acu: Decimal | None = Field(
        description="max_acu (serverless) or the class's memory / 2 GiB (provisioned); "
        "null when the class's memory is not known"
    )
    throttled_hours: Decimal = Field(description="hours a month with demand above max_acu")
    detail: str


class SavingsPlan(Out):
    """The option's bill with the best Database Savings Plans commitment (1 year, No Upfront)."""

    hourly_commitment: Decimal = Field(description="USD an hour, a multiple of 0.001")
    monthly_cost: Decimal = Field(description="the whole option bill with that commitment")
    savings: Decimal = Field(description="USD a month against the on-demand bill")
    discount_percent: Decimal = Field(description="the plan's discount on eligible usage")
    rates: Literal["derived", "offer-file"] = Field(
        description="offer-file: AWS's AWSDatabaseSavingsPlans rates; derived: from the "
        "published discount levels"
    )


class ReservedInstance(Out):
    """The option's bill with the best Reserved Instance term and payment."""

    term: Literal["1yr", "3yr"]
    payment: Literal["no-upfront", "partial-upfront", "all-upfront"]
    instances: int = Field(description="one reservation per instance, writer and readers")
    upfront: Decimal = Field(description="USD paid at purchase, for every instance")
    monthly_cost: Decimal = Field(
        description="the whole option bill with the reservations, the upfront fee spread "
        "evenly over the term's months"
    )
    savings: Decimal = Field(description="USD a month against the on-demand bill")


class OptionReport(Out):
    name: str
    kind: str = Field(description="serverless-v1, serverless-v2 or provisioned")
    settings: str = Field(description="the option's configuration in words")
    available: bool
    legacy: bool = False
    monthly_cost: Decimal | None = Field(
        description="sum of the line items, or null if unavailable"
    )
    line_items: list[LineItem]
    usage: Metered | None = Field(description="what the simulation metered, per month")
    warnings: list[str] = Field(description="the messages of `diagnostics`")
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    fit: Fit | None = None
    complete: bool = Field(default=True, description="`missing` is empty")
    missing: list[LineItemName] = Field(
        default_factory=list,
        description="line items the workload asks for that cannot be billed here: the "
        "total is a lower bound",
    )
    savings_plan: SavingsPlan | None = Field(
        default=None, description="null where Database Savings Plans do not apply"
    )
    reserved_instance: ReservedInstance | None = Field(
        default=None,
        description="null where the price file has no Reserved Instance rates for the option",
    )


class PricingInfo(Out):
    source: str
    url: str
    published: str
    offer_version: str | None = None


class PeriodInfo(Out):
    """The simulated period and how it was turned into a month."""

    usage: Literal["constant", "schedule", "trace"]
    simulated_minutes: int
    normalization: str
    trace: dict[str, Any] | None = None


class Chart(Out):
    """Average capacity per time bucket of the billed period, for the capacity chart."""

    bucket_minutes: int
    demand: list[float]
    options: dict[str, list[float]]


BudgetStatus = Literal["within", "over", "unfit", "incomplete", "unavailable", "none"]

# What each verdict is called wherever a person reads it (table, markdown, stderr); one
# place, so every renderer says the same words. Why an option does not qualify is
# `engine.qualify`'s reason.
BUDGET_LABELS: dict[BudgetStatus, str] = {
    "within": "within budget",
    "over": "over budget",
    "unfit": "not judged (does not fit the load)",
    "incomplete": "not judged (incomplete bill)",
    "unavailable": "not judged (unavailable)",
    "none": "not judged (no option qualifies)",
}


class Budget(Out):
    """`check`'s verdict on one region's report."""

    max_monthly: Decimal = Field(description="the budget exactly as given, USD a month")
    option: str | None = Field(description="the option judged: --option, else the cheapest")
    monthly_cost: Decimal | None
    status: BudgetStatus
    over_by: Decimal | None = Field(description="monthly_cost - max_monthly, when positive")
    reason: str


class RegionsBudget(Out):
    """`check --all-regions`: the worst verdict of any region."""

    status: BudgetStatus
    regions_over: list[str] = Field(description="regions whose status is `over`")
    max_monthly: Decimal


class Report(Out):
    schema_version: Literal[1] = 1
    tool_version: str
    region: str
    region_name: str
    currency: Literal["USD"] = "USD"
    hours_per_month: int
    as_of: str | None = Field(
        default=None, description="the month priced, YYYY-MM (RDS Extended Support depends on it)"
    )
    pricing: PricingInfo
    workload: dict[str, Any]
    period: PeriodInfo
    options: list[OptionReport]
    cheapest: str | None = Field(description="cheapest option that can be created today")
    warnings: list[str] = Field(default_factory=list, description="the messages of `diagnostics`")
    chart: Chart | None = None
    diagnostics: list[Diagnostic] = Field(
        default_factory=list, description="about the whole report (each option has its own)"
    )
    budget: Budget | None = Field(default=None, description="`check` only")

    def option(self, name: str) -> OptionReport:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)


class MultiRegionReport(Out):
    """`compare --all-regions`: one report per region."""

    schema_version: Literal[1] = 1
    reports: list[Report]
    budget: RegionsBudget | None = Field(default=None, description="`check` only")
