"""Aurora Global Database replicated writes and backtrack change records: billed where the
workload (or a cluster's --usage entry) gives the amount; where a definition turns them on
and no amount is given, listed in `missing`, so the option is a lower bound and never
cheapest.

Prices: tests/data/prices/eu-west-1.yaml: replicated writes $0.20 per million, backtrack
$0.01 per million change-record-hours, db.r6g.large $0.20 an hour, Serverless v2 $0.10 per
ACU-hour, storage $0.10 per GB-month.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import invoke, write

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "examples" / "infra" / "plan.json"

WORKLOAD = """\
version: 1
usage: {constant: 1}
global_database_replicated_writes_per_month: %s
backtrack_change_records_per_month: 3000000
options:
  - {kind: provisioned, name: steady, instance_class: db.r6g.large}
  - {kind: serverless-v1, name: legacy, min_acu: 1, max_acu: 8}
"""


def _options(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    return {o["name"]: o for o in json.loads(result.stdout)["options"]}


def test_replicated_writes_are_billed_per_million(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", WORKLOAD % "50000000")
    options = _options(invoke("compare", "-w", str(path), "--region", "eu-west-1",
                              "--format", "json"))  # fmt: skip
    steady = options["steady"]
    items = {i["name"]: i for i in steady["line_items"]}
    # 50,000,000 writes = 50 million x $0.20 = $10.00
    assert (items["global_database"]["quantity"], items["global_database"]["unit_price"]) == (
        "50",
        "0.2",
    )
    assert items["global_database"]["monthly_cost"] == "10.00"
    # backtrack: 3 million change-record-hours x $0.01 = $0.03
    assert items["backtrack"]["monthly_cost"] == "0.03"
    # compute 730 h x $0.20 = $146.00; + $10.00 + $0.03 = $156.03
    assert steady["monthly_cost"] == "156.03"
    assert list(items) == ["compute", "storage", "backtrack", "global_database"]  # bill order
    assert steady["complete"] is True
    # Serverless v1 cannot be in a Global Database (nor backtrack): left out, said
    legacy = options["legacy"]
    assert legacy["missing"] == ["backtrack", "global_database"]
    assert any("cannot be part of an Aurora Global Database" in w for w in legacy["warnings"])


def test_replicated_writes_not_known_leave_the_bill_incomplete(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", WORKLOAD % "null")
    result = invoke("compare", "-w", str(path), "--region", "eu-west-1", "--format", "json")
    steady = _options(result)["steady"]
    assert steady["missing"] == ["global_database"]
    assert steady["complete"] is False
    # $146.00 + $0.03 backtrack: a lower bound
    assert steady["monthly_cost"] == "146.03"
    assert json.loads(result.stdout)["cheapest"] is None  # never named cheapest
    # a what-if keeps the amount unknown (it is not billed as 0)
    again = invoke("compare", "-w", str(path), "--region", "eu-west-1", "--storage-gb", "10",
                   "--format", "json")  # fmt: skip
    assert _options(again)["steady"]["missing"] == ["global_database"]
    check = invoke("check", "-w", str(path), "--region", "eu-west-1", "--option", "steady",
                   "--max-monthly", "1000", "--format", "json")  # fmt: skip
    assert check.exit_code == 1
    assert json.loads(check.stdout)["budget"]["status"] == "incomplete"


def _plan(tmp_path: Path, **cluster: Any) -> Path:
    """The example plan's `aws_rds_cluster.small` alone (Aurora PostgreSQL, one db.serverless
    writer, 0 to 4 ACU), with `cluster` set on it."""
    plan: dict[str, Any] = json.loads(PLAN.read_text())
    root = plan["planned_values"]["root_module"]
    root.pop("child_modules", None)
    root["resources"][0]["values"].update(cluster)
    root["resources"][1]["values"]["engine"] = cluster.get("engine", "aurora-postgresql")
    plan["resource_changes"] = [
        c for c in plan["resource_changes"] if "module." not in c["address"]
    ]
    return write(tmp_path, "plan.json", json.dumps(plan))


def _cluster(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    (cluster,) = json.loads(result.stdout)["clusters"]
    option: dict[str, Any] = cluster["report"]["options"][0]
    return option


def test_a_global_database_member_is_billed_from_its_usage(tmp_path: Path) -> None:
    plan = _plan(tmp_path, global_cluster_identifier="orders-global")
    common = ("--infra", str(plan), "--region", "eu-west-1", "--format", "json")
    bare = invoke("compare", *common)
    option = _cluster(bare)
    assert option["missing"] == ["global_database"]
    assert option["complete"] is False
    assert "give global_database_replicated_writes_per_month" in bare.stderr
    check = invoke("check", *common, "--max-monthly", "100000")
    assert check.exit_code == 1
    assert json.loads(check.stdout)["budget"]["status"] == "incomplete"

    usage = write(tmp_path, "usage.yaml", "version: 1\nclusters:\n  aws_rds_cluster.small:\n"
                  "    usage: {constant: 1}\n"
                  "    global_database_replicated_writes_per_month: 10000000\n")  # fmt: skip
    option = _cluster(invoke("compare", *common, "--usage", str(usage)))
    items = {i["name"]: i["monthly_cost"] for i in option["line_items"]}
    # compute 1 ACU x 730 h x $0.10 = $73.00; 10 million writes x $0.20 = $2.00
    assert items == {"compute": "73.00", "storage": "0.00", "global_database": "2.00"}
    assert (option["monthly_cost"], option["complete"]) == ("75.00", True)
    secondary = write(tmp_path, "usage2.yaml", "version: 1\ndefaults:\n  usage: {constant: 1}\n"
                      "  global_database_replicated_writes_per_month: 0\n")  # fmt: skip
    option = _cluster(invoke("compare", *common, "--usage", str(secondary)))
    assert (option["monthly_cost"], option["complete"]) == ("73.00", True)  # a secondary


def test_a_backtrack_window_is_billed_from_its_usage(tmp_path: Path) -> None:
    plan = _plan(tmp_path, backtrack_window=3600, engine="aurora-mysql", engine_version="8.0")
    common = ("--infra", str(plan), "--region", "eu-west-1", "--format", "json")
    option = _cluster(invoke("compare", *common))
    assert option["missing"] == ["backtrack"]
    usage = write(tmp_path, "usage.yaml", "version: 1\ndefaults:\n  usage: {constant: 1}\n"
                  "  backtrack_change_records_per_month: 2000000\n")  # fmt: skip
    option = _cluster(invoke("compare", *common, "--usage", str(usage)))
    items = {i["name"]: i["monthly_cost"] for i in option["line_items"]}
    # compute 1 ACU x 730 h x $0.10 = $73.00; 2 million change-record-hours x $0.01 = $0.02
    assert items == {"compute": "73.00", "storage": "0.00", "backtrack": "0.02"}
    assert (option["monthly_cost"], option["missing"]) == ("73.02", [])


def test_describe_output_of_a_global_database_member(tmp_path: Path) -> None:
    """describe-db-clusters names the global cluster: billed from the usage, else missing."""
    infra = REPO / "examples" / "infra"
    document = json.loads((infra / "describe-db-clusters.json").read_text())
    document["DBClusters"][0]["GlobalClusterIdentifier"] = "reports-global"
    clusters = write(tmp_path, "clusters.json", json.dumps(document))
    common = ("--infra", str(clusters), "--infra", str(infra / "describe-db-instances.json"),
              "--region", "us-east-1", "--format", "json")  # fmt: skip
    bare = _cluster(invoke("compare", *common))
    assert bare["missing"] == ["global_database"]
    usage = write(tmp_path, "usage.yaml", "version: 1\ndefaults:\n  usage: {constant: 1}\n"
                  "  global_database_replicated_writes_per_month: 25000000\n")  # fmt: skip
    option = _cluster(invoke("compare", *common, "--usage", str(usage)))
    items = {i["name"]: i["monthly_cost"] for i in option["line_items"]}
    # us-east-1: 25 million replicated writes x $0.16 = $4.00
    assert items["global_database"] == "4.00"
    assert option["complete"] is True
