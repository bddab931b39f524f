"""Text helpers every renderer shares: a markdown table cell (the one escaper).

Text from a report (option names, addresses, reasons that quote them) is escaped for
markdown by `md_cell` (`shown.markdown_text`), so that a pull-request comment shows it as
written: no formatting, links, table cells or HTML. What a renderer writes as markdown
itself (`**bold**`, a code span) is a `Markdown` string, left as it is.
"""

from __future__ import annotations

from typing import Any

from aurora_cost.shown import markdown_code, markdown_text


class Markdown(str):
    """Markdown the renderer wrote itself (with any report text in it already escaped)."""


def plain(value: Any) -> str:
    """A value as a person reads it in a listing: `-` for nothing, yes/no for a flag."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def md_cell(value: Any) -> str:
    """A cell of a GitHub markdown table: text escaped, a multi-line text kept in its row."""
    if isinstance(value, Markdown):
        return str(value)
    text = plain(value)
    if "\n" in text:
        return " <br> ".join(markdown_text(line.strip()) for line in text.splitlines())
    return markdown_text(text)


def md_code(text: str) -> Markdown:
    """`text` as a code span in a table cell (escaped text when it holds a backtick)."""
    return Markdown(markdown_code(text))


def md_bold(text: str) -> Markdown:
    return Markdown(f"**{md_cell(text)}**")


def md_row(cells: list[Any]) -> str:
    return "| " + " | ".join(md_cell(cell) for cell in cells) + " |"
