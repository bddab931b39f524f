"""The advice document (`aurora-cost advise --format json`, `kind: advice`)."""

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from aurora_cost.report import Diagnostic, Fit, Out, PricingInfo, ReservedInstance, SavingsPlan


class Current(Out):
    """What the workload runs now: its first option that can be created today (or
    `--current NAME`), which the savings are counted against."""

    option: str | None
    monthly_cost: Decimal | None


WayToPay = Literal["on-demand", "savings-plan", "reserved"]


class WaysToPay(Out):
    """The recommendation's whole monthly bill paid three ways (compute is what a
    commitment covers; storage, I/O and the other charges stay on demand)."""

    on_demand: Decimal = Field(description="the bill on demand: the recommendation's monthly_cost")
    savings_plan: Decimal | None = Field(
        description="with the best Database Savings Plan commitment (savings_plan); null: no "
        "plan covers it (e.g. db.r6g, db.r5 and T classes) or the price file has no plan rates"
    )
    reserved: Decimal | None = Field(
        description="with the best Reserved Instance term and payment (reserved_instance; "
        "the upfront fee spread over the term); null: no Reserved rates for it (Serverless, "
        "or a price file without reserved:, such as the bundled ones)"
    )
    cheapest: WayToPay = Field(
        description="the lowest of the three; on a tie the one that commits less (on-demand, "
        "then savings-plan, then reserved)"
    )


class Recommendation(Out):
    rank: int
    option: dict[str, Any] = Field(
        description="a valid workload option: paste it into `options:` and compare prices it "
        "the same"
    )
    monthly_cost: Decimal
    savings_vs_current: Decimal | None = Field(
        description="current monthly_cost - this monthly_cost (negative: dearer)"
    )
    savings_plan: SavingsPlan | None
    fit: Fit
    why: str
    reserved_instance: ReservedInstance | None = Field(
        default=None,
        description="the best Reserved Instance term and payment for it, as on compare's "
        "provisioned options; null: no Reserved rates for it",
    )
    ways_to_pay: WaysToPay = Field(
        description="its month on demand, with a Savings Plan and with Reserved Instances"
    )


class CurvePoint(Out):
    x: Decimal
    costs: dict[str, Decimal | None] = Field(
        description="monthly cost of the cheapest option of each side; null: none fits"
    )


class Breakeven(Out):
    between: list[str]
    variable: Literal["active_hours_per_day", "steady_acu"]
    at: Decimal | None = Field(
        description="where the first side stops being cheaper; null: it never does in range"
    )
    curve: list[CurvePoint]
    detail: str


class Advice(Out):
    schema_version: Literal[1] = 1
    kind: Literal["advice"] = "advice"
    tool_version: str
    region: str
    currency: Literal["USD"] = "USD"
    hours_per_month: int
    pricing: PricingInfo
    current: Current
    recommendations: list[Recommendation]
    breakeven: list[Breakeven]
    warnings: list[str] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)
