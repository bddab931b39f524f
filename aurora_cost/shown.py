"""Text from input files, made safe to show: on a terminal, in a message, in markdown.

Input files come from pull requests, so their text (cluster names, addresses, option
names, usage keys, paths) may hold terminal escape sequences, bidirectional overrides or
markdown and HTML. Whatever is shown goes through one of these functions:

- `printable`: control and invisible formatting characters written as `\\u001b`, `\\u202e`
  (escapes that are valid in JSON strings too, so that JSON output stays valid);
- `brief`: a value quoted for a message, escaped and bounded (a nested or aliased value
  never expands past a few dozen characters);
- `markdown_text` and `markdown_code`: text for a markdown document, which can neither
  format, inject HTML, mention people (`@org/team`) nor link issues (`#123`).
"""

from __future__ import annotations

import re
import reprlib
from typing import Any

# C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text
# (bidirectional overrides and isolates, zero-width characters, line and paragraph
# separators, the byte-order mark, interlinear annotations).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb]"
)
# What Rich writes to colour a table: Select Graphic Rendition only, nothing else.
_SGR = re.compile("\x1b\\[[0-9;]*m")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    return f"\\u{ord(char):04x}"  # also a valid escape inside a JSON string


def printable(text: str) -> str:
    """`text` with every control or invisible formatting character escaped."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def printable_lines(text: str, *, colour: bool = False) -> str:
    """Output text: its own line breaks kept, any other control character escaped (and,
    with `colour`, Rich's colour sequences kept)."""
    if not _UNSAFE.search(text.replace("\n", "")):
        return text
    lines = text.split("\n")
    if not colour:
        return "\n".join(printable(line) for line in lines)
    out = []
    for line in lines:
        pieces, last = [], 0
        for match in _SGR.finditer(line):
            pieces += [printable(line[last : match.start()]), match.group()]
            last = match.end()
        pieces.append(printable(line[last:]))
        out.append("".join(pieces))
    return "\n".join(out)


def printable_message(text: str) -> str:
    """A message for stderr: one line, or a first line with `\\n  `-indented continuation
    lines (how a file's several problems are listed); any other line break in it came
    from a file, and is escaped so that no file can forge a line of output."""
    parts = text.split("\n  ")
    return "\n  ".join(printable(part) for part in parts)


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxdict = 4
_REPR.maxlist = 4
_REPR.maxtuple = 4
_REPR.maxset = 4
_REPR.maxstring = 60
_REPR.maxlong = 40
_REPR.maxother = 60


def brief(value: Any) -> str:
    """`value` quoted for a message: its repr, bounded in depth and length, escaped."""
    return printable(_REPR.repr(value))


# The markdown punctuation that formats, links or splits a table cell inside a line (HTML's
# characters are written as entities): escaped, so that text shows as written.
# An underscore between two letters or digits (aws_rds_cluster) cannot emphasise: kept.
_MARKDOWN = re.compile(r"([\\`*\[\]|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


# GitHub turns `@name` and `@org/team` into a mention (a notification to those people)
# and `#123` into a link to an issue: a zero-width space after the `@` or `#` (written as
# an entity, so no invisible character is in the output) shows the same text, inert.
_MENTION = re.compile(r"@(?=[0-9A-Za-z_-])|#(?=[0-9])")


def markdown_text(text: str) -> str:
    """Text for a markdown document (a table cell included): shown as written, and
    notifying nobody."""
    text = printable(text.replace("\r\n", " ").replace("\n", " "))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub(r"\g<0>&#8203;", _MARKDOWN.sub(r"\\\1", text))


def markdown_code(text: str) -> str:
    """Text shown as code (`` `name` ``) in a markdown table cell."""
    text = printable(text.replace("\n", " "))
    if "`" in text or "&" in text or "<" in text:
        return markdown_text(text)  # no fence to hide behind: escape it as text
    return "`" + text.replace("|", "\\|") + "`"
