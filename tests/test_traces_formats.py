"""Trace files as people really save them: UTF-16 from PowerShell's `>`, gzip, decimal
commas, an HTML error page instead of the export, and metrics in Percent.

The CloudWatch outputs here were written by hand in the shape of the AWS CLI's JSON output
(`aws cloudwatch get-metric-statistics`: `Label` and `Datapoints` with `Timestamp`, the
statistics and `Unit`; `aws cloudwatch get-metric-data`: `MetricDataResults` with `Id`,
`Label`, `Timestamps` newest first, `Values`, `StatusCode`). Expected runs: (ACU, minutes).
"""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

import pytest

from aurora_cost.cli import app
from aurora_cost.demand.traces import Trace, load_trace
from aurora_cost.errors import InputError
from tests.conftest import RUNNER, write
from tests.fixture_prices import FIXTURE_PRICES

DATA = Path(__file__).resolve().parent / "data" / "traces"
CSV = "timestamp,acu\r\n2024-05-06T10:00:00Z,1\r\n2024-05-06T10:01:00Z,2.5\r\n2024-05-06T10:02:00Z,2.5\r\n"
CSV_RUNS = [(1.0, 1), (2.5, 2)]
# get-metric-statistics at a 60 s period: 10:00 0.5, 10:01 2 (Average)
STATISTICS = """{
    "Label": "ServerlessDatabaseCapacity",
    "Datapoints": [
        {"Timestamp": "2024-05-06T10:01:00+00:00", "Average": 2.0, "Unit": "Count"},
        {"Timestamp": "2024-05-06T10:00:00+00:00", "Average": 0.5, "Unit": "Count"}
    ]
}
"""
STATISTICS_RUNS = [(0.5, 1), (2.0, 1)]


def runs(trace: Trace) -> list[tuple[float, int]]:
    return list(zip(trace.demand.levels, trace.demand.minutes))


def error(path: Path, **options: object) -> str:
    with pytest.raises(InputError) as caught:
        load_trace(path, **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message, message
    return message


# ---- UTF-16 ----------------------------------------------------------------------------


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                            (codecs.BOM_UTF16_BE, "utf-16-be")])  # fmt: skip
def test_utf16_with_a_bom_is_read(tmp_path: Path, bom: bytes, codec: str) -> None:
    # Windows PowerShell 5: `aws cloudwatch ... > capacity.json` writes UTF-16 LE with a BOM
    csv_file = write(tmp_path, "t.csv", bom + CSV.encode(codec))
    json_file = write(tmp_path, "t.json", bom + STATISTICS.encode(codec))
    assert runs(load_trace(csv_file)) == CSV_RUNS
    assert runs(load_trace(json_file)) == STATISTICS_RUNS


def test_utf16_without_a_bom_is_explained(tmp_path: Path) -> None:
    message = error(write(tmp_path, "t.json", STATISTICS.encode("utf-16-le")))
    assert "UTF-16 LE text without a byte-order mark; save it as UTF-8" in message
    assert "UTF-16 BE" in error(write(tmp_path, "t.csv", CSV.encode("utf-16-be")))


def test_bad_utf16_is_one_line(tmp_path: Path) -> None:
    broken = codecs.BOM_UTF16_LE + CSV.encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    assert "is not valid UTF-16; save the file as UTF-8" in error(write(tmp_path, "t.csv", broken))


# ---- gzip ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["t.csv.gz", "t.csv"])  # by its name or its magic bytes
def test_gzip_csv(tmp_path: Path, name: str) -> None:
    assert runs(load_trace(write(tmp_path, name, gzip.compress(CSV.encode())))) == CSV_RUNS


@pytest.mark.parametrize("name", ["t.json.gz", "t.json"])
def test_gzip_json(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, gzip.compress(STATISTICS.encode()))
    assert runs(load_trace(path)) == STATISTICS_RUNS


def test_gzip_of_utf16(tmp_path: Path) -> None:
    data = gzip.compress(codecs.BOM_UTF16_LE + STATISTICS.encode("utf-16-le"))
    assert runs(load_trace(write(tmp_path, "t.json.gz", data))) == STATISTICS_RUNS


def test_bad_gzip(tmp_path: Path) -> None:
    cut = gzip.compress((CSV * 50).encode())[:40]
    assert "gzip data is damaged or cut short" in error(write(tmp_path, "t.csv.gz", cut))
    assert "the name ends in .gz but the file is not gzip data" in error(
        write(tmp_path, "t.json.gz", STATISTICS.encode())
    )
    assert "the trace file is empty" in error(write(tmp_path, "e.csv.gz", gzip.compress(b"  \n")))


def test_gzip_json_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AURORA_COST_MAX_INPUT_MB", str(300 / 2**20))
    path = write(tmp_path, "t.json.gz", gzip.compress((STATISTICS + " " * 9000).encode()))
    assert path.stat().st_size < 300  # small on disk, large once decompressed
    assert "decompresses to more than 300 bytes" in error(path)


# ---- decimal commas --------------------------------------------------------------------


def test_decimal_commas_with_semicolons_are_read(tmp_path: Path) -> None:
    # a spreadsheet in a German or French locale: ; between fields, , in numbers
    text = (
        "timestamp;acu\n2024-05-06 10:00:00;1,5\n2024-05-06 10:01:00;0,5\n2024-05-06 10:02:00;2\n"
    )
    trace = load_trace(write(tmp_path, "t.csv", text.encode()))
    assert runs(trace) == [(1.5, 1), (0.5, 1), (2.0, 1)]
    assert any("decimal comma (such as 1,5) read as 1.5" in note for note in trace.info.notes)


def test_decimal_commas_with_commas_are_explained(tmp_path: Path) -> None:
    unquoted = "timestamp,acu\n2024-05-06T10:00:00Z,1\n2024-05-06T10:01:00Z,1,5\n"
    message = error(write(tmp_path, "a.csv", unquoted.encode()))
    assert "line 3 has 3 fields, but the header has 2: 1,5 looks like a number with a " in message
    assert "write decimal points (1.5), or separate the fields with ';'" in message
    quoted = 'timestamp,acu\n2024-05-06T10:00:00Z,"1,5"\n2024-05-06T10:01:00Z,1\n'
    message = error(write(tmp_path, "b.csv", quoted.encode()))
    assert "line 2: acu value '1,5' is not a number: write a decimal point (1.5)" in message


# ---- not a trace at all ----------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head></html>\n",
        b"\xef\xbb\xbf  \n<HTML><body>Sign in</body></HTML>",
        b"<html lang='en'>",
    ],
)
@pytest.mark.parametrize("name", ["capacity.json", "capacity.csv"])
def test_an_html_page_is_named(tmp_path: Path, page: bytes, name: str) -> None:
    message = error(write(tmp_path, name, page))
    assert "this is an HTML page (an error or sign-in page saved instead of the export?)" in message


def test_an_xml_error_is_named(tmp_path: Path) -> None:
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code></Error>'
    assert "this is an XML document" in error(write(tmp_path, "t.json", body))


# ---- metrics in Percent ----------------------------------------------------------------


@pytest.mark.parametrize("metric", ["ACUUtilization", "CPUUtilization"])
def test_percent_statistics_are_refused(tmp_path: Path, metric: str) -> None:
    text = STATISTICS.replace("ServerlessDatabaseCapacity", metric).replace("Count", "Percent")
    message = error(write(tmp_path, "t.json", text.encode()))
    assert f"the metric '{metric}' is in Percent (a share of capacity), not ACUs" in message
    assert "export ServerlessDatabaseCapacity (the ACUs in use) instead" in message
    # the Unit alone tells, whatever the label says
    unit_only = STATISTICS.replace("Count", "Percent").replace("ServerlessDatabaseCapacity", "x")
    assert "is in Percent" in error(write(tmp_path, "u.json", unit_only.encode()))


@pytest.mark.parametrize("unit", ["Seconds", "Bytes", "Count/Second"])
def test_statistics_in_another_unit_are_refused(tmp_path: Path, unit: str) -> None:
    # A silent wrong answer before: seconds or bytes were read as ACUs.
    text = STATISTICS.replace("Count", unit).replace("ServerlessDatabaseCapacity", "Latency")
    message = error(write(tmp_path, "t.json", text.encode()))
    assert f"is in '{unit}', not ACUs" in message
    assert "export ServerlessDatabaseCapacity (the ACUs in use) instead" in message
    # CloudWatch's "None" (no unit) is read as ACUs
    plain = STATISTICS.replace("Count", "None")
    assert runs(load_trace(write(tmp_path, "n.json", plain.encode())))


def test_percent_metric_data_is_refused(tmp_path: Path) -> None:
    # tests/data/traces/metric-data.json has ServerlessDatabaseCapacity and ACUUtilization
    message = error(DATA / "metric-data.json", id="utilization")
    assert "result 'utilization' (ACUUtilization) is in Percent" in message
    assert "ServerlessDatabaseCapacity" in message
    assert runs(load_trace(DATA / "metric-data.json", id="capacity"))  # the ACUs still read
    result = {"Id": "m1", "Label": "my-cluster CPUUtilization", "StatusCode": "Complete",
              "Timestamps": ["2024-05-06T10:01:00+00:00", "2024-05-06T10:00:00+00:00"],
              "Values": [12.5, 10.0]}  # fmt: skip
    path = write(tmp_path, "t.json", json.dumps({"MetricDataResults": [result]}).encode())
    assert "result 'm1' (CPUUtilization) is in Percent" in error(path)


def test_percent_csv_column_is_refused(tmp_path: Path) -> None:
    text = "timestamp,ACUUtilization\n2024-05-06T10:00:00Z,12\n2024-05-06T10:01:00Z,15\n"
    path = write(tmp_path, "t.csv", text.encode())
    assert "the demand column 'ACUUtilization' is in Percent" in error(
        path, column="ACUUtilization"
    )


# ---- through the command line: one Error: line, exit 2 ---------------------------------

BAD = {
    "html.json": b"<!DOCTYPE html><html><body>Throttling</body></html>",
    "percent.json": STATISTICS.replace("Count", "Percent").encode(),
    "nobom.json": STATISTICS.encode("utf-16-le"),
    "cut.csv.gz": gzip.compress((CSV * 50).encode())[:40],
    "comma.csv": b"timestamp,acu\n2024-05-06T10:00:00Z,1,5\n2024-05-06T10:01:00Z,1\n",
}


@pytest.mark.parametrize("name", sorted(BAD))
@pytest.mark.parametrize("command", ["compare", "check --max-monthly 10", "advise"])
def test_bad_files_are_one_error_line(tmp_path: Path, name: str, command: str) -> None:
    path = write(tmp_path, name, BAD[name])
    result = RUNNER.invoke(
        app, [*command.split(), "--trace", str(path), "--region", "eu-west-1"],
        env={"AURORA_COST_PRICING": str(FIXTURE_PRICES)},
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {path}: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output and result.stdout == ""


def test_good_files_through_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path, "t.json.gz", gzip.compress(codecs.BOM_UTF16_LE
                                                      + STATISTICS.encode("utf-16-le")))  # fmt: skip
    result = RUNNER.invoke(
        app, ["compare", "--trace", str(path), "--region", "eu-west-1", "--format", "json"],
        env={"AURORA_COST_PRICING": str(FIXTURE_PRICES)},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["period"]["trace"]["samples"] == 2
