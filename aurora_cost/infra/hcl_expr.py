"""Evaluate HCL expressions as far as they are known before `terraform plan` runs.

python-hcl2 parses a `.tf` file into a Lark tree; this walks an expression's tree with a
`Scope` that says what `var.`, `local.`, `each.`, `count.`, `module.` and a resource's
address stand for. What only Terraform knows (a data source, a computed attribute such as
`aws_rds_cluster.main.id`, a variable without a value, a function of the file system) is
an `Unknown` carrying why, and it spreads through every operation that touches it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lark import Token, Tree

from aurora_cost.infra.hcl_functions import FUNCTIONS


@dataclass(frozen=True)
class Unknown:
    """A value known only to Terraform: `why` names what it depends on."""

    why: str
    reference: str | None = None  # the resource instance it comes from, for linking


class EvalError(Exception):
    """An expression Terraform would refuse too (a missing key, a bad operand)."""


class Lazy:
    """An object whose attributes are evaluated when asked for (a resource, a module)."""

    def __init__(self, get: Callable[[str], Any], names: Callable[[], list[str]]) -> None:
        self._get, self._names = get, names

    def attr(self, name: str) -> Any:
        return self._get(name)

    def materialize(self) -> dict[str, Any]:
        return {name: self._get(name) for name in self._names()}


Resolver = Callable[[str], Any]


@dataclass
class Scope:
    """What the names at the root of a traversal stand for."""

    roots: Mapping[str, Any]  # var, local, each, count, path, module, ...
    resolve: Resolver  # any other root name: a resource type, or an EvalError

    def child(self, **names: Any) -> Scope:
        return Scope({**self.roots, **names}, self.resolve)


def _parts(node: Tree[Any]) -> list[Any]:
    """A node's children without comments, newlines and punctuation."""
    return [
        c for c in node.children if not isinstance(c, Token) and c.data != "new_line_or_comment"
    ]


def find_unknown(value: Any) -> Unknown | None:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            found = find_unknown(item)
            if found is not None:
                return found
    return None


def plain(value: Any) -> Any:
    """A Lazy made into a dict (deeply), so it can be compared, iterated or shown."""
    if isinstance(value, Lazy):
        value = value.materialize()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def shallow(value: Any) -> Any:
    """A Lazy as a dict of its attributes, which stay lazy (a resource's `id` is still there)."""
    return value.materialize() if isinstance(value, Lazy) else value


def evaluate(node: Any, scope: Scope) -> Any:
    """The value of an expression node (see the module's docstring)."""
    if isinstance(node, Token):
        return _token(node)
    kind = node.data
    handler = _HANDLERS.get(kind)
    if handler is None:
        return Unknown(f"the expression form {kind!r}")
    return handler(node, scope)


def _token(token: Token) -> Any:
    if token.type == "INT_LITERAL":
        return int(token)
    if token.type == "FLOAT_LITERAL":
        return float(token)
    return str(token)


def _term(node: Tree[Any], scope: Scope) -> Any:
    (inner,) = _parts(node) or [None]
    return None if inner is None else evaluate(inner, scope)


def _number(node: Tree[Any], _: Scope) -> Any:
    return _token(node.children[0])  # type: ignore[arg-type]


def _literal(node: Tree[Any], _: Scope) -> Any:
    return {"true": True, "false": False, "null": None}[str(node.children[0])]


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


def _unescape(text: str) -> str:
    """HCL's escapes: \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN, and $${ and %%{ for literal ones."""
    text = text.replace("$${", "${").replace("%%{", "%{")

    def one(match: re.Match[str]) -> str:
        code = match[1]
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, match[0])

    return _ESCAPE.sub(one, text)


def _string(node: Tree[Any], scope: Scope) -> Any:
    pieces: list[Any] = []
    for part in _parts(node):
        for child in part.children:
            if isinstance(child, Token):
                pieces.append(_unescape(str(child)))
            elif child.data == "interpolation":
                pieces.append(evaluate(_parts(child)[0], scope))
            else:
                return Unknown("a string template directive (%{if} or %{for})")
    return _concat(pieces)


def _concat(pieces: list[Any]) -> Any:
    if len(pieces) == 1 and not isinstance(pieces[0], str):
        return pieces[0]  # "${var.x}" keeps the variable's type, as Terraform does
    unknown = find_unknown(pieces)
    if unknown is not None:
        return unknown
    return "".join(_text(p) for p in pieces)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (str, int, float)):
        return str(value)
    raise EvalError(f"cannot put {type(value).__name__} {plain(value)!r} into a string")


def _heredoc(node: Tree[Any], scope: Scope) -> Any:
    raw = str(node.children[0])
    lines = raw.split("\n")[1:-2]
    if node.data == "heredoc_template_trim":
        indents = [len(x) - len(x.lstrip()) for x in lines if x.strip()]
        cut = min(indents, default=0)
        lines = [x[cut:] for x in lines]
    body = "\n".join(lines) + "\n"
    if "${" in body or "%{" in body:
        return Unknown("a heredoc template")
    return body


def _identifier(node: Tree[Any], scope: Scope) -> Any:
    name = str(node.children[0])
    if name in scope.roots:
        return scope.roots[name]
    return scope.resolve(name)


def get_attr(value: Any, name: str) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Lazy):
        return value.attr(name)
    if isinstance(value, dict):
        if name not in value:
            raise EvalError(f"no attribute or key {name!r}")
        return value[name]
    raise EvalError(f"cannot take .{name} of {_kind(value)}")


def index(value: Any, key: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(key, Unknown):
        return key
    if isinstance(value, Lazy):
        return value.attr(str(key))
    if isinstance(value, dict):
        if str(key) not in value:
            raise EvalError(f"no key {key!r} (keys: {', '.join(map(str, value))})")
        return value[str(key)]
    if isinstance(value, list):
        position = _int(key)
        if not 0 <= position < len(value):
            raise EvalError(f"index {position} is outside the {len(value)} elements")
        return value[position]
    raise EvalError(f"cannot index {_kind(value)}")


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _int(value: Any) -> int:
    number = _as_number(value)
    if not float(number).is_integer():
        raise EvalError(f"{value!r} is not a whole number")
    return int(number)


def _get_attr_term(node: Tree[Any], scope: Scope) -> Any:
    base, attr = _parts(node)
    return get_attr(evaluate(base, scope), str(_parts(attr)[0].children[0]))


def _index_term(node: Tree[Any], scope: Scope) -> Any:
    base, key = _parts(node)
    value = evaluate(base, scope)
    if key.data == "short_index":
        return index(value, int(str(key.children[1])))
    return index(value, evaluate(_parts(key)[0], scope))


def _splat(node: Tree[Any], scope: Scope) -> Any:
    base, splat = _parts(node)
    value = evaluate(base, scope)
    if isinstance(value, Unknown):
        return value
    items = value if isinstance(value, list) else [] if value is None else [value]
    out = []
    for item in items:
        for step in _parts(splat):
            if step.data == "get_attr":
                item = get_attr(item, str(_parts(step)[0].children[0]))
            elif step.data == "short_index":
                item = index(item, int(str(step.children[1])))
            else:
                item = index(item, evaluate(_parts(step)[0], scope))
        out.append(item)
    return out


def _tuple(node: Tree[Any], scope: Scope) -> Any:
    return [evaluate(child, scope) for child in _parts(node)]


def _object(node: Tree[Any], scope: Scope) -> Any:
    out: dict[str, Any] = {}
    for element in _parts(node):
        key_node, value_node = _parts(element)
        (key_expr,) = _parts(key_node) or [key_node.children[0]]
        key = _object_key(key_expr, scope)
        if isinstance(key, Unknown):
            return key
        out[key] = evaluate(value_node, scope)
    return out


def _object_key(node: Any, scope: Scope) -> Any:
    """A bare name is the key itself; `(expr)` or a string is evaluated."""
    if isinstance(node, Token):
        return str(node)
    if node.data == "expr_term":
        (inner,) = _parts(node) or [node.children[0]]
        if isinstance(inner, Tree) and inner.data in ("identifier", "keyword"):
            return str(inner.children[0])
    key = evaluate(node, scope)
    return key if isinstance(key, Unknown) else _text(key)


def _conditional(node: Tree[Any], scope: Scope) -> Any:
    test, yes, no = _parts(node)
    value = evaluate(test, scope)
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, bool):
        raise EvalError(f"a condition must be true or false, not {plain(value)!r}")
    return evaluate(yes if value else no, scope)


def _as_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise EvalError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise EvalError(f"{value!r} is not a number") from None
        return int(number) if number.is_integer() and "." not in value else number
    raise EvalError(f"{plain(value)!r} is not a number")


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: math.fmod(a, b),
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


def _binary(node: Tree[Any], scope: Scope) -> Any:
    left_node, term = _parts(node)
    operator_node, right_node = _parts(term)
    operator = str(operator_node.children[0])
    left = evaluate(left_node, scope)
    if operator in ("&&", "||") and isinstance(left, bool):
        if (operator == "&&") != left:  # false && x, true || x
            return left
        return evaluate(right_node, scope)
    right = evaluate(right_node, scope)
    unknown = find_unknown([left, right])
    if unknown is not None:
        return unknown
    if operator in ("==", "!="):
        return (plain(left) == plain(right)) == (operator == "==")
    if operator in ("&&", "||"):
        raise EvalError(f"{operator} needs true or false, not {left!r}")
    try:
        result = _ARITHMETIC[operator](_as_number(left), _as_number(right))
    except ZeroDivisionError:
        raise EvalError("division by zero") from None
    return int(result) if isinstance(result, float) and result.is_integer() else result


def _unary(node: Tree[Any], scope: Scope) -> Any:
    operator, operand = node.children[0], _parts(node)[-1]
    value = evaluate(operand, scope)
    if isinstance(value, Unknown):
        return value
    if str(operator) == "!":
        if not isinstance(value, bool):
            raise EvalError(f"! needs true or false, not {value!r}")
        return not value
    return -_as_number(value)


def _call(node: Tree[Any], scope: Scope) -> Any:
    parts = _parts(node)
    name = ".".join(str(p.children[0]) for p in parts if p.data == "identifier")
    arguments = next((p for p in parts if p.data == "arguments"), None)
    argument_nodes = _parts(arguments) if arguments is not None else []
    expand = arguments is not None and any(
        isinstance(c, Token) and c.type == "ELLIPSIS" for c in arguments.children
    )
    if name in ("try", "can"):
        return _try(name, argument_nodes, scope)
    function = FUNCTIONS.get(name)
    if function is None:
        return Unknown(f"the function {name}()")
    values = [evaluate(a, scope) for a in argument_nodes]
    if expand and values:
        last = values.pop()
        if isinstance(last, Unknown):
            return last
        values.extend(last)
    unknown = find_unknown(values)
    if unknown is not None:
        return unknown
    try:
        return function(*[plain(v) for v in values])
    except EvalError:
        raise
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise EvalError(f"{name}(): {exc}") from None


def _try(name: str, nodes: list[Any], scope: Scope) -> Any:
    for node in nodes:
        try:
            value = evaluate(node, scope)
        except EvalError:
            continue
        return True if name == "can" and not isinstance(value, Unknown) else value
    if name == "can":
        return False
    raise EvalError("try(): no argument could be evaluated")


def _for(node: Tree[Any], scope: Scope) -> Any:
    parts = _parts(node)
    intro = parts[0]
    names = [str(p.children[0]) for p in _parts(intro) if p.data == "identifier"]
    collection = evaluate(_parts(intro)[-1], scope)
    if isinstance(collection, Unknown):
        return collection
    collection = shallow(collection)
    condition = next((p for p in parts if p.data == "for_cond"), None)
    body = [p for p in parts[1:] if p.data != "for_cond"]
    grouped = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in node.children)
    if isinstance(collection, dict):
        pairs = list(collection.items())
    elif isinstance(collection, list):
        pairs = list(enumerate(collection))
    else:
        raise EvalError(f"cannot iterate over {plain(collection)!r}")
    results: list[Any] = []
    keys: list[Any] = []
    for key, value in pairs:
        bound = {names[-1]: value} if len(names) == 1 else {names[0]: key, names[1]: value}
        inner = scope.child(**bound)
        if condition is not None:
            keep = evaluate(_parts(condition)[0], inner)
            if isinstance(keep, Unknown):
                return keep
            if not keep:
                continue
        if node.data == "for_object_expr":
            keys.append(evaluate(body[0], inner))
            results.append(evaluate(body[1], inner))
        else:
            results.append(evaluate(body[0], inner))
    if node.data == "for_tuple_expr":
        return results
    out: dict[str, Any] = {}
    for key, value in zip(keys, results):
        if isinstance(key, Unknown):
            return key
        if grouped:
            out.setdefault(_text(key), []).append(value)
        else:
            out[_text(key)] = value
    return out


_HANDLERS: dict[str, Callable[[Tree[Any], Scope], Any]] = {
    "expr_term": _term,
    "int_lit": _number,
    "float_lit": _number,
    "literal_value": _literal,
    "string": _string,
    "heredoc_template": _heredoc,
    "heredoc_template_trim": _heredoc,
    "identifier": _identifier,
    "get_attr_expr_term": _get_attr_term,
    "index_expr_term": _index_term,
    "attr_splat_expr_term": _splat,
    "full_splat_expr_term": _splat,
    "tuple": _tuple,
    "object": _object,
    "conditional": _conditional,
    "binary_op": _binary,
    "unary_op": _unary,
    "function_call": _call,
    "for_tuple_expr": _for,
    "for_object_expr": _for,
}
