"""The HCL expression evaluator on its own: values as Terraform computes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aurora_cost.infra.hcl_expr import EvalError, Scope, Unknown, evaluate
from aurora_cost.infra.hcl_parse import body_of, parse_text

ROOTS = {
    "var": {"n": 2, "name": "shop", "on": True, "tiers": {"a": 1, "b": 3}, "list": [1, 2, 3]},
    "local": {"items": [{"id": "x"}, {"id": "y"}]},
    "data": Unknown("data.aws_x.y (a data source)"),
}


def _value(expression: str) -> Any:
    tree = parse_text(f"v = {expression}\n", Path("test.tf"))
    body = next(c for c in tree.children if hasattr(c, "data"))
    return evaluate(body_of(body, Path("test.tf"))[0]["v"], Scope(ROOTS, _no_resource))


def _no_resource(name: str) -> Any:
    raise EvalError(f"no {name}")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('"${var.n}"', 2),  # a lone interpolation keeps its type
        ('"db-${var.name}-${var.n}"', "db-shop-2"),
        ('"a\\tb\\u00e9 $${literal}"', "a\tb\u00e9 ${literal}"),
        ("var.n * 1.5 + 1", 4),  # 2 * 1.5 + 1 = 4.0, shown as 4
        ("7 % 4", 3),
        ("-var.n", -2),
        ("!var.on", False),
        ('var.on ? "yes" : "no"', "yes"),
        ("var.n > 1 && var.n <= 2", True),
        ('var.tiers["b"]', 3),
        ("var.list[1]", 2),
        ("local.items[*].id", ["x", "y"]),
        ("[for k, v in var.tiers : v * 2 if v > 1]", [6]),
        ("{for k, v in var.tiers : upper(k) => v}", {"A": 1, "B": 3}),
        ('{for s in ["a", "b", "a"] : s => s...}', {"a": ["a", "a"], "b": ["b"]}),
        ('lookup(var.tiers, "c", 9)', 9),
        ("try(var.tiers.c, 5)", 5),
        ("can(var.tiers.c)", False),
        ('coalesce(null, "", "x")', "x"),
        ("max(var.list...)", 3),
        ('format("%s-%d", "a", 7)', "a-7"),
        ("merge({a = 1}, {b = 2})", {"a": 1, "b": 2}),
        ("length(flatten([[1], [2, 3]]))", 3),
        ('{ (var.name) = 1, key = "v" }', {"shop": 1, "key": "v"}),
    ],
)
def test_values(expression: str, expected: Any) -> None:
    assert _value(expression) == expected


def test_unknown_spreads_and_names_its_cause() -> None:
    for expression in ("data.x.y", '"id-${data.x}"', "data.x + 1", "[data.x][0]", "lower(data.x)"):
        value = _value(expression)
        assert isinstance(value, Unknown) and "data.aws_x.y" in value.why
    assert _value("false && data.x") is False  # short-circuit, as Terraform does
    assert isinstance(_value('file("x")'), Unknown)  # reads the file system: not evaluated


@pytest.mark.parametrize("expression", ['var.tiers["zz"]', "var.list[5]", '1 + "a"', "1 / 0"])
def test_errors(expression: str) -> None:
    with pytest.raises(EvalError):
        _value(expression)
