"""Database Savings Plans: the commitment that minimises the bill, by hand and by brute force.

Billing rule: each hour, usage at the discounted rate d is charged against the hourly
commitment c; what it does not cover is billed on demand at r; an unused commitment is
still paid. Hour cost: c + max(0, u*d - c) * r/d.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aurora_cost.options.savings_plan import (
    EligibleHours,
    _scaled_cost,
    best_commitment,
)

D = Decimal


def period_cost(usage: EligibleHours, commitment: Decimal) -> Decimal:
    """The compute cost of the simulated period with `commitment` USD an hour."""
    return _scaled_cost(usage, commitment) / usage.discounted


def on_demand_monthly(usage: EligibleHours) -> Decimal:
    """The same compute a month without a plan: units x hours x r, x 730 / hours simulated."""
    used = sum((D(repr(u)) * D(repr(h)) for u, h in zip(usage.units, usage.hours)), D(0))
    return used * usage.on_demand * 730 / sum((D(repr(h)) for h in usage.hours), D(0))


def test_steady_usage_commits_to_all_of_it() -> None:
    # 1 ACU every hour of a week, on demand 0.10, plan 0.065: commit 1 x 0.065 = 0.065 an
    # hour and pay nothing on demand: 730 h x 0.065 = 47.45 a month instead of 73.00.
    usage = EligibleHours([1.0] * 168, [1.0] * 168, D("0.10"), D("0.065"))
    best = best_commitment(usage)
    assert best.hourly == D("0.065")
    assert best.monthly_compute == D("47.45")
    assert on_demand_monthly(usage) == D("73.00")


def test_a_short_busy_week_commits_to_the_floor_only() -> None:
    # 40 h at 2 ACU and 128 h at the 0.5 ACU floor; d = 0.065, r = 0.10 (r/d = 20/13).
    # In discounted USD an hour: 40 h at 0.13, 128 h at 0.0325. Raising c past 0.0325 pays
    # for all 168 h but saves only on 40 (40/168 < d/r = 0.65): the best c is 0.0325,
    # between the grid points 0.032 and 0.033.
    # c = 0.032: 168 x 0.032 = 5.376 + (40 x 0.098 + 128 x 0.0005) x 20/13 = 6.129231 -> 11.505231
    # c = 0.033: 168 x 0.033 = 5.544 + 40 x 0.097 x 20/13 = 5.969231 -> 11.513231
    # Monthly: 11.505231 x 730/168 = 49.99 (on demand: 14.40 a week = 62.57 a month).
    usage = EligibleHours([2.0] * 40 + [0.5] * 128, [1.0] * 168, D("0.10"), D("0.065"))
    best = best_commitment(usage)
    assert best.hourly == D("0.032")
    assert round(best.monthly_compute, 2) == D("49.99")
    assert round(on_demand_monthly(usage), 2) == D("62.57")


def test_idle_most_of_the_time_commits_nothing() -> None:
    # 40 of 168 hours busy, paused otherwise: a commitment is paid every hour but saves
    # only in 40; 40/168 < 0.65, so no commitment pays.
    usage = EligibleHours([2.0] * 40 + [0.0] * 128, [1.0] * 168, D("0.10"), D("0.065"))
    best = best_commitment(usage)
    assert best.hourly == 0
    assert best.monthly_compute == on_demand_monthly(usage)


def test_a_partial_last_hour_pays_part_of_the_commitment() -> None:
    # 1.5 h simulated at 1 ACU: the half hour pays half the commitment.
    usage = EligibleHours([1.0, 0.5], [1.0, 0.5], D("0.10"), D("0.08"))
    assert period_cost(usage, D("0.08")) == D("0.12")  # 0.08 + 0.04, all covered
    assert best_commitment(usage).hourly == D("0.08")


# 50 examples: each checks every commitment of a grid of up to ~2,000; the rounding and
# partial-hour cases are the explicit examples above and the @example below
@settings(max_examples=50, deadline=None)
@given(
    units=st.lists(st.integers(0, 16).map(lambda n: n / 2), min_size=1, max_size=24),
    on_demand=st.integers(5, 30).map(lambda n: D(n) / 100),
    discount=st.sampled_from([D("0.65"), D("0.80"), D("0.5")]),
)
@example(units=[0.0] * 5 + [0.5], on_demand=D("0.05"), discount=D("0.65"))  # rounding order
def test_no_commitment_on_the_grid_is_cheaper(
    units: list[float], on_demand: Decimal, discount: Decimal
) -> None:
    usage = EligibleHours(units, [1.0] * len(units), on_demand, on_demand * discount)
    best = best_commitment(usage)
    assert best.hourly % D("0.001") == 0 and best.hourly >= 0
    top = max(D(repr(u)) for u in units) * usage.discounted
    grid = [D(i) / 1000 for i in range(int(top * 1000) + 3)]
    # compared exactly: cost x d needs no division (see _scaled_cost)
    costs = {c: _scaled_cost(usage, c) for c in grid}
    cheapest = min(costs.values())
    assert _scaled_cost(usage, best.hourly) == cheapest
    # the smallest commitment among the cheapest
    assert best.hourly == min(c for c, cost in costs.items() if cost == cheapest)
    monthly = period_cost(usage, best.hourly) * D(730) / len(units)
    assert abs(best.monthly_compute - monthly) < D("1e-20")  # the same, but for rounding order
    # never dearer than no plan: compared exactly (no division), then the monthly figures
    # agree with the plain model but for the order in which the 28 digits are rounded
    assert _scaled_cost(usage, best.hourly) <= _scaled_cost(usage, D(0))
    assert best.monthly_compute <= on_demand_monthly(usage) + D("1e-20")


def test_a_plan_rate_that_is_no_discount_gives_no_plan(tmp_path: Path) -> None:
    # A price file whose Savings Plans rate is not below the on-demand rate (a broken or
    # odd file): no plan rather than a crash.
    import shutil

    from aurora_cost.cli import app
    from tests.conftest import RUNNER
    from tests.fixture_prices import FIXTURE_PRICES

    shutil.copy(FIXTURE_PRICES / "eu-west-1.yaml", tmp_path / "eu-west-1.yaml")
    path = tmp_path / "eu-west-1.yaml"
    text = path.read_text()
    start = text.index("savings_plans:")
    path.write_text(text[:start] + text[start:].replace("0.065", "0.2", 2))
    result = RUNNER.invoke(
        app, ["compare", "-r", "eu-west-1", "-f", "json", "--pricing", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    plans = [o["savings_plan"] for o in json.loads(result.stdout)["options"]]
    assert plans[1] is None  # serverless-v2 (Standard): 0.2 is no discount on 0.10
