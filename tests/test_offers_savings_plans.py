"""`pricing import` of AWSDatabaseSavingsPlans offer files: real rows, CSV and JSON, bad files.

tests/data/offers/AWSDatabaseSavingsPlans-ap-south-2-aurora-rows.csv holds real rows of
AWS's file (source in tests/data/offers/README.md). Its .json twin and the eu-west-1
JSON are NOT AWS files: make_fixtures.py wrote them from the CSVs, by hand-written code,
to the JSON shape AWS documents for Savings Plans price list files (version,
publicationDate, regionCode, a products list, terms.savingsPlan[].rates[] with
discountedRate {price, currency}).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from aurora_cost.errors import InputError, PricingError
from aurora_cost.pricing.aws import import_offer_files
from aurora_cost.pricing.aws.csv_reader import read_csv
from aurora_cost.pricing.aws.json_reader import read_json
from aurora_cost.pricing.aws.savings_plans import SavingsPlansCollector, class_name
from aurora_cost.pricing.aws.select import OfferCollector
from aurora_cost.pricing.model import SavingsPlanRates
from aurora_cost.pricing.store import load_region
from tests.fixture_prices import FIXTURE_PRICES

OFFERS = Path(__file__).parent / "data" / "offers"
REAL = OFFERS / "AWSDatabaseSavingsPlans-ap-south-2-aurora-rows.csv"
REAL_JSON = REAL.with_suffix(".json")
SP_CSV = OFFERS / "AWSDatabaseSavingsPlans-eu-west-1.csv"
SP_JSON = OFFERS / "AWSDatabaseSavingsPlans-eu-west-1.json"
RDS = OFFERS / "AmazonRDS-eu-west-1.csv"
D = Decimal


def plans_of(path: Path, region: str) -> SavingsPlanRates:
    plans = SavingsPlansCollector()
    reader = read_json if path.suffix == ".json" else read_csv
    meta = reader(path, OfferCollector(), plans)
    assert meta.savings_plans and meta.version == "20260422194203"
    rates, _, _ = plans.build(region, meta, "https://example.test/index")
    return rates


def test_the_real_ap_south_2_rows_give_its_savings_plan_rates() -> None:
    plans = plans_of(REAL, "ap-south-2")
    assert plans.rates == "offer-file"
    assert plans.published == date(2026, 4, 22)
    # DiscountedRate of the rows, per ACU-hour and per instance-hour, exactly
    assert plans.serverless_v2("mysql", io_optimized=False) == D("0.117")
    assert plans.serverless_v2("postgresql", io_optimized=False) == D("0.117")
    assert plans.serverless_v2("mysql", io_optimized=True) == D("0.156")
    assert plans.instance("db.r7g.2xlarge", "mysql", io_optimized=False) == D("1.0")
    assert plans.instance("db.r7g.2xlarge", "postgresql", io_optimized=True) == D("1.3")
    assert plans.instance("db.r7g.large", "mysql", io_optimized=False) == D("0.2504")
    assert plans.instance("db.r7i.48xlarge", "postgresql", io_optimized=True) == D("32.9472")
    assert plans.instance("db.r7i.12xlarge", "mysql", io_optimized=False) == D("6.336")
    # 7 db.r7g and 9 db.r7i sizes, each for both engines and both storage configurations
    assert len(plans.instances) == 16
    for name, per_class in plans.instances.items():
        for engine in (per_class.mysql, per_class.postgresql):
            assert engine is not None, name
            assert engine.standard is not None and engine.io_optimized is not None, name


def test_the_real_rows_as_json_in_the_documented_shape_give_the_same_rates() -> None:
    doc = json.loads(REAL_JSON.read_text())
    assert set(doc) == {"version", "publicationDate", "regionCode", "products", "terms"}
    assert list(doc["terms"]) == ["savingsPlan"]
    by_json, by_csv = plans_of(REAL_JSON, "ap-south-2"), plans_of(REAL, "ap-south-2")
    assert by_json.model_dump(exclude={"source"}) == by_csv.model_dump(exclude={"source"})
    assert "(JSON)" in by_json.source and "(CSV)" in by_csv.source


def test_limitless_and_non_aurora_rows_are_skipped() -> None:
    plans = SavingsPlansCollector()
    read_csv(SP_CSV, OfferCollector(), plans)
    assert plans.regions == ["eu-west-1"]
    _, _, skus = plans.build("eu-west-1", read_csv(SP_CSV, OfferCollector(), plans), "u")
    assert len(skus) == 4 + 3 * 2 * 2  # v2 x 2 engines x 2, db.r7g x 3 sizes x 2 x 2
    assert not any("0.99" in key for key in skus)
    real = SavingsPlansCollector()
    read_csv(REAL, OfferCollector(), real)
    _, _, real_skus = real.build("ap-south-2", read_csv(REAL, OfferCollector(), real), "u")
    assert len(real_skus) == 68  # 69 Aurora rows, less the Limitless one
    assert "DZCHH8H3SPVYZ2Z4.T2MSPS8GRZGEFPDW" not in real_skus.values()


@pytest.mark.parametrize(
    ("tail", "instance_type", "name"),
    [
        ("db.r7g.2xl", "R7G", "db.r7g.2xlarge"),
        ("db.r7g.xl", "R7G", "db.r7g.xlarge"),
        ("db.r7g.large", "R7G", "db.r7g.large"),
        ("db.r7i.48xl", "db.r7i.48xlarge", "db.r7i.48xlarge"),
        ("db.t4g.medium", "", "db.t4g.medium"),
    ],
)
def test_class_names_from_usage_types(tail: str, instance_type: str, name: str) -> None:
    assert class_name(tail, instance_type) == name


def test_import_combines_savings_plans_with_the_amazonrds_file_csv_and_json_alike() -> None:
    by_csv = import_offer_files([RDS, SP_CSV], retrieved=date(2026, 5, 1))
    by_json = import_offer_files([SP_JSON, RDS], retrieved=date(2026, 5, 1))
    csv_pricing, json_pricing = by_csv.regions["eu-west-1"], by_json.regions["eu-west-1"]
    plans = csv_pricing.savings_plans
    assert plans is not None
    # the eu-west-1 fixture's savings_plans, which it derives: v2 0.10 x 0.65, I/O-Optimized
    # 0.13 x 0.65, db.r7g.large 0.25 x 0.80 (I/O-Optimized 0.33 x 0.80), db.r7g.2xlarge 1 x 0.80
    assert plans.serverless_v2("mysql", io_optimized=False) == D("0.065")
    assert plans.serverless_v2("postgresql", io_optimized=True) == D("0.0845")
    assert plans.instance("db.r7g.large", "postgresql", io_optimized=False) == D("0.2")
    assert plans.instance("db.r7g.large", "mysql", io_optimized=True) == D("0.264")
    assert plans.instance("db.r7g.2xlarge", "mysql", io_optimized=False) == D("0.8")
    assert plans.instance("db.r6g.large", "mysql", io_optimized=False) is None  # not eligible
    fixture = load_region("eu-west-1", FIXTURE_PRICES).savings_plans
    assert fixture is not None  # every rate of it, and no other
    kind = {"rates", "source", "published"}  # derived there, offer-file here
    assert plans.model_dump(exclude=kind) == fixture.model_dump(exclude=kind)
    assert "/AWSDatabaseSavingsPlans/20260422194203/eu-west-1/index.csv" in plans.source
    assert json_pricing.savings_plans is not None
    assert json_pricing.savings_plans.source.endswith("/eu-west-1/index.json")
    # the same RegionPricing, except where each file's own address is written
    same = {"source": {"url", "notes"}, "savings_plans": {"source"}}
    assert csv_pricing.model_dump(exclude=same) == json_pricing.model_dump(exclude=same)
    skus = csv_pricing.source.skus
    assert skus["savings_plans.serverless_v2_acu_hour.mysql"].startswith("FIXTURESP1YRNOUP.")
    assert by_csv.warnings == []
    text = by_csv.texts["eu-west-1"]
    assert (
        "savings_plans:  # Database Savings Plans, 1 year, No Upfront: discounted rates\n"
        "  rates: offer-file\n"
    ) in text
    assert "    db.r7g.large: {mysql: {standard: 0.2, io_optimized: 0.264}, " in text


def test_real_rows_round_trip_through_an_import_to_the_written_file(tmp_path: Path) -> None:
    """The eu-west-1 AmazonRDS fixture, relabelled ap-south-2, with the real SP rows."""
    rds = RDS.read_text()
    rds = rds.replace('"eu-west-1"', '"ap-south-2"').replace('"EU-', '"APS5-')
    rds = rds.replace("EU (Ireland)", "Asia Pacific (Hyderabad)")
    relabelled = tmp_path / "AmazonRDS-ap-south-2.csv"
    relabelled.write_text(rds)
    result = import_offer_files([relabelled, REAL])
    pricing = result.regions["ap-south-2"]
    plans = pricing.savings_plans
    assert plans is not None
    assert plans.serverless_v2("mysql", io_optimized=False) == D("0.117")
    assert plans.instance("db.r7g.2xlarge", "mysql", io_optimized=False) == D("1.0")
    text = result.texts["ap-south-2"]
    assert "  serverless_v2_acu_hour: {mysql: 0.117, postgresql: 0.117}\n" in text
    assert "    db.r7g.2xlarge: {mysql: {standard: 1, io_optimized: 1.3}, " in text
    assert any("AWSDatabaseSavingsPlans, version 20260422194203" in n for n in pricing.source.notes)


def test_savings_plans_alone_or_for_another_region() -> None:
    with pytest.raises(InputError, match=r"no AmazonRDS offer file for ap-south-2: .* too"):
        import_offer_files([REAL])
    result = import_offer_files([RDS, REAL])
    assert result.regions["eu-west-1"].savings_plans is None
    assert result.warnings[0] == (
        "the Savings Plans rates of ap-south-2 were left out: no AmazonRDS offer file for "
        "them in this import"
    )
    assert any("have no Aurora rows for it" in w for w in result.warnings)
    with pytest.raises(InputError, match="region eu-west-1 is in both"):
        import_offer_files([RDS, SP_CSV, SP_JSON])


def test_a_savings_plans_row_in_an_unknown_unit_is_skipped_with_a_note(tmp_path: Path) -> None:
    text = SP_CSV.read_text().replace(",ACU-Hr,", ",ACU-Month,", 1)
    odd = tmp_path / "sp.csv"
    odd.write_text(text)
    result = import_offer_files([RDS, odd])
    plans = result.regions["eu-west-1"].savings_plans
    assert plans is not None
    assert plans.serverless_v2("mysql", io_optimized=False) is None  # that row only
    assert plans.serverless_v2("postgresql", io_optimized=False) == D("0.065")
    notes = result.regions["eu-west-1"].source.notes
    assert any("price unit 'ACU-Month' is not one this rate is sold in" in n for n in notes)
    assert any("'ACU-Month'" in w and "skipped" in w for w in result.warnings)


def test_bad_savings_plans_files_raise_clear_errors(tmp_path: Path) -> None:
    good = REAL.read_text()
    cut = tmp_path / "cut.csv"
    cut.write_text(good[: len(good) // 2])
    with pytest.raises(PricingError, match=r"cut\.csv: line \d+ has \d+ fields .* truncated"):
        import_offer_files([RDS, cut])
    compute = tmp_path / "compute.csv"
    compute.write_text(
        good.replace("OfferCode,AmazonDatabaseSavingsPlans", "OfferCode,AWSComputeSavingsPlan")
    )
    with pytest.raises(
        PricingError, match=r"'AWSComputeSavingsPlan', not AmazonRDS or AWSDatabase"
    ):
        import_offer_files([RDS, compute])
    doc = json.loads(REAL_JSON.read_text())
    cut_json = tmp_path / "cut.json"
    cut_json.write_text(json.dumps(doc)[:5000])
    with pytest.raises(PricingError, match=r"cut\.json: the JSON is truncated or malformed"):
        import_offer_files([RDS, cut_json])
    doc["products"][0]["serviceCode"] = "ComputeSavingsPlans"
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(doc))
    with pytest.raises(PricingError, match=r"'ComputeSavingsPlans', not AmazonRDS or AWSDatabase"):
        import_offer_files([RDS, wrong])
    lines = good.splitlines(keepends=True)
    none = tmp_path / "none.csv"
    none.write_text("".join(lines[:6]))
    with pytest.raises(PricingError, match=r"none\.csv: no Aurora rows in this AWSDatabaseSavings"):
        import_offer_files([RDS, none])
