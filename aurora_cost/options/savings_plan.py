"""Database Savings Plans: the hourly commitment that makes an option's compute cheapest.

AWS's billing rule (Database Savings Plans, 1 year, No Upfront; https://aws.amazon.com/savingsplans/database-pricing/):
each hour, eligible usage is charged at the plan's discounted rates against the
commitment; usage beyond what the commitment covers is billed on demand; a commitment
left unused in an hour is still paid.

For hour h with usage u (ACU-hours or instance-hours), discounted rate d and on-demand
rate r, a commitment of c USD an hour costs

    c + max(0, u*d - c) * r/d

which is convex in c. Summed over the hours it falls while more than d/r of the hours
use more than c, so the best c is that quantile of the hourly usage (in discounted
dollars); the best multiple of 0.001 USD is one of the two grid points beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from aurora_cost.money import HOURS_PER_MONTH, as_decimal

STEP = Decimal("0.001")  # commitments are bought in tenths of a cent an hour
Hour = tuple[Decimal, Decimal, int]  # units, simulated hours, how many such hours


@dataclass(frozen=True)
class EligibleHours:
    """Eligible usage over the simulated period, an hour at a time.

    `units[i]` is the usage in hour i (ACU-hours, or instance-hours); `hours[i]` how much
    of that hour was simulated (1, or less for a trace's last partial hour).
    """

    units: Sequence[float]
    hours: Sequence[float]
    on_demand: Decimal  # USD per unit
    discounted: Decimal  # USD per unit under the plan


@dataclass(frozen=True)
class Commitment:
    hourly: Decimal  # USD an hour, a multiple of STEP
    monthly_compute: Decimal  # the eligible compute a month with it, unrounded


def _hours(usage: EligibleHours) -> list[tuple[Decimal, Decimal, int]]:
    """(units, hours, how many such hours): a long trace repeats few distinct hours."""
    counted = Counter(zip(usage.units, usage.hours))
    return [(as_decimal(u), as_decimal(h), n) for (u, h), n in counted.items()]


def _scaled_cost(usage: EligibleHours, commitment: Decimal, hours: Sequence[Hour] = ()) -> Decimal:
    """The period's cost times the discounted rate: exact in Decimal (no division), so
    commitments compare without rounding noise."""
    d, r = usage.discounted, usage.on_demand
    total = Decimal(0)
    for units, length, count in hours or _hours(usage):
        paid = commitment * length
        used = units * d  # at the plan's rates
        total += (paid * d + max(Decimal(0), used - paid) * r) * count
    return total


def _continuous_best(usage: EligibleHours, hours: Sequence[Hour]) -> Decimal:
    """The commitment where the cost stops falling (a weighted quantile of hourly use)."""
    # Hour h's cost bends at c = usage in discounted USD per simulated hour.
    bends = sorted(
        ((units * usage.discounted / length, length * count) for units, length, count in hours
         if length > 0),
        reverse=True,
    )  # fmt: skip
    # Raising c saves r/d on each hour above it and costs 1 on every hour: worth it while
    # the hours above c weigh more than d/r of all hours.
    threshold = usage.discounted / usage.on_demand * sum((h for _, h in bends), Decimal(0))
    above = Decimal(0)
    for bend, weight in bends:
        above += weight
        if above > threshold:
            return bend
    return Decimal(0)


def best_commitment(usage: EligibleHours) -> Commitment:
    """The multiple of 0.001 USD an hour that minimises the compute bill."""
    hours = _hours(usage)
    total_hours = sum((length * count for _, length, count in hours), Decimal(0))
    if total_hours <= 0 or not usage.discounted < usage.on_demand:
        raise ValueError("a Savings Plan needs a simulated period and a discounted rate")
    best = _continuous_best(usage, hours)
    candidates = {
        best.quantize(STEP, rounding=ROUND_FLOOR),
        best.quantize(STEP, rounding=ROUND_CEILING),
    }
    # Ties go to the smaller commitment: the same bill for less money at risk.
    scaled, hourly = min((_scaled_cost(usage, c, hours), c) for c in candidates)
    scale = HOURS_PER_MONTH / total_hours
    return Commitment(
        hourly=hourly,
        monthly_compute=scaled / usage.discounted * scale,
    )
