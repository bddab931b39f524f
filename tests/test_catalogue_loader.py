"""Price files of schema_version 2 (classes per engine, RDS Proxy, Database Savings Plans),
from the fixture prices; version 1 files still load, both engines alike; the writer's
layout reads back the same."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from aurora_cost.cli import app
from aurora_cost.errors import PricingError
from aurora_cost.pricing.aws.writer import render
from aurora_cost.pricing.model import parse_pricing
from aurora_cost.pricing.store import load_region
from aurora_cost.yamlio import parse_yaml, read_yaml_mapping
from tests.conftest import RUNNER
from tests.fixture_prices import FIXTURE_PRICES, FIXTURE_REGIONS

D = Decimal
runner = RUNNER


def test_a_class_priced_differently_per_engine() -> None:
    taipei = load_region("ap-east-2", FIXTURE_PRICES)  # fixture: base x 1.5
    assert taipei.instance_rate("db.r6g.large", "mysql", False) == D("0.3")
    assert taipei.instance_rate("db.r6g.large", "mysql", True) == D("0.39")
    assert taipei.instance_rate("db.r6g.large", "postgresql", False) == D("0.32")
    assert taipei.instance_rate("db.r6g.large", "postgresql", True) == D("0.42")


def test_a_class_sold_for_one_engine_only() -> None:
    taipei = load_region("ap-east-2", FIXTURE_PRICES)
    assert taipei.instances["db.r7g.large"].mysql is None
    assert taipei.instance_rate("db.r7g.large", "mysql", False) is None
    assert taipei.instance_rate("db.r7g.large", "postgresql", False) == D("0.375")
    # elsewhere both engines alike, e.g. eu-west-1
    ireland = load_region("eu-west-1", FIXTURE_PRICES)
    assert ireland.instances["db.r7g.large"].mysql == ireland.instances["db.r7g.large"].postgresql


def test_rds_proxy_rates() -> None:
    proxy = load_region("eu-west-1", FIXTURE_PRICES).rds_proxy
    assert proxy is not None
    assert proxy.provisioned_vcpu_hour.engine("mysql") == D("0.01")
    assert proxy.serverless_v2_acu_hour.engine("postgresql") == D("0.01")
    sao_paulo = load_region("sa-east-1", FIXTURE_PRICES).rds_proxy  # x 2
    assert sao_paulo is not None and sao_paulo.serverless_v2_acu_hour.mysql == D("0.02")
    assert load_region("ap-east-2", FIXTURE_PRICES).rds_proxy is None


def test_derived_savings_plans_rates() -> None:
    ireland = load_region("eu-west-1", FIXTURE_PRICES)
    plans = ireland.savings_plans
    assert plans is not None and plans.rates == "derived"
    v2 = ireland.rates.serverless_v2_acu_hour
    v2_io = ireland.rates.serverless_v2_io_optimized_acu_hour
    assert v2 is not None and v2_io is not None
    assert plans.serverless_v2("mysql", False) == v2 * D("0.65") == D("0.065")
    assert plans.serverless_v2("postgresql", True) == v2_io * D("0.65") == D("0.0845")
    on_demand = ireland.instance_rate("db.r7g.large", "mysql", False)
    assert on_demand is not None
    assert plans.instance("db.r7g.large", "mysql", False) == on_demand * D("0.80") == D("0.2")
    assert plans.instance("db.r6g.large", "mysql", False) is None  # generation 6: not eligible
    assert plans.instance("db.t4g.medium", "mysql", False) is None
    oregon = load_region("us-west-2", FIXTURE_PRICES).savings_plans
    assert oregon is not None
    assert oregon.instance("db.r8g.large", "postgresql", True) == D("0.39") * D("0.9") * D("0.8")
    assert oregon.instance("db.x2g.large", "mysql", False) is None
    assert load_region("us-gov-west-1", FIXTURE_PRICES).savings_plans is None


@pytest.mark.parametrize("region", FIXTURE_REGIONS)
def test_every_fixture_file_is_version_2_and_the_writer_reads_back_the_same(region: str) -> None:
    path = FIXTURE_PRICES / f"{region}.yaml"
    assert read_yaml_mapping(path)["schema_version"] == 2
    prices = load_region(region, FIXTURE_PRICES)
    text = render(prices)
    assert "\nschema_version: 2\n" in text
    assert parse_pricing(path, parse_yaml(text, path, PricingError)) == prices


def test_the_writer_says_what_a_class_is_not_sold_for() -> None:
    text = render(load_region("ap-east-2", FIXTURE_PRICES))
    lines = {line.split(":", 1)[0].strip(): line for line in text.splitlines()}
    assert lines["db.r7g.large"].endswith("# absent (not sold in ap-east-2): mysql")
    assert lines["db.r6g.2xlarge"].endswith(
        "# absent (not sold in ap-east-2): mysql standard, postgresql standard"
    )
    assert "# rds_proxy: absent (no RDS Proxy prices for ap-east-2)" in text
    gov = render(load_region("us-gov-west-1", FIXTURE_PRICES))
    assert "# savings_plans: absent (no Database Savings Plans rates for us-gov-west-1)" in gov


V1_FILE = """\
schema_version: 1
region: eu-west-1
name: EU (Ireland)
source: {name: my own prices, url: https://example.invalid/p, published: 2024-05-06}
rates:
  serverless_v2_acu_hour: 0.1
  storage_gb_month: 0.1
instances:
  db.r6g.large: {standard: 0.2, io_optimized: 0.26}
  db.r7g.large: {io_optimized: 0.33}
"""


def _v1_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "v1"
    directory.mkdir()
    (directory / "eu-west-1.yaml").write_text(V1_FILE, encoding="utf-8")
    return directory


def test_a_version_1_file_loads_with_both_engines_alike(tmp_path: Path) -> None:
    prices = load_region("eu-west-1", _v1_dir(tmp_path))
    assert prices.schema_version == 2  # read as the version 2 it now is
    for engine in ("mysql", "postgresql"):
        assert prices.instance_rate("db.r6g.large", engine, False) == D("0.2")
        assert prices.instance_rate("db.r6g.large", engine, True) == D("0.26")
        assert prices.instance_rate("db.r7g.large", engine, False) is None
    assert prices.rds_proxy is None and prices.savings_plans is None


def test_a_version_1_file_is_valid_and_shown_as_a_version_2_document(tmp_path: Path) -> None:
    directory = _v1_dir(tmp_path)
    valid = runner.invoke(app, ["pricing", "validate", str(directory)])
    assert valid.exit_code == 0, valid.output
    shown = runner.invoke(
        app, ["pricing", "show", "eu-west-1", "--pricing", str(directory), "--format", "json"]
    )
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout)
    assert document["schema_version"] == 2
    assert document["instances"]["db.r6g.large"]["postgresql"]["standard"] == "0.2"
    rewritten = tmp_path / "eu-west-1.yaml"  # and that document is a valid version 2 file
    rewritten.write_text(json.dumps(document), encoding="utf-8")
    assert parse_pricing(rewritten, read_yaml_mapping(rewritten)) == load_region(
        "eu-west-1", directory
    )


def test_a_version_1_file_with_version_2_sections_is_refused(tmp_path: Path) -> None:
    directory = _v1_dir(tmp_path)
    path = directory / "eu-west-1.yaml"
    path.write_text(V1_FILE + "rds_proxy: {provisioned_vcpu_hour: {mysql: 0.01}}\n")
    with pytest.raises(PricingError, match="rds_proxy"):
        load_region("eu-west-1", directory)


def test_regions_lists_the_classes_per_engine() -> None:
    listed = runner.invoke(app, ["regions", "--format", "json", "--pricing", str(FIXTURE_PRICES)])
    assert listed.exit_code == 0, listed.output
    regions = {r["region"]: r for r in json.loads(listed.stdout)["regions"]}
    taipei = regions["ap-east-2"]
    assert "db.r7g.large" in taipei["instance_classes"]["postgresql"]
    assert "db.r7g.large" not in taipei["instance_classes"]["mysql"]
    assert (taipei["mysql_classes"], taipei["postgresql_classes"]) == (5, 6)
    assert regions["il-central-1"]["instance_classes"] == {"mysql": [], "postgresql": []}
    assert (taipei["rds_proxy"], regions["eu-west-1"]["rds_proxy"]) == (False, True)
    assert regions["eu-west-1"]["savings_plans"] == "derived"
    assert regions["us-gov-west-1"]["savings_plans"] is None
    table = runner.invoke(app, ["regions", "--format", "csv", "--pricing", str(FIXTURE_PRICES)])
    assert table.stdout.splitlines()[0].endswith(",mysql_classes,postgresql_classes")


def test_pricing_show_has_a_row_per_class_engine_and_storage_with_hardware() -> None:
    shown = runner.invoke(
        app, ["pricing", "show", "ap-east-2", "--format", "csv", "--pricing", str(FIXTURE_PRICES)]
    )
    assert shown.exit_code == 0, shown.output
    rows = list(csv.DictReader(io.StringIO(shown.stdout)))
    r6g = {(r["engine"], r["storage"]): r for r in rows if r["rate"] == "db.r6g.large"}
    assert len(r6g) == 4
    assert r6g[("postgresql", "io-optimized")]["usd"] == "0.42"
    assert r6g[("mysql", "standard")]["vcpu"] == "2"
    assert r6g[("mysql", "standard")]["memory_gib"] == "16"
    r7g = {(r["engine"], r["storage"]): r["usd"] for r in rows if r["rate"] == "db.r7g.large"}
    assert r7g[("mysql", "standard")] == "not sold" and r7g[("postgresql", "standard")] == "0.375"
    discounted = [r for r in rows if r["rate"] == "savings_plans.db.r7g.large"]
    assert {r["usd"] for r in discounted if r["engine"] == "postgresql"} == {"0.3", "0.396"}
    as_json = runner.invoke(
        app, ["pricing", "show", "ap-east-2", "-f", "json", "--pricing", str(FIXTURE_PRICES)]
    )
    assert json.loads(as_json.stdout)["instances"]["db.r7g.large"]["mysql"] is None
