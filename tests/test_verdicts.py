"""Answers you can act on: fit, completeness, the cheapest option and `check`'s verdict.

Prices: the fixture files of tests/data/prices/ (tests/fixture_prices.py): eu-west-1 has
v2 0.10 per ACU-hour, storage 0.10 per GB-month, I/O 0.20 per million, db.t4g.medium
0.10 an hour, Data API 0.40 per million (first billion) and 0.20 above; us-gov-west-1 and
mx-central-1 have no Data API, snapshot export or backtrack rate.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aurora_cost.engine import PriceBook, price, simulate
from aurora_cost.pricing.store import load_region
from aurora_cost.workload import parse_workload
from tests.conftest import invoke, write
from tests.fixture_prices import FIXTURE_PRICES


def report_of(*args: str) -> dict[str, Any]:
    result = invoke(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def option(report: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(o for o in report["options"] if o["name"] == name)
    return found


def test_an_undersized_instance_is_never_cheapest() -> None:
    # 4 ACU of demand 12 h a day with a reader. db.t4g.medium has 4 GiB = 2 ACU: undersized.
    # Its bill, 2 instances x 730 h x 0.10 = 146.00 + storage 2.00 + I/O 0.40 = 148.40, is
    # below the v2 options', but it cannot carry the load.
    report = report_of(
        "compare", "--region", "eu-west-1", "--acu", "4", "--active-hours", "12", "--readers", "1"
    )
    provisioned = option(report, "provisioned")
    assert provisioned["monthly_cost"] == "148.40"
    assert provisioned["fit"] == {
        "status": "undersized",
        "peak_demand_acu": "4",
        # the smallest of memory (4 GiB = 2 ACU), CPU (2 vCPUs x 4 = 8 ACU) and the burstable
        # baseline (2 vCPUs x 20% x 4 = 1.6 ACU)
        "capacity_acu": "1.6",
        "throttled_hours": "0",
        "detail": "peak demand 4 ACU needs 8 GiB; db.t4g.medium has 4 GiB (2 ACU)",
    }
    assert report["cheapest"] == "serverless-v2-auto-pause"
    cheapest = option(report, "serverless-v2-auto-pause")
    assert Decimal(cheapest["monthly_cost"]) > Decimal("148.40")
    assert cheapest["fit"]["status"] == "fits" and cheapest["complete"]
    passed = [d for d in report["diagnostics"] if d["code"] == "passed-over"]
    assert [d["option"] for d in passed] == ["provisioned"]
    assert "undersized" in passed[0]["message"]


def test_check_never_passes_when_nothing_carries_the_load() -> None:
    # 300 ACU: every v2 option (max 8) is throttled, the t4g undersized, v1 legacy.
    result = invoke("check", "--max-monthly", "100", "--region", "eu-west-1", "--acu", "300", "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["cheapest"] is None
    assert report["budget"]["status"] == "none"
    assert report["budget"]["option"] is None and report["budget"]["monthly_cost"] is None
    assert {option(report, n)["fit"]["status"] for n in ("serverless-v2", "provisioned")} == {
        "throttled",
        "undersized",
    }
    assert [d["code"] for d in report["diagnostics"]][-1] == "no-cheapest"
    assert "Not judged (no option qualifies)" in result.stderr


def test_a_throttled_option_is_unfit_when_judged(tmp_path: Path) -> None:
    # 12 ACU all week against max_acu 8: capped 168 h a week x 730/168 = 730 h a month.
    path = str(
        write(
            tmp_path,
            "workload.yaml",
            "version: 1\nusage: {constant: 12}\noptions:\n"
            "  - {name: small, kind: serverless-v2, min_acu: 0.5, max_acu: 8}\n"
            "  - {name: big, kind: serverless-v2, min_acu: 0.5, max_acu: 16}\n",
        )
    )
    result = invoke("check", "--max-monthly", "2000", "-w", path, "-r", "eu-west-1", "--option", "small", "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    small = option(report, "small")
    assert small["fit"]["status"] == "throttled"
    assert small["fit"]["throttled_hours"] == "730"
    assert small["fit"]["capacity_acu"] == "8" and small["fit"]["peak_demand_acu"] == "12"
    # 8 ACU x 730 h x 0.10 = 584.00: cheaper than big (12 x 730 x 0.10 = 876.00), yet big wins
    assert small["monthly_cost"] == "584.00" and option(report, "big")["monthly_cost"] == "876.00"
    assert report["cheapest"] == "big"
    assert report["budget"]["status"] == "unfit"
    assert report["budget"]["over_by"] is None


def test_an_independent_reader_over_max_acu_is_throttled(tmp_path: Path) -> None:
    path = str(
        write(
            tmp_path,
            "workload.yaml",
            "version: 1\nusage: {constant: 1}\noptions:\n"
            "  - {name: v2, kind: serverless-v2, min_acu: 0.5, max_acu: 4, readers: 1,\n"
            "     reader_scaling: independent, reader_acu: {constant: 6}}\n",
        )
    )
    report = report_of("compare", "-w", path, "-r", "eu-west-1")
    fit = option(report, "v2")["fit"]
    assert fit["status"] == "throttled" and fit["peak_demand_acu"] == "6"
    assert fit["throttled_hours"] == "730"  # the reader is capped all month
    assert report["cheapest"] is None


DATA_API = "version: 1\nusage: {constant: 1}\ndata_api_requests_per_month: 1500000000\n"


def test_a_missing_rate_makes_the_bill_incomplete(tmp_path: Path) -> None:
    path = str(write(tmp_path, "workload.yaml", DATA_API))
    report = report_of("compare", "-w", path, "-r", "us-gov-west-1")
    for name in ("serverless-v2", "serverless-v2-auto-pause", "provisioned"):
        opt = option(report, name)
        assert opt["complete"] is False and opt["missing"] == ["data_api"]
        assert "incomplete" in [d["code"] for d in opt["diagnostics"]]
    assert report["cheapest"] is None
    result = invoke("check", "--max-monthly", "1000", "-w", path, "-r", "us-gov-west-1", "--option", "serverless-v2", "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    assert json.loads(result.stdout)["budget"]["status"] == "incomplete"
    assert "leaves out data_api" in result.stderr


def test_all_regions_ranks_incomplete_regions_last(tmp_path: Path) -> None:
    # 1.5 billion requests: 1,000 million x 0.40 + 500 million x 0.20 = 500.00 USD in
    # eu-west-1. Regions without a Data API rate have no cheapest and rank last.
    path = str(write(tmp_path, "workload.yaml", DATA_API))
    multi = json.loads(invoke("compare", "-w", path, "--all-regions", "-f", "json").stdout)
    regions = [r["region"] for r in multi["reports"]]
    without = {
        code
        for code in regions
        if load_region(code, FIXTURE_PRICES).rates.data_api_per_million_first_billion is None
    }
    assert {"mx-central-1", "us-gov-west-1"} <= without
    assert set(regions[-len(without) :]) == without
    assert all(r["cheapest"] is None for r in multi["reports"] if r["region"] in without)
    assert all(r["cheapest"] for r in multi["reports"] if r["region"] not in without)
    eu = next(r for r in multi["reports"] if r["region"] == "eu-west-1")
    data_api = [i for i in option(eu, "serverless-v2")["line_items"] if i["name"] == "data_api"]
    assert sum(Decimal(i["monthly_cost"]) for i in data_api) == Decimal("500.00")


def test_backtrack_on_postgresql_is_missing_not_free(tmp_path: Path) -> None:
    # The PostgreSQL option pauses (cheaper), but backtrack is Aurora MySQL only: its
    # bill leaves backtrack out, so the MySQL option is the cheapest complete one.
    path = str(
        write(
            tmp_path,
            "workload.yaml",
            "version: 1\nusage: {constant: 0}\nbacktrack_change_records_per_month: 100000000\n"
            "options:\n"
            "  - {name: pg, kind: serverless-v2, engine: postgresql, min_acu: 0, max_acu: 4}\n"
            "  - {name: my, kind: serverless-v2, engine: mysql, min_acu: 0.5, max_acu: 4}\n",
        )
    )
    report = report_of("compare", "-w", path, "-r", "eu-west-1")
    pg, my = option(report, "pg"), option(report, "my")
    assert pg["missing"] == ["backtrack"] and not pg["complete"]
    # 100 million change-record-hours x 0.01 per million = 1.00
    backtrack = [i for i in my["line_items"] if i["name"] == "backtrack"]
    assert [i["monthly_cost"] for i in backtrack] == ["1.00"]
    assert Decimal(pg["monthly_cost"]) < Decimal(my["monthly_cost"])
    assert report["cheapest"] == "my"


def test_the_budget_is_compared_and_shown_exactly_as_given() -> None:
    # The cheapest, serverless-v2-auto-pause, costs 37.25: 0.005 over a 37.245 budget.
    result = invoke("check", "--max-monthly", "37.245", "-r", "eu-west-1", "-f", "json")
    assert result.exit_code == 1
    budget = json.loads(result.stdout)["budget"]
    assert budget == {
        "max_monthly": "37.245",
        "option": "serverless-v2-auto-pause",
        "monthly_cost": "37.25",
        "status": "over",
        "over_by": "0.005",
        "reason": "serverless-v2-auto-pause in eu-west-1 costs $37.25 a month, "
        "budget $37.245 ($0.005 over)",
    }
    assert "budget $37.245 ($0.005 over)" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("markdown", "Budget $40 a month: **within budget**: serverless-v2-auto-pause"),
        ("csv", ",40,serverless-v2-auto-pause,within,37.25,"),
        ("table", "Within budget"),
    ],
)
def test_every_format_carries_the_verdict(fmt: str, expected: str) -> None:
    result = invoke("check", "--max-monthly", "40", "-r", "eu-west-1", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout


def test_all_regions_budget_summary() -> None:
    # 50 USD: cheaper regions (factor <= 1.2 of eu-west-1's 37.25) are within, sa-east-1
    # (x2 = 74.50) is over; regions where nothing qualifies (mx-central-1 and us-gov-west-1
    # have no v1 but v2 is complete here) do not occur for this workload.
    result = invoke("check", "--max-monthly", "50", "--all-regions", "-f", "json")
    assert result.exit_code == 1
    multi = json.loads(result.stdout)
    statuses = {r["region"]: r["budget"]["status"] for r in multi["reports"]}
    assert statuses["eu-west-1"] == "within" and statuses["sa-east-1"] == "over"
    assert multi["budget"]["status"] == "over"
    assert multi["budget"]["max_monthly"] == "50"
    assert multi["budget"]["regions_over"] == [r for r, s in statuses.items() if s == "over"]


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["--max-monthly", "40"], 0),
        (["--max-monthly", "30"], 1),
        (["--max-monthly", "forty"], 2),
    ],
)
def test_check_exit_status_in_a_real_process(args: list[str], status: int) -> None:
    env = {**os.environ, "AURORA_COST_PRICING": str(FIXTURE_PRICES), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "aurora_cost", "check", "-r", "eu-west-1", "-f", "json", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == status, done.stderr
    if status == 2:
        assert done.stdout == ""
        assert done.stderr.startswith("Error: --max-monthly: 'forty' is not an amount in USD")
    else:
        assert json.loads(done.stdout)["budget"]["status"] == ("within" if status == 0 else "over")


# ---- the cheapest option, as a property ---------------------------------------------

CLASSES = ["db.t4g.medium", "db.r6g.large", "db.r6g.xlarge", "db.r7g.large"]
REGIONS = ["eu-west-1", "us-gov-west-1", "sa-east-1", "eu-west-3"]

serverless_v2 = st.builds(
    lambda lo, span, engine: {
        "kind": "serverless-v2",
        "min_acu": lo / 2,
        "max_acu": max(1.0, lo / 2 + span / 2),
        "engine": engine,
    },
    st.integers(0, 8),
    st.integers(0, 32),
    st.sampled_from(["mysql", "postgresql"]),
)
provisioned = st.builds(
    lambda cls, n: {"kind": "provisioned", "instance_class": cls, "instances": n},
    st.sampled_from(CLASSES),
    st.integers(1, 3),
)
v1 = st.just({"kind": "serverless-v1", "min_acu": 1, "max_acu": 8})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    acu=st.integers(0, 40).map(lambda n: n / 2),
    options=st.lists(st.one_of(serverless_v2, provisioned, v1), min_size=1, max_size=5),
    data_api=st.sampled_from([0, 10_000_000]),
    backtrack=st.sampled_from([0, 1_000_000]),
    region=st.sampled_from(REGIONS),
)
def test_cheapest_fits_is_complete_and_costs_least(
    acu: float,
    options: list[dict[str, Any]],
    data_api: int,
    backtrack: int,
    region: str,
) -> None:
    document = {
        "version": 1,
        "usage": {"constant": acu},
        "data_api_requests_per_month": data_api,
        "backtrack_change_records_per_month": backtrack,
        "options": [{"name": f"o{i}", **o} for i, o in enumerate(options)],
    }
    workload = parse_workload(document, "generated")
    report = price(simulate(workload), PriceBook(FIXTURE_PRICES), region)
    qualifying = [
        o
        for o in report.options
        if o.available and not o.legacy and o.fit is not None and o.fit.status == "fits"
        if o.complete
    ]
    if report.cheapest is None:
        assert qualifying == []
        return
    cheapest = report.option(report.cheapest)
    assert cheapest in qualifying
    assert cheapest.monthly_cost is not None
    assert all(cheapest.monthly_cost <= (o.monthly_cost or 0) for o in qualifying)
