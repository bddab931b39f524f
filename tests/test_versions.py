"""The engine catalogue, version strings, what AWS creates on a version, Extended Support years."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aurora_cost.versions import catalogue, default_version, parse_month, parse_version, standing
from aurora_cost.versions.rules import (
    class_problem,
    class_support,
    feature_problem,
    has_feature,
    is_previous_generation,
)


@pytest.mark.parametrize(
    ("engine", "text", "major", "release"),
    [
        ("mysql", "8.0.mysql_aurora.3.08.0", "3", (3, 8, 0)),
        ("mysql", "5.7.mysql_aurora.2.11.2", "2", (2, 11, 2)),
        ("mysql", "3.07.1", "3", (3, 7, 1)),
        ("mysql", "3", "3", None),
        ("mysql", "8.4", "8.4", None),
        ("mysql", "8.4.7", "8.4", (8, 4, 7)),
        ("mysql", "5.7", "2", None),
        ("mysql", "8.0", "3", None),
        ("postgresql", "16.4", "16", (16, 4)),
        ("postgresql", "13.15", "13", (13, 15)),
        ("postgresql", "16", "16", None),
    ],
)
def test_versions_read_into_their_major_and_release(
    engine: str, text: str, major: str, release: tuple[int, ...] | None
) -> None:
    version = parse_version(engine, text)  # type: ignore[arg-type]
    assert (version.major, version.release, version.note) == (major, release, None)


def test_an_unknown_major_takes_the_nearest_known_rules_and_says_so() -> None:
    newer = parse_version("postgresql", "19.1")
    assert newer.major == "18" and newer.note is not None and "19" in newer.note
    older = parse_version("postgresql", "10.21")
    assert older.major == "11" and "Aurora PostgreSQL 11" in (older.note or "")


@pytest.mark.parametrize("text", ["", "latest", "8.0.mysql_aurora", "x" * 100, "3.08.0; rm"])
def test_what_is_not_a_version_is_refused_with_how_to_write_one(text: str) -> None:
    with pytest.raises(ValueError, match="write AWS's version"):
        parse_version("mysql", text)


def test_the_default_is_the_newest_major_aws_offers() -> None:
    assert default_version("mysql").major == "8.4"
    assert default_version("postgresql").major == "18"


def test_auto_pause_needs_the_first_minor_aws_names() -> None:
    # Aurora MySQL 3.08.0, Aurora PostgreSQL 16.3/15.7/14.12/13.15 (auto-pause page)
    assert has_feature(parse_version("mysql", "3.07.1"), "min_0_acu") == "no"
    assert has_feature(parse_version("mysql", "8.0.mysql_aurora.3.08.0"), "min_0_acu") == "yes"
    assert has_feature(parse_version("mysql", "3"), "min_0_acu") == "yes"  # newest minor
    assert has_feature(parse_version("postgresql", "13.14"), "min_0_acu") == "no"
    assert has_feature(parse_version("postgresql", "13.15"), "min_0_acu") == "yes"
    assert has_feature(parse_version("postgresql", "17"), "min_0_acu") == "not-confirmed"
    problem = feature_problem(parse_version("mysql", "3.07.1"), "min_0_acu")
    assert problem is not None and "3.08.0" in problem


def test_serverless_v2_and_io_optimized_are_not_on_the_old_majors() -> None:
    assert has_feature(parse_version("mysql", "2"), "serverless_v2") == "no"
    assert has_feature(parse_version("postgresql", "12.9"), "serverless_v2") == "no"
    assert has_feature(parse_version("postgresql", "13.5"), "serverless_v2") == "no"
    assert has_feature(parse_version("postgresql", "13.6"), "serverless_v2") == "yes"
    assert has_feature(parse_version("mysql", "3.03.0"), "io_optimized") == "no"
    assert has_feature(parse_version("mysql", "3.03.1"), "io_optimized") == "yes"
    assert feature_problem(parse_version("postgresql", "16"), "serverless_v2") is None


def test_classes_follow_awss_supported_engines_table() -> None:
    assert class_support(parse_version("mysql", "2"), "db.r7g.large") == "no"
    assert class_support(parse_version("mysql", "3.03.0"), "db.r7g.large") == "no"
    assert class_support(parse_version("mysql", "3.03.1"), "db.r7g.large") == "yes"
    assert class_support(parse_version("mysql", "2.10.3"), "db.r3.large") == "yes"
    assert class_support(parse_version("mysql", "2.11.2"), "db.r3.large") == "no"
    assert class_support(parse_version("mysql", "2"), "db.r3.large") == "no"  # newest 2.x
    assert class_support(parse_version("mysql", "3"), "db.t2.small") == "no"
    assert class_support(parse_version("mysql", "8.4"), "db.t2.small") == "no"
    assert class_support(parse_version("mysql", "2"), "db.r6g.large") == "yes"
    assert class_support(parse_version("postgresql", "17"), "db.r6g.large") == "yes"  # derived
    assert class_support(parse_version("postgresql", "16"), "db.r8g.large") == "not-confirmed"
    problem = class_problem(parse_version("mysql", "3"), "db.r4.large")
    assert problem is not None and "db.r4.large" in problem


def test_previous_generation_classes() -> None:
    assert [is_previous_generation(c) for c in ("db.r3.large", "db.r4.xlarge", "db.t2.small")] == [
        True,
        True,
        True,
    ]
    assert not is_previous_generation("db.r6g.large")
    assert not is_previous_generation("db.t4g.medium")


def test_extended_support_years_of_aurora_postgresql_13() -> None:
    pg13 = parse_version("postgresql", "13.15")
    assert standing(pg13, date(2026, 1, 1)).phase == "standard"
    december = standing(pg13, date(2026, 12, 1))
    assert (december.phase, december.year) == ("extended", "yr1_yr2")
    assert standing(pg13, date(2028, 2, 1)).year == "yr1_yr2"
    assert standing(pg13, date(2028, 3, 1)).year == "yr3"
    assert standing(pg13, date(2029, 3, 1)).phase == "ended"


def test_aurora_mysql_2_pays_the_year_1_2_rate_throughout() -> None:
    mysql2 = parse_version("mysql", "5.7.mysql_aurora.2.11.2")
    assert standing(mysql2, date(2024, 11, 1)).phase == "extended-free"  # charged from 2024-12
    assert standing(mysql2, date(2024, 12, 1)).year == "yr1_yr2"
    assert standing(mysql2, date(2027, 2, 1)).year == "yr1_yr2"
    assert standing(mysql2, date(2027, 3, 1)).phase == "ended"
    assert standing(parse_version("mysql", "8.4"), date(2026, 12, 1)).phase == "not-confirmed"
    assert standing(parse_version("postgresql", "11"), date(2026, 4, 1)).year == "yr3"


def test_extended_support_rates_per_region() -> None:
    rates = catalogue().rates
    east = rates["us-east-1"]
    assert east.provisioned_vcpu_hour.yr1_yr2 == Decimal("0.1")
    assert east.provisioned_vcpu_hour.yr3 == Decimal("0.2")
    assert east.serverless_v2_acu_hour.yr1_yr2 == Decimal("0.085")
    assert east.serverless_v2_acu_hour.yr3 == Decimal("0.17")
    assert rates["eu-west-1"].provisioned_vcpu_hour.yr1_yr2 == Decimal("0.112")
    assert rates["eu-west-1"].serverless_v2_acu_hour.yr1_yr2 == Decimal("0.095")
    assert rates["ap-east-2"].serverless_v2_acu_hour.yr3 is None  # no year-3 row there
    assert len(rates) == 35
    # the figures: 2 vCPUs x 730 h x $0.10 = $146.00; 200 ACU x 730 h x $0.085 = $12,410
    assert 2 * 730 * east.provisioned_vcpu_hour.yr1_yr2 == Decimal("146.0")
    assert 200 * 730 * east.serverless_v2_acu_hour.yr1_yr2 == Decimal("12410.000")


@pytest.mark.parametrize("text", ["2026-13", "26-12", "2026/12", "december", "1999-01"])
def test_a_month_is_yyyy_mm(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(text)
    assert parse_month("2026-12") == date(2026, 12, 1)
