"""The Terraform built-in functions that configurations use to compute a setting.

Only pure functions of their arguments: those that read files, the clock or the network
(`file`, `timestamp`, `uuid` ...) are not here, so a call to one is an `Unknown`
("Built-in Functions", https://developer.hashicorp.com/terraform/language/functions).
Arguments arrive evaluated and plain (no Unknown, no lazy objects).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{value!r} is not a number")
    number = float(value)
    return int(number) if number.is_integer() else number


def _tonumber(value: Any) -> Any:
    return None if value is None else _number(value)


def _tostring(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(_number(value))
    raise ValueError(f"{value!r} cannot be a string")


def _tobool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"{value!r} is not true or false")


def _length(value: Any) -> int:
    if isinstance(value, (str, list, dict)):
        return len(value)
    raise ValueError(f"length of {value!r}")


def _lookup(mapping: dict[str, Any], key: str, *default: Any) -> Any:
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise KeyError(f"no key {key!r}")


def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for mapping in maps:
        if mapping is None:
            continue
        if not isinstance(mapping, dict):
            raise ValueError(f"{mapping!r} is not a map")
        out.update(mapping)
    return out


def _coalesce(*values: Any) -> Any:
    for value in values:
        if value is not None and value != "":
            return value
    raise ValueError("no non-null, non-empty argument")


def _element(items: list[Any], position: Any) -> Any:
    if not items:
        raise ValueError("element() of an empty list")
    return items[int(_number(position)) % len(items)]


def _flatten(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _distinct(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _format(template: str, *values: Any) -> str:
    """format() with the verbs configurations use: %s %d %f %v %q and %%."""
    given = iter(values)

    def one(match: re.Match[str]) -> str:
        verb = match[2]
        if verb == "%":
            return "%"
        value = next(given)
        if verb == "d":
            return str(int(_number(value)))
        if verb == "f":
            precision = int(match[1][1:]) if match[1] else 6
            return f"{float(_number(value)):.{precision}f}"
        if verb == "q":
            return '"' + str(_tostring(value)) + '"'
        return str(_tostring(value))

    return re.sub(r"%(\.\d+)?([sdfvq%])", one, template)


def _range(*bounds: Any) -> list[int | float]:
    numbers = [_number(b) for b in bounds]
    start, stop, step = (
        (0, numbers[0], 1) if len(numbers) == 1
        else (numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 1)
    )  # fmt: skip
    if step == 0 or abs((stop - start) / step) > 1024:
        raise ValueError("range() of more than 1024 elements")
    out: list[int | float] = []
    value = start
    while (step > 0 and value < stop) or (step < 0 and value > stop):
        out.append(value)
        value += step
    return out


def _one(items: list[Any]) -> Any:
    if len(items) > 1:
        raise ValueError("one() of more than one element")
    return items[0] if items else None


def _compare(pick: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *values: pick(_number(v) for v in values)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": lambda x: abs(_number(x)),
    "ceil": lambda x: math.ceil(_number(x)),
    "floor": lambda x: math.floor(_number(x)),
    "max": _compare(max),
    "min": _compare(min),
    "tonumber": _tonumber,
    "tostring": _tostring,
    "tobool": _tobool,
    "tolist": list,
    "toset": _distinct,
    "tomap": dict,
    "length": _length,
    "lookup": _lookup,
    "merge": _merge,
    "coalesce": _coalesce,
    "coalescelist": lambda *lists: next((x for x in lists if x), []),
    "concat": lambda *lists: [x for items in lists for x in items],
    "compact": lambda items: [x for x in items if x not in (None, "")],
    "contains": lambda items, value: value in items,
    "keys": lambda mapping: sorted(mapping),
    "values": lambda mapping: [mapping[k] for k in sorted(mapping)],
    "element": _element,
    "flatten": _flatten,
    "distinct": _distinct,
    "zipmap": lambda keys, values: dict(zip(keys, values)),
    "one": _one,
    "range": _range,
    "format": _format,
    "join": lambda separator, items: separator.join(str(_tostring(x)) for x in items),
    "split": lambda separator, text: text.split(separator),
    "lower": lambda text: text.lower(),
    "upper": lambda text: text.upper(),
    "title": lambda text: text.title(),
    "trimspace": lambda text: text.strip(),
    "trimprefix": lambda text, prefix: text.removeprefix(prefix),
    "trimsuffix": lambda text, suffix: text.removesuffix(suffix),
    "replace": lambda text, old, new: text.replace(old, new),
    "substr": lambda text, offset, length: text[offset : None if length < 0 else offset + length],
    "startswith": lambda text, prefix: text.startswith(prefix),
    "endswith": lambda text, suffix: text.endswith(suffix),
}
