"""Trace timestamps: one grammar, parsed here and nowhere else, the same on every Python.

`datetime.fromisoformat` is not used: what it accepts changed in Python 3.11 (`Z`, any
fraction length, `+0200`, week dates, the basic format), so a trace read on 3.11 could be
refused on 3.10. Forms accepted (surrounding spaces are ignored):

ISO 8601, extended format::

    timestamp = date [ ("T" | "t" | " ") time [ zone ] ]
    date      = YYYY "-" MM "-" DD      a calendar day of the years 0001-9999
    time      = hh [ ":" mm [ ":" ss [ ("." | ",") digit+ ] ] ]    00-23, 00-59, 00-59
    zone      = "Z" | "z" | ("+" | "-") hh [ [":"] mm ]             at most 23:59

A fraction keeps its first six digits (microseconds; more are cut, not rounded). A
timestamp without a zone is naive and read as UTC; the readers refuse a file that mixes
naive and zoned timestamps. Not accepted: the basic format (20240501T093000), week and
ordinal dates (2024-W18-3, 2024-122), 24:00, leap seconds (:60), fractions of an hour or
minute, offsets with seconds, other separators, non-ASCII digits.

Epoch seconds (CSV cells; JSON numbers are taken as they are)::

    epoch = [ "+" | "-" ] ( digit+ [ "." digit* ] | "." digit+ ) [ ("e" | "E") [ "+" | "-" ] digit+ ]

with ASCII digits, from 0 up to (not including) 1e11 (larger values are milliseconds).

Most traces are one sample every N seconds written by one program, so every timestamp has
the same shape. `regular_iso` writes out the timestamps such a series would have, from its
first and last ones, and compares them with the file's as one text: an equal text proves
every timestamp without parsing each (a year of one-minute rows costs a few hundredths of
a second). `regular_epoch` does the same for whole epoch seconds. `iso_times` and
`epoch_times` take any chunk, name the first bad timestamp, and use the same comparison
for the evenly spaced stretches of a chunk with gaps.
"""

from __future__ import annotations

import math
import re
from array import array
from datetime import date, timedelta
from functools import lru_cache
from itertools import repeat
from operator import mul

DAY_SECONDS = 86_400
SECOND_US = 1_000_000
MAX_EPOCH_SECONDS = 1e11  # year 5138: anything larger is milliseconds, not seconds
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?",
    re.ASCII,
)
_EPOCH = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
# What `regular_iso` writes out: date, separator, hh:mm:ss, then the rest copied as it is.
_SHAPE = re.compile(r"(\d{4}-\d{2}-\d{2})([Tt ])(\d{2}):(\d{2}):(\d{2})(.*)", re.ASCII | re.DOTALL)
_EPOCH_CHARS = re.compile(r"[0-9.eE+\- \t]*", re.ASCII)  # what `int`/`float` read as the grammar

NOT_ISO = (
    "is not a timestamp; use ISO 8601 such as 2024-05-01T09:30:00Z or "
    "2024-05-01 09:30:00+02:00, or epoch seconds in every row"
)
NOT_EPOCH = "is not epoch seconds like the first row; use one timestamp style for the whole file"


class TimestampError(ValueError):
    """The first bad timestamp of a chunk: its index, and why (or that it mixes zones)."""

    def __init__(self, index: int, why: str, *, mixed: bool = False, naive: bool = False) -> None:
        super().__init__(why)
        self.index = index
        self.why = why
        self.mixed = mixed  # it is naive among zoned ones, or the reverse: the reader words it
        self.naive = naive  # (when mixed) whether this one is the naive one


# ---- one timestamp -------------------------------------------------------------------


def parse_iso(text: str) -> tuple[int, bool]:
    """(microseconds since 1970 UTC, naive) of one ISO timestamp; ValueError says why not."""
    match = _ISO.fullmatch(text.strip())
    if match is None:
        raise ValueError(NOT_ISO)
    year, month, day, hh, mm, ss, fraction, z, sign, off_h, off_m = match.groups()
    try:
        days = date(int(year), int(month), int(day)).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        raise ValueError(f"has no such day ({year}-{month}-{day}); {NOT_ISO[3:]}") from None
    hour, minute, second = int(hh or 0), int(mm or 0), int(ss or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("has a time of day out of range (00:00:00 to 23:59:59)")
    offset = 0
    if sign is not None:
        if int(off_h) > 23 or int(off_m or 0) > 59:
            raise ValueError("has an offset out of range (at most 23:59)")
        offset = (int(off_h) * 3600 + int(off_m or 0) * 60) * (1 if sign == "+" else -1)
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    seconds = days * DAY_SECONDS + hour * 3600 + minute * 60 + second - offset
    return seconds * SECOND_US + micro, z is None and sign is None


def is_epoch(text: str) -> bool:
    """Whether the text is epoch seconds in the grammar (the first row sets the style)."""
    return _EPOCH.fullmatch(text.strip()) is not None


def epoch_us(seconds: float) -> int:
    """Epoch seconds to microseconds; ValueError says why they cannot be a sample time."""
    if not math.isfinite(seconds):
        raise ValueError("is not a finite number of epoch seconds")
    if seconds < 0:
        raise ValueError("is before 1970; epoch timestamps count seconds since 1970-01-01 UTC")
    if seconds >= MAX_EPOCH_SECONDS:
        raise ValueError("is too large for epoch seconds; if it is in milliseconds, divide by 1000")
    return round(seconds * SECOND_US)


def parse_epoch(text: str) -> int:
    stripped = text.strip()
    if _EPOCH.fullmatch(stripped) is None:
        raise ValueError(NOT_EPOCH)
    return epoch_us(float(stripped))


# ---- chunks of timestamps ------------------------------------------------------------


class Stretches:
    """Sample times as evenly spaced stretches `(first, step, count)`, in order, neighbours
    that continue each other joined (a lone sample has step 0)."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, int]] = []

    def add(self, first: int, step: int, count: int) -> None:
        if self.items:
            f, s, c = self.items[-1]
            if c == 1 and first > f and (count == 1 or step == first - f):
                self.items[-1] = (f, first - f, 1 + count)  # a lone sample starts a stretch
                return
            if c > 1 and first - (f + s * (c - 1)) == s and (count == 1 or step == s):
                self.items[-1] = (f, s, c + count)
                return
        self.items.append((first, step if count > 1 else 0, count))

    def times(self) -> array[int]:
        """Every sample's time."""
        out: array[int] = array("q")
        for first, step, count in self.items:
            out.extend(range(first, first + count * (step or 1), step or 1))
        return out


def epoch_times(ts: list[str]) -> Stretches:
    """Sample times of a chunk of epoch seconds; TimestampError names the first bad one."""
    found = Stretches()
    if _EPOCH_CHARS.fullmatch("".join(ts)):  # then int() and float() read just the grammar
        try:
            try:
                seconds: array[int] | array[float] = array("q", map(int, ts))
            except ValueError:
                seconds = array("d", map(float, ts))
            if len(seconds) and min(seconds) >= 0 and max(seconds) < MAX_EPOCH_SECONDS:
                if seconds.typecode == "q":
                    us = array("q", map(mul, seconds, repeat(SECOND_US)))
                else:
                    us = array("q", map(round, map(mul, seconds, repeat(float(SECOND_US)))))
                for t in us:
                    found.add(t, 0, 1)
                return found
        except (ValueError, OverflowError):
            pass  # one by one below, to say which
    for i, text in enumerate(ts):
        try:
            found.add(parse_epoch(text), 0, 1)
        except ValueError as exc:
            raise TimestampError(i, str(exc)) from None
    return found


def iso_times(ts: list[str], naive: bool | None) -> tuple[Stretches, bool]:
    """(sample times, naive) of a chunk of ISO timestamps; TimestampError names the first bad.

    `naive` is what earlier chunks had (None: nothing yet). Halves that `regular_iso` takes
    cost one comparison, the rest is halved again down to a few dozen rows, parsed one by
    one; the walk goes left to right, so the first failure is the first bad timestamp.
    """
    n = len(ts)
    smallest = max(32, n // 64)  # bounds the halvings when nothing is evenly spaced
    found = Stretches()
    zone = [naive]

    def check(index: int, is_naive: bool) -> None:
        if zone[0] is None:
            zone[0] = is_naive
        elif zone[0] != is_naive:
            raise TimestampError(index, "", mixed=True, naive=is_naive)

    def walk(lo: int, hi: int) -> None:
        if hi - lo >= 3:
            regular = regular_iso(ts[lo:hi])
            if regular is not None:
                first, step, is_naive = regular
                check(lo, is_naive)
                found.add(first, step, hi - lo)
                return
        if hi - lo > smallest:
            mid = (lo + hi) // 2
            walk(lo, mid)
            walk(mid, hi)
            return
        for i in range(lo, hi):
            try:
                us, is_naive = parse_iso(ts[i])
            except ValueError as exc:
                raise TimestampError(i, str(exc)) from None
            check(i, is_naive)
            found.add(us, 0, 1)

    walk(0, n)
    return found, bool(zone[0])


def regular_iso(ts: list[str]) -> tuple[int, int, bool] | None:
    """(first time in microseconds since 1970 UTC, step in microseconds, naive) or None.

    Not None only when every string in `ts` is exactly the timestamp `first + i * step`
    written in the shape of the first one (hh:mm:ss, then the same fraction and zone),
    with a step of whole seconds that divides a day (1 s, 10 s, 1 min, 5 min, 1 h ...),
    so each day repeats the same times of day.
    """
    n = len(ts)
    if n < 3:
        return None
    match = _SHAPE.fullmatch(ts[0])
    if match is None:
        return None
    try:
        first_us, naive = parse_iso(ts[0])
        last_us, _ = parse_iso(ts[-1])
    except ValueError:
        return None
    span = last_us - first_us
    if span <= 0 or span % (n - 1):
        return None
    step_us = span // (n - 1)
    step = step_us // SECOND_US
    if step_us % SECOND_US or DAY_SECONDS % step:
        return None
    day, sep, hh, mm, ss, suffix = match.groups()
    per_day = DAY_SECONDS // step
    slot, phase = divmod(int(hh) * 3600 + int(mm) * 60 + int(ss), step)  # of the first sample

    # The expected text has exactly n line breaks, one after each timestamp, so it equals
    # the joined timestamps exactly when every timestamp is the expected one. A day's text
    # is its date joined between the times of day: C-level copying, no object per row.
    # A day's clock is made once per file and sliced, unless it is far longer than the
    # block (one-second samples have 86,400 slots a day).
    use_whole_day = per_day <= 4 * 1440 or n * 16 >= per_day
    whole_day = _whole_day(sep, suffix, step, phase) if use_whole_day else []
    pieces: list[str] = []
    current = date(int(day[:4]), int(day[5:7]), int(day[8:]))
    left = n
    try:
        while left:
            take = min(left, per_day - slot)
            if whole_day:
                times = whole_day if take == per_day else whole_day[slot : slot + take]
            else:  # a block far shorter than a day: only the times it needs
                times = _clock(sep, suffix, step, phase, range(slot, slot + take))
            prefix = current.isoformat()
            pieces.append(prefix + prefix.join(times))
            left -= take
            slot = 0
            current += timedelta(days=1)
    except OverflowError:  # past the year 9999
        return None
    if "".join(pieces) != "\n".join(ts) + "\n":
        return None
    return first_us, step_us, naive


def _clock(sep: str, suffix: str, step: int, phase: int, slots: range) -> list[str]:
    """The time-of-day part of the timestamps in these slots of a day, with a line break."""
    times = [phase + k * step for k in slots]
    return [f"{sep}{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}{suffix}\n" for t in times]


@lru_cache(maxsize=4)
def _whole_day(sep: str, suffix: str, step: int, phase: int) -> list[str]:
    """Every slot of a day: the same for each block of a file, so made once (do not modify)."""
    return _clock(sep, suffix, step, phase, range(DAY_SECONDS // step))


def regular_epoch(ts: list[str]) -> tuple[int, int, bool] | None:
    """Like `regular_iso`, for whole epoch seconds written plainly (1714555800)."""
    n = len(ts)
    if n < 3 or not all(t.isascii() and t.isdigit() for t in (ts[0], ts[-1])):
        return None
    first, last = int(ts[0]), int(ts[-1])
    span = last - first
    if span <= 0 or span % (n - 1) or last >= MAX_EPOCH_SECONDS:
        return None
    step = span // (n - 1)
    if "\n".join(map(str, range(first, last + 1, step))) != "\n".join(ts):
        return None
    return first * SECOND_US, step * SECOND_US, False
