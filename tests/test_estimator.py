"""Line-item bills computed by hand (DESIGN.md sections 1 and 8), eu-west-1 prices of 2025-06-17."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aurora_cost.estimator import price, simulate_workload
from aurora_cost.options.serverless_v1 import END_OF_LIFE_WARNING as V1_WARNING
from aurora_cost.pricing.store import load_region
from aurora_cost.report import OptionReport
from aurora_cost.workload.model import parse_workload

D = Decimal


def report_for(doc: dict[str, Any], region: str = "eu-west-1"):  # type: ignore[no-untyped-def]
    workload = parse_workload({"version": 1, **doc}, "test")
    return price(simulate_workload(workload), load_region(region))


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
    # storage 20 GB x 0.11 = 2.20; I/O 2 million x 0.22 = 0.44 (every option is Standard)
    for option in report.options:
        assert items(option)["storage"] == D("2.20")
        assert items(option)["io"] == D("0.44")
    v2 = report.option("serverless-v2")
    # 144 ACU-h a week (40 h x 2 + 128 h x 0.5) x 730/168 = 625.714 ACU-h x 0.14 = 87.60
    assert items(v2)["compute"] == D("87.60")
    assert v2.monthly_cost == D("90.24")
    paused = report.option("serverless-v2-auto-pause")
    # (80 h x 2 + 5 x 5 min x 0.5 ACU) = 80.2083 ACU-h a week x 730/168 = 348.52 x 0.14 = 48.79
    assert items(paused)["compute"] == D("48.79")
    assert paused.monthly_cost == D("51.43")
    v1 = report.option("serverless-v1")
    # 4825 ACU-min a week = 80.4167 h x 730/168 = 349.43 ACU-h x 0.07 = 24.46
    assert items(v1)["compute"] == D("24.46")
    assert v1.legacy and V1_WARNING in v1.warnings
    provisioned = report.option("provisioned")
    # db.t4g.medium 730 h x 0.078 = 56.94
    assert items(provisioned)["compute"] == D("56.94")
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
    # 730 ACU-h x 0.14 = 102.20 vs x 0.19 = 138.70; storage 100 x 0.11 = 11.00 vs x 0.248 = 24.80
    assert std == {"compute": D("102.20"), "storage": D("11.00"), "io": D("220.00")}
    assert iopt == {"compute": D("138.70"), "storage": D("24.80")}
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
    # writer 2 ACU x 730 h = 1460 ACU-h x 0.14 = 204.40
    assert items(report.option("alone"))["compute"] == D("204.40")
    assert items(report.option("mirror"))["compute"] == D("408.80")
    # writer 1460 + 2 readers x 1 ACU x 730 = 2920 ACU-h x 0.14 = 408.80
    own = report.option("own")
    assert own.line_items[0].quantity == D("2920")
    assert items(own)["compute"] == D("408.80")


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
    # backup (80 - 50) GB x 0.021 = 0.63; export 10 GB x 0.011 = 0.11
    assert ("backup", D(30), D("0.63")) in lines
    assert ("snapshot_export", D(10), D("0.11")) in lines
    # Data API: 1000 million x 0.373 = 373.00, then 500 million x 0.213 = 106.50
    assert ("data_api", D(1000), D("373.00")) in lines
    assert ("data_api", D(500), D("106.50")) in lines
    assert option.monthly_cost == sum(i.monthly_cost for i in option.line_items)


def test_backup_within_the_free_allowance_is_not_billed() -> None:
    report = report_for({"usage": {"constant": 1}, "storage_gb": 50, "backup_storage_gb": 50})
    assert all("backup" not in items(o) for o in report.options if o.available)


def test_options_not_sold_in_the_region_are_unavailable_with_a_reason() -> None:
    # sa-east-1 never had v1; eu-west-3 has no db.r7g.large; il-central-1 has no instances.
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
    # mx-central-1 sells no snapshot export and no Data API.
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
    # 2 million change-record-hours x 0.013 = 0.026 -> 0.03
    assert items(report.option("provisioned"))["backtrack"] == D("0.03")
    assert "backtrack" not in items(report.option("serverless-v2"))


def test_json_money_is_decimal_strings() -> None:
    report = report_for({"usage": OFFICE, "storage_gb": 20})
    data = report.model_dump(mode="json")
    option = data["options"][1]
    assert option["monthly_cost"] == "89.80"  # 87.60 compute + 20 GB x 0.11 = 2.20 storage
    assert option["line_items"][0]["unit_price"] == "0.14"
    assert data["hours_per_month"] == 730 and data["schema_version"] == 1
