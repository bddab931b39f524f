"""Usage errors (a bad flag, a missing value, a bad choice) as one `Error:` line.

Typer shows a usage error as the usage line, a hint, a blank line and the error, with
Click's and Pydantic's wording. `UsageErrorsGroup`, the class of the command groups,
catches it where a command line is parsed and prints our own line instead:

    Error: --regoin: no such option; did you mean '--region'?
    Try 'aurora-cost compare --help' for help.

then exits 2. Typer exposes Click's exceptions only through its own base class,
`typer.TyperException`; a usage error is one of those that carries a context (`ctx`).
"""

from __future__ import annotations

import enum
import re
from typing import Any

import typer
import typer.core
from pydantic import ValidationError

from aurora_cost.cli.common import say
from aurora_cost.errors import ExitStatus, did_you_mean
from aurora_cost.validation_messages import (
    Where,
    describe,
    expected_value,
    not_one_of,
    type_family,
)


def _is_usage_error(exc: Exception) -> bool:
    # Typer's "no arguments: show the help" is a usage error too; it prints the help.
    return (
        hasattr(exc, "ctx")
        and getattr(exc, "exit_code", None) == ExitStatus.BAD_INPUT
        and type(exc).__name__ != "NoArgsIsHelpError"
    )


def _option_names(command: Any) -> list[str]:
    names: list[str] = []
    for param in getattr(command, "params", []):
        if getattr(param, "param_type_name", "") == "option" and not getattr(param, "hidden", 0):
            names += [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]
    return [name for name in names if name.startswith("--")]


def _param_label(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    if opts:
        return str(opts[0])
    return str(getattr(param, "name", "argument") or "argument").upper()


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


def _bad_value(exc: Any) -> str:
    """A value Typer could not convert, e.g. `--acu abc` or `--format xml`."""
    param = getattr(exc, "param", None)
    label = _param_label(param) if param is not None else "value"
    cause = exc.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        error = cause.errors()[0]
        choices = _choices(param)
        if choices and error["type"] == "value_error":
            return f"{label}: {not_one_of(error.get('input'), choices)}"
        key = str(getattr(param, "name", "") or "")
        family = type_family(str(error["type"]))
        if family is not None and isinstance(error.get("input"), str):  # text not a number
            return f"{label}: {error['input']!r} is not {expected_value(family, key)}"
        return f"{label}: {describe(error, Where(label, key=key))}"
    message = str(getattr(exc, "message", "") or exc)
    return f"{label}: {message.removeprefix('Value error, ').rstrip('.')}"


def usage_message(exc: Any) -> str:
    """The one line saying what is wrong with the command line, and the fix."""
    kind = type(exc).__name__
    message = str(getattr(exc, "message", "") or "")
    ctx = getattr(exc, "ctx", None)
    if kind == "NoSuchOption":
        name = str(exc.option_name)
        hint = did_you_mean(name, _option_names(ctx.command)) if ctx is not None else ""
        if not hint and getattr(exc, "possibilities", None):
            hint = f"; did you mean {' or '.join(repr(p) for p in sorted(exc.possibilities))}?"
        return f"{name}: no such option{hint}"
    if kind == "BadOptionUsage":
        name = str(exc.option_name)
        if "requires" in message:
            return f"{name}: needs a value; write {name} VALUE"
        if "does not take a value" in message:
            return f"{name}: takes no value; write {name} on its own"
        return f"{name}: {message.rstrip('.')}"
    if kind == "MissingParameter":
        param = getattr(exc, "param", None)
        what = getattr(param, "param_type_name", "argument")
        label = _param_label(param) if param is not None else "an argument"
        return f"{label}: missing {what}; give it on the command line"
    if kind == "BadParameter":
        return _bad_value(exc)
    command = re.match(r"No such command '([^']*)'", message)
    if command and ctx is not None:
        name = command.group(1)
        names = list(getattr(ctx.command, "commands", {}))
        hint = did_you_mean(name, names) or f"; commands: {', '.join(names)}"
        return f"'{name}': no such command{hint}"
    extra = re.match(r"Got unexpected extra arguments? ?(?:\(s\))? \((.*)\)", message)
    if extra:
        return f"'{extra.group(1)}': unexpected argument; remove it, or quote a value with spaces"
    text = exc.format_message() if hasattr(exc, "format_message") else message
    return str(text).rstrip(".")


class UsageErrorsGroup(typer.core.TyperGroup):
    """A command group whose usage errors are one `Error:` line and a help hint."""

    def _fail(self, exc: Exception, ctx: Any) -> typer.Exit:
        context = getattr(exc, "ctx", None)
        if context is not None:
            path = context.command_path
        elif ctx is not None and ctx.invoked_subcommand:  # raised while parsing a subcommand
            path = f"{ctx.command_path} {ctx.invoked_subcommand}"
        else:
            path = ctx.command_path if ctx is not None else "aurora-cost"
        say(f"Error: {usage_message(exc)}")
        say(f"Try '{path} --help' for help.")
        return typer.Exit(int(ExitStatus.BAD_INPUT))

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except typer.TyperException as exc:
            if not _is_usage_error(exc):
                raise
            raise self._fail(exc, None) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:
            if not _is_usage_error(exc):
                raise
            raise self._fail(exc, ctx) from None
