"""--as-of with infrastructure files (compare, check, advise) and on diff: the month every
cluster, and both sides of a diff, are priced for.

Compute: the fixture prices (tests/data/prices, us-east-1: db.r6g.large $0.16 an hour,
db.r6g.xlarge $0.32). Extended Support: the bundled engine catalogue (us-east-1 $0.10 per
vCPU-hour, Aurora MySQL 2 charged from 2024-12-01 to 2027-02-28 at the year 1-2 rate).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import invoke, write

MYSQL2 = "5.7.mysql_aurora.2.11.2"


def _plan(before_class: str, after_class: str) -> dict[str, Any]:
    """An Aurora MySQL 2 cluster with one instance whose class changes."""
    cluster = {"cluster_identifier": "legacy", "engine": "aurora-mysql",
               "engine_mode": "provisioned", "engine_version": MYSQL2}  # fmt: skip

    def instance(cls: str) -> dict[str, Any]:
        return {"cluster_identifier": "legacy", "instance_class": cls, "engine": "aurora-mysql"}

    resources = [
        ("aws_rds_cluster.legacy", "aws_rds_cluster", None, cluster, cluster, "no-op"),
        ("aws_rds_cluster_instance.legacy[0]", "aws_rds_cluster_instance", 0,
         instance(before_class), instance(after_class), "update"),
    ]  # fmt: skip
    planned = [
        {"address": a, "mode": "managed", "type": t, "name": "legacy", "values": after}
        | ({"index": i} if i is not None else {})
        for a, t, i, _, after, _ in resources
    ]
    changes = [
        {"address": a, "mode": "managed", "type": t, "name": "legacy",
         "change": {"actions": [action], "before": before, "after": after}}
        | ({"index": i} if i is not None else {})
        for a, t, i, before, after, action in resources
    ]  # fmt: skip
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
    }


def _json(result: Any, code: int = 0) -> dict[str, Any]:
    assert result.exit_code == code, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _extended(option: dict[str, Any]) -> dict[str, Any] | None:
    return next((i for i in option["line_items"] if i["name"] == "extended_support"), None)


def test_compare_infra_as_of_prices_extended_support(tmp_path: Path) -> None:
    # Aurora MySQL 2 db.r6g.large, us-east-1, 2026-12: 2 vCPU x 730 h x $0.10 = $146.00 of
    # Extended Support; compute 730 x $0.16 = $116.80; no usage: storage 0. Total $262.80.
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.large")))
    result = invoke("compare", "--infra", str(plan), "-r", "us-east-1", "--as-of", "2026-12",
                    "-f", "json")  # fmt: skip
    document = _json(result)
    assert document["as_of"] == "2026-12"
    (cluster,) = document["clusters"]
    assert cluster["report"]["as_of"] == "2026-12"
    (option,) = cluster["report"]["options"]
    line = _extended(option)
    assert line is not None
    assert (line["quantity"], line["unit_price"], line["monthly_cost"]) == ("1460", "0.1", "146.00")
    assert option["monthly_cost"] == "262.80"
    assert document["total"]["monthly_cost"] == "262.80"
    assert any(d["code"] == "extended-support" for d in option["diagnostics"])
    assert "Priced for 2026-12 (--as-of)" in result.stderr


def test_compare_infra_before_extended_support_began(tmp_path: Path) -> None:
    # 2024-11: Aurora MySQL 2 was still in standard support (charges from 2024-12-01)
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.large")))
    document = _json(invoke("compare", "--infra", str(plan), "-r", "us-east-1",
                            "--as-of", "2024-11", "-f", "json"))  # fmt: skip
    (option,) = document["clusters"][0]["report"]["options"]
    assert document["as_of"] == "2024-11" and _extended(option) is None
    assert option["monthly_cost"] == "116.80"  # 730 x $0.16


def test_as_of_on_the_command_line_wins_over_the_usage_file(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.large")))
    usage = write(tmp_path, "usage.yaml", "version: 1\ndefaults: {as_of: '2024-11'}\n")
    document = _json(invoke("compare", "--infra", str(plan), "--usage", str(usage),
                            "-r", "us-east-1", "--as-of", "2026-12", "-f", "json"))  # fmt: skip
    (option,) = document["clusters"][0]["report"]["options"]
    assert document["as_of"] == "2026-12"
    assert _extended(option) is not None
    # without the flag, the usage file's month is priced
    document = _json(invoke("compare", "--infra", str(plan), "--usage", str(usage),
                            "-r", "us-east-1", "-f", "json"))  # fmt: skip
    assert document["as_of"] == "2024-11"


def test_check_infra_as_of_judges_the_month(tmp_path: Path) -> None:
    # $262.80 in 2026-12 is over a $200 budget; $116.80 in 2024-11 is within it
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.large")))
    args = ["check", "--infra", str(plan), "-r", "us-east-1", "--max-monthly", "200", "-f", "json"]
    over = invoke(*args, "--as-of", "2026-12")
    budget = _json(over, 1)["budget"]
    assert (budget["status"], budget["monthly_cost"], budget["over_by"]) == (
        "over",
        "262.80",
        "62.80",
    )
    assert "Budget check failed" in over.stderr
    within = invoke(*args, "--as-of", "2024-11")
    assert _json(within)["budget"]["status"] == "within"
    assert "Within budget" in within.stderr


def test_check_max_increase_prices_both_sides_as_of(tmp_path: Path) -> None:
    # db.r6g.large -> db.r6g.xlarge in 2026-12: before 116.80 + 146.00 = 262.80; after
    # 730 x 0.32 = 233.60 + 4 vCPU x 730 x 0.10 = 292.00 -> 525.60; +262.80 (+100%)
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.xlarge")))
    result = invoke("check", "--infra", str(plan), "-r", "us-east-1", "--as-of", "2026-12",
                    "--max-increase", "200", "-f", "json")  # fmt: skip
    document = _json(result, 1)
    assert document["as_of"] == "2026-12"
    assert document["total"] == {"before": "262.80", "after": "525.60", "delta": "262.80",
                                 "delta_percent": "100"}  # fmt: skip
    assert document["budget"]["increase"]["status"] == "over"


def test_diff_plan_as_of(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.xlarge")))
    result = invoke("diff", "--infra", str(plan), "-r", "us-east-1", "--as-of", "2026-12",
                    "-f", "json")  # fmt: skip
    document = _json(result)
    assert document["as_of"] == "2026-12"
    assert "Priced for 2026-12 (--as-of)" in result.stderr
    (row,) = document["clusters"]
    assert (row["before"], row["after"], row["delta"]) == ("262.80", "525.60", "262.80")
    # 2024-11, before Extended Support: 116.80 -> 233.60
    earlier = _json(invoke("diff", "--infra", str(plan), "-r", "us-east-1",
                           "--as-of", "2024-11", "-f", "json"))  # fmt: skip
    assert earlier["as_of"] == "2024-11"
    assert earlier["total"]["before"] == "116.80" and earlier["total"]["after"] == "233.60"


def test_diff_of_two_workload_files_as_of(tmp_path: Path) -> None:
    # the same two classes as workload options: both sides priced for 2026-12
    def workload(cls: str) -> str:
        return (
            "version: 1\nregion: us-east-1\nusage: {constant: 1}\noptions:\n"
            f"  - {{name: db, kind: provisioned, engine: mysql, engine_version: {MYSQL2},\n"
            f"     instance_class: {cls}}}\n"
        )

    old = write(tmp_path, "old.yaml", workload("db.r6g.large"))
    new = write(tmp_path, "new.yaml", workload("db.r6g.xlarge"))
    document = _json(invoke("diff", str(old), str(new), "--as-of", "2026-12", "-f", "json"))
    assert document["as_of"] == "2026-12"
    assert document["total"]["before"] == "262.80" and document["total"]["after"] == "525.60"
    document = _json(invoke("diff", str(old), str(new), "--as-of", "2024-11", "-f", "json"))
    assert (document["total"]["before"], document["total"]["after"]) == ("116.80", "233.60")


def test_a_bad_as_of_is_one_error(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.large")))
    for args in (["compare", "--infra", str(plan)], ["diff", "--infra", str(plan)],
                 ["advise", "--infra", str(plan)]):  # fmt: skip
        result = invoke(*args, "-r", "us-east-1", "--as-of", "2026-13", "-f", "json")
        assert result.exit_code == 2, result.stderr
        assert result.stdout == ""
        assert "--as-of: '2026-13' is not a month; write it as YYYY-MM" in result.stderr
        assert "Traceback" not in result.stderr


def test_advise_infra_as_of(tmp_path: Path) -> None:
    # the cluster as it runs, in 2026-12: 116.80 + 146.00 of Extended Support; in 2024-11 116.80
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.large")))
    usage = write(tmp_path, "usage.yaml", "version: 1\ndefaults: {usage: {constant: 1}}\n")
    args = ["advise", "--infra", str(plan), "--usage", str(usage), "-r", "us-east-1", "-f", "json"]
    result = invoke(*args, "--as-of", "2026-12")
    document = _json(result)
    assert document["as_of"] == "2026-12"
    (cluster,) = document["clusters"]
    assert cluster["advice"]["current"]["monthly_cost"] == "262.80"
    assert "Traceback" not in result.stderr
    (cluster,) = _json(invoke(*args, "--as-of", "2024-11"))["clusters"]
    assert cluster["advice"]["current"]["monthly_cost"] == "116.80"


def test_a_bad_as_of_in_the_usage_file_names_the_usage_file(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.json", json.dumps(_plan("db.r6g.large", "db.r6g.large")))
    usage = write(tmp_path, "usage.yaml", "version: 1\ndefaults: {as_of: '2026-13'}\n")
    result = invoke("compare", "--infra", str(plan), "--usage", str(usage), "-r", "us-east-1")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{usage}: defaults.as_of: '2026-13' is not a month" in result.stderr
