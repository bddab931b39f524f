"""`check`'s verdict: one option of a report against a monthly budget.

The judged option is `--option NAME`, else the report's cheapest. Only `within` passes;
an option that is not sold or legacy, does not fit the load, or whose bill leaves
something out fails with its own status, because its total is not a bill one could run.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from aurora_cost.engine import qualify
from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.money import usd
from aurora_cost.report import (
    Budget,
    BudgetStatus,
    MultiRegionReport,
    RegionsBudget,
    Report,
)

# Worst last: `--all-regions` reports the worst status of any region.
SEVERITY: tuple[BudgetStatus, ...] = (
    "within",
    "over",
    "incomplete",
    "unfit",
    "unavailable",
    "none",
)


# A budget (or an increase) above a billion USD a month is a typo, not a budget: the largest
# cluster AWS sells bills well under a million USD a month.
MAX_BUDGET = Decimal(1_000_000_000)
MAX_PLACES = 6


def parse_budget(text: str, flag: str = "--max-monthly") -> Decimal:
    """A budget in USD as the user wrote it (`50`, `$1,200.50`, `51.425`), kept exactly."""
    cleaned = text.strip().removeprefix("$").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(f"{flag}: {text!r} is not an amount in USD; e.g. {flag} 50") from None
    if not value.is_finite() or value < 0:
        raise InputError(f"{flag}: {text!r} must be a finite amount >= 0 USD")
    if value > MAX_BUDGET:
        raise InputError(
            f"{flag}: {text!r} is more than {usd(MAX_BUDGET, exact=True)}, far beyond any Aurora bill; "
            f"give the budget in USD, e.g. {flag} 50"
        )
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        raise InputError(f"{flag}: {text!r} has more than {MAX_PLACES} decimal places")
    if isinstance(exponent, int) and exponent > 0:  # 1e3: shown as $1,000, not $1E+3
        value = value.quantize(Decimal(1))
    return value


def judge(report: Report, max_monthly: Decimal, option_name: str | None = None) -> Budget:
    """The verdict on one region's report. An unknown `option_name` is an InputError."""
    names = [o.name for o in report.options]
    if option_name is not None and option_name not in names:
        hint = did_you_mean(option_name, names) or f"; options: {', '.join(names)}"
        raise InputError(f"--option: no option named '{option_name}'{hint}")
    name = option_name or report.cheapest
    budget = usd(max_monthly, exact=True)  # as given: 51.425 stays $51.425
    if name is None:
        return Budget(
            max_monthly=max_monthly,
            option=None,
            monthly_cost=None,
            status="none",
            over_by=None,
            reason=f"no option in {report.region} is sold, current, fits the load and has a "
            "complete bill; see the report's warnings",
        )
    option = report.option(name)
    cost = option.monthly_cost
    over_by = cost - max_monthly if cost is not None and cost > max_monthly else None
    where = f"{name} in {report.region}"
    qualification, why = qualify(option)
    status: BudgetStatus
    if qualification == "unavailable":
        status = "unavailable"
        reason = (
            f"{where} is Serverless v1, which reached end of life: no new clusters"
            if option.available
            else f"{where} is not sold there"
        )
    elif qualification == "unfit":
        status, reason = "unfit", f"{where} is {why}"
    elif qualification == "incomplete":
        status = "incomplete"
        reason = f"{where} costs at least {usd(cost)} a month, but {why}"
    elif cost is not None and over_by is None:
        status = "within"
        reason = (
            f"{where} costs {usd(cost)} a month, budget {budget} "
            f"({usd(max_monthly - cost, exact=True)} to spare)"
        )
    else:
        assert cost is not None and over_by is not None
        status = "over"
        reason = (
            f"{where} costs {usd(cost)} a month, budget {budget} ({usd(over_by, exact=True)} over)"
        )
    return Budget(
        max_monthly=max_monthly,
        option=name,
        monthly_cost=cost,
        status=status,
        over_by=over_by,
        reason=reason,
    )


def judge_regions(
    multi: MultiRegionReport, max_monthly: Decimal, option_name: str | None = None
) -> MultiRegionReport:
    """Every region judged, and the worst of them on top."""
    reports = [
        r.model_copy(update={"budget": judge(r, max_monthly, option_name)}) for r in multi.reports
    ]
    statuses = [r.budget.status for r in reports if r.budget is not None]
    worst = max(statuses, key=SEVERITY.index, default="none")
    summary = RegionsBudget(
        status=worst,
        regions_over=[r.region for r in reports if r.budget and r.budget.status == "over"],
        max_monthly=max_monthly,
    )
    return multi.model_copy(update={"reports": reports, "budget": summary})
