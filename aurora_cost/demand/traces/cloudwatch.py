"""Reading the JSON the AWS CLI prints for CloudWatch metrics.

Two commands, told apart by their keys:

- `aws cloudwatch get-metric-statistics` prints `{"Label": ..., "Datapoints": [{"Timestamp":
  ..., "Average": ..., "Unit": ...}, ...]}`, datapoints in no particular order, with the
  requested statistics (Average, Maximum, Minimum, Sum, SampleCount, or percentiles under
  `ExtendedStatistics`); `statistic` chooses one, Average by default.
- `aws cloudwatch get-metric-data` prints `{"MetricDataResults": [{"Id", "Label",
  "Timestamps" (newest first), "Values", "StatusCode", "Messages"}], "Messages": [],
  "NextToken"?}`; `id` or `label` chooses a result when there are several. Results that
  share an Id (the CLI concatenates pages that way) are joined.

Timestamps are ISO 8601 strings (`2024-05-01T09:30:00Z`, `...+00:00`, in the grammar of
`timestamps`) or, with `cli_timestamp_format = wire` on some protocols, epoch seconds. CloudWatch outputs are
bounded by API limits, so `json.loads` on the whole text is fine.
"""

from __future__ import annotations

import json
import re
from array import array
from pathlib import Path
from typing import Any

from aurora_cost.demand.traces.samples import (
    EXPORT_ACUS,
    Samples,
    check_value,
    percent_metric,
    refuse_percent,
)
from aurora_cost.demand.traces.source import Source, inspect
from aurora_cost.demand.traces.timestamps import (
    TimestampError,
    epoch_us,
    iso_times,
    parse_iso,
)
from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.shown import brief

STATISTICS = ("Average", "Maximum", "Minimum", "Sum", "SampleCount")
# An extended statistic (--extended-statistics): a percentile p0.0 to p100, as AWS documents
# them for GetMetricStatistics (CloudWatch User Guide, "Statistics definitions").
PERCENTILE = re.compile(r"p(100|\d{1,2}(\.\d+)?)", re.ASCII | re.IGNORECASE)
EXPECTED_METRIC = "ServerlessDatabaseCapacity"
NEXT_TOKEN_NOTE = (
    "the output has a NextToken, so it may be one page of several: run the aws "
    "command without --max-items or --no-paginate to get every page, or give every page"
)

# The units CloudWatch reports ServerlessDatabaseCapacity in (None: no unit given).
ACU_UNITS = ("Count", "None")


def read_json(
    source: Source | Path,
    *,
    format: str | None,
    statistic: str | None,
    id: str | None,
    label: str | None,
) -> tuple[str, Samples]:
    source = source if isinstance(source, Source) else inspect(Path(source))
    path = source.path
    text = source.read_text()
    try:
        data = json.loads(text, object_pairs_hook=_once_each)
    except _TwiceError as exc:  # the last would win silently: two Datapoints, two Labels
        raise InputError(
            f"{path}: the key {brief(exc.key)} appears twice in one object; this is not what "
            "the aws command writes, keep one"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: malformed JSON at line {exc.lineno + source.skipped_lines}, "
            f"column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise InputError(f"{path}: the JSON nests too deeply") from None
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: expected the JSON object that aws cloudwatch get-metric-statistics or "
            f"get-metric-data prints, not {_kind(data)}"
        )
    if "Datapoints" in data:
        shape = "cloudwatch-statistics"
    elif "MetricDataResults" in data:
        shape = "cloudwatch-metric-data"
    else:
        keys = ", ".join(repr(k) for k in list(data)[:8]) or "none"
        raise InputError(
            f"{path}: this JSON is not CloudWatch metric output: expected a 'Datapoints' list "
            "(aws cloudwatch get-metric-statistics) or a 'MetricDataResults' list "
            f"(aws cloudwatch get-metric-data); its keys are {keys}"
        )
    if format is not None and format != shape:
        command = {"cloudwatch-statistics": "get-metric-statistics"}.get(shape, "get-metric-data")
        raise InputError(
            f"{path}: format {format} was asked for, but the file is the output of "
            f"aws cloudwatch {command}; omit the format to detect it"
        )
    if shape == "cloudwatch-statistics":
        if id is not None or label is not None:
            which = "id" if id is not None else "label"
            raise InputError(
                f"{path}: {which} chooses a get-metric-data result, and this file is "
                "get-metric-statistics output; use statistic to choose what to read"
            )
        return shape, _statistics(path, data, statistic)
    if statistic is not None:
        raise InputError(
            f"{path}: statistic applies to get-metric-statistics output; in get-metric-data "
            "the statistic is part of the query (Stat), so drop statistic"
        )
    return shape, _metric_data(path, data, id, label)


class _TwiceError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _TwiceError(key)
            seen.add(key)
    return out


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", type(None): "null"}.get(
        type(value), f"a {type(value).__name__}"
    )


class _Times:
    """Timestamps of one series, with the naive/aware rule of the CSV reader."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.naive: bool | None = None

    def parse(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise InputError(f"{self.path}: {where} must be a timestamp, not {_kind(value)}")
        try:
            if not isinstance(value, str):
                return epoch_us(float(value))
            us, naive = parse_iso(value)
        except (ValueError, OverflowError) as exc:
            what = str(exc) if not isinstance(value, str) else "is not an ISO 8601 timestamp"
            raise InputError(f"{self.path}: {where} {brief(value)} {what}") from None
        self.check(naive, value, where)
        return us

    def check(self, naive: bool, value: Any, where: str) -> None:
        if self.naive is None:
            self.naive = naive
        elif naive != self.naive:
            raise InputError(
                f"{self.path}: {where} {brief(value)} "
                + (
                    "has no time zone but the earlier timestamps have one"
                    if naive
                    else "has a time zone but the earlier timestamps have none"
                )
                + "; give every timestamp an offset such as Z or +00:00"
            )


def _value(path: Path, value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{path}: {where} must be a number, not {_kind(value)}")
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        raise InputError(f"{path}: {where} is too large to be a number of ACUs") from None
    why = check_value(number)
    if why:
        raise InputError(f"{path}: {where} {why}")
    return number


def _statistics(path: Path, data: dict[str, Any], statistic: str | None) -> Samples:
    points = data["Datapoints"]
    if not isinstance(points, list):
        raise InputError(f"{path}: 'Datapoints' must be a list, not {_kind(points)}")
    label = data.get("Label")
    if label is not None and not isinstance(label, str):
        raise InputError(f"{path}: 'Label' must be the metric's name (text), not {_kind(label)}")
    if not points:
        raise InputError(
            f"{path}: 'Datapoints' is empty: CloudWatch had no data for that period; check "
            "the metric name, dimensions and --start-time/--end-time of the aws command"
        )
    present: dict[str, str] = {}  # lower-case name -> name as written
    for i, point in enumerate(points):
        if not isinstance(point, dict):
            raise InputError(f"{path}: Datapoints[{i}] must be an object, not {_kind(point)}")
        for key in point:
            if key not in ("Timestamp", "Unit", "ExtendedStatistics"):
                present.setdefault(str(key).lower(), str(key))
        extended = point.get("ExtendedStatistics")
        if isinstance(extended, dict):
            for key in extended:
                present.setdefault(str(key).lower(), str(key))
    _refuse_not_acus(path, points, _text(label))
    wanted = (statistic or "Average").strip()
    name = present.get(wanted.lower())
    if name is None:
        listed = ", ".join(sorted(present.values())) or "none"
        hint = did_you_mean(wanted, present.values())
        raise InputError(
            f"{path}: the datapoints have no {wanted} statistic{hint}; they have {listed}; "
            f"choose one with statistic, or run the aws command with {_asking_for(wanted)}"
        )
    times = _Times(path)
    stamps: list[int] = []
    values: array[float] = array("d")
    for i, point in enumerate(points):
        where = f"Datapoints[{i}]"
        if "Timestamp" not in point:
            raise InputError(f"{path}: {where} has no Timestamp")
        stamps.append(times.parse(point["Timestamp"], f"{where}.Timestamp"))
        source = point if name in point else point.get("ExtendedStatistics") or {}
        if name not in source:
            raise InputError(f"{path}: {where} has no {name} value; every datapoint needs one")
        values.append(_value(path, source[name], f"{where}.{name}"))
    notes = _metric_notes(label)
    return _samples(stamps, values, times, notes, statistic=name, series=_text(label))


def _refuse_not_acus(path: Path, points: list[Any], label: str | None) -> None:
    """ACUUtilization and CPUUtilization are a share of capacity, in Percent; a metric in any
    other unit but Count (Seconds, Bytes, ...) is not ServerlessDatabaseCapacity either."""
    unit = next((p.get("Unit") for p in points if isinstance(p.get("Unit"), str)), None)
    metric = percent_metric(label)
    what = f"the metric {label!r}" if label else "the metric"
    if unit == "Percent" or metric:
        raise refuse_percent(path, what)
    if unit is not None and unit not in ACU_UNITS:
        raise InputError(
            f"{path}: {what} is in {unit[:40]!r}, not ACUs (ServerlessDatabaseCapacity is "
            f"reported in Count); {EXPORT_ACUS}"
        )


def _asking_for(statistic: str) -> str:
    """The aws option that asks CloudWatch for this statistic."""
    if PERCENTILE.fullmatch(statistic):
        return f"--extended-statistics {statistic.lower()}"
    standard = {name.lower(): name for name in STATISTICS}
    return f"--statistics {standard.get(statistic.lower(), 'Average')}"


def _metric_data(path: Path, data: dict[str, Any], id: str | None, label: str | None) -> Samples:
    results = data["MetricDataResults"]
    if not isinstance(results, list):
        raise InputError(f"{path}: 'MetricDataResults' must be a list, not {_kind(results)}")
    if not results:
        raise InputError(
            f"{path}: 'MetricDataResults' is empty; check the --metric-data-queries of the "
            "aws command (ReturnData must not be false for the metric you want)"
        )
    series: dict[str, list[dict[str, Any]]] = {}  # pages of one query share an Id
    where_is: dict[str, list[int]] = {}  # their indexes in MetricDataResults, for messages
    for i, result in enumerate(results):
        if not isinstance(result, dict):
            raise InputError(
                f"{path}: MetricDataResults[{i}] must be an object, not {_kind(result)}"
            )
        key = _text(result.get("Id")) or _text(result.get("Label")) or f"#{i}"
        series.setdefault(key, []).append(result)
        where_is.setdefault(key, []).append(i)
    chosen = [
        key
        for key, parts in series.items()
        if (id is None or key == id or _text(parts[0].get("Id")) == id)
        and (label is None or _text(parts[0].get("Label")) == label)
    ]
    choices = ", ".join(
        f"id {key!r} (label {_text(parts[0].get('Label'))!r})" for key, parts in series.items()
    )
    if not chosen:
        given = f"id {id!r}" if id is not None else f"label {label!r}"
        raise InputError(f"{path}: no result with {given}; the results are {choices}")
    if len(chosen) > 1:
        raise InputError(
            f"{path}: the file has {len(chosen)} results; choose one with id or label: {choices}"
        )
    key = chosen[0]
    metric = percent_metric(_text(series[key][0].get("Label")))
    if metric:
        raise refuse_percent(path, f"result {key!r} ({metric})")
    notes: list[str] = []
    times = _Times(path)
    stamps: list[int] = []
    values: array[float] = array("d")
    for i, part in zip(where_is[key], series[key]):
        where = f"MetricDataResults[{i}]"
        status = part.get("StatusCode", "Complete")
        if status in ("InternalError", "Forbidden"):
            raise InputError(
                f"{path}: {where} has StatusCode {status}: CloudWatch did not return the data; "
                "run the aws command again (in the metric's own region)"
            )
        if status == "PartialData":
            notes.append(
                "CloudWatch marked the result PartialData: some datapoints may be missing; "
                "fetch the remaining pages with the NextToken"
            )
        notes.extend(_messages(part.get("Messages")))
        stamp_list, value_list = part.get("Timestamps", []), part.get("Values", [])
        if not isinstance(stamp_list, list) or not isinstance(value_list, list):
            raise InputError(f"{path}: {where}: 'Timestamps' and 'Values' must be lists")
        if len(stamp_list) != len(value_list):
            raise InputError(
                f"{path}: {where} has {len(stamp_list)} Timestamps but {len(value_list)} "
                "Values; they must pair up"
            )
        fast = _fast_page(stamp_list, value_list, times)
        if fast is not None:
            stamps.extend(fast[0])
            values.extend(fast[1])
            continue
        for j, (stamp, value) in enumerate(zip(stamp_list, value_list)):  # names a bad one
            stamps.append(times.parse(stamp, f"{where}.Timestamps[{j}]"))
            values.append(_value(path, value, f"{where}.Values[{j}]"))
    if data.get("NextToken"):
        notes.append(NEXT_TOKEN_NOTE)
    notes.extend(_messages(data.get("Messages")))
    notes[:0] = _metric_notes(_text(series[key][0].get("Label")))
    return _samples(stamps, values, times, notes, statistic=None, series=key)


def _fast_page(
    stamp_list: list[Any], value_list: list[Any], times: _Times
) -> tuple[list[int], array[float]] | None:
    """A page's times and values in C-level passes when every one is well formed, else None.

    The AWS CLI writes every timestamp the same way (2024-05-01T09:30:00+00:00), newest
    first, and every value as a number, so this is the usual case; otherwise the caller
    goes item by item and names the first bad one.
    """
    if set(map(type, value_list)) - {int, float} or set(map(type, stamp_list)) - {str}:
        return None  # (bool is a type of its own, so true and false are refused too)
    try:
        values = array("d", value_list)
    except OverflowError:
        return None
    if any(map(check_value, set(values))) or not stamp_list:
        return None
    try:
        newest_first = parse_iso(stamp_list[0])[0] > parse_iso(stamp_list[-1])[0]
        oldest_first = stamp_list[::-1] if newest_first else stamp_list
        found, naive = iso_times(oldest_first, times.naive)
    except (ValueError, TimestampError):
        return None
    times.naive = naive
    every = found.times()
    return (every[::-1] if newest_first else every).tolist(), values


def _samples(
    stamps: list[int],
    values: array[float],
    times: _Times,
    notes: list[str],
    *,
    statistic: str | None,
    series: str | None,
) -> Samples:
    samples = Samples(
        naive=bool(times.naive),
        ordered_source=False,  # CloudWatch does not promise an order
        notes=notes,
        statistic=statistic,
        series=series,
    )
    samples.add_each(array("q", stamps), values)
    return samples


def _messages(messages: Any) -> list[str]:
    if not isinstance(messages, list):
        return []
    return [
        f"CloudWatch message: {m.get('Code', '')}: {m.get('Value', '')}".rstrip(": ")
        for m in messages
        if isinstance(m, dict)
    ]


def _metric_notes(label: str | None) -> list[str]:
    if label and EXPECTED_METRIC.lower() not in label.lower() and label.isidentifier():
        return [f"the metric is {label!r}, not {EXPECTED_METRIC}: its values are read as ACUs"]
    return []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
