"""The columns of a CSV trace, found from its header row: delimiter, timestamp, demand."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.shown import brief

TIMESTAMP_NAMES = ("timestamp", "time", "datetime", "date", "ts")
DEFAULT_COLUMN = "acu"


@dataclass(frozen=True)
class Columns:
    delimiter: str  # "," or, when the header has no comma, ";", tab or "|"
    width: int  # fields in the header row
    ts_index: int
    value_index: int
    value_name: str  # the demand column's name as written


def find_columns(
    path: Path, line: str, *, column: str | None, timestamp_column: str | None
) -> Columns:
    """The columns named by the header `line`; an InputError says what is missing."""
    if not line.strip():
        raise InputError(f"{path}: the trace file is empty; add a header row")
    used = ","
    try:
        header = next(csv.reader([line]))
        if len(header) == 1:
            for delimiter in (";", "\t", "|"):
                if delimiter in line:
                    used = delimiter
                    header = next(csv.reader([line], delimiter=delimiter))
                    break
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV in the header row: {exc}") from None
    names = [name.strip() for name in header]
    lower = [name.lower() for name in names]
    # The header is quoted only when it looks like one (several short column names): the
    # first line of a file that is no CSV at all (a key file, /etc/passwd) is never shown.
    if 1 < len(names) <= 20 and all(len(name) <= 40 for name in names):
        shown = ", ".join(brief(name) for name in names)
    else:
        shown = f"{len(names)} column(s), which is not a CSV header"
    if timestamp_column is not None:
        wanted = timestamp_column.strip().lower()
        if wanted not in lower:
            hint = did_you_mean(timestamp_column, names)
            raise InputError(
                f"{path}: no timestamp column {timestamp_column!r}{hint}; the header has {shown}"
            )
        ts_index = lower.index(wanted)
    else:
        found = [lower.index(n) for n in TIMESTAMP_NAMES if n in lower]
        if not found:
            looks_like_data = names[0][:1].isdigit()
            raise InputError(
                f"{path}: no timestamp column: the header has {shown}; "
                + (
                    "the first line must be a header such as timestamp,acu"
                    if looks_like_data
                    else f"name it one of {', '.join(TIMESTAMP_NAMES)} or choose it "
                    "with timestamp_column (or, for AWS CLI output, use --output json)"
                )
            )
        ts_index = found[0]
    value = column if column is not None else DEFAULT_COLUMN
    if value.strip().lower() not in lower:
        others = [n for i, n in enumerate(names) if i != ts_index]
        hint = did_you_mean(value, others)
        how = "" if column is not None else "; choose the demand column with column"
        raise InputError(f"{path}: no demand column {value!r}{hint}; the header has {shown}{how}")
    value_index = lower.index(value.strip().lower())
    value_name = names[value_index]
    if value_index == ts_index:
        raise InputError(
            f"{path}: the timestamp and demand columns are both {value_name!r}; "
            "choose two different columns"
        )
    return Columns(used, len(names), ts_index, value_index, value_name)
