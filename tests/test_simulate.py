"""The simulators against hand-computed weeks (README "How each option is billed and simulated")."""

from __future__ import annotations

import pytest

from aurora_cost.demand.runs import MINUTES_PER_WEEK, Demand
from aurora_cost.options.serverless_v1 import simulate_v1
from aurora_cost.options.serverless_v2 import simulate_v2


def office_week(acu: float = 2) -> Demand:
    """Weekdays 09:00-17:00 at `acu`, idle otherwise."""
    runs: list[tuple[float, int]] = []
    for day in range(7):
        runs += [(0, 540), (acu, 480), (0, 420)] if day < 5 else [(0, 1440)]
    return Demand.from_runs(runs, cyclic=True)


def v1(demand: Demand, **kw: object):  # type: ignore[no-untyped-def]
    args = dict(engine="mysql", min_acu=1, max_acu=8, auto_pause=True, pause_seconds=300)
    args.update(kw)
    return simulate_v1(demand, **args)  # type: ignore[arg-type]


def test_v1_postgresql_at_demand_1_bills_2_acu() -> None:
    # PostgreSQL's smallest v1 step is 2 ACU: 2 ACU x 168 h = 336 ACU-hours a week.
    result = v1(Demand.constant(1), engine="postgresql", min_acu=2, max_acu=8)
    assert result.acu_hours == 336
    assert result.paused_minutes == 0


def test_v1_rounds_demand_up_to_the_next_step() -> None:
    # demand 3 -> step 4 (mysql 1, 2, 4, ...): 4 x 168 = 672 ACU-hours.
    assert v1(Demand.constant(3)).acu_hours == 672
    # demand 100 with max 64 -> capped at 64, every minute throttled.
    capped = v1(Demand.constant(100), max_acu=64)
    assert capped.acu_hours == 64 * 168
    assert capped.throttled_minutes == MINUTES_PER_WEEK


def test_v1_office_week_pauses_after_five_idle_minutes() -> None:
    # Each weekday: 480 min at 2 ACU; at 17:00 the last scale-up (09:00) is long past,
    # so it halves to 1 ACU at once and runs 5 idle minutes before pausing.
    # ACU-minutes = 5 x (480 x 2 + 5 x 1) = 4825 -> 80.4167 h. Paused: 10080 - 2400 - 25.
    result = v1(office_week())
    assert result.acu_minutes == 4825
    assert result.paused_minutes == 10080 - 2400 - 25
    assert result.resumes == 5
    assert result.peak_acu == 2


def test_v1_scale_down_waits_15_minutes_then_one_step_per_310_seconds() -> None:
    # 10 min at 8 ACU, then demand 1 for 60 min (no pause: demand > 0).
    # Scale-up at t=0; no scale-down before t=15 -> 8 ACU for minutes 0..14.
    # t=15: 4, t=21: 2 (310 s -> next whole minute 6 later), t=27: 1, then 1 to t=70.
    # ACU-minutes = 15x8 + 6x4 + 6x2 + 43x1 = 120 + 24 + 12 + 43 = 199.
    demand = Demand.from_runs([(8, 10), (1, 60)], cyclic=False)
    result = v1(demand)
    assert result.acu_minutes == 199


def test_v1_without_auto_pause_stays_at_min() -> None:
    result = v1(office_week(), auto_pause=False)
    # Busy: 2400 min x 2; idle: 7680 min x 1 (scales down at once: the cooldown ran out).
    assert result.acu_minutes == 2400 * 2 + 7680 * 1
    assert result.paused_minutes == 0


def test_v1_pause_delay_is_respected() -> None:
    # 600 s delay = 10 idle minutes billed at 1 ACU each weekday evening.
    result = v1(office_week(), pause_seconds=600)
    assert result.acu_minutes == 5 * (480 * 2 + 10 * 1)


def test_v2_floor_is_half_an_acu_when_min_is_half() -> None:
    # 40 h x 2 ACU + 128 h x 0.5 ACU = 80 + 64 = 144 ACU-hours.
    result = simulate_v2(office_week(), min_acu=0.5, max_acu=8, pause_seconds=None)
    assert result.acu_hours == 144
    assert result.paused_minutes == 0


def test_v2_min_zero_pays_half_acu_for_five_minutes_before_pausing() -> None:
    # 5 evenings x 5 min x 0.5 ACU = 12.5 ACU-minutes on top of 40 h x 2 ACU.
    result = simulate_v2(office_week(), min_acu=0, max_acu=8, pause_seconds=300)
    assert result.acu_minutes == 2400 * 2 + 12.5
    assert result.paused_minutes == 10080 - 2400 - 25
    assert result.resumes == 5


def test_v2_rounds_up_to_half_steps_and_caps_at_max() -> None:
    # 1.2 -> 1.5 ACU; 9.3 -> capped at 8 with the minutes counted as throttled.
    demand = Demand.from_runs([(1.2, 60), (9.3, 30)], cyclic=False)
    result = simulate_v2(demand, min_acu=0.5, max_acu=8, pause_seconds=None)
    assert result.acu_minutes == 60 * 1.5 + 30 * 8
    assert result.throttled_minutes == 30
    assert result.peak_acu == 8


def test_v2_min_above_demand_is_the_floor() -> None:
    result = simulate_v2(Demand.constant(1), min_acu=4, max_acu=8, pause_seconds=None)
    assert result.acu_hours == 4 * 168


def test_cyclic_week_starts_in_the_state_it_ends_in() -> None:
    # Busy only Sunday 23:00-24:00: the second pass begins with the cluster awake at
    # Monday 00:00, so 5 idle minutes are billed at the start of the week, then it pauses.
    runs = [(0, MINUTES_PER_WEEK - 60), (2, 60)]
    result = simulate_v2(
        Demand.from_runs(runs, cyclic=True), min_acu=0, max_acu=8, pause_seconds=300
    )
    assert result.acu_minutes == 60 * 2 + 5 * 0.5


@pytest.mark.parametrize("minutes", [1, 59, 61, 10_079])
def test_profile_buckets_sum_to_the_billed_capacity(minutes: int) -> None:
    demand = Demand.from_runs([(2, minutes), (0.5, MINUTES_PER_WEEK - minutes)], cyclic=True)
    result = simulate_v2(demand, min_acu=0.5, max_acu=8, pause_seconds=None)
    assert sum(result.profile) == pytest.approx(result.acu_minutes)
    assert len(result.profile) == 168
