"""The CLI through `typer.testing.CliRunner`: exit codes, JSON on stdout, messages on stderr.

Tables are only checked for what does not depend on wrapping (no ANSI codes); every number
is asserted on the JSON, CSV or Markdown output. `check` lives in test_cli_check.py.

Prices: the fixture files of tests/data/prices/ (round numbers; tests/fixture_prices.py),
given through AURORA_COST_PRICING so every command, sub-command and process sees them
(`--pricing DIR` in a test still wins). Tests marked `bundled_prices` check pricing/.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aurora_cost import __version__
from aurora_cost.report import MultiRegionReport, Report
from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES, FIXTURE_REGIONS

REPO = Path(__file__).resolve().parent.parent
FIXTURE_ENV = {"AURORA_COST_PRICING": str(FIXTURE_PRICES)}
DEFAULT_OPTIONS = ["serverless-v1", "serverless-v2", "serverless-v2-auto-pause", "provisioned"]
ANSI = re.compile(r"\x1b\[")


def ok_json(*args: str) -> Any:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def compare_json(*extra: str) -> dict[str, Any]:
    document: dict[str, Any] = ok_json(
        "compare", "--region", "eu-west-1", "--format", "json", *extra
    )
    return document


def option(report: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(o for o in report["options"] if o["name"] == name)
    return found


def cost(report: dict[str, Any], name: str) -> Decimal:
    return Decimal(option(report, name)["monthly_cost"])


def item(opt: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((i for i in opt["line_items"] if i["name"] == name), None)


def write_workload(path: Path, region: str | None = None) -> Path:
    text = "version: 1\n" + (f"region: {region}\n" if region else "") + "usage: {constant: 1}\n"
    path.write_text(text, encoding="utf-8")
    return path


# ---- compare: the default workload -------------------------------------------------


def test_compare_default_has_the_four_options_in_order_and_names_the_cheapest() -> None:
    report = compare_json()
    assert report["schema_version"] == 1
    assert report["region"] == "eu-west-1"
    assert report["currency"] == "USD"
    assert report["hours_per_month"] == 730
    assert [o["name"] for o in report["options"]] == DEFAULT_OPTIONS
    assert report["cheapest"] == "serverless-v2-auto-pause"
    v1 = option(report, "serverless-v1")
    assert v1["legacy"] is True
    assert any("end of life" in w for w in v1["warnings"])


def test_compare_json_totals_are_sums_of_line_items_in_cents() -> None:
    for opt in compare_json()["options"]:
        total = Decimal(opt["monthly_cost"])
        assert total == sum(Decimal(i["monthly_cost"]) for i in opt["line_items"])
        assert total == total.quantize(Decimal("0.01"))


def test_compare_json_round_trips_through_the_report_model() -> None:
    result = invoke("compare", "--region", "eu-west-1", "--format", "json")
    assert result.exit_code == 0
    report = Report.model_validate_json(result.stdout)
    assert report.cheapest == "serverless-v2-auto-pause"
    assert json.loads(report.model_dump_json()) == json.loads(result.stdout)


def test_schema_report_is_json_with_defs_for_both_documents() -> None:
    schema = ok_json("schema", "report")
    assert "$defs" in schema
    assert {"Report", "MultiRegionReport"} <= set(schema["$defs"])
    for name in ("workload", "pricing"):
        assert "properties" in ok_json("schema", name)


def test_compare_json_validates_against_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (a test extra) is missing")
    schema = ok_json("schema", "report")
    jsonschema.validate(compare_json(), schema)
    multi = ok_json("compare", "--all-regions", "--format", "json")
    jsonschema.validate(multi, schema)


def test_compare_csv_totals_equal_the_json_totals() -> None:
    report = compare_json()
    result = invoke("compare", "--region", "eu-west-1", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    totals = {r["option"]: r for r in rows if r["line_item"] == "total"}
    assert list(totals) == DEFAULT_OPTIONS
    for opt in report["options"]:
        assert Decimal(totals[opt["name"]]["monthly_cost"]) == Decimal(opt["monthly_cost"])
        items = [r for r in rows if r["option"] == opt["name"] and r["line_item"] != "total"]
        assert sum(Decimal(r["monthly_cost"]) for r in items) == Decimal(opt["monthly_cost"])
    assert [n for n, r in totals.items() if r["cheapest"] == "true"] == [report["cheapest"]]


def _cells(line: str) -> list[str]:
    assert line.startswith("|") and line.endswith("|"), line
    return [c.strip() for c in line[1:-1].split("|")]


def test_compare_markdown_header_and_separator_have_the_same_cells() -> None:
    result = invoke("compare", "--region", "eu-west-1", "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    header, separator = _cells(lines[start]), _cells(lines[start + 1])
    assert header[0] == "option"
    assert len(separator) == len(header)
    assert all(re.fullmatch(r":?-{3,}:?", c) for c in separator)
    body = [line for line in lines[start + 2 :] if line.startswith("|")]
    assert len(body) == 4
    assert all(len(_cells(line)) == len(header) for line in body)
    assert "**serverless-v2-auto-pause**" in result.stdout


def test_all_regions_has_a_report_per_region_sorted_by_their_cheapest_cost() -> None:
    multi = ok_json("compare", "--all-regions", "--format", "json")
    MultiRegionReport.model_validate(multi)
    reports = multi["reports"]
    assert len(reports) == len(FIXTURE_REGIONS)  # 13 fixture files
    assert {r["region"] for r in reports} == set(FIXTURE_REGIONS)
    costs = [Decimal(option(r, r["cheapest"])["monthly_cost"]) for r in reports]
    assert costs == sorted(costs)
    # the fixture regions are the eu-west-1 base times 0.8 (us-east-1, us-east-2) ... 2
    # (sa-east-1): the cheapest auto-pause 37.25 x 0.8 = 29.80 first, 37.25 x 2 = 74.50 last
    assert (reports[0]["region"], costs[0]) in {("us-east-1", Decimal("29.80")),
                                                ("us-east-2", Decimal("29.80"))}  # fmt: skip
    assert (reports[-1]["region"], costs[-1]) == ("sa-east-1", Decimal("74.50"))


@pytest.mark.bundled_prices
def test_the_bundled_prices_give_35_regions_everywhere() -> None:
    """compare --all-regions, regions and pricing validate on the 35 bundled files."""
    bundled = {"AURORA_COST_PRICING": None}
    result = invoke("compare", "--all-regions", "--format", "json", env=bundled)
    assert result.exit_code == 0, result.stderr
    assert len({r["region"] for r in json.loads(result.stdout)["reports"]}) == 35
    result = invoke("regions", "--format", "json", env=bundled)
    assert len(json.loads(result.stdout)["regions"]) == 35
    result = invoke("compare", "--all-regions", "--format", "markdown", env=bundled)
    assert len([line for line in result.stdout.splitlines() if line.startswith("|")]) == 2 + 35


def test_all_regions_and_region_together_are_rejected() -> None:
    result = invoke("compare", "--all-regions", "--region", "eu-west-1")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--all-regions" in result.stderr


# ---- regions ------------------------------------------------------------------------


def test_unknown_region_exits_2_with_a_suggestion_on_stderr_only() -> None:
    result = invoke("compare", "--region", "eu-west-9", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "Error: unknown region 'eu-west-9'; did you mean 'eu-west-1'?"
    assert "Traceback" not in result.stderr


def test_no_region_anywhere_exits_2_and_says_how_to_give_one(tmp_path: Path) -> None:
    workload = write_workload(tmp_path / "w.yaml")
    result = invoke("compare", "--workload", str(workload), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "--region" in result.stderr


def test_default_workload_has_no_region_either() -> None:
    result = invoke("compare", "--format", "json")
    assert result.exit_code == 2
    assert "--region" in result.stderr


@pytest.mark.parametrize("variable", ["AWS_REGION", "AWS_DEFAULT_REGION"])
def test_aws_region_variables_apply_without_flag_or_file_region(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "us-east-1")
    workload = write_workload(tmp_path / "w.yaml")
    assert ok_json("compare", "-w", str(workload), "--format", "json")["region"] == "us-east-1"


def test_aws_region_wins_over_aws_default_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "us-east-2")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    assert ok_json("compare", "--format", "json")["region"] == "us-east-2"


def test_file_region_wins_over_aws_region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    workload = write_workload(tmp_path / "w.yaml", region="eu-west-1")
    assert ok_json("compare", "-w", str(workload), "--format", "json")["region"] == "eu-west-1"


def test_region_flag_wins_over_file_region(tmp_path: Path) -> None:
    workload = write_workload(tmp_path / "w.yaml", region="eu-west-1")
    report = ok_json(
        "compare", "-w", str(workload), "--region", "ap-northeast-1", "--format", "json"
    )
    assert report["region"] == "ap-northeast-1"


# ---- what-if flags ------------------------------------------------------------------


def test_storage_gb_changes_the_storage_line_by_the_hand_computed_amount() -> None:
    before, after = compare_json(), compare_json("--storage-gb", "100")
    for name in DEFAULT_OPTIONS:
        old, new = item(option(before, name), "storage"), item(option(after, name), "storage")
        assert old is not None and new is not None
        # 20 GB x 0.10 = 2.00 and 100 GB x 0.10 = 10.00 USD (eu-west-1): (100 - 20) x 0.10 = 8.00
        assert Decimal(old["monthly_cost"]) == Decimal("2.00")
        assert Decimal(new["monthly_cost"]) - Decimal(old["monthly_cost"]) == Decimal("8.00")
        assert cost(after, name) - cost(before, name) == Decimal("8.00")


def test_io_optimized_removes_the_io_line_for_v2_and_provisioned_only() -> None:
    result = invoke("compare", "--region", "eu-west-1", "--format", "json", "--io-optimized")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    for name in ("serverless-v2", "serverless-v2-auto-pause", "provisioned"):
        opt = option(report, name)
        assert item(opt, "io") is None
        assert "io-optimized" in opt["settings"]
        storage = item(opt, "storage")
        assert storage is not None and storage["unit_price"] == "0.25"  # I/O-Optimized storage
    assert item(option(report, "serverless-v1"), "io") is not None  # v1 has no I/O-Optimized
    assert "serverless v1" in result.stderr
    v2 = item(option(report, "serverless-v2"), "compute")
    assert v2 is not None and v2["unit_price"] == "0.13"  # the I/O-Optimized ACU-hour
    provisioned = item(option(report, "provisioned"), "compute")
    assert provisioned is not None and provisioned["unit_price"] == "0.13"  # db.t4g.medium I/O-Opt


def test_readers_1_doubles_v2_compute_with_writer_scaling() -> None:
    before, after = compare_json(), compare_json("--readers", "1")
    for name in ("serverless-v2", "serverless-v2-auto-pause"):
        old, new = item(option(before, name), "compute"), item(option(after, name), "compute")
        assert old is not None and new is not None
        assert Decimal(new["quantity"]) == 2 * Decimal(old["quantity"])
        doubled = 2 * Decimal(old["monthly_cost"])
        assert abs(Decimal(new["monthly_cost"]) - doubled) <= Decimal("0.01")  # cent rounding
    # 144 ACU-h a week (40 h x 2 ACU + 128 h x 0.5 ACU idle floor) x 730/168 = 625.714 ACU-h,
    # doubled by the reader: 1251.429 ACU-h x 0.10 = 125.14 USD
    compute = item(option(after, "serverless-v2"), "compute")
    assert compute is not None and compute["monthly_cost"] == "125.14"
    # v1 cannot have readers; provisioned runs the writer and the reader: two instances
    assert (
        option(after, "serverless-v1")["monthly_cost"]
        == option(before, "serverless-v1")["monthly_cost"]
    )
    old, new = (
        item(option(before, "provisioned"), "compute"),
        item(option(after, "provisioned"), "compute"),
    )
    assert old is not None and new is not None
    assert Decimal(new["quantity"]) == 2 * Decimal(old["quantity"]) == 1460  # 2 x 730 h
    assert new["description"].endswith("x 2")


def test_min_acu_off_the_half_step_grid_is_an_error_naming_the_flag() -> None:
    result = invoke("compare", "--region", "eu-west-1", "--format", "json", "--min-acu", "0.7")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--min-acu" in result.stderr
    assert "0.7" in result.stderr
    assert "Traceback" not in result.stderr


def test_acu_with_24_active_hours_is_a_constant_demand() -> None:
    report = compare_json("--acu", "4", "--active-hours", "24")
    assert report["period"]["usage"] == "constant"
    for name in ("serverless-v2", "serverless-v2-auto-pause"):
        compute = item(option(report, name), "compute")
        assert compute is not None
        # 4 ACU x 730 h = 2,920 ACU-hours x 0.10 = 292.00 USD
        assert Decimal(compute["quantity"]) == 2920
        assert compute["monthly_cost"] == "292.00"
    v1 = item(option(report, "serverless-v1"), "compute")
    assert v1 is not None and v1["monthly_cost"] == "146.00"  # 2,920 x 0.05
    # 4 ACU = 8 GiB does not fit in a db.t4g.medium (4 GiB): a warning, not an error
    assert any("exceeds the memory" in w for w in option(report, "provisioned")["warnings"])


def test_max_acu_below_the_demand_counts_throttled_hours() -> None:
    report = compare_json("--min-acu", "1", "--max-acu", "1")
    for name in ("serverless-v1", "serverless-v2", "serverless-v2-auto-pause"):
        opt = option(report, name)
        # 2 ACU demand, capped at 1, for 5 x 8 = 40 h a week: 40 x 730 / 168 = 173.8095 h
        assert opt["usage"]["throttled_hours"] == "173.8095"
        assert any("exceeds max_acu 1" in w for w in opt["warnings"])


def test_active_hours_out_of_range_is_an_error() -> None:
    result = invoke("compare", "--region", "eu-west-1", "--active-hours", "25")
    assert result.exit_code == 2
    assert "--active-hours" in result.stderr


# ---- version, help ------------------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"aurora-cost {__version__}"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["compare"],
        ["check"],
        ["regions"],
        ["pricing"],
        ["pricing", "show"],
        ["pricing", "validate"],
        ["pricing", "import"],
        ["pricing", "update"],
        ["schema"],
        ["reconcile"],
    ],
    ids=lambda c: " ".join(c) or "aurora-cost",
)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout


# ---- pricing show, regions, pricing validate ----------------------------------------


def test_pricing_show_json_has_the_rates_and_source_date() -> None:
    shown = ok_json("pricing", "show", "eu-west-1", "--format", "json")
    assert shown["region"] == "eu-west-1"
    assert shown["rates"]["serverless_v1_acu_hour"] == "0.05"  # fixture eu-west-1
    assert shown["rates"]["serverless_v2_acu_hour"] == "0.1"
    assert shown["source"]["published"] == "2024-01-02"


def test_regions_json_lists_every_region() -> None:
    listing = ok_json("regions", "--format", "json")
    regions = {r["region"]: r for r in listing["regions"]}
    assert sorted(regions) == FIXTURE_REGIONS  # 35 with the bundled files: see above
    assert regions["us-gov-west-1"]["partition"] == "aws-us-gov"
    assert regions["eu-north-1"]["v1_sold"] is False
    assert regions["eu-west-1"]["v1_sold"] is True
    assert regions["us-east-1"]["partition"] == "aws"


def test_pricing_validate_accepts_the_active_files() -> None:
    result = invoke("pricing", "validate")
    assert result.exit_code == 0, result.stderr
    assert f"All {len(FIXTURE_REGIONS)} price files" in result.stderr


@pytest.mark.bundled_prices
def test_pricing_validate_accepts_the_bundled_files() -> None:
    result = invoke("pricing", "validate", env={"AURORA_COST_PRICING": None})
    assert result.exit_code == 0, result.stderr
    assert "35" in result.stderr


def test_pricing_validate_names_the_broken_file(tmp_path: Path) -> None:
    copy = tmp_path / "prices"
    shutil.copytree(FIXTURE_PRICES, copy, ignore=shutil.ignore_patterns("*.py"))
    broken = copy / "eu-central-1.yaml"
    broken.write_text(broken.read_text().replace("schema_version: 2", "schema_version: 9"))
    result = invoke("pricing", "validate", str(copy), "--format", "json")
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert summary["files"] == len(FIXTURE_REGIONS)
    assert summary["invalid"] == 1
    assert "eu-central-1.yaml" in result.stderr
    assert "schema_version" in result.stderr
    assert "Traceback" not in result.stderr


# ---- colour -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["compare", "--region", "eu-west-1", "--format", "table"],
        ["compare", "--all-regions", "--format", "table"],
        ["regions", "--format", "table"],
        ["pricing", "show", "eu-west-1", "--format", "table"],
        ["compare", "--region", "eu-west-9", "--format", "table"],
    ],
)
@pytest.mark.parametrize("no_color", [True, False], ids=["NO_COLOR", "not-a-tty"])
def test_no_ansi_escapes_without_a_terminal_or_with_no_color(
    command: list[str], no_color: bool
) -> None:
    result = invoke(*command, env={"NO_COLOR": "1"} if no_color else {"NO_COLOR": None})
    assert result.exit_code in (0, 2)
    assert not ANSI.search(result.stdout)
    assert not ANSI.search(result.stderr)


def _on_a_terminal(env: dict[str, str]) -> tuple[int, bytes]:
    """Run `compare` with stdout on a pseudo-terminal; its exit code and what it printed."""
    pty = pytest.importorskip("pty", reason="needs a POSIX pseudo-terminal")
    master, replica = pty.openpty()
    full = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full.update({"COLUMNS": "120", "TERM": "xterm-256color", **FIXTURE_ENV, **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "aurora_cost", "compare", "--region", "eu-west-1"],
        stdout=replica, stderr=subprocess.PIPE, env=full, cwd=REPO,
    )  # fmt: skip
    os.close(replica)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    process.communicate(timeout=120)
    os.close(master)
    return process.returncode, out


def test_a_terminal_gets_a_coloured_table_by_default() -> None:
    status, out = _on_a_terminal({})
    assert status == 0
    assert b"serverless-v2-auto-pause" in out
    assert not out.lstrip().startswith(b"{")  # a table, not JSON
    assert ANSI.search(out.decode())


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_color_and_dumb_terminals_get_no_ansi_even_on_a_terminal(env: dict[str, str]) -> None:
    status, out = _on_a_terminal(env)
    assert status == 0
    assert b"serverless-v2-auto-pause" in out
    assert not ANSI.search(out.decode())


# ---- defaults and the error boundary ------------------------------------------------


def test_json_is_the_default_format_off_a_terminal() -> None:
    result = invoke("compare", "--region", "eu-west-1")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["cheapest"] == "serverless-v2-auto-pause"


def test_format_names_are_case_insensitive() -> None:
    assert json.loads(invoke("compare", "--region", "eu-west-1", "--format", "JSON").stdout)


def test_an_unknown_format_is_a_usage_error() -> None:
    result = invoke("compare", "--region", "eu-west-1", "--format", "yaml")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_all_regions_markdown_rows_have_as_many_cells_as_the_header() -> None:
    result = invoke("compare", "--all-regions", "--format", "markdown")
    assert result.exit_code == 0
    rows = [_cells(line) for line in result.stdout.splitlines() if line.startswith("|")]
    assert rows[0] == ["region", *DEFAULT_OPTIONS, "cheapest"]
    assert len(rows) == 2 + len(FIXTURE_REGIONS)
    assert all(len(row) == len(rows[0]) for row in rows)
    eu_north = next(row for row in rows if row[0] == "eu-north-1")
    assert eu_north[1] == "not sold"  # no Serverless v1 in Stockholm


def test_debug_shows_the_traceback_of_an_error() -> None:
    result = invoke("--debug", "compare", "--region", "eu-west-9")
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert result.stderr.rstrip().endswith("did you mean 'eu-west-1'?")


def test_an_internal_error_exits_70_asking_for_a_report(monkeypatch: pytest.MonkeyPatch) -> None:
    import aurora_cost.estimator

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(aurora_cost.estimator, "price", broken)
    result = invoke("compare", "--region", "eu-west-1", "--format", "json")
    assert result.exit_code == 70
    assert result.stdout == ""
    assert "please report" in result.stderr
    assert __version__ in result.stderr
    assert "Traceback" not in result.stderr
