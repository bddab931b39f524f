"""The importer's writer lays out schema_version 2 files that read back identically."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from aurora_cost.errors import PricingError
from aurora_cost.pricing.aws.writer import render
from aurora_cost.pricing.model import RegionPricing, parse_pricing
from aurora_cost.pricing.store import load_region
from aurora_cost.yamlio import parse_yaml
from tests.fixture_prices import FIXTURE_PRICES


def version_2() -> RegionPricing:
    data = load_region("eu-west-1", FIXTURE_PRICES).model_dump()
    data["schema_version"] = 2
    data["instances"]["db.r6g.large"]["postgresql"] = None  # sold for Aurora MySQL only
    data["rds_proxy"] = {
        "provisioned_vcpu_hour": {"mysql": Decimal("0.015"), "postgresql": Decimal("0.015")},
        "serverless_v2_acu_hour": {"mysql": Decimal("0.018")},
    }
    data["savings_plans"] = {
        "rates": "offer-file",
        "source": "AWS Price List, AWSDatabaseSavingsPlans 20260422194203: https://example.test/x",
        "published": date(2026, 4, 22),
        "serverless_v2_acu_hour": {"mysql": Decimal("0.065"), "postgresql": Decimal("0.065")},
        "instances": {"db.r7g.large": {"mysql": {"standard": Decimal("0.2")}}},
    }
    return RegionPricing.model_validate(data)


def test_a_version_2_file_reads_back_the_same() -> None:
    pricing = version_2()
    text = render(pricing)
    assert "schema_version: 2\n" in text
    # a comment names what a class (or a per-engine rate) is not sold for
    assert (
        "  db.r6g.large: {mysql: {standard: 0.2, io_optimized: 0.26}}"
        "  # absent (not sold in eu-west-1): postgresql\n"
    ) in text
    assert (
        "  db.t4g.medium: {mysql: {standard: 0.1, io_optimized: 0.13}, "
        "postgresql: {standard: 0.1, io_optimized: 0.13}}\n"
    ) in text
    assert "rds_proxy:\n  provisioned_vcpu_hour: {mysql: 0.015, postgresql: 0.015}\n" in text
    assert (
        "  serverless_v2_acu_hour: {mysql: 0.018}  # absent (not sold in eu-west-1): postgresql\n"
    ) in text
    assert (
        "savings_plans:  # Database Savings Plans, 1 year, No Upfront: discounted rates\n"
        "  rates: offer-file\n"
    ) in text
    assert (
        "  serverless_v2_io_optimized_acu_hour: {}"
        "  # absent (not sold in eu-west-1): mysql, postgresql\n"
    ) in text
    assert (
        "    db.r7g.large: {mysql: {standard: 0.2}}"
        "  # absent (not sold in eu-west-1): mysql io_optimized, postgresql\n"
    ) in text
    name = Path("eu-west-1.yaml")
    assert parse_pricing(name, parse_yaml(text, name, PricingError)) == pricing


def test_a_version_2_file_without_proxy_or_instances_says_so() -> None:
    data = version_2().model_dump()
    data.update(rds_proxy=None, savings_plans=None, instances={})
    pricing = RegionPricing.model_validate(data)
    text = render(pricing)
    assert "instances: {}  # no Aurora instance prices" in text
    assert "\n# rds_proxy: absent (no RDS Proxy prices for eu-west-1)\n" in text
    assert "\n# savings_plans: absent (no Database Savings Plans rates for eu-west-1)\n" in text
    assert "\nrds_proxy:" not in text and "\nsavings_plans:" not in text
    assert "Database Savings Plans rates (" not in text  # no header line for them either
    name = Path("eu-west-1.yaml")
    assert parse_pricing(name, parse_yaml(text, name, PricingError)) == pricing
