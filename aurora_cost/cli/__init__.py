"""The command line: a thin Typer layer over the core (one module per command or group).

How to add a command (say `scan`):

1. Write `cli/scan_cmd.py` with a function that parses, calls the core ONCE, and shows the
   document. Take the shared options from `cli/options.py` (the what-if and trace group
   `WHAT_IF` from `cli/what_if.py`), never redeclare them: single
   options as `Annotated` aliases (`region: RegionOpt = None`), groups through
   `@with_options(WHAT_IF, INFRA, OUTPUT)` and a keyword parameter per group
   (`what_if: WhatIf`, `infra: InfraInputs`, `output: Output`).
2. Raise `AuroraCostError` subclasses (`InputError` for bad input) with a message a user
   can act on; never catch them, never print `Error:` yourself, never exit the process:
   the one error boundary (`cli/boundary.py`) turns them into `Error: ...` and the
   documented exit code. `raise typer.Exit(ExitStatus.OVER_BUDGET)` for a verdict.
3. Print the document with `output.show(RENDERERS, document)`, where RENDERERS is the
   document kind's format -> renderer map in `render/__init__.py` (add one for a new kind);
   talk (notes, warnings, the `Prices:` line) goes to stderr through `say`.
4. Register it: `def register(app): app.command("scan", cls=Command)(scan_command)` and
   one line in `COMMANDS` below (name -> module), which imports the module only when the
   command runs. A command group: `new_app(name, help)` from `cli/boundary.py`.

A new shared option group: see `cli/options.py`. A new output format: `render/__init__.py`.
"""

from __future__ import annotations

import os

# Pydantic scans every installed package for plugins on the first model it builds
# (about 10 ms); aurora-cost uses none, so skip the scan unless the user set it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from typing import Annotated

import typer

from aurora_cost import __version__
from aurora_cost.cli import startup
from aurora_cost.cli.boundary import DEBUG, new_app
from aurora_cost.cli.lazy import lazy_root

# Each command: the module of aurora_cost.cli whose register(app) adds it, in the order
# --help lists them. A command's module is imported, and its command built, only when it
# runs or is listed (cli/lazy.py): `compare` pays for no other command.
COMMANDS = {
    "compare": "compare",
    "check": "compare",
    "advise": "advise_cmd",
    "diff": "infra_cmd",
    "reconcile": "reconcile_cmd",
    "regions": "regions",
    "schema": "schema_cmd",
    "scan": "scan_cmd",
    "validate": "validate_cmd",
    "pricing": "pricing_cmd",
}

app: typer.Typer = new_app(
    "aurora-cost",
    "What an Amazon Aurora database costs each month as Serverless v1, Serverless v2 or "
    "provisioned, for your workload, in any AWS region.\n\n"
    "Example: aurora-cost compare --region eu-west-1",
    cls=lazy_root(COMMANDS, lambda: app),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aurora-cost {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something goes wrong.")
    ] = False,
) -> None:
    DEBUG["on"] = debug


def main() -> None:
    startup.pause()  # until the command starts: see cli/startup.py
    app(prog_name="aurora-cost")
