"""RDS Proxy line items and Database Savings Plans in reports, by hand on the fixture prices.

Fixture eu-west-1 (tests/fixture_prices.py): v2 0.10 per ACU-hour, storage 0.10 per GB-month,
I/O 0.20 per million, db.r6g.large 0.20 and db.r7g.large 0.25 an hour; RDS Proxy 0.01 per
vCPU-hour and 0.01 per ACU-hour; Savings Plans derived: v2 0.065 (35% off), db.r7g 0.20
(20% off). ap-east-2 has no RDS Proxy rates.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import invoke


def report(
    tmp_path: Path, options: str, usage: str = "{constant: 1}", region: str = "eu-west-1"
) -> dict[str, Any]:
    path = tmp_path / "w.yaml"
    path.write_text(f"version: 1\nusage: {usage}\noptions:\n{options}")
    result = invoke("compare", "-w", str(path), "-r", region, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def item(option: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((i for i in option["line_items"] if i["name"] == name), None)


def test_proxy_in_front_of_instances_bills_their_vcpus(tmp_path: Path) -> None:
    # db.r6g.large has 2 vCPUs: 2 instances x 2 vCPUs x 730 h = 2,920 vCPU-h x 0.01 = 29.20
    doc = report(tmp_path, "  - {name: p, kind: provisioned, instance_class: db.r6g.large,\n"
                           "     instances: 2, rds_proxy: true}\n")  # fmt: skip
    (p,) = doc["options"]
    proxy = item(p, "rds_proxy")
    assert proxy is not None
    assert (proxy["quantity"], proxy["unit"], proxy["monthly_cost"]) == (
        "2920",
        "vCPU-hours",
        "29.20",
    )
    # 2 x 730 x 0.20 = 292.00 compute + 29.20 proxy + 0 storage = 321.20
    assert p["monthly_cost"] == "321.20"
    assert p["complete"] and "RDS Proxy" in p["settings"]


def test_proxy_in_front_of_serverless_bills_at_least_8_acus_an_hour(tmp_path: Path) -> None:
    # 1 ACU all month: each hour bills max(1, 8) = 8 ACU-h: 5,840 x 0.01 = 58.40
    # 10 ACU all month: 10 > 8: 7,300 ACU-h x 0.01 = 73.00
    doc = report(
        tmp_path,
        "  - {name: small, kind: serverless-v2, min_acu: 0.5, max_acu: 16, rds_proxy: true}\n",
    )
    assert item(doc["options"][0], "rds_proxy")["monthly_cost"] == "58.40"  # type: ignore[index]
    doc = report(
        tmp_path,
        "  - {name: big, kind: serverless-v2, min_acu: 0.5, max_acu: 16, rds_proxy: true}\n",
        usage="{constant: 10}",
    )
    assert item(doc["options"][0], "rds_proxy")["monthly_cost"] == "73.00"  # type: ignore[index]


def test_a_proxy_stops_auto_pause(tmp_path: Path) -> None:
    # The small app's week: 40 h at 2 ACU, idle otherwise. With the proxy it never pauses:
    # 40 x 2 + 128 x 0.5 = 144 ACU-h a week x 730/168 = 625.71 ACU-h x 0.10 = 62.57;
    # without it, 37.25 - 2.40 = 34.85 (it pauses). Proxy: 8 ACU-h every hour = 58.40.
    schedule = ('{schedule: {windows: [{days: [mon, tue, wed, thu, fri], start: "09:00", '
                'end: "17:00", acu: 2}]}}')  # fmt: skip
    doc = report(
        tmp_path,
        "  - {name: paused, kind: serverless-v2, min_acu: 0, max_acu: 8}\n"
        "  - {name: proxied, kind: serverless-v2, min_acu: 0, max_acu: 8, rds_proxy: true}\n",
        usage=schedule,
    )
    paused, proxied = doc["options"]
    assert item(paused, "compute")["monthly_cost"] == "34.85"  # type: ignore[index]
    assert item(proxied, "compute")["monthly_cost"] == "62.57"  # type: ignore[index]
    assert proxied["usage"]["paused_hours"] == "0"
    assert item(proxied, "rds_proxy")["monthly_cost"] == "58.40"  # type: ignore[index]
    assert "proxy-prevents-pause" in [d["code"] for d in proxied["diagnostics"]]


def test_a_proxy_that_cannot_be_priced_is_missing(tmp_path: Path) -> None:
    doc = report(
        tmp_path,
        "  - {name: v1, kind: serverless-v1, min_acu: 1, max_acu: 8, rds_proxy: true}\n"
        "  - {name: v2, kind: serverless-v2, min_acu: 0.5, max_acu: 8, rds_proxy: true}\n",
        region="ap-east-2",  # no RDS Proxy rates there
    )
    v1, v2 = doc["options"]
    assert v2["missing"] == ["rds_proxy"] and not v2["complete"]
    assert "rate-missing" in [d["code"] for d in v2["diagnostics"]]
    doc = report(
        tmp_path, "  - {name: v1, kind: serverless-v1, min_acu: 1, max_acu: 8, rds_proxy: true}\n"
    )
    (v1,) = doc["options"]
    assert v1["missing"] == ["rds_proxy"]
    assert any("RDS Proxy does not support Aurora Serverless v1" in w for w in v1["warnings"])


def test_savings_plans_in_the_report(tmp_path: Path) -> None:
    # The small app's always-on v2 (see tests/test_savings_plan.py): commit 0.032 an hour,
    # compute 49.99 instead of 62.57: 64.97 - 62.57 + 49.99 = 52.39, saving 12.58. The
    # auto-pause option commits nothing. db.r7g.large is eligible (20% off): commit
    # 1 x 0.20 = 0.20 an hour, 730 x 0.20 = 146.00 instead of 182.50: saves 36.50.
    # db.r6g is not eligible: null.
    result = invoke("compare", "-r", "eu-west-1", "-f", "json")
    doc = json.loads(result.stdout)
    plans = {o["name"]: o["savings_plan"] for o in doc["options"]}
    assert plans["serverless-v1"] is None and plans["provisioned"] is None  # v1; db.t4g
    assert plans["serverless-v2"] == {
        "hourly_commitment": "0.032",
        "monthly_cost": "52.39",
        "savings": "12.58",
        "discount_percent": "35",
        "rates": "derived",
    }
    assert plans["serverless-v2-auto-pause"]["hourly_commitment"] == "0"
    assert plans["serverless-v2-auto-pause"]["savings"] == "0.00"
    doc = report(tmp_path, "  - {name: r7g, kind: provisioned, instance_class: db.r7g.large}\n"
                           "  - {name: r6g, kind: provisioned, instance_class: db.r6g.large}\n")  # fmt: skip
    r7g, r6g = doc["options"]
    assert r6g["savings_plan"] is None
    assert r7g["savings_plan"]["hourly_commitment"] == "0.2"
    assert Decimal(r7g["savings_plan"]["savings"]) == Decimal("36.50")
    table = invoke("compare", "-r", "eu-west-1", "-f", "table", env={"COLUMNS": "100"})
    assert "serverless-v2: with a Database Savings Plan of $0.032/hour" in table.stdout
    csv_text = invoke("compare", "-r", "eu-west-1", "-f", "csv").stdout
    assert ",0.032,52.39,12.58" in csv_text
