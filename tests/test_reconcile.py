"""`aurora-cost reconcile` on the test exports of tests/data/bills/ (tools/make_bill_exports.py).

The month of those files (720 hours, eu-west-1) at the fixture prices (tests/data/prices/:
v2 $0.10/ACU-hour, storage $0.10/GB-month, I/O $0.20/million, backup $0.02/GB-month,
db.r6g.large $0.20/hour):
- orders: writer 30 x (12 h x 4 + 12 h x 1) = 1,800 ACU-h = $180.00; reader 720 x 0.5 = 360
  ACU-h = $36.00; 72 GB-months = $7.20; 3.6 million I/Os = $0.72; 36 GB-months of backup =
  $0.72: billed $224.64, computed the same (the rates are the same).
- reports (Aurora PostgreSQL 11): db.r6g.large 720 h under a Reserved Instance at $0.13 =
  $93.60 billed, $144.00 computed (on demand); RDS Extended Support year 3 (2026-11), 2 vCPUs
  x 720 h = 1,440 vCPU-h x $0.224 = $322.56 billed and computed; storage 36 x 0.10 = $3.60;
  I/O $0.72: billed $420.48, computed $470.88, difference -$50.40 (-50.40 / 420.48 = -11.99%).
- search: 720 ACU-h under a Savings Plan at $0.065 = $46.80 billed, $72.00 computed; storage
  7.2 x 0.10 = $0.72: billed $47.52, computed $72.72, difference -$25.20.
- shardy: 50 ACU-h of EU-Aurora:LimitlessUsage (unknown) = $5.00 billed, nothing computed.
Total: billed 224.64 + 420.48 + 47.52 + 5.00 = $697.64; computed 224.64 + 470.88 + 72.72 =
$768.24; difference -$70.60 (-10.12%).
"""

from __future__ import annotations

import builtins
import csv
import gzip
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES

duckdb = pytest.importorskip("duckdb", reason="DuckDB comes with the `bill` extra (in `test`)")

BILLS = Path(__file__).resolve().parent / "data" / "bills"
CUR2_PARQUET = BILLS / "cur2-parquet"
CUR2_CSV = BILLS / "cur2.csv.gz"
FOCUS = BILLS / "focus.parquet"


def reconciled(*args: str) -> Any:
    result = invoke("reconcile", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def by_resource(document: Any) -> dict[str, Any]:
    return {c["resource"]: c for c in document["clusters"]}


@pytest.mark.parametrize("export", [CUR2_PARQUET, CUR2_CSV, FOCUS], ids=["parquet", "csv", "focus"])
def test_billed_and_computed_by_hand(export: Path) -> None:
    document = reconciled("--bill", str(export), "--no-alternatives")
    assert document["kind"] == "reconciliation" and document["schema_version"] == 1
    assert document["period"] == {
        "start": "2026-11-01T00:00:00Z",
        "end": "2026-12-01T00:00:00Z",
        "hours": "720",
    }
    clusters = by_resource(document)
    assert sorted(clusters) == ["orders", "reports", "search", "shardy"]
    totals = {
        name: (c["billed"]["total"], c["computed"] and c["computed"]["total"])
        for name, c in clusters.items()
    }
    assert totals == {
        "orders": ("224.64", "224.64"),
        "reports": ("420.48", "470.88"),
        "search": ("47.52", "72.72"),
        "shardy": ("5", None),
    }
    assert clusters["reports"]["difference"] == {"amount": "-50.40", "percent": "-11.99"}
    assert clusters["orders"]["difference"]["amount"] == "0.00"
    assert document["total"] == {
        "billed": "697.64",
        "computed": "768.24",
        "difference": {"amount": "-70.60", "percent": "-10.12"},
    }
    for cluster in clusters.values():  # every total is the sum of its line items
        billed = cluster["billed"]
        assert Decimal(billed["total"]) == sum(Decimal(i["cost"]) for i in billed["line_items"])
        if cluster["computed"]:
            items = cluster["computed"]["line_items"]
            assert Decimal(cluster["computed"]["total"]) == sum(Decimal(i["cost"]) for i in items)


def test_billed_line_items_say_what_each_usage_type_is() -> None:
    orders = by_resource(reconciled("--bill", str(CUR2_CSV), "--no-alternatives"))["orders"]
    items = [(i["name"], i["usage_type"], i["quantity"], i["unit"], i["cost"])
             for i in orders["billed"]["line_items"]]  # fmt: skip
    assert items == [
        ("compute", "Aurora:ServerlessV2Usage", "2160", "ACU-Hr", "216"),
        ("storage", "Aurora:StorageUsage", "72", "GB-Mo", "7.2"),
        ("io", "Aurora:StorageIOUsage", "3600000", "IOs", "0.72"),
        ("backup", "Aurora:BackupUsage", "36", "GB-Mo", "0.72"),
    ]
    assert orders["joined_by"] == "name" and orders["engine"] == "mysql"
    assert [(i["resource"], i["acu_hours"]) for i in orders["instances"]] == [
        ("orders-instance-1", "1800"),
        ("orders-instance-2", "360"),
    ]
    # computed: the same quantities through the engine
    computed = {(i["name"], i["quantity"]) for i in orders["computed"]["line_items"]}
    assert computed == {("compute", "1800"), ("compute", "360"), ("storage", "72"),
                        ("io", "3.6"), ("backup", "36")}  # fmt: skip


def test_covered_usage_counts_at_its_effective_cost() -> None:
    clusters = by_resource(reconciled("--bill", str(CUR2_PARQUET), "--no-alternatives"))
    (reports_compute,) = [
        i for i in clusters["reports"]["billed"]["line_items"] if i["name"] == "compute"
    ]
    assert reports_compute["covered_cost"] == "93.6"  # 720 h x 0.13, the RI's effective rate
    (search_compute,) = [
        i for i in clusters["search"]["billed"]["line_items"] if i["name"] == "compute"
    ]
    assert search_compute["cost"] == "46.8"  # 720 ACU-h x 0.065, not the $72 on-demand amount


def test_extended_support_billed_and_computed() -> None:
    reports = by_resource(reconciled("--bill", str(CUR2_PARQUET), "--no-alternatives"))["reports"]
    (billed,) = [i for i in reports["billed"]["line_items"] if i["name"] == "extended_support"]
    assert (billed["usage_type"], billed["quantity"], billed["cost"]) == (
        "ExtendedSupport:Yr3:AuroraPostgreSQL11", "1440", "322.56")  # fmt: skip
    (computed,) = [i for i in reports["computed"]["line_items"] if i["name"] == "extended_support"]
    # 2 vCPUs x 720 h at the year 3 rate of eu-west-1, 0.224
    assert (computed["quantity"], computed["unit_price"], computed["cost"]) == (
        "1440",
        "0.224",
        "322.56",
    )
    assert reports["computed"]["options"][0]["engine_version"] == "11"


def test_unknown_usage_types_are_listed_never_dropped() -> None:
    document = reconciled("--bill", str(CUR2_CSV), "--no-alternatives")
    assert document["unknown_usage_types"] == [
        {
            "usage_type": "EU-Aurora:LimitlessUsage",
            "resources": ["shardy"],
            "quantity": "50",
            "unit": "ACU-Hr",
            "cost": "5",
        }
    ]
    shardy = by_resource(document)["shardy"]
    assert [i["name"] for i in shardy["billed"]["line_items"]] == ["unknown"]


def test_alternatives_on_the_billed_demand() -> None:
    clusters = by_resource(reconciled("--bill", str(CUR2_CSV)))
    advice = clusters["orders"]["alternatives"]
    assert advice["kind"] == "advice"
    # as billed, for a 730-hour month: 224.64 x 730 / 720 = 227.76
    assert advice["current"]["monthly_cost"] == "227.76"
    assert {r["option"]["kind"] for r in advice["recommendations"]} == {
        "serverless-v2",
        "provisioned",
    }
    assert clusters["reports"]["alternatives"] is None  # provisioned: the bill holds no load
    assert any("instance hours, not load" in n for n in clusters["reports"]["notes"])


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_every_format_shows_the_document(fmt: str) -> None:
    result = invoke("reconcile", "--bill", str(CUR2_CSV), "--no-alternatives", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    for amount in ("224.64", "420.48", "470.88", "47.52"):
        assert amount in result.stdout
    if fmt == "csv":
        rows = list(csv.DictReader(result.stdout.splitlines()))
        billed = [
            Decimal(r["cost"]) for r in rows if r["side"] == "billed" and r["name"] != "total"
        ]
        assert sum(billed) == Decimal("697.64")
    assert "EU-Aurora:LimitlessUsage" in result.stderr


def test_infra_joins_instances_to_their_cluster(tmp_path: Path) -> None:
    describe = {"DBClusters": [{
        "DBClusterIdentifier": "search", "Engine": "aurora-mysql", "EngineMode": "provisioned",
        "ServerlessV2ScalingConfiguration": {"MinCapacity": 0.5, "MaxCapacity": 2},
        "DBClusterMembers": [{"DBInstanceIdentifier": "search-writer", "IsClusterWriter": True,
                              "PromotionTier": 1}]}]}  # fmt: skip
    path = tmp_path / "clusters.json"
    path.write_text(json.dumps(describe))
    instances = tmp_path / "instances.json"
    instances.write_text(json.dumps({"DBInstances": [
        {"DBInstanceIdentifier": "search-writer", "DBInstanceClass": "db.serverless",
         "DBClusterIdentifier": "search", "Engine": "aurora-mysql"}]}))  # fmt: skip
    document = reconciled("--bill", str(CUR2_CSV), "--infra", str(path), "--infra", str(instances))
    search = by_resource(document)["search"]
    assert search["joined_by"] == "infra"
    option = search["computed"]["options"][0]
    assert (option["min_acu"], option["max_acu"]) == (0.5, 2.0)  # the cluster's own range
    assert search["computed"]["total"] == "72.72"  # 1 ACU all month: the range does not matter


def test_print_query_and_its_result_read_back(tmp_path: Path) -> None:
    result = invoke("reconcile", "--bill", str(CUR2_CSV), "--print-query")
    assert result.exit_code == 0, result.stderr
    assert "line_item_usage_type" in result.stdout and '"$path"' in result.stdout
    # run the printed query with DuckDB over the file, save its result as CSV, read it back
    sql = (
        result.stdout.rstrip()
        .rstrip(";")
        .replace(
            "FROM cur2",
            f"FROM read_csv('{CUR2_CSV}', header = true, all_varchar = true, filename = true)",
        )
        .replace('"$path"', "filename")
    )
    con = duckdb.connect()
    saved = tmp_path / "result.csv"
    con.execute(f"COPY ({sql}) TO '{saved}' (HEADER, DELIMITER ',')")
    document = reconciled("--bill-aggregated", str(saved), "--no-alternatives")
    assert document["total"]["billed"] == "697.64"
    assert document["total"]["computed"] == "768.24"


def _write_csv_gz(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with gzip.open(path, "wt", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


HEADER = ["line_item_line_item_type", "line_item_usage_start_date", "line_item_usage_end_date",
          "line_item_product_code", "line_item_usage_type", "line_item_operation",
          "line_item_resource_id", "line_item_usage_amount", "line_item_currency_code",
          "line_item_unblended_cost", "product_region_code", "pricing_unit"]  # fmt: skip


def _usage(start: str, end: str, cost: str = "0.1", currency: str = "USD") -> list[str]:
    return ["Usage", start, end, "AmazonRDS", "EU-Aurora:StorageUsage", "CreateDBInstance:0016",
            "arn:aws:rds:eu-west-1:1:cluster:c", "1", currency, cost, "eu-west-1", "GB-Mo"]  # fmt: skip


def bad(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_a_missing_column_names_file_and_column(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "line_item_usage_amount"]
    row = [
        v
        for h, v in zip(HEADER, _usage("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z"))
        if h in header
    ]
    path = _write_csv_gz(tmp_path / "cut.csv.gz", header, [row])
    bad(invoke("reconcile", "--bill", str(path)), "cut.csv.gz", "line_item_usage_amount")


def test_not_an_export(tmp_path: Path) -> None:
    path = _write_csv_gz(tmp_path / "other.csv.gz", ["a", "b"], [["1", "2"]])
    bad(invoke("reconcile", "--bill", str(path)), "other.csv.gz", "not a CUR 2.0 or FOCUS export")


def test_an_empty_export(tmp_path: Path) -> None:
    path = _write_csv_gz(tmp_path / "empty.csv.gz", HEADER, [])
    bad(invoke("reconcile", "--bill", str(path)), "empty.csv.gz", "no rows")


def test_a_value_that_is_not_a_number(tmp_path: Path) -> None:
    row = _usage("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z", cost="twelve")
    path = _write_csv_gz(tmp_path / "words.csv.gz", HEADER, [row])
    bad(invoke("reconcile", "--bill", str(path)), "words.csv.gz", "line_item_unblended_cost")


def test_a_mix_of_currencies(tmp_path: Path) -> None:
    rows = [_usage("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z"),
            _usage("2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z", currency="EUR")]  # fmt: skip
    path = _write_csv_gz(tmp_path / "mixed.csv.gz", HEADER, rows)
    bad(invoke("reconcile", "--bill", str(path)), "mixed.csv.gz", "EUR, USD")


def test_a_period_longer_than_a_month(tmp_path: Path) -> None:
    rows = [_usage("2026-10-01T00:00:00Z", "2026-10-01T01:00:00Z"),
            _usage("2026-11-30T00:00:00Z", "2026-11-30T01:00:00Z")]  # fmt: skip
    path = _write_csv_gz(tmp_path / "long.csv.gz", HEADER, rows)
    bad(invoke("reconcile", "--bill", str(path)), "long.csv.gz", "more than a month")


def test_unreadable_parquet(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    bad(invoke("reconcile", "--bill", str(path)), "broken.parquet", "not a readable Parquet file")


def test_a_folder_without_exports(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    bad(invoke("reconcile", "--bill", str(tmp_path)), "no export files")


def test_without_duckdb_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_duckdb(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "duckdb" or name.startswith("duckdb."):
            raise ImportError("No module named 'duckdb'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_duckdb)
    bad(invoke("reconcile", "--bill", str(CUR2_CSV)), "pip install 'aurora-cost[bill]'")


def test_the_document_matches_its_schema() -> None:
    import jsonschema

    schema = json.loads(invoke("schema", "reconciliation").stdout)
    jsonschema.validate(reconciled("--bill", str(FOCUS)), schema)


def test_an_aggregated_file_that_is_not_the_query_result(tmp_path: Path) -> None:
    path = tmp_path / "result.csv"
    path.write_text("resource,cost\nx,1\n")
    bad(invoke("reconcile", "--bill-aggregated", str(path)), "result.csv", "--print-query")


def test_print_query_needs_the_export_it_is_for() -> None:
    bad(invoke("reconcile", "--print-query"), "--print-query needs --bill")


def test_bill_and_aggregated_are_one_or_the_other(tmp_path: Path) -> None:
    bad(invoke("reconcile"), "--bill FILE_OR_DIR... or --bill-aggregated FILE")


USAGE_TYPES = ["EU-Aurora:ServerlessV2Usage", "EU-Aurora:StorageUsage", "Aurora:StorageIOUsage",
               "EU-Aurora:BackupUsage", "EU-InstanceUsage:db.r6g.large", "EU-Aurora:Mystery",
               "USE2-RDS:Data-API-Usage", "EU-ExtendedSupport:Yr1-Yr2:AuroraMySQL2"]  # fmt: skip


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["orders", "orders-instance-1", "reports-1", "x"]),
            st.sampled_from(USAGE_TYPES),
            st.decimals(min_value=0, max_value=10**6, places=4),
            st.decimals(min_value=-100, max_value=10**4, places=6),
            st.sampled_from(["on-demand", "savings-plan", "reserved"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_billed_totals_are_the_sums_of_their_rows(rows: list[Any]) -> None:
    from datetime import datetime

    from aurora_cost.bill.billed import billed, unknown_usage_types
    from aurora_cost.bill.group import group_rows
    from aurora_cost.bill.read import BilledRow

    start, end = datetime(2026, 11, 1), datetime(2026, 11, 2)
    billed_rows = [
        BilledRow(
            resource=f"arn:aws:rds:eu-west-1:1:db:{name}",
            region="eu-west-1",
            usage_type=usage,
            operation="CreateDBInstance:0016",
            unit="u",
            coverage=coverage,
            currency="USD",
            quantity=q,
            cost=c,
            first_start=start,
            last_end=end,
            line_items=1,
        )
        for name, usage, q, c, coverage in rows
    ]
    clusters = group_rows(billed_rows)
    documents = [billed(c) for c in clusters]
    # every row lands in exactly one cluster, and every total is the sum of its line items
    assert sum(d.total for d in documents) == sum(r.cost for r in billed_rows)
    for d in documents:
        assert d.total == sum(i.cost for i in d.line_items)
    unknown = {u.usage_type for u in unknown_usage_types(clusters)}
    assert unknown == ({"EU-Aurora:Mystery"} & {r.usage_type for r in billed_rows})


def test_describe_output_joins_a_cluster_named_by_its_resource_id(tmp_path: Path) -> None:
    storage = _usage("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z")
    storage[HEADER.index("line_item_resource_id")] = (
        "arn:aws:rds:eu-west-1:1:cluster:cluster-XYZ123"
    )
    acu = _usage("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z")
    acu[HEADER.index("line_item_usage_type")] = "EU-Aurora:ServerlessV2Usage"
    acu[HEADER.index("line_item_resource_id")] = "arn:aws:rds:eu-west-1:1:db:writer-a"
    bill = _write_csv_gz(tmp_path / "bill.csv.gz", HEADER, [storage, acu])
    clusters = tmp_path / "clusters.json"
    clusters.write_text(json.dumps({"DBClusters": [{
        "DBClusterIdentifier": "search", "DbClusterResourceId": "cluster-XYZ123",
        "Engine": "aurora-mysql", "EngineMode": "provisioned",
        "ServerlessV2ScalingConfiguration": {"MinCapacity": 0.5, "MaxCapacity": 2},
        "DBClusterMembers": [{"DBInstanceIdentifier": "writer-a", "IsClusterWriter": True}]}]}))  # fmt: skip
    instances = tmp_path / "instances.json"
    instances.write_text(json.dumps({"DBInstances": [
        {"DBInstanceIdentifier": "writer-a", "DBInstanceClass": "db.serverless",
         "DBClusterIdentifier": "search", "Engine": "aurora-mysql"}]}))  # fmt: skip
    document = reconciled("--bill", str(bill), "--infra", str(clusters), "--infra", str(instances),
                          "--no-alternatives")  # fmt: skip
    assert [c["resource"] for c in document["clusters"]] == ["search"]
    (search,) = document["clusters"]
    assert search["joined_by"] == "infra"
    assert [i["name"] for i in search["billed"]["line_items"]] == ["compute", "storage"]


@pytest.mark.parametrize("width", ["40", "80", "200"])
def test_the_table_never_cuts_an_amount(width: str) -> None:
    result = invoke(
        "reconcile",
        "--bill",
        str(CUR2_CSV),
        "--format",
        "table",
        env={"AURORA_COST_PRICING": str(FIXTURE_PRICES), "COLUMNS": width},
    )
    assert result.exit_code == 0, result.stderr
    for amount in ("$224.64", "$420.48", "$470.88", "$322.56", "$697.64", "$768.24", "-$70.60"):
        assert amount in result.stdout
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= int(width)
