"""The engine: the price book (one region chain, price files cached by content), `price`,
and `qualify`, the one rule for which option may be named cheapest.

Fixture prices (tests/data/prices/, round numbers): storage 0.10 USD per GB-month."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aurora_cost import estimate
from aurora_cost.engine import PriceBook, price, qualify, simulate
from aurora_cost.errors import InputError, UnknownRegionError
from aurora_cost.report import Fit, OptionReport
from aurora_cost.workload.model import parse_workload
from tests.fixture_prices import FIXTURE_PRICES

D = Decimal
STORAGE_ONLY = {
    "version": 1,
    "usage": {"constant": 0},
    "storage_gb": 100,
    "options": [{"name": "big", "kind": "provisioned", "instance_class": "db.r6g.large"}],
}


def _storage(report: Any) -> Decimal:
    (item,) = [i for i in report.options[0].line_items if i.name == "storage"]
    return Decimal(item.monthly_cost)


def test_an_edited_price_file_is_read_again_in_the_same_process(tmp_path: Path) -> None:
    shutil.copy(FIXTURE_PRICES / "eu-west-1.yaml", tmp_path / "eu-west-1.yaml")
    workload = parse_workload(STORAGE_ONLY, "test")
    before = estimate(workload, "eu-west-1", pricing=tmp_path)
    assert _storage(before) == D("10.00")  # 100 GB x 0.10
    path = tmp_path / "eu-west-1.yaml"
    text = path.read_text()
    assert "  storage_gb_month: 0.1\n" in text
    # the same size and, on a coarse clock, the same modification time: only the content differs
    path.write_text(text.replace("  storage_gb_month: 0.1\n", "  storage_gb_month: 0.3\n"))
    after = estimate(workload, "eu-west-1", pricing=tmp_path)
    assert _storage(after) == D("30.00")  # 100 GB x 0.30


def test_a_book_loads_each_region_once_and_names_what_it_used() -> None:
    book = PriceBook(FIXTURE_PRICES)
    first = book.prices("eu-west-1")
    assert book.prices("eu-west-1") is first
    book.prices("us-east-1")
    assert [p.source for p in book.used()] == [first.source.name]  # one fixture source
    assert book.used()[0].published == "2024-01-02"


def test_the_region_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    assert PriceBook(FIXTURE_PRICES, "us-east-1").region("eu-west-1") == "us-east-1"
    # a cluster lives where its definition says, whatever --region says
    assert PriceBook(FIXTURE_PRICES, "us-east-1").region("eu-west-1", own_wins=True) == "eu-west-1"
    assert PriceBook(FIXTURE_PRICES).region("eu-west-1") == "eu-west-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    assert PriceBook(FIXTURE_PRICES).region() == "us-west-2"
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    assert PriceBook(FIXTURE_PRICES).region() == "eu-central-1"
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(InputError, match="no region given"):
        PriceBook(FIXTURE_PRICES).region()
    with pytest.raises(InputError, match="value is empty"):
        PriceBook(FIXTURE_PRICES, " ").region()


def test_an_unknown_region_from_a_file_names_the_file() -> None:
    workload = parse_workload({**STORAGE_ONLY, "region": "eu-west-9"}, "test")
    with pytest.raises(UnknownRegionError, match=r"^db\.yaml: region: unknown region 'eu-west-9'"):
        PriceBook(FIXTURE_PRICES).for_workload(workload, "db.yaml")
    with pytest.raises(UnknownRegionError, match=r"^unknown region 'eu-west-8'"):
        PriceBook(FIXTURE_PRICES, "eu-west-8").for_workload(workload, "db.yaml")


def test_price_takes_a_workload_or_its_simulation() -> None:
    workload = parse_workload(STORAGE_ONLY, "test")
    book = PriceBook(FIXTURE_PRICES)
    by_model = price(workload, book, "eu-west-1")
    by_simulation = price(simulate(workload), book, "eu-west-1")
    assert by_model.model_dump() == by_simulation.model_dump()
    assert by_model.pricing.published == "2024-01-02"


def _option(**changes: Any) -> OptionReport:
    fit = Fit(status="fits", peak_demand_acu=D(2), capacity_acu=D(4), throttled_hours=D(0),
              detail="peak 2 ACU within max 4 ACU")  # fmt: skip
    base: dict[str, Any] = dict(
        name="o", kind="serverless-v2", settings="", available=True, monthly_cost=D(10),
        line_items=[], usage=None, warnings=[], fit=fit,
    )  # fmt: skip
    return OptionReport(**{**base, **changes})


def test_qualify_says_the_status_and_why() -> None:
    assert qualify(_option()) == ("qualifies", "")
    assert qualify(_option(available=False, monthly_cost=None)) == (
        "unavailable",
        "not sold in this region",
    )
    status, reason = qualify(_option(legacy=True))
    assert status == "unavailable" and reason.startswith("legacy")
    throttled = Fit(status="throttled", peak_demand_acu=D(6), capacity_acu=D(4),
                    throttled_hours=D("3.5"), detail="demand above max 4 ACU 3.5 h a month")  # fmt: skip
    assert qualify(_option(fit=throttled)) == (
        "unfit",
        "throttled: demand above max 4 ACU 3.5 h a month",
    )
    # advice's --max-throttled-hours lets a throttled option count as carrying the load
    assert qualify(_option(fit=throttled), throttled_hours_allowed=D(4)).status == "qualifies"
    assert qualify(_option(fit=throttled), throttled_hours_allowed=D(3)).status == "unfit"
    assert qualify(_option(complete=False, missing=["data_api"])) == (
        "incomplete",
        "its bill leaves out data_api",
    )
    # the order: not sold before legacy before fit before completeness
    assert qualify(_option(legacy=True, fit=throttled, complete=False)).status == "unavailable"
    assert qualify(_option(fit=throttled, complete=False)).status == "unfit"
