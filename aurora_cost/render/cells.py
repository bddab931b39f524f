"""Text helpers every renderer shares: a markdown table cell (the one escaper)."""

from __future__ import annotations

from typing import Any


def plain(value: Any) -> str:
    """A value as a person reads it in a listing: `-` for nothing, yes/no for a flag."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def md_cell(value: Any) -> str:
    """A cell of a GitHub markdown table: `|` escaped, a multi-line text kept in its row."""
    text = plain(value).replace("|", "\\|")
    return " <br> ".join(line.strip() for line in text.splitlines()) if "\n" in text else text


def md_row(cells: list[Any]) -> str:
    return "| " + " | ".join(md_cell(cell) for cell in cells) + " |"
