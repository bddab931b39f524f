"""Hypothesis invariants of the simulators and the estimator."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from aurora_cost.demand.runs import Demand
from aurora_cost.engine import PriceBook, price, simulate
from aurora_cost.options.serverless_v1 import simulate_v1
from aurora_cost.options.serverless_v2 import simulate_v2
from aurora_cost.pricing.store import load_region
from aurora_cost.workload.model import Workload, parse_workload
from tests.fixture_prices import FIXTURE_PRICES
from tests.minute_model import v1_minutes, v2_minutes

levels = st.sampled_from([0.0, 0.0, 0.3, 0.5, 1.0, 1.2, 2.0, 3.7, 8.0, 12.5, 40.0])
runs = st.lists(st.tuples(levels, st.integers(1, 90)), min_size=1, max_size=30)
v1_mysql = st.sampled_from([1, 2, 4, 8, 16, 32])


@settings(max_examples=150, deadline=None)
@given(
    runs,
    st.booleans(),
    st.sampled_from([0.0, 0.5, 1.0, 2.5]),
    st.sampled_from([1.0, 4.0, 16.0]),
    st.sampled_from([300, 310, 600]),
)
def test_v2_matches_the_minute_by_minute_model(
    demand_runs: list[tuple[float, int]], cyclic: bool, lo: float, hi: float, pause: int
) -> None:
    demand = Demand.from_runs(demand_runs, cyclic=cyclic)
    pause_s = pause if lo == 0 else None
    fast = simulate_v2(demand, min_acu=lo, max_acu=max(hi, lo), pause_seconds=pause_s)
    slow = v2_minutes(demand, lo, max(hi, lo), pause_s)
    assert fast.acu_minutes == sum(slow)
    assert fast.paused_minutes == sum(1 for a in slow if a == 0)
    # v2 never bills below its running floor unless paused
    assert all(a == 0 or a >= max(lo, 0.5) for a in slow)


@settings(max_examples=150, deadline=None)
@given(runs, st.booleans(), v1_mysql, v1_mysql, st.booleans(), st.sampled_from([300, 310, 900]))
def test_v1_matches_the_minute_by_minute_model(
    demand_runs: list[tuple[float, int]], cyclic: bool, a: int, b: int, pause: bool, seconds: int
) -> None:
    lo, hi = min(a, b), max(a, b)
    demand = Demand.from_runs(demand_runs, cyclic=cyclic)
    fast = simulate_v1(
        demand, engine="mysql", min_acu=lo, max_acu=hi, auto_pause=pause, pause_seconds=seconds
    )
    slow = v1_minutes(demand, "mysql", lo, hi, pause, seconds)
    assert fast.acu_minutes == sum(slow)
    assert fast.paused_minutes == sum(1 for x in slow if x == 0)
    assert all(x == 0 or lo <= x <= hi for x in slow)


@settings(max_examples=100, deadline=None)
@given(runs, st.sampled_from([0.0, 0.5]), st.floats(1.0, 3.0))
def test_v2_compute_is_monotone_in_demand(
    demand_runs: list[tuple[float, int]], lo: float, factor: float
) -> None:
    demand = Demand.from_runs(demand_runs, cyclic=True)
    more = demand.scaled(factor)
    base = simulate_v2(demand, min_acu=lo, max_acu=16, pause_seconds=300 if lo == 0 else None)
    bigger = simulate_v2(more, min_acu=lo, max_acu=16, pause_seconds=300 if lo == 0 else None)
    assert bigger.acu_minutes >= base.acu_minutes


def test_a_paused_cluster_bills_no_compute() -> None:
    idle = Demand.constant(0)
    assert simulate_v2(idle, min_acu=0, max_acu=8, pause_seconds=300).acu_minutes == 0
    assert (
        simulate_v1(
            idle, engine="mysql", min_acu=1, max_acu=8, auto_pause=True, pause_seconds=300
        ).acu_minutes
        == 0
    )


amounts = st.floats(0, 5e9, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0, 50, allow_nan=False),
    st.floats(0, 131_072_000, allow_nan=False),  # /1000: up to the 128 TiB a cluster stores
    amounts,
    amounts,
    amounts,
    st.sampled_from(["eu-west-1", "us-east-1", "sa-east-1", "ap-east-2"]),
)
def test_every_total_is_the_sum_of_its_rounded_line_items(
    acu: float, storage: float, io: float, backup: float, data_api: float, region: str
) -> None:
    workload = parse_workload(
        {
            "version": 1,
            "usage": {"constant": acu},
            "storage_gb": storage / 1000,
            "io_requests_per_month": io,
            "backup_storage_gb": backup / 1000,
            "data_api_requests_per_month": data_api,
        },
        "test",
    )
    report = price(simulate(workload), PriceBook(FIXTURE_PRICES), region)
    for option in report.options:
        if not option.available:
            continue
        assert option.monthly_cost is not None and option.monthly_cost >= 0
        assert option.monthly_cost == sum(i.monthly_cost for i in option.line_items)
        for item in option.line_items:
            assert item.monthly_cost >= 0
            assert item.monthly_cost == item.monthly_cost.quantize(Decimal("0.01"))


def _compute_cost(workload: Workload, rate_factor: int) -> Decimal:
    prices = load_region("eu-west-1", FIXTURE_PRICES)
    rates = prices.rates.model_copy(
        update={"serverless_v2_acu_hour": prices.rates.serverless_v2_acu_hour * rate_factor}  # type: ignore[operator]
    )
    report = price(simulate(workload), PriceBook.of(prices.model_copy(update={"rates": rates})))
    item = report.option("serverless-v2").line_items[0]
    return item.quantity * item.unit_price


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 64, allow_nan=False), st.integers(1, 5))
def test_compute_is_linear_in_the_acu_price(acu: float, k: int) -> None:
    workload = parse_workload({"version": 1, "usage": {"constant": acu}}, "test")
    assert _compute_cost(workload, k) == k * _compute_cost(workload, 1)
