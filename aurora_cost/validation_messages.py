"""Pydantic validation errors in our own words: every problem of a file, one line each.

Each line is `<file>: <dotted.field>: <what is wrong; how to fix it>`. A misspelled key
is one problem ("unknown key; did you mean 'min_acu'?"), not also a missing one, and
no line carries Pydantic's own wording ("Input should be ...", "Value error, ...").
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from aurora_cost.errors import did_you_mean

MAX_PROBLEMS = 10  # listed in one error; the rest are counted

# An example of a key, for "is required; add it, e.g. ...".
_EXAMPLES = {
    "version": "version: 1",
    "schema_version": "schema_version: 1",
    "usage": "usage: {constant: 1}",
    "kind": "kind: serverless-v2",
    "min_acu": "min_acu: 0.5",
    "max_acu": "max_acu: 8",
    "instance_class": "instance_class: db.r6g.large",
    "days": "days: [mon, tue, wed, thu, fri]",
    "start": 'start: "09:00"',
    "end": 'end: "17:00"',
    "acu": "acu: 2",
    "path": "path: capacity.csv",
    "region": "region: eu-west-1",
    "published": "published: 2025-06-17",
    "url": "url: https://...",
    "rates": "rates: {serverless_v2_acu_hour: 0.14}",
}
# What an empty list should hold instead.
_NOT_EMPTY = {
    "options": "give at least one option, or remove the key to price the four default options",
    "days": "list at least one day, e.g. days: [mon, tue]",
}
# What a value of each family of error types must be.
_EXPECTED = {
    "float": "a number",
    "int": "a whole number",
    "decimal": "a decimal number",
    "string": "text",
    "bool": "true or false",
    "date": "a date like 2025-06-17",
    "datetime": "a date and time like 2025-06-17T09:00:00Z",
    "list": "a list, e.g. [a, b]",
    "dict": "a mapping of keys (key: value)",
    "model": "a mapping of keys (key: value)",
    "model_attributes": "a mapping of keys (key: value)",
}
_NUMERIC = ("float", "int", "decimal")


@dataclass
class Where:
    """Where a problem is: the user's dotted path, and what the models allow there."""

    dotted: str
    allowed: set[str] = field(default_factory=set)
    types: list[Any] = field(default_factory=list)
    field: FieldInfo | None = None
    key: str = ""


def _unwrap(tp: Any) -> list[Any]:
    """The model/container types a union or Annotated type may hold."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        found: list[Any] = []
        for arg in typing.get_args(tp):
            found.extend(_unwrap(arg))
        return found
    return [tp]


def _models(types_: Iterable[Any]) -> list[type[BaseModel]]:
    return [tp for tp in types_ if isinstance(tp, type) and issubclass(tp, BaseModel)]


def _tag_of(model: type[BaseModel]) -> str | None:
    kind = model.model_fields.get("kind")
    if kind is None:
        return None
    args = typing.get_args(kind.annotation)
    return str(args[0]) if len(args) == 1 else None


def locate(model: type[BaseModel], loc: Sequence[int | str]) -> Where:
    """The dotted field path of `loc`, and the keys, types and field found where it ends."""
    where = Where("", set(model.model_fields), [model])
    parts: list[str] = []
    for item in loc:
        current = where.types
        if isinstance(item, int):
            parts.append(f"[{item}]")
            items = [
                inner
                for tp in current
                if typing.get_origin(tp) in (list, tuple)
                for inner in _unwrap(typing.get_args(tp)[0])
            ]
            where.types = items or current
            where.field = None
            continue
        models = _models(current)
        owner = next((m for m in models if item in m.model_fields), None)
        tagged = next((m for m in models if _tag_of(m) == item), None)
        if owner is None and tagged is not None:
            where.types = [tagged]  # a discriminated-union tag: not part of the user's path
            where.allowed = set(tagged.model_fields)
            continue
        parts.append(f".{item}" if parts else str(item))
        where.key = str(item)
        if owner is not None:
            where.allowed = set(owner.model_fields)
            where.field = owner.model_fields[item]
            where.types = _unwrap(where.field.annotation)
        else:
            dicts = [tp for tp in current if typing.get_origin(tp) is dict]
            where.types = _unwrap(typing.get_args(dicts[0])[1]) if dicts else []
            where.field = None
        nested = _models(where.types)
        if nested:
            where.allowed = set().union(*(m.model_fields for m in nested))
    where.dotted = "".join(parts)
    return where


def show(value: Any) -> str:
    """A value as the user wrote it, briefly."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    return repr(value)


def _quote(choice: Any) -> str:
    return repr(choice) if isinstance(choice, str) else str(choice)


def choices_text(choices: Sequence[Any]) -> str:
    """'a', 'b' or 'c'."""
    shown = [_quote(c) for c in choices]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def not_one_of(value: Any, choices: Sequence[Any]) -> str:
    """`'x' is not allowed; ...` with the nearest choice (or the case to use) and the choices."""
    expected = choices_text(choices)
    if isinstance(value, str):
        same = [c for c in choices if isinstance(c, str) and c.lower() == value.lower()]
        if same:
            return f"{value!r} is not allowed; write it as {same[0]!r}"
        hint = did_you_mean(value, [str(c) for c in choices])
        if hint:
            return f"{show(value)} is not allowed{hint} (expected {expected})"
    return f"{show(value)} is not allowed; expected {expected}"


def _literals(types_: Iterable[Any]) -> list[Any]:
    return [
        arg
        for tp in types_
        if typing.get_origin(tp) is typing.Literal
        for arg in typing.get_args(tp)
    ]


def _quoted_in(text: Any) -> list[str]:
    return re.findall(r"'([^']*)'", str(text or ""))


def type_family(kind: str) -> str | None:
    for suffix in ("_type", "_parsing"):
        if kind.endswith(suffix):
            return kind.removesuffix(suffix)
    return None


def expected_value(family: str, key: str) -> str:
    """What a value of the key must be, with its unit where the key says it."""
    if family in _NUMERIC:
        whole = "a whole number" if family == "int" else _EXPECTED[family]
        if key.endswith("_gb"):
            return f"{whole} of GB"
        if key.endswith("_per_month"):
            return f"{whole} per month"
        if key in ("constant", "acu", "default_acu", "min_acu", "max_acu", "idle_below"):
            return f"{whole} of ACUs"
        if key.startswith("seconds"):
            return f"{whole} of seconds"
        if key in ("readers", "instances"):
            return f"{whole} of {key}"
    if family == "list" and key in ("days", "options"):
        return f"a list of {key}, e.g. {_EXAMPLES[key]}" if key in _EXAMPLES else f"a list of {key}"
    expected = _EXPECTED.get(family, "another kind of value")
    if family in ("dict", "model") and key in _EXAMPLES:
        return f"{expected}, e.g. {_EXAMPLES[key]}"
    return expected


def _removable(where: Where) -> bool:
    return where.field is not None and not where.field.is_required()


def describe(error: Any, where: Where) -> str:
    """One Pydantic error as `what is wrong; how to fix it`, in our words."""
    kind = str(error["type"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    key = where.key
    shown = show(value)
    if kind == "missing":
        example = _EXAMPLES.get(key)
        return f"is required; add it, e.g. {example}" if example else "is required; add it"
    if kind == "extra_forbidden":
        hint = did_you_mean(key, where.allowed)
        return f"unknown key{hint or '; allowed: ' + ', '.join(sorted(where.allowed))}"
    if kind == "union_tag_invalid":
        tags = [_tag_of(m) for m in _models(where.types)]
        known = [t for t in tags if t] or _quoted_in(ctx.get("expected_tags"))
        tag = value.get("kind", ctx.get("tag")) if isinstance(value, dict) else ctx.get("tag")
        if tag is None:
            return f"kind: has no value; give {choices_text(known)}"
        return f"kind: {not_one_of(tag, known)}"
    if kind == "union_tag_not_found":
        tags = [t for t in (_tag_of(m) for m in _models(where.types)) if t]
        return f"kind is required; add a kind: {choices_text(tags) if tags else '...'}"
    if kind == "literal_error":
        choices = _literals(where.types) or _quoted_in(ctx.get("expected"))
        if value is None:
            return f"has no value; give {choices_text(choices)}"
        return not_one_of(value, choices)
    if kind in ("value_error", "assertion_error"):
        message = str(error["msg"])
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "finite_number":
        return f"{shown} is not allowed; give a finite number"
    limits = {
        "greater_than": "must be greater than",
        "greater_than_equal": "must be at least",
        "less_than": "must be less than",
        "less_than_equal": "must be at most",
    }
    if kind in limits:
        limit = next(iter(ctx.values()), "")
        return f"{shown} {limits[kind]} {show(limit)}"
    return _describe_shape(kind, value, ctx, where)


def _describe_shape(kind: str, value: Any, ctx: dict[str, Any], where: Where) -> str:
    """Errors of a value's type, length or form."""
    key = where.key
    shown = show(value)
    if kind == "too_short":
        fix = _NOT_EMPTY.get(key, f"give at least {ctx.get('min_length', 1)}")
        return f"the list is empty; {fix}" if not value else f"has too few items; {fix}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} are allowed"
    if kind == "string_too_short":
        return "is empty; write a value" + (" or remove the key" if _removable(where) else "")
    if kind == "string_too_long":
        return f"is too long; at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return f"{shown} is not written the way this key needs; check it for typos"
    if kind == "int_from_float":
        return f"{shown} is not a whole number; give {expected_value('int', key)}"
    if kind == "int_parsing_size":
        return f"{shown} is too large; give a smaller whole number"
    if kind == "date_from_datetime_inexact":
        return f"{shown} has a time of day; give {_EXPECTED['date']}"
    if kind == "recursion_loop":
        return "refers to itself through a YAML alias; write the value out"
    family = type_family(kind)
    if family is not None and family.startswith("date_from_datetime"):
        family = "date"
    if family is not None:
        expected = expected_value(family, key)
        if value is None:
            remove = " or remove the key" if _removable(where) else ""
            return f"has no value; give {expected}{remove}"
        return f"{shown} is the wrong type; give {expected}"
    return f"{shown} is not a valid value here; check it for typos"


def _position(document: Any, loc: Sequence[int | str]) -> tuple[int, ...]:
    """Where `loc` is in the document, so problems come in the order of the file."""
    where: list[int] = []
    node = document
    for item in loc:
        if isinstance(item, int):
            where.append(item)
            node = node[item] if isinstance(node, list) and 0 <= item < len(node) else None
        elif isinstance(node, dict) and item in node:
            where.append(list(node).index(item))
            node = node[item]
        elif isinstance(node, dict) and node.get("kind") == item:
            continue  # the union tag Pydantic puts in the path
        else:
            where.append(len(node) if isinstance(node, dict) else 0)  # a missing key: last
            node = None
    return tuple(where)


def problems(exc: ValidationError, model: type[BaseModel], document: Any = None) -> list[str]:
    """Every problem as `<dotted.field>: <what is wrong; how to fix it>`, in file order."""
    errors = list(exc.errors())
    if document is not None:
        errors.sort(key=lambda e: _position(document, tuple(e["loc"])))
    missing = {
        tuple(e["loc"][:-1]): {str(e["loc"][-1]) for e in errors if e["type"] == "missing"}
        for e in errors
        if e["type"] == "missing" and e["loc"]
    }
    folded: set[tuple[Any, ...]] = set()
    lines: list[tuple[tuple[Any, ...], str]] = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc:
            parent, key = loc[:-1], str(loc[-1])
            where = locate(model, parent)
            where.dotted = f"{where.dotted}.{key}" if where.dotted else key
            where.key = key
            meant = did_you_mean(key, missing.get(parent, set()))
            if meant:  # the key it was meant to be: one problem, not two
                name = meant.split("'")[1]
                folded.add((*parent, name))
                lines.append((loc, f"{where.dotted}: unknown key{meant} ({name} is required)"))
                continue
        else:
            where = locate(model, loc)
        text = describe(error, where)
        lines.append((loc, f"{where.dotted}: {text}" if where.dotted else text))
    return [text for loc, text in lines if loc not in folded]


def listed(path: Path | str, found: Sequence[str]) -> str:
    """The problems of one file as one message: the first line, then one per problem."""
    shown = [f"{path}: {text}" for text in found[:MAX_PROBLEMS]]
    rest = len(found) - MAX_PROBLEMS
    if rest > 0:
        shown.append(f"(and {rest} more problem{'s' if rest > 1 else ''})")
    return "\n  ".join(shown)


def format_validation_error(
    path: Path | str, exc: ValidationError, model: type[BaseModel], document: Any = None
) -> str:
    """Every problem of a file (up to ten), each `<file>: <dotted.field>: <what; fix>`.

    Give the validated `document` to list the problems in the order of the file.
    """
    return listed(path, problems(exc, model, document))
