"""Which option may be named cheapest, and if not why: the one rule (`qualify`) that
`cheapest`, `check`'s verdict, the infrastructure totals and advice all ask, and the notes
on the options it passes over. Part of the pricing engine (`aurora_cost.engine` exports
it); it judges bills, it prices nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NamedTuple

from aurora_cost.report import Diagnostic, OptionReport

QualifyStatus = Literal["qualifies", "unavailable", "unfit", "incomplete"]


class Qualification(NamedTuple):
    """Whether an option may be named cheapest, and if not why (`reason`, "" if it may)."""

    status: QualifyStatus
    reason: str


def qualify(
    option: OptionReport, *, throttled_hours_allowed: Decimal = Decimal(0)
) -> Qualification:
    """The one rule: an option may be named cheapest (or judged against a budget, counted
    as an infrastructure cluster one can run, recommended) when it is sold in the region,
    not legacy (Serverless v1), carries the load and its bill leaves nothing out.

    `throttled_hours_allowed` (advice's `--max-throttled-hours`) lets a serverless option
    throttled for at most that many hours a month count as carrying the load."""
    if not option.available:
        for found in option.diagnostics:  # AWS will not create it on its engine version
            if found.code == "version-unsupported":
                return Qualification("unavailable", f"AWS does not create it: {found.message}")
        return Qualification("unavailable", "not sold in this region")
    if option.legacy:
        return Qualification(
            "unavailable", "legacy (Serverless v1 reached end of life; no new clusters)"
        )
    fit = option.fit
    if fit is not None and fit.status != "fits":
        allowed = fit.status == "throttled" and fit.throttled_hours <= throttled_hours_allowed
        if not allowed:
            return Qualification("unfit", f"{fit.status}: {fit.detail}")
    if not option.complete:
        return Qualification("incomplete", f"its bill leaves out {', '.join(option.missing)}")
    return Qualification("qualifies", "")


def qualifies(option: OptionReport) -> bool:
    return qualify(option).status == "qualifies"


class PricedOption(NamedTuple):
    """One option billed in one region, and the `qualify` verdict on that bill."""

    report: OptionReport
    qualification: Qualification

    @property
    def qualifies(self) -> bool:
        return self.qualification.status == "qualifies"


def cheapest_of(options: list[PricedOption]) -> OptionReport | None:
    """The cheapest option that qualifies, or None."""
    return min(
        (p.report for p in options if p.qualifies),
        key=lambda o: o.monthly_cost or 0,
        default=None,
    )


def passed_over_notes(
    options: list[PricedOption], cheapest: OptionReport | None
) -> list[Diagnostic]:
    """A warning for each option that would be cheaper, or any at all, but does not qualify."""
    limit = cheapest.monthly_cost if cheapest is not None else None
    out = []
    for option, (status, reason) in options:
        if status == "qualifies":
            continue
        cost = option.monthly_cost
        if limit is not None and (cost is None or cost >= limit or option.legacy):
            continue  # dearer than the cheapest anyway (or legacy): nothing to explain
        out.append(
            Diagnostic(
                code="passed-over",
                severity="warning",
                message=f"{option.name} is not considered for cheapest: {reason}",
                option=option.name,
            )
        )
    if cheapest is None and options:
        out.append(
            Diagnostic(
                code="no-cheapest",
                severity="warning",
                message="no option is available, current, fits the load and has a complete "
                "bill in this region, so none is named cheapest",
            )
        )
    return out
