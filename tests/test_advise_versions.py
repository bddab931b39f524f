"""Advice proposes only what AWS creates on the engine version, and min 0 only where it pauses.

Fixture eu-west-1 (tests/data/prices): Serverless v2 $0.10 per ACU-hour; classes db.t4g.medium,
db.r6g.large..2xlarge, db.r7g.large..2xlarge.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from aurora_cost.advise import Constraints, advise
from aurora_cost.demand.build import build_demand
from aurora_cost.demand.runs import Demand
from aurora_cost.engine import qualify
from aurora_cost.report import OptionReport
from aurora_cost.versions.rules import is_previous_generation
from aurora_cost.workload import parse_workload
from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES

WEEK = {"schedule": {"default_acu": 0, "windows": [
    {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00", "acu": 2}]}}  # fmt: skip


def _advice(usage: dict[str, Any], option: dict[str, Any]) -> dict[str, Any]:
    workload = parse_workload({"version": 1, "usage": usage, "options": [option]}, "test")
    advice = advise(workload, "eu-west-1", pricing=FIXTURE_PRICES)
    return {r.option["kind"]: r for r in advice.recommendations}


V2 = {"name": "now", "kind": "serverless-v2", "min_acu": 0.5, "max_acu": 8}


def test_a_load_never_idle_gets_no_min_0() -> None:
    v2 = _advice({"constant": 1}, V2)["serverless-v2"]
    assert v2.option["min_acu"] == 0.5
    assert "never idle longer than the 300 s pause delay" in v2.why


def test_a_pause_blocker_gets_no_min_0() -> None:
    v2 = _advice(WEEK, {**V2, "pause_blockers": ["binlog-replication"]})["serverless-v2"]
    assert v2.option["min_acu"] == 0.5
    assert v2.option["pause_blockers"] == ["binlog-replication"]
    assert "binlog replication" in v2.why


def test_a_reader_busy_whenever_the_writer_idles_gets_no_min_0() -> None:
    # The writer (2 ACU in office hours) would pause at night, but its independent reader
    # serves a constant 1 ACU: AWS pauses the writer only while every reader is paused, so
    # with min 0 it would never pause; advice keeps the 0.5 floor and says why.
    option = {**V2, "readers": 1, "reader_scaling": "independent", "reader_acu": {"constant": 1}}
    v2 = _advice(WEEK, option)["serverless-v2"]
    assert v2.option["min_acu"] == 0.5 and "seconds_until_auto_pause" not in v2.option
    assert "the writer would never pause: an independent reader runs whenever it is idle" in v2.why
    # a reader idle when the writer is (the same office hours) lets both pause: min 0
    together = {**option, "reader_acu": WEEK}
    assert _advice(WEEK, together)["serverless-v2"].option["min_acu"] == 0


def test_a_version_without_auto_pause_gets_no_min_0() -> None:
    option = {**V2, "engine": "mysql", "engine_version": "3.07.1"}
    v2 = _advice(WEEK, option)["serverless-v2"]
    assert v2.option["min_acu"] == 0.5 and v2.option["engine_version"] == "3.07.1"
    assert "3.08.0" in v2.why
    paused = _advice(WEEK, {**option, "engine_version": "3.08.0"})["serverless-v2"]
    assert paused.option["min_acu"] == 0


def test_aurora_mysql_2_gets_no_serverless_and_no_class_it_cannot_run() -> None:
    option = {"name": "now", "kind": "provisioned", "engine": "mysql", "engine_version": "2",
              "instance_class": "db.r6g.large"}  # fmt: skip
    workload = parse_workload({"version": 1, "usage": {"constant": 3}, "options": [option]}, "t")
    advice = advise(workload, "eu-west-1", pricing=FIXTURE_PRICES)
    kinds = {r.option["kind"]: r for r in advice.recommendations}
    assert "serverless-v2" not in kinds
    assert any("does not support Aurora Serverless v2" in w for w in advice.warnings)
    # db.r7g is not offered on Aurora MySQL 2 (3.03.1 and later): db.r6g.xlarge (4 ACU... 32 GiB)
    assert not kinds["provisioned"].option["instance_class"].startswith("db.r7g")
    assert kinds["provisioned"].option["engine_version"] == "2"


@pytest.mark.bundled_prices
def test_previous_generation_classes_are_never_advised(tmp_path: Path) -> None:
    # a small steady load: db.t2.small (2 GiB) would be the cheapest class that holds 0.5 ACU
    document = {"version": 1, "region": "eu-west-1", "usage": {"constant": 0.5},
                "options": [{"name": "now", "kind": "provisioned", "instance_class": "db.t4g.medium",
                             "engine_version": "2"}]}  # fmt: skip
    advice = advise(parse_workload(document, "t"), "eu-west-1")
    chosen = {r.option["kind"]: r for r in advice.recommendations}["provisioned"]
    assert not is_previous_generation(chosen.option["instance_class"])


def _longest_idle_minutes(demand: Demand) -> int:
    """The longest stretch of zero demand, in minutes (a weekly pattern wraps around)."""
    runs = list(zip(demand.levels, demand.minutes))
    if demand.cyclic:
        runs = runs + runs
    longest = stretch = 0
    for level, minutes in runs:
        stretch = stretch + minutes if level == 0 else 0
        longest = max(longest, stretch)
    return min(longest, demand.total_minutes)


RESERVED = """
reserved:
  db.r6g.large:
    mysql:
      standard: [{term: 3yr, payment: partial-upfront, upfront: 1200, hourly: 0.05}]
  db.r7g.large:
    postgresql:
      standard: [{term: 1yr, payment: no-upfront, upfront: 0, hourly: 0.19}]
"""


@pytest.fixture(scope="module")
def reserved_prices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture prices with Reserved rates for two classes, so a recommendation's Reserved
    figure is repriced too."""
    prices = tmp_path_factory.mktemp("prices")
    shutil.copytree(FIXTURE_PRICES, prices, dirs_exist_ok=True)
    region = prices / "eu-west-1.yaml"
    region.write_text(region.read_text(encoding="utf-8") + RESERVED, encoding="utf-8")
    return prices


KEPT_AWAKE = "writer kept awake by readers"
BLOCKERS = {"mysql": "binlog-replication", "postgresql": "logical-replication"}
VERSIONS = {"mysql": [None, "2", "3.07.1", "3.08.0", "8.4"], "postgresql": [None, "13", "16"]}


@st.composite
def templates(draw: st.DrawFn) -> dict[str, Any]:
    """The workload's own option: what advice keeps (engine, version, readers, proxy,
    pause blockers) and what can stop a pause or a class."""
    engine = draw(st.sampled_from(["mysql", "postgresql"]))
    option: dict[str, Any] = {"name": "now", "engine": engine, "rds_proxy": draw(st.booleans())}
    version = draw(st.sampled_from(VERSIONS[engine]))
    if version is not None:
        option["engine_version"] = version
    if draw(st.booleans()):
        return {**option, "kind": "provisioned", "instance_class": "db.r6g.large",
                "instances": draw(st.integers(1, 3))}  # fmt: skip
    blockers = draw(st.lists(st.sampled_from(
        [BLOCKERS[engine], "global-database", "zero-etl", "babelfish"]), unique=True, max_size=2))  # fmt: skip
    option.update(kind="serverless-v2", min_acu=0.5, max_acu=8, pause_blockers=blockers)
    readers = draw(st.integers(0, 2))
    if readers:
        option["readers"] = readers
        if draw(st.booleans()):  # a busy independent reader keeps the writer awake
            option.update(reader_scaling="independent", reader_acu={"constant": 1})
    return option


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    default=st.sampled_from([0, 0, 0.5]),
    busy=st.integers(1, 16).map(lambda n: n / 2),
    hours=st.integers(1, 23),
    template=templates(),
    allowed=st.sampled_from([0, 0, 5]),
)
def test_advice_never_proposes_what_compare_refuses(
    tmp_path_factory: pytest.TempPathFactory,
    reserved_prices: Path,
    default: float,
    busy: float,
    hours: int,
    template: dict[str, Any],
    allowed: int,
) -> None:
    """Whatever the load and the workload's own option: each recommendation, pasted into a
    workload file, is one `compare` prices to the cent (its bill, its Savings Plan, its
    Reserved Instances) and `engine.qualify` accepts (available on its engine version, not
    legacy, fits within the allowed throttled hours, a complete bill); it is no
    previous-generation class; and a min 0 is proposed only where compare sees no pause
    blocker and the demand is idle longer than the pause delay."""
    usage = {"schedule": {"default_acu": default, "windows": [
        {"days": ["mon", "wed"], "start": "08:00", "end": f"{8 + hours:02d}:00" if hours < 16 else "23:59",
         "acu": busy}]}}  # fmt: skip
    document = {"version": 1, "usage": usage, "storage_gb": 10, "options": [template]}
    workload = parse_workload(document, "generated")
    recommendations = []
    for kind in ("serverless-v2", "provisioned"):  # one kind at a time: no break-even curves
        constraints = Constraints(kinds=(kind,), max_throttled_hours=allowed)
        advice = advise(workload, "eu-west-1", pricing=reserved_prices, constraints=constraints)
        recommendations += advice.recommendations
    if not recommendations:
        return
    path = tmp_path_factory.mktemp("advised") / "w.yaml"
    path.write_text(yaml.safe_dump({**document, "options": [r.option for r in recommendations]}))
    result = invoke("compare", "-w", str(path), "-r", "eu-west-1", "-f", "json",
                    env={"AURORA_COST_PRICING": str(reserved_prices)})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    demand = build_demand(workload.usage).demand
    for recommended, priced in zip(recommendations, report["options"], strict=True):
        option = OptionReport.model_validate(priced)
        assert qualify(option, throttled_hours_allowed=Decimal(allowed)) == ("qualifies", ""), (
            priced
        )
        assert option.monthly_cost == recommended.monthly_cost  # to the cent
        assert option.fit == recommended.fit
        assert option.savings_plan == recommended.savings_plan
        assert option.reserved_instance == recommended.reserved_instance
        ways = recommended.ways_to_pay
        assert ways.on_demand == option.monthly_cost
        assert ways.savings_plan == (
            option.savings_plan.monthly_cost if option.savings_plan else None
        )
        assert ways.reserved == (
            option.reserved_instance.monthly_cost if option.reserved_instance else None
        )
        assert not is_previous_generation(recommended.option.get("instance_class", ""))
        event(f"{option.kind}: cheapest way to pay {ways.cheapest}")
        if recommended.option.get("min_acu") == 0:
            # nothing blocks the pause (a reader may keep the writer up part of the time,
            # "writer kept awake by readers", but the writer does pause)
            blocked = [d for d in option.diagnostics if d.code == "proxy-prevents-pause"
                       or (d.code == "pause-blocked" and d.short != KEPT_AWAKE)]  # fmt: skip
            assert not blocked, priced
            assert option.usage is not None and option.usage.paused_hours > 0, priced
            event("min 0 proposed")
            delay = recommended.option["seconds_until_auto_pause"]
            assert _longest_idle_minutes(demand) * 60 > delay
