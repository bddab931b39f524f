"""The bundled catalogue: instance classes per engine, RDS Proxy and Database Savings Plans
rates, spot-checked against AWS's published figures (literals from the feed snapshot of
2025-06-17 and from AWS's AWSDatabaseSavingsPlans offer file for ap-south-2, 2026-04-22)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from aurora_cost.pricing.model import RegionPricing
from aurora_cost.pricing.store import load_region
from tests.fixture_prices import BUNDLED_PRICES, ROOT

pytestmark = pytest.mark.bundled_prices
D = Decimal
OFFER = ROOT / "tools" / "data" / "AWSDatabaseSavingsPlans-ap-south-2-aurora-rows-2026-04-22.csv"


def prices(region: str) -> RegionPricing:
    return load_region(region, BUNDLED_PRICES)


def test_us_east_1_sells_82_classes() -> None:
    assert len(prices("us-east-1").instances) == 82


@pytest.mark.parametrize(
    ("region", "cls", "engine", "io_optimized", "expected"),
    [
        ("us-east-1", "db.r8g.large", "mysql", False, "0.276"),
        ("us-east-1", "db.r8g.large", "postgresql", True, "0.359"),
        ("eu-west-1", "db.r6g.4xlarge", "mysql", False, "2.291"),  # "not sold" before
        ("eu-west-1", "db.r6g.4xlarge", "postgresql", True, "2.978"),
        ("ap-east-2", "db.r6g.2xlarge", "mysql", False, "1.128"),
        ("ap-east-2", "db.r6g.2xlarge", "postgresql", True, "1.468"),
        ("me-central-1", "db.t4g.2xlarge", "mysql", False, "0.688"),
        ("il-central-1", "db.r5.large", "postgresql", False, "0.34"),
        ("il-central-1", "db.t3.medium", "mysql", True, "0.12"),
    ],
)
def test_instance_rates_per_engine(
    region: str, cls: str, engine: str, io_optimized: bool, expected: str
) -> None:
    assert prices(region).instance_rate(cls, engine, io_optimized) == D(expected)


def test_ap_east_2_db_r7g_2xlarge_is_mysql_standard_and_postgresql_io_optimized_only() -> None:
    taipei = prices("ap-east-2")
    assert taipei.instance_rate("db.r7g.2xlarge", "mysql", False) == D("1.2")
    assert taipei.instance_rate("db.r7g.2xlarge", "mysql", True) is None
    assert taipei.instance_rate("db.r7g.2xlarge", "postgresql", False) is None
    assert taipei.instance_rate("db.r7g.2xlarge", "postgresql", True) == D("1.56")
    assert taipei.instances["db.r6gd.4xlarge"].mysql is None  # Aurora PostgreSQL only


def test_il_central_1_sells_db_r5_and_db_t3_only() -> None:
    assert sorted(prices("il-central-1").instances) == sorted(
        [f"db.r5.{size}" for size in ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge",
                                      "12xlarge", "16xlarge", "24xlarge")]
        + ["db.t3.small", "db.t3.medium", "db.t3.large"]
    )  # fmt: skip
    assert prices("il-central-1").instances["db.t3.small"].postgresql is None


@pytest.mark.parametrize(
    ("region", "vcpu_hour", "acu_hour"),
    [("us-east-1", "0.015", "0.015"), ("eu-west-1", "0.016", "0.018"),
     ("il-central-1", "0.017", "0.0188"), ("sa-east-1", "0.03", "0.032")],
)  # fmt: skip
def test_rds_proxy_rates(region: str, vcpu_hour: str, acu_hour: str) -> None:
    proxy = prices(region).rds_proxy
    assert proxy is not None
    for engine in ("mysql", "postgresql"):
        assert proxy.provisioned_vcpu_hour.engine(engine) == D(vcpu_hour)
        assert proxy.serverless_v2_acu_hour.engine(engine) == D(acu_hour)


def test_ap_east_2_has_no_rds_proxy_prices() -> None:
    assert prices("ap-east-2").rds_proxy is None


@pytest.mark.parametrize("region", sorted(p.stem for p in BUNDLED_PRICES.glob("*.yaml")))
def test_savings_plans_rates_are_on_demand_x_0_65_and_x_0_80(region: str) -> None:
    p = prices(region)
    plans = p.savings_plans
    assert plans is not None
    assert plans.rates == ("offer-file" if region == "ap-south-2" else "derived")
    for engine in ("mysql", "postgresql"):
        for io in (False, True):
            v2 = (
                p.rates.serverless_v2_io_optimized_acu_hour
                if io
                else p.rates.serverless_v2_acu_hour
            )
            assert v2 is not None
            assert plans.serverless_v2(engine, io) == v2 * D("0.65")
    for cls in p.instances:
        eligible = cls.split(".")[1] in ("r7g", "r7i", "r8g")
        for engine in ("mysql", "postgresql"):
            for io in (False, True):
                on_demand = p.instance_rate(cls, engine, io)
                discounted = plans.instance(cls, engine, io)
                if eligible and on_demand is not None:
                    assert discounted == on_demand * D("0.80"), (cls, engine, io)
                else:
                    assert discounted is None, (cls, engine, io)


def test_derived_savings_plans_spot_values() -> None:
    plans = prices("eu-west-1").savings_plans
    assert plans is not None and plans.rates == "derived"
    assert plans.serverless_v2("mysql", False) == D("0.091")  # 0.14 x 0.65
    assert plans.serverless_v2("postgresql", True) == D("0.1235")  # 0.19 x 0.65
    assert plans.instance("db.r7g.2xlarge", "mysql", False) == D("0.9728")  # 1.216 x 0.80
    assert plans.instance("db.r6g.large", "mysql", False) is None
    assert "35%" in plans.source and "20%" in plans.source
    assert "https://aws.amazon.com/savingsplans/database-pricing/" in plans.source


def _offer_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[5]
    return [dict(zip(header, row)) for row in rows[6:]]


def test_ap_south_2_savings_plans_reproduce_every_real_offer_row() -> None:
    plans = prices("ap-south-2").savings_plans
    assert plans is not None and plans.rates == "offer-file"
    assert plans.published is not None and plans.published.isoformat() == "2026-04-22"
    assert "20260422194203" in plans.source and "2026-04-22T19:42:03Z" in plans.source
    engines = {"CreateDBInstance:0016": "mysql", "CreateDBInstance:0021": "postgresql"}
    checked = 0
    for row in _offer_rows(OFFER):
        usage = row["DiscountedUsageType"].removeprefix("APS5-")
        if "Limitless" in usage:
            continue
        engine, rate = engines[row["DiscountedOperation"]], D(row["DiscountedRate"])
        if usage.startswith("Aurora:ServerlessV2"):
            found = plans.serverless_v2(engine, "IOOptimized" in usage)
        else:
            kind, cls = usage.split(":")
            size = cls.split(".")[2]
            cls = cls.removesuffix(size) + (size[:-2] + "xlarge" if size.endswith("xl") else size)
            found = plans.instance(cls, engine, kind.endswith("IOOptimized"))
        assert found == rate, row["DiscountedUsageType"]
        checked += 1
    assert checked == 68  # every Aurora row but the one Limitless row
    # the real rows are exactly on-demand x 0.65 and x 0.80 where the feed prices the usage
    hyderabad = prices("ap-south-2")
    assert plans.serverless_v2("mysql", False) == D("0.117") == D("0.18") * D("0.65")
    assert plans.instance("db.r7g.xlarge", "mysql", True) == D("0.6504")
    assert hyderabad.instance_rate("db.r7g.xlarge", "mysql", True) == D("0.813")


def test_the_header_names_the_instances_feed_and_the_savings_plans_offer_file() -> None:
    text = (BUNDLED_PRICES / "ap-south-2.yaml").read_text(encoding="utf-8")
    head = text[: text.index("schema_version:")]
    for expected in (
        "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/rds/USD/current/rds-proxy.json",
        "processed/rds-aurora-ondemand.json and processed/rds-proxy.json",
        "tools/data/aurora-instances-2025-06-17.json",
        "tools/data/AWSDatabaseSavingsPlans-ap-south-2-aurora-rows-2026-04-22.csv",
        "AWSDatabaseSavingsPlans offer file for ap-south-2",
        "version 20260422194203, published 2026-04-22T19:42:03Z",
    ):
        assert expected in head, expected
    assert "schema_version: 2\n" in text
