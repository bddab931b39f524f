"""Usage-file keys with `*` matched against cluster addresses in linear time.

`module.tenant["*"].aws_rds_cluster.this`: a `*` stands for one or more characters of a
name or key (never `.`, `[`, `]` or `"`), and `[*]` for any one index or key. A regular
expression with a group per `*` backtracks without end on a key like `*a*a*a*a*a*` (a
288-byte usage file hung); this matcher runs the pattern as a set of states instead, so
a match costs at most (address length x key length) steps, whatever the key.
"""

from __future__ import annotations

_STOP = frozenset('.[]"')
_LITERAL, _ONE, _MORE = 0, 1, 2  # a character; one name character; zero or more of them


class AddressPattern:
    """One key of a usage file, compiled once."""

    def __init__(self, key: str) -> None:
        self.key = key
        items: list[tuple[int, str]] = []
        rest = key
        while rest:
            if rest.startswith("[*]"):
                items += [(_LITERAL, "["), (_ONE, "]"), (_MORE, "]"), (_LITERAL, "]")]
                rest = rest[3:]
            elif rest[0] == "*":
                if not (items and items[-1][0] == _MORE and items[-1][1] == "."):
                    items += [(_ONE, "."), (_MORE, ".")]  # a run of * is one *
                rest = rest[1:]
            else:
                items.append((_LITERAL, rest[0]))
                rest = rest[1:]
        self.items = items

    def _allowed(self, kind_of_stop: str, char: str) -> bool:
        # a name `*` stops at . [ ] "; an index `[*]` stops only at its closing ]
        return char not in _STOP if kind_of_stop == "." else char != "]"

    def _closure(self, states: set[int]) -> set[int]:
        out = set(states)
        for i in sorted(states):
            j = i
            while j < len(self.items) and self.items[j][0] == _MORE:
                j += 1
                out.add(j)
        return out

    def match(self, address: str) -> bool:
        """Whether the whole `address` matches."""
        items = self.items
        states = self._closure({0})
        for char in address:
            following: set[int] = set()
            for i in states:
                if i >= len(items):
                    continue
                kind, value = items[i]
                if kind == _LITERAL:
                    if value == char:
                        following.add(i + 1)
                elif self._allowed(value, char):
                    following.add(i if kind == _MORE else i + 1)
            if not following:
                return False
            states = self._closure(following)
        return len(items) in states
