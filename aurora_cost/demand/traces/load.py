"""Reading trace files: the format is detected from the content, options checked against
it, the reader's samples of several files merged (`merge`), and the result resampled to
1-minute demand (`resample`). The readers are imported on use, so a workload without a
trace never pays for them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from aurora_cost.demand.traces import formats
from aurora_cost.demand.traces.resample import resample
from aurora_cost.demand.traces.samples import Samples, Trace
from aurora_cost.demand.traces.source import Source, inspect
from aurora_cost.errors import InputError


def load_trace(
    path: Path | str | Sequence[Path | str],
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
    """Read a usage trace (one file, or several to merge) and resample it to 1-minute
    demand; InputError says what is wrong.

    `format` is detected from the content when omitted: a file whose first non-blank
    character is `{` is AWS CLI JSON (get-metric-statistics or get-metric-data, told apart
    by its keys), anything else is CSV with a header row. Each of several files is read
    and checked on its own, then their samples are merged (`merge.merge`).
    """
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    if not paths:
        raise InputError("no trace file given; give the path of a CSV or CloudWatch JSON file")
    named = paths[0]
    known = formats.names()
    if format is not None and format not in known:
        raise InputError(f"{named}: unknown trace format {format!r}; use one of {', '.join(known)}")
    if idle_below is not None and not (math.isfinite(idle_below) and idle_below >= 0):
        raise InputError(f"{named}: idle_below must be a number of ACUs, 0 or more")
    if scale is not None and not (math.isfinite(scale) and scale > 0):
        raise InputError(f"{named}: scale must be a number greater than 0")
    options = {
        "column": column,
        "timestamp_column": timestamp_column,
        "statistic": statistic,
        "id": id,
        "label": label,
    }
    if len(paths) == 1:  # the usual case: no merging at all
        fmt, samples = read_one(paths[0], format, **options)
        return resample(samples, path=paths[0], format=fmt, idle_below=idle_below, scale=scale)
    from aurora_cost.demand.traces.merge import merge, merged_info

    parts = [(p, *read_one(p, format, **options)) for p in paths]
    fmt, samples, files = merge(parts)
    named_all = f"{files[0]} ... {files[-1]} ({len(files)} trace files)"
    trace = resample(samples, path=named_all, format=fmt, idle_below=idle_below, scale=scale)
    return merged_info(trace, files)


def read_one(path: Path, format: str | None, **options: str | None) -> tuple[str, Samples]:
    """One file's format and samples, as its reader (`formats.FORMATS`) hands them over."""
    source = inspect(path)
    row = formats.reader(source, format)
    formats.refuse_others(source, row, options)
    return row.read(source, format, options)


__all__ = ["Source", "load_trace", "read_one"]
