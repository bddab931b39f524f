"""Reading a CSV trace: a header row, a timestamp column and a demand column in ACUs.

One path for every file: it is read in blocks of about 128 K characters that end at a
line break (and outside quotes), never as a whole or a list of rows. Each block is cut
into its timestamp and demand strings, then checked and converted with C-level passes
(`timestamps` proves an evenly spaced block with one comparison). A block is cut with
`str.split` when that is safe (no quotes, no blank lines, one field per delimiter) and
with `csv.reader` otherwise; an error is always reported from the `csv.reader` reading
of its block, which names the line.

The first data row sets the timestamp style: epoch seconds or ISO 8601 (the grammar is
in `timestamps`). Rows whose demand cell is empty are skipped (a missing sample; the one
before holds) and counted in a note. A NUL byte is refused on every Python (3.10's
`csv` cannot read one).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from functools import partial
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import TextIO

from aurora_cost.demand.runs import run_starts
from aurora_cost.demand.traces.columns import find_columns
from aurora_cost.demand.traces.samples import (
    Samples,
    bad_utf8,
    check_value,
    percent_metric,
    refuse_percent,
)
from aurora_cost.demand.traces.source import GZIP_ERRORS, Source, gzip_error, inspect
from aurora_cost.demand.traces.timestamps import (
    TimestampError,
    epoch_times,
    is_epoch,
    iso_times,
    regular_epoch,
    regular_iso,
)
from aurora_cost.errors import InputError
from aurora_cost.files import file_error
from aurora_cost.shown import brief

__all__ = ["read_csv"]

# Blocks small enough that a block's row strings are still in the CPU cache when the next
# pass over them runs: measured on a year of one-minute rows, 128 K characters read the
# file in about half the time 4 M characters take.
BLOCK_CHARS = 128 * 1024
MAX_LINE_CHARS = 1024 * 1024  # a trace row is a few dozen characters

DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)  # 1,5 where the fields are split on ;
_Regular = tuple[int, int, bool]  # an evenly spaced block: (first, step) in microseconds, naive


def read_csv(source: Source | Path, *, column: str | None, timestamp_column: str | None) -> Samples:
    """The samples of a CSV trace (`source.inspect` says how the file is stored)."""
    source = source if isinstance(source, Source) else inspect(Path(source))
    path = source.path
    regular = source.opened is not None and source.opened.regular and not source.skipped_lines
    try:
        with source.open_text() as f:
            return _Reader(path, f, source.skipped_lines).read(column, timestamp_column)
    except UnicodeDecodeError:
        # where: the file is read again only when it is a plain regular file
        plain = source.plain and regular
        raise InputError(bad_utf8(path) if plain else source.decode_error()) from None
    except GZIP_ERRORS as exc:
        raise gzip_error(path, exc) from None
    except OSError as exc:
        raise file_error(path, exc, "trace file") from None


def line_breaks(text: str) -> int:
    """Lines ended in `text`, counted as the csv module counts them (\\n, \\r\\n or \\r)."""
    if "\r" not in text:
        return text.count("\n")
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class _Reader:
    def __init__(self, path: Path, f: TextIO, skipped_lines: int = 0) -> None:
        self.path = path
        self.first_line = skipped_lines + 1  # blank blocks before the text were skipped
        self.readline = partial(f.readline, MAX_LINE_CHARS)  # memory stays flat
        self.read_chars = f.read
        self.samples = Samples()
        self.skipped = 0  # rows without a demand value
        self.epoch: bool | None = None  # timestamp style, from the first data row
        self.naive: bool | None = None
        self.chars = 0  # read so far (a gzip file's size says little about its text)
        self.decimal_commas = 0  # distinct values written with a decimal comma

    def read(self, column: str | None, timestamp_column: str | None) -> Samples:
        line = self.first_line
        header = self.readline()
        while header in ("\n", "\r\n", "\r"):
            header = self.readline()
            line += 1
        self._check_text(header, line)
        self.columns = find_columns(
            self.path, header, column=column, timestamp_column=timestamp_column
        )
        metric = percent_metric(self.columns.value_name)
        if metric:
            raise refuse_percent(self.path, f"the demand column {self.columns.value_name!r}")
        line += 1
        while block := self._next_block(line):
            self._block(block, line)
            line += line_breaks(block)
        name = self.columns.value_name
        self.samples.naive = bool(self.naive)
        self.samples.series = name
        if self.skipped:
            self.samples.notes.append(
                f"{self.skipped} row{'s' if self.skipped > 1 else ''} with an empty "
                f"{name} value skipped: the sample before holds"
            )
        if self.decimal_commas:
            self.samples.notes.append(
                f"{name} values with a decimal comma (such as 1,5) read as 1.5"
            )
        return self.samples

    # -- blocks of whole lines -------------------------------------------------------

    def _next_block(self, line: int) -> str:
        """The next block of whole lines ('' at the end), checked for NUL and long lines."""
        block = self.read_chars(BLOCK_CHARS)
        if not block:
            return ""
        self.chars += len(block)  # (the input boundary bounds the bytes, decompressed too)
        if block[-1] != "\n":  # finish the last line: one append, no copy of the block
            block += self.readline() or "\n"  # (or end the file's last line)
        self._check_text(block, line)
        # A quoted field may hold line breaks: the block must not end inside one, and an
        # even count of quote characters ("" is an escaped quote) says it does not.
        grown = 0
        while '"' in block and block.count('"') % 2:
            more = self.readline()
            if not more:
                break
            grown += len(more)
            if grown > MAX_LINE_CHARS:
                raise InputError(
                    f"{self.path}: malformed CSV near line {line + line_breaks(block)}: a "
                    f"quoted field is never closed within {MAX_LINE_CHARS:,} characters"
                )
            self._check_text(more, line + line_breaks(block))
            block += more
        return block

    def _check_text(self, text: str, line: int) -> None:
        """Refuse a line too long to be a trace row, and NUL bytes, naming the line."""
        last = text.rfind("\n", 0, len(text) - 1)
        if len(text) - last - 1 >= MAX_LINE_CHARS:
            raise InputError(
                f"{self.path}: line {line + line_breaks(text[: last + 1])} or near it is over "
                f"{MAX_LINE_CHARS:,} characters long with no line break; this is not a CSV "
                "trace (one timestamp and value per line)"
            )
        nul = text.find("\0")
        if nul >= 0:
            raise InputError(
                f"{self.path}: line {line + line_breaks(text[:nul])} contains a NUL byte (\\0): "
                "this is not a text CSV file; export the trace again as UTF-8 text"
            )

    def _block(self, block: str, line: int) -> None:
        if block.isspace():  # blank lines only (a gzip bomb of them, say): no rows
            return
        if "\r" in block and '"' not in block:
            block = block.replace("\r\n", "\n")
        cut = self._split(block)
        if cut is not None:
            try:
                self._add(*cut, block=block, line=line)
                return
            except InputError:
                pass  # say which line from the csv.reader reading below
        ts, vals, positions = self._csv_cells(block, line)
        self._add(ts, vals, None, block=block, line=line, positions=positions)

    def _split(self, block: str) -> tuple[list[str], list[str], _Regular | None] | None:
        """The block's cells cut at C speed, or None when only csv.reader can cut it.

        If a short row and a long row cancel out in the delimiter count, the columns are
        misaligned: ISO timestamps then meet a number and fail, and the block is read
        again with csv.reader. Epoch timestamps are numbers like the demand, so an epoch
        block is only cut this way when its timestamps are an evenly spaced series
        (`regular_epoch`), which a misaligned column is not.
        """
        if '"' in block or "\r" in block or "\n\n" in block or block[0] == "\n":
            return None
        c = self.columns
        lines = block.count("\n")
        fields = block.replace("\n", c.delimiter).split(c.delimiter)
        if len(fields) != c.width * lines + 1:  # not one delimiter less than fields a line
            return None
        end = c.width * lines
        ts = fields[c.ts_index : end : c.width]
        vals = fields[c.value_index : end : c.width]
        regular = None
        if self.epoch if self.epoch is not None else is_epoch(ts[0]):
            regular = regular_epoch(ts)
            if regular is None:
                return None
        return ts, vals, regular

    def _csv_cells(self, block: str, line: int) -> tuple[list[str], list[str], list[int] | None]:
        """(timestamps, values, row positions or None if every row is there) via csv.reader."""
        c = self.columns
        reader = csv.reader(io.StringIO(block, newline=""), delimiter=c.delimiter, strict=True)
        try:
            rows = list(reader)
        except csv.Error as exc:
            where = line + reader.line_num - 1
            raise InputError(f"{self.path}: malformed CSV near line {where}: {exc}") from None
        positions = None
        if [] in rows:  # empty lines
            positions = [i for i, row in enumerate(rows) if row]
            rows = [rows[i] for i in positions]
        try:
            ts = list(map(itemgetter(c.ts_index), rows))
            vals = list(map(itemgetter(c.value_index), rows))
        except IndexError:
            width = max(c.ts_index, c.value_index) + 1
            i = next(i for i, row in enumerate(rows) if len(row) < width)
            raise self._error(
                block,
                line,
                positions[i] if positions else i,
                f"has {len(rows[i])} field{'s' if len(rows[i]) != 1 else ''}, but the header "
                f"has {c.width}; every row needs a timestamp and a {c.value_name} value",
                colon=False,
            ) from None
        if c.delimiter == "," and max(map(len, rows), default=0) > c.width:
            self._split_number(rows, block, line, positions)
        return ts, vals, positions

    def _split_number(
        self, rows: list[list[str]], block: str, line: int, positions: list[int] | None
    ) -> None:
        """Refuse a row whose demand a decimal comma cut in two (1,5 in a comma CSV)."""
        c = self.columns
        at = c.value_index
        for i, row in enumerate(rows):
            if len(row) > c.width and row[at].strip().isdigit() and row[at + 1].strip().isdigit():
                number = f"{row[at].strip()},{row[at + 1].strip()}"
                raise self._error(
                    block,
                    line,
                    positions[i] if positions else i,
                    f"has {len(row)} fields, but the header has {c.width}: {number} looks like "
                    "a number with a decimal comma; write decimal points "
                    f"({number.replace(',', '.')}), or separate the fields with ';'",
                    colon=False,
                )

    # -- values and times ------------------------------------------------------------

    def _add(
        self,
        ts: list[str],
        vals: list[str],
        regular: _Regular | None,
        *,
        block: str,
        line: int,
        positions: list[int] | None = None,
    ) -> None:
        """Check a block's cells and keep them as runs; nothing is kept if one is bad."""
        if not ts:  # only empty lines
            return
        name = self.columns.value_name

        def fail(i: int, what: str) -> InputError:
            return self._error(block, line, positions[i] if positions else i, what)

        starts = run_starts(vals)  # every distinct value is at one of these
        table: dict[str, float] = {}
        blank = False
        for text in dict.fromkeys(map(vals.__getitem__, starts)):  # in order: first bad row
            stripped = text.strip()
            if not stripped:
                blank = True
                continue
            try:
                value = float(stripped)
            except ValueError:
                value = self._decimal_comma(stripped, fail, vals.index(text))
            why = check_value(value)
            if why:
                raise fail(vals.index(text), f"{name} value {why}")
            table[text] = value
        epoch = self.epoch if self.epoch is not None else is_epoch(ts[0])
        skipped = 0
        if blank:
            keep = [v in table for v in vals]
            skipped = len(vals) - sum(keep)
            positions = list(compress(positions or range(len(vals)), keep))
            ts, vals = list(compress(ts, keep)), list(compress(vals, keep))
            starts = run_starts(vals)
            regular = None  # rows were dropped: look again
        if ts:
            if regular is None:
                regular = regular_epoch(ts) if epoch else regular_iso(ts)
            if regular is not None and self.naive not in (None, regular[2]):
                regular = None  # zones change here: iso_times names the row
            if regular is not None:
                first, step, naive = regular
                stretches = [(first, step, len(ts))]
            else:
                try:
                    if epoch:
                        found, naive = epoch_times(ts), False
                    else:
                        found, naive = iso_times(ts, self.naive)
                except TimestampError as exc:
                    raise fail(exc.index, self._why(ts[exc.index], exc)) from None
                stretches = found.items
            levels = list(map(table.__getitem__, map(vals.__getitem__, starts)))
            self.samples.add_stretches(stretches, starts, levels)
            self.naive = naive
        self.epoch = epoch
        self.skipped += skipped

    def _decimal_comma(self, text: str, fail: Callable[[int, str], InputError], i: int) -> float:
        """A value such as 1,5 in a file whose fields are not separated by commas."""
        what = f"{self.columns.value_name} value {brief(text)} is not a number"
        if not DECIMAL_COMMA.fullmatch(text):
            raise fail(i, what)
        if self.columns.delimiter == ",":
            raise fail(i, f"{what}: write a decimal point ({text.replace(',', '.')})")
        self.decimal_commas += 1
        return float(text.replace(",", "."))

    @staticmethod
    def _why(text: str, exc: TimestampError) -> str:
        if not text.strip():
            return "the timestamp is empty"
        if not exc.mixed:
            return f"timestamp {brief(text)} {exc.why}"
        naive = exc.naive
        which = "has no time zone" if naive else "has a time zone"
        other = "have one" if naive else "have none"
        return (
            f"timestamp {brief(text)} {which} but the earlier ones {other}; give every "
            "timestamp an offset such as Z or +02:00 (or none at all, read as UTC)"
        )

    # -- error locations -------------------------------------------------------------

    def _error(
        self, block: str, line: int, position: int, what: str, *, colon: bool = True
    ) -> InputError:
        """An error at row `position` of the block (empty lines not counted)."""
        reader = csv.reader(io.StringIO(block, newline=""), delimiter=self.columns.delimiter)
        seen = -1
        try:
            for fields in reader:
                if fields:
                    seen += 1
                    if seen == position:
                        break
        except csv.Error:  # a field past csv's own limit: the line read so far
            pass
        where = line + reader.line_num - 1
        return InputError(f"{self.path}: line {where}{':' if colon else ''} {what}")
