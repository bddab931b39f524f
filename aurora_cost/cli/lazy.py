"""Commands built when they run: `compare` neither imports nor builds `advise` or `scan`.

Typer builds the Click command of every registered command (its parameters, help and
conversions) before it parses the command line, and registering a command means importing
its module: about 15 ms of every start-up went on commands that were not run. The root
group instead knows each command by name and the module whose `register(app)` adds it;
the module is imported, and only that command built, the first time the command is looked
up: when it runs, or when `--help` or shell completion lists it. A command registered on
the root app itself is built by Typer as before and listed after these.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

import typer
import typer.main
from typer._click import Command as ClickCommand

from aurora_cost.cli.boundary import Group


def build_command(module: str, name: str, root: typer.Typer) -> ClickCommand:
    """The command `name` that `aurora_cost.cli.<module>.register(app)` adds, built as
    Typer builds it for `root` (the same markup and exception settings)."""
    scratch = typer.Typer()
    importlib.import_module(f"aurora_cost.cli.{module}").register(scratch)
    for info in scratch.registered_commands:
        callback = info.callback
        if (info.name or typer.main.get_command_name(getattr(callback, "__name__", ""))) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=root.pretty_exceptions_short,
                rich_markup_mode=root.rich_markup_mode,
            )
    for group in scratch.registered_groups:
        if group.name == name:
            return typer.main.get_group_from_info(
                group,
                pretty_exceptions_short=root.pretty_exceptions_short,
                rich_markup_mode=root.rich_markup_mode,
                suggest_commands=root.suggest_commands,
            )
    raise LookupError(f"aurora_cost.cli.{module}.register adds no command named {name!r}")


class LazyCommands(MutableMapping[str, ClickCommand]):
    """A group's commands by name, in the order given: each built on first look-up."""

    def __init__(
        self,
        built: MutableMapping[str, ClickCommand],
        modules: Mapping[str, str],
        build: Callable[[str, str], ClickCommand],
    ) -> None:
        self._built = built
        self._modules = modules
        self._build = build

    def __getitem__(self, name: str) -> ClickCommand:
        if name not in self._built:
            if name not in self._modules:
                raise KeyError(name)
            self._built[name] = self._build(self._modules[name], name)
        return self._built[name]

    def __setitem__(self, name: str, command: ClickCommand) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._built.pop(name, None)
        if name in self._modules:
            self._modules = {k: v for k, v in self._modules.items() if k != name}

    def __contains__(self, name: object) -> bool:
        return name in self._modules or name in self._built

    def __iter__(self) -> Iterator[str]:
        yield from self._modules
        yield from (name for name in self._built if name not in self._modules)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def lazy_root(modules: Mapping[str, str], root: Callable[[], typer.Typer]) -> type[Group]:
    """A root group class whose commands are `modules` (name -> module of
    `aurora_cost.cli`), built on first look-up with the settings of the app `root()`."""

    class Root(Group):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            app = root()
            self.commands = LazyCommands(
                self.commands, modules, lambda module, name: build_command(module, name, app)
            )

    return Root
