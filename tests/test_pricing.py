"""The bundled price files, and how every kind of broken price file is reported.

The tests of the bundled files (marked `bundled_prices`) compare a few rates with AWS's
published figures: the AWS pricing-page data feed named in each file's `source`
(rds-aurora-storage.json and rds-aurora-ondemand.json, publication 2025-06-17T16:11:03Z),
the same rates as https://aws.amazon.com/rds/aurora/pricing/ showed that day. The numbers
are written here as literals. The broken-file tests start from the fixture eu-west-1
(tests/data/prices/), so a price update cannot break them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from aurora_cost.cli import app
from aurora_cost.errors import ExitStatus, PricingError, UnknownRegionError
from aurora_cost.pricing.model import RATE_UNITS, RegionPricing
from aurora_cost.pricing.store import available_regions, load_all, load_region
from tests.conftest import RUNNER
from tests.fixture_prices import BUNDLED_PRICES, FIXTURE_PRICES

PRICING = BUNDLED_PRICES
SHIPPED = sorted(p.stem for p in PRICING.glob("*.yaml"))
V1_REGIONS = {
    "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
    "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
}  # fmt: skip

runner = RUNNER


def D(text: str) -> Decimal:
    return Decimal(text)


# ---- the shipped files --------------------------------------------------------------


@pytest.mark.bundled_prices
def test_35_regions_are_shipped() -> None:
    assert len(SHIPPED) == 35
    assert available_regions(PRICING) == SHIPPED


@pytest.mark.bundled_prices
def test_load_all_validates_every_shipped_file() -> None:
    prices = load_all(PRICING)
    assert [p.region for p in prices] == SHIPPED
    assert {p.region for p in prices if p.v1_sold} == V1_REGIONS  # the 14 v1 regions


@pytest.mark.bundled_prices
@pytest.mark.parametrize("region", SHIPPED)
def test_each_shipped_file_is_complete(region: str) -> None:
    prices = load_region(region, PRICING)
    assert prices.region == region
    assert prices.currency == "USD"
    assert prices.source.published.isoformat() == "2025-06-17"
    assert prices.source.url.startswith("https://")
    assert prices.units == RATE_UNITS
    assert prices.partition == ("aws-us-gov" if region.startswith("us-gov-") else "aws")
    rates = prices.rates
    for key in ("serverless_v2_acu_hour", "serverless_v2_io_optimized_acu_hour",
                "storage_gb_month", "io_optimized_storage_gb_month", "io_per_million",
                "backup_gb_month"):  # fmt: skip
        value = getattr(rates, key)
        assert value is not None and value > 0, key
    # I/O-Optimized trades I/O charges for dearer compute and storage, everywhere
    assert rates.serverless_v2_io_optimized_acu_hour > rates.serverless_v2_acu_hour  # type: ignore[operator]
    assert rates.io_optimized_storage_gb_month > rates.storage_gb_month  # type: ignore[operator]
    for name, per_class in prices.instances.items():  # a listed class has at least one rate
        engines = [r for r in (per_class.mysql, per_class.postgresql) if r is not None]
        assert engines, name  # some classes are sold for one engine only (ap-east-2 db.r6gd)
        for instance in engines:
            assert instance.standard is not None or instance.io_optimized is not None, name


# AWS's published rates of 2025-06-17 (the feed named in the files' `source`), USD.
REFERENCE = [
    ("eu-west-1", "serverless_v1_acu_hour", "0.07"),
    ("eu-west-1", "serverless_v2_acu_hour", "0.14"),
    ("eu-west-1", "serverless_v2_io_optimized_acu_hour", "0.19"),
    ("eu-west-1", "storage_gb_month", "0.11"),
    ("eu-west-1", "io_optimized_storage_gb_month", "0.248"),
    ("eu-west-1", "io_per_million", "0.22"),
    ("eu-west-1", "backup_gb_month", "0.021"),
    ("eu-west-1", "snapshot_export_per_gb", "0.011"),
    ("eu-west-1", "backtrack_per_million_change_records", "0.013"),
    ("eu-west-1", "data_api_per_million_first_billion", "0.373"),
    ("eu-west-1", "data_api_per_million_over_billion", "0.213"),
    ("us-east-1", "serverless_v1_acu_hour", "0.06"),
    ("us-east-1", "serverless_v2_acu_hour", "0.12"),
    ("us-east-1", "serverless_v2_io_optimized_acu_hour", "0.16"),
    ("us-east-1", "storage_gb_month", "0.1"),
    ("us-east-1", "io_optimized_storage_gb_month", "0.225"),
    ("us-east-1", "io_per_million", "0.2"),
    ("ap-northeast-1", "serverless_v1_acu_hour", "0.1"),
    ("ap-northeast-1", "serverless_v2_acu_hour", "0.15"),
    ("sa-east-1", "serverless_v2_acu_hour", "0.25"),
    ("sa-east-1", "io_optimized_storage_gb_month", "0.428"),
    ("me-central-1", "backup_gb_month", "0.0231"),
    ("us-gov-west-1", "serverless_v2_acu_hour", "0.14"),
    ("us-gov-west-1", "storage_gb_month", "0.13"),
    ("eu-north-1", "io_per_million", "0.21"),
]
REFERENCE_INSTANCES = [
    ("eu-west-1", "db.t4g.medium", "0.078", "0.101"),
    ("eu-west-1", "db.r6g.large", "0.286", "0.372"),
    ("eu-west-1", "db.r7g.2xlarge", "1.216", "1.581"),
    ("us-east-1", "db.t4g.medium", "0.073", "0.095"),
    ("us-east-1", "db.r6g.xlarge", "0.519", "0.675"),
    ("sa-east-1", "db.r6g.large", "0.537", "0.698"),
    ("ca-west-1", "db.t4g.medium", "0.079", "0.103"),
]


@pytest.mark.bundled_prices
@pytest.mark.parametrize(("region", "key", "expected"), REFERENCE)
def test_rate_matches_the_reference_feed(region: str, key: str, expected: str) -> None:
    assert getattr(load_region(region, PRICING).rates, key) == D(expected)


@pytest.mark.bundled_prices
@pytest.mark.parametrize(("region", "cls", "standard", "io_optimized"), REFERENCE_INSTANCES)
def test_instance_rate_matches_the_reference_feed(
    region: str, cls: str, standard: str, io_optimized: str
) -> None:
    rates = load_region(region, PRICING).instances[cls].mysql
    assert rates is not None
    assert (rates.standard, rates.io_optimized) == (D(standard), D(io_optimized))


@pytest.mark.bundled_prices
@pytest.mark.parametrize(
    ("region", "key"),
    [
        ("sa-east-1", "serverless_v1_acu_hour"),  # AWS's feed: null
        ("sa-east-1", "backtrack_per_million_change_records"),  # AWS's feed: null
        ("eu-north-1", "serverless_v1_acu_hour"),
        ("us-gov-west-1", "serverless_v1_acu_hour"),
        ("us-gov-west-1", "snapshot_export_per_gb"),
        ("us-gov-west-1", "data_api_per_million_first_billion"),
        ("ca-west-1", "data_api_per_million_first_billion"),
        ("ca-west-1", "data_api_per_million_over_billion"),
        ("me-central-1", "global_database_per_million_replicated_writes"),
    ],
)
def test_rates_not_sold_are_absent_not_zero(region: str, key: str) -> None:
    assert getattr(load_region(region, PRICING).rates, key) is None


@pytest.mark.bundled_prices
def test_ca_west_1_has_no_v1_although_the_feed_lists_one() -> None:
    # AWS's feed has v1_acu_hr 0.07 for ca-west-1, but Serverless v1 was never
    # offered there; the file drops it as a feed artifact and says so in its notes.
    prices = load_region("ca-west-1", PRICING)
    assert prices.rates.serverless_v1_acu_hour is None
    assert not prices.v1_sold
    assert any("artifact" in note and "v1" in note for note in prices.source.notes)
    assert "db.r7g.large" not in prices.instances  # AWS's feed: both rates null


@pytest.mark.bundled_prices
def test_instance_classes_not_sold_are_absent() -> None:
    # AWS's feed (the instances file): il-central-1 sells db.r5 and db.t3 classes only
    tel_aviv = load_region("il-central-1", PRICING).instances
    assert tel_aviv and {name.split(".")[1] for name in tel_aviv} == {"r5", "t3"}
    # AWS's feed, ap-east-2: db.r6g.xlarge not priced; db.r6g.2xlarge Aurora PostgreSQL
    # standard not priced, I/O-Optimized 1.468 (Aurora MySQL sells both)
    taipei = load_region("ap-east-2", PRICING).instances
    assert "db.r6g.xlarge" not in taipei
    r6g_2xl = taipei["db.r6g.2xlarge"].postgresql
    assert r6g_2xl is not None and r6g_2xl.standard is None
    assert r6g_2xl.io_optimized == D("1.468")


# ---- broken price files -------------------------------------------------------------

# fixture eu-west-1: v2 0.1, storage 0.1, I/O 0.2 a million, db.r6g.large {standard: 0.2, ...}
GOOD = (FIXTURE_PRICES / "eu-west-1.yaml").read_text(encoding="utf-8")


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


BROKEN: dict[str, tuple[Callable[[str], str], list[str]]] = {
    "malformed-yaml": (
        _replace("rates:\n", "rates:\n  - [oops\n"),
        ["malformed YAML", "line "],
    ),
    "unknown-key": (
        _replace("serverless_v2_acu_hour: 0.1\n", "serverless_v2_acu_hr: 0.1\n"),
        ["rates.serverless_v2_acu_hr", "unknown key", "did you mean 'serverless_v2_acu_hour'?"],
    ),
    "unknown-top-level-key": (
        _replace("currency: USD", "currency: USD\ncurency: USD"),
        ["curency", "unknown key", "did you mean 'currency'?"],
    ),
    "wrong-type": (
        _replace("  storage_gb_month: 0.1\n", "  storage_gb_month: cheap\n"),
        ["rates.storage_gb_month", "'cheap'", "wrong type", "decimal"],
    ),
    "negative-rate": (
        _replace("io_per_million: 0.2\n", "io_per_million: -0.2\n"),
        ["rates.io_per_million", "-0.2", "greater than"],
    ),
    "zero-rate": (
        _replace("io_per_million: 0.2\n", "io_per_million: 0\n"),
        ["rates.io_per_million", "greater than"],
    ),
    "zero-instance-rate": (
        _replace("db.r6g.large: {mysql: {standard: 0.2,", "db.r6g.large: {mysql: {standard: 0,"),
        ["instances.db.r6g.large.mysql.standard", "greater than"],
    ),
    "missing-published": (
        _replace("  published: 2024-01-02\n", ""),
        ["source.published", "is required"],
    ),
    "wrong-schema-version": (
        _replace("schema_version: 2", "schema_version: 9"),
        ["schema_version", "9 is not allowed", "expected 1 or 2"],
    ),
    "region-mismatch": (
        _replace("region: eu-west-1", "region: eu-west-2"),
        ["'eu-west-2' does not match the file name"],
    ),
    "empty-file": (lambda _: "", ["the file is empty"]),
    "comments-only": (lambda _: "# prices to come\n", ["the file is empty"]),
    "list-at-root": (lambda _: "- 0.14\n- 0.19\n", ["top level must be a mapping", "not a list"]),
}


def _broken_dir(tmp_path: Path, case: str) -> Path:
    directory = tmp_path / case
    directory.mkdir()
    edit, _ = BROKEN[case]
    (directory / "eu-west-1.yaml").write_text(edit(GOOD), encoding="utf-8")
    return directory


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_load_region_reports_a_broken_file(tmp_path: Path, case: str) -> None:
    directory = _broken_dir(tmp_path, case)
    with pytest.raises(PricingError) as caught:
        load_region("eu-west-1", directory)
    message = str(caught.value)
    assert message.startswith(str(directory / "eu-west-1.yaml") + ": ")
    for expected in BROKEN[case][1]:
        assert expected in message
    assert caught.value.exit_status == ExitStatus.BAD_INPUT


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize(
    "command",
    [
        ["compare", "--region", "eu-west-1", "--format", "json"],
        ["pricing", "show", "eu-west-1", "--format", "json"],
        ["regions", "--format", "json"],
    ],
    ids=["compare", "pricing-show", "regions"],
)
def test_cli_exits_2_on_a_broken_file_without_a_traceback(
    tmp_path: Path, case: str, command: list[str]
) -> None:
    directory = _broken_dir(tmp_path, case)
    result = runner.invoke(app, [*command, "--pricing", str(directory)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {directory / 'eu-west-1.yaml'}: ")
    for expected in BROKEN[case][1]:
        assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one clear line


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_pricing_validate_names_the_broken_file(tmp_path: Path, case: str) -> None:
    directory = _broken_dir(tmp_path, case)
    result = runner.invoke(app, ["pricing", "validate", str(directory), "--format", "json"])
    assert result.exit_code == 2
    assert "eu-west-1.yaml" in result.stderr
    for expected in BROKEN[case][1]:
        assert expected in result.stderr


def test_the_environment_variable_selects_the_price_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _broken_dir(tmp_path, "zero-rate")
    monkeypatch.setenv("AURORA_COST_PRICING", str(directory))
    result = runner.invoke(app, ["compare", "--region", "eu-west-1", "--format", "json"])
    assert result.exit_code == 2
    assert "io_per_million" in result.stderr


@pytest.mark.parametrize("rate", ["-0.2", "0"])
def test_rate_bound_message_shows_plain_numbers(tmp_path: Path, rate: str) -> None:
    directory = tmp_path / "prices"
    directory.mkdir()
    text = GOOD.replace("io_per_million: 0.2\n", f"io_per_million: {rate}\n")
    (directory / "eu-west-1.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PricingError) as caught:
        load_region("eu-west-1", directory)
    message = str(caught.value)
    assert "Decimal(" not in message  # was "Decimal('-0.22') must be greater than Decimal('0')"
    assert f"rates.io_per_million: {rate} must be greater than 0" in message


# ---- broken price directories -------------------------------------------------------


def test_an_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(PricingError, match="no price files"):
        load_all(tmp_path)
    with pytest.raises(PricingError, match="no price files"):
        load_region("eu-west-1", tmp_path)
    for command in (["compare", "--region", "eu-west-1", "--pricing", str(tmp_path)],
                    ["regions", "--pricing", str(tmp_path)],
                    ["pricing", "validate", str(tmp_path)]):  # fmt: skip
        result = runner.invoke(app, command)
        assert result.exit_code == 2, command
        assert result.stdout == ""
        assert "no price files" in result.stderr
        assert str(tmp_path) in result.stderr


def test_a_directory_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = runner.invoke(app, ["compare", "--region", "eu-west-1", "--pricing", str(missing)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"Error: --pricing: price directory '{missing}' does not exist"
    result = runner.invoke(app, ["pricing", "validate", str(missing)])
    assert result.exit_code == 2
    assert "no such directory" in result.stderr


def test_a_file_instead_of_a_directory() -> None:
    file = FIXTURE_PRICES / "eu-west-1.yaml"
    result = runner.invoke(app, ["compare", "--region", "eu-west-1", "--pricing", str(file)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "is a file" in result.stderr
    assert "directory" in result.stderr
    result = runner.invoke(app, ["pricing", "validate", str(file)])
    assert result.exit_code == 2
    assert "is a file" in result.stderr


def test_an_unknown_region_suggests_the_nearest(tmp_path: Path) -> None:
    with pytest.raises(UnknownRegionError, match="did you mean 'eu-west-1'"):
        load_region("eu-west-9", FIXTURE_PRICES)


def test_only_the_broken_file_fails_in_a_mixed_directory(tmp_path: Path) -> None:
    directory = _broken_dir(tmp_path, "wrong-schema-version")
    (directory / "us-east-1.yaml").write_text(
        (FIXTURE_PRICES / "us-east-1.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert isinstance(load_region("us-east-1", directory), RegionPricing)
    ok = runner.invoke(app, ["compare", "--region", "us-east-1", "--pricing", str(directory),
                             "--format", "json"])  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    bad = runner.invoke(app, ["compare", "--all-regions", "--pricing", str(directory)])
    assert bad.exit_code == 2
    assert "eu-west-1.yaml" in bad.stderr
