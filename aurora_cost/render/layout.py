"""Width arithmetic shared by the text renderers: what fits in a terminal, and wrapping.

The rule every renderer keeps: a number, an amount or a region code is never cut. Cells that
must stay whole get a column at least as wide as their longest line; text may wrap, but only
at spaces, so no word (and so no number) is ever split. When the columns cannot be that wide,
the renderer switches to a stacked layout built from `wrap` and `pack`.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console


def console(buffer: io.StringIO, width: int, color: bool) -> Console:
    """A Console writing to `buffer`: fixed width, colour only if asked, user text never markup."""
    return Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,  # user text (option names, notes, file names) is never Rich markup
    )


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


@dataclass(frozen=True)
class Column:
    """How wide a table column would like to be (`natural`) and may be at the least."""

    natural: int
    minimum: int
    content: int = 0  # the widest cell below the header (listings: rows before headers)


def table_width(widths: Sequence[int]) -> int:
    """Width of a Rich table with edges, a rule between columns and one space of padding."""
    return sum(widths) + 3 * len(widths) + 1


def fit_columns(
    columns: Sequence[Column], width: int, *, whole_first: bool = False
) -> list[int] | None:
    """Column widths that fit in `width`, or None when even the minimums do not fit.

    Natural widths when they fit; otherwise every column starts at its minimum and the spare
    room goes, one character at a time, to the column that is shortest of its natural width.
    With `whole_first`, the columns that need the least room to be whole get it first, so
    that as few columns as possible wrap (a listing's headers stay whole where they can).
    """
    natural = [max(c.natural, c.minimum, 1) for c in columns]
    if table_width(natural) <= width:
        return natural
    widths = [max(c.minimum, 1) for c in columns]
    spare = width - table_width(widths)
    if spare < 0:
        return None
    if whole_first:  # rows on one line first, then whole headers; the cheapest first
        for goal in (
            [min(max(c.content, w), n) for c, w, n in zip(columns, widths, natural)],
            natural,
        ):
            for index in sorted(range(len(widths)), key=lambda i: goal[i] - widths[i]):
                need = goal[index] - widths[index]
                if 0 < need <= spare:
                    widths[index] += need
                    spare -= need
    while spare > 0:
        shortfall, index = max((n - w, i) for i, (n, w) in enumerate(zip(natural, widths)))
        if shortfall <= 0:
            break
        widths[index] += 1
        spare -= 1
    return widths


def wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    """`text` wrapped at spaces into lines of at most `width` characters.

    Lines start with `indent` (the first with `first`, if given). Words are never split at
    hyphens, so `2025-03-31` and `0.5-8` stay whole; only a word longer than a whole line (a
    long identifier or user-given name) is broken, after its underscores where it has them.
    """
    lead = indent if first is None else first
    lines = textwrap.wrap(
        text,
        width=max(width, len(lead) + 1, len(indent) + 1),
        initial_indent=lead,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )
    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
            continue
        word = line.split()[-1]  # too long: a word alone after its line's prefix
        prefix = line[: len(line) - len(word)]
        room = max(1, width - max(len(prefix), len(indent)))
        pieces = [
            chunk[i : i + room]
            for chunk in break_identifier(word, room).splitlines()
            for i in range(0, len(chunk), room)
        ]
        out += [prefix + pieces[0], *(indent + piece for piece in pieces[1:])]
    return out or [lead.rstrip()]


def pack(items: Sequence[str], width: int, indent: str = "", sep: str = "  ") -> list[str]:
    """Items joined by `sep` into lines of at most `width`, an item never split across lines.

    An item longer than a whole line gets lines of its own, wrapped at its spaces.
    """
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = f"{line}{sep}{item}" if line else f"{indent}{item}"
        if len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = f"{indent}{item}"
        if len(line) > width:
            lines += wrap(item, width, indent)
            line = ""
    if line:
        lines.append(line)
    return lines


def break_identifier(name: str, width: int) -> str:
    """A snake_case header broken after its underscores into lines of at most `width`."""
    parts = [p + "_" for p in name.split("_")]
    parts[-1] = parts[-1][:-1]
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(part) <= width:
            lines[-1] += part
        else:
            lines.append(part)
    return "\n".join(lines)


def two_line_minimum(name: str) -> int:
    """The narrowest column that holds `name` in at most two lines broken after an
    underscore (the whole name when it has none)."""
    parts = [p + "_" for p in name.split("_")]
    parts[-1] = parts[-1][:-1]
    return min(
        max(len("".join(parts[:cut])), len("".join(parts[cut:])))
        for cut in range(1, len(parts) + 1)
    )


def identifier_minimum(name: str) -> int:
    """The narrowest column `break_identifier` can fit `name` into."""
    parts = name.split("_")
    return max(len(p) + (1 if i < len(parts) - 1 else 0) for i, p in enumerate(parts))
