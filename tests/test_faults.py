"""Fault injection: a failure or Ctrl-C at any point of a write never loses the old files.

Also: files too large to be sane are refused before they are read, cheaply tested with
sparse files (`truncate` makes a big file without writing its bytes).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from aurora_cost import atomic
from aurora_cost.atomic import write_files_atomic
from aurora_cost.errors import AuroraCostError, InputError
from aurora_cost.pricing.aws import download
from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES

DATA = Path(__file__).resolve().parent / "data"
OFFERS = DATA / "offers"
SHIPPED = FIXTURE_PRICES  # old copies of the fixture price files


# Prices: the fixture files (tests/data/prices/); a case's own --pricing wins.
def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file in `directory` (hidden temporaries included) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture
def prices(tmp_path: Path) -> Path:
    """A price directory holding old copies of three regions."""
    directory = tmp_path / "prices"
    directory.mkdir()
    for region in ("eu-north-1", "eu-west-1", "us-east-1"):
        text = (SHIPPED / f"{region}.yaml").read_text(encoding="utf-8")
        (directory / f"{region}.yaml").write_text(text + "# old copy\n", encoding="utf-8")
    return directory


def fail_on_call(n: int, exc: BaseException, real: Callable[..., Any]) -> Callable[..., Any]:
    """A stand-in for `real` that raises `exc` on its n-th call (1-based)."""
    calls = {"count": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["count"] += 1
        if calls["count"] == n:
            raise exc
        return real(*args, **kwargs)

    return wrapper


# ---- the atomic writer itself --------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_failed_rename_leaves_every_old_file_and_no_temporaries(
    prices: Path, monkeypatch: pytest.MonkeyPatch, n: int
) -> None:
    """os.replace fails on the n-th of three renames: the ones already done are undone."""
    before = snapshot(prices)
    monkeypatch.setattr(atomic.os, "replace", fail_on_call(n, OSError(28, "No space"), os.replace))
    files = {prices / name: "new\n" for name in before}
    with pytest.raises(OSError):
        write_files_atomic(files)
    assert snapshot(prices) == before


def test_a_failed_rename_removes_a_file_that_was_new(
    prices: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(prices)
    monkeypatch.setattr(atomic.os, "replace", fail_on_call(2, OSError(5, "I/O"), os.replace))
    with pytest.raises(OSError):
        write_files_atomic({prices / "af-south-1.yaml": "new\n", prices / "eu-west-1.yaml": "x"})
    assert snapshot(prices) == before


@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_writing_the_second_file_leaves_every_old_file(
    prices: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    before = snapshot(prices)
    monkeypatch.setattr(atomic, "_stage", fail_on_call(2, exc, atomic._stage))
    with pytest.raises(type(exc)):
        write_files_atomic({prices / name: "new\n" for name in before})
    assert snapshot(prices) == before


def test_a_failure_inside_the_temporary_write_removes_it(
    prices: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(prices)
    monkeypatch.setattr(atomic.os, "fsync", fail_on_call(1, OSError(5, "I/O"), os.fsync))
    with pytest.raises(OSError):
        write_files_atomic({prices / "eu-west-1.yaml": "new\n"})
    assert snapshot(prices) == before


def test_a_successful_batch_leaves_no_backups_or_temporaries(prices: Path) -> None:
    names = sorted(snapshot(prices))
    write_files_atomic({prices / name: f"{name}\n" for name in names})
    after = snapshot(prices)
    assert sorted(after) == names
    assert all(after[name] == f"{name}\n".encode() for name in names)


# ---- pricing import / update through the CLI -----------------------------------------


def import_eu_west_1(prices: Path) -> Result:
    return invoke("pricing", "import", str(OFFERS / "AmazonRDS-all.csv"), "--out", str(prices))


def test_import_with_a_failing_rename_exits_2_and_changes_nothing(
    prices: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(prices)
    monkeypatch.setattr(atomic.os, "replace", fail_on_call(2, OSError(28, "No space"), os.replace))
    result = import_eu_west_1(prices)
    assert result.exit_code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "nothing was changed" in errors[0]
    assert "Traceback" not in result.stderr
    assert snapshot(prices) == before


def assert_interrupted(result: Result) -> None:
    """Exit 130, one line saying so (after any notes), no Error: line, nothing on stdout."""
    assert result.exit_code == 130, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "Interrupted; nothing was changed."
    assert not [line for line in lines if line.startswith("Error:")]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_ctrl_c_while_import_writes_exits_130_and_changes_nothing(
    prices: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(prices)
    monkeypatch.setattr(atomic, "_stage", fail_on_call(2, KeyboardInterrupt(), atomic._stage))
    result = import_eu_west_1(prices)
    assert_interrupted(result)
    assert snapshot(prices) == before


def test_ctrl_c_between_renames_exits_130_and_changes_nothing(
    prices: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(prices)
    monkeypatch.setattr(atomic.os, "replace", fail_on_call(2, KeyboardInterrupt(), os.replace))
    result = import_eu_west_1(prices)
    assert_interrupted(result)
    assert snapshot(prices) == before


def test_ctrl_c_from_write_files_atomic_during_import(
    prices: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aurora_cost.pricing.aws as offers

    def interrupted(files: Any) -> None:
        raise KeyboardInterrupt

    before = snapshot(prices)
    monkeypatch.setattr(offers, "write_files_atomic", interrupted)
    result = import_eu_west_1(prices)
    assert_interrupted(result)
    assert snapshot(prices) == before


@pytest.mark.parametrize("on_call", [1, 2])
def test_ctrl_c_during_the_update_download_exits_130_and_changes_nothing(
    prices: Path, monkeypatch: pytest.MonkeyPatch, on_call: int
) -> None:
    """Call 1 is the region index, call 2 the first region's offer CSV."""
    before = snapshot(prices)
    fetched: list[Path] = []

    def fetch(self: Any, url: str, dest: Path, label: str, progress: Any) -> None:
        fetched.append(dest)
        if len(fetched) == on_call:
            dest.write_bytes(b"partial")  # half a download in the temporary directory
            raise KeyboardInterrupt
        entry = {"currentVersionUrl": "/offers/v1.0/aws/AmazonRDS/1/eu-west-1/index.json"}
        dest.write_text(json.dumps({"regions": {"eu-west-1": entry}}))

    monkeypatch.setattr(download.Fetcher, "fetch", fetch)
    result = invoke("pricing", "update", "--region", "eu-west-1", "--out", str(prices))
    assert_interrupted(result)
    assert snapshot(prices) == before
    assert not any(path.exists() for path in fetched), "the download directory is left behind"


# ---- size limits: refused before being read ------------------------------------------


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def test_a_workload_over_the_yaml_limit_is_refused(tmp_path: Path) -> None:
    from aurora_cost.workload.model import load_workload
    from aurora_cost.yamlio import MAX_YAML_BYTES

    path = sparse(tmp_path / "w.yaml", MAX_YAML_BYTES + 1, b"version: 1\n")
    with pytest.raises(InputError, match=r"w\.yaml: .* bytes is too large for a workload file"):
        load_workload(path)


def test_a_price_file_over_the_yaml_limit_is_refused(tmp_path: Path) -> None:
    from aurora_cost.yamlio import MAX_YAML_BYTES

    directory = tmp_path / "prices"
    directory.mkdir()
    sparse(directory / "eu-west-1.yaml", MAX_YAML_BYTES + 1, b"schema_version: 1\n")
    result = invoke("compare", "--region", "eu-west-1", "--pricing", str(directory), "-f", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "eu-west-1.yaml" in result.stderr and "too large" in result.stderr


def test_a_csv_trace_over_2_gb_is_refused_without_reading_it(tmp_path: Path) -> None:
    from aurora_cost.demand.traces import load_trace
    from aurora_cost.inputs import limit_bytes

    path = sparse(tmp_path / "huge.csv", limit_bytes("trace file") + 1, b"timestamp,acu\n")
    with pytest.raises(InputError, match=r"huge\.csv: .* too large for a trace file"):
        load_trace(path)


def test_a_json_trace_over_its_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    from aurora_cost.demand.traces import load_trace
    from aurora_cost.inputs import limit_bytes

    path = sparse(tmp_path / "huge.json", limit_bytes("trace file") + 1, b'{"Datapoints": [')
    with pytest.raises(InputError, match=r"huge\.json: .* too large"):
        load_trace(path)


def test_the_limit_is_a_constant_that_applies_to_every_trace_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aurora_cost.demand import traces

    monkeypatch.setenv("AURORA_COST_MAX_INPUT_MB", str(64 / 2**20))
    path = tmp_path / "t.csv"
    path.write_text("timestamp,acu\n" + "2024-05-01T00:00:00Z,1\n" * 4)
    with pytest.raises(InputError, match="too large"):
        traces.load_trace(path)


def test_a_trace_through_the_cli_over_the_limit_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AURORA_COST_MAX_INPUT_MB", str(64 / 2**20))
    path = tmp_path / "t.csv"
    path.write_text("timestamp,acu\n" + "2024-05-01T00:00:00Z,1\n" * 4)
    workload = DATA / "bad" / "ok-workload.yaml"
    result = invoke("compare", "-w", str(workload), "--trace", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [
        line for line in result.stderr.splitlines() if "too large" in line
    ]


def test_a_2_gb_offer_csv_of_zeros_is_refused_quickly(tmp_path: Path) -> None:
    """A sparse 2 GB file of NUL bytes: the format check reads 4 KB and gives up."""
    from aurora_cost.pricing.aws import import_offer_files

    path = sparse(tmp_path / "index.csv", 2 * 1024**3)
    with pytest.raises(AuroraCostError, match="neither an offer CSV"):
        import_offer_files([path])


def test_an_offer_csv_with_a_huge_line_is_refused_in_flat_memory(tmp_path: Path) -> None:
    import tracemalloc

    from aurora_cost.pricing.aws import import_offer_files

    head = (OFFERS / "AmazonRDS-eu-west-1.csv").read_bytes().split(b"\n")[:6]
    path = sparse(tmp_path / "index.csv", 64 * 1024**2, b"\n".join(head) + b'\n"x')
    tracemalloc.start()
    try:
        with pytest.raises(AuroraCostError):
            import_offer_files([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024**2


@pytest.mark.parametrize(
    "head",
    [
        b"timestamp,acu",
        b'timestamp,acu\n2024-01-01T00:00:00Z,"x',
        b"timestamp,acu\n2024-01-01T00:00:00Z,1",
    ],
)
def test_a_trace_without_line_breaks_is_refused_in_flat_memory(tmp_path: Path, head: bytes) -> None:
    import tracemalloc

    from aurora_cost.demand.traces import load_trace

    path = sparse(tmp_path / "trace.csv", 64 * 1024**2, head)
    tracemalloc.start()
    try:
        with pytest.raises(AuroraCostError, match=r"line break|field larger"):
            load_trace(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024**2  # the file is 64 MB: it was never held whole
