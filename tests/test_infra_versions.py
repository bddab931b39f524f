"""Engine versions, Extended Support opt-out and pause blockers read from infrastructure files.

Prices: tests/data/prices (eu-west-1 v2 $0.10 per ACU-hour, db.r6g.large $0.20 an hour).
Extended Support rates: the engine catalogue (eu-west-1 $0.112 per vCPU-hour, $0.095 per
ACU-hour in years 1-2).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aurora_cost.infra.estimate import estimate_infra
from aurora_cost.infra.load import load_infra
from aurora_cost.report import OptionReport
from tests.fixture_prices import FIXTURE_PRICES

USAGE = "version: 1\ndefaults:\n  usage: {constant: 0}\n"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "infra"


@pytest.fixture(autouse=True)
def _fixture_prices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AURORA_COST_PRICING", str(FIXTURE_PRICES))


def _option(tmp_path: Path, name: str, document: dict[str, Any]) -> OptionReport:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    usage = tmp_path / "usage.yaml"
    usage.write_text(USAGE)
    report = estimate_infra([path], usage=usage, region="eu-west-1")
    (cluster,) = report.clusters
    (option,) = cluster.report.options
    return option


def _template(cluster: dict[str, Any], **others: Any) -> dict[str, Any]:
    resources = {
        "Db": {"Type": "AWS::RDS::DBCluster", "Properties": cluster},
        "Writer": {
            "Type": "AWS::RDS::DBInstance",
            "Properties": {
                "DBClusterIdentifier": {"Ref": "Db"},
                "DBInstanceClass": "db.serverless",
            },
        },
        **others,
    }
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}


V2_MIN0 = {
    "Engine": "aurora-postgresql",
    "EngineVersion": "16.4",
    "ServerlessV2ScalingConfiguration": {"MinCapacity": 0, "MaxCapacity": 4},
}


def test_a_logical_replication_parameter_group_keeps_min_0_awake(tmp_path: Path) -> None:
    # idle all month: paused it would cost 0; blocked, 0.5 ACU x 730 h x $0.10 = $36.50
    template = _template(
        {**V2_MIN0, "DBClusterParameterGroupName": {"Ref": "Params"}},
        Params={
            "Type": "AWS::RDS::DBClusterParameterGroup",
            "Properties": {
                "Family": "aurora-postgresql16",
                "Parameters": {"rds.logical_replication": "1"},
            },
        },
    )
    option = _option(tmp_path, "template.json", template)
    assert option.line_items[0].monthly_cost == 36.50
    assert any(
        d.code == "pause-blocked" and "logical-replication" in (d.short or "")
        for d in option.diagnostics
    )


def test_a_zero_etl_integration_and_a_global_database_keep_min_0_awake(tmp_path: Path) -> None:
    template = _template(
        {**V2_MIN0, "GlobalClusterIdentifier": "global-1"},
        Etl={
            "Type": "AWS::RDS::Integration",
            "Properties": {
                "SourceArn": {"Fn::GetAtt": ["Db", "DBClusterArn"]},
                "TargetArn": "arn:aws:redshift:x",
            },
        },
    )
    option = _option(tmp_path, "template.json", template)
    assert option.line_items[0].monthly_cost == 36.50
    (note,) = [d for d in option.diagnostics if d.code == "pause-blocked"]
    assert "zero-etl" in (note.short or "") and "global-database" in (note.short or "")


def test_without_blockers_min_0_pauses(tmp_path: Path) -> None:
    option = _option(tmp_path, "template.json", _template(V2_MIN0))
    assert option.line_items[0].monthly_cost == 0


def test_describe_output_gives_the_version_and_the_opt_out(tmp_path: Path) -> None:
    # Aurora MySQL 2 (5.7.mysql_aurora.2.11.2) db.r6g.large: 2 vCPUs x 730 h x $0.112 = $163.52
    clusters = {
        "DBClusters": [
            {
                "DBClusterIdentifier": "legacy",
                "DBClusterArn": "arn:aws:rds:eu-west-1:123456789012:cluster:legacy",
                "Engine": "aurora-mysql",
                "EngineVersion": "5.7.mysql_aurora.2.11.2",
                "EngineMode": "provisioned",
                "DBClusterMembers": [
                    {
                        "DBInstanceIdentifier": "legacy-1",
                        "IsClusterWriter": True,
                        "PromotionTier": 1,
                    }
                ],
            }
        ]
    }
    instances = {
        "DBInstances": [{"DBInstanceIdentifier": "legacy-1", "DBInstanceClass": "db.r6g.large"}]
    }
    (tmp_path / "clusters.json").write_text(json.dumps(clusters))
    (tmp_path / "instances.json").write_text(json.dumps(instances))
    usage = tmp_path / "usage.yaml"
    usage.write_text(USAGE + "  as_of: 2026-12\n")
    report = estimate_infra([tmp_path / "clusters.json", tmp_path / "instances.json"], usage=usage)
    (cluster,) = report.clusters
    (option,) = cluster.report.options
    names = [i.name for i in option.line_items]
    assert cluster.report.as_of == "2026-12"
    line = option.line_items[names.index("extended_support")]
    assert (line.quantity, line.unit_price, line.monthly_cost) == (
        Decimal(1460),
        Decimal("0.112"),
        Decimal("163.52"),
    )
    clusters["DBClusters"][0]["EngineLifecycleSupport"] = (
        "open-source-rds-extended-support-disabled"
    )
    (tmp_path / "clusters.json").write_text(json.dumps(clusters))
    report = estimate_infra([tmp_path / "clusters.json", tmp_path / "instances.json"], usage=usage)
    (option,) = report.clusters[0].report.options
    assert "extended_support" not in [i.name for i in option.line_items]


def test_terraform_and_cloudformation_set_the_version_alike(tmp_path: Path) -> None:
    """One cluster builder (`infra.model.defined_cluster`) reads the version for both."""
    opt_out = "open-source-rds-extended-support-disabled"
    plan: dict[str, Any] = json.loads((EXAMPLES / "plan.json").read_text())
    root = plan["planned_values"]["root_module"]
    root.pop("child_modules", None)
    root["resources"][0]["values"].update(engine_version="16.4", engine_lifecycle_support=opt_out)
    plan["resource_changes"] = [
        c for c in plan["resource_changes"] if "module." not in c["address"]
    ]
    template = _template({**V2_MIN0, "EngineLifecycleSupport": opt_out})
    found = []
    for name, document in (("plan.json", plan), ("template.json", template)):
        path = tmp_path / name
        path.write_text(json.dumps(document))
        (cluster,) = load_infra([path]).after
        found.append(cluster)
    terraform, cloudformation = found
    for cluster in found:
        assert (cluster.engine_version, cluster.lifecycle_support) == ("16.4", opt_out)
    assert terraform.attributes["engine_version"] == ("engine_version", "16.4")
    assert cloudformation.attributes["engine_lifecycle_support"] == (
        "EngineLifecycleSupport",
        opt_out,
    )
    # a version given by an intrinsic is known only at deploy: AWS's default, as Terraform's
    # known only after apply
    path = tmp_path / "template.json"
    path.write_text(json.dumps(_template({**V2_MIN0, "EngineVersion": {"Ref": "Version"}})))
    (cluster,) = load_infra([path]).after
    assert cluster.engine_version is None
    assert cluster.attributes["engine_version"] == ("EngineVersion", None)
