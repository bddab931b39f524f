"""Fit of a provisioned class by memory (2 GiB per ACU), CPU (4 ACU per vCPU) and, for the
burstable T classes, the CPU baseline it sustains."""

from __future__ import annotations

from decimal import Decimal

from aurora_cost.demand.runs import Demand
from aurora_cost.options import ProvisionedOption
from aurora_cost.options.fit import limits


def fit_of(instance_class: str, demand: Demand) -> tuple[str, Decimal | None, str]:
    option = ProvisionedOption(kind="provisioned", instance_class=instance_class)
    found = option.fit(option.simulate(demand))
    return found.status, found.capacity_acu, found.detail


def test_db_x2g_8xlarge_is_undersized_at_200_acu() -> None:
    # 512 GiB = 256 ACU of memory, but 32 vCPUs x 4 = 128 ACU of CPU: 200 ACU does not fit
    status, capacity, detail = fit_of("db.x2g.8xlarge", Demand.constant(200))
    assert (status, capacity) == ("undersized", Decimal(128))
    assert "vCPUs" in detail


def test_db_t4g_large_is_undersized_at_a_sustained_3_5_acu() -> None:
    # memory 8 GiB = 4 ACU holds the 3.5 ACU peak; the baseline, 2 vCPUs x 30% x 4 = 2.4 ACU,
    # does not sustain 3.5 ACU all week
    status, capacity, detail = fit_of("db.t4g.large", Demand.constant(3.5))
    assert (status, capacity) == ("undersized", Decimal("2.4"))
    assert detail.startswith("burstable")


def test_a_burst_above_the_baseline_fits_when_the_average_is_below_it() -> None:
    # 3.5 ACU for 8 hours a day: average 3.5 x 8 / 24 = 1.17 ACU, under the 2.4 ACU baseline
    day = [(0.0, 16 * 60), (3.5, 8 * 60)] * 7
    status, _, _ = fit_of("db.t4g.large", Demand.from_runs(day, cyclic=True))
    assert status == "fits"


def test_a_memory_optimized_class_is_limited_by_memory_and_cpu_alike() -> None:
    # db.r6g.large: 16 GiB = 8 ACU; 2 vCPUs x 4 = 8 ACU
    assert (limits("db.r6g.large").memory, limits("db.r6g.large").cpu) == (8.0, 8.0)
    assert limits("db.r6g.large").baseline is None
    assert fit_of("db.r6g.large", Demand.constant(8))[0] == "fits"
    assert fit_of("db.r6g.large", Demand.constant(8.5))[0] == "undersized"
