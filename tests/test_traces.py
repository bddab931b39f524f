"""Usage traces: CSV and AWS CLI CloudWatch JSON, resampled to 1-minute demand runs.

Expected runs are computed by hand in the comments: (level in ACU, minutes).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aurora_cost.demand import traces
from aurora_cost.demand.traces import Trace, load_trace
from aurora_cost.demand.traces import csv_reader as traces_csv
from aurora_cost.errors import InputError
from tests.conftest import write

DATA = Path(__file__).resolve().parent / "data" / "traces"
UTC = timezone.utc


def runs(trace: Trace) -> list[tuple[float, int]]:
    return list(zip(trace.demand.levels, trace.demand.minutes))


def error(path: Path, **options: object) -> str:
    with pytest.raises(InputError) as caught:
        load_trace(path, **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith(str(path)), message
    return message


# ---- fixtures in each format, hand-computed ------------------------------------------


def test_get_metric_statistics_unsorted_with_gap() -> None:
    # Datapoints every 5 min (in no order): 10:00 0.5, 10:05 1.0, 10:10 2.0, 10:15 2.0,
    # 10:20 0.5, then nothing until 10:45 1.5, 10:50 0.5.
    # Steps 5,5,5,5,25,5 min -> median interval 5 min; 25 > 2 x 5 is a gap.
    # 10:00 0.5 x5 | 10:05 1.0 x5 | 10:10-10:20 2.0 x10 | 10:20 0.5 holds one interval x5,
    # then idle 25 - 5 = 20 | 10:45 1.5 x5 | 10:50 0.5, the last, holds one interval x5.
    trace = load_trace(DATA / "statistics.json")
    assert runs(trace) == [(0.5, 5), (1.0, 5), (2.0, 10), (0.5, 5), (0.0, 20), (1.5, 5), (0.5, 5)]
    info = trace.info
    assert info.format == "cloudwatch-statistics"
    assert info.statistic == "Average"
    assert info.series == "ServerlessDatabaseCapacity"
    assert info.start == datetime(2024, 5, 6, 10, 0, tzinfo=UTC)
    assert info.end == datetime(2024, 5, 6, 10, 55, tzinfo=UTC)  # 10:50 + 5 min
    assert info.duration_minutes == trace.demand.total_minutes == 55
    assert (info.sample_interval_seconds, info.samples, info.duplicates) == (300, 7, 0)
    assert (info.gaps, info.gap_minutes) == (1, 20)
    assert not any("sorted" in note for note in info.notes)  # CloudWatch has no order
    assert any("1 gap" in note and "20 min" in note for note in info.notes)
    assert any("less than a day" in note for note in info.notes)


def test_get_metric_statistics_other_statistic() -> None:
    # Maximum: 0.5, 1.5, 2.5, 2.0, 0.5 | gap 20 | 2.0, 0.5, five minutes each
    trace = load_trace(DATA / "statistics.json", statistic="maximum")
    assert trace.info.statistic == "Maximum"
    assert runs(trace) == [
        (0.5, 5),
        (1.5, 5),
        (2.5, 5),
        (2.0, 5),
        (0.5, 5),
        (0.0, 20),
        (2.0, 5),
        (0.5, 5),
    ]


def test_get_metric_data_newest_first_choose_by_id_or_label() -> None:
    # capacity, newest first: 12:04 0, 12:03 0, 12:02 4, 12:01 4, 12:00 2; every minute.
    # In time order: 2 x1 | 4 x2 | 0 x2 (the last sample holds one minute).
    by_id = load_trace(DATA / "metric-data.json", id="capacity")
    by_label = load_trace(DATA / "metric-data.json", label="ServerlessDatabaseCapacity")
    assert runs(by_id) == runs(by_label) == [(2.0, 1), (4.0, 2), (0.0, 2)]
    assert by_id.info.format == "cloudwatch-metric-data"
    assert by_id.info.series == "capacity"
    assert by_id.info.start == datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
    assert by_id.info.end == datetime(2024, 5, 6, 12, 5, tzinfo=UTC)
    assert by_id.info.sample_interval_seconds == 60


def test_get_metric_data_partial_page_is_noted() -> None:
    # 12:00 0.5, 12:05 1, 12:10 1 -> 0.5 x5 | 1 x10
    trace = load_trace(DATA / "metric-data-partial.json")
    assert runs(trace) == [(0.5, 5), (1.0, 10)]
    notes = " | ".join(trace.info.notes)
    assert "PartialData" in notes
    assert "NextToken" in notes
    assert "MaxDatapointsExceeded" in notes


def test_csv_offsets_duplicates_unsorted_short() -> None:
    # 10:00+02:00 = 08:00Z 1 | 08:01Z 1.5 | 10:02+02:00 = 08:02Z 1.5 | 08:04Z 0.5 |
    # 08:03Z 2 (space separator) | 08:02Z 3 (repeats 08:02: the later row wins).
    # Sorted: 08:00 1, 08:01 1.5, 08:02 3, 08:03 2, 08:04 0.5, one minute each.
    trace = load_trace(DATA / "offsets.csv")
    assert runs(trace) == [(1.0, 1), (1.5, 1), (3.0, 1), (2.0, 1), (0.5, 1)]
    info = trace.info
    assert (info.samples, info.duplicates, info.gaps) == (6, 1, 0)
    assert info.start == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert info.end == datetime(2024, 3, 1, 8, 5, tzinfo=UTC)
    notes = " | ".join(info.notes)
    assert "1 duplicate timestamp: kept the value that comes last" in notes
    assert "sorted them by time" in notes
    assert "less than a day" in notes


def test_csv_epoch_seconds_gap_and_column_choice() -> None:
    # ts every 300 s from 1700000000: 1, 1, 2, 0.5, then 1700002700 (30 min later) 4, 4.
    # Steps 5,5,5,30,5 min: median 5, 30 > 10 is a gap: 0.5 holds 5 min, idle 25.
    # 1 x10 | 2 x5 | 0.5 x5 | 0 x25 | 4 x10 = 55 min
    trace = load_trace(DATA / "epoch-gap.csv", column="writer_acu")
    assert runs(trace) == [(1.0, 10), (2.0, 5), (0.5, 5), (0.0, 25), (4.0, 10)]
    assert trace.info.start == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert (trace.info.gaps, trace.info.gap_minutes) == (1, 25)
    assert trace.info.series == "writer_acu"
    # reader_acu: 0.5 x10 | 1 x5 | 0.5 x5 | 0 x25 | 2 x10
    reader = load_trace(DATA / "epoch-gap.csv", column="READER_ACU")
    assert runs(reader) == [(0.5, 10), (1.0, 5), (0.5, 5), (0.0, 25), (2.0, 10)]


def test_csv_sub_minute_samples_keep_the_peak() -> None:
    # Every 20 s: 1, 3, 2 in minute 0 -> 3; 0.5, 0.5, 1 in minute 1 -> 1.
    # The last sample (100 s) holds 20 s: ends at 120 s = minute 2.
    trace = load_trace(DATA / "subminute.csv")
    assert runs(trace) == [(3.0, 1), (1.0, 1)]
    assert trace.info.sample_interval_seconds == 20
    assert any("highest sample" in note for note in trace.info.notes)


def test_csv_naive_semicolon_and_empty_value() -> None:
    # 00:00 0.5 | 00:01 (empty: skipped) | 00:02 1 | 00:03 1.
    # Steps 120 s, 60 s: lower median 60 s; 120 s is not > 2 x 60 s, so no gap:
    # 0.5 holds 00:00-00:02 (2 min) | 1 x2
    trace = load_trace(DATA / "naive-semicolon.csv")
    assert runs(trace) == [(0.5, 2), (1.0, 2)]
    assert trace.info.start == datetime(2024, 3, 1, tzinfo=UTC)
    notes = " | ".join(trace.info.notes)
    assert "read them as UTC" in notes
    assert "1 row with an empty ACU value skipped" in notes


def test_csv_quoted_crlf_blank_line() -> None:
    # 00:00 2, 00:01 2, (blank line), 00:02 0 -> 2 x2 | 0 x1
    trace = load_trace(DATA / "quoted-crlf.csv")
    assert runs(trace) == [(2.0, 2), (0.0, 1)]


def test_idle_below_then_scale() -> None:
    # epoch-gap writer_acu 1,1,2,0.5,(gap),4,4 with idle_below 1: 1 and 0.5 become 0,
    # then x2: 0 x10 | 4 x5 | 0 x5 + idle 25 = 0 x30 | 8 x10
    trace = load_trace(DATA / "epoch-gap.csv", column="writer_acu", idle_below=1, scale=2)
    assert runs(trace) == [(0.0, 10), (4.0, 5), (0.0, 30), (8.0, 10)]
    notes = " | ".join(trace.info.notes)
    assert "at or below 1 ACU counted as idle" in notes
    assert notes.index("idle") < notes.index("multiplied by 2")


def test_format_can_be_forced() -> None:
    trace = load_trace(DATA / "statistics.json", format="cloudwatch-statistics")
    assert trace.info.format == "cloudwatch-statistics"
    assert "output of aws cloudwatch get-metric-statistics" in error(
        DATA / "statistics.json", format="cloudwatch-metric-data"
    )
    assert "not CSV" in error(DATA / "statistics.json", format="csv")
    assert "unknown trace format" in error(DATA / "statistics.json", format="xml")


def test_day_long_trace_has_no_short_note(tmp_path: Path) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    rows = [f"{(start + timedelta(minutes=5 * i)).isoformat()},1" for i in range(288)]
    trace = load_trace(write(tmp_path, "trace.csv", "timestamp,acu\n" + "\n".join(rows) + "\n"))
    assert runs(trace) == [(1.0, 1440)]  # 288 samples x 5 min
    assert trace.info.notes == []


# ---- large files: block boundaries and the csv.reader path agree -----------------------


def _series(n: int, seed: int) -> tuple[list[str], list[float]]:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    stamps, values = [], []
    t = 0
    for _ in range(n):
        t += rng.choice((60, 60, 60, 60, 120, 3600))
        stamps.append((start + timedelta(seconds=t)).isoformat().replace("+00:00", "Z"))
        values.append(rng.choice((0.5, 0.5, 1.0, 1.5, 4.0)))
    return stamps, values


def test_blocks_and_csv_reader_give_the_same_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamps, values = _series(3000, seed=7)
    plain = write(
        tmp_path,
        "trace.csv",
        "timestamp,acu\n" + "".join(f"{t},{v}\n" for t, v in zip(stamps, values)),
    )
    quoted = write(
        tmp_path,
        "quoted.csv",
        '"timestamp","acu"\r\n' + "".join(f'"{t}","{v}"\r\n' for t, v in zip(stamps, values)),
    )
    expected = load_trace(plain)
    monkeypatch.setattr(traces_csv, "BLOCK_CHARS", 1000)  # many block boundaries
    for path in (plain, quoted):
        trace = load_trace(path)
        assert runs(trace) == runs(expected)
        assert trace.info.gaps == expected.info.gaps > 0
        assert trace.info.duration_minutes == expected.info.duration_minutes


def test_error_line_numbers_across_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stamps, values = _series(500, seed=3)
    lines = [f"{t},{v}" for t, v in zip(stamps, values)]
    lines[400] = f"{stamps[400]},-1"
    lines.insert(10, "")  # a blank line shifts the line numbers by one
    path = write(tmp_path, "trace.csv", "timestamp,acu\n" + "\n".join(lines) + "\n")
    monkeypatch.setattr(traces_csv, "BLOCK_CHARS", 1000)
    # header is line 1, data rows start at line 2, plus the blank line
    assert "line 403: acu value is negative" in error(path)


# ---- bad traces: each with its own clear message ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the trace file is empty"),
        ("   \n\n", "the trace file is empty"),
        ("timestamp,acu\n", "no samples"),
        ("timestamp,acu\n2024-01-01T00:00:00Z,1\n", "only one sample"),
        (
            "timestamp,acu\n2024-01-01T00:00:00Z,1\n2024-01-01T00:00:00Z,2\n",
            "every sample has the same timestamp",
        ),
        ("when,acu\n2024-01-01T00:00:00Z,1\n", "no timestamp column: the header has 'when', 'acu'"),
        ("2024-01-01T00:00:00Z,1\n", "the first line must be a header"),
        (
            "timestamp,capacity,cpu\n1,2,3\n",
            "the header has 'timestamp', 'capacity', 'cpu'; choose the demand column",
        ),
        ("timestamp,acu\n2024-01-01T00:00:00Z,1\nyesterday,2\n", "line 3: timestamp 'yesterday'"),
        ("timestamp,acu\n2024-01-01T00:00:00Z,-0.5\n", "line 2: acu value is negative"),
        ("timestamp,acu\n2024-01-01T00:00:00Z,nan\n", "line 2: acu value is NaN"),
        ("timestamp,acu\n2024-01-01T00:00:00Z,inf\n", "line 2: acu value is infinite"),
        ("timestamp,acu\n2024-01-01T00:00:00Z,lots\n", "line 2: acu value 'lots' is not a number"),
        ("timestamp,acu\n2024-01-01T00:00:00Z\n", "line 2 has 1 field, but the header has 2"),
        ("timestamp,acu\n,1\n2024-01-01T00:00:00Z,1\n", "line 2: the timestamp is empty"),
        (
            "timestamp,acu\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00,1\n",
            "line 3: timestamp '2024-01-01T00:01:00' has no time zone but the earlier ones",
        ),
        (
            "timestamp,acu\n2024-01-01T00:00:00,1\n2024-01-01T00:01:00+01:00,1\n",
            "has a time zone but the earlier ones have none",
        ),
        ("timestamp,acu\n1700000000000,1\n1700000060000,1\n", "if it is in milliseconds"),
        ("timestamp,acu\n1700000000,1\n2024-01-01T00:00:00Z,1\n", "not epoch seconds like"),
        (
            "timestamp,acu\n2000-01-01T00:00:00Z,1\n2020-01-01T00:00:00Z,1\n",
            "the trace spans 14,610 days",
        ),
        ("timestamp,acu\n9999-12-31T23:59:00Z,1\n9999-12-31T23:59:30Z,1\n", "past the year 9999"),
        ('timestamp,acu\n"2024-01-01T00:00:00Z,1\n', "malformed CSV"),
    ],
)
def test_bad_csv(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error(write(tmp_path, "trace.csv", text))


def test_missing_columns_list_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "trace.csv", "time,ACUs,cpu\n2024-01-01T00:00:00Z,1,2\n")
    message = error(path)
    assert "no demand column 'acu'; did you mean 'ACUs'?" in message
    assert "'time', 'ACUs', 'cpu'" in message
    assert "no demand column 'mem'" in error(path, column="mem")
    assert "no timestamp column 'when'" in error(path, timestamp_column="when")
    assert "both 'time'" in error(path, column="time")


def test_not_utf8(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "trace.csv",
        b"timestamp,acu\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,\xff1\n",
    )
    assert "byte 58 (line 3) is not valid UTF-8; save the file as UTF-8" in error(path)
    json_path = write(tmp_path, "t.json", b'{"Datapoints": ["\xfe"]}')
    assert "is not valid UTF-8" in error(json_path)


def test_file_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "is a directory" in error(tmp_path)
    assert "no such file" in error(tmp_path / "missing.csv")
    path = write(tmp_path, "trace.csv", "timestamp,acu\n")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("aurora_cost.inputs.os.open", denied)
    assert "permission denied; make the trace file readable" in error(path)


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AURORA_COST_MAX_INPUT_MB", str(10 / 1024 / 1024))
    assert "too large for a trace file (limit 10 bytes)" in error(
        write(tmp_path, "trace.csv", "timestamp,acu\n")
    )
    assert "too large for a trace file" in error(write(tmp_path, "t.json", '{"Datapoints": []}'))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"Datapoints": [', "malformed JSON at line 1, column 17"),
        # the column is json's own (20 on Python 3.10-3.12, 19 on 3.13): checked below
        ('{\n  "Datapoints": [1,]\n}', "malformed JSON at line 2, column "),
        ('{"Items": []}', "not CloudWatch metric output"),
        ('{"Datapoints": {}}', "'Datapoints' must be a list"),
        ('{"Datapoints": []}', "'Datapoints' is empty"),
        ('{"Datapoints": [3]}', "Datapoints[0] must be an object"),
        (
            '{"Datapoints": [{"Timestamp": "2024-01-01T00:00:00Z", "Maximum": 1}]}',
            "no Average statistic; they have Maximum",
        ),
        (
            '{"Datapoints": [{"Timestamp": "2024-01-01T00:00:00Z", "Average": "1"}]}',
            "Datapoints[0].Average must be a number, not a string",
        ),
        (
            '{"Datapoints": [{"Timestamp": "2024-01-01T00:00:00Z", "Average": -1}]}',
            "Datapoints[0].Average is negative",
        ),
        (
            '{"Datapoints": [{"Timestamp": "noon", "Average": 1}]}',
            "Datapoints[0].Timestamp 'noon' is not an ISO 8601 timestamp",
        ),
        ('{"Datapoints": [{"Average": 1}]}', "Datapoints[0] has no Timestamp"),
        ('{"MetricDataResults": []}', "'MetricDataResults' is empty"),
        (
            '{"MetricDataResults": [{"Id": "m1", "Timestamps": ["2024-01-01T00:00:00Z"], '
            '"Values": []}]}',
            "has 1 Timestamps but 0 Values",
        ),
        (
            '{"MetricDataResults": [{"Id": "m1", "Timestamps": [], "Values": [], '
            '"StatusCode": "Forbidden"}]}',
            "StatusCode Forbidden",
        ),
        (
            '{"MetricDataResults": [{"Id": "m1", "Timestamps": ["2024-01-01T00:00:00Z", '
            '"2024-01-01T00:01:00"], "Values": [1, 2]}]}',
            "has no time zone but the earlier timestamps have one",
        ),
        ("[1, 2]", "not a list"),
    ],
)
def test_bad_json(tmp_path: Path, text: str, expected: str) -> None:
    if text.startswith("["):  # not detected as JSON by content: force the format
        message = error(write(tmp_path, "t.json", text), format="cloudwatch-statistics")
        assert expected in message
        return
    assert expected in error(write(tmp_path, "t.json", text))


def test_metric_data_choices(tmp_path: Path) -> None:
    path = DATA / "metric-data.json"
    message = error(path)
    assert "2 results; choose one with id or label" in message
    assert "id 'capacity' (label 'ServerlessDatabaseCapacity')" in message
    assert "id 'utilization' (label 'ACUUtilization')" in message
    assert "no result with id 'nope'" in error(path, id="nope")
    assert "statistic applies to get-metric-statistics" in error(path, statistic="Average")


def test_options_for_another_format(tmp_path: Path) -> None:
    assert "column applies to CSV traces only, and this file is JSON" in error(
        DATA / "statistics.json", column="acu"
    )
    assert "statistic applies to get-metric-statistics JSON traces only" in error(
        DATA / "offsets.csv", statistic="Maximum"
    )
    assert "id applies to get-metric-data JSON traces only" in error(DATA / "offsets.csv", id="m1")
    assert "id chooses a get-metric-data result" in error(DATA / "statistics.json", id="m1")
    assert "idle_below must be" in error(DATA / "offsets.csv", idle_below=-1)
    assert "scale must be" in error(DATA / "offsets.csv", scale=0)


def test_metric_data_pages_with_the_same_id_are_joined(tmp_path: Path) -> None:
    # The CLI's auto-pagination repeats a result per page: 12:02 3, 12:01 2 | 12:00 1
    page = {
        "MetricDataResults": [
            {"Id": "m1", "Timestamps": ["2024-01-01T12:02:00Z", "2024-01-01T12:01:00Z"],
             "Values": [3, 2], "StatusCode": "Complete"},
            {"Id": "m1", "Timestamps": ["2024-01-01T12:00:00Z"], "Values": [1],
             "StatusCode": "Complete"},
        ]
    }  # fmt: skip
    trace = load_trace(write(tmp_path, "pages.json", json.dumps(page)))
    assert runs(trace) == [(1.0, 1), (2.0, 1), (3.0, 1)]


# ---- properties ------------------------------------------------------------------------

stamp = st.one_of(
    st.integers(0, 2_000_000_000).map(str),
    st.floats(0, 2e9).map(lambda x: f"{x:.3f}"),
    st.tuples(
        st.datetimes(
            min_value=datetime(1971, 1, 1),
            max_value=datetime(2100, 1, 1),
            timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=2))]),
        ),
        st.sampled_from("T "),
    ).map(lambda pair: pair[0].isoformat(sep=pair[1])),
    st.text(max_size=12),
)
value = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["0", "0.5", "1", "2", "", " 1 ", "-1", "x"]),
)


def _check(path: Path) -> None:
    try:
        trace = load_trace(path)
    except InputError as exc:
        assert str(exc).startswith(str(path))
        return
    assert trace.demand.total_minutes == trace.info.duration_minutes > 0
    assert all(level >= 0 for level in trace.demand.levels)
    assert all(minutes > 0 for minutes in trace.demand.minutes)
    assert not trace.demand.cyclic
    assert trace.info.start < trace.info.end


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(stamp, value), max_size=12), sep=st.sampled_from([",", ";"]))
def test_random_csv_is_a_trace_or_an_input_error(
    tmp_path: Path, rows: list[tuple[str, str]], sep: str
) -> None:
    text = f"timestamp{sep}acu\n" + "".join(f"{t}{sep}{v}\n" for t, v in rows)
    _check(write(tmp_path, "trace.csv", text))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_random_text_is_a_trace_or_an_input_error(tmp_path: Path, text: str) -> None:
    _check(write(tmp_path, "trace.csv", text))


json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 2_000_000_000), st.floats(), st.text(max_size=25)
)
json_stamp = st.one_of(
    json_scalar,
    st.datetimes(min_value=datetime(1971, 1, 1), timezones=st.sampled_from([None, UTC])).map(
        lambda d: d.isoformat()
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    points=st.lists(
        st.dictionaries(
            st.sampled_from(["Timestamp", "Average", "Maximum", "Unit"]), json_stamp, max_size=4
        ),
        max_size=6,
    ),
    results=st.lists(
        st.fixed_dictionaries(
            {
                "Id": st.sampled_from(["m1", "m2"]),
                "Timestamps": st.lists(json_stamp, max_size=5),
                "Values": st.lists(json_scalar, max_size=5),
                "StatusCode": st.sampled_from(["Complete", "PartialData", "InternalError"]),
            }
        ),
        max_size=3,
    ),
    statistics=st.booleans(),
)
def test_random_json_is_a_trace_or_an_input_error(
    tmp_path: Path, points: list[object], results: list[object], statistics: bool
) -> None:
    body = {"Label": "X", "Datapoints": points} if statistics else {"MetricDataResults": results}
    _check(write(tmp_path, "t.json", json.dumps(body)))


def _minute_model(samples: list[tuple[int, float]]) -> list[float]:
    """The resampling rules of the README ("Replaying a real trace"), minute by minute."""
    latest: dict[int, float] = {}
    for t, v in samples:
        latest[t] = v  # a repeated time: the later row wins
    times = sorted(latest)
    steps = sorted(b - a for a, b in pairwise(times))
    interval = steps[(len(steps) - 1) // 2]
    t0 = times[0]
    minute = [(t - t0) // 60 for t in times]
    hold_end = [max(m + 1, -(-(t + interval - t0) // 60)) for m, t in zip(minute, times)]
    out: list[float] = []
    for m in range(hold_end[-1]):
        here = [latest[t] for t, tm in zip(times, minute) if tm == m]
        if here:
            out.append(max(here))
            continue
        j = max(i for i, tm in enumerate(minute) if tm < m)
        gap = j + 1 < len(times) and times[j + 1] - times[j] > 2 * interval
        out.append(0.0 if gap and m >= hold_end[j] else latest[times[j]])
    return out


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    samples=st.lists(
        st.tuples(
            st.one_of(st.integers(0, 40).map(lambda k: 60 * k), st.integers(0, 2400)),
            st.sampled_from([0.0, 0.5, 1.0, 2.5]),
        ),
        min_size=2,
        max_size=25,
    ),
    epoch=st.booleans(),
)
def test_resampling_matches_a_minute_by_minute_model(
    tmp_path: Path, samples: list[tuple[int, float]], epoch: bool
) -> None:
    base = 1_700_000_000
    if len({t for t, _ in samples}) < 2:
        return

    def show(t: int) -> str:
        if epoch:
            return str(base + t)
        return datetime.fromtimestamp(base + t, UTC).isoformat().replace("+00:00", "Z")

    text = "timestamp,acu\n" + "".join(f"{show(t)},{v}\n" for t, v in samples)
    trace = load_trace(write(tmp_path, "trace.csv", text))
    per_minute = [level for level, n in runs(trace) for _ in range(n)]
    assert per_minute == _minute_model(samples)
    assert trace.info.duration_minutes == len(per_minute)


def test_readers_are_imported_on_use() -> None:
    # the CLI imports aurora_cost.demand.traces for trace users only, and a reader only on use
    code = (
        "import sys, aurora_cost.demand.traces as t; "
        "print(sorted(m for m in sys.modules if m.endswith(('.csv_reader', '.cloudwatch'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert traces.TRACE_FORMATS == ("csv", "cloudwatch-statistics", "cloudwatch-metric-data")


def test_extended_statistic_p99(tmp_path: Path) -> None:
    # aws cloudwatch get-metric-statistics --extended-statistics p99 puts percentiles under
    # ExtendedStatistics: 00:00 p99 3, 00:01 p99 1 -> 3 x1 | 1 x1
    points = [
        {"Timestamp": "2024-01-01T00:01:00+00:00", "ExtendedStatistics": {"p99": 1.0}},
        {"Timestamp": "2024-01-01T00:00:00+00:00", "ExtendedStatistics": {"p99": 3.0}},
    ]
    path = write(tmp_path, "p99.json", json.dumps({"Label": "X", "Datapoints": points}))
    trace = load_trace(path, statistic="P99")
    assert runs(trace) == [(3.0, 1), (1.0, 1)]
    assert trace.info.statistic == "p99"
    message = error(path, statistic="p95")
    assert "no p95 statistic" in message and "--extended-statistics p95" in message
    assert "--statistics Maximum" in error(path, statistic="maximum")


def test_malformed_json_names_the_place_json_found(tmp_path: Path) -> None:
    import json

    text = '{\n  "Datapoints": [1,]\n}'
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
    assert f"malformed JSON at {where}" in error(write(tmp_path, "t.json", text))
