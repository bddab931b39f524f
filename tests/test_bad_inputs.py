"""Bad input never crashes: every case of tests/data/bad/cases.yaml exits 2 with one clear line.

Each case runs the real CLI through CliRunner and asserts: exit code 2, nothing on stdout,
exactly one stderr line starting with `Error:`, no traceback, and that line contains the
strings the manifest lists (the file or flag, the field, how to fix it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import Result

from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES

BAD = Path(__file__).resolve().parent / "data" / "bad"
CASES: list[dict[str, Any]] = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))
KINDS = ("workload", "traces", "pricing", "offers", "flags")


# Prices: the fixture files (tests/data/prices/); a case's own --pricing wins.
def assert_one_error_line(result: Result, *expected: str) -> str:
    """Exit 2, empty stdout, one `Error:` line on stderr holding every expected string."""
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    line = errors[0]
    assert "internal error" not in line
    for text in expected:
        assert text in line, f"{text!r} not in {line!r}"
    return line


def test_corpus_is_large_and_covers_every_kind() -> None:
    assert len(CASES) >= 60
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for kind in KINDS:
        assert sum(case["id"].startswith(f"{kind}/") for case in CASES) >= 5, kind


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [str(a).format(bad=BAD, out=out) for a in case["args"]]
    assert_one_error_line(invoke(*args), *case["error"])
    assert list(out.iterdir()) == [], "a failed import wrote files"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("workload.yaml", ["compare", "-w", "{file}"]),
        ("trace.csv", ["compare", "-w", str(BAD / "ok-workload.yaml"), "--trace", "{file}"]),
        ("index.csv", ["pricing", "import", "{file}", "--out", "{dir}"]),
    ],
)
def test_unreadable_file(name: str, args: list[str], tmp_path: Path) -> None:
    source = {
        "workload.yaml": BAD / "ok-workload.yaml",
        "trace.csv": BAD.parent / "traces" / "offsets.csv",
        "index.csv": BAD.parent / "offers" / "AmazonRDS-eu-west-1.csv",
    }[name]
    target = tmp_path / name
    target.write_bytes(source.read_bytes())
    target.chmod(0)
    out = tmp_path / "out"
    out.mkdir()
    try:
        result = invoke(*[a.format(file=target, dir=out) for a in args])
    finally:
        target.chmod(0o600)
    line = assert_one_error_line(result, name)
    assert "permission denied" in line or "cannot read" in line


def test_unreadable_price_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read a chmod 000 file")
    prices = tmp_path / "prices"
    prices.mkdir()
    target = prices / "eu-west-1.yaml"
    target.write_bytes((FIXTURE_PRICES / "eu-west-1.yaml").read_bytes())
    target.chmod(0)
    try:
        result = invoke("compare", "-w", str(BAD / "ok-workload.yaml"), "--pricing", str(prices))
    finally:
        target.chmod(0o600)
    assert_one_error_line(result, "eu-west-1.yaml", "permission denied", "readable")


def test_a_bom_alone_is_accepted(tmp_path: Path) -> None:
    """The corpus has a BOM *with* an error; a BOM on a good file is fine."""
    good = tmp_path / "bom.yaml"
    good.write_bytes(b"\xef\xbb\xbf" + (BAD / "ok-workload.yaml").read_bytes())
    result = invoke("compare", "-w", str(good), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"region": "eu-west-1"' in result.stdout


def test_a_real_class_not_sold_in_the_region_stays_not_sold(tmp_path: Path) -> None:
    """db.r7g.large is a real Aurora class that eu-west-3 does not sell: a row, not an error."""
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage: {constant: 1}\n"
        "options:\n  - {kind: provisioned, instance_class: db.r7g.large}\n"
    )
    single = invoke("compare", "-w", str(workload), "--region", "eu-west-3", "--format", "json")
    assert single.exit_code == 0, single.stderr
    assert '"available": false' in single.stdout
    every = invoke("compare", "-w", str(workload), "--all-regions", "--format", "json")
    assert every.exit_code == 0, every.stderr


def test_a_class_only_in_another_regions_price_file_is_not_an_error(tmp_path: Path) -> None:
    """With --all-regions, a class that one price file sells is known in every region."""
    prices = tmp_path / "prices"
    prices.mkdir()
    for region in ("eu-west-1", "us-east-1"):
        (prices / f"{region}.yaml").write_bytes((FIXTURE_PRICES / f"{region}.yaml").read_bytes())
    eu = prices / "eu-west-1.yaml"
    eu.write_text(
        eu.read_text().replace(
            "instances:\n", "instances:\n  db.r9z.large: {mysql: {standard: 1}}\n", 1
        )
    )
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage: {constant: 1}\n"
        "options:\n  - {kind: provisioned, instance_class: db.r9z.large}\n"
    )
    every = invoke(
        "compare", "-w", str(workload), "--all-regions", "--pricing", str(prices), "-f", "json"
    )
    assert every.exit_code == 0, every.stderr
    assert every.stdout.count('"available": false') == 1  # us-east-1 does not sell it
    single = invoke(
        "compare", "-w", str(workload), "--region", "us-east-1", "--pricing", str(prices)
    )
    assert_one_error_line(single, "w.yaml", "options[0].instance_class:", "db.r9z.large")
