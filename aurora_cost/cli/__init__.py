"""The command line: a thin Typer layer over the core (one file per command group)."""

from __future__ import annotations

import os

# Pydantic scans every installed package for plugins on the first model it builds
# (about 10 ms); aurora-cost uses none, so skip the scan unless the user set it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from typing import Annotated

import typer

from aurora_cost import __version__
from aurora_cost.cli.advise_cmd import register as register_advise
from aurora_cost.cli.common import STATE
from aurora_cost.cli.compare import register as register_compare
from aurora_cost.cli.infra_cmd import register as register_diff
from aurora_cost.cli.pricing_cmd import register as register_pricing
from aurora_cost.cli.regions import register as register_regions
from aurora_cost.cli.schema_cmd import register as register_schema
from aurora_cost.cli.usage import UsageErrorsGroup
from aurora_cost.cli.validate_cmd import register as register_validate

app = typer.Typer(
    name="aurora-cost",
    help=(
        "What an Amazon Aurora database costs each month as Serverless v1, Serverless v2 or "
        "provisioned, for your workload, in any AWS region.\n\n"
        "Example: aurora-cost compare --region eu-west-1"
    ),
    no_args_is_help=True,
    cls=UsageErrorsGroup,  # a usage error is one `Error:` line and a help hint
    rich_markup_mode=None,  # no Rich on start-up
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
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
    STATE["debug"] = debug


register_compare(app)
register_advise(app)
register_diff(app)
register_regions(app)
register_pricing(app)
register_schema(app)
register_validate(app)


def main() -> None:
    app(prog_name="aurora-cost")
