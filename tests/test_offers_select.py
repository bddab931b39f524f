"""Selection rules: which AmazonRDS rows price which Aurora rate (aurora_cost.pricing.aws.select)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aurora_cost.errors import PricingError
from aurora_cost.pricing.aws.rules import plain
from aurora_cost.pricing.aws.select import (
    Dimension,
    OfferCollector,
    OfferMeta,
    classify,
    parse_dimension,
    usage_base,
)

META = OfferMeta("test.csv", "AmazonRDS", "20250617161103", date(2025, 6, 17), "csv")


def dim(price: str, unit: str = "ACU-Hr", begin: str = "0", end: str = "Inf") -> Dimension:
    return parse_dimension("test", begin, end, unit, price)


def build(*rows: tuple[str, str, str, list[Dimension]], region: str = "eu-west-1"):  # type: ignore[no-untyped-def]
    collector = OfferCollector()
    for key, engine, sku, dims in rows:
        collector.add(
            key, region=region, location="EU (Ireland)", engine=engine, sku=sku, dims=dims
        )
    return collector.build(region, META, "https://example.test/index.csv", date(2026, 1, 2))


@pytest.mark.parametrize(
    ("usage", "base"),
    [
        ("Aurora:ServerlessV2Usage", "Aurora:ServerlessV2Usage"),  # us-east-1: no prefix
        ("EU-Aurora:ServerlessV2Usage", "Aurora:ServerlessV2Usage"),
        ("EUN1-Aurora:IO-OptimizedStorageUsage", "Aurora:IO-OptimizedStorageUsage"),
        ("Aurora:IO-OptimizedStorageUsage", "Aurora:IO-OptimizedStorageUsage"),
        ("Multi-AZUsage:db.m4.large", "AZUsage:db.m4.large"),  # never matches a rule
        ("EU-RDS:Data-API-Usage", "RDS:Data-API-Usage"),
    ],
)
def test_usage_base_is_an_exact_suffix(usage: str, base: str) -> None:
    assert usage_base(usage) == base


@pytest.mark.parametrize(
    ("family", "usage", "engine", "expected"),
    [
        ("ServerlessV2", "EU-Aurora:ServerlessV2Usage", "Aurora MySQL", "serverless_v2_acu_hour"),
        (
            "ServerlessV2",
            "Aurora:ServerlessV2IOOptimizedUsage",
            "Aurora PostgreSQL",
            "serverless_v2_io_optimized_acu_hour",
        ),
        ("Serverless", "EU-Aurora:ServerlessUsage", "Aurora MySQL", "serverless_v1_acu_hour"),
        ("Database Storage", "Aurora:StorageUsage", "Any", "storage_gb_month"),
        ("System Operation", "EU-Aurora:StorageIOUsage", "Any", "io_per_million"),
        ("System Operation", "EU-RDS:Data-API-Usage", "Aurora MySQL", "data_api"),
        ("Database Storage", "EU-RDS:GP2-Storage", "Any", None),  # RDS gp2, not Aurora
        ("Database Storage", "EU-Aurora:StorageUsage", "MySQL", None),  # RDS engine
        ("System Operation", "EU-Aurora:StorageIOUsage-LimitlessPreview", "Any", None),
        ("Limitless", "APS5-Aurora:IO-OptimizedLimitlessACUUsage-Limitless", "Any", None),
        ("Serverless", "EU-Aurora:ServerlessV2Usage", "Aurora MySQL", None),  # wrong family
        (
            "Aurora Global Database",
            "EU-Aurora:GlobalDbReplicatedWriteIOs",
            "Aurora MySQL",
            "global_database_per_million_replicated_writes",
        ),
    ],
)
def test_classify(family: str, usage: str, engine: str, expected: str | None) -> None:
    assert classify(family=family, usage_type=usage, engine=engine) == expected


def test_classify_drops_limitless_shadow_skus_flagged_by_attribute() -> None:
    assert (
        classify(
            family="ServerlessV2",
            usage_type="Aurora:ServerlessV2Usage",
            engine="Aurora MySQL",
            limitless="Yes",
        )
        is None
    )


def test_classify_instances_standard_and_io_optimized_single_az_aurora_only() -> None:
    common = {"family": "Database Instance", "instance_type": "db.r7g.2xlarge"}
    assert (
        classify(usage_type="EU-InstanceUsage:db.r7g.2xl", engine="Aurora MySQL", **common)
        == "instances.db.r7g.2xlarge.standard"
    )
    assert (
        classify(
            usage_type="InstanceUsageIOOptimized:db.r7g.2xl", engine="Aurora PostgreSQL", **common
        )
        == "instances.db.r7g.2xlarge.io_optimized"
    )
    # RDS for MySQL shares the usage type: ignored.
    assert classify(usage_type="EU-InstanceUsage:db.r7g.2xl", engine="MySQL", **common) is None
    assert (
        classify(
            usage_type="EU-InstanceUsage:db.r7g.2xl",
            engine="Aurora MySQL",
            deployment="Multi-AZ",
            **common,
        )
        is None
    )


def test_engine_specific_row_beats_any() -> None:
    pricing = build(
        ("storage_gb_month", "Any", "ANYSKU", [dim("0.1200000000", "GB-Mo")]),
        ("storage_gb_month", "Aurora PostgreSQL", "PGSKU", [dim("0.1100000000", "GB-Mo")]),
    )
    assert pricing.rates.storage_gb_month == Decimal("0.11")
    assert pricing.source.skus["storage_gb_month"] == "PGSKU"


def test_any_row_is_used_when_no_engine_specific_row() -> None:
    pricing = build(("storage_gb_month", "Any", "ANYSKU", [dim("0.1100000000", "GB-Mo")]))
    assert pricing.rates.storage_gb_month == Decimal("0.11")
    assert pricing.source.skus["storage_gb_month"] == "ANYSKU"


def test_mysql_wins_and_a_different_postgresql_price_is_noted() -> None:
    pricing = build(
        ("serverless_v2_acu_hour", "Aurora PostgreSQL", "PG", [dim("0.15")]),
        ("serverless_v2_acu_hour", "Aurora MySQL", "MY", [dim("0.14")]),
    )
    assert pricing.rates.serverless_v2_acu_hour == Decimal("0.14")
    assert any(
        "Aurora PostgreSQL (SKU PG) is priced differently" in n for n in pricing.source.notes
    )


def test_items_not_in_the_file_are_absent_not_zero() -> None:
    pricing = build(("serverless_v2_acu_hour", "Aurora MySQL", "MY", [dim("0.14")]))
    assert pricing.rates.serverless_v1_acu_hour is None
    assert pricing.rates.backtrack_per_million_change_records is None
    assert pricing.instances == {}
    assert "serverless_v1_acu_hour" not in pricing.source.skus


def test_zero_priced_rows_are_dropped() -> None:
    pricing = build(
        ("serverless_v2_acu_hour", "Aurora MySQL", "MY", [dim("0.14")]),
        ("io_per_million", "Any", "SHADOW", [dim("0.0000000000", "IOs")]),
    )
    assert pricing.rates.io_per_million is None


@pytest.mark.parametrize(
    ("key", "unit", "raw", "expected"),
    [
        ("io_per_million", "IOs", "0.0000002200", "0.22"),
        ("backtrack_per_million_change_records", "CR-Hr", "0.0000000120", "0.012"),
        ("serverless_v2_acu_hour", "ACU-Hr", "0.1200000000", "0.12"),
        ("snapshot_export_per_gb", "GB", "0.0110000000", "0.011"),
    ],
)
def test_unit_normalisation(key: str, unit: str, raw: str, expected: str) -> None:
    pricing = build((key, "Aurora MySQL", "S", [dim(raw, unit)]))
    value = getattr(pricing.rates, key)
    assert value == Decimal(expected)
    assert str(value) == expected  # exact, no float noise


def test_data_api_tiers_split_at_one_billion_ignoring_the_free_tier() -> None:
    tiers = [
        dim("0.0000000000", "API Calls", "0", "1000000"),  # free tier
        dim("0.0000003500", "API Calls", "1000000", "1000000000"),
        dim("0.0000002000", "API Calls", "1000000000", "Inf"),
    ]
    pricing = build(("data_api", "Aurora PostgreSQL", "DAPI", tiers))
    assert pricing.rates.data_api_per_million_first_billion == Decimal("0.35")
    assert pricing.rates.data_api_per_million_over_billion == Decimal("0.2")
    assert pricing.source.skus["data_api_per_million_first_billion"] == "DAPI"
    assert pricing.source.skus["data_api_per_million_over_billion"] == "DAPI"


def test_data_api_single_tier_prices_both() -> None:
    pricing = build(("data_api", "Aurora MySQL", "D", [dim("0.0000003500", "API Calls")]))
    assert pricing.rates.data_api_per_million_first_billion == Decimal("0.35")
    assert pricing.rates.data_api_per_million_over_billion == Decimal("0.35")


def test_an_unknown_unit_skips_that_rate_with_a_note_and_the_rest_imports() -> None:
    collector = OfferCollector()
    rows = [
        ("io_per_million", "Any", "QSKU", [dim("1", "Quantity")]),
        ("serverless_v2_acu_hour", "Aurora MySQL", "GBSKU", [dim("0.1", "GB-Mo")]),  # wrong unit
        ("storage_gb_month", "Any", "S", [dim("0.1000000000", "GB-Mo")]),
    ]
    for key, engine, sku, dims in rows:
        collector.add(key, region="eu-west-1", location="EU", engine=engine, sku=sku, dims=dims)
    pricing = collector.build("eu-west-1", META, "https://example.test/x", date(2026, 1, 2))
    assert pricing.rates.io_per_million is None
    assert pricing.rates.serverless_v2_acu_hour is None
    assert pricing.rates.storage_gb_month == Decimal("0.1")
    quantity = [n for n in pricing.source.notes if "SKU QSKU" in n]
    assert len(quantity) == 1
    assert "price unit 'Quantity' is not one this rate is sold in" in quantity[0]
    assert quantity[0].endswith("this row was skipped.")
    assert any("SKU GBSKU" in n and "'GB-Mo'" in n for n in pricing.source.notes)
    assert len(collector.warnings) == 2  # the same notes, for stderr


def test_an_unknown_unit_on_one_sku_leaves_the_other_sku_of_the_rate() -> None:
    pricing = build(
        ("storage_gb_month", "Aurora PostgreSQL", "ODD", [dim("0.1", "GB-Hr")]),
        ("storage_gb_month", "Any", "ANY", [dim("0.1200000000", "GB-Mo")]),
    )
    assert pricing.rates.storage_gb_month == Decimal("0.12")
    assert pricing.source.skus["storage_gb_month"] == "ANY"


@pytest.mark.parametrize(
    ("key", "unit", "raw", "expected"),
    [
        # hand-computed: per single unit x 1,000,000 = per million; per hour as is
        ("global_database_per_million_replicated_writes", "IOs", "0.0000002000", "0.2"),
        ("data_api", "API Calls", "0.0000003500", "0.35"),
        ("instances.db.r7g.large.standard", "Hrs", "0.2500000000", "0.25"),
        ("rds_proxy.provisioned_vcpu_hour", "vCPU-Hours", "0.0150000000", "0.015"),
        ("rds_proxy.serverless_v2_acu_hour", "ACU-Hr", "0.0180000000", "0.018"),
    ],
)
def test_per_unit_conversions(key: str, unit: str, raw: str, expected: str) -> None:
    from aurora_cost.pricing.aws.rules import per_unit_factor

    value = Decimal(raw) * per_unit_factor("test", key, unit)
    assert value.normalize() == Decimal(expected)


def test_global_database_rows_are_selected_by_family_or_group_not_usage_type() -> None:
    common = {"engine": "Aurora PostgreSQL"}
    key = "global_database_per_million_replicated_writes"
    # any usage type in the family or group: AWS's name for it is not confirmed
    assert classify(family="Aurora Global Database", usage_type="APE2-GDB:Writes", **common) == key
    assert (
        classify(
            family="System Operation",
            usage_type="EU-RDS:GlobalReplication",
            group="Aurora Global Database",
            **common,
        )
        == key
    )
    # a usage type that only looks like one is not a Global Database row
    assert (
        classify(family="System Operation", usage_type="Aurora:ReplicatedWriteIO", **common) is None
    )
    assert classify(family="", usage_type="Aurora:GlobalWriteIOUsage", **common) is None


@pytest.mark.parametrize(
    ("usage", "expected"),
    [
        ("EU-RDS:ProxyUsage", "rds_proxy.provisioned_vcpu_hour"),
        ("EU-RDS:Proxy-ASv2-Usage", "rds_proxy.serverless_v2_acu_hour"),
        ("RDS:Proxy-ASv2-Usage", "rds_proxy.serverless_v2_acu_hour"),  # us-east-1
        ("EU-RDS:Proxy-ASv1-Usage", None),  # Serverless v1: not priced
    ],
)
def test_rds_proxy_rows_by_family_per_engine(usage: str, expected: str | None) -> None:
    assert classify(family="RDSProxy", usage_type=usage, engine="Aurora MySQL") == expected
    assert classify(family="RDSProxy", usage_type=usage, engine="MySQL") is None  # RDS for MySQL


def test_the_operation_code_names_the_engine_of_an_any_row() -> None:
    from aurora_cost.pricing.aws.rules import resolve_engine

    assert resolve_engine("Any", "CreateDBProxy:0021") == "Aurora PostgreSQL"
    assert resolve_engine("", "CreateDBInstance:0016") == "Aurora MySQL"
    assert resolve_engine("Any", "") == "Any"
    assert resolve_engine("MySQL", "CreateDBInstance:0002") == "MySQL"
    assert resolve_engine("Aurora MySQL", "CreateDBInstance:0021") == "Aurora MySQL"


def test_instances_and_proxy_are_priced_per_engine() -> None:
    pricing = build(
        ("instances.db.r7g.2xlarge.standard", "Aurora MySQL", "M1", [dim("1.2", "Hrs")]),
        ("instances.db.r7g.2xlarge.io_optimized", "Aurora PostgreSQL", "P1", [dim("1.5", "Hrs")]),
        ("instances.db.r7g.2xlarge.standard", "Aurora PostgreSQL", "P2", [dim("1.3", "Hrs")]),
        ("rds_proxy.provisioned_vcpu_hour", "Any", "PX", [dim("0.015", "vCPU-Hours")]),
        ("rds_proxy.serverless_v2_acu_hour", "Aurora PostgreSQL", "PV2", [dim("0.02")]),
        ("rds_proxy.serverless_v2_acu_hour", "Any", "PVA", [dim("0.018")]),
    )
    assert pricing.schema_version == 2
    per_class = pricing.instances["db.r7g.2xlarge"]
    assert per_class.mysql is not None and per_class.postgresql is not None
    assert (per_class.mysql.standard, per_class.mysql.io_optimized) == (Decimal("1.2"), None)
    assert per_class.postgresql.standard == Decimal("1.3")
    assert per_class.postgresql.io_optimized == Decimal("1.5")
    assert pricing.instance_rate("db.r7g.2xlarge", "mysql", io_optimized=True) is None
    assert pricing.source.skus["instances.db.r7g.2xlarge.postgresql.standard"] == "P2"
    proxy = pricing.rds_proxy
    assert proxy is not None
    assert proxy.provisioned_vcpu_hour.mysql == proxy.provisioned_vcpu_hour.postgresql
    assert proxy.provisioned_vcpu_hour.mysql == Decimal("0.015")
    assert proxy.serverless_v2_acu_hour.postgresql == Decimal("0.02")  # engine-specific wins
    assert proxy.serverless_v2_acu_hour.mysql == Decimal("0.018")  # the Any row
    assert pricing.source.skus["rds_proxy.serverless_v2_acu_hour.postgresql"] == "PV2"


def test_no_proxy_rows_leave_rds_proxy_absent_with_a_note() -> None:
    pricing = build(("serverless_v2_acu_hour", "Aurora MySQL", "MY", [dim("0.14")]))
    assert pricing.rds_proxy is None
    assert any("rds_proxy is absent" in n for n in pricing.source.notes)


def test_bad_price_and_currency_are_errors() -> None:
    with pytest.raises(PricingError, match="not a number"):
        parse_dimension("f.csv: line 9", "0", "Inf", "Hrs", "abc")
    with pytest.raises(PricingError, match="only USD"):
        parse_dimension("f.csv: line 9", "0", "Inf", "Hrs", "1", "CNY")


def test_govcloud_partition_and_local_zones_skipped() -> None:
    pricing = build(
        ("serverless_v2_acu_hour", "Aurora MySQL", "S", [dim("0.14")]), region="us-gov-west-1"
    )
    assert pricing.partition == "aws-us-gov"
    collector = OfferCollector()
    collector.add(
        "serverless_v2_acu_hour",
        region="us-west-2-lax-1",
        location="LA",
        engine="Any",
        sku="S",
        dims=[],
    )
    assert collector.regions == []
    assert collector.skipped_regions == {"us-west-2-lax-1"}


def test_a_v1_price_outside_the_14_v1_regions_is_a_feed_artifact() -> None:
    # The feed prices v1 in ca-west-1 (0.07), where v1 was never offered.
    row = ("serverless_v1_acu_hour", "Aurora MySQL", "V1SKU", [dim("0.0700000000")])
    calgary = build(row, region="ca-west-1")
    assert calgary.rates.serverless_v1_acu_hour is None
    assert "serverless_v1_acu_hour" not in calgary.source.skus
    assert any("feed artifact" in note for note in calgary.source.notes)
    assert build(row, region="eu-west-1").rates.serverless_v1_acu_hour == Decimal("0.07")


@pytest.mark.parametrize(
    "price", ["100000.01", "1e48", "1461501637330902918203684832716283019655932542976"]
)
def test_a_rate_above_any_aurora_price_is_an_error_not_a_crash(price: str) -> None:
    # A hostile or damaged row: 1e48 a unit used to crash (decimal quantize past 28 digits,
    # then the price model's bound); it is one PricingError naming the region, rate and SKU.
    with pytest.raises(
        PricingError, match=r"eu-west-1 serverless_v2_acu_hour \(SKU S\).*above 100000"
    ):
        build(("serverless_v2_acu_hour", "Aurora MySQL", "S", [dim(price)]))


def test_plain_keeps_whole_numbers_past_the_decimal_context() -> None:
    assert str(plain(Decimal("1E+1"))) == "10"  # normalised, then written out
    assert str(plain(Decimal("0.2000000"))) == "0.2"
    assert plain(Decimal("1e30")) == Decimal("1e30")  # beyond 28 digits: kept, not quantized
