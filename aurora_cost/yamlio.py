"""Reading user-written YAML safely, and turning validation errors into one clear line."""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from aurora_cost.errors import AuroraCostError, InputError, did_you_mean
from aurora_cost.files import read_text

MAX_YAML_BYTES = 5 * 1024 * 1024  # a workload or price file is a few KB
MAX_EXPANDED_NODES = 100_000  # guards against alias ("billion laughs") bombs

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What PyYAML's constructors raise, besides YAMLError, for a value they cannot build:
# 2025-13-45 (ValueError), `!!int abc` (ValueError), an empty `!!int` (IndexError).
_CONSTRUCT_ERRORS = (ValueError, ArithmeticError, TypeError, LookupError, AttributeError)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # breaks recursive structures
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[key] = total
    return total


def parse_yaml(text: str, path: Path, error: type[AuroraCostError] = InputError) -> Any:
    """YAML text to Python data, with errors that point at the line and column."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, {})
        if size > MAX_EXPANDED_NODES:
            raise error(
                f"{path}: the YAML expands to over {MAX_EXPANDED_NODES:,} values through "
                "anchors and aliases; write the values out instead of nesting aliases"
            )
        try:
            return loader.construct_document(node)
        except _CONSTRUCT_ERRORS as exc:
            raise error(_bad_value(loader, node, path, exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = exc.problem or exc.context or "malformed YAML"
        lines = text.splitlines()
        line = lines[mark.line] if mark and mark.line < len(lines) else ""
        if "\t" in line[: (mark.column + 1) if mark else 0] or "'\\t'" in problem:
            problem = "a tab character; YAML indentation must use spaces, not tabs"
        else:
            problem += "; check the indentation, colons and quotes there"
        raise error(f"{path}: malformed YAML at {where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: malformed YAML: {exc}") from None
    except RecursionError:
        raise error(f"{path}: the YAML nests too deeply") from None
    finally:
        loader.dispose()


def _bad_value(loader: Any, root: yaml.Node, path: Path, exc: Exception) -> str:
    """Which scalar a constructor refused (a date like 2025-13-45, `!!int abc`), and why."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            loader.recursive_objects = {}  # left over from the failed construction
            try:
                loader.construct_object(node)
            except _CONSTRUCT_ERRORS as bad:
                mark = node.start_mark
                return (
                    f"{path}: line {mark.line + 1}, column {mark.column + 1}: {node.value!r} "
                    f"cannot be read ({bad}); fix the value, or quote it to keep it as text"
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    return f"{path}: a value cannot be read ({exc}); fix it, or quote it to keep it as text"


def read_yaml_mapping(
    path: Path, *, error: type[AuroraCostError] = InputError, what: str = "YAML file"
) -> dict[str, Any]:
    """A YAML file whose top level must be a mapping."""
    data = parse_yaml(read_text(path, what=what, error=error, limit=MAX_YAML_BYTES), path, error)
    if data is None:
        hint = "see the examples/ folder" if what == "workload file" else f"give a complete {what}"
        raise error(f"{path}: the file is empty; {hint}")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise error(f"{path}: the top level must be a mapping of keys, not {kind}")
    for key in data:
        if not isinstance(key, str):
            raise error(f"{path}: key {key!r} must be text")
    return data


# ---- validation errors -------------------------------------------------------------


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


def _walk(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[str, set[str]]:
    """The dotted field path for `loc`, and the keys allowed where it ends."""
    parts: list[str] = []
    current: list[Any] = [model]
    allowed: set[str] = set(model.model_fields)
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
            nxt = []
            for tp in current:
                if typing.get_origin(tp) in (list, tuple):
                    nxt.extend(_unwrap(typing.get_args(tp)[0]))
            current = nxt or current
            continue
        models = [tp for tp in current if isinstance(tp, type) and issubclass(tp, BaseModel)]
        owner = next((m for m in models if item in m.model_fields), None)
        tagged = next((m for m in models if _tag_of(m) == item), None)
        if owner is None and tagged is not None:
            current = [tagged]  # a discriminated-union tag: not part of the user's path
            allowed = set(tagged.model_fields)
            continue
        parts.append(f".{item}" if parts else str(item))
        if owner is not None:
            allowed = set(owner.model_fields)
            current = _unwrap(owner.model_fields[item].annotation)
        else:
            dicts = [tp for tp in current if typing.get_origin(tp) is dict]
            current = _unwrap(typing.get_args(dicts[0])[1]) if dicts else []
        nested = [tp for tp in current if isinstance(tp, type) and issubclass(tp, BaseModel)]
        if nested:
            allowed = set().union(*(m.model_fields for m in nested))
    return "".join(parts), allowed


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return str(args[0]) if len(args) == 1 else None


def _show(value: Any) -> str:
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


def _describe(error: Any, allowed: set[str], field_name: str) -> str:
    kind = error["type"]
    value = error.get("input")
    msg = str(error["msg"])
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        key = field_name.rsplit(".", 1)[-1].split("]")[-1]
        hint = did_you_mean(key, allowed)
        return f"unknown key{hint or '; allowed: ' + ', '.join(sorted(allowed))}"
    ctx = error.get("ctx") or {}
    if kind == "union_tag_invalid":
        return (
            f"kind: {ctx.get('tag')!r} is not allowed; expected one of {ctx.get('expected_tags')}"
        )
    if kind == "union_tag_not_found":
        return "kind is required; expected one of 'serverless-v1', 'serverless-v2', 'provisioned'"
    if kind == "finite_number":
        return f"{_show(value)} is not allowed; give a finite number"
    if kind in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    shown = _show(value)
    friendly = {
        "greater_than": "must be greater than",
        "greater_than_equal": "must be at least",
        "less_than": "must be less than",
        "less_than_equal": "must be at most",
    }
    if kind in friendly:
        limit = next(iter(ctx.values()), "")
        return f"{shown} {friendly[kind]} {_show(limit)}"
    if kind == "literal_error":
        return f"{shown} is not allowed; {msg.replace('Input should be', 'expected')}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{shown} is the wrong type; {msg.replace('Input should be', 'expected')}"
    return f"{shown}: {msg}"


def format_validation_error(path: Path | str, exc: ValidationError, model: type[BaseModel]) -> str:
    """One line: `<file>: <dotted.field>: <what is wrong and what is allowed>`."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    if first["type"] == "extra_forbidden":
        dotted, allowed = _walk(model, loc[:-1])
        dotted = f"{dotted}.{loc[-1]}" if dotted else str(loc[-1])
    else:
        dotted, allowed = _walk(model, loc)
    where = f"{dotted}: " if dotted else ""
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return f"{path}: {where}{_describe(first, allowed, dotted)}{more if len(errors) > 1 else ''}"
