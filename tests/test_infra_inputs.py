"""Every infrastructure input form, the diff, check's exit codes and bad input.

Plans are hand-written in the shape of Terraform's JSON output format (format_version
1.2; no terraform binary can be installed here). Prices: tests/data/prices/ (eu-west-1:
v2 0.10 per ACU-hour, I/O-Optimized 0.13, storage 0.10, db.r6g.large 0.20 an hour;
us-east-1 is eu-west-1 x 0.8: v2 0.08, db.r6g.large 0.16).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
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


@pytest.fixture(autouse=True)
def _fixture_prices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AURORA_COST_PRICING", str(FIXTURE_PRICES))


def _plan() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(PLAN.read_text())
    return loaded


def test_cloudformation_yaml_with_short_form_tags() -> None:
    # Two db.serverless instances (tiers 0 and 1: the reader mirrors the writer), 0-8 ACU,
    # I/O-Optimized. No usage: high = 8 ACU x 730 h x 2 x 0.13 = 1518.40; low paused = 0.
    report = estimate_infra([EXAMPLES / "template.yaml"], region="eu-west-1")
    (cluster,) = report.clusters
    assert cluster.address == "OrdersCluster" and cluster.region == "eu-west-1"
    assert cluster.report.options[0].kind == "serverless-v2"
    assert (cluster.range.low, cluster.range.high) == (Decimal("0.00"), Decimal("1518.40"))  # type: ignore[union-attr]
    assert report.sources[0].format == "cloudformation"


def test_cdk_synth_json_with_ref_links(tmp_path: Path) -> None:
    # cdk synth output: logical ids with hashes, DBClusterIdentifier {"Ref": ...}. A
    # provisioned db.r6g.large writer and reader: 2 x 730 x 0.20 = 292.00 in eu-west-1.
    template = {
        "Resources": {
            "DatabaseB269D8BB": {
                "Type": "AWS::RDS::DBCluster",
                "Properties": {"Engine": "aurora-postgresql", "DBClusterParameterGroupName": "default.aurora-postgresql16"},
                "Metadata": {"aws:cdk:path": "App/Database/Resource"},
            },
            "DatabasewriterA1B2C3D4": {
                "Type": "AWS::RDS::DBInstance",
                "Properties": {"DBClusterIdentifier": {"Ref": "DatabaseB269D8BB"}, "DBInstanceClass": "db.r6g.large", "Engine": "aurora-postgresql"},
            },
            "Databasereader1E5F6A7B8": {
                "Type": "AWS::RDS::DBInstance",
                "Properties": {"DBClusterIdentifier": {"Ref": "DatabaseB269D8BB"}, "DBInstanceClass": "db.r6g.large", "PromotionTier": 2},
            },
            "Bucket83908E77": {"Type": "AWS::S3::Bucket"},
        }
    }  # fmt: skip
    path = write(tmp_path, "App.template.json", template)
    report = estimate_infra([path], region="eu-west-1")
    (cluster,) = report.clusters
    option = cluster.report.options[0]
    assert option.kind == "provisioned" and option.monthly_cost == Decimal("292.00")
    assert cluster.range is not None and cluster.range.low == cluster.range.high


def test_describe_db_clusters_with_describe_db_instances() -> None:
    # us-east-1 from the ARN. Writer db.r6g.large 730 x 0.16 = 116.80; a tier-1 db.serverless
    # reader at the writer's 8 ACU (within 0.5-8): 5840 x 0.08 = 467.20. Total 584.00.
    report = estimate_infra(
        [EXAMPLES / "describe-db-clusters.json", EXAMPLES / "describe-db-instances.json"]
    )
    (cluster,) = report.clusters
    assert cluster.region == "us-east-1" and cluster.report.options[0].kind == "cluster"
    assert cluster.report.options[0].monthly_cost == Decimal("584.00")
    assert report.total.by_region == {"us-east-1": Decimal("584.00")}


def test_region_from_the_resource_wins_over_the_provider(tmp_path: Path) -> None:
    plan = _plan()
    small = plan["planned_values"]["root_module"]["resources"][0]
    small["values"]["region"] = "us-east-1"  # provider v6: a region per resource
    report = estimate_infra([write(tmp_path, "plan.json", plan)])
    assert [c.region for c in report.clusters] == ["us-east-1", "eu-west-1"]


def test_a_v1_cluster_is_priced_and_flagged(tmp_path: Path) -> None:
    plan = _plan()
    values = plan["planned_values"]["root_module"]["resources"][0]["values"]
    values["engine_mode"] = "serverless"
    values["scaling_configuration"] = [{"min_capacity": 2, "max_capacity": 4, "auto_pause": True}]
    plan["planned_values"]["root_module"]["resources"].pop(1)  # v1 has no instances
    report = estimate_infra([write(tmp_path, "plan.json", plan)], as_of="2025-01")
    small = report.clusters[0]
    # v1 PostgreSQL 2-4 ACU, no usage, priced as AWS migrated it (Serverless v2 on Aurora
    # PostgreSQL 16.4, its definition's version): high 4 x 730 x 0.10 = 292.00
    assert small.report.options[0].kind == "serverless-v2"
    assert small.report.options[0].monthly_cost == Decimal("292.00")
    assert any("migrating every v1 cluster to Aurora Serverless v2" in w for w in report.warnings)


def test_diff_of_lower_min_capacity_and_a_removed_reader() -> None:
    # Before: 0.5-4 ACU, writer + 1 tier-0 reader, weekdays 09-17 at 2 ACU:
    # (40 x 2 + 128 x 0.5) = 144 ACU-h a week per instance, x 2 = 288 x 730/168 = 1251.43
    # ACU-h x 0.10 = 125.14, + storage 1.00 + I/O 0.20 = 126.34. After: 36.14 (see
    # test_infra_pricing). Delta -90.20; the new mixed cluster adds 1068.90.
    report = diff_plan(PLAN, usage=USAGE)
    small, mixed = report.clusters
    assert (small.action, small.before, small.after, small.delta) == (
        "update", Decimal("126.34"), Decimal("36.14"), Decimal("-90.20"))  # fmt: skip
    assert small.changes == [
        "serverlessv2_scaling_configuration.min_capacity: 0.5 -> 0",
        "serverlessv2_scaling_configuration.seconds_until_auto_pause: 0 -> 600",
        "aws_rds_cluster_instance.small[1]: removed (db.serverless, promotion tier 0)",
    ]
    assert (mixed.action, mixed.before, mixed.after) == ("create", None, Decimal("1068.90"))
    assert report.total.model_dump(mode="json") == {
        "before": "126.34", "after": "1105.04", "delta": "978.70", "delta_percent": "774.66"}  # fmt: skip


def test_diff_of_two_workload_files(tmp_path: Path) -> None:
    old = write(
        tmp_path,
        "old.yaml",
        "version: 1\nregion: eu-west-1\nusage: {constant: 1}\noptions:\n  - {kind: serverless-v2, name: db, min_acu: 1, max_acu: 4}\n",
    )
    new = write(tmp_path, "new.yaml", "version: 1\nregion: eu-west-1\nusage: {constant: 1}\noptions:\n  - {kind: serverless-v2, name: db, min_acu: 1, max_acu: 4, readers: 1}\n")  # fmt: skip
    report = diff_files(old, new)
    # 1 ACU x 730 x 0.10 = 73.00, with a mirrored reader 146.00
    (row,) = report.clusters
    assert (row.action, row.before, row.after, row.delta) == ("update", Decimal("73.00"), Decimal("146.00"), Decimal("73.00"))  # fmt: skip
    assert report.total.delta_percent == Decimal("100")


def test_markdown_diff_is_a_pull_request_comment() -> None:
    result = invoke("diff", "--infra", str(PLAN), "--usage", str(USAGE), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("### Aurora cost change: +$978.70 a month (+774.66%)")
    assert "| `aws_rds_cluster.small` | update | $126.34 | $36.14 | -$90.20 |" in text
    assert "<details><summary>What changed</summary>" in text and "</details>" in text


def _process(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AURORA_COST_PRICING": str(FIXTURE_PRICES)}
    return subprocess.run(
        [sys.executable, "-m", "aurora_cost", *args], capture_output=True, text=True, env=env, timeout=120, cwd=REPO
    )  # fmt: skip


@pytest.mark.parametrize(
    ("flags", "status"),
    [
        (["--max-monthly", "1200"], 0),  # total 1105.04
        (["--max-monthly", "1100"], 1),
        (["--max-increase", "1000"], 0),  # delta 978.70
        (["--max-increase", "900"], 1),
        (["--max-increase-percent", "800"], 0),  # 774.66%
        (["--max-increase-percent", "700"], 1),
    ],
)
def test_check_exit_codes_in_a_real_process(flags: list[str], status: int) -> None:
    done = _process(
        "check", "--infra", str(PLAN), "--usage", str(USAGE), *flags, "--format", "json"
    )
    assert done.returncode == status, done.stderr
    document = json.loads(done.stdout)
    if flags[0] == "--max-monthly":
        assert document["kind"] == "infrastructure"
        assert document["budget"]["status"] == ("within" if status == 0 else "over")
    else:
        assert document["kind"] == "diff"
        assert document["budget"]["increase"]["status"] == ("within" if status == 0 else "over")


def _unknown_min(plan: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(plan)
    change = changed["resource_changes"][3]["change"]
    del change["after"]["serverlessv2_scaling_configuration"][0]["min_capacity"]
    change["after_unknown"]["serverlessv2_scaling_configuration"][0]["min_capacity"] = True
    return changed


BAD = [
    ("not json", "plan.json", "{not json", "not valid JSON"),
    ("other tool", "plan.json", json.dumps({"steps": [], "config": {}}), "not a Terraform plan"),
    ("major version", "plan.json", json.dumps({**_plan(), "format_version": "2.0"}), "plan.json: (plan): format_version: '2.0'"),
    ("unknown class", "plan.json", json.dumps(_plan()).replace('"db.r6g.large"', '"db.r6g.hugeish"'),
     "plan.json: module.tenant[\"acme\"].aws_rds_cluster_instance.this[0]: instance_class: 'db.r6g.hugeish' is not an Aurora instance class"),
    ("unknown after apply", "plan.json", json.dumps(_unknown_min(_plan())),
     "plan.json: module.tenant[\"acme\"].aws_rds_cluster.this: serverlessv2_scaling_configuration.min_capacity: the value is known only after apply"),
    ("intrinsic", "template.yaml",
     (EXAMPLES / "template.yaml").read_text().replace("MinCapacity: 0", "MinCapacity: !Ref MinAcu"),
     "template.yaml: OrdersCluster: ServerlessV2ScalingConfiguration.MinCapacity: the value is given by Ref (MinAcu)"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_one_error_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = write(tmp_path, name, text)
    result = invoke("compare", "--infra", str(path), "--region", "eu-west-1", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing written
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert message in lines[0], lines[0]


def test_a_usage_entry_for_a_missing_address(tmp_path: Path) -> None:
    usage = write(
        tmp_path,
        "usage.yaml",
        "version: 1\nclusters:\n  aws_rds_cluster.smal:\n    usage: {constant: 1}\n",
    )
    result = invoke("compare", "--infra", str(PLAN), "--usage", str(usage), "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        f"Error: {usage}: clusters.aws_rds_cluster.smal: matches no cluster of the "
        "infrastructure; did you mean 'aws_rds_cluster.small'?"
    )


def test_a_pattern_matching_nothing_is_a_warning(tmp_path: Path) -> None:
    usage = write(
        tmp_path,
        "usage.yaml",
        "version: 1\nclusters:\n  'module.other[\"*\"].aws_rds_cluster.this':\n    storage_gb: 1\n",
    )
    report = estimate_infra([PLAN], usage=usage)
    assert any("matches no cluster" in w for w in report.warnings)


def test_schemas_validate_the_documents() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for kind, args in (("infrastructure", ["compare", "--infra", str(PLAN)]),
                       ("diff", ["diff", "--infra", str(PLAN)])):  # fmt: skip
        schema = json.loads(invoke("schema", kind).stdout)
        document = json.loads(invoke(*args, "--format", "json").stdout)
        jsonschema.validate(document, schema)
        assert document["kind"] == kind


def test_check_judges_a_v1_cluster_as_migrated(tmp_path: Path) -> None:
    # AWS migrated every v1 cluster to Serverless v2: judged as that (4 x 730 x 0.10 = 292.00)
    plan = _plan()
    values = plan["planned_values"]["root_module"]["resources"][0]["values"]
    values["engine_mode"] = "serverless"
    values["scaling_configuration"] = [{"min_capacity": 2, "max_capacity": 4, "auto_pause": True}]
    plan["planned_values"]["root_module"]["resources"].pop(1)
    path = write(tmp_path, "plan.json", plan)
    result = invoke("check", "--infra", str(path), "--max-monthly", "100000", "--format", "json")
    assert result.exit_code == 0, result.stderr
    budget = json.loads(result.stdout)["budget"]
    assert budget["status"] == "within"
    clusters = json.loads(result.stdout)["clusters"]
    assert clusters[0]["report"]["options"][0]["kind"] == "serverless-v2"
    assert clusters[0]["report"]["options"][0]["monthly_cost"] == "292.00"
