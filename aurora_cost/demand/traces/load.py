"""Reading a trace file: the format is detected from the content, options checked against
it, and the reader's samples resampled to 1-minute demand (`resample`). The readers are
imported on use, so a workload without a trace never pays for them."""

from __future__ import annotations

import math
from pathlib import Path

from aurora_cost.demand.traces.resample import resample
from aurora_cost.demand.traces.samples import TRACE_FORMATS, Trace
from aurora_cost.errors import InputError
from aurora_cost.files import file_error


def load_trace(
    path: Path,
    *,
    format: str | None = None,
    column: str | None = None,
    timestamp_column: str | None = None,
    statistic: str | None = None,
    id: str | None = None,
    label: str | None = None,
    idle_below: float | None = None,
    scale: float | None = None,
) -> Trace:
    """Read a usage trace and resample it to 1-minute demand; InputError says what is wrong.

    `format` is detected from the content when omitted: a file whose first non-blank
    character is `{` is AWS CLI JSON (get-metric-statistics or get-metric-data, told apart
    by its keys), anything else is CSV with a header row.
    """
    path = Path(path)
    if format is not None and format not in TRACE_FORMATS:
        raise InputError(
            f"{path}: unknown trace format {format!r}; use one of {', '.join(TRACE_FORMATS)}"
        )
    if idle_below is not None and not (math.isfinite(idle_below) and idle_below >= 0):
        raise InputError(f"{path}: idle_below must be a number of ACUs, 0 or more")
    if scale is not None and not (math.isfinite(scale) and scale > 0):
        raise InputError(f"{path}: scale must be a number greater than 0")

    first = _first_byte(path)
    detected = format or ("json" if first == b"{" else "csv")
    if detected == "csv" and first == b"{":
        raise InputError(f"{path}: the file is JSON (it starts with '{{'), not CSV; omit format")
    if detected == "csv":
        _refuse(path, statistic=statistic, id=id, label=label, fmt="CSV")
        from aurora_cost.demand.traces import csv_reader  # on use: keeps CLI start-up lean

        samples = csv_reader.read_csv(path, column=column, timestamp_column=timestamp_column)
        fmt = "csv"
    else:
        _refuse(path, column=column, timestamp_column=timestamp_column, fmt="JSON")
        from aurora_cost.demand.traces import cloudwatch

        fmt, samples = cloudwatch.read_json(
            path, format=format, statistic=statistic, id=id, label=label
        )
    return resample(samples, path=path, format=fmt, idle_below=idle_below, scale=scale)


def _refuse(path: Path, *, fmt: str, **options: str | None) -> None:
    """Options that only apply to another format are mistakes, not silently ignored."""
    where = {
        "column": "CSV",
        "timestamp_column": "CSV",
        "statistic": "get-metric-statistics JSON",
        "id": "get-metric-data JSON",
        "label": "get-metric-data JSON",
    }
    for name, value in options.items():
        if value is not None:
            raise InputError(
                f"{path}: {name} applies to {where[name]} traces only, and this file is {fmt}; "
                f"drop {name} or give the right file"
            )


def _first_byte(path: Path) -> bytes:
    """The first non-blank byte (after a UTF-8 byte-order mark), with file errors made clear."""
    try:
        if path.is_dir():
            raise IsADirectoryError(path)
        with path.open("rb") as f:
            head = f.read(64 * 1024)
            while head and not head.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip():
                more = f.read(64 * 1024)
                if not more:
                    break
                head = more
    except OSError as exc:
        raise file_error(path, exc, "trace file") from None
    body = head.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
    if not body:
        raise InputError(
            f"{path}: the trace file is empty; give a CSV with a header row "
            "(timestamp,acu) or the JSON output of aws cloudwatch get-metric-statistics"
        )
    return body[:1]
