"""`pricing import` reads Aurora's RDS Extended Support rows into `extended_support`, and the
extended_support line item then bills the price file's rate, the bundled catalogue's where
the file has none.

tests/data/offers/AmazonRDS-reserved-eu-west-1.{csv,json} (make_fixtures.py, not AWS's
prices): Aurora MySQL 2 and Aurora PostgreSQL 11 at $0.20 per vCPU-hour in years 1-2,
PostgreSQL 11 $0.40 in year 3, a Serverless v2 row (engine Any) at $0.17 per ACU-hour in
years 1-2 and none for year 3; an RDS for PostgreSQL row ($0.90) that is not Aurora's.
The bundled catalogue's eu-west-1 rates: $0.112 / $0.224 per vCPU-hour, $0.095 / $0.19 per
ACU-hour.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aurora_cost.pricing.aws import import_offer_files
from aurora_cost.pricing.model import ExtendedSupportRates, YearRates
from tests.conftest import invoke

OFFERS = Path(__file__).parent / "data" / "offers"
CSV = OFFERS / "AmazonRDS-reserved-eu-west-1.csv"
JSON = OFFERS / "AmazonRDS-reserved-eu-west-1.json"
D = Decimal


@pytest.mark.parametrize("offer", [CSV, JSON], ids=["csv", "json"])
def test_extended_support_rows_import(offer: Path) -> None:
    result = import_offer_files([offer], retrieved=date(2026, 1, 2))
    pricing = result.regions["eu-west-1"]
    assert pricing.extended_support == ExtendedSupportRates(
        provisioned_vcpu_hour=YearRates(yr1_yr2=D("0.2"), yr3=D("0.4")),
        serverless_v2_acu_hour=YearRates(yr1_yr2=D("0.17")),
    )
    assert pricing.source.skus["extended_support.provisioned_vcpu_hour.yr3"]
    text = result.texts["eu-west-1"]
    assert "  provisioned_vcpu_hour: {yr1_yr2: 0.2, yr3: 0.4}\n" in text
    assert (
        "  serverless_v2_acu_hour: {yr1_yr2: 0.17}  # absent (no row; the bundled rate "
        "applies): yr3\n"
    ) in text


def test_disagreeing_rows_are_not_imported(tmp_path: Path) -> None:
    # a second Serverless v2 year 1-2 row (another SKU) at $0.18
    text = CSV.read_text(encoding="utf-8")
    [row] = [line for line in text.splitlines() if '"ACU-hour","0.1700000000"' in line]
    sku = row.split(",")[0].strip('"')
    other = row.replace(sku, "OTHERSKU").replace("0.1700000000", "0.1800000000")
    bad = tmp_path / "index.csv"
    bad.write_text(text + other + "\n")
    result = import_offer_files([bad], retrieved=date(2026, 1, 2))
    rates = result.regions["eu-west-1"].extended_support
    assert rates is not None and rates.serverless_v2_acu_hour.yr1_yr2 is None
    assert rates.provisioned_vcpu_hour.yr1_yr2 == D("0.2")
    assert any("the Aurora rows disagree (0.17 (SKU" in w for w in result.warnings)


def test_a_file_without_them_keeps_the_bundled_rates() -> None:
    result = import_offer_files([OFFERS / "AmazonRDS-eu-west-1.csv"], retrieved=date(2026, 1, 2))
    pricing = result.regions["eu-west-1"]
    assert pricing.extended_support is None  # the RDS for MySQL row is not Aurora's
    assert "extended_support:" not in result.texts["eu-west-1"]


def _extended(option: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in option["line_items"] if i["name"] == "extended_support")


def test_the_bill_uses_the_imported_rate_and_falls_back_per_rate(tmp_path: Path) -> None:
    prices = tmp_path / "prices"
    imported = invoke("pricing", "import", str(CSV), "--out", str(prices), fixture_prices=False)
    assert imported.exit_code == 0, imported.stderr
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage: {constant: 2}\noptions:\n"
        "  - {name: m, kind: provisioned, engine: mysql, engine_version: 5.7.mysql_aurora.2.11.2,"
        " instance_class: db.r6g.large}\n"
        "  - {name: pg, kind: serverless-v2, engine: postgresql, engine_version: '13.15',"
        " min_acu: 2, max_acu: 8}\n"
    )

    def compare(month: str) -> list[dict[str, Any]]:
        result = invoke(
            "compare", "-w", str(workload), "-r", "eu-west-1", "-f", "json", "--as-of", month,
            env={"AURORA_COST_PRICING": str(prices)},
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        options: list[dict[str, Any]] = json.loads(result.stdout)["options"]
        return options

    mysql, pg = compare("2026-12")
    # Aurora MySQL 2, db.r6g.large: 2 vCPUs x 730 h = 1,460 vCPU-hours x $0.20 (the file's
    # year 1-2 rate, not the catalogue's $0.112) = $292.00
    assert (_extended(mysql)["unit_price"], _extended(mysql)["monthly_cost"]) == ("0.2", "292.00")
    # Aurora PostgreSQL 13 Serverless v2 at 2 ACU: 1,460 ACU-hours x $0.17 = $248.20
    assert (_extended(pg)["unit_price"], _extended(pg)["monthly_cost"]) == ("0.17", "248.20")
    _, pg = compare("2028-03")
    # year 3: the file has no Serverless v2 year-3 rate, so the catalogue's $0.19:
    # 1,460 x 0.19 = $277.40
    assert (_extended(pg)["unit_price"], _extended(pg)["monthly_cost"]) == ("0.19", "277.40")
