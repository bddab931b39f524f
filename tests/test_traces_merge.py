"""Several trace files merged into one series: the days of a get-metric-statistics loop,
the pages of get-metric-data, overlaps and conflicts, and the same through the CLI and
workload files.

The fixtures in tests/data/traces/days/ were written by hand in the shape of the AWS
CLI's JSON output (`aws cloudwatch get-metric-statistics ... --period 60`: `Label` and
`Datapoints` in no order, each with `Timestamp`, the statistics and `Unit`; `aws
cloudwatch get-metric-data`: `MetricDataResults` newest first, `NextToken` on every page
but the last), a few minutes each instead of a day. Expected runs: (level in ACU, minutes).
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from aurora_cost.demand.traces import Trace, load_trace
from aurora_cost.errors import InputError
from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES

DAYS = Path(__file__).resolve().parent / "data" / "traces" / "days"
DAY_1, DAY_2 = DAYS / "day-2024-05-06.json", DAYS / "day-2024-05-07.json"
# Average, in time order: 23:55 0.5, 23:56 0.5, 23:57 2, 23:58 2, 23:59 1 | 00:00 1,
# 00:01 3, 00:02 3, 00:03 0.5, 00:04 0.5 (the last holds one minute).
BOTH_DAYS = [(0.5, 2), (2.0, 2), (1.0, 2), (3.0, 2), (0.5, 2)]


def runs(trace: Trace) -> list[tuple[float, int]]:
    return list(zip(trace.demand.levels, trace.demand.minutes))


def statistics(path: Path, points: list[tuple[str, float]]) -> Path:
    """A get-metric-statistics output, in the CLI's shape, of (time, Average) pairs."""
    datapoints = [{"Timestamp": t, "Average": v, "Unit": "Count"} for t, v in points]
    path.write_text(json.dumps({"Label": "ServerlessDatabaseCapacity", "Datapoints": datapoints}))
    return path


def test_two_days_give_the_demand_of_one_file_with_every_sample() -> None:
    merged = load_trace([DAY_1, DAY_2])
    whole = load_trace(DAYS / "both-days.json")
    assert runs(merged) == runs(whole) == BOTH_DAYS
    assert merged.demand.total_minutes == 10
    assert (merged.info.start, merged.info.end) == (whole.info.start, whole.info.end)
    assert merged.info.samples == whole.info.samples == 10
    assert merged.info.files == (str(DAY_1), str(DAY_2))
    assert merged.info.path == str(DAY_1)
    assert merged.info.format == "cloudwatch-statistics"
    assert merged.info.statistic == "Average"


def test_files_in_any_order_are_put_in_time_order() -> None:
    merged = load_trace([DAY_2, DAY_1])
    assert runs(merged) == BOTH_DAYS
    assert merged.info.files == (str(DAY_1), str(DAY_2))  # in time order
    assert not any("sorted" in note for note in merged.info.notes)


def test_options_apply_to_every_file() -> None:
    # Maximum: 0.5, 1, 2.5, 2, 1.5 | 1, 3, 3.5, 1, 0.5
    trace = load_trace([DAY_1, DAY_2], statistic="Maximum")
    assert runs(trace) == [(0.5, 1), (1.0, 1), (2.5, 1), (2.0, 1), (1.5, 1),
                           (1.0, 1), (3.0, 1), (3.5, 1), (1.0, 1), (0.5, 1)]  # fmt: skip
    # idle_below 1 on Average: 0.5 and 1 are idle: 0 x2 | 2 x2 | 0 x2 | 3 x2 | 0 x2
    idle = load_trace([DAY_1, DAY_2], idle_below=1)
    assert runs(idle) == [(0.0, 2), (2.0, 2), (0.0, 2), (3.0, 2), (0.0, 2)]


def test_pages_of_get_metric_data() -> None:
    # page 2 (older): 12:00 2, 12:01 2, 12:02 2, 12:03 4, 12:04 4;
    # page 1 (newer): 12:05 4, 12:06 1.5, 12:07 1.5, 12:08 0, 12:09 0.
    trace = load_trace([DAYS / "page-1.json", DAYS / "page-2.json"])
    assert runs(trace) == [(2.0, 3), (4.0, 3), (1.5, 2), (0.0, 2)]
    assert trace.info.format == "cloudwatch-metric-data"
    assert trace.info.series == "capacity"
    # the last page is there: neither page-1's NextToken nor its PartialData is a concern
    assert not any("NextToken" in n or "PartialData" in n for n in trace.info.notes)
    alone = load_trace(DAYS / "page-1.json")
    assert any("NextToken" in note for note in alone.info.notes)


def test_identical_overlap_is_one_sample(tmp_path: Path) -> None:
    # a re-export of the last two minutes of day 1 with day 2: the same values
    again = statistics(
        tmp_path / "again.json",
        [("2024-05-06T23:58:00Z", 2.0), ("2024-05-06T23:59:00Z", 1.0),
         ("2024-05-07T00:00:00Z", 1.0)],
    )  # fmt: skip
    trace = load_trace([DAY_1, again, DAY_2])
    assert runs(trace) == BOTH_DAYS
    notes = " | ".join(trace.info.notes)
    assert "3 samples found in more than one file with the same value: counted once" in notes
    assert "different values" not in notes
    assert trace.info.duplicates == 0


def test_on_a_conflict_the_file_that_starts_later_wins(tmp_path: Path) -> None:
    # later.json starts at 23:58 (after day 1's 23:55) and says 23:58 is 4 ACU, not 2
    later = statistics(
        tmp_path / "later.json", [("2024-05-06T23:58:00Z", 4.0), ("2024-05-06T23:59:00Z", 1.0)]
    )
    # 0.5 x2 | 2 x1 | 4 x1 | 1 x1 (23:59; the last sample holds one minute)
    expected = [(0.5, 2), (2.0, 1), (4.0, 1), (1.0, 1)]
    assert runs(load_trace([DAY_1, later])) == runs(load_trace([later, DAY_1])) == expected
    notes = " | ".join(load_trace([later, DAY_1]).info.notes)
    assert "1 timestamp found in more than one file with different values" in notes
    assert "1 sample found in more than one file with the same value" in notes


def test_duplicates_within_a_file_keep_their_rule(tmp_path: Path) -> None:
    # in one.csv 00:01 appears twice: the later row (3) wins, counted as a duplicate
    one = tmp_path / "one.csv"
    one.write_text("timestamp,acu\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,2\n"
                   "2024-01-01T00:01:00Z,3\n")  # fmt: skip
    two = tmp_path / "two.csv"
    two.write_text("timestamp,acu\n2024-01-01T00:02:00Z,1\n2024-01-01T00:03:00Z,1\n")
    trace = load_trace([one, two])
    assert runs(trace) == [(1.0, 1), (3.0, 1), (1.0, 2)]
    assert trace.info.duplicates == 1


def test_merged_csv_days_match_one_csv(tmp_path: Path) -> None:
    rows = [f"2024-01-0{1 + i // 1440}T{i % 1440 // 60:02d}:{i % 60:02d}:00Z,{(i // 7) % 4}"
            for i in range(3 * 1440)]  # fmt: skip
    whole = tmp_path / "all.csv"
    whole.write_text("timestamp,acu\n" + "\n".join(rows) + "\n")
    days = []
    for day in range(3):
        path = tmp_path / f"day-{day}.csv"
        path.write_text("timestamp,acu\n" + "\n".join(rows[day * 1440 : (day + 1) * 1440]) + "\n")
        days.append(path)
    merged, one = load_trace(days[::-1]), load_trace(whole)
    assert runs(merged) == runs(one)
    assert merged.demand.total_minutes == 3 * 1440


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("timestamp,acu\n2024-05-08T00:00:00Z,1\n2024-05-08T00:01:00Z,1\n",
         "this file is csv but"),
        ("timestamp,acu\n2024-05-08T00:00:00,1\n2024-05-08T00:01:00,1\n", None),
    ],
)  # fmt: skip
def test_files_of_another_kind_are_refused(
    tmp_path: Path, second: str, expected: str | None
) -> None:
    other = tmp_path / "other.csv"
    other.write_text(second)
    with pytest.raises(InputError) as caught:
        load_trace([DAY_1, other] if expected else [tmp_path / "zoned.csv", other])
    if expected is None:  # (zoned.csv does not exist)
        assert "no such file" in str(caught.value)
        zoned = tmp_path / "zoned.csv"
        zoned.write_text("timestamp,acu\n2024-05-07T00:00:00Z,1\n2024-05-07T00:01:00Z,1\n")
        with pytest.raises(InputError) as caught:
            load_trace([zoned, other])
        assert str(caught.value).startswith(f"{other}: its timestamps have no time zone")
    else:
        assert str(caught.value).startswith(f"{other}: {expected} {DAY_1} is cloudwatch")


# ---- the command line and workload files -------------------------------------------


def cli(*args: str) -> tuple[int, str, str]:
    result = invoke(*args, "--region", "eu-west-1", "--format", "json")  # (no exception: invoke)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", ["compare", "check --max-monthly 1000", "advise"])
def test_several_trace_files_after_one_trace_flag(command: str) -> None:
    # a shell expands --trace day-*.json to --trace day-2024-05-06.json day-2024-05-07.json
    code, out, err = cli(*command.split(), "--trace", str(DAY_2), str(DAY_1))
    assert code == 0, err
    if command == "advise":
        return
    trace = json.loads(out)["period"]["trace"]
    assert trace["files"] == [str(DAY_1), str(DAY_2)]
    assert trace["samples"] == 10 and trace["duration_hours"] == round(10 / 60, 4)


def test_repeated_trace_flags_and_a_quoted_pattern() -> None:
    repeated = cli("compare", "--trace", str(DAY_1), "--trace", str(DAY_2))
    pattern = cli("compare", "--trace", str(DAYS / "day-*.json"))
    assert repeated[0] == pattern[0] == 0
    assert json.loads(repeated[1])["period"] == json.loads(pattern[1])["period"]
    code, _, err = cli("compare", "--trace", str(DAYS / "night-*.json"))
    assert code == 2 and err.startswith("Error: --trace ") and "no file matches" in err


def test_a_stray_argument_without_trace_is_one_error() -> None:
    code, _, err = cli("compare", str(DAY_1))
    assert code == 2 and err.startswith(f"Error: '{DAY_1}': unexpected argument; remove it")


def test_workload_paths(tmp_path: Path) -> None:
    (tmp_path / "d1.json").write_text(DAY_1.read_text())
    (tmp_path / "d2.json").write_text(DAY_2.read_text())
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage:\n  trace: {paths: [d2.json, d1.json], statistic: Average}\n"
        "options:\n  - {name: v2, kind: serverless-v2, min_acu: 0.5, max_acu: 8}\n"
    )
    code, out, err = cli("compare", "-w", str(workload))
    assert code == 0, err
    trace = json.loads(out)["period"]["trace"]
    assert trace["files"] == [str(tmp_path / "d1.json"), str(tmp_path / "d2.json")]
    both = tmp_path / "both.yaml"
    both.write_text(workload.read_text().replace("{paths:", "{path: d1.json, paths:"))
    code, _, err = cli("compare", "-w", str(both))
    assert code == 2 and "give exactly one of path (a file) or paths" in err
    assert err.count("\n") == 1


# ---- a trace per cluster in a --usage file -------------------------------------------


def test_a_usage_file_gives_a_cluster_its_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aurora_cost.infra.estimate import estimate_infra

    monkeypatch.setenv("AURORA_COST_PRICING", str(FIXTURE_PRICES))
    plan = Path(__file__).resolve().parent.parent / "examples" / "infra" / "plan.json"
    # two days at 2 ACU, every minute, split in two files next to the usage file
    (tmp_path / "traces").mkdir()
    for day in (1, 2):
        rows = [f"2024-01-0{day}T{m // 60:02d}:{m % 60:02d}:00Z,2" for m in range(1440)]
        (tmp_path / "traces" / f"day-{day}.csv").write_text("timestamp,acu\n" + "\n".join(rows))
    traced = tmp_path / "usage.yaml"
    traced.write_text(
        "version: 1\nclusters:\n  aws_rds_cluster.small:\n"
        "    usage: {trace: {paths: [traces/day-2.csv, traces/day-1.csv]}}\n"
    )
    constant = tmp_path / "constant.yaml"
    constant.write_text(
        "version: 1\nclusters:\n  aws_rds_cluster.small:\n    usage: {constant: 2}\n"
    )
    small = estimate_infra([plan], usage=traced).clusters[0]
    same = estimate_infra([plan], usage=constant).clusters[0]
    assert small.address == "aws_rds_cluster.small" and small.range is None
    trace = small.report.period.trace
    assert trace is not None and trace["files"] == [
        str(tmp_path / "traces" / "day-1.csv"),
        str(tmp_path / "traces" / "day-2.csv"),
    ]
    assert trace["duration_hours"] == 48
    # 2 ACU all month either way: 2 x 730 h x 0.10 = 146.00 of compute
    option, constant_option = small.report.options[0], same.report.options[0]
    assert option.line_items[0].monthly_cost == Decimal("146.00")
    assert option.monthly_cost == constant_option.monthly_cost
    one = tmp_path / "one.yaml"
    one.write_text(traced.read_text().replace("{paths: [traces/day-2.csv, traces/day-1.csv]}",
                                              "{path: traces/day-1.csv}"))  # fmt: skip
    assert estimate_infra([plan], usage=one).clusters[0].report.options[0].monthly_cost == (
        option.monthly_cost
    )


# ---- --trace-statistic, --trace-id, --trace-label, --idle-below ------------------------


def test_trace_option_flags() -> None:
    data = DAYS.parent
    code, out, err = cli("compare", "--trace", str(DAY_1), str(DAY_2),
                         "--trace-statistic", "Maximum")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["period"]["trace"]["statistic"] == "Maximum"
    for flag, value in (
        ("--trace-id", "capacity"),
        ("--trace-label", "ServerlessDatabaseCapacity"),
    ):
        code, out, err = cli("compare", "--trace", str(data / "metric-data.json"), flag, value)
        assert code == 0, err
        assert json.loads(out)["period"]["trace"]["series"] == "capacity"
    code, out, err = cli("compare", "--trace", str(DAY_1), str(DAY_2), "--idle-below", "1")
    assert code == 0 and "demand at or below 1 ACU counted as idle" in err


def test_trace_option_flags_on_a_workload_trace(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    shutil.copy(DAY_1, tmp_path / DAY_1.name)  # a file's trace stays in its directory tree
    workload.write_text(f"version: 1\nusage:\n  trace: {{path: {DAY_1.name}}}\n")
    code, out, err = cli("compare", "-w", str(workload), "--trace-statistic", "Maximum")
    assert code == 0, err
    assert json.loads(out)["period"]["trace"]["statistic"] == "Maximum"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--trace-id", "m1"], "--trace-id: sets an option of a trace, and there is none; "
                               "give --trace FILE or a workload whose usage is a trace"),
        (["--idle-below", "0.5", "--trace-label", "x"], "--trace-label, --idle-below: set "
                                                        "options of a trace, and there is none"),
        # any case on the command line (--trace-statistic maximum reads Maximum); a typo is not
        (["--trace", str(DAY_1), "--trace-statistic", "maximun"],
         "usage.trace.statistic: 'maximun' is not allowed; did you mean 'Maximum'?"),
        (["--trace", str(DAY_1), "--idle-below", "-1"], "usage.trace.idle_below:"),
        (["--trace", str(DAY_1), "--trace-id", "m1"], "id chooses a get-metric-data result"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["compare", "check --max-monthly 10", "advise"])
def test_trace_option_flag_errors(command: str, args: list[str], expected: str) -> None:
    code, out, err = cli(*command.split(), *args)
    assert code == 2 and out == ""
    assert err.startswith("Error: ") and err.count("\n") == 1 and expected in err, err
