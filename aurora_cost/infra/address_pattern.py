"""Usage-file keys with `*` matched against cluster addresses in linear time.

`module.tenant["*"].aws_rds_cluster.this`: a `*` stands for one or more characters of a
name or key (never `.`, `[`, `]` or `"`), and `[*]` for any one index or key. A regular
expression with a plain group per `*` backtracks without end on a key like `*a*a*a*a*a*`
(a 288-byte usage file hung). The expression built here cannot backtrack more than one
`*` deep:

- a `*` can never cross a stop character (`.` `[` `]` `"`), so a `*` whose text is followed
  by a stop character ends at the first one: it has one place to end;
- a `*` followed, in the same name, by text and another `*` takes the *first* place that
  text appears (held there with an atomic group: a later place could only leave less for
  the next `*`, which can take the difference, so the first place loses no match);
- only the last `*` of a name backtracks, over that name alone.

So a match costs at most (address length x key length) steps, and runs in `re`'s C code
(about a microsecond for a real address, against a hundred for a set of states).
"""

from __future__ import annotations

import re
from functools import cached_property

STOP = '.[]"'
_NAME = '[^.\\[\\]"]+'  # what one `*` stands for
_INDEX = r"\[[^\]]+\]"  # what `[*]` stands for


def _pieces(key: str) -> list[str]:
    """The key as `*`, `[*]` and runs of literal text (a run of `*` is one `*`)."""
    out: list[str] = []
    for part in re.split(r"(\[\*\]|\*+)", key):
        if part:
            out.append("*" if part.startswith("*") else part)
    return out


def compile_key(key: str) -> re.Pattern[str]:
    """The key as an expression that matches a whole address (see the module's docstring)."""
    pieces = _pieces(key)
    out, groups = [], 0
    for i, piece in enumerate(pieces):
        if piece == "[*]":
            out.append(_INDEX)
        elif piece != "*":
            if i == 0 or pieces[i - 1] != "*":
                out.append(re.escape(piece))
            continue  # else it was written with its `*`
        else:
            text = (
                pieces[i + 1] if i + 1 < len(pieces) and pieces[i + 1] not in ("*", "[*]") else ""
            )
            another = i + 2 < len(pieces) and pieces[i + 2] == "*"
            if text and another and not any(c in STOP for c in text):
                # the first place `text` follows: (?=(...))\N is an atomic group in any Python
                groups += 1
                out.append(f"(?=({_NAME}?{re.escape(text)}))\\{groups}")
            else:
                out.append(_NAME + re.escape(text))
    return re.compile("".join(out) + r"\Z")


class AddressPattern:
    """One key of a usage file, compiled once."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.wild = "*" in key

    @cached_property
    def _compiled(self) -> re.Pattern[str]:  # when first used: a refused file compiles none
        return compile_key(self.key)

    def match(self, address: str) -> bool:
        """Whether the whole `address` matches."""
        if not self.wild:
            return address == self.key
        return self._compiled.match(address) is not None
