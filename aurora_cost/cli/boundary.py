"""The one error boundary: every way a command can fail becomes one exit status.

`Group.main` is where every run of `aurora-cost` (and every `CliRunner` test) starts. It
parses the command line and runs the command inside one `try`, as httpie's `main()` does:

- a usage error (a bad flag, a missing value, a bad choice, a stray argument, an unknown
  command) -> one `Error:` line and a `Try '... --help'` hint, exit 2;
- an `AuroraCostError` -> `Error: <message>`, exit `error.exit_status` (2 for bad input);
- Ctrl-C -> exit 130; `typer.Exit(n)` -> exit n;
- anything else is a bug -> exit 70 with "please report" and the version (a traceback only
  with `--debug`).

Usage errors are told apart by their classes (those Typer raises, from the Click it
vendors, and our own `CommandLineError`) and described from their fields: no message text
is matched. Every command and group is made with `Command` / `Group` (see `cli/__init__`).
"""

from __future__ import annotations

import enum
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import typer
import typer.core

# Typer's public API names only BadParameter; the other usage errors it raises are the
# classes of the Click it vendors, told apart here by class, never by name or message.
from typer._click import exceptions as click_errors

from aurora_cost import __version__
from aurora_cost.cli import conversion, startup
from aurora_cost.cli.common import say
from aurora_cost.errors import AuroraCostError, ExitStatus, InputError, did_you_mean

DEBUG = {"on": False}  # --debug: set by the root callback, read when something fails


class CommandLineError(InputError):
    """A usage error of our own, shown with the command's help hint."""

    def __init__(self, message: str, command_path: str) -> None:
        super().__init__(message)
        self.command_path = command_path


class StrayArguments(CommandLineError):
    def __init__(self, arguments: Sequence[str], command_path: str) -> None:
        shown = " ".join(arguments)
        super().__init__(
            f"'{shown}': unexpected argument; remove it, or quote a value with spaces",
            command_path,
        )


# --- describing a usage error -------------------------------------------------------------


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
    metavar = getattr(param, "metavar", None)
    return str(metavar or getattr(param, "name", "argument") or "argument").upper()


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


def _bad_value(exc: click_errors.BadParameter) -> str:
    """A value Typer could not convert or a check refused, e.g. `--acu abc`, `--format xml`."""
    from pydantic import ValidationError

    from aurora_cost.validation_messages import (
        Where,
        describe,
        expected_value,
        not_one_of,
        type_family,
    )

    param = exc.param
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
    return f"{label}: {exc.message.removeprefix('Value error, ').rstrip('.')}"


def _option_usage(exc: click_errors.BadOptionUsage) -> str:
    """A flag given a value it does not take, or a value-taking flag given none."""
    name = exc.option_name
    command = exc.ctx.command if exc.ctx is not None else None
    param = next(
        (p for p in getattr(command, "params", []) if name in getattr(p, "opts", [])), None
    )
    if param is not None and getattr(param, "is_flag", False):
        return f"{name}: takes no value; write {name} on its own"
    return f"{name}: needs a value; write {name} VALUE"


def usage_message(exc: click_errors.UsageError) -> str:
    """The one line saying what is wrong with the command line, and the fix."""
    if isinstance(exc, click_errors.NoSuchOption):
        name = exc.option_name
        hint = did_you_mean(name, _option_names(exc.ctx.command)) if exc.ctx else ""
        if not hint and exc.possibilities:
            hint = f"; did you mean {' or '.join(repr(p) for p in sorted(exc.possibilities))}?"
        return f"{name}: no such option{hint}"
    if isinstance(exc, click_errors.BadOptionUsage):
        return _option_usage(exc)
    if isinstance(exc, click_errors.MissingParameter):
        param = exc.param
        what = getattr(param, "param_type_name", "argument")
        label = _param_label(param) if param is not None else "an argument"
        return f"{label}: missing {what}; give it on the command line"
    if isinstance(exc, click_errors.BadParameter):
        return _bad_value(exc)
    return exc.format_message().rstrip(".")


# --- the classes every command and group is made with -------------------------------------


class Command(typer.core.TyperCommand):
    """A command whose stray arguments are a usage error of ours, and whose usage line
    leaves out hidden arguments (the trace files a shell glob puts after --trace)."""

    def invoke(self, ctx: Any) -> Any:
        startup.command_starts()
        return super().invoke(ctx)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            conversion.defer(param)  # Typer's conversion: only for the flags given
            if param.param_type_name == "argument" and param.metavar:
                # the metavar says what to give: no `<list[Path]>` type name after it
                param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if getattr(param, "hidden", False):
                continue
            if param.param_type_name == "argument" and param.metavar:
                many = param.nargs != 1 and " " not in param.metavar  # "OLD NEW" says how many
                shown = param.metavar + ("..." if many else "")
                pieces.append(shown if param.required else f"[{shown}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.allow_extra_args = True  # left in ctx.args, refused below with our own words
        try:
            rest: list[str] = super().parse_args(ctx, args)
        except click_errors.UsageError as exc:
            exc.ctx = exc.ctx or ctx  # the parser leaves it out: the help hint needs it
            raise
        if ctx.args and not ctx.resilient_parsing:
            raise StrayArguments(ctx.args, ctx.command_path)
        return rest


class Group(typer.core.TyperGroup):
    """A command group; the root one is the error boundary (`main`)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if (
            self.get_command(ctx, name) is None
            and not name.startswith("-")
            and not ctx.resilient_parsing
        ):
            names = list(self.commands)
            hint = did_you_mean(name, names) or f"; commands: {', '.join(names)}"
            raise CommandLineError(f"'{name}': no such command{hint}", ctx.command_path)
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        prog_name = prog_name or "aurora-cost"
        self._main_shell_completion(extra, prog_name, complete_var)
        status = self.run(list(sys.argv[1:] if args is None else args), prog_name, **extra)
        if standalone_mode:
            sys.exit(status)
        return status

    def run(self, args: list[str], prog_name: str, **extra: Any) -> int:
        """Parse and run one command line; every failure becomes its exit status here."""
        try:
            return self._run(args, prog_name, **extra)
        finally:  # --allow-paths-outside holds for its own command only
            inputs = sys.modules.get("aurora_cost.inputs")  # not imported: nothing was set
            if inputs is not None:
                inputs.allow_paths_outside(False)

    def _run(self, args: list[str], prog_name: str, **extra: Any) -> int:
        try:
            with self.make_context(prog_name, args, **extra) as ctx:
                self.invoke(ctx)
            return ExitStatus.OK
        except typer.Exit as exc:
            return exc.exit_code
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()  # no command given: the help, on stderr
            return ExitStatus.BAD_INPUT
        except click_errors.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else prog_name
            return _usage_error(usage_message(exc), where)
        except CommandLineError as exc:
            return _usage_error(str(exc), exc.command_path)
        except click_errors.ClickException as exc:  # e.g. a file Typer could not open
            say(f"Error: {exc.format_message()}")
            return ExitStatus.BAD_INPUT
        except AuroraCostError as exc:
            if DEBUG["on"]:
                traceback.print_exc()
            say(f"Error: {exc}")
            return exc.exit_status
        except (KeyboardInterrupt, typer.Abort):
            say("Interrupted; nothing was changed.")
            return ExitStatus.INTERRUPTED
        except Exception as exc:
            if DEBUG["on"]:
                traceback.print_exc()
            say(
                f"Error: internal error ({type(exc).__name__}: {exc}). This is a bug in "
                f"aurora-cost {__version__}; please report it with the command you ran (add "
                "--debug for a traceback)."
            )
            return ExitStatus.INTERNAL_ERROR


def _usage_error(message: str, command_path: str) -> int:
    say(f"Error: {message}")
    say(f"Try '{command_path} --help' for help.")
    return ExitStatus.BAD_INPUT


def new_app(name: str, help: str, cls: type[Group] | None = None, **settings: Any) -> typer.Typer:
    """A command group made with `Group` (or `cls`, a subclass), the same settings as the
    root's."""
    return typer.Typer(
        name=name,
        help=help,
        no_args_is_help=True,
        cls=cls or Group,
        rich_markup_mode=None,  # no Rich on start-up
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        **settings,
    )
