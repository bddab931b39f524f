"""The answers and messages a new user got wrong (issue 19), each through the CLI: exit code,
stdout and the one `Error:` line on stderr."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, invoke, write

TRACE = DATA / "traces" / "statistics.json"


# ---- --help says what to give, in the user's words --------------------------------------


@pytest.mark.parametrize(
    "command",
    [["compare"], ["check"], ["advise"], ["diff"], ["regions"], ["schema"], ["validate"],
     ["pricing", "show"], ["pricing", "validate"], ["pricing", "import"], ["pricing", "update"]],
)  # fmt: skip
def test_help_names_no_internal_types(command: list[str]) -> None:
    result = invoke(*command, "--help", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    text = result.stdout
    assert "trace_files" not in text and "list[Path]" not in text and "<path>" not in text
    assert "[]" not in text.replace(".regions[]", "")  # (a jq example)
    assert not re.search(r"<(str|float|int|dir|path|list\[\w+\])>", text)


def test_help_shows_the_metavars() -> None:
    compare = invoke("compare", "--help", env={"COLUMNS": "100"}).stdout
    assert compare.splitlines()[0] == "Usage: aurora-cost compare [OPTIONS]"
    assert "--infra FILE" in compare and "--trace FILE" in compare and "--acu ACU" in compare
    diff = invoke("diff", "--help", env={"COLUMNS": "100"}).stdout
    assert diff.splitlines()[0] == "Usage: aurora-cost diff [OPTIONS] [OLD NEW]"
    assert re.search(r"^  OLD NEW  ", diff, re.M)


def test_readers_help_says_it_applies_to_every_option() -> None:
    text = " ".join(invoke("compare", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "Readers on every option: readers on Serverless v2, and writer + readers" in text


# ---- a file of the wrong kind ---------------------------------------------------------------


def test_a_trace_given_as_the_workload_says_use_trace(tmp_path: Path) -> None:
    csv = write(tmp_path, "trace.csv", "timestamp,acu\n2024-01-01T00:00:00Z,1\n")
    result = invoke("compare", "-w", str(csv), "--region", "eu-west-1")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"Error: {csv}: this looks like a trace (CSV with a header row), not a workload file; "
        f"replay it with --trace {csv}, or name it in a workload's usage: trace: "
        "{path: trace.csv}\n"
    )
    result = invoke("compare", "-w", str(TRACE), "--region", "eu-west-1")
    assert result.exit_code == 2
    assert "looks like a trace (AWS CLI CloudWatch JSON)" in result.stderr
    assert f"--trace {TRACE}" in result.stderr


@pytest.mark.parametrize("content", ["", "   \n\n"])
def test_an_empty_infrastructure_file_is_called_empty(tmp_path: Path, content: str) -> None:
    empty = write(tmp_path, "empty.json", content)
    result = invoke("compare", "--infra", str(empty), "--region", "eu-west-1")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {empty}: the file is empty; give 'terraform show")
    assert result.stderr.count("\n") == 1


def test_the_article_fits_the_noun(tmp_path: Path) -> None:
    from aurora_cost.files import a

    assert a("infrastructure file") == "an infrastructure file"
    assert a("usage file") == "a usage file" and a("trace file") == "a trace file"
    plan = DATA.parent.parent / "examples" / "infra" / "plan.json"
    result = invoke("compare", "--infra", str(plan), "--usage", str(tmp_path), "-r", "eu-west-1")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path}: is a directory; give the path of a usage file\n"


# ---- numbers that cannot be meant ---------------------------------------------------------


@pytest.mark.parametrize("budget", ["1e999", "1000000001", "Infinity", "NaN"])
def test_an_absurd_budget_is_refused(budget: str) -> None:
    result = invoke("check", "--max-monthly", budget, "--region", "eu-west-1", "-f", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"Error: --max-monthly: {budget!r} ")
    assert result.stderr.count("\n") == 1 and "to spare" not in result.stderr


def test_a_budget_in_exponent_form_is_shown_as_dollars() -> None:
    result = invoke("check", "--max-monthly", "1e3", "--region", "eu-west-1", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "budget $1,000 (" in result.stderr and "E+" not in result.stderr


def test_storage_above_what_aurora_stores_is_refused() -> None:
    result = invoke("compare", "--storage-gb", "1e15", "--region", "eu-west-1")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "Error: --storage-gb: 1e+15 GB is more than Aurora stores in a cluster: 128 TiB, "
        "131,072 GB\nTry 'aurora-cost compare --help' for help.\n"
    )
    at_most = invoke("compare", "--storage-gb", "131072", "--region", "eu-west-1", "-f", "json")
    assert at_most.exit_code == 0, at_most.stderr


# ---- choices on the command line: any case --------------------------------------------------


@pytest.mark.parametrize(
    ("given", "read"), [("average", "Average"), ("MAXIMUM", "Maximum"), ("Maximum", "Maximum")]
)
def test_trace_statistic_takes_any_case(given: str, read: str) -> None:
    result = invoke(
        "compare",
        "--trace",
        str(TRACE),
        "--trace-statistic",
        given,
        "-r",
        "eu-west-1",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["period"]["trace"]["statistic"] == read


def test_other_choices_take_any_case() -> None:
    assert invoke("compare", "-r", "eu-west-1", "--format", "JSON").exit_code == 0
    schema = invoke("schema", "REPORT")
    assert schema.exit_code == 0 and json.loads(schema.stdout)["title"] == "aurora-cost report"
    advice = invoke("advise", "-r", "eu-west-1", "--kinds", "Provisioned", "-f", "json")
    assert advice.exit_code == 0, advice.stderr
    kinds = {r["option"]["kind"] for r in json.loads(advice.stdout)["recommendations"]}
    assert kinds == {"provisioned"}


# ---- listings that read at 80 and 120 columns ----------------------------------------------


@pytest.mark.bundled_prices
@pytest.mark.parametrize("width", [80, 120])
def test_pricing_show_is_readable(width: int) -> None:
    table = invoke(
        "pricing", "show", "eu-west-1", "-f", "table", env={"COLUMNS": str(width)},
        fixture_prices=False,
    )  # fmt: skip
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert len(lines) < 200 and all(len(line) <= width for line in lines)
    rows = invoke("pricing", "show", "eu-west-1", "-f", "csv", fixture_prices=False).stdout
    data = [line.split(",") for line in rows.splitlines()[1:]]
    for row in data:  # every price is shown, on its class's line for a class
        if row[0].startswith("db.") and row[3] != "not sold":
            assert any(line.split()[:1] == [row[0]] and row[3] in line.split() for line in lines), (
                row
            )
        elif not row[0].startswith(("db.", "savings_plans.db.")):
            assert any(row[3] in line.split() or f"{row[3]}," in line.split() for line in lines), (
                row
            )


@pytest.mark.bundled_prices
def test_regions_headers_stay_whole_or_break_once_at_120_columns() -> None:
    result = invoke("regions", "-f", "table", env={"COLUMNS": "120"}, fixture_prices=False)
    header = [line for line in result.stdout.splitlines() if line.startswith("┃")]
    assert len(header) <= 2  # at most two lines of headers, each broken after an underscore
    assert all(len(line) <= 120 for line in result.stdout.splitlines())
