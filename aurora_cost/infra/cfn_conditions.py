"""CloudFormation `Conditions`: whether a resource under a `Condition` is deployed.

A resource with `Condition: IsProd` exists only when IsProd holds, and IsProd depends on
the template's parameters ("Conditions syntax", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html).
aurora-cost evaluates a condition with the values a deploy would use: `--var NAME=VALUE`
(as `aws cloudformation deploy --parameter-overrides`), else the parameter's `Default`.
A condition that depends on something known only at deploy (a parameter without a
default, a pseudo parameter such as AWS::AccountId, a mapping) is *unknown*: the resource
is priced as if it holds, and a warning says the cost applies only when it does.

`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` and `{"Condition": name}` are evaluated;
comparison is of text, as CloudFormation compares parameter values (`1` is `"1"`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aurora_cost.errors import InputError
from aurora_cost.shown import printable

UNKNOWN = None  # a condition's value when something it reads is known only at deploy
_MISSING = object()
MAX_READS = 20  # the parameters a message names for one condition (a chain of conditions
# could otherwise hold every parameter in every condition: memory by their square)


def _read(reads: set[str], names: Iterable[str]) -> None:
    for name in names:
        if len(reads) >= MAX_READS:
            return
        reads.add(name)


def parameter_overrides(assignments: Iterable[str], parameters: dict[str, Any],
                        path: str) -> dict[str, str]:  # fmt: skip
    """`--var NAME=VALUE` as parameter values: NAME must be a parameter of the template."""
    out: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        name = name.strip()
        if not equals or not name:
            raise InputError(f"--var: {printable(assignment)!r} is not NAME=VALUE")
        if name not in parameters:
            known = ", ".join(printable(str(p)) for p in list(parameters)[:8]) or "none"
            raise InputError(
                f"--var {printable(name)}: {path} has no parameter {printable(name)!r} "
                f"(its Parameters: {known})"
            )
        out[name] = value
    return out


@dataclass
class Conditions:
    """The template's conditions, evaluated once each, with what each read."""

    path: str
    conditions: dict[str, Any]
    parameters: dict[str, Any]
    overrides: dict[str, str]
    _values: dict[str, bool | None] = field(default_factory=dict)
    _reads: dict[str, set[str]] = field(default_factory=dict)

    def value(self, name: str) -> bool | None:
        """True, False, or UNKNOWN (None)."""
        if name not in self.conditions:
            known = ", ".join(printable(str(c)) for c in list(self.conditions)[:8]) or "none"
            raise InputError(
                f"{self.path}: Condition {printable(name)!r} is not defined in the template's "
                f"Conditions (defined: {known}); CloudFormation would refuse the template"
            )
        if name not in self._values:
            self._evaluate(name)
        return self._values[name]

    def reads(self, name: str) -> list[str]:
        """The parameters (and pseudo parameters) the condition depends on, sorted."""
        self.value(name)
        return sorted(self._reads[name])

    def decided(self, value: Any) -> Any:
        """`value` as a deploy gets it, where that is known: `Fn::If` of a decided condition
        takes its branch, `Ref` to a parameter its value (`--var`, else its `Default`),
        `Ref AWS::NoValue` is None (the property is absent). Anything else, an undecided
        `Fn::If` included, is returned as it is (the caller refuses what the cost needs)."""
        while isinstance(value, dict) and len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
                if not isinstance(argument[0], str):
                    return value
                holds = self.value(argument[0])
                if holds is UNKNOWN:
                    return value
                value = argument[1] if holds else argument[2]
            elif key == "Ref" and isinstance(argument, str):
                if argument == "AWS::NoValue":
                    return None
                if argument in self.overrides:
                    return self.overrides[argument]
                declared = self.parameters.get(argument)
                default = declared.get("Default") if isinstance(declared, dict) else None
                if default is None or isinstance(default, (dict, list)):
                    return value
                return default
            else:
                return value
        return value

    def _evaluate(self, top: str) -> None:
        # Iterative over the conditions a condition names, so that a cycle is an error and
        # a deep chain never hits Python's recursion limit.
        pending, visiting = [top], set()
        while pending:
            name = pending[-1]
            if name in self._values:
                pending.pop()
                continue
            needed = [n for n in _named(self.conditions[name], self.path, name)
                      if n not in self._values]  # fmt: skip
            for other in needed:
                if other not in self.conditions:
                    self.value(other)  # the error naming the undefined condition
                if other in visiting:
                    raise InputError(
                        f"{self.path}: Conditions.{printable(name)}: refers to itself through "
                        f"{printable(other)!r}; CloudFormation would refuse the template"
                    )
            if needed:
                visiting.add(name)
                pending += needed
                continue
            reads: set[str] = set()
            self._values[name] = self._expression(self.conditions[name], name, reads)
            self._reads[name] = reads
            visiting.discard(name)
            pending.pop()

    def _expression(self, node: Any, name: str, reads: set[str]) -> bool | None:
        key, arguments = _function(node, self.path, name)
        if key == "Condition":
            _read(reads, self._reads[arguments])
            return self._values[arguments]
        if key == "Fn::Equals":
            if not isinstance(arguments, list) or len(arguments) != 2:
                raise _bad(self.path, name, "Fn::Equals takes a list of two values")
            left, right = (self._operand(a, name, reads) for a in arguments)
            if left is _MISSING or right is _MISSING:
                return UNKNOWN
            return bool(left == right)
        if not isinstance(arguments, list) or not arguments:
            raise _bad(self.path, name, f"{key} takes a list of conditions")
        values = [self._expression(a, name, reads) for a in arguments]
        if key == "Fn::Not":
            if len(values) != 1:
                raise _bad(self.path, name, "Fn::Not takes a list of one condition")
            return UNKNOWN if values[0] is UNKNOWN else not values[0]
        decisive = key == "Fn::Or"  # Or: one true decides; And: one false decides
        if decisive in values:
            return decisive
        return UNKNOWN if UNKNOWN in values else not decisive

    def _operand(self, value: Any, name: str, reads: set[str]) -> Any:
        """A value of Fn::Equals as text, or _MISSING when it is known only at deploy."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (str, int, float)):
            return str(value)
        if isinstance(value, dict) and set(value) == {"Ref"} and isinstance(value["Ref"], str):
            ref = value["Ref"]
            _read(reads, [ref])
            if ref in self.overrides:
                return self.overrides[ref]
            declared = self.parameters.get(ref)
            if ref not in self.parameters and not ref.startswith("AWS::"):
                raise _bad(self.path, name, f"Ref {printable(ref)!r} is not a parameter")
            default = declared.get("Default") if isinstance(declared, dict) else None
            if default is None or isinstance(default, (dict, list)):
                return _MISSING  # no default, or a pseudo parameter: known at deploy
            return self._operand(default, name, set())
        if isinstance(value, dict):  # Fn::FindInMap, Fn::Select ...: known at deploy
            _read(reads, (f"({key})" for key in value))
            return _MISSING
        raise _bad(self.path, name, "Fn::Equals compares text, numbers or a Ref")


def _function(node: Any, path: str, name: str) -> tuple[str, Any]:
    if not isinstance(node, dict) or len(node) != 1:
        raise _bad(
            path, name, "a condition is one Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition"
        )
    ((key, arguments),) = node.items()
    if key not in ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition"):
        raise _bad(path, name, f"{printable(str(key))!r} is not a condition function")
    if key == "Condition" and not isinstance(arguments, str):
        raise _bad(path, name, "Condition names a condition by its name (text)")
    return key, arguments


def _named(node: Any, path: str, name: str) -> list[str]:
    """The conditions `node` names (through {"Condition": X}), anywhere inside it."""
    out: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if set(current) == {"Condition"}:
                _, target = _function(current, path, name)
                out.append(target)
                continue
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return out


def _bad(path: str, name: str, what: str) -> InputError:
    return InputError(f"{path}: Conditions.{printable(name)}: {what}")
