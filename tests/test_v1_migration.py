"""Serverless v1 clusters read from infrastructure are priced as what AWS migrated them to.

AWS ended Serverless v1 on 2025-03-31 and migrated every v1 cluster to Serverless v2 (an
ACU is the same unit in both, so the range carries over; MySQL to Aurora MySQL 3,
PostgreSQL 10-11 to 13). Prices: tests/data/prices (us-east-1: v1 $0.04, v2 $0.08 per
ACU-hour; eu-west-1: v1 $0.05, v2 $0.10). Extended Support: the engine catalogue (us-east-1
Serverless v2 $0.085 per ACU-hour in years 1-2; Aurora PostgreSQL 13 from 2026-03).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aurora_cost.infra.estimate import estimate_infra
from aurora_cost.report import OptionReport
from tests.conftest import FIXTURE_PRICES, invoke, write


@pytest.fixture(autouse=True)
def _fixture_prices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AURORA_COST_PRICING", str(FIXTURE_PRICES))


def _plan(engine: str, version: str, scaling: dict[str, Any]) -> dict[str, Any]:
    """A Terraform plan with one Serverless v1 cluster (engine_mode serverless, no instances)."""
    values = {"cluster_identifier": "old", "engine": engine, "engine_mode": "serverless",
              "engine_version": version, "scaling_configuration": [scaling]}  # fmt: skip
    resource = {"address": "aws_rds_cluster.old", "mode": "managed", "type": "aws_rds_cluster",
                "name": "old", "values": values}  # fmt: skip
    return {"format_version": "1.2", "planned_values": {"root_module": {"resources": [resource]}}}


def _priced(tmp_path: Path, document: dict[str, Any], usage: str | None = None,
            name: str = "plan.json") -> tuple[OptionReport, Any]:  # fmt: skip
    path = write(tmp_path, name, json.dumps(document))
    usage_path = write(tmp_path, "usage.yaml", usage) if usage else None
    report = estimate_infra([path], usage=usage_path, region="us-east-1", as_of="2026-12")
    (cluster,) = report.clusters
    (option,) = cluster.report.options
    return option, report


def _line(option: OptionReport, name: str) -> Decimal | None:
    return next((i.monthly_cost for i in option.line_items if i.name == name), None)


MYSQL_2ACU = {"min_capacity": 2, "max_capacity": 2, "auto_pause": False}
CONSTANT_2 = "version: 1\ndefaults: {usage: {constant: 2}}\n"


def test_a_2_acu_mysql_v1_cluster_is_priced_as_serverless_v2(tmp_path: Path) -> None:
    # At v1 rates it was 2 ACU x 730 h x $0.04 = $58.40. AWS migrated it to Serverless v2
    # on Aurora MySQL 3: 2 ACU x 730 h x $0.08 = $116.80 (twice: v2's rate is twice v1's);
    # Aurora MySQL 3 is in standard support in 2026-12: no Extended Support.
    plan = _plan("aurora-mysql", "5.7.mysql_aurora.2.11.2", MYSQL_2ACU)
    option, report = _priced(tmp_path, plan, CONSTANT_2)
    assert option.kind == "serverless-v2" and option.available
    assert _line(option, "compute") == Decimal("116.80")
    assert _line(option, "extended_support") is None
    assert option.monthly_cost == Decimal("116.80")
    (note,) = [d for d in report.clusters[0].report.diagnostics if d.code == "v1-migrated"]
    assert note.severity == "warning" and note.option == "aws_rds_cluster.old"
    assert "priced as that, 2-2 ACU on Aurora MySQL 3" in note.message
    assert "aurora-serverless.modifying.html" in note.message
    assert "provisioned" in note.message  # the fallback AWS took where the upgrade failed
    assert any("Aurora Serverless v1" in w for w in report.warnings)


def test_a_postgresql_11_v1_cluster_pays_extended_support_on_13(tmp_path: Path) -> None:
    # Migrated to Serverless v2 on Aurora PostgreSQL 13 (the first major with v2; which
    # major AWS chose is not documented): compute 2 x 730 x $0.08 = $116.80; 13 is in
    # Extended Support in 2026-12: 2 ACU x 730 h x $0.085 = $124.10. Total $240.90.
    plan = _plan("aurora-postgresql", "11.21", {"min_capacity": 2, "max_capacity": 2,
                                                 "auto_pause": False})  # fmt: skip
    option, report = _priced(tmp_path, plan, CONSTANT_2)
    assert _line(option, "compute") == Decimal("116.80")
    assert _line(option, "extended_support") == Decimal("124.10")
    assert option.monthly_cost == Decimal("240.90")
    (note,) = [d for d in option.diagnostics + report.clusters[0].report.diagnostics
               if d.code == "v1-migrated"]  # fmt: skip
    assert "not documented: priced as 13" in note.message


def test_auto_pause_does_not_carry_over_and_the_range_starts_at_the_minimum(
    tmp_path: Path,
) -> None:
    # v1 1-4 ACU with auto-pause, no usage: low = the 1 ACU minimum all month,
    # 1 x 730 x $0.08 = $58.40 (v1 would have paused: $0); high = 4 x 730 x $0.08 = $233.60
    plan = _plan("aurora-mysql", "5.7.mysql_aurora.2.11.2",
                 {"min_capacity": 1, "max_capacity": 4, "auto_pause": True})  # fmt: skip
    _, report = _priced(tmp_path, plan)
    cluster = report.clusters[0]
    assert cluster.range is not None
    assert (cluster.range.low, cluster.range.high) == (Decimal("58.40"), Decimal("233.60"))
    messages = [d.message for d in cluster.report.diagnostics]
    assert any("at its minimum of 1 ACU while idle" in m for m in messages)
    assert any("at its minimum of 1 ACU" in m for m in messages if "no usage" in m)


def test_a_postgresql_maximum_of_384_is_capped_at_256(tmp_path: Path) -> None:
    # v1 PostgreSQL allowed 384 ACU; Serverless v2 256: high 256 x 730 x $0.08 = $14,950.40
    # + Extended Support (PostgreSQL 13 in 2026-12) 256 x 730 x $0.085 = $15,884.80
    plan = _plan("aurora-postgresql", "13.12",
                 {"min_capacity": 2, "max_capacity": 384, "auto_pause": False})  # fmt: skip
    option, report = _priced(tmp_path, plan)
    assert "2-256 ACU" in option.settings
    assert _line(option, "compute") == Decimal("14950.40")
    assert _line(option, "extended_support") == Decimal("15884.80")
    message = next(d.message for d in report.clusters[0].report.diagnostics
                   if d.code == "v1-migrated")  # fmt: skip
    assert "384 ACU is above v2's 256" in message
    assert "not documented" not in message  # 13.12 has Serverless v2: the version is kept
    assert option.available  # 256 on 13 is not confirmed: noted, never unavailable


def test_cloudformation_and_describe_output_v1_clusters(tmp_path: Path) -> None:
    # priced in us-east-1: 2 ACU x 730 h x $0.08 = $116.80
    template = {"Resources": {"Old": {"Type": "AWS::RDS::DBCluster", "Properties": {
        "Engine": "aurora-mysql", "EngineMode": "serverless",
        "ScalingConfiguration": {"MinCapacity": 2, "MaxCapacity": 2, "AutoPause": False}}}}}  # fmt: skip
    option, _ = _priced(tmp_path, template, CONSTANT_2, name="template.json")
    assert option.kind == "serverless-v2" and option.monthly_cost == Decimal("116.80")
    described = {"DBClusters": [{
        "DBClusterIdentifier": "old", "Engine": "aurora-mysql", "EngineMode": "serverless",
        "EngineVersion": "5.7.mysql_aurora.2.11.4",
        "DBClusterArn": "arn:aws:rds:us-east-1:123456789012:cluster:old",
        "ScalingConfigurationInfo": {"MinCapacity": 2, "MaxCapacity": 2, "AutoPause": False},
        "DBClusterMembers": []}]}  # fmt: skip
    option, _ = _priced(tmp_path, described, CONSTANT_2, name="clusters.json")
    assert option.kind == "serverless-v2" and option.monthly_cost == Decimal("116.80")


def test_check_judges_the_migrated_cluster(tmp_path: Path) -> None:
    # no longer `unavailable` (v1 cannot be created): it runs as Serverless v2 today
    plan = write(tmp_path, "plan.json", json.dumps(_plan("aurora-mysql", "5.7.mysql_aurora.2.11.2",
                                                         MYSQL_2ACU)))  # fmt: skip
    usage = write(tmp_path, "usage.yaml", CONSTANT_2)
    args = ["check", "--infra", str(plan), "--usage", str(usage), "-r", "us-east-1",
            "--as-of", "2026-12", "-f", "json"]  # fmt: skip
    result = invoke(*args, "--max-monthly", "100")
    assert result.exit_code == 1, result.stderr
    budget = json.loads(result.stdout)["budget"]
    assert (budget["status"], budget["monthly_cost"]) == ("over", "116.80")
    assert "Aurora Serverless v1" in result.stderr and "Serverless v2" in result.stderr
    result = invoke(*args, "--max-monthly", "120")
    assert result.exit_code == 0, result.stderr


def test_a_workload_files_serverless_v1_option_stays_v1(tmp_path: Path) -> None:
    # the "what it cost, for comparison" option: v1 rates, 2 x 730 x $0.04 = $58.40
    workload = write(tmp_path, "w.yaml", "version: 1\nusage: {constant: 2}\noptions:\n"
                     "  - {name: v1, kind: serverless-v1, min_acu: 2, max_acu: 2, "
                     "auto_pause: false}\n")  # fmt: skip
    result = invoke("compare", "-w", str(workload), "-r", "us-east-1", "-f", "json")
    assert result.exit_code == 0, result.stderr
    (option,) = json.loads(result.stdout)["options"]
    assert option["kind"] == "serverless-v1" and option["monthly_cost"] == "58.40"


@pytest.mark.bundled_prices
def test_the_issue_example_with_bundled_prices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # us-east-1 (AWS, 2025-06-17): a 2-ACU v1 cluster with 10 GB was 2 x 730 x $0.06 =
    # $87.60 + 10 GB x $0.10 = $1.00 -> $88.60 at v1 rates; migrated to Serverless v2:
    # 2 x 730 x $0.12 = $175.20 + $1.00 = $176.20 (Aurora MySQL 3: no Extended Support)
    monkeypatch.delenv("AURORA_COST_PRICING")
    plan = _plan("aurora-mysql", "5.7.mysql_aurora.2.11.2", MYSQL_2ACU)
    option, _ = _priced(
        tmp_path, plan, "version: 1\ndefaults: {usage: {constant: 2}, storage_gb: 10}\n"
    )
    assert option.monthly_cost == Decimal("176.20")


def test_diff_and_advise_see_the_migrated_cluster(tmp_path: Path) -> None:
    plan = _plan("aurora-mysql", "5.7.mysql_aurora.2.11.2", MYSQL_2ACU)
    old = write(tmp_path, "old.json", json.dumps(plan))
    plan["planned_values"]["root_module"]["resources"][0]["values"]["scaling_configuration"] = [
        {"min_capacity": 2, "max_capacity": 4, "auto_pause": False}
    ]
    new = write(tmp_path, "new.json", json.dumps(plan))
    usage = write(tmp_path, "usage.yaml", CONSTANT_2)
    # a constant 2 ACU costs the same with a maximum of 2 or 4: 116.80 both sides; each file
    # is warned about once
    result = invoke("diff", str(old), str(new), "--usage", str(usage), "-r", "us-east-1",
                    "--as-of", "2026-12", "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    (row,) = document["clusters"]
    assert (row["before"], row["after"], row["delta"]) == ("116.80", "116.80", "0.00")
    assert row["changes"] == ["scaling_configuration.max_capacity: 2 -> 4"]
    warned = [w for w in document["warnings"] if "Serverless v1" in w]
    assert [w.split(":")[0] for w in warned] == [str(old), str(new)]
    result = invoke("advise", "--infra", str(new), "--usage", str(usage), "-r", "us-east-1",
                    "--as-of", "2026-12", "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (cluster,) = json.loads(result.stdout)["clusters"]
    assert cluster["advice"]["current"]["monthly_cost"] == "116.80"
    assert "Serverless v1" in result.stderr


def test_terraform_source_v1_cluster(tmp_path: Path) -> None:
    # the same 2-ACU Aurora MySQL v1 cluster written as HCL: 2 x 730 x $0.08 = $116.80
    source = write(tmp_path, "infra/main.tf", """
resource "aws_rds_cluster" "old" {
  cluster_identifier = "old"
  engine             = "aurora-mysql"
  engine_mode        = "serverless"
  engine_version     = "5.7.mysql_aurora.2.11.2"
  scaling_configuration {
    min_capacity = 2
    max_capacity = 2
    auto_pause   = false
  }
}
""")  # fmt: skip
    report = estimate_infra([source.parent], region="us-east-1", as_of="2026-12")
    (cluster,) = report.clusters
    (option,) = cluster.report.options
    assert option.kind == "serverless-v2" and option.monthly_cost == Decimal("116.80")
    assert "v1-migrated" in [d.code for d in cluster.report.diagnostics]
