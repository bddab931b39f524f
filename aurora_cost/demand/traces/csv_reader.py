"""Reading a CSV usage trace: a header row, a timestamp column and a demand column in ACUs.

The file is read in blocks of 128 K characters and never as a list of rows. Each block
is split into its timestamp and demand strings, then converted with C-level passes
(`map`, `set`, `array`, and `timestamps` for evenly spaced ISO timestamps); a block that looks unusual (quotes, blank lines, stray carriage returns,
a row of the wrong width) goes through `csv.reader`, and a block with a bad value goes
through a row-by-row pass that finds the first bad row and names its line.

Timestamp style is set by the first data row: epoch seconds (int or float) or ISO 8601.
ISO timestamps with an offset or `Z` may mix offsets; naive ones (no offset) are read as
UTC only when every timestamp is naive. Rows whose demand cell is empty are skipped (a
missing sample; the previous one holds) and counted in a note.
"""

from __future__ import annotations

import csv
import io
from array import array
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import partial
from itertools import chain, compress, islice, repeat
from operator import itemgetter, mul, sub
from pathlib import Path
from typing import TextIO

from aurora_cost.demand.runs import run_starts
from aurora_cost.demand.traces.columns import find_columns
from aurora_cost.demand.traces.samples import (
    MAX_CSV_BYTES,
    MAX_EPOCH_SECONDS,
    SECOND_US,
    Samples,
    bad_utf8,
    check_value,
    datetime_us,
    epoch_us,
    expand_runs,
    file_size,
    is_number,
)
from aurora_cost.demand.traces.timestamps import iso_steps, regular_epoch, regular_iso
from aurora_cost.errors import InputError

_Regular = tuple[int, int, bool]  # an evenly spaced chunk: (first, step) in microseconds, naive

# Blocks small enough that a block's row strings are still in the CPU cache when the next
# pass over them runs: measured on a year of one-minute rows, 128 K characters read the
# file in about half the time 4 M characters take.
BLOCK_CHARS = 128 * 1024
MAX_LINE_CHARS = 1024 * 1024  # a trace row is a few dozen characters
ROWS_PER_CHUNK = 65_536  # rows per chunk on the csv.reader path


def read_csv(path: Path, *, column: str | None, timestamp_column: str | None) -> Samples:
    file_size(path, MAX_CSV_BYTES, "CSV trace")
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return _Reader(path, f, column, timestamp_column).read()
    except UnicodeDecodeError:
        raise InputError(bad_utf8(path)) from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the trace file readable") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the trace: {exc.strerror}") from None


class _Reader:
    def __init__(
        self, path: Path, f: TextIO, column: str | None, timestamp_column: str | None
    ) -> None:
        self.path = path
        self.f = f
        self.column = column
        self.timestamp_column = timestamp_column
        self.delimiter = ","
        self.rows = 0  # data rows seen (csv rows that are not empty lines)
        self.skipped = 0  # rows without a demand value
        self.epoch: bool | None = None  # timestamp style, from the first data row
        self.naive: bool | None = None
        self.first_us = 0
        self.last_us = 0
        self.steps: array[int] = array("q")
        self.values: array[float] = array("d")
        # While every block is evenly spaced and continues the one before, samples are kept
        # run-length encoded (values[i] for run_counts[i] samples, step_us apart).
        self.run_counts: array[int] | None = array("q")
        self.step_us = 0

    # -- structure -------------------------------------------------------------------

    def read(self) -> Samples:
        readline = partial(self.f.readline, MAX_LINE_CHARS)  # memory stays flat
        header_line = readline()
        while header_line in ("\n", "\r\n", "\r"):
            header_line = readline()
        if len(header_line) >= MAX_LINE_CHARS:
            raise self._too_long(1)
        found = find_columns(
            self.path, header_line, column=self.column, timestamp_column=self.timestamp_column
        )
        self.delimiter, self.header_width = found.delimiter, found.width
        self.ts_index, self.value_index = found.ts_index, found.value_index
        self.value_name = found.value_name
        fast = self.header_width == 2
        while True:
            block = self.f.read(BLOCK_CHARS)
            if not block:
                break
            if block[-1] != "\n":  # finish the last line: one append, no copy of the block
                block += readline() or "\n"  # (or end the file's last line)
            if len(block) - block.rfind("\n", 0, len(block) - 1) - 1 > MAX_LINE_CHARS:
                raise self._too_long(self.rows + 2)
            if '"' in block:  # quoted fields may span lines: csv.reader for the rest
                lines: Iterable[str] = chain(io.StringIO(block), iter(readline, ""))
                self._csv_rows(csv.reader(lines, delimiter=self.delimiter, strict=True))
                break
            if "\r" in block:
                block = block.replace("\r\n", "\n")
            columns = self._split(block) if fast and "\r" not in block else None
            if columns is None:
                self._csv_rows(csv.reader(io.StringIO(block), delimiter=self.delimiter))
            else:
                self._add(*columns)
        samples = Samples(
            first_us=self.first_us,
            steps=self.steps,
            values=self.values,
            naive=bool(self.naive),
            series=self.value_name,
            run_counts=self.run_counts,
            step_us=self.step_us,
        )
        if self.skipped:
            samples.notes.append(
                f"{self.skipped} row{'s' if self.skipped > 1 else ''} with an empty "
                f"{self.value_name} value skipped: the sample before holds"
            )
        return samples

    def _split(self, block: str) -> tuple[list[str], list[str], _Regular | None] | None:
        """A block of two-column lines split at C speed, or None if it is not that simple.

        If a short row and a long row cancelled out in the delimiter count, the columns
        would be misaligned: ISO timestamps then land in the demand column and fail to
        parse, and the block is read again with csv.reader. Epoch timestamps are numbers
        like the demand, so an epoch block is only taken when its timestamps are an evenly
        spaced series (`regular_epoch`), which a misaligned column is not.
        """
        if self.epoch is None:  # the style of the first row decides
            first = block[: block.find("\n")].split(self.delimiter)
            if len(first) == 2:
                self.epoch = is_number(first[self.ts_index].strip())
        if self.epoch is None or "\n\n" in block or block[0] == "\n":
            return None
        lines = block.count("\n")
        fields = block.replace("\n", self.delimiter).split(self.delimiter)
        if len(fields) != 2 * lines + 1:  # not one delimiter a line
            return None
        ts, vals = fields[0 : 2 * lines : 2], fields[1 : 2 * lines : 2]
        if self.ts_index == 1:
            ts, vals = vals, ts
        regular = None
        if self.epoch:
            regular = regular_epoch(ts)
            if regular is None:
                return None
        return ts, vals, regular

    def _csv_rows(self, reader: Iterator[list[str]]) -> None:
        """Rows from csv.reader, in chunks; empty lines are skipped."""
        get_ts, get_value = itemgetter(self.ts_index), itemgetter(self.value_index)
        try:
            while True:
                chunk = [row for row in islice(reader, ROWS_PER_CHUNK) if row]
                if not chunk:
                    return
                try:
                    ts, vals = list(map(get_ts, chunk)), list(map(get_value, chunk))
                except IndexError:
                    width = max(self.ts_index, self.value_index) + 1
                    i = next(i for i, row in enumerate(chunk) if len(row) < width)
                    raise InputError(
                        f"{self.path}: line {self._line(self.rows + i)} has {len(chunk[i])} "
                        f"field{'s' if len(chunk[i]) != 1 else ''}, but the header has "
                        f"{self.header_width}; every row needs a timestamp and a "
                        f"{self.value_name} value"
                    ) from None
                self._add(ts, vals)
        except csv.Error as exc:
            line = getattr(reader, "line_num", 0)
            raise InputError(f"{self.path}: malformed CSV near line {line}: {exc}") from None

    # -- values and times ------------------------------------------------------------

    def _add(self, ts: list[str], vals: list[str], regular: _Regular | None = None) -> None:
        """Check and keep a chunk of rows; `regular` if the caller found them evenly spaced."""
        base = self.rows
        self.rows += len(ts)
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
                raise self._error(
                    base + vals.index(text), f"{self.value_name} value {text!r} is not a number"
                ) from None
            why = check_value(value)
            if why:
                raise self._error(base + vals.index(text), f"{self.value_name} value {why}")
            table[text] = value
        index: list[int] | None = None
        if blank:
            keep = [v in table for v in vals]
            index = list(compress(range(len(vals)), keep))
            self.skipped += len(vals) - len(index)
            ts = list(compress(ts, keep))
            vals = list(compress(vals, keep))
            if not ts:
                return
            starts = run_starts(vals)
            regular = None  # rows were dropped: look again
        if self.epoch is None:
            self.epoch = is_number(ts[0].strip())
        if regular is None:
            regular = regular_epoch(ts) if self.epoch else regular_iso(ts)
        if regular is not None and self._add_runs(regular, vals, starts, table):
            return
        self._one_by_one()
        times = self._fast_times(ts, regular) or self._slow_times(ts, base, index)
        first, steps = times
        if len(self.values):
            self.steps.append(first - self.last_us)
        else:
            self.first_us = first
        self.steps.extend(steps)
        self.last_us = first + sum(steps)
        self.values.extend(map(table.__getitem__, vals))

    def _add_runs(
        self,
        regular: _Regular,
        vals: list[str],
        starts: list[int],
        table: dict[str, float],
    ) -> bool:
        """Add an evenly spaced chunk in run-length form, if it continues the ones before."""
        first, step, naive = regular
        if self.run_counts is None or self.naive not in (None, naive):
            return False
        if len(self.run_counts):
            if step != self.step_us or first - self.last_us != step:
                return False
        else:
            self.first_us, self.step_us, self.naive = first, step, naive
        n = len(vals)
        ends = starts[1:]
        ends.append(n)
        self.values.extend(map(table.__getitem__, map(vals.__getitem__, starts)))
        self.run_counts.extend(map(sub, ends, starts))
        self.last_us = first + step * (n - 1)
        return True

    def _one_by_one(self) -> None:
        """Leave the run-length form: from now on every sample has its own step."""
        if self.run_counts is not None:
            self.steps, self.values = expand_runs(self.values, self.run_counts, self.step_us)
            self.run_counts, self.step_us = None, 0

    def _fast_times(self, ts: list[str], regular: _Regular | None) -> tuple[int, array[int]] | None:
        """(first time, steps) for a chunk of well-formed timestamps, or None."""
        if regular is not None:
            first, step, naive = regular
            found = first, array("q", (step,)) * (len(ts) - 1), naive
        elif self.epoch:
            return _epoch_times(ts)
        else:
            stretches = iso_steps(ts)
            if stretches is None:
                return None
            found = stretches
        first, steps, naive = found
        if self.naive is None:
            self.naive = naive
        return (first, steps) if naive == self.naive else None

    def _slow_times(
        self, ts: list[str], base: int, index: list[int] | None
    ) -> tuple[int, array[int]]:
        """Row by row, to name the first bad timestamp."""
        times: list[int] = []
        for i, text in enumerate(ts):
            row = base + (index[i] if index is not None else i)
            stripped = text.strip()
            if not stripped:
                raise self._error(row, "the timestamp is empty")
            try:
                if self.epoch:
                    if not is_number(stripped):
                        raise ValueError(
                            "is not epoch seconds like the first row; use one timestamp "
                            "style for the whole file"
                        )
                    times.append(epoch_us(float(stripped)))
                    continue
                if stripped[-1] in "Zz":
                    stripped = stripped[:-1] + "+00:00"
                try:
                    dt = datetime.fromisoformat(stripped)
                except ValueError:
                    raise ValueError(
                        "is not a timestamp; use ISO 8601 such as 2024-05-01T09:30:00Z or "
                        "2024-05-01 09:30:00+02:00, or epoch seconds in every row"
                    ) from None
            except ValueError as exc:
                raise self._error(row, f"timestamp {text!r} {exc}") from None
            naive = dt.tzinfo is None
            if self.naive is None:
                self.naive = naive
            elif naive != self.naive:
                which = "has no time zone" if naive else "has a time zone"
                other = "have one" if naive else "have none"
                raise self._error(
                    row,
                    f"timestamp {text!r} {which} but the earlier ones {other}; give every "
                    "timestamp an offset such as Z or +02:00 (or none at all, read as UTC)",
                )
            times.append(datetime_us(dt))
        return times[0], array("q", map(sub, times[1:], times[:-1]))

    # -- error locations -------------------------------------------------------------

    def _too_long(self, line: int) -> InputError:
        return InputError(
            f"{self.path}: line {line} or near it is over {MAX_LINE_CHARS:,} characters long "
            "with no line break; this is not a CSV trace (one timestamp and value per line)"
        )

    def _error(self, row: int, what: str) -> InputError:
        return InputError(f"{self.path}: line {self._line(row)}: {what}")

    def _line(self, row: int) -> int:
        """The line number of data row `row` (0-based, empty lines not counted)."""
        with self.path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=self.delimiter)
            seen = -1  # the header row
            for fields in reader:
                if fields:
                    if seen == row:
                        return reader.line_num
                    seen += 1
        return 0  # pragma: no cover - the row came from this file


def _epoch_times(ts: list[str]) -> tuple[int, array[int]] | None:
    """(first time, steps) for a chunk of epoch seconds (int or float), or None."""
    try:
        try:
            seconds: array[int] | array[float] = array("q", map(int, ts))
        except ValueError:
            seconds = array("d", map(float, ts))
        if not (min(seconds) >= 0 and max(seconds) < MAX_EPOCH_SECONDS):
            return None  # also catches NaN: comparisons with it are false
        if seconds.typecode == "q":
            us = array("q", map(mul, seconds, repeat(SECOND_US)))
        else:
            us = array("q", map(round, map(mul, seconds, repeat(float(SECOND_US)))))
    except (ValueError, OverflowError):
        return None
    return us[0], array("q", map(sub, us[1:], us[:-1]))
