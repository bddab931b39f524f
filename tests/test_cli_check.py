"""`aurora-cost check` (the budget gate for CI) and the real pipes: a subprocess, and jq.

Prices: the fixture files of tests/data/prices/ (tests/fixture_prices.py), through
AURORA_COST_PRICING. The default workload in fixture eu-west-1 costs, per month (hand
computed in test_estimator.py; storage 20 GB x 0.10 = 2.00 and I/O 2 million x 0.20 = 0.40
in every option): serverless-v1 17.47 + 2.40 = 19.87 (legacy, never judged by default),
serverless-v2 62.57 + 2.40 = 64.97, serverless-v2-auto-pause 34.85 + 2.40 = 37.25 (the
cheapest), provisioned 730 h x 0.10 = 73.00 + 2.40 = 75.40.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES, FIXTURE_REGIONS

REPO = Path(__file__).resolve().parent.parent


def check(*args: str) -> Result:
    return invoke("check", "--region", "eu-west-1", *args)


def test_within_budget_exits_0_and_says_so_on_stderr() -> None:
    result = check("--max-monthly", "40", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["cheapest"] == "serverless-v2-auto-pause"
    assert "Within budget: serverless-v2-auto-pause in eu-west-1 costs $37.25" in result.stderr


def test_budget_equal_to_the_cost_is_within_budget() -> None:
    assert check("--max-monthly", "37.25", "--format", "json").exit_code == 0


def test_over_budget_exits_1_with_the_report_on_stdout_and_the_verdict_on_stderr() -> None:
    result = check("--max-monthly", "35", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)  # the whole report, still valid JSON
    assert [o["name"] for o in report["options"]][2] == "serverless-v2-auto-pause"
    verdict = result.stderr.strip().splitlines()[-1]
    assert verdict.startswith("Over budget: serverless-v2-auto-pause in eu-west-1")
    assert "$2.25 over" in verdict  # 37.25 - 35.00
    assert "Over budget" not in result.stdout


@pytest.mark.parametrize("budget", ["abc", "-5", "nan", "inf", ""])
def test_a_bad_budget_exits_2_before_any_output(budget: str) -> None:
    result = check("--max-monthly", budget, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--max-monthly" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dollar_sign_and_thousands_separator_are_accepted() -> None:
    assert check("--max-monthly", "$1,000", "--format", "json").exit_code == 0


def test_max_monthly_is_required() -> None:
    result = check("--format", "json")
    assert result.exit_code == 2
    assert "--max-monthly" in result.stderr


def test_an_unknown_option_exits_2_with_a_suggestion_and_no_report() -> None:
    result = check("--max-monthly", "100", "--option", "serverless-v3", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--option" in result.stderr
    assert "did you mean 'serverless-v1'?" in result.stderr


def test_the_named_option_is_judged_instead_of_the_cheapest() -> None:
    # 60 USD covers the cheapest (37.25) but not serverless-v2 (64.97)
    result = check("--max-monthly", "60", "--option", "serverless-v2", "--format", "json")
    assert result.exit_code == 1
    assert "Over budget: serverless-v2 in eu-west-1 costs $64.97" in result.stderr
    assert "serverless-v2-auto-pause in" not in result.stderr
    result = check("--max-monthly", "100", "--option", "serverless-v2", "--format", "json")
    assert result.exit_code == 0
    assert "Within budget: serverless-v2 in eu-west-1" in result.stderr


def test_a_legacy_option_judged_by_name_is_unavailable() -> None:
    # v1 is priced for comparison, but no new v1 cluster can be created: not a pass.
    result = check("--max-monthly", "30", "--option", "serverless-v1", "--format", "json")
    assert result.exit_code == 1
    budget = json.loads(result.stdout)["budget"]
    assert budget["status"] == "unavailable"
    assert budget["option"] == "serverless-v1" and budget["monthly_cost"] == "19.87"
    assert "serverless-v1 in eu-west-1 is Serverless v1" in result.stderr


def test_an_option_not_sold_in_the_region_is_unavailable() -> None:
    result = invoke("check", "--max-monthly", "100", "--region", "eu-north-1", "--option", "serverless-v1", "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    budget = json.loads(result.stdout)["budget"]
    assert budget["status"] == "unavailable" and budget["monthly_cost"] is None
    assert "not sold there" in result.stderr


def test_all_regions_fails_when_any_region_is_over_budget() -> None:
    # cheapest per region: eu-west-1's 37.25 times the region's factor, from us-east-1's
    # x 0.8 = 29.80 to sa-east-1's x 2 = 74.50 (over 60)
    result = invoke("check", "--max-monthly", "60", "--all-regions", "--format", "json")
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["reports"]) == len(FIXTURE_REGIONS)
    verdicts = [line for line in result.stderr.splitlines() if "budget:" in line]
    assert len(verdicts) == len(FIXTURE_REGIONS)
    over = [v for v in verdicts if v.startswith("Over budget")]
    assert [v.split(" a month")[0] for v in over] == [
        "Over budget: serverless-v2-auto-pause in sa-east-1 costs $74.50"
    ]
    assert any(v.startswith("Within budget") for v in verdicts)
    assert any(v.startswith("Over budget") for v in verdicts)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_every_format_prints_the_report_before_the_verdict(fmt: str) -> None:
    result = check("--max-monthly", "35", "--format", fmt)  # 37.25 is over
    assert result.exit_code == 1
    assert "serverless-v2-auto-pause" in result.stdout
    assert "Over budget" in result.stderr


# ---- real processes -----------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("AURORA_COST_PRICING", "AWS_REGION", "AWS_DEFAULT_REGION")}  # fmt: skip
    env["COLUMNS"] = "120"
    env["AURORA_COST_PRICING"] = str(FIXTURE_PRICES)
    return env


@pytest.mark.parametrize(("budget", "status"), [("40", 0), ("35", 1), ("abc", 2)])  # 37.25
def test_check_exit_code_through_a_real_process(budget: str, status: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aurora_cost", "check", "--max-monthly", budget,
         "--region", "eu-west-1", "--format", "json"],
        capture_output=True, text=True, cwd=REPO, env=_env(), timeout=120,
    )  # fmt: skip
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    if status == 2:
        assert done.stdout == ""
    else:
        assert json.loads(done.stdout)["cheapest"] == "serverless-v2-auto-pause"


def test_compare_json_pipes_through_real_jq() -> None:
    jq = shutil.which("jq")
    if jq is None:
        pytest.skip("the jq binary is not installed (apt-get install jq)")
    compare = subprocess.Popen(
        [sys.executable, "-m", "aurora_cost", "compare", "--region", "eu-west-1",
         "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=_env(),
    )  # fmt: skip
    assert compare.stdout is not None
    done = subprocess.run(
        [jq, "-r", ".cheapest"], stdin=compare.stdout, capture_output=True, text=True, timeout=120
    )
    compare.stdout.close()
    _, err = compare.communicate(timeout=120)
    assert compare.returncode == 0, err
    assert done.returncode == 0, done.stderr
    assert done.stdout == "serverless-v2-auto-pause\n"
    assert b"Prices:" in err  # talk went to stderr, not into jq
