"""`aurora-cost reconcile` on RDS Proxy and Serverless v1 rows, and the alternatives' ways to
pay, on small CUR 2.0 exports written here (AWS's column names, as tools/make_bill_exports.py)
and the fixture prices of tests/data/prices/ (eu-west-1: RDS Proxy $0.01 per vCPU-hour and
per ACU-hour, Serverless v1 $0.05 and v2 $0.10 per ACU-hour; ap-east-2 sells no RDS Proxy
and eu-north-1 never sold Serverless v1)."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import datetime, timedelta
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from aurora_cost.advise.model import Advice
from aurora_cost.bill.model import Reconciliation
from aurora_cost.money import usd
from aurora_cost.render.advice import WAYS
from tests.conftest import invoke

pytest.importorskip("duckdb", reason="DuckDB comes with the `bill` extra (in `test`)")

HEADER = ["line_item_line_item_type", "line_item_usage_start_date", "line_item_usage_end_date",
          "line_item_product_code", "line_item_usage_type", "line_item_operation",
          "line_item_resource_id", "line_item_usage_amount", "line_item_currency_code",
          "line_item_unblended_cost", "product_region_code", "pricing_unit"]  # fmt: skip
PREFIX = {"eu-west-1": "EU-", "ap-east-2": "APE2-", "eu-north-1": "EUN1-"}


def export(
    tmp_path: Path,
    usage: list[tuple[str, str, str, str, str, str]],
    *,
    region: str = "eu-west-1",
    start: datetime = datetime(2026, 11, 1),
    hours: int = 10,
) -> Path:
    """Hourly rows for `hours` hours: (usage type, operation, resource, amount, cost, unit)."""
    rows = []
    for h in range(hours):
        begin, end = start + timedelta(hours=h), start + timedelta(hours=h + 1)
        for usage_type, operation, resource, amount, cost, unit in usage:
            rows.append(["Usage", f"{begin:%Y-%m-%dT%H:%M:%SZ}", f"{end:%Y-%m-%dT%H:%M:%SZ}",
                         "AmazonRDS", PREFIX[region] + usage_type, operation,
                         f"arn:aws:rds:{region}:123456789012:{resource}", amount, "USD", cost,
                         region, unit])  # fmt: skip
    path = tmp_path / "bill.csv.gz"
    with gzip.open(path, "wt", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def reconciled(path: Path, *args: str) -> Any:
    result = invoke("reconcile", "--bill", str(path), *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {c["resource"]: c for c in json.loads(result.stdout)["clusters"]}


PROXY = "CreateDBProxy:0016"  # RDS Proxy rows carry the engine's code (Aurora MySQL)


def test_rds_proxy_rows_are_computed_at_the_charges_rates(tmp_path: Path) -> None:
    bill = export(tmp_path, [
        ("InstanceUsage:db.r6g.large", "CreateDBInstance:0016", "db:orders-1", "1", "0.20", "Hrs"),
        ("RDS:ProxyUsage", PROXY, "db-proxy:prx-0aaa", "2", "0.02", "vCPU-Hours"),
        ("RDS:Proxy-ASv2-Usage", PROXY, "db-proxy:prx-0bbb", "8", "0.096", "ACU-Hr"),
    ])  # fmt: skip
    clusters = reconciled(bill, "--no-alternatives")
    # provisioned proxy: 10 h x 2 vCPU-hours = 20 vCPU-hours x $0.01 = $0.20, billed $0.20
    vcpu = clusters["prx-0aaa"]
    assert [(i["name"], D(i["quantity"]), i["unit"], D(i["unit_price"]), D(i["cost"]))
            for i in vcpu["computed"]["line_items"]] == [
        ("rds_proxy", 20, "vCPU-hours", D("0.01"), D("0.20"))]  # fmt: skip
    assert D(vcpu["billed"]["total"]) == D("0.20") and D(vcpu["difference"]["amount"]) == 0
    # Serverless v2 proxy: 10 h x 8 ACU (the minimum) = 80 ACU-hours x $0.01 = $0.80; billed
    # at $0.012 (10 x 0.096 = $0.96): difference 0.96 - 0.80 = $0.16, 0.16 / 0.96 = 16.67%
    acu = clusters["prx-0bbb"]
    assert D(acu["computed"]["total"]) == D("0.80")
    assert acu["computed"]["line_items"][0]["unit"] == "ACU-hours"
    assert (D(acu["difference"]["amount"]), acu["difference"]["percent"]) == (D("0.16"), "16.67")
    assert not any("not computed" in note for note in vcpu["notes"] + acu["notes"])
    # the instance is unaffected: 10 h x $0.20 = $2.00
    assert D(clusters["orders-1"]["computed"]["total"]) == 2


def test_rds_proxy_where_no_price_file_sells_it_is_billed_and_said(tmp_path: Path) -> None:
    bill = export(tmp_path, [("RDS:ProxyUsage", PROXY, "db-proxy:prx-0ccc", "2", "0.03",
                              "vCPU-Hours")], region="ap-east-2")  # fmt: skip
    proxy = reconciled(bill, "--no-alternatives")["prx-0ccc"]
    assert D(proxy["billed"]["total"]) == D("0.30")  # 10 x $0.03
    assert proxy["computed"] is None and proxy["difference"]["amount"] is None
    assert any(
        "not computed" in n and "rds_proxy.provisioned_vcpu_hour" in n for n in proxy["notes"]
    ), proxy["notes"]


V1 = ("Aurora:ServerlessUsage", "CreateDBInstance:0016", "cluster:legacy", "4", "0.20", "ACU-Hr")


def test_serverless_v1_is_computed_at_v1s_rate_before_the_migration(tmp_path: Path) -> None:
    bill = export(tmp_path, [V1], start=datetime(2025, 2, 1))
    result = invoke("reconcile", "--bill", str(bill), "--format", "json")
    assert result.exit_code == 0, result.stderr
    legacy = json.loads(result.stdout)["clusters"][0]
    assert legacy["resource"] == "legacy"
    # 10 h x 4 ACU = 40 ACU-hours x $0.05 (v1) = $2.00, billed 10 x $0.20 = $2.00
    (item,) = legacy["computed"]["line_items"]
    assert (item["name"], D(item["quantity"]), item["unit"], D(item["unit_price"]),
            D(item["cost"])) == ("compute", 40, "ACU-hours", D("0.05"), 2)  # fmt: skip
    assert item["description"] == "legacy: Serverless v1 ACU-hours, as billed"
    assert D(legacy["difference"]["amount"]) == 0
    assert legacy["instances"] == [{"resource": "legacy", "instance_class": "serverless-v1",
                                    "hours": "10", "acu_hours": "40"}]  # fmt: skip
    (note,) = [n for n in legacy["notes"] if "v1" in n]
    assert "v1's rate" in note and "2025-03-31" in note and "later" not in note
    # the alternatives replay the billed demand on Serverless v2, what AWS migrated it to:
    # as billed 4 ACU every hour = min = max 4; a month 730 x 4 x $0.10 = $292.00
    advice = Advice.model_validate(legacy["alternatives"])
    assert advice.current.monthly_cost == Decimal("292.00")
    Reconciliation.model_validate_json(result.stdout)


def test_serverless_v1_after_the_migration_is_computed_and_flagged(tmp_path: Path) -> None:
    bill = export(tmp_path, [V1])  # 2026-11: AWS migrated every v1 cluster by then
    legacy = reconciled(bill, "--no-alternatives")["legacy"]
    assert D(legacy["computed"]["total"]) == 2  # 40 ACU-hours x $0.05
    assert any("later than that" in n for n in legacy["notes"]), legacy["notes"]


def test_serverless_v1_where_v1_was_never_sold_is_not_computed(tmp_path: Path) -> None:
    bill = export(tmp_path, [V1], region="eu-north-1", start=datetime(2025, 2, 1))
    legacy = reconciled(bill, "--no-alternatives")["legacy"]
    assert D(legacy["billed"]["total"]) == 2 and legacy["computed"] is None
    assert any("no Serverless v1 rate" in n for n in legacy["notes"]), legacy["notes"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_alternatives_show_their_cheapest_way_to_pay(fmt: str) -> None:
    bills = Path(__file__).resolve().parent / "data" / "bills" / "cur2.csv.gz"
    document = json.loads(invoke("reconcile", "--bill", str(bills), "--format", "json").stdout)
    result = invoke("reconcile", "--bill", str(bills), "--format", fmt, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.stderr
    shown = 0
    for cluster in document["clusters"]:
        for rec in (cluster["alternatives"] or {}).get("recommendations", []):
            ways = rec["ways_to_pay"]
            amount = ways[ways["cheapest"].replace("-", "_")]
            text = f"cheapest way to pay: {WAYS[ways['cheapest']]}, {usd(Decimal(amount))} a month"
            assert text in result.stdout, text
            shown += 1
    assert shown >= 2  # orders and search each have alternatives


def test_a_terraform_plan_joins_a_proxy_to_the_cluster_it_fronts(tmp_path: Path) -> None:
    bill = export(tmp_path, [
        ("Aurora:ServerlessV2Usage", "CreateDBInstance:0016", "db:orders-1", "2", "0.20",
         "ACU-Hr"),
        ("RDS:Proxy-ASv2-Usage", PROXY, "db-proxy:prx-0ddd", "8", "0.08", "ACU-Hr"),
    ])  # fmt: skip
    arn = "arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-0ddd"
    resources = [
        {"address": "aws_rds_cluster.orders", "mode": "managed", "type": "aws_rds_cluster",
         "name": "orders", "values": {"cluster_identifier": "orders", "engine": "aurora-mysql",
                                      "engine_mode": "provisioned",
                                      "serverlessv2_scaling_configuration": [
                                          {"min_capacity": 0.5, "max_capacity": 4}]}},
        {"address": "aws_db_proxy.front", "mode": "managed", "type": "aws_db_proxy",
         "name": "front", "values": {"name": "orders-proxy", "arn": arn}},
        {"address": "aws_db_proxy_target.front", "mode": "managed",
         "type": "aws_db_proxy_target", "name": "front",
         "values": {"db_proxy_name": "orders-proxy", "db_cluster_identifier": "orders"}},
    ]  # fmt: skip
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format_version": "1.2", "terraform_version": "1.9.8",
                                "planned_values": {"root_module": {"resources": resources}}}))  # fmt: skip
    clusters = reconciled(bill, "--infra", str(plan), "--no-alternatives")
    assert sorted(clusters) == ["orders"]  # the instance by name, the proxy by the plan
    orders = clusters["orders"]
    # 10 h x 2 ACU x $0.10 = $2.00; proxy 10 h x 8 ACU = 80 ACU-hours x $0.01 = $0.80
    items = {i["name"]: D(i["cost"]) for i in orders["computed"]["line_items"]}
    assert items == {"compute": 2, "rds_proxy": D("0.80")}
    assert D(orders["billed"]["total"]) == D("2.80") and D(orders["difference"]["amount"]) == 0
