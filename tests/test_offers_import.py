"""`pricing import`: the offer fixtures reproduce the rates they were made from; bad files fail.

tests/data/offers/make_fixtures.py writes the offer files from the fixture price files
(tests/data/prices/, round numbers), so importing them must give those files' rates back.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from aurora_cost.errors import InputError, PricingError
from aurora_cost.pricing.aws import diff_lines, import_offer_files, write_pricing
from aurora_cost.pricing.aws.writer import render
from aurora_cost.pricing.model import parse_pricing
from aurora_cost.pricing.store import load_region
from aurora_cost.yamlio import read_yaml_mapping
from tests.fixture_prices import FIXTURE_PRICES

OFFERS = Path(__file__).parent / "data" / "offers"
SHIPPED = FIXTURE_PRICES  # the price files the offer fixtures were made from
REGIONS = ["eu-north-1", "eu-west-1", "us-east-1", "us-gov-west-1"]
PER_REGION_CSV = [OFFERS / f"AmazonRDS-{r}.csv" for r in REGIONS]


@pytest.mark.parametrize(
    "files",
    [
        PER_REGION_CSV,
        [OFFERS / "AmazonRDS-all.csv"],
        [OFFERS / "AmazonRDS-all.json"],
    ],
    ids=["per-region-csv", "whole-service-csv", "whole-service-json"],
)
def test_import_reproduces_the_fixture_rates(files: list[Path]) -> None:
    result = import_offer_files(files, retrieved=date(2026, 1, 2))
    assert list(result.regions) == REGIONS
    for region, pricing in result.regions.items():
        shipped = load_region(region, SHIPPED)
        assert pricing.rates == shipped.rates, region
        assert pricing.instances == shipped.instances, region
        assert list(pricing.instances) == list(shipped.instances)  # same order
        assert pricing.rds_proxy == shipped.rds_proxy, region  # every one of them has rds_proxy
        assert pricing.name == shipped.name
        assert pricing.partition == shipped.partition
    assert result.regions["us-gov-west-1"].partition == "aws-us-gov"
    assert result.regions["eu-north-1"].rates.serverless_v1_acu_hour is None


def test_per_region_json_and_provenance() -> None:
    result = import_offer_files([OFFERS / "AmazonRDS-eu-west-1.json"], retrieved=date(2026, 1, 2))
    pricing = result.regions["eu-west-1"]
    assert pricing.rates == load_region("eu-west-1", SHIPPED).rates
    src = pricing.source
    assert src.offer_version == "20250617161103"
    assert src.published == date(2025, 6, 17)
    assert src.retrieved == date(2026, 1, 2)
    assert src.url.endswith("/AmazonRDS/20250617161103/eu-west-1/index.json")
    assert src.skus["serverless_v2_acu_hour"]
    # instance rates per engine (schema_version 2): one SKU each
    mysql = src.skus["instances.db.r6g.large.mysql.standard"]
    assert mysql and mysql != src.skus["instances.db.r6g.large.postgresql.standard"]
    # the Limitless shadow SKU (priced 0.99) lost to nothing: it was dropped
    assert not any(sku.startswith("0LIMITLESS") for sku in src.skus.values())


def test_written_files_pass_parse_pricing_and_keep_the_layout(tmp_path: Path) -> None:
    result = import_offer_files(PER_REGION_CSV, retrieved=date(2026, 1, 2))
    written = write_pricing(result, tmp_path)
    assert [p.name for p in written] == [f"{r}.yaml" for r in REGIONS]
    for path in written:
        pricing = parse_pricing(path, read_yaml_mapping(path))
        assert pricing == result.regions[path.stem]
    text = (tmp_path / "eu-north-1.yaml").read_text()
    assert "  # serverless_v1_acu_hour: absent (not sold in eu-north-1)\n" in text
    gov = (tmp_path / "us-gov-west-1.yaml").read_text()
    assert "  # data_api_per_million_first_billion: absent (not sold in us-gov-west-1)\n" in gov
    assert "partition: aws-us-gov\n" in gov
    assert '  offer_version: "20250617161103"\n' in text


def test_a_region_without_instances_is_written_like_the_shipped_files() -> None:
    shipped = load_region("il-central-1", SHIPPED)
    text = render(shipped)
    assert "instances: {}  # no Aurora instance prices" in text
    assert "  # db.r6g.large: absent (not sold in il-central-1)\n" in text
    lines = [line for line in text.splitlines() if line.startswith(("rates:", "  ", "instances"))]
    assert lines  # and it loads back
    from aurora_cost.yamlio import parse_yaml

    assert parse_pricing(Path("il-central-1.yaml"), parse_yaml(text, Path("x"))) == shipped


def test_diff_lists_changed_rates_old_to_new(tmp_path: Path) -> None:
    # with its Savings Plans offer file: the eu-west-1 fixture has savings_plans too
    files = [OFFERS / "AmazonRDS-eu-west-1.csv", OFFERS / "AWSDatabaseSavingsPlans-eu-west-1.csv"]
    result = import_offer_files(files, retrieved=date(2026, 1, 2))
    assert diff_lines(result, SHIPPED) == []  # the offer fixtures carry the fixture prices
    old = (SHIPPED / "eu-west-1.yaml").read_text()
    assert "  serverless_v2_acu_hour: 0.1\n" in old
    old = old.replace("  serverless_v2_acu_hour: 0.1\n", "  serverless_v2_acu_hour: 0.09\n")
    old = old.replace(
        "  db.r6g.large: {mysql: {standard: 0.2, io_optimized: 0.26}, "
        "postgresql: {standard: 0.2, io_optimized: 0.26}}\n",
        "",
    )
    (tmp_path / "eu-west-1.yaml").write_text(old)
    assert diff_lines(result, tmp_path) == [
        "eu-west-1: serverless_v2_acu_hour 0.09 -> 0.1",
        "eu-west-1: instances.db.r6g.large.io_optimized absent -> 0.26",
        "eu-west-1: instances.db.r6g.large.standard absent -> 0.2",
    ]
    empty = tmp_path / "empty"
    # one per rate, both engines alike counted once: 12 rates + 7 classes x 2 storage
    # configurations + 2 rds_proxy + savings_plans 2 Serverless v2 + 3 db.r7g x 2 = 36
    assert diff_lines(result, empty) == ["eu-west-1: new price file (36 rates)"]


def _offer_csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_bad_files_raise_clear_errors(tmp_path: Path) -> None:
    good = (OFFERS / "AmazonRDS-eu-west-1.csv").read_text()
    cut = _offer_csv(tmp_path, "cut.csv", good[: len(good) // 2])
    with pytest.raises(PricingError, match=r"cut\.csv: line \d+ has \d+ fields .* truncated"):
        import_offer_files([cut])
    ec2 = _offer_csv(tmp_path, "ec2.csv", good.replace('"AmazonRDS"\n', '"AmazonEC2"\n', 1))
    with pytest.raises(PricingError, match=r"ec2\.csv: .*'AmazonEC2', not AmazonRDS"):
        import_offer_files([ec2])
    lines = good.splitlines(keepends=True)
    headless = _offer_csv(tmp_path, "headless.csv", "".join(lines[:5] + lines[6:]))
    with pytest.raises(PricingError, match=r"headless\.csv: no header row"):
        import_offer_files([headless])
    no_aurora = _offer_csv(tmp_path, "none.csv", "".join(lines[:6]))
    with pytest.raises(PricingError, match=r"none\.csv: no Aurora on-demand rows"):
        import_offer_files([no_aurora])
    latin = tmp_path / "latin.csv"
    latin.write_bytes(good.encode().replace(b"EU (Ireland)", b"EU (\xc9ire)"))
    with pytest.raises(PricingError, match=r"latin\.csv: not UTF-8"):
        import_offer_files([latin])
    junk = _offer_csv(tmp_path, "junk.txt", "hello")
    with pytest.raises(PricingError, match=r"junk\.txt: neither an offer CSV"):
        import_offer_files([junk])
    with pytest.raises(InputError, match="no such file"):
        import_offer_files([tmp_path / "missing.csv"])


def test_bad_json_files_raise_clear_errors(tmp_path: Path) -> None:
    good = (OFFERS / "AmazonRDS-eu-west-1.json").read_text()
    cut = _offer_csv(tmp_path, "cut.json", good[: len(good) // 2])
    with pytest.raises(PricingError, match=r"cut\.json: the JSON is truncated or malformed"):
        import_offer_files([cut])
    doc = json.loads(good)
    doc["offerCode"] = "AmazonEC2"
    ec2 = _offer_csv(tmp_path, "ec2.json", json.dumps(doc))
    with pytest.raises(PricingError, match=r"ec2\.json: .*'AmazonEC2', not AmazonRDS"):
        import_offer_files([ec2])
    doc["offerCode"] = "AmazonRDS"
    doc["products"] = {}
    empty = _offer_csv(tmp_path, "empty.json", json.dumps(doc))
    with pytest.raises(PricingError, match=r"empty\.json: no Aurora on-demand rows"):
        import_offer_files([empty])


def test_the_same_region_twice_is_an_error() -> None:
    with pytest.raises(InputError, match="region eu-west-1 is in both"):
        import_offer_files(
            [OFFERS / "AmazonRDS-eu-west-1.csv", OFFERS / "AmazonRDS-eu-west-1.json"]
        )


def test_a_failed_write_leaves_old_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "eu-west-1.yaml").write_text("old")
    (tmp_path / "us-east-1.yaml").write_text("old too")
    result = import_offer_files(
        [OFFERS / "AmazonRDS-eu-west-1.csv", OFFERS / "AmazonRDS-us-east-1.csv"]
    )
    import aurora_cost.atomic as atomic

    calls = []
    real = atomic._stage

    def stage(path: Path, text: str) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(path, text)

    monkeypatch.setattr(atomic, "_stage", stage)
    with pytest.raises(KeyboardInterrupt):
        write_pricing(result, tmp_path)
    assert (tmp_path / "eu-west-1.yaml").read_text() == "old"
    assert (tmp_path / "us-east-1.yaml").read_text() == "old too"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eu-west-1.yaml", "us-east-1.yaml"]


def test_per_engine_classes_global_database_by_family_and_an_unknown_unit() -> None:
    """AmazonRDS-ap-east-2.csv (make_fixtures.py): what one rate per class cannot say."""
    result = import_offer_files([OFFERS / "AmazonRDS-ap-east-2.csv"], retrieved=date(2026, 1, 2))
    pricing = result.regions["ap-east-2"]
    assert pricing.schema_version == 2
    shipped = load_region("ap-east-2", SHIPPED)
    # db.r6g.2xlarge Standard is sold for Aurora MySQL only (1.2); I/O-Optimized for both
    assert pricing.instance_rate("db.r6g.2xlarge", "mysql", io_optimized=False) == Decimal("1.2")
    assert pricing.instance_rate("db.r6g.2xlarge", "postgresql", io_optimized=False) is None
    assert pricing.instance_rate("db.r6g.2xlarge", "postgresql", io_optimized=True) == Decimal(
        "1.56"
    )
    # from the fixture file: db.r6g.large dearer for Aurora PostgreSQL, db.r7g.large for it only
    assert pricing.instance_rate("db.r6g.large", "mysql", io_optimized=False) == Decimal("0.3")
    assert pricing.instance_rate("db.r6g.large", "postgresql", io_optimized=True) == Decimal("0.42")
    assert pricing.instance_rate("db.r7g.large", "mysql", io_optimized=False) is None
    assert pricing.instance_rate("db.r7g.large", "postgresql", io_optimized=True) == Decimal(
        "0.495"
    )
    assert {k: v for k, v in pricing.instances.items() if k != "db.r6g.2xlarge"} == {
        k: v for k, v in shipped.instances.items() if k != "db.r6g.2xlarge"
    }
    # Global Database rows under a usage type without "Aurora" or "WriteIO": by family
    assert pricing.rates.global_database_per_million_replicated_writes == Decimal("0.3")
    # snapshot export priced in "GB-Hr": that rate is skipped with a note, the rest imports
    assert pricing.rates.snapshot_export_per_gb is None
    assert pricing.rates.model_dump(exclude={"snapshot_export_per_gb"}) == shipped.rates.model_dump(
        exclude={"snapshot_export_per_gb"}
    )
    assert sum("'GB-Hr'" in n for n in pricing.source.notes) == 2  # one per engine's SKU
    assert sum("'GB-Hr'" in w for w in result.warnings) == 2
    # the ap-east-2 fixture has no rds_proxy, so the file has no RDS Proxy rows
    assert pricing.rds_proxy is None and shipped.rds_proxy is None
    assert any("rds_proxy is absent" in n for n in pricing.source.notes)
    text = result.texts["ap-east-2"]
    assert (
        "  db.r6g.2xlarge: {mysql: {standard: 1.2, io_optimized: 1.56}, "
        "postgresql: {io_optimized: 1.56}}  # absent (not sold in ap-east-2): postgresql standard\n"
    ) in text
    assert (
        "  db.r6g.large: {mysql: {standard: 0.3, io_optimized: 0.39}, "
        "postgresql: {standard: 0.32, io_optimized: 0.42}}\n"
    ) in text
    assert "\n# rds_proxy: absent (no RDS Proxy prices for ap-east-2)\n" in text


def test_diff_names_the_engine_only_when_the_engines_differ(tmp_path: Path) -> None:
    result = import_offer_files([OFFERS / "AmazonRDS-ap-east-2.csv"], retrieved=date(2026, 1, 2))
    (tmp_path / "ap-east-2.yaml").write_bytes((SHIPPED / "ap-east-2.yaml").read_bytes())
    # db.r6g.large (dearer for PostgreSQL) and db.r7g.large (PostgreSQL only) come back as the
    # fixture has them: no line. There is no Savings Plans offer file for ap-east-2, so the
    # fixture's derived savings_plans go absent: one line for both engines, except db.r7g.large
    assert diff_lines(result, tmp_path) == [
        "ap-east-2: snapshot_export_per_gb 0.015 -> absent",
        "ap-east-2: instances.db.r6g.2xlarge.mysql.standard absent -> 1.2",
        "ap-east-2: savings_plans.instances.db.r7g.2xlarge.io_optimized 1.56 -> absent",
        "ap-east-2: savings_plans.instances.db.r7g.large.postgresql.io_optimized 0.396 -> absent",
        "ap-east-2: savings_plans.instances.db.r7g.large.postgresql.standard 0.3 -> absent",
        "ap-east-2: savings_plans.instances.db.r7g.xlarge.io_optimized 0.78 -> absent",
        "ap-east-2: savings_plans.instances.db.r7g.xlarge.standard 0.6 -> absent",
        "ap-east-2: savings_plans.serverless_v2_acu_hour 0.0975 -> absent",
        "ap-east-2: savings_plans.serverless_v2_io_optimized_acu_hour 0.12675 -> absent",
    ]
