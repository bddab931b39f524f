"""Line-item bills computed by hand (README "How each option is billed and simulated"), with the
fixture prices of tests/data/prices/ (round numbers; see tests/fixture_prices.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aurora_cost.engine import PriceBook, price, simulate
from aurora_cost.options.serverless_v1 import END_OF_LIFE_WARNING as V1_WARNING
from aurora_cost.report import OptionReport
from aurora_cost.workload.model import parse_workload
from tests.fixture_prices import FIXTURE_PRICES

D = Decimal


def report_for(doc: dict[str, Any], region: str = "eu-west-1"):  # type: ignore[no-untyped-def]
    workload = parse_workload({"version": 1, **doc}, "test")
    return price(simulate(workload), PriceBook(FIXTURE_PRICES), region)


def items(option: OptionReport) -> dict[str, Decimal]:
    return {item.name: item.monthly_cost for item in option.line_items}


OFFICE = {
    "schedule": {
        "windows": [
            {
                "days": ["mon", "tue", "wed", "thu", "fri"],
                "start": "09:00",
                "end": "17:00",
                "acu": 2,
            }
        ]
    }
}


def test_default_workload_in_eu_west_1() -> None:
    report = report_for({"usage": OFFICE, "storage_gb": 20, "io_requests_per_month": 2_000_000})
    # storage 20 GB x 0.10 = 2.00; I/O 2 million x 0.20 = 0.40 (every option is Standard)
    for option in report.options:
        assert items(option)["storage"] == D("2.00")
        assert items(option)["io"] == D("0.40")
    v2 = report.option("serverless-v2")
    # 144 ACU-h a week (40 h x 2 + 128 h x 0.5) x 730/168 = 625.714 ACU-h x 0.10 = 62.57
    assert items(v2)["compute"] == D("62.57")
    assert v2.monthly_cost == D("64.97")  # 62.57 + 2.00 + 0.40
    paused = report.option("serverless-v2-auto-pause")
    # (80 h x 2 + 5 x 5 min x 0.5 ACU) = 80.2083 ACU-h a week x 730/168 = 348.52 x 0.10 = 34.85
    assert items(paused)["compute"] == D("34.85")
    assert paused.monthly_cost == D("37.25")  # 34.85 + 2.00 + 0.40
    v1 = report.option("serverless-v1")
    # 4825 ACU-min a week = 80.4167 h x 730/168 = 349.43 ACU-h x 0.05 = 17.47
    assert items(v1)["compute"] == D("17.47")
    assert v1.legacy and V1_WARNING in v1.warnings
    provisioned = report.option("provisioned")
    # db.t4g.medium 730 h x 0.10 = 73.00
    assert items(provisioned)["compute"] == D("73.00")
    # v1 is cheaper still, but it is end-of-life and never "cheapest"
    assert report.cheapest == "serverless-v2-auto-pause"


def test_io_optimized_has_no_io_line_and_its_own_rates() -> None:
    report = report_for(
        {
            "usage": {"constant": 1},
            "storage_gb": 100,
            "io_requests_per_month": 10**9,
            "options": [
                {"kind": "serverless-v2", "name": "std", "min_acu": 1, "max_acu": 4},
                {
                    "kind": "serverless-v2",
                    "name": "iopt",
                    "min_acu": 1,
                    "max_acu": 4,
                    "storage": "io-optimized",
                },
            ],
        }
    )
    std, iopt = items(report.option("std")), items(report.option("iopt"))
    # 730 ACU-h x 0.10 = 73.00 vs x 0.13 = 94.90; storage 100 x 0.10 = 10.00 vs x 0.25 = 25.00;
    # I/O 1000 million x 0.20 = 200.00 (Standard only): 283.00 vs 119.90
    assert std == {"compute": D("73.00"), "storage": D("10.00"), "io": D("200.00")}
    assert iopt == {"compute": D("94.90"), "storage": D("25.00")}
    assert report.cheapest == "iopt"


def test_with_writer_reader_doubles_compute_and_independent_reader_follows_its_own() -> None:
    report = report_for(
        {
            "usage": {"constant": 2},
            "options": [
                {"kind": "serverless-v2", "name": "alone", "min_acu": 0.5, "max_acu": 8},
                {
                    "kind": "serverless-v2",
                    "name": "mirror",
                    "min_acu": 0.5,
                    "max_acu": 8,
                    "readers": 1,
                },
                {
                    "kind": "serverless-v2",
                    "name": "own",
                    "min_acu": 0.5,
                    "max_acu": 8,
                    "readers": 2,
                    "reader_scaling": "independent",
                    "reader_acu": {"constant": 1},
                },
            ],
        }
    )
    # writer 2 ACU x 730 h = 1460 ACU-h x 0.10 = 146.00; with one with-writer reader 2920 = 292.00
    assert items(report.option("alone"))["compute"] == D("146.00")
    assert items(report.option("mirror"))["compute"] == D("292.00")
    # writer 1460 + 2 readers x 1 ACU x 730 = 2920 ACU-h x 0.10 = 292.00
    own = report.option("own")
    assert own.line_items[0].quantity == D("2920")
    assert items(own)["compute"] == D("292.00")


def test_backup_beyond_storage_only_and_data_api_tiers() -> None:
    report = report_for(
        {
            "usage": {"constant": 1},
            "storage_gb": 50,
            "backup_storage_gb": 80,
            "snapshot_export_gb": 10,
            "data_api_requests_per_month": 1_500_000_000,
            "options": [{"kind": "serverless-v2", "min_acu": 1, "max_acu": 2}],
        }
    )
    option = report.option("serverless-v2")
    lines = [(i.name, i.quantity, i.monthly_cost) for i in option.line_items]
    # backup (80 - 50) GB x 0.02 = 0.60; export 10 GB x 0.01 = 0.10
    assert ("backup", D(30), D("0.60")) in lines
    assert ("snapshot_export", D(10), D("0.10")) in lines
    # Data API: 1000 million x 0.40 = 400.00, then 500 million x 0.20 = 100.00
    assert ("data_api", D(1000), D("400.00")) in lines
    assert ("data_api", D(500), D("100.00")) in lines
    assert option.monthly_cost == sum(i.monthly_cost for i in option.line_items)


def test_backup_within_the_free_allowance_is_not_billed() -> None:
    report = report_for({"usage": {"constant": 1}, "storage_gb": 50, "backup_storage_gb": 50})
    assert all("backup" not in items(o) for o in report.options if o.available)


def test_options_not_sold_in_the_region_are_unavailable_with_a_reason() -> None:
    # fixture sa-east-1 has no v1 rate and eu-west-3 no db.r7g.large (as in AWS's prices)
    sa = report_for({"usage": {"constant": 1}}, "sa-east-1")
    v1 = sa.option("serverless-v1")
    assert not v1.available and v1.monthly_cost is None
    assert v1.warnings[0] == "Aurora Serverless v1 is not sold in sa-east-1"
    paris = report_for(
        {
            "usage": {"constant": 1},
            "options": [{"kind": "provisioned", "instance_class": "db.r7g.large"}],
        },
        "eu-west-3",
    )
    assert paris.option("provisioned").warnings == ["db.r7g.large is not sold in eu-west-3"]
    assert paris.cheapest is None


def test_throttling_and_memory_warnings() -> None:
    report = report_for(
        {
            "usage": {"constant": 12},
            "options": [
                {"kind": "serverless-v2", "min_acu": 0.5, "max_acu": 8},
                {"kind": "provisioned", "instance_class": "db.t4g.medium"},
            ],
        }
    )
    v2 = report.option("serverless-v2")
    assert v2.usage is not None and v2.usage.throttled_hours == D(730)
    assert any("exceeds max_acu 8 for 730 hours" in w for w in v2.warnings)
    assert any(
        "exceeds the memory of db.t4g.medium (2 ACU = 4 GiB)" in w
        for w in report.option("provisioned").warnings
    )


def test_absent_feature_rates_warn_instead_of_pricing_zero() -> None:
    # fixture mx-central-1 sells no snapshot export and no Data API (as in AWS's prices).
    report = report_for(
        {"usage": {"constant": 1}, "snapshot_export_gb": 5, "data_api_requests_per_month": 1000},
        "mx-central-1",
    )
    option = report.option("serverless-v2")
    assert "snapshot_export" not in items(option) and "data_api" not in items(option)
    assert any("snapshot export is not offered in mx-central-1" in w for w in option.warnings)


def test_backtrack_for_mysql_only() -> None:
    report = report_for(
        {
            "usage": {"constant": 1},
            "backtrack_change_records_per_month": 2_000_000,
            "options": [
                {"kind": "provisioned", "instance_class": "db.r6g.large"},
                {"kind": "serverless-v2", "engine": "postgresql", "min_acu": 1, "max_acu": 2},
            ],
        }
    )
    # 2 million change-record-hours x 0.01 = 0.02
    assert items(report.option("provisioned"))["backtrack"] == D("0.02")
    assert "backtrack" not in items(report.option("serverless-v2"))


def test_json_money_is_decimal_strings() -> None:
    report = report_for({"usage": OFFICE, "storage_gb": 20})
    data = report.model_dump(mode="json")
    option = data["options"][1]
    assert option["monthly_cost"] == "64.57"  # 62.57 compute + 20 GB x 0.10 = 2.00 storage
    assert option["line_items"][0]["unit_price"] == "0.1"  # the rate as the price file writes it
    assert data["hours_per_month"] == 730 and data["schema_version"] == 1
