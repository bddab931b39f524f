"""What a user with a bad file or command line reads: every problem, in our words, with the fix.

Through CliRunner: exit 2, nothing on stdout, and the exact stderr, written out by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from aurora_cost.cli import app
from aurora_cost.errors import AuroraCostError, InputError, did_you_mean
from aurora_cost.pricing.model import parse_pricing
from aurora_cost.workload.model import parse_workload
from aurora_cost.yamlio import parse_yaml
from tests.conftest import RUNNER
from tests.strategies import documents, near_valid_documents, price_documents

ROOT = Path(__file__).resolve().parent.parent
runner = RUNNER
LIBRARY_WORDING = (
    "Input should",
    "String should",
    "List should",
    "Value error",
    "validation error",
    "pydantic",
    "type=",
    "Field required",
    "Extra inputs",
)


def refused(args: list[str]) -> str:
    """Run the CLI; assert exit 2 and an empty stdout; return stderr."""
    result: Result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stdout == ""
    return result.stderr


def workload(tmp_path: Path, text: str, name: str = "w.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def compare(path: Path) -> str:
    return refused(["compare", "-w", str(path), "--region", "eu-west-1", "--format", "json"])


# ---- every problem of a file ---------------------------------------------------------


def test_every_problem_is_listed_in_the_order_of_the_file(tmp_path: Path) -> None:
    path = workload(
        tmp_path,
        """\
version: 1
usage:
  schedule:
    windows:
      - {days: [monday], start: "09:00", end: "17:00", acu: 2}
      - {days: [], start: "9am", end: "17:00", acu: 2}
storage_gb:
storge: 3
options:
  - {kind: serverless-v2, min_acu: 0.5, max_acu: 8, storage: io-optimised}
  - {name: p, kind: provisioned, instance_class: db.serverless}
  - {name: q, kind: provisioned, instance_class: db.r6g}
  - {name: r, kind: serverles-v2, min_acu: 1, max_acu: 2}
""",
    )
    assert compare(path) == (
        f"Error: {path}: usage.schedule.windows[0].days[0]: 'monday' is not allowed; did you "
        "mean 'mon'? (expected 'mon', 'tue', 'wed', 'thu', 'fri', 'sat' or 'sun')\n"
        f"  {path}: usage.schedule.windows[1].days: the list is empty; list at least one day, "
        "e.g. days: [mon, tue]\n"
        f"  {path}: usage.schedule.windows[1].start: '9am' is not a time of day; write it as "
        '"HH:MM", e.g. "09:00"\n'
        f"  {path}: storage_gb: has no value; give a number of GB or remove the key\n"
        f"  {path}: storge: unknown key; did you mean 'storage_gb'?\n"
        f"  {path}: options[0].storage: 'io-optimised' is not allowed; did you mean "
        "'io-optimized'? (expected 'standard' or 'io-optimized')\n"
        f"  {path}: options[1].instance_class: db.serverless is the Aurora Serverless v2 "
        "instance class; use kind: serverless-v2 with min_acu and max_acu\n"
        f"  {path}: options[2].instance_class: 'db.r6g' is not an instance class name; "
        "write it like db.r6g.large\n"
        f"  {path}: options[3]: kind: 'serverles-v2' is not allowed; did you mean "
        "'serverless-v2'? (expected 'serverless-v1', 'serverless-v2', 'provisioned' or 'cluster')\n"
    )


def test_over_ten_problems_lists_ten_and_counts_the_rest(tmp_path: Path) -> None:
    options = "".join(
        f"  - {{name: p{i}, kind: provisioned, instance_class: db.r6g.large, instances: 0}}\n"
        for i in range(13)
    )
    path = workload(tmp_path, f"version: 1\nusage: {{constant: 1}}\noptions:\n{options}")
    lines = compare(path).splitlines()
    assert lines[0] == f"Error: {path}: options[0].instances: 0 must be at least 1"
    assert lines[1:10] == [
        f"  {path}: options[{i}].instances: 0 must be at least 1" for i in range(1, 10)
    ]
    assert lines[10:] == ["  (and 3 more problems)"]


def test_one_more_problem_is_singular(tmp_path: Path) -> None:
    options = "".join(
        f"  - {{name: p{i}, kind: provisioned, instance_class: db.r6g.large, instances: 0}}\n"
        for i in range(11)
    )
    path = workload(tmp_path, f"version: 1\nusage: {{constant: 1}}\noptions:\n{options}")
    assert compare(path).splitlines()[-1] == "  (and 1 more problem)"


# ---- a misspelled key, and did-you-mean at every level -------------------------------


def test_a_misspelled_key_is_one_problem_with_its_suggestion(tmp_path: Path) -> None:
    path = workload(
        tmp_path,
        "version: 1\nusage: {constant: 1}\n"
        "options:\n  - {name: v2, kind: serverless-v2, min_acus: 0.5, max_acu: 8}\n",
    )
    assert compare(path) == (
        f"Error: {path}: options[0].min_acus: unknown key; did you mean 'min_acu'? "
        "(min_acu is required)\n"
    )


def test_misspelled_required_keys_at_the_top_are_folded_too(tmp_path: Path) -> None:
    path = workload(tmp_path, "versoin: 1\nusgae: {constant: 1}\n")
    assert compare(path) == (
        f"Error: {path}: versoin: unknown key; did you mean 'version'? (version is required)\n"
        f"  {path}: usgae: unknown key; did you mean 'usage'? (usage is required)\n"
    )


V2 = "{kind: serverless-v2, min_acu: 0.5, max_acu: 8"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "usage: {constant: 1}\nstorge_gb: 3\n",
            "storge_gb: unknown key; did you mean 'storage_gb'?",
        ),
        (
            f"usage: {{constant: 1}}\noptions:\n  - {V2}, readrs: 1}}\n",
            "options[0].readrs: unknown key; did you mean 'readers'?",
        ),
        ("usage: {constnt: 1}\n", "usage.constnt: unknown key; did you mean 'constant'?"),
        (
            "usage: {schedule: {window: []}}\n",
            "usage.schedule.window: unknown key; did you mean 'windows'?",
        ),
        (
            "usage:\n  schedule:\n    windows:\n"
            '      - {day: [mon], start: "09:00", end: "17:00", acu: 1}\n',
            "usage.schedule.windows[0].day: unknown key; did you mean 'days'? (days is required)",
        ),
        (
            "usage: {trace: {pth: t.csv}}\n",
            "usage.trace.pth: unknown key; did you mean 'path'?",
        ),
        (
            "usage: {trace: {path: t.csv, format: csvv}}\n",
            "usage.trace.format: 'csvv' is not allowed; did you mean 'csv'? "
            "(expected 'csv', 'cloudwatch-statistics' or 'cloudwatch-metric-data')",
        ),
        (
            "usage: {trace: {path: t.csv, statistic: Maximun}}\n",
            "usage.trace.statistic: 'Maximun' is not allowed; did you mean 'Maximum'? "
            "(expected 'Average', 'Maximum', 'Minimum', 'Sum' or 'SampleCount', or a percentile "
            "such as p99)",
        ),
        (
            "usage: {trace: {path: t.csv, statistic: average}}\n",
            "usage.trace.statistic: 'average' is not allowed; write it as 'Average'",
        ),
        (
            "usage:\n  schedule:\n    windows:\n"
            '      - {days: [tues], start: "09:00", end: "17:00", acu: 1}\n',
            "usage.schedule.windows[0].days[0]: 'tues' is not allowed; did you mean 'tue'? "
            "(expected 'mon', 'tue', 'wed', 'thu', 'fri', 'sat' or 'sun')",
        ),
        (
            f"usage: {{constant: 1}}\noptions:\n  - {V2}, storage: io-optimised}}\n",
            "options[0].storage: 'io-optimised' is not allowed; did you mean 'io-optimized'? "
            "(expected 'standard' or 'io-optimized')",
        ),
        (
            f"usage: {{constant: 1}}\noptions:\n  - {V2}, readers: 1, reader_scaling: independant}}\n",
            "options[0].reader_scaling: 'independant' is not allowed; did you mean "
            "'independent'? (expected 'with-writer' or 'independent')",
        ),
        (
            "usage: {constant: 1}\noptions:\n"
            "  - {kind: serverless-v1, engine: postgres, min_acu: 2, max_acu: 4}\n",
            "options[0].engine: 'postgres' is not allowed; did you mean 'postgresql'? "
            "(expected 'mysql' or 'postgresql')",
        ),
        (
            "usage: {constant: 1}\noptions:\n  - {kind: provisoned, instance_class: db.r6g.large}\n",
            "options[0]: kind: 'provisoned' is not allowed; did you mean 'provisioned'? "
            "(expected 'serverless-v1', 'serverless-v2', 'provisioned' or 'cluster')",
        ),
        (
            "usage: {constant: 1}\noptions:\n  - {instance_class: db.r6g.large}\n",
            "options[0]: kind is required; add a kind: 'serverless-v1', 'serverless-v2', "
            "'provisioned' or 'cluster'",
        ),
    ],
)
def test_did_you_mean_at_every_level(tmp_path: Path, body: str, expected: str) -> None:
    path = workload(tmp_path, "version: 1\n" + body)
    assert compare(path) == f"Error: {path}: {expected}\n"


# ---- no library wording --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "usage: {constant: 1}\nstorage_gb:\n",
            "storage_gb: has no value; give a number of GB or remove the key",
        ),
        (
            "usage:\n",
            "usage: has no value; give a mapping of keys (key: value), e.g. usage: {constant: 1}",
        ),
        (
            "usage: {constant: 1}\noptions: []\n",
            "options: the list is empty; give at least one option, or remove the key to price "
            "the four default options",
        ),
        (
            "usage: {constant: lots}\n",
            "usage.constant: 'lots' is the wrong type; give a number of ACUs",
        ),
        (
            "usage: {constant: 1}\ndata_api_requests_per_month: [1]\n",
            "data_api_requests_per_month: a list is the wrong type; give a number per month",
        ),
        (
            f"usage: {{constant: 1}}\noptions:\n  - {V2}, readers: 1.5}}\n",
            "options[0].readers: 1.5 is not a whole number; give a whole number of readers",
        ),
        (
            "usage: {constant: 1}\noptions:\n"
            "  - {kind: serverless-v1, min_acu: 1, max_acu: 2, auto_pause: maybe}\n",
            "options[0].auto_pause: 'maybe' is the wrong type; give true or false",
        ),
        (
            "usage: {constant: 1}\noptions:\n  - {kind: provisioned, instance_class: db.r6g}\n",
            "options[0].instance_class: 'db.r6g' is not an instance class name; "
            "write it like db.r6g.large",
        ),
        (
            "usage: {constant: 1}\noptions:\n  - {kind: provisioned, instance_class: db.serverless}\n",
            "options[0].instance_class: db.serverless is the Aurora Serverless v2 instance "
            "class; use kind: serverless-v2 with min_acu and max_acu",
        ),
        (
            "usage: {constant: 1}\noptions:\n  - {kind: provisioned, instance_class: DB.R6G.LARGE}\n",
            "options[0].instance_class: 'DB.R6G.LARGE' is not an instance class name; write "
            "it in lower case: db.r6g.large",
        ),
        (
            "usage: {constant: 1}\noptions:\n  - {kind: provisioned}\n",
            "options[0].instance_class: is required; add it, e.g. instance_class: db.r6g.large",
        ),
        (
            "usage: {constant: 1}\noptions:\n  - oops\n",
            "options[0]: 'oops' is the wrong type; give a mapping of keys (key: value)",
        ),
        (
            "usage: {trace: {path: ''}}\n",
            "usage.trace.path: is empty; write a value or remove the key",
        ),
    ],
)
def test_messages_are_in_our_words(tmp_path: Path, body: str, expected: str) -> None:
    path = workload(tmp_path, "version: 1\n" + body)
    assert compare(path) == f"Error: {path}: {expected}\n"


def test_value_error_prefix_is_gone(tmp_path: Path) -> None:
    path = workload(
        tmp_path,
        "version: 1\nusage:\n  schedule:\n    windows:\n"
        '      - {days: [mon], start: "9am", end: "17:00", acu: 1}\n',
    )
    assert compare(path) == (
        f"Error: {path}: usage.schedule.windows[0].start: '9am' is not a time of day; "
        'write it as "HH:MM", e.g. "09:00"\n'
    )


def _message(action: Any) -> str:
    try:
        action()
    except AuroraCostError as exc:
        return str(exc)
    return ""


# 100 examples: every message of the loaders is also written out by hand in the tests above
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=documents | near_valid_documents, prices=price_documents)
def test_no_message_carries_library_wording(document: Any, prices: Any) -> None:
    messages = [
        _message(lambda: parse_workload(document, "w.yaml")),
        _message(lambda: parse_pricing(Path("eu-west-1.yaml"), prices)),
    ]
    for message in messages:
        for words in LIBRARY_WORDING:
            assert words not in message, message
        lines = message.splitlines()
        assert len(lines) <= 11
        assert all(line.startswith("  ") for line in lines[1:]), message


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    args=st.lists(
        st.sampled_from(
            [
                "--acu",
                "--readers",
                "--format",
                "--region",
                "--regoin",
                "-x",
                "abc",
                "1.5",
                "xml",
                "jsn",
                "--io-optimized=3",
                "--max-acu",
                "nan",
            ]
        ),
        min_size=1,
        max_size=3,
    )
)
def test_no_usage_error_carries_library_wording(args: list[str]) -> None:
    result = runner.invoke(app, ["compare", "--pricing", str(ROOT / "pricing"), *args])
    for words in LIBRARY_WORDING:
        assert words not in result.stderr, result.stderr
    if result.exit_code == 2:
        assert "Error: " in result.stderr
        assert "Usage:" not in result.stderr  # not Click's four-line form


# ---- duplicate keys ------------------------------------------------------------------


def test_a_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    path = workload(
        tmp_path,
        "version: 1\nusage: {constant: 1}\nstorage_gb: 20\nio_requests_per_month: 5\n"
        "options:\n  - name: a\n    kind: provisioned\n    instance_class: db.r6g.large\n"
        "    kind: provisioned\nstorage_gb: 30\n",
    )
    assert compare(path) == (
        f"Error: {path}: line 9: duplicate key 'kind' (first at line 7); keep one\n"
        f"  {path}: line 10: duplicate key 'storage_gb' (first at line 3); keep one\n"
    )


def test_a_duplicate_key_in_a_flow_mapping(tmp_path: Path) -> None:
    path = workload(tmp_path, "version: 1\nusage: {constant: 1, constant: 2}\n")
    assert compare(path) == (
        f"Error: {path}: line 2: duplicate key 'constant' (first at line 2); keep one\n"
    )


def test_a_merge_key_may_be_overridden() -> None:
    """`<<: *base` then `a: 2` overrides the merged key: not a duplicate."""
    text = "base: &base {a: 1, b: 1}\nx:\n  <<: *base\n  a: 2\n"
    assert parse_yaml(text, Path("f.yaml")) == {"base": {"a": 1, "b": 1}, "x": {"a": 2, "b": 1}}


def test_keys_equal_once_read_are_duplicates() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("'a': 1\nb: 2\na: 3\n", Path("f.yaml"))
    assert str(caught.value) == "f.yaml: line 3: duplicate key 'a' (first at line 1); keep one"


def test_a_duplicate_key_in_a_price_file(tmp_path: Path) -> None:
    prices = tmp_path / "prices"
    prices.mkdir()
    good = (ROOT / "pricing" / "eu-west-1.yaml").read_text(encoding="utf-8")
    lines = good.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("currency:")) + 1
    (prices / "eu-west-1.yaml").write_text(good + "currency: USD\n", encoding="utf-8")
    stderr = refused(["pricing", "show", "eu-west-1", "--pricing", str(prices)])
    assert stderr == (
        f"Error: {prices / 'eu-west-1.yaml'}: line {len(lines) + 1}: duplicate key "
        f"'currency' (first at line {first}); keep one\n"
    )


# ---- price files ---------------------------------------------------------------------


def test_a_price_file_lists_every_problem(tmp_path: Path) -> None:
    prices = tmp_path / "prices"
    prices.mkdir()
    good = (ROOT / "pricing" / "eu-west-1.yaml").read_text(encoding="utf-8")
    head, rates = good.split("\nrates:\n", 1)
    broken = (
        head.replace("currency: USD", "currency: usd\ncurency: USD", 1)
        + "\nrates:\n"
        + rates.replace("serverless_v2_acu_hour:", "serverless_v2_acu_hr:", 1)
    )
    path = prices / "eu-west-1.yaml"
    path.write_text(broken, encoding="utf-8")
    assert refused(["pricing", "show", "eu-west-1", "--pricing", str(prices)]) == (
        f"Error: {path}: currency: 'usd' is not allowed; write it as 'USD'\n"
        f"  {path}: curency: unknown key; did you mean 'currency'?\n"
        f"  {path}: rates.serverless_v2_acu_hr: unknown key; did you mean "
        "'serverless_v2_acu_hour'?\n"
    )


def test_pricing_validate_never_suggests_the_same_word(tmp_path: Path) -> None:
    prices = tmp_path / "prices"
    prices.mkdir()
    good = (ROOT / "pricing" / "eu-west-1.yaml").read_bytes()
    (prices / "eu-west-1.yaml").write_bytes(good)
    (prices / "win8.yaml").write_bytes(good)
    result = runner.invoke(app, ["pricing", "validate", str(prices), "--format", "json"])
    assert result.exit_code == 2
    assert "did you mean 'win8'" not in result.stdout + result.stderr
    assert result.stderr == (
        f"Error: {prices / 'win8.yaml'}: 'win8' is not a region code, so no region uses this "
        "file; name a price file after its region, e.g. eu-west-1.yaml, or move it away\n"
    )


def test_did_you_mean_skips_an_exact_match() -> None:
    assert did_you_mean("win8", ["eu-west-1", "win8"]) == ""
    assert did_you_mean("WIN8", ["win8", "win9"]) == ""
    assert did_you_mean("win7", ["win8"]) == "; did you mean 'win8'?"


# ---- usage errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["compare", "--regoin", "eu-west-1"],
            "Error: --regoin: no such option; did you mean '--region'?\n"
            "Try 'aurora-cost compare --help' for help.\n",
        ),
        (
            ["compare", "--region"],
            "Error: --region: needs a value; write --region VALUE\n"
            "Try 'aurora-cost compare --help' for help.\n",
        ),
        (
            ["compare", "--format", "xml"],
            "Error: --format: 'xml' is not allowed; expected 'table', 'json', 'csv', "
            "'markdown' or 'html'\nTry 'aurora-cost compare --help' for help.\n",
        ),
        (
            ["compare", "--format", "jsno"],
            "Error: --format: 'jsno' is not allowed; did you mean 'json'? (expected 'table', "
            "'json', 'csv', 'markdown' or 'html')\nTry 'aurora-cost compare --help' for help.\n",
        ),
        (
            ["compare", "--acu", "abc"],
            "Error: --acu: 'abc' is not a number of ACUs\n"
            "Try 'aurora-cost compare --help' for help.\n",
        ),
        (
            ["compare", "--readers", "1.5"],
            "Error: --readers: '1.5' is not a whole number of readers\n"
            "Try 'aurora-cost compare --help' for help.\n",
        ),
        (
            ["compare", "--io-optimized=yes"],
            "Error: --io-optimized: takes no value; write --io-optimized on its own\n"
            "Try 'aurora-cost compare --help' for help.\n",
        ),
        (
            ["compare", "extra"],
            "Error: 'extra': unexpected argument; remove it, or quote a value with spaces\n"
            "Try 'aurora-cost compare --help' for help.\n",
        ),
        (
            ["comapre"],
            "Error: 'comapre': no such command; did you mean 'compare'?\n"
            "Try 'aurora-cost --help' for help.\n",
        ),
        (
            ["--bogus"],
            "Error: --bogus: no such option\nTry 'aurora-cost --help' for help.\n",
        ),
        (
            ["pricing", "shwo"],
            "Error: 'shwo': no such command; did you mean 'show'?\n"
            "Try 'aurora-cost pricing --help' for help.\n",
        ),
        (
            ["pricing", "show"],
            "Error: REGION: missing argument; give it on the command line\n"
            "Try 'aurora-cost pricing show --help' for help.\n",
        ),
        (
            ["pricing", "show", "eu-west-1", "--format"],
            "Error: --format: needs a value; write --format VALUE\n"
            "Try 'aurora-cost pricing show --help' for help.\n",
        ),
        (
            ["check", "--max-montly", "50"],
            "Error: --max-montly: no such option; did you mean '--max-monthly'?\n"
            "Try 'aurora-cost check --help' for help.\n",
        ),
    ],
)
def test_a_usage_error_is_one_error_line(args: list[str], expected: str) -> None:
    assert refused(args) == expected


def test_a_usage_error_from_the_installed_command() -> None:
    """The same two lines from a real process (`python -m aurora_cost`), exit 2."""
    done = subprocess.run(
        [sys.executable, "-m", "aurora_cost", "compare", "--regoin", "eu-west-1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "Error: --regoin: no such option; did you mean '--region'?\n"
        "Try 'aurora-cost compare --help' for help.\n"
    )
