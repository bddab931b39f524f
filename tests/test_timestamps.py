"""The fast path for evenly spaced traces: `timestamps.regular_iso`, the runs of
`Samples`, and `demand.bucket_totals`. Each must give exactly what the general,
sample-by-sample path gives; expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import itertools
import json
from array import array
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aurora_cost.demand.runs import bucket_totals
from aurora_cost.demand.traces import csv_reader as traces_csv
from aurora_cost.demand.traces import load_trace, resample
from aurora_cost.demand.traces.samples import Samples
from aurora_cost.demand.traces.timestamps import (
    TimestampError,
    epoch_times,
    is_epoch,
    iso_times,
    parse_iso,
    regular_epoch,
    regular_iso,
)
from aurora_cost.errors import InputError
from tests.test_traces import _minute_model

MINUTE_US = 60_000_000
JAN_1_2024_US = 1_704_067_200 * 1_000_000  # 2024-01-01T00:00:00Z: 19,723 days x 86,400 s


def minutes(start: str, count: int, step: timedelta = timedelta(minutes=1)) -> list[str]:
    """`count` ISO timestamps from `start`, `step` apart, in the shape of `start`."""
    first = datetime.fromisoformat(start.replace("Z", "+00:00"))
    out = []
    for i in range(count):
        text = (first + step * i).isoformat()
        out.append(text.replace("+00:00", "Z") if start.endswith("Z") else text)
    return out


# ---- regular_iso --------------------------------------------------------------------


def test_one_minute_series_across_midnight() -> None:
    # 23:58, 23:59, 00:00 (next day), 00:01: first = 2024-01-01 + 23 h 58 min
    # = JAN_1_2024 + 86,280 s; step 60 s; aware (Z).
    ts = minutes("2024-01-01T23:58:00Z", 4)
    assert ts[2] == "2024-01-02T00:00:00Z"
    assert regular_iso(ts) == (JAN_1_2024_US + 86_280_000_000, MINUTE_US, False)


def test_naive_space_separated_with_fraction() -> None:
    ts = ["2024-01-01 00:00:00.000", "2024-01-01 00:05:00.000", "2024-01-01 00:10:00.000"]
    assert regular_iso(ts) == (JAN_1_2024_US, 5 * MINUTE_US, True)


def test_offset_is_converted_to_utc() -> None:
    # 02:00+02:00 is 00:00Z
    ts = ["2024-01-01T02:00:00+02:00", "2024-01-01T03:00:00+02:00", "2024-01-01T04:00:00+02:00"]
    assert regular_iso(ts) == (JAN_1_2024_US, 60 * MINUTE_US, False)


def test_hourly_over_a_leap_day_and_a_year_end() -> None:
    for start in ("2024-02-28T00:00:00Z", "2023-12-30T00:00:00Z"):
        ts = minutes(start, 24 * 4, timedelta(hours=1))  # four days, one sample an hour
        first = datetime.fromisoformat(start.replace("Z", "+00:00"))
        first_us = int(first.timestamp()) * 1_000_000
        assert regular_iso(ts) == (first_us, 60 * MINUTE_US, False)


@pytest.mark.parametrize(
    "change",
    [
        lambda ts: ts[:5] + ts[6:],  # a missing sample (gap)
        lambda ts: [*ts[:5], ts[5].replace(":05:00", ":05:01"), *ts[6:]],  # one second late
        lambda ts: [*ts[:5], ts[4], *ts[6:]],  # a repeated timestamp
        lambda ts: ts[::-1],  # newest first
        lambda ts: [t.replace("Z", "+00:00") if i == 3 else t for i, t in enumerate(ts)],
        lambda ts: [t.replace(":00Z", "Z") for t in ts],  # no seconds: another shape
        lambda ts: [" " + t for t in ts],  # padded
        lambda ts: ts[:2],  # too short to be worth it
    ],
)
def test_anything_irregular_is_left_to_the_general_path(change: object) -> None:
    ts = minutes("2024-01-01T00:00:00Z", 10)
    assert regular_iso(ts) is not None
    assert regular_iso(change(ts)) is None  # type: ignore[operator]


def test_a_step_that_does_not_divide_a_day_is_left_to_the_general_path() -> None:
    assert regular_iso(minutes("2024-01-01T00:00:00Z", 10, timedelta(seconds=7))) is None


def test_not_a_timestamp() -> None:
    assert regular_iso(["2024-13-01T00:00:00Z", "2024-13-01T00:01:00Z", "x"]) is None
    assert regular_iso(["2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z", "x"]) is None


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)),
    step=st.sampled_from([1, 10, 60, 300, 900, 3600, 86_400]),
    count=st.integers(3, 3000),
    shape=st.sampled_from(["Z", "+00:00", "-05:30", "naive", "space", "fraction"]),
    poke=st.one_of(st.none(), st.tuples(st.integers(0, 10**6), st.integers(-3, 3))),
)
def test_regular_iso_agrees_with_fromisoformat(
    start: datetime, step: int, count: int, shape: str, poke: tuple[int, int] | None
) -> None:
    start = start.replace(microsecond=0)
    times = [start + timedelta(seconds=step * i) for i in range(count)]
    if poke is not None and poke[1]:  # move one sample by a few seconds
        at = poke[0] % count
        times[at] += timedelta(seconds=poke[1])

    def show(t: datetime) -> str:
        if shape == "naive":
            return t.isoformat()
        if shape == "space":
            return t.isoformat(sep=" ")
        if shape == "fraction":
            return t.isoformat(timespec="milliseconds") + "Z"
        return t.isoformat() + shape

    ts = [show(t) for t in times]
    got = regular_iso(ts)
    parsed = [datetime.fromisoformat(t.replace("Z", "+00:00")) for t in ts]
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    us = [(p.replace(tzinfo=timezone.utc) if p.tzinfo is None else p) - epoch for p in parsed]
    evenly = all(b - a == timedelta(seconds=step) for a, b in itertools.pairwise(us))
    if got is None:
        assert not evenly
    else:
        assert evenly
        first = us[0] // timedelta(microseconds=1)
        assert got == (first, step * 1_000_000, shape in ("naive", "space"))


def test_regular_epoch_seconds() -> None:
    # 1704067200 = 2024-01-01T00:00:00Z; every 300 s
    ts = [str(1_704_067_200 + 300 * i) for i in range(5)]
    assert regular_epoch(ts) == (JAN_1_2024_US, 5 * MINUTE_US, False)
    assert regular_epoch([*ts[:2], ts[2] + ".0", *ts[3:]]) is None  # not written plainly
    assert regular_epoch([*ts[:2], "1704067801", *ts[3:]]) is None  # one second late
    assert regular_epoch(["\u00b2", "1", "2"]) is None  # a digit int() does not take
    assert regular_epoch([str(10**11), str(10**11 + 60), str(10**11 + 120)]) is None  # ms


def test_epoch_csv_through_the_fast_split_matches_iso(tmp_path: Path) -> None:
    # The same one-minute samples with ISO and with epoch timestamps give the same trace.
    stamps = minutes("2024-01-01T00:00:00Z", 6)
    values = [0.5, 0.5, 2, 2, 2, 0.5]
    iso = tmp_path / "iso.csv"
    iso.write_text(csv_text(stamps, values))
    epoch = tmp_path / "epoch.csv"
    epoch.write_text(csv_text([str(1_704_067_200 + 60 * i) for i in range(6)], values))
    a, b = load_trace(iso), load_trace(epoch)
    assert (a.demand, a.info.start, a.info.end) == (b.demand, b.info.start, b.info.end)
    # read as runs of equal value: 0.5 x2, 2 x3, 0.5 x1
    assert list(traces_csv.read_csv(epoch, column=None, timestamp_column=None).counts) == [2, 3, 1]


def test_misaligned_epoch_columns_are_not_split_blindly(tmp_path: Path) -> None:
    # One row without a delimiter and one with two cancel out in the delimiter count; with
    # numbers in both columns only csv.reader can tell, and it names the short row.
    path = tmp_path / "t.csv"
    path.write_text("timestamp,acu\n1704067200,1\n1704067260\n1704067320,1,5\n1704067380,1\n")
    with pytest.raises(InputError, match="line 3 has 1 field"):
        load_trace(path)


def test_iso_times_hand_computed() -> None:
    # 00:00 00:01 00:02 | 00:05 00:06 00:07 (two samples missing) | 00:07:30 (late)
    # steps: 60, 60, 180, 60, 60, 30 s; first = 2024-01-01T00:00:00Z
    ts = minutes("2024-01-01T00:00:00Z", 8)
    ts = [*ts[:3], *ts[5:], "2024-01-01T00:07:30Z"]
    found, naive = iso_times(ts, None)
    times = found.times()
    # three stretches: 00:00-00:02, 00:05-00:07 (a minute apart), and the late 00:07:30
    assert found.items == [
        (JAN_1_2024_US, MINUTE_US, 3),
        (JAN_1_2024_US + 5 * MINUTE_US, MINUTE_US, 3),
        (JAN_1_2024_US + 450_000_000, 0, 1),
    ]
    assert (times[0], naive) == (JAN_1_2024_US, False)
    assert [b - a for a, b in pairwise(times)] == [s * 1_000_000 for s in (60, 60, 180, 60, 60, 30)]
    with pytest.raises(TimestampError) as bad:
        iso_times([*ts[:3], "not a time", *ts[3:]], None)
    assert (bad.value.index, bad.value.mixed) == (3, False)
    with pytest.raises(TimestampError) as mixed:  # naive among aware
        iso_times([*ts[:3], "2024-01-01T00:03:00", *ts[3:]], None)
    assert (mixed.value.index, mixed.value.mixed, mixed.value.naive) == (3, True, True)
    with pytest.raises(TimestampError):  # aware, after naive chunks
        iso_times(ts, True)


@settings(max_examples=100, deadline=None)
@given(
    keep=st.lists(st.booleans(), min_size=3, max_size=3000),
    shift=st.lists(st.integers(0, 2999), max_size=3),
)
def test_iso_times_agrees_with_fromisoformat(keep: list[bool], shift: list[int]) -> None:
    start = datetime(2024, 2, 28, 22, 0, tzinfo=timezone.utc)
    times = [start + timedelta(minutes=i) for i, k in enumerate(keep) if k]
    for at in shift:  # a few samples a few seconds late (still in order)
        if at < len(times) - 1:
            times[at] += timedelta(seconds=7)
    if len(times) < 2:
        return
    ts = [t.isoformat().replace("+00:00", "Z") for t in times]
    found, naive = iso_times(ts, None)
    got = found.times()
    us = [
        (t - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1) for t in times
    ]
    assert got[0] == us[0]
    assert [b - a for a, b in pairwise(got)] == [b - a for a, b in pairwise(us)]
    assert not naive


# ---- runs of samples end to end ----------------------------------------------------


def csv_text(stamps: list[str], values: list[float]) -> str:
    return "timestamp,acu\n" + "".join(f"{t},{v}\n" for t, v in zip(stamps, values))


def expanded(samples: Samples) -> Samples:
    """The same samples, a run each."""
    times, values = samples.one_by_one()
    each = Samples(naive=samples.naive, ordered_source=samples.ordered_source,
                   notes=list(samples.notes), statistic=samples.statistic, series=samples.series)  # fmt: skip
    each.add_each(array("q", times), array("d", values))
    return each


def general(path: Path) -> tuple[list[tuple[float, int]], object]:
    """The trace through the sample-by-sample path, for comparison."""
    samples = expanded(traces_csv.read_csv(path, column=None, timestamp_column=None))
    trace = resample(samples, path=path, format="csv")
    return list(zip(trace.demand.levels, trace.demand.minutes)), trace.info


def test_run_length_form_hand_computed(tmp_path: Path) -> None:
    # one-minute samples 0.5 0.5 2 2 2 0.5 -> runs (0.5, 2) (2.0, 3) (0.5, 1); the last
    # sample holds one interval (1 min); 6 minutes in all.
    path = tmp_path / "t.csv"
    path.write_text(csv_text(minutes("2024-01-01T00:00:00Z", 6), [0.5, 0.5, 2, 2, 2, 0.5]))
    samples = traces_csv.read_csv(path, column=None, timestamp_column=None)
    assert samples.counts == array("q", [2, 3, 1])
    assert samples.values == array("d", [0.5, 2.0, 0.5])
    assert samples.spacings == array("q", [MINUTE_US, MINUTE_US, 0])  # 0: a run of one
    # the runs start at 00:00, 00:02 and 00:05
    assert samples.starts == array("q", [JAN_1_2024_US + k * MINUTE_US for k in (0, 2, 5)])
    trace = load_trace(path)
    assert list(zip(trace.demand.levels, trace.demand.minutes)) == [(0.5, 2), (2.0, 3), (0.5, 1)]
    assert trace.info.sample_interval_seconds == 60
    assert trace.info.samples == 6
    assert trace.info.end - trace.info.start == timedelta(minutes=6)
    assert general(path) == (list(zip(trace.demand.levels, trace.demand.minutes)), trace.info)


def test_idle_below_and_scale_apply_to_runs(tmp_path: Path) -> None:
    # 5-minute samples 0.5 0.5 3 1 -> idle_below 0.5: 0 0 3 1 -> scale 2: 0 0 6 2
    # -> runs (0, 10) (6, 5) (2, 5)
    path = tmp_path / "t.csv"
    stamps = minutes("2024-01-01T00:00:00Z", 4, timedelta(minutes=5))
    path.write_text(csv_text(stamps, [0.5, 0.5, 3, 1]))
    trace = load_trace(path, idle_below=0.5, scale=2)
    assert list(zip(trace.demand.levels, trace.demand.minutes)) == [(0, 10), (6, 5), (2, 5)]


def test_sub_minute_spacing_takes_the_peak_of_each_minute(tmp_path: Path) -> None:
    # 30-second samples 1 3 | 2 2 | 0.5 0.5: each minute takes its highest sample
    # -> (3, 1) (2, 1) (0.5, 1)
    path = tmp_path / "t.csv"
    stamps = minutes("2024-01-01T00:00:00Z", 6, timedelta(seconds=30))
    path.write_text(csv_text(stamps, [1, 3, 2, 2, 0.5, 0.5]))
    trace = load_trace(path)
    assert list(zip(trace.demand.levels, trace.demand.minutes)) == [(3, 1), (2, 1), (0.5, 1)]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(
        st.sampled_from(["0", "0.5", "0.50", "1", "2.5", ""]), min_size=2, max_size=300
    ),
    step=st.sampled_from([30, 60, 300]),
    block=st.integers(40, 4000),
    epoch=st.booleans(),
    poke=st.one_of(
        st.none(),
        st.tuples(st.integers(0, 10**6), st.sampled_from(["gap", "late", "repeat", "naive"])),
    ),
)
def test_blocks_of_any_size_match_the_minute_model(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    values: list[str],
    step: int,
    block: int,
    epoch: bool,
    poke: tuple[int, str] | None,
) -> None:
    # Small blocks make the reader mix evenly spaced runs and runs of one sample in one
    # file; the demand must still follow the plain minute-by-minute rules of the README
    # ("Replaying a real trace"; tests.test_traces._minute_model).
    monkeypatch.setattr(traces_csv, "BLOCK_CHARS", block)
    start = 1_704_150_000  # 2024-01-01T23:00:00Z
    rows = [(start + step * i, v) for i, v in enumerate(values)]
    naive_at = None
    if poke is not None:
        at, what = poke[0] % len(rows), poke[1]
        if what == "gap":
            del rows[at]
        elif what == "late":
            rows[at] = (rows[at][0] + 7, rows[at][1])
        elif what == "repeat":
            rows.insert(at, rows[at])
        elif not epoch and rows[at][1]:  # (a row without a value is skipped unread)
            naive_at = at

    def show(i: int, t: int) -> str:
        if epoch:
            return str(t)
        text = datetime.fromtimestamp(t, timezone.utc).isoformat()
        return text.replace("+00:00", "" if i == naive_at else "Z")

    path = tmp_path / "t.csv"
    lines = [f"{show(i, t)},{v}" for i, (t, v) in enumerate(rows)]
    path.write_text("timestamp,acu\n" + "\n".join(lines) + "\n")
    samples = [(t - start, float(v)) for t, v in rows if v]
    if naive_at is not None or len({t for t, _ in samples}) < 2:
        with pytest.raises(InputError):
            load_trace(path)
        return
    trace = load_trace(path)
    per_minute = [
        level for level, n in zip(trace.demand.levels, trace.demand.minutes) for _ in range(n)
    ]
    assert per_minute == _minute_model(samples)


# ---- bucket_totals ---------------------------------------------------------------------


def test_bucket_totals_hand_computed() -> None:
    # runs 1 ACU x 90 min, 3 ACU x 40 min; buckets of 60 min:
    # [0, 60): 60 x 1 = 60; [60, 120): 30 x 1 + 30 x 3 = 120; [120, 130): 10 x 3 = 30
    assert bucket_totals([1.0, 3.0], [90, 40], 60) == [60.0, 120.0, 30.0]
    # zero-length runs change nothing; buckets of one minute follow every run exactly
    assert bucket_totals([2.0, 9.0, 0.5], [2, 0, 1], 1) == [2.0, 2.0, 0.5]
    assert bucket_totals([], [], 60) == []


# ---- get-metric-data pages at C speed --------------------------------------------------


def test_metric_data_page_matches_the_same_samples_as_csv(tmp_path: Path) -> None:
    # get-metric-data lists the newest first; read through the page-at-once path, it must
    # give the trace the same samples give as an oldest-first CSV.
    stamps = minutes("2024-01-01T00:00:00Z", 3000)
    values = [(i // 7) % 5 * 0.5 for i in range(3000)]
    csv_path = tmp_path / "t.csv"
    csv_path.write_text(csv_text(stamps, values))
    aws = [t.replace("Z", "+00:00") for t in stamps]
    body = {
        "MetricDataResults": [
            {
                "Id": "m1",
                "Label": "ServerlessDatabaseCapacity",
                "Timestamps": aws[::-1],
                "Values": values[::-1],
                "StatusCode": "Complete",
            }
        ]
    }
    json_path = tmp_path / "t.json"
    json_path.write_text(json.dumps(body))
    a, b = load_trace(csv_path), load_trace(json_path)
    assert (a.demand, a.info.start, a.info.end) == (b.demand, b.info.start, b.info.end)
    assert b.info.notes == []  # CloudWatch's order is no news


def test_metric_data_bad_value_is_still_named(tmp_path: Path) -> None:
    aws = [t.replace("Z", "+00:00") for t in minutes("2024-01-01T00:00:00Z", 5)]
    body = {"MetricDataResults": [{"Id": "m1", "Timestamps": aws, "Values": [1, 1, -2, 1, 1]}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(body))
    with pytest.raises(InputError, match=r"Values\[2\] is negative"):
        load_trace(path)


# ---- the timestamp grammar: the same answer on every Python ------------------------

H = 3600 * 1_000_000  # an hour in microseconds


@pytest.mark.parametrize(
    ("text", "us", "naive"),
    [
        ("2024-01-01T00:00:00Z", JAN_1_2024_US, False),
        ("2024-01-01t00:00:00z", JAN_1_2024_US, False),  # lower-case T and Z
        ("2024-01-01 00:00:00+00:00", JAN_1_2024_US, False),
        ("2024-01-01T02:00:00+02:00", JAN_1_2024_US, False),
        ("2024-01-01T02:00:00+0200", JAN_1_2024_US, False),  # offset without a colon
        ("2024-01-01T02:00:00+02", JAN_1_2024_US, False),  # offset in hours
        ("2023-12-31T19:00:00-05:00", JAN_1_2024_US, False),
        ("2024-01-01T05:30:00+05:30", JAN_1_2024_US, False),
        ("2024-01-01T00:00:00", JAN_1_2024_US, True),  # naive: read as UTC
        ("2024-01-01", JAN_1_2024_US, True),  # a date alone is midnight
        ("2024-01-01T10", JAN_1_2024_US + 10 * H, True),  # hours only
        ("2024-01-01T10:30", JAN_1_2024_US + 10 * H + 30 * MINUTE_US, True),
        ("2024-01-01T10:30Z", JAN_1_2024_US + 10 * H + 30 * MINUTE_US, False),
        ("2024-01-01T00:00:00.5Z", JAN_1_2024_US + 500_000, False),  # 1 to 6 digits
        ("2024-01-01T00:00:00,25Z", JAN_1_2024_US + 250_000, False),  # decimal comma
        ("2024-01-01T00:00:00.123456Z", JAN_1_2024_US + 123_456, False),
        ("2024-01-01T00:00:00.123456789Z", JAN_1_2024_US + 123_456, False),  # cut, not rounded
        ("  2024-01-01T00:00:00Z  ", JAN_1_2024_US, False),  # surrounding spaces
        ("2024-02-29T00:00:00Z", JAN_1_2024_US + 59 * 24 * H, False),  # a leap day
        ("1969-12-31T23:00:00Z", -H, False),
    ],
)
def test_accepted_timestamp_forms(text: str, us: int, naive: bool) -> None:
    assert parse_iso(text) == (us, naive)


@pytest.mark.parametrize(
    "text",
    [
        "20240101T000000Z",  # the basic format
        "2024-W01-1",  # a week date
        "2024-001",  # an ordinal date
        "2024-1-1",  # one-digit month and day
        "24-01-01",  # a two-digit year
        "0000-01-01",  # year 0
        "2023-02-29T00:00:00Z",  # no such day
        "2024-13-01T00:00:00Z",
        "2024-01-01T24:00:00Z",  # 24:00
        "2024-01-01T23:59:60Z",  # a leap second
        "2024-01-01T23:60Z",
        "2024-01-01T10.5Z",  # a fraction of an hour
        "2024-01-01T10:30.5Z",  # a fraction of a minute
        "2024-01-01T00:00:00.Z",  # a point without digits
        "2024-01-01T00:00:00+02:00:30",  # an offset with seconds
        "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+2",
        "2024-01-01T00:00:00 Z",
        "2024-01-01Z",  # a zone without a time
        "2024-01-01x00:00:00",  # another separator
        "2024-01-01T00:00:00UTC",
        "2024-01-01\u200900:00",
        "\u0662\u0660\u0662\u0664-01-01",  # non-ASCII digits
        "1/1/2024 00:00",
        "",
    ],
)
def test_refused_timestamp_forms(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso(text)


@pytest.mark.parametrize(
    ("text", "epoch"),
    [
        ("1704067200", True),
        (" 1704067200 ", True),
        ("1704067200.5", True),
        ("1704067200.", True),
        (".5", True),
        ("1.7e9", True),
        ("+1704067200", True),
        ("-1", True),  # epoch style, refused later as before 1970
        ("1_704_067_200", False),
        ("nan", False),
        ("inf", False),
        ("0x10", False),
        ("\u0661\u0662", False),  # non-ASCII digits
        ("1e", False),
        (".", False),
        ("2024-01-01", False),
    ],
)
def test_epoch_forms(text: str, epoch: bool) -> None:
    assert is_epoch(text) is epoch


def test_epoch_grammar_is_applied_to_whole_chunks() -> None:
    # 1704067200 and 60 s later, then one with an underscore (int() would take it)
    found = epoch_times(["1704067200", "1704067260.0"])
    assert found.items == [(JAN_1_2024_US, MINUTE_US, 2)]
    with pytest.raises(TimestampError) as bad:
        epoch_times(["1704067200", "1704067260", "1_704_067_320"])
    assert bad.value.index == 2
    with pytest.raises(TimestampError, match="milliseconds") as large:
        epoch_times(["1704067200", "1704067200000"])
    assert large.value.index == 1


def test_forms_read_through_a_csv_trace(tmp_path: Path) -> None:
    # +0200 and a decimal comma, which Python 3.10's fromisoformat refuses: 00:00Z, 00:01Z,
    # 00:02Z, one minute each -> 1 x1 | 2 x2 (the last holds one minute)
    path = tmp_path / "t.csv"
    path.write_text(
        "timestamp;acu\n"
        "2024-01-01T02:00:00+0200;1\n"
        "2024-01-01T00:01:00,000Z;2\n"
        "2024-01-01t00:02z;2\n"
    )
    trace = load_trace(path)
    assert list(zip(trace.demand.levels, trace.demand.minutes)) == [(1, 1), (2, 2)]
    assert trace.info.start == datetime(2024, 1, 1, tzinfo=timezone.utc)
    week = tmp_path / "week.csv"
    week.write_text("timestamp,acu\n2024-W01-1T00:00:00Z,1\n2024-W01-1T00:01:00Z,1\n")
    with pytest.raises(InputError, match=r"line 2: timestamp '2024-W01-1T00:00:00Z' is not a"):
        load_trace(week)


# ---- NUL bytes: refused with the line, on every Python (3.10's csv raised) ---------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("\0", 1),
        ("timestamp,acu\0\n2024-01-01T00:00:00Z,1\n", 1),
        ("timestamp,acu\n2024-01-01T00:00:00Z,1\n\0,x\n", 3),
        ("timestamp,acu\r\n2024-01-01T00:00:00Z,1\r\n2024-01-01T00:01:00Z,\0\r\n", 3),
        ('timestamp,acu\n"2024-01-01T00:00:00Z","1"\n"2024-01-01T00:01:00Z\0","1"\n', 3),
    ],
)
def test_a_nul_byte_is_refused_with_its_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_trace(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: line {line} contains a NUL byte"), message
    assert "UTF-8 text" in message


def test_a_nul_byte_through_the_cli_exits_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "t.csv"
    path.write_bytes(b"timestamp,acu\n2024-01-01T00:00:00Z,1\n\x00\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "aurora_cost",
            "compare",
            "--region",
            "eu-west-1",
            "--trace",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "line 3 contains a NUL byte" in result.stderr
    assert "Traceback" not in result.stderr
