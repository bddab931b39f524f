"""`aurora-cost advise`: the cheapest configuration of each kind that fits, checked by hand,
by pasting it back into compare, and against a brute-force grid.

Prices: the fixture files of tests/data/prices/ (tests/fixture_prices.py): eu-west-1 v2
0.10 per ACU-hour (I/O-Optimized 0.13), storage 0.10 (0.25) per GB-month, I/O 0.20 per
million, db.t4g.medium 0.10 an hour, db.r6g.large 0.20, db.r7g.large 0.25.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aurora_cost.advise import Constraints, advise
from aurora_cost.demand.build import build_demand
from aurora_cost.engine import price_one
from aurora_cost.options import ProvisionedOption, ServerlessV2Option
from aurora_cost.pricing.store import load_region
from aurora_cost.workload import parse_workload
from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES

ROOT = Path(__file__).resolve().parent.parent
SMALL_APP = ROOT / "examples" / "small-app.yaml"


def by_kind(advice: Any) -> dict[str, Any]:
    return {r.option["kind"]: r for r in advice.recommendations}


def test_the_default_workload_gets_what_compare_finds_or_better() -> None:
    # compare's cheapest today: serverless-v2-auto-pause, 37.25; db.t4g.medium: 75.40. What
    # the workload runs now: its first option that can be created today, serverless-v2
    # (0.5-8 ACU), 64.97.
    advice = advise(SMALL_APP, "eu-west-1", pricing=FIXTURE_PRICES)
    assert advice.current.option == "serverless-v2"
    assert advice.current.monthly_cost == Decimal("64.97")
    best = by_kind(advice)
    v2, provisioned = best["serverless-v2"], best["provisioned"]
    assert v2.monthly_cost <= Decimal("37.25")
    assert provisioned.monthly_cost <= Decimal("75.40")
    # min 0 with a 300 s pause, max 2 (the 2 ACU peak): 40 h x 2 ACU + 5 idle minutes at
    # 0.5 ACU before each of the 5 weekday pauses = 80.2083 ACU-h a week x 730/168 =
    # 348.52 ACU-h x 0.10 = 34.85, + storage 2.00 + I/O 0.40 = 37.25
    assert v2.option == {
        "name": "advised-serverless-v2",
        "kind": "serverless-v2",
        "min_acu": 0,
        "max_acu": 2,
        "seconds_until_auto_pause": 300,
        "storage": "standard",
        "engine": "mysql",
    }
    assert v2.monthly_cost == Decimal("37.25")
    assert v2.why.startswith("min 0: idle 128 of 168 hours a week; pause after 300 s; max 2")
    # db.t4g.medium (4 GiB = 2 ACU) holds the 2 ACU peak: 730 h x 0.10 + 2.40 = 75.40
    assert provisioned.option["instance_class"] == "db.t4g.medium"
    assert provisioned.monthly_cost == Decimal("75.40")
    assert [r.rank for r in advice.recommendations] == [1, 2]
    assert v2.savings_vs_current == Decimal("27.72")  # 64.97 - 37.25
    assert provisioned.savings_vs_current == Decimal("-10.43")  # 64.97 - 75.40: dearer
    chosen = advise(SMALL_APP, "eu-west-1", pricing=FIXTURE_PRICES,
                    current="serverless-v2-auto-pause")  # fmt: skip
    assert chosen.current.monthly_cost == Decimal("37.25")
    assert by_kind(chosen)["serverless-v2"].savings_vs_current == 0


def test_the_break_even_by_active_hours_by_hand() -> None:
    # Provisioned: 75.40. Serverless v2 at H hours a day, every day, at 2 ACU, pausing after
    # 5 idle minutes: (14 H + 7 x 5/60 x 0.5) ACU-h a week x 730/168 x 0.10 + 2.40.
    # Equal at 14 H + 0.2917 = 168, H = 11.979 h: serverless stops being cheaper at 719 min.
    advice = advise(SMALL_APP, "eu-west-1", pricing=FIXTURE_PRICES)
    hours = next(b for b in advice.breakeven if b.variable == "active_hours_per_day")
    assert hours.between == ["serverless-v2", "provisioned"]
    assert hours.at == Decimal("11.98")
    assert [p.x for p in hours.curve][:3] == [Decimal(0), Decimal("0.5"), Decimal(1)]
    assert hours.curve[-1].x == 24
    # db.t4g.medium (75.40) sustains its CPU baseline, 2 vCPUs x 20% x 4 ACU per vCPU = 1.6 ACU:
    # up to 19 h a day (2 ACU x 19 / 24 = 1.58 ACU on average); from 19.5 h (1.625 ACU) it is
    # undersized (burstable) and db.r6g.large carries it: 0.20 x 730 + 2.40 = 148.40
    assert {p.costs["provisioned"] for p in hours.curve if p.x <= 19} == {Decimal("75.40")}
    assert {p.costs["provisioned"] for p in hours.curve if p.x > 19} == {Decimal("148.40")}
    costs = [p.costs["serverless-v2"] for p in hours.curve]
    assert costs == sorted(costs)  # more hours never cost less
    steady = next(b for b in advice.breakeven if b.variable == "steady_acu")
    # A steady 1 ACU: v2 1 x 730 x 0.10 + 2.40 = 75.40, not cheaper than db.t4g.medium's 75.40
    assert steady.at == Decimal(1)


def test_every_recommendation_pasted_into_a_workload_costs_the_same(tmp_path: Path) -> None:
    document = yaml.safe_load(SMALL_APP.read_text())
    advice = advise(SMALL_APP, "eu-west-1", pricing=FIXTURE_PRICES)
    document["options"] = [r.option for r in advice.recommendations]
    path = tmp_path / "advised.yaml"
    path.write_text(yaml.safe_dump(document))
    result = invoke("compare", "-w", str(path), "-r", "eu-west-1", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    costs = {o["name"]: o["monthly_cost"] for o in report["options"]}
    assert costs == {r.option["name"]: str(r.monthly_cost) for r in advice.recommendations}


def test_no_pause_and_a_minimum(tmp_path: Path) -> None:
    no_pause = by_kind(advise(SMALL_APP, "eu-west-1", pricing=FIXTURE_PRICES,
                              constraints=Constraints(no_pause=True)))  # fmt: skip
    assert no_pause["serverless-v2"].option["min_acu"] == 0.5
    assert "seconds_until_auto_pause" not in no_pause["serverless-v2"].option
    # 40 h x 2 + 128 h x 0.5 = 144 ACU-h a week x 730/168 x 0.10 = 62.57 + 2.40 = 64.97
    assert no_pause["serverless-v2"].monthly_cost == Decimal("64.97")
    at_least = by_kind(advise(SMALL_APP, "eu-west-1", pricing=FIXTURE_PRICES,
                              constraints=Constraints(min_acu_at_least=1.2)))  # fmt: skip
    assert at_least["serverless-v2"].option["min_acu"] == 1.5  # rounded up to 0.5 ACU


def test_throttled_hours_allowed_lower_the_maximum(tmp_path: Path) -> None:
    # 1 ACU all week but 8 ACU for one hour a week (730/168 = 4.35 hours a month).
    path = tmp_path / "spiky.yaml"
    path.write_text(
        "version: 1\nusage:\n  schedule:\n    default_acu: 1\n    windows:\n"
        '      - {days: [mon], start: "12:00", end: "13:00", acu: 8}\n'
    )
    strict = by_kind(advise(path, "eu-west-1", pricing=FIXTURE_PRICES))
    assert strict["serverless-v2"].option["max_acu"] == 8
    loose = by_kind(advise(path, "eu-west-1", pricing=FIXTURE_PRICES,
                           constraints=Constraints(max_throttled_hours=5)))  # fmt: skip
    assert loose["serverless-v2"].option["max_acu"] == 1
    assert loose["serverless-v2"].fit.throttled_hours == Decimal("4.3452")
    assert loose["serverless-v2"].fit.status == "throttled"
    assert "5 throttled hours a month allowed" in loose["serverless-v2"].why


def test_kinds_and_bad_constraints() -> None:
    only = advise(SMALL_APP, "eu-west-1", pricing=FIXTURE_PRICES,
                  constraints=Constraints(kinds=("provisioned",)))  # fmt: skip
    assert [r.option["kind"] for r in only.recommendations] == ["provisioned"]
    assert only.breakeven == []
    result = invoke("advise", "-r", "eu-west-1", "--kinds", "serverless-v1")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --kinds: serverless-v1 is not a kind advise searches")
    result = invoke("advise", "-r", "eu-west-1", "--max-throttled-hours", "-1")
    assert result.exit_code == 2 and result.stdout == ""
    result = invoke("advise", "-r", "eu-west-1", "--current", "serverless-v3")
    assert result.exit_code == 2
    assert "--current: no option named 'serverless-v3'; did you mean" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv", "table"])
def test_every_format(fmt: str) -> None:
    result = invoke("advise", "-r", "eu-west-1", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        document = json.loads(out)
        assert document["kind"] == "advice" and document["schema_version"] == 1
        assert [r["rank"] for r in document["recommendations"]] == [1, 2]
        assert {b["variable"] for b in document["breakeven"]} == {
            "active_hours_per_day",
            "steady_acu",
        }
    elif fmt == "markdown":
        assert out.count("```mermaid\nxychart-beta") == 2
        assert "| 1 | serverless-v2 |" in out
    elif fmt == "csv":
        assert out.startswith("section,rank_or_x,")
        assert "recommendation,1,serverless-v2," in out
    else:
        assert "1. serverless-v2 $37.25 a month" in out


def test_the_advice_schema_validates_the_json() -> None:
    import jsonschema

    schema = json.loads(invoke("schema", "advice").stdout)
    document = json.loads(invoke("advise", "-r", "eu-west-1", "-f", "json").stdout)
    jsonschema.validate(document, schema)


# ---- no cheaper configuration in a brute-force grid ---------------------------------

PRICES = load_region("eu-west-1", FIXTURE_PRICES)


def advised_per_kind(workload: Any) -> dict[str, Any]:
    """Each kind's recommendation, advised one kind at a time: the search of a kind does not
    depend on the other (test below), and without both kinds no break-even curve is drawn,
    which is most of `advise`'s time."""
    best: dict[str, Any] = {}
    for kind in ("serverless-v2", "provisioned"):
        constraints = Constraints(kinds=(kind,))
        best |= by_kind(
            advise(workload, "eu-west-1", pricing=FIXTURE_PRICES, constraints=constraints)
        )
    return best


@pytest.mark.parametrize(
    "usage",
    [{"constant": 1.5}, {"schedule": {"default_acu": 0.5, "windows": [
        {"days": ["mon", "tue"], "start": "09:00", "end": "17:00", "acu": 3}]}}],
)  # fmt: skip
def test_a_kind_is_advised_alike_alone_or_with_the_other(usage: dict[str, Any]) -> None:
    document = {"version": 1, "usage": usage, "storage_gb": 20, "io_requests_per_month": 2e6}
    workload = parse_workload(document, "generated")
    together = by_kind(advise(workload, "eu-west-1", pricing=FIXTURE_PRICES))
    alone = advised_per_kind(workload)
    assert {k: (r.option, r.monthly_cost) for k, r in together.items()} == {
        k: (r.option, r.monthly_cost) for k, r in alone.items()
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    default=st.sampled_from([0, 0, 0.5, 1]),
    busy=st.integers(1, 8).map(lambda n: n / 2),
    start=st.integers(0, 22),
    hours=st.integers(1, 12),
    days=st.lists(st.sampled_from(["mon", "tue", "wed", "sat"]), min_size=1, unique=True),
    io=st.sampled_from([0, 2_000_000, 500_000_000]),
)
def test_no_configuration_in_a_grid_fits_and_costs_less(
    default: float, busy: float, start: int, hours: int, days: list[str], io: int
) -> None:
    end = (start + hours) % 24
    usage = {"schedule": {"default_acu": default, "windows": [
        {"days": days, "start": f"{start:02d}:00", "end": f"{end:02d}:00", "acu": busy}]}}  # fmt: skip
    document = {"version": 1, "usage": usage, "storage_gb": 20, "io_requests_per_month": io}
    workload = parse_workload(document, "generated")
    best = advised_per_kind(workload)
    demand = build_demand(workload.usage).demand
    grid: list[Any] = []
    for storage in ("standard", "io-optimized"):
        for max_acu in [n / 2 for n in range(2, 17)]:
            for min_acu, pause in [(0, 300), (0, 900), (0.5, None), (1, None)]:
                if min_acu <= max_acu:
                    grid.append(ServerlessV2Option(
                        kind="serverless-v2", name="g", min_acu=min_acu, max_acu=max_acu,
                        seconds_until_auto_pause=pause, storage=storage))  # fmt: skip
        for cls in PRICES.instances:
            grid.append(ProvisionedOption(kind="provisioned", name="g", instance_class=cls,
                                          storage=storage))  # fmt: skip
    for option in grid:
        priced = price_one(option, option.simulate(demand), workload, PRICES)
        if not priced.qualifies or priced.report.monthly_cost is None:
            continue
        assert priced.report.monthly_cost >= best[option.kind].monthly_cost, option


def test_advice_per_cluster_of_a_terraform_plan() -> None:
    # examples/infra: a small v2 cluster and a mixed one (a db.r6g.large writer and two
    # db.serverless readers), their usage in usage.yaml.
    infra = ROOT / "examples" / "infra"
    args = ["advise", "--infra", str(infra / "plan.json"), "--usage", str(infra / "usage.yaml"),
            "-f", "json"]  # fmt: skip
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "infrastructure-advice"
    clusters = {c["address"]: c for c in document["clusters"]}
    assert set(clusters) == {"aws_rds_cluster.small", 'module.tenant["acme"].aws_rds_cluster.this'}
    small = clusters["aws_rds_cluster.small"]["advice"]
    assert small["current"]["option"] == "aws_rds_cluster.small"
    best = {r["option"]["kind"]: r for r in small["recommendations"]}
    assert Decimal(best["serverless-v2"]["monthly_cost"]) <= Decimal(
        small["current"]["monthly_cost"]
    )
    mixed = clusters['module.tenant["acme"].aws_rds_cluster.this']["advice"]
    provisioned = next(r for r in mixed["recommendations"] if r["option"]["kind"] == "provisioned")
    assert provisioned["option"]["instances"] == 3  # the writer and its two readers, like for like
    v2 = next(r for r in mixed["recommendations"] if r["option"]["kind"] == "serverless-v2")
    assert v2["option"]["readers"] == 2
    for fmt in ("table", "markdown", "csv"):
        shown = invoke(*args[:-1], fmt)
        assert shown.exit_code == 0, shown.stderr
        assert "aws_rds_cluster.small" in shown.stdout


def test_advise_usage_needs_infra() -> None:
    result = invoke("advise", "-r", "eu-west-1", "--usage", "u.yaml")
    assert result.exit_code == 2
    assert "--usage and --infra-format go with --infra FILE" in result.stderr
