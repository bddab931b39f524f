"""Advice proposes only what AWS creates on the engine version, and min 0 only where it pauses.

Fixture eu-west-1 (tests/data/prices): Serverless v2 $0.10 per ACU-hour; classes db.t4g.medium,
db.r6g.large..2xlarge, db.r7g.large..2xlarge.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aurora_cost.advise import advise
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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    default=st.sampled_from([0, 0, 0.5]),
    busy=st.integers(1, 8).map(lambda n: n / 2),
    hours=st.integers(1, 23),
    blockers=st.lists(
        st.sampled_from(["binlog-replication", "zero-etl", "babelfish"]), unique=True
    ),
    version=st.sampled_from([None, "2", "3.07.1", "3.08.0", "8.4"]),
    proxy=st.booleans(),
)
def test_advice_never_proposes_what_compare_refuses(
    tmp_path_factory: pytest.TempPathFactory,
    default: float,
    busy: float,
    hours: int,
    blockers: list[str],
    version: str | None,
    proxy: bool,
) -> None:
    usage = {"schedule": {"default_acu": default, "windows": [
        {"days": ["mon", "wed"], "start": "08:00", "end": f"{8 + hours:02d}:00" if hours < 16 else "23:59",
         "acu": busy}]}}  # fmt: skip
    option: dict[str, Any] = {**V2, "pause_blockers": blockers, "rds_proxy": proxy}
    if version:
        option.update(engine="mysql", engine_version=version)
    document = {"version": 1, "usage": usage, "options": [option]}
    advice = advise(parse_workload(document, "generated"), "eu-west-1", pricing=FIXTURE_PRICES)
    if not advice.recommendations:
        return
    path = tmp_path_factory.mktemp("advised") / "w.yaml"
    path.write_text(
        yaml.safe_dump({**document, "options": [r.option for r in advice.recommendations]})
    )
    result = invoke("compare", "-w", str(path), "-r", "eu-west-1", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    for recommended, priced in zip(advice.recommendations, report["options"]):
        assert priced["available"] and priced["fit"]["status"] == "fits", priced
        assert priced["monthly_cost"] == str(recommended.monthly_cost)  # to the cent
        assert not is_previous_generation(priced.get("settings", "").split(" ")[0])
        if recommended.option.get("min_acu") == 0:
            assert not any(d["code"] in ("pause-blocked", "proxy-prevents-pause")
                           for d in priced["diagnostics"])  # fmt: skip
