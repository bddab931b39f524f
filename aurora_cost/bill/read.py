"""Read billing exports with DuckDB (the `bill` extra) into aggregated Aurora usage rows.

DuckDB reads Parquet, CSV and gzip-compressed CSV straight from disk, streaming, so an
export larger than memory is aggregated within the memory limit set here; only the
aggregated rows (per resource and usage type, and per hour for Serverless v2 capacity)
come back to Python.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from aurora_cost.bill.columns import ExportFormat, detect, missing_columns
from aurora_cost.bill.query import RESULT_COLUMNS, build_query, literal
from aurora_cost.errors import InputError
from aurora_cost.files import file_error

INSTALL = "pip install 'aurora-cost[bill]'"
MEMORY_LIMIT = "400MB"  # DuckDB spills to disk beyond this
MAX_AGGREGATED_BYTES = 1024 * 1024 * 1024
SUFFIXES = (".parquet", ".csv", ".csv.gz")


@dataclass(frozen=True, slots=True)
class BilledRow:
    """A resource's usage of one usage type (one coverage, unit, ...) over the period:
    the query's rows of that key added up, the Serverless v2 ones kept span by span."""

    resource: str
    region: str
    usage_type: str
    operation: str
    unit: str
    coverage: str  # on-demand, savings-plan or reserved
    currency: str
    quantity: Decimal
    cost: Decimal
    first_start: datetime
    last_end: datetime
    line_items: int
    # Serverless v2 capacity: (start, end, ACU-hours) of each hour (or day) the export bills
    spans: tuple[tuple[datetime, datetime, float], ...] = ()


class _Rows:
    """The query's rows folded into one BilledRow per key, as they come."""

    def __init__(self) -> None:
        self.sums: dict[tuple[Any, ...], list[Any]] = {}

    def add(self, raw: tuple[Any, ...]) -> None:
        key = raw[:7]
        span_start, span_end, quantity, cost, first, last, count = raw[7:14]
        quantity = Decimal(quantity or 0)
        found = self.sums.get(key)
        if found is None:
            found = self.sums[key] = [Decimal(0), Decimal(0), first, last, 0, []]
        found[0] += quantity
        found[1] += Decimal(cost or 0)
        found[2] = min(found[2], first)
        found[3] = max(found[3], last)
        found[4] += int(count or 0)
        if span_start is not None:
            found[5].append((span_start, span_end or last, float(quantity)))

    def rows(self) -> list[BilledRow]:
        out = []
        for key, (quantity, cost, first, last, count, spans) in self.sums.items():
            resource, region, usage_type, operation, unit, coverage, currency = (
                str(v or "") for v in key
            )
            out.append(
                BilledRow(
                    resource=resource,
                    region=region,
                    usage_type=usage_type,
                    operation=operation,
                    unit=unit,
                    coverage=coverage or "on-demand",
                    currency=currency or "USD",
                    quantity=quantity,
                    cost=cost,
                    first_start=first,
                    last_end=last,
                    line_items=count,
                    spans=tuple(spans),
                )
            )
        return out


@dataclass
class Export:
    """What was read: the files, their format, and the aggregated rows."""

    paths: list[str]
    format: ExportFormat | None
    files: int
    rows: list[BilledRow]


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise InputError(
            f"reading billing exports needs DuckDB; install it with: {INSTALL}"
        ) from None
    return duckdb


def export_files(paths: list[Path]) -> list[Path]:
    """Every export file named, a directory standing for the files under it (partitions)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES)
            )
            if not inside:
                raise InputError(
                    f"{path}: no export files in this directory (looked for "
                    f"{', '.join('*' + s for s in SUFFIXES)}); give the folder AWS Data Exports "
                    "delivered, or the files"
                )
            found += inside
        elif path.is_file():
            if not path.name.lower().endswith(SUFFIXES):
                raise InputError(
                    f"{path}: not a Parquet, CSV or CSV.gz file; AWS Data Exports deliver "
                    "*.parquet or *.csv.gz"
                )
            found.append(path)
        else:
            try:
                path.stat()
            except OSError as exc:
                raise file_error(path, exc, "billing export") from None
            raise InputError(f"{path}: not a file or directory")
    return found


def _reader(path: Path) -> str:
    call = "read_parquet" if path.name.lower().endswith(".parquet") else "read_csv"
    options = "" if call == "read_parquet" else ", header = true, all_varchar = true"
    return f"{call}({literal(str(path))}{options})"


def _columns(con: Any, path: Path) -> list[tuple[str, str]]:
    duckdb = _duckdb()
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {_reader(path)}").fetchall()
    except duckdb.Error as exc:
        kind = "Parquet" if path.name.lower().endswith(".parquet") else "CSV"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: not a readable {kind} file ({first})") from None
    return [(str(row[0]), str(row[1])) for row in described]


def _format_of(files: list[Path], con: Any) -> tuple[ExportFormat, list[str], frozenset[str]]:
    """The one format of every file, the columns they have in common, and those of them
    every file stores as numbers or timestamps (lower case)."""
    chosen: ExportFormat | None = None
    common: list[str] | None = None
    typed: set[str] | None = None
    for path in files:
        described = _columns(con, path)
        names = [name for name, _ in described]
        here = {name.lower() for name, kind in described if kind not in ("VARCHAR", "NULL")}
        typed = here if typed is None else typed & here
        fmt = detect(names)
        if fmt is None:
            shown = ", ".join(names[:6]) or "none"
            raise InputError(
                f"{path}: not a CUR 2.0 or FOCUS export: no line_item_usage_type (CUR 2.0) or "
                f"x_UsageType (FOCUS with AWS columns) column (columns: {shown})"
            )
        missing = missing_columns(fmt, names)
        if missing:
            raise InputError(
                f"{path}: {fmt.title} export without the column {missing[0]}; "
                f"reconcile needs {', '.join(fmt.column(f) for f in fmt.required)}"
            )
        if chosen is not None and fmt is not chosen:
            raise InputError(
                f"{path}: a {fmt.title} export among {chosen.title} files; give one export at a time"
            )
        chosen = fmt
        lower = {n.lower() for n in names}
        common = names if common is None else [n for n in common if n.lower() in lower]
    assert chosen is not None and common is not None and typed is not None
    return chosen, common, frozenset(typed)


def _source(files: list[Path]) -> str:
    parquet = [p for p in files if p.name.lower().endswith(".parquet")]
    text = [p for p in files if p not in parquet]
    parts = []
    for group, call, options in (
        (parquet, "read_parquet", ""),
        (text, "read_csv", ", header = true, all_varchar = true"),
    ):
        if group:
            listed = ", ".join(literal(str(p)) for p in group)
            parts.append(
                f"SELECT * FROM {call}([{listed}], union_by_name = true, filename = true{options})"
            )
    return "(" + " UNION ALL BY NAME ".join(parts) + ") AS export"


def connect() -> Any:
    duckdb = _duckdb()
    con = duckdb.connect(
        config={"memory_limit": MEMORY_LIMIT, "threads": 2, "autoinstall_known_extensions": False}
    )
    # a TIMESTAMPTZ column read as UTC wall time; without ICU there are no time zones
    with contextlib.suppress(duckdb.Error):
        con.execute("SET TimeZone = 'UTC'")
    return con


def print_query(paths: list[Path], table: str = "cur2") -> str:
    """The aggregation for Athena/Trino over a table of the export (columns from the files)."""
    files = export_files(paths)
    con = connect()
    fmt, names, _ = _format_of(files, con)
    return build_query(fmt, names, table, '"$path"') + ";\n"


def read_export(paths: list[Path]) -> Export:
    """Aggregate the export's Aurora usage; bad files are an InputError naming file and column."""
    files = export_files(paths)
    _duckdb()  # the install hint before any work
    con = connect()
    fmt, names, typed = _format_of(files, con)
    sql = build_query(fmt, names, _source(files), "filename", typed)
    folded = _Rows()
    for raw in _fetched(con, sql, paths):
        if raw[-1]:
            where, _, column = str(raw[-1]).partition(" | ")
            raise InputError(
                f"{where}: column {column}: a value that is not a number or a timestamp; "
                "is this file an unmodified AWS Data Exports file?"
            )
        folded.add(raw)
    rows = folded.rows()
    if not rows:
        total = con.execute(f"SELECT COUNT(*) FROM {_source(files)}").fetchone()
        if not total or not total[0]:
            raise InputError(f"{', '.join(map(str, paths))}: the export has no rows")
        raise InputError(
            f"{', '.join(map(str, paths))}: no Aurora usage in the export ({total[0]:,} rows; "
            "none is AmazonRDS usage of an Aurora usage type)"
        )
    return Export([str(p) for p in paths], fmt, len(files), rows)


def _fetched(con: Any, sql: str, paths: list[Path]) -> Iterator[tuple[Any, ...]]:
    """The query's rows, fetched in batches (the rows of an hourly export are folded as they
    come, never all held at once)."""
    duckdb = _duckdb()
    try:
        cursor = con.execute(sql)
        while batch := cursor.fetchmany(50_000):
            yield from batch
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputError(
            f"{', '.join(map(str, paths))}: the export could not be read ({first})"
        ) from None


def read_aggregated(path: Path) -> Export:
    """The query's result saved as CSV (from Athena, say): the same rows, no DuckDB needed."""
    try:
        size = path.stat().st_size
        if size > MAX_AGGREGATED_BYTES:
            raise InputError(f"{path}: {size:,} bytes is too large for an aggregated bill")
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise file_error(path, exc, "aggregated bill") from None
    folded = _Rows()
    with handle:
        reader = csv.DictReader(handle)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        lost = [c for c in RESULT_COLUMNS if c not in header and c != "problem"]
        if lost:
            raise InputError(
                f"{path}: not the result of 'aurora-cost reconcile --print-query': no column "
                f"{lost[0]} (expected {', '.join(RESULT_COLUMNS)})"
            )
        for number, raw in enumerate(_lower(reader), start=2):
            if raw.get("problem"):
                raise InputError(
                    f"{path}: line {number}: the query found a bad value: {raw['problem']}"
                )
            record = _parsed(path, number, raw)
            folded.add(tuple(record.get(c) for c in RESULT_COLUMNS))
    rows = folded.rows()
    if not rows:
        raise InputError(f"{path}: no rows; the export had no Aurora usage")
    return Export([str(path)], None, 1, rows)


def _lower(reader: csv.DictReader[str]) -> Iterator[dict[str, str]]:
    for raw in reader:
        yield {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k}


def _parsed(path: Path, number: int, raw: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = dict(raw)
    for name in ("quantity", "cost"):
        try:
            record[name] = Decimal(raw[name] or "0")
        except InvalidOperation:
            raise InputError(
                f"{path}: line {number}: {name} {raw[name]!r} is not a number"
            ) from None
    for name in ("span_start", "span_end", "first_start", "last_end"):
        text = raw[name]
        if not text and name.startswith("span"):
            record[name] = None
            continue
        try:
            record[name] = datetime.fromisoformat(text.replace(" UTC", "").replace("Z", ""))
        except ValueError:
            raise InputError(f"{path}: line {number}: {name} {text!r} is not a timestamp") from None
        if record[name].tzinfo is not None:
            record[name] = record[name].astimezone(timezone.utc).replace(tzinfo=None)
    try:
        record["line_items"] = int(raw["line_items"] or 0)
    except ValueError:
        raise InputError(f"{path}: line {number}: line_items is not a count") from None
    return record
