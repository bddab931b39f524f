"""Infrastructure, diff and advice price through the engine: what they say about their
prices, the total of a diff of two workload files, mixed inputs refused, the range message.

Prices: tests/data/prices/ (eu-west-1: v2 0.10 per ACU-hour, storage 0.10 per GB-month,
db.r6g.large 0.20 an hour; published 2024-01-02, so always older than 180 days)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aurora_cost.infra.diff import diff_files, diff_plan
from aurora_cost.infra.estimate import estimate_infra
from tests.conftest import invoke, write
from tests.fixture_prices import FIXTURE_PRICES

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "infra"
PLAN, USAGE = EXAMPLES / "plan.json", EXAMPLES / "usage.yaml"
PRICES_LINE = (
    "Prices: aurora-cost test fixture (round numbers, not AWS prices), published 2024-01-02."
)


@pytest.fixture(autouse=True)
def _fixture_prices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AURORA_COST_PRICING", str(FIXTURE_PRICES))


def _small_only(**values: Any) -> dict[str, Any]:
    """The example plan's `aws_rds_cluster.small` alone (one db.serverless writer), changed."""
    plan: dict[str, Any] = json.loads(PLAN.read_text())
    root = plan["planned_values"]["root_module"]
    root.pop("child_modules", None)
    root["resources"][0]["values"].update(values.get("cluster", {}))
    root["resources"][1]["values"].update(values.get("instance", {}))
    plan["resource_changes"] = [
        c for c in plan["resource_changes"] if "module." not in c["address"]
    ]
    return plan


def _range_note(report: Any) -> str:
    (note,) = [d for d in report.clusters[0].report.diagnostics if d.code == "usage-range"]
    return str(note.message)


def test_the_range_of_a_cluster_at_min_half_an_acu_is_not_paused(tmp_path: Path) -> None:
    scaling = [{"min_capacity": 0.5, "max_capacity": 4, "seconds_until_auto_pause": None}]
    plan = _small_only(cluster={"serverlessv2_scaling_configuration": scaling})
    report = estimate_infra([write(tmp_path, "plan.json", json.dumps(plan))])
    cluster = report.clusters[0]
    # low: 0.5 ACU x 730 h x 0.10 = 36.50; high: 4 x 730 x 0.10 = 292.00
    assert (cluster.range.low, cluster.range.high) == (Decimal("36.50"), Decimal("292.00"))  # type: ignore[union-attr]
    message = _range_note(report)
    assert "with no load, at its minimum of 0.5 ACU, $36.50" in message
    assert "paused" not in message


def test_the_range_of_a_provisioned_cluster_says_its_instances_bill(tmp_path: Path) -> None:
    plan = _small_only(instance={"instance_class": "db.r6g.large"})
    report = estimate_infra([write(tmp_path, "plan.json", json.dumps(plan))])
    cluster = report.clusters[0]
    # db.r6g.large 730 h x 0.20 = 146.00 whatever the load (PostgreSQL, Standard)
    assert (cluster.range.low, cluster.range.high) == (Decimal("146.00"), Decimal("146.00"))  # type: ignore[union-attr]
    message = _range_note(report)
    assert "with no load, its provisioned instances still billed every hour, $146.00" in message
    assert "paused" not in message and "minimum" not in message


def test_the_range_of_a_paused_cluster_says_paused() -> None:
    report = estimate_infra([PLAN])
    assert "with no load, paused at its minimum of 0 ACU, $0.00" in _range_note(report)


def test_a_diff_of_nothing_before_is_money(tmp_path: Path) -> None:
    plan: dict[str, Any] = json.loads(PLAN.read_text())
    plan.pop("prior_state")
    for change in plan["resource_changes"]:
        change["change"].update(before=None, actions=["create"])
    report = diff_plan(write(tmp_path, "plan.json", json.dumps(plan)), usage=USAGE)
    total = report.model_dump(mode="json")["total"]
    # 36.14 + 1068.90 (tests/test_infra_pricing.py)
    assert total == {
        "before": "0.00",
        "after": "1105.04",
        "delta": "1105.04",
        "delta_percent": None,
    }


WORKLOAD = """version: 1
region: eu-west-1
usage: {constant: %s}
options:
  - {kind: serverless-v2, name: changed, min_acu: 0.5, max_acu: 8}
  - {kind: provisioned, name: steady, instance_class: db.r6g.large}
"""


def test_a_diff_of_two_workload_files_totals_the_judged_options(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml", WORKLOAD % 1)
    new = write(tmp_path, "new.yaml", WORKLOAD % 2)
    report = diff_files(old, new)
    rows = {row.address: row for row in report.clusters}
    # changed: 1 ACU x 730 x 0.10 = 73.00 -> 2 ACU: 146.00; steady: 730 x 0.20 = 146.00 both
    assert (rows["changed"].before, rows["changed"].after) == (Decimal("73.00"), Decimal("146.00"))
    assert (rows["steady"].before, rows["steady"].after) == (Decimal("146.00"), Decimal("146.00"))
    assert rows["steady"].action == "no-op"
    # the total is each side's cheapest (changed 73.00; then a tie at 146.00, the first
    # listed), not the sum of the alternatives (219.00 -> 292.00)
    assert report.judged is not None
    assert (report.judged.before, report.judged.after) == ("changed", "changed")
    assert report.total.model_dump(mode="json") == {
        "before": "73.00", "after": "146.00", "delta": "73.00", "delta_percent": "100"}  # fmt: skip
    # --option judges the named option on both sides
    steady = diff_files(old, new, option="steady")
    assert (steady.total.before, steady.total.after) == (Decimal("146.00"), Decimal("146.00"))


def test_diff_option_names_an_option_of_each_file(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml", WORKLOAD % 1)
    new = write(tmp_path, "new.yaml", WORKLOAD % 2)
    result = invoke("diff", str(old), str(new), "--option", "stedy")
    assert result.exit_code == 2
    assert "--option:" in result.stderr and "did you mean 'steady'" in result.stderr


def test_diff_refuses_a_workload_against_a_plan(tmp_path: Path) -> None:
    old = write(tmp_path, "db.yaml", WORKLOAD % 1)
    result = invoke("diff", str(old), str(PLAN), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {old} is a workload file and {PLAN} an infrastructure")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--infra", str(PLAN)],
        ["check", "--infra", str(PLAN), "--max-monthly", "100000"],
        ["diff", "--infra", str(PLAN)],
        ["advise", "--infra", str(PLAN), "--usage", str(USAGE), "--kinds", "provisioned"],
    ],
    ids=["compare", "check", "diff", "advise"],
)
def test_the_infrastructure_path_names_its_prices(args: list[str]) -> None:
    result = invoke(*args, "--region", "eu-west-1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert PRICES_LINE in result.stderr.splitlines()
    assert "note: these prices were published 2024-01-02" in result.stderr
    document = json.loads(result.stdout)
    assert [p["published"] for p in document["pricing"]] == ["2024-01-02"]


@pytest.mark.parametrize(
    "args", [["compare", "--infra", str(PLAN)], ["diff", "--infra", str(PLAN)]]
)
def test_the_markdown_names_the_price_date(args: list[str]) -> None:
    result = invoke(*args, "--region", "eu-west-1", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "published 2024-01-02." in result.stdout.splitlines()[-1]


def test_a_backtrack_window_without_its_usage_is_said(tmp_path: Path) -> None:
    plan = _small_only(cluster={"backtrack_window": 3600, "engine": "aurora-mysql"})
    plan["planned_values"]["root_module"]["resources"][1]["values"]["engine"] = "aurora-mysql"
    report = estimate_infra([write(tmp_path, "plan.json", json.dumps(plan))])
    assert any(
        "backtrack is on (backtrack_window 3600 s)" in w and "not in the total" in w
        for w in report.warnings
    ), report.warnings


def test_a_global_database_member_says_what_is_not_in_the_total(tmp_path: Path) -> None:
    plan = _small_only(cluster={"global_cluster_identifier": "orders-global"})
    report = estimate_infra([write(tmp_path, "plan.json", json.dumps(plan))])
    assert any("Aurora Global Database" in w and "not in the total" in w for w in report.warnings)
