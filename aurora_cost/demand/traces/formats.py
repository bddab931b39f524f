"""The trace formats: one row per reader module, in one table that `load.read_one` reads.

A row names the formats it reads (a trace's `format:`), recognises a file from its first
character (`source.inspect` has read it, bounded), lists the options it takes (any other
option given is refused) and reads the file into `Samples`. Readers are imported when a
file needs them, so a workload without a trace never pays for them.

To add a format: write `demand/traces/<reader>.py` (a function from a `Source` to
`Samples`) and add its `TraceFormat` row to `FORMATS` below (or, from a test or a plug-in,
`FORMATS.register(row)` and `FORMATS.unregister(name)` after). Rows are tried newest first,
so the CSV row, the first registered, which takes any text, is tried last.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aurora_cost.errors import InputError
from aurora_cost.registry import Registry

if TYPE_CHECKING:
    from aurora_cost.demand.traces.samples import Samples
    from aurora_cost.demand.traces.source import Source

Options = Mapping[str, "str | None"]


@dataclass(frozen=True)
class TraceFormat:
    """One reader: the `format:` names it reads, how a file is recognised, its options.

    `read(source, format, options)` returns the format read (of `names`) and the samples;
    `format` is the one asked for, or None when recognised. `options` maps each option
    the reader takes to the traces it applies to, in the words of messages; `what` names
    the files in messages ("CSV", "JSON").
    """

    name: str
    names: tuple[str, ...]
    what: str
    recognise: Callable[[Source], bool]
    read: Callable[[Source, str | None, Options], tuple[str, Samples]]
    options: Mapping[str, str]


def _csv(source: Source, format: str | None, options: Options) -> tuple[str, Samples]:
    if source.first == "{":
        raise InputError(
            f"{source.path}: the file is JSON (it starts with '{{'), not CSV; omit format"
        )
    from aurora_cost.demand.traces import csv_reader  # on use: keeps CLI start-up lean

    column, timestamp = options.get("column"), options.get("timestamp_column")
    return "csv", csv_reader.read_csv(source, column=column, timestamp_column=timestamp)


def _cloudwatch(source: Source, format: str | None, options: Options) -> tuple[str, Samples]:
    from aurora_cost.demand.traces import cloudwatch

    return cloudwatch.read_json(
        source,
        format=format,
        statistic=options.get("statistic"),
        id=options.get("id"),
        label=options.get("label"),
    )


FORMATS: Registry[TraceFormat] = Registry("trace format", lambda row: row.name)

for _row in (
    TraceFormat(
        "csv",
        ("csv",),
        "CSV",
        recognise=lambda source: True,
        read=_csv,
        options={"column": "CSV", "timestamp_column": "CSV"},
    ),
    TraceFormat(
        "cloudwatch",
        ("cloudwatch-statistics", "cloudwatch-metric-data"),
        "JSON",
        recognise=lambda source: source.first == "{",
        read=_cloudwatch,
        options={
            "statistic": "get-metric-statistics JSON",
            "id": "get-metric-data JSON",
            "label": "get-metric-data JSON",
        },
    ),
):
    FORMATS.register(_row)


def names() -> tuple[str, ...]:
    """Every `format:` a trace may name."""
    return tuple(name for row in FORMATS.values() for name in row.names)


def reader(source: Source, format: str | None) -> TraceFormat:
    """The row that reads `format`, or the first that recognises the file."""
    if format is not None:
        return next(row for row in FORMATS.values() if format in row.names)
    return next(row for row in reversed(tuple(FORMATS.values())) if row.recognise(source))


def refuse_others(source: Source, row: TraceFormat, options: Options) -> None:
    """Options that only apply to another format are mistakes, not silently ignored."""
    applies = {key: where for other in FORMATS.values() for key, where in other.options.items()}
    for name, value in options.items():
        if value is not None and name not in row.options:
            raise InputError(
                f"{source.path}: {name} applies to {applies.get(name, 'other')} traces only, "
                f"and this file is {row.what}; drop {name} or give the right file"
            )
