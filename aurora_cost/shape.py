"""Structure checked before use: a document's shape, declared by the reader that reads it.

A reader navigates a parsed JSON or YAML document (`document["planned_values"]
["root_module"]["resources"][3]["values"]`); a hostile or damaged file can put `null`, a
string, a number or a list where the reader expects an object. Each reader declares the
shape of what it navigates (`Obj`, `List`, `STR`, `ANY`), and `check` walks the document
once before the reader runs: a mismatch is one InputError naming the file and the dotted
field, never an AttributeError deep inside the reader.

`null` counts as absent wherever a value may be missing (the readers treat both alike);
inside a list, an item must have the item's shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aurora_cost.errors import InputError
from aurora_cost.shown import printable


@dataclass(frozen=True)
class Obj:
    """An object: its known `fields` have their shapes; with `each`, so has every value."""

    fields: Mapping[str, Shape] = field(default_factory=dict)
    each: Shape | None = None


@dataclass(frozen=True)
class List:
    item: Shape


@dataclass(frozen=True)
class _Scalar:
    kinds: tuple[type, ...]
    name: str


@dataclass(frozen=True)
class Ref:
    """A shape defined later (a module holds modules): `Ref(lambda: MODULE)`."""

    target: Callable[[], Shape]


Shape = Obj | List | _Scalar | Ref | None  # None: anything
ANY: Shape = None
STR = _Scalar((str,), "text")
SCALAR = _Scalar((str, int, float, bool), "a text, number or true/false")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a text"
    return "something else"


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return printable(out or "(top level)")


def check(document: Any, shape: Shape, name: str, what: str) -> None:
    """InputError at the first value whose shape is not the declared one (`what`: the
    kind of file, for the message: "'terraform show -json' output")."""
    stack: list[tuple[Any, Shape, tuple[Any, ...], bool]] = [(document, shape, (), True)]
    while stack:
        value, expected, path, optional = stack.pop()
        while isinstance(expected, Ref):
            expected = expected.target()
        if expected is None or (value is None and optional):
            continue
        wanted = ""
        if isinstance(expected, Obj):
            if not isinstance(value, dict):
                wanted = "an object"
            else:
                for key, inner in expected.fields.items():
                    if key in value:
                        stack.append((value[key], inner, (*path, key), True))
                if expected.each is not None:
                    for key, item in value.items():
                        stack.append((item, expected.each, (*path, key), False))
        elif isinstance(expected, List):
            if not isinstance(value, list):
                wanted = "a list"
            else:
                for index, item in enumerate(value):
                    stack.append((item, expected.item, (*path, index), False))
        elif not isinstance(value, expected.kinds) or (
            bool not in expected.kinds and isinstance(value, bool)
        ):
            wanted = expected.name
        if wanted:
            raise InputError(
                f"{name}: {_dotted(path)}: expected {wanted}, found {_kind(value)}; this is "
                f"not what {what} writes (is the file damaged or edited by hand?)"
            )
