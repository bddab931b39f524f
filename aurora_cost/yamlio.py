"""Reading user-written YAML safely: line-and-column errors, no alias bombs, no duplicate keys.

Validation errors of the documents read here are worded by `validation_messages`
(`format_validation_error`, re-exported from this module).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml

from aurora_cost.errors import AuroraCostError, InputError
from aurora_cost.files import read_text
from aurora_cost.shown import brief
from aurora_cost.validation_messages import format_validation_error, listed

__all__ = [
    "MAX_EXPANDED_NODES",
    "MAX_YAML_BYTES",
    "Loader",
    "format_validation_error",
    "parse_yaml",
    "read_yaml_mapping",
]

MAX_YAML_BYTES = 5 * 1024 * 1024  # a workload or price file is a few KB
MAX_EXPANDED_NODES = 100_000  # guards against alias ("billion laughs") bombs
_MERGE_TAG = "tag:yaml.org,2002:merge"
_MAX_REMEMBERED_TAGS = 20_000

if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml's parser when PyYAML was built with it; the constructors are the same
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """The safe loader, noting every key a mapping gives twice (YAML would keep the last).

    A subclass, so PyYAML's shared SafeLoader (and its constructors) stay as they are.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, Any, int]] = []  # (line, key, line of the first)

    # Which tag a plain scalar gets depends only on its text: libyaml's parser asks this
    # Python method for every scalar, so remembering the answers halves the parse time of
    # a price file (the same keys and numbers repeat on every line).
    _tags: ClassVar[dict[tuple[Any, ...], str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        key = (kind, value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(self._tags) < _MAX_REMEMBERED_TAGS:
                self._tags[key] = tag
        return tag

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                    continue  # `<<: *defaults` may be overridden key by key
                key = self.construct_object(key_node)
                if not isinstance(key, Hashable):
                    continue
                line = key_node.start_mark.line + 1
                if key in first:
                    self.duplicates.append((line, key, first[key]))
                else:
                    first[key] = line
        return super().construct_mapping(node, deep)


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


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"
_FLOAT = "tag:yaml.org,2002:float"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_PLAIN_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+][0-9]+)?")
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")


class _Unusual(Exception):
    """The document uses aliases, merge keys or other tags: construct it the standard way."""


def _plain(loader: _Loader, root: yaml.Node) -> Any:
    """The document built straight from its nodes, as the safe loader would build it.

    PyYAML's constructors (Python code even with libyaml) are most of the time a price
    file takes to read; this walks the nodes once. Only plain maps, sequences, strings,
    nulls and decimal numbers are built here (every other scalar, a date say, by the
    loader itself); a document with aliases, merge keys, other collection tags or more
    than MAX_EXPANDED_NODES nodes raises `_Unusual`, and is built the standard way.
    """
    seen: set[int] = set()

    def build(node: yaml.Node) -> Any:
        if id(node) in seen or len(seen) >= MAX_EXPANDED_NODES:
            raise _Unusual
        seen.add(id(node))
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _FLOAT and _PLAIN_FLOAT.fullmatch(node.value):
            return float(node.value)
        if tag == _INT and _PLAIN_INT.fullmatch(node.value):
            return int(node.value)
        if tag == _NULL and isinstance(node, yaml.ScalarNode):
            return None
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_object(node)  # dates, booleans, other number forms
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return [build(child) for child in node.value]
        if tag != _MAP or not isinstance(node, yaml.MappingNode):
            raise _Unusual
        mapping: dict[Any, Any] = {}
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                raise _Unusual
            key = build(key_node)
            line = key_node.start_mark.line + 1
            if key in first:
                loader.duplicates.append((line, key, first[key]))
            else:
                first[key] = line
            mapping[key] = build(value_node)
        return mapping

    return build(root)


Loader = _Loader  # to subclass with more tags (CloudFormation's `!Ref` ...)


def parse_yaml(
    text: str,
    path: Path | str,
    error: type[AuroraCostError] = InputError,
    loader_class: type[_Loader] = _Loader,
) -> Any:
    """YAML text to Python data, with errors that point at the line and column; aliases
    expand to at most MAX_EXPANDED_NODES values, and a key given twice is an error."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            data = _plain(loader, node)
        except _Unusual:
            loader.duplicates.clear()
        except _CONSTRUCT_ERRORS as exc:
            raise error(_bad_value(loader, node, path, exc)) from None
        else:
            if loader.duplicates:
                raise error(_duplicates(path, loader.duplicates))
            return data
        distinct: dict[int, int] = {}
        size = _expanded_size(node, distinct)
        if len(distinct) > MAX_EXPANDED_NODES:  # as written, without aliases: just too many
            raise error(
                f"{path}: the YAML holds over {MAX_EXPANDED_NODES:,} values, more than a file "
                "of its kind needs; check that it is the right file"
            )
        if size > MAX_EXPANDED_NODES:
            raise error(
                f"{path}: the YAML expands to over {MAX_EXPANDED_NODES:,} values through "
                "anchors and aliases; write the values out instead of nesting aliases"
            )
        try:
            data = loader.construct_document(node)
        except _CONSTRUCT_ERRORS as exc:
            raise error(_bad_value(loader, node, path, exc)) from None
        if loader.duplicates:
            raise error(_duplicates(path, loader.duplicates))
        return data
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


def _bad_value(loader: Any, root: yaml.Node, path: Path | str, exc: Exception) -> str:
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
                    f"{path}: line {mark.line + 1}, column {mark.column + 1}: {brief(node.value)} "
                    f"cannot be read ({bad}); fix the value, or quote it to keep it as text"
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    return f"{path}: a value cannot be read ({exc}); fix it, or quote it to keep it as text"


def _duplicates(path: Path | str, found: list[tuple[int, Any, int]]) -> str:
    """`<file>: line 7: duplicate key 'storage_gb' (first at line 3); keep one`, each."""
    return listed(
        path,
        [
            f"line {line}: duplicate key {brief(key)} (first at line {first}); keep one"
            for line, key, first in sorted(found, key=lambda d: d[0])
        ],
    )


def read_yaml_mapping(
    path: Path, *, error: type[AuroraCostError] = InputError, what: str = "YAML file"
) -> dict[str, Any]:
    """A YAML file whose top level must be a mapping."""
    data = parse_yaml(read_text(path, what=what, error=error, limit=MAX_YAML_BYTES), path, error)
    return yaml_mapping(data, path, error, what)


def yaml_mapping(data: Any, path: Path, error: type[AuroraCostError], what: str) -> dict[str, Any]:
    """Parsed YAML whose top level must be a mapping with text keys."""
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
