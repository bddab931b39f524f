"""Trace timestamps at C speed, for the CSV reader's common cases.

Most traces are one sample every N seconds written by one program, so every timestamp
has the same shape: a date, `T` or a space, HH:MM:SS, and the same fraction and offset.
`regular_iso` writes out the timestamps such a series would have, from its first and
last ones, and compares them with the file's as one text. An equal text proves every
timestamp without a datetime per row (a year of one-minute rows costs a few hundredths
of a second instead of a few tenths). `regular_epoch` does the same for whole epoch
seconds. Anything else (gaps, jitter, a change of offset) gets None, and the caller
parses row by row (`datetime.fromisoformat` is C code, and faster than any table of
parts measured here), which also names a bad row.
"""

from __future__ import annotations

import re
from array import array
from datetime import date, datetime, timedelta
from functools import lru_cache

from aurora_cost.demand.traces.samples import MAX_EPOCH_SECONDS, SECOND_US, datetime_us

DAY_SECONDS = 86_400
# The shape written out: 2024-05-01T09:30:00, then an optional fraction and offset.
_SHAPE = re.compile(
    r"(\d{4}-\d{2}-\d{2})([T ])(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?", re.ASCII
)


def regular_iso(ts: list[str]) -> tuple[int, int, bool] | None:
    """(first time in microseconds since 1970 UTC, step in microseconds, naive) or None.

    Not None only when every string in `ts` is exactly the timestamp `first + i * step`
    written in the shape of the first one, with a step of whole seconds that divides a day
    (1 s, 10 s, 1 min, 5 min, 1 h ...), so each day repeats the same times of day.
    """
    n = len(ts)
    if n < 3:
        return None
    head, tail = _parse(ts[0]), _parse(ts[-1])
    if head is None or tail is None:
        return None
    match, first_us, naive = head
    span = tail[1] - first_us
    if span <= 0 or span % (n - 1):
        return None
    step_us = span // (n - 1)
    step = step_us // SECOND_US
    if step_us % SECOND_US or DAY_SECONDS % step:
        return None
    day, sep, hh, mm, ss, fraction, offset = match.groups()
    suffix = (fraction or "") + (offset or "")
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
    current = date.fromisoformat(day)
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
    expected = "".join(pieces)
    if expected != "\n".join(ts) + "\n":
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


def _parse(text: str) -> tuple[re.Match[str], int, bool] | None:
    match = _SHAPE.fullmatch(text)
    if match is None:
        return None
    if text[-1] == "Z":
        text = text[:-1] + "+00:00"  # Python 3.10's fromisoformat does not know Z
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    return match, datetime_us(dt), dt.tzinfo is None


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


def iso_steps(ts: list[str]) -> tuple[int, array[int], bool] | None:
    """(first time, steps between times, naive) of ISO timestamps, or None.

    For a chunk that is evenly spaced only in stretches (a trace with missing samples):
    halves that `regular_iso` takes cost one comparison, and the rest is halved again,
    down to a few dozen rows, which are parsed one by one. None when a timestamp is not
    ISO 8601 or offsets and none are mixed: the caller's row-by-row pass says which row.
    """
    n = len(ts)
    smallest = max(32, n // 64)  # bounds the halvings when nothing is evenly spaced
    pieces: list[tuple[int, int, int]] = []  # (first time, step, timestamps)
    zones: set[bool] = set()

    def walk(lo: int, hi: int) -> bool:
        if hi - lo >= 3:
            regular = regular_iso(ts[lo:hi])
            if regular is not None:
                pieces.append((regular[0], regular[1], hi - lo))
                zones.add(regular[2])
                return True
        if hi - lo > smallest:
            mid = (lo + hi) // 2
            return walk(lo, mid) and walk(mid, hi)
        for text in ts[lo:hi]:
            if text[-1:] == "Z":
                text = text[:-1] + "+00:00"  # Python 3.10's fromisoformat does not know Z
            try:
                dt = datetime.fromisoformat(text)
            except ValueError:
                return False
            pieces.append((datetime_us(dt), 0, 1))
            zones.add(dt.tzinfo is None)
        return True

    if not walk(0, n) or len(zones) != 1:
        return None
    steps: array[int] = array("q")
    end: int | None = None  # the time of the previous piece's last timestamp
    for first, step, count in pieces:
        if end is not None:
            steps.append(first - end)
        steps.extend(array("q", (step,)) * (count - 1))
        end = first + step * (count - 1)
    return pieces[0][0], steps, zones.pop()
