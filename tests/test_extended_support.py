"""RDS Extended Support by the month priced, and what AWS will not create on a version.

The Extended Support rates are the bundled engine catalogue's (AWS's feed, 2025-06-17):
us-east-1 $0.10 per vCPU-hour and $0.085 per ACU-hour in years 1-2, $0.20 and $0.17 in year 3.
Compute uses the fixture prices (tests/data/prices); only the extended_support line is checked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import invoke


def compare(
    tmp_path: Path,
    options: str,
    *flags: str,
    usage: str = "{constant: 2}",
    region: str = "us-east-1",
) -> dict[str, Any]:
    path = tmp_path / "w.yaml"
    path.write_text(f"version: 1\nusage: {usage}\noptions:\n{options}")
    result = invoke("compare", "-w", str(path), "-r", region, "-f", "json", *flags)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def extended(option: dict[str, Any]) -> dict[str, Any] | None:
    return next((i for i in option["line_items"] if i["name"] == "extended_support"), None)


MYSQL2 = (
    "  - {name: m, kind: provisioned, engine: mysql, engine_version: 5.7.mysql_aurora.2.11.2,\n"
    "     instance_class: db.r6g.large}\n"
)
PG13 = (
    "  - {name: pg, kind: serverless-v2, engine: postgresql, engine_version: '13.15',\n"
    "     min_acu: 2, max_acu: 8}\n"
)


def test_aurora_mysql_2_db_r6g_large_in_december_2026(tmp_path: Path) -> None:
    # 2 vCPUs x 730 h = 1,460 vCPU-hours x $0.10 = $146.00 (Aurora MySQL: year 1-2 rate)
    doc = compare(tmp_path, MYSQL2, "--as-of", "2026-12")
    assert doc["as_of"] == "2026-12"
    (option,) = doc["options"]
    line = extended(option)
    assert line is not None
    assert (line["quantity"], line["unit"], line["unit_price"], line["monthly_cost"]) == (
        "1460",
        "vCPU-hours",
        "0.1",
        "146.00",
    )
    total = sum(float(i["monthly_cost"]) for i in option["line_items"])
    assert f"{total:.2f}" == option["monthly_cost"]
    (note,) = [d for d in option["diagnostics"] if d["code"] == "extended-support"]
    assert "saves $146.00 a month" in note["message"]


def test_aurora_postgresql_13_serverless_v2_by_the_month(tmp_path: Path) -> None:
    # 2 ACU all month = 1,460 ACU-hours: x $0.085 = $124.10 in 2026-12 (year 1-2);
    # nothing in 2026-01 (standard support until 2026-02-28); x $0.17 = $248.20 from 2028-03
    december = compare(tmp_path, PG13, "--as-of", "2026-12")["options"][0]
    assert extended(december) == {
        "name": "extended_support",
        "description": "RDS Extended Support, Aurora PostgreSQL 13, year 1-2 rate: "
        "Serverless v2 capacity, ACU-hours",
        "quantity": "1460",
        "unit": "ACU-hours",
        "unit_price": "0.085",
        "monthly_cost": "124.10",
    }
    assert extended(compare(tmp_path, PG13, "--as-of", "2026-01")["options"][0]) is None
    year3 = extended(compare(tmp_path, PG13, "--as-of", "2028-03")["options"][0])
    assert year3 is not None and (year3["unit_price"], year3["monthly_cost"]) == ("0.17", "248.20")
    assert (
        extended(compare(tmp_path, PG13, "--as-of", "2028-02")["options"][0])["unit_price"]
        == "0.085"
    )  # type: ignore[index]


def test_the_issues_200_acu_cluster_pays_12410_more(tmp_path: Path) -> None:
    # 200 ACU x 730 h x $0.085 = $12,410.00
    options = (
        "  - {name: big, kind: serverless-v2, engine: postgresql, engine_version: '13',\n"
        "     min_acu: 200, max_acu: 200}\n"
    )
    (option,) = compare(tmp_path, options, "--as-of", "2026-12", usage="{constant: 200}")["options"]
    line = extended(option)
    assert line is not None and line["monthly_cost"] == "12410.00"


def test_an_opted_out_cluster_pays_none_and_is_upgraded(tmp_path: Path) -> None:
    options = MYSQL2.replace(
        "instance_class: db.r6g.large}",
        "instance_class: db.r6g.large,\n     engine_lifecycle_support: open-source-rds-extended-support-disabled}",
    )
    (option,) = compare(tmp_path, options, "--as-of", "2026-12")["options"]
    assert extended(option) is None
    (note,) = [d for d in option["diagnostics"] if d["code"] == "extended-support-disabled"]
    assert "upgrades it" in note["message"]


def test_past_the_end_of_extended_support_aws_upgrades(tmp_path: Path) -> None:
    (option,) = compare(tmp_path, MYSQL2, "--as-of", "2027-03")["options"]  # ended 2027-02-28
    assert extended(option) is None
    assert any(d["code"] == "extended-support-ended" for d in option["diagnostics"])


def test_no_year_3_serverless_rate_is_missing_not_zero(tmp_path: Path) -> None:
    # ap-east-2 has no year-3 Serverless v2 row: the bill is a lower bound, never $0
    (option,) = compare(tmp_path, PG13, "--as-of", "2028-03", region="ap-east-2")["options"]
    assert extended(option) is None
    assert option["missing"] == ["extended_support"] and option["complete"] is False


def test_what_aws_will_not_create_is_unavailable_never_cheapest(tmp_path: Path) -> None:
    options = (
        "  - {name: v2-on-2, kind: serverless-v2, engine: mysql, engine_version: '2', min_acu: 1, max_acu: 8}\n"
        "  - {name: min0-on-307, kind: serverless-v2, engine: mysql, engine_version: 3.07.1, min_acu: 0, max_acu: 8}\n"
        "  - {name: r7g-on-2, kind: provisioned, engine: mysql, engine_version: '2', instance_class: db.r7g.large}\n"
        "  - {name: io-on-12, kind: provisioned, engine: postgresql, engine_version: '12', instance_class: db.r6g.large, storage: io-optimized}\n"
        "  - {name: ok, kind: provisioned, engine: mysql, engine_version: '3', instance_class: db.r6g.xlarge}\n"
    )
    doc = compare(tmp_path, options, "--as-of", "2026-12")
    by_name = {o["name"]: o for o in doc["options"]}
    for name, words in (
        ("v2-on-2", "does not support Aurora Serverless v2"),
        ("min0-on-307", "3.08.0"),
        ("r7g-on-2", "db.r7g.large is not offered"),
        ("io-on-12", "I/O-Optimized"),
    ):
        option = by_name[name]
        assert option["available"] is False and option["monthly_cost"] is None
        assert option["diagnostics"][0]["code"] == "version-unsupported"
        assert words in option["diagnostics"][0]["message"]
    assert doc["cheapest"] == "ok"


def test_a_running_cluster_is_priced_as_it_runs(tmp_path: Path) -> None:
    options = (
        "  - {name: old, kind: provisioned, engine: mysql, engine_version: '2', "
        "instance_class: db.r7g.large, existing: true}\n"
    )
    (option,) = compare(tmp_path, options, "--as-of", "2026-12")["options"]
    assert option["available"] is True
    line = extended(option)  # 2 vCPUs x 730 h x $0.10
    assert line is not None and line["monthly_cost"] == "146.00"
    assert any(d["code"] == "version-unsupported" for d in option["diagnostics"])


def test_a_bad_version_or_month_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "version: 1\nusage: {constant: 1}\noptions:\n"
        "  - {name: p, kind: provisioned, instance_class: db.r6g.large, engine_version: latest}\n"
    )
    result = invoke("compare", "-w", str(path), "-r", "us-east-1")
    assert result.exit_code == 2
    assert "engine_version" in result.stderr and "8.0.mysql_aurora.3.08.0" in result.stderr
    result = invoke("compare", "-r", "us-east-1", "--as-of", "2026-13")
    assert result.exit_code == 2 and "--as-of" in result.stderr and "YYYY-MM" in result.stderr


def test_an_unknown_major_is_priced_with_the_nearest_rules_and_said(tmp_path: Path) -> None:
    options = (
        "  - {name: p, kind: provisioned, engine: postgresql, engine_version: '19.1', "
        "instance_class: db.r6g.large}\n"
    )
    (option,) = compare(tmp_path, options)["options"]
    assert option["available"] is True
    (note,) = [d for d in option["diagnostics"] if d["code"] == "engine-version"]
    assert "Aurora PostgreSQL 18" in note["message"]
