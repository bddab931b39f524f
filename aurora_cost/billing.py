"""One option's bill in one region: its compute, the per-cluster charges, what is missing,
its fit and its Savings Plan. Whether it may be named cheapest is `engine.qualify`'s call."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from aurora_cost.charges import cluster_charges
from aurora_cost.charges.base import ClusterQuantities
from aurora_cost.money import money, tidy
from aurora_cost.options import OptionBase, OptionRun
from aurora_cost.options.base import ComputeBill, NotSold
from aurora_cost.options.reserved import ReservedChoice
from aurora_cost.options.savings_plan import EligibleHours, best_commitment
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import OptionReport, ReservedInstance, SavingsPlan


def price_option(
    option: OptionBase, run: OptionRun, workload: ClusterQuantities, pricing: RegionPricing
) -> OptionReport:
    """The option's report in this region (not sold: unavailable, with the reason)."""
    notices = option.notices() + [
        option.diagnostic("engine-version", note, severity="info")
        for note in option.version_notes()
    ]
    fit = option.fit(run)
    problems = "; ".join(option.version_problems())
    code = "not-sold"
    compute: ComputeBill | NotSold
    if problems and not option.existing:  # AWS will not create it on its engine version
        code, compute = "version-unsupported", NotSold(problems)
    else:
        compute = option.bill_compute(run, pricing, workload)
    if problems and option.existing:  # a running cluster is priced as it runs
        message = f"AWS would not create this today ({problems}); priced as it runs"
        short = "runs on what AWS no longer creates"
        notices.append(option.diagnostic("version-unsupported", message, short=short))
    if isinstance(compute, NotSold):
        diagnostics = [option.diagnostic(code, compute.reason), *notices]
        return OptionReport(
            name=option.name,
            kind=option.kind,
            settings=option.settings(),
            available=False,
            legacy=option.legacy,
            monthly_cost=None,
            line_items=[],
            usage=None,
            warnings=[d.message for d in diagnostics],
            diagnostics=diagnostics,
            fit=fit,
        )
    charged = cluster_charges(option, run, workload, pricing)
    items = compute.items + charged.items
    diagnostics = notices + compute.diagnostics + charged.diagnostics
    if charged.missing:
        left_out = ", ".join(charged.missing)
        diagnostics.append(
            option.diagnostic(
                "incomplete",
                f"the total leaves out {left_out}: it is a lower bound of the bill",
                short=f"lower bound: leaves out {left_out}",
            )
        )
    report = OptionReport(
        name=option.name,
        kind=option.kind,
        settings=option.settings(),
        available=True,
        legacy=option.legacy,
        monthly_cost=sum((item.monthly_cost for item in items), Decimal(0)),
        line_items=items,
        usage=compute.metered,
        warnings=[d.message for d in diagnostics],
        diagnostics=diagnostics,
        fit=fit,
        complete=not charged.missing,
        missing=charged.missing,
    )
    choice = option.reserved_choice(pricing)
    if choice is not None:
        report = report.model_copy(update={"reserved_instance": _reserved(report, choice)})
    usage = option.savings_plan_usage(run, pricing)
    if usage is None or pricing.savings_plans is None or usage.discounted >= usage.on_demand:
        return report  # not eligible (or a price file whose "discount" is none)
    plan = _savings_plan(report, usage, pricing.savings_plans.rates)
    return report.model_copy(update={"savings_plan": plan})


def _reserved(report: OptionReport, choice: ReservedChoice) -> ReservedInstance:
    """The whole bill with the reservations: compute replaced by the effective month (the
    upfront fee spread over the term), every other line (Extended Support too) kept."""
    total = report.monthly_cost or Decimal(0)
    on_demand = sum((i.monthly_cost for i in report.line_items if i.name == "compute"), Decimal(0))
    monthly = min(total, total - on_demand + money(choice.monthly_compute))
    return ReservedInstance(
        term=choice.offer.term,
        payment=choice.offer.payment,
        instances=choice.instances,
        upfront=money(choice.upfront),
        monthly_cost=monthly,
        savings=total - monthly,
    )


def _savings_plan(
    report: OptionReport, usage: EligibleHours, rates: Literal["derived", "offer-file"]
) -> SavingsPlan:
    """The option's whole bill with its best commitment: compute replaced, the rest kept."""
    best = best_commitment(usage)
    total = report.monthly_cost or Decimal(0)
    if best.hourly:
        on_demand = sum(
            (i.monthly_cost for i in report.line_items if i.name == "compute"), Decimal(0)
        )
        monthly = total - on_demand + money(best.monthly_compute)
    else:
        monthly = total  # no commitment pays: the on-demand bill
    return SavingsPlan(
        hourly_commitment=tidy(best.hourly, 3),
        monthly_cost=monthly,
        savings=total - monthly,
        discount_percent=tidy((1 - usage.discounted / usage.on_demand) * 100, 2),
        rates=rates,
    )
