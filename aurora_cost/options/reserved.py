"""Reserved Instances: the term and payment that make a provisioned option's month cheapest.

AWS (Aurora User Guide, "Reserved DB instances for Aurora",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithReservedDBInstances.html):
1 or 3 years; No Upfront (1 year only), Partial Upfront or All Upfront; an upfront fee per
instance and an hourly rate for every hour of the term; one reservation per instance (writer
and each reader); it covers instance hours only, not storage, I/O, backup or Extended Support.

The effective month of an offer spreads its upfront fee evenly over the term's months:
upfront / (12 x years) + hourly x 730, per instance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from aurora_cost.money import HOURS_PER_MONTH

Term = Literal["1yr", "3yr"]
Payment = Literal["no-upfront", "partial-upfront", "all-upfront"]
TERM_MONTHS: dict[str, int] = {"1yr": 12, "3yr": 36}
PAYMENT_ORDER: dict[str, int] = {"no-upfront": 0, "partial-upfront": 1, "all-upfront": 2}


@dataclass(frozen=True)
class ReservedOffer:
    """One Reserved term of a class: the upfront fee and hourly rate, per instance."""

    term: Term
    payment: Payment
    upfront: Decimal
    hourly: Decimal

    def monthly(self, instances: int) -> Decimal:
        """The effective monthly cost of `instances` reservations, upfront spread evenly."""
        per_instance = self.upfront / TERM_MONTHS[self.term] + self.hourly * HOURS_PER_MONTH
        return per_instance * instances


@dataclass(frozen=True)
class ReservedChoice:
    offer: ReservedOffer
    instances: int
    monthly_compute: Decimal  # unrounded
    upfront: Decimal  # for every instance


def best_offer(offers: Iterable[ReservedOffer], instances: int) -> ReservedChoice | None:
    """The offer with the lowest effective month; a tie goes to less upfront, then the
    shorter term (less commitment for the same bill)."""

    def order(offer: ReservedOffer) -> tuple[Decimal, Decimal, int, int]:
        return (
            offer.monthly(instances),
            offer.upfront,
            TERM_MONTHS[offer.term],
            PAYMENT_ORDER[offer.payment],
        )

    best = min(offers, key=order, default=None)
    if best is None:
        return None
    return ReservedChoice(best, instances, best.monthly(instances), best.upfront * instances)
