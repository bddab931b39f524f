"""`aurora-cost reconcile`: your AWS bill against what aurora-cost computes for its usage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import Output, emit, say
from aurora_cost.cli.options import (
    INFRA,
    INPUT_PATHS,
    OUTPUT,
    InfraInputs,
    PricingOpt,
    with_options,
)
from aurora_cost.render import RECONCILIATION

BillOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--bill",
        metavar="FILE_OR_DIR",
        help="AWS Data Exports files or folders: CUR 2.0 (Parquet, CSV, CSV.gz) or FOCUS 1.x; "
        "repeatable. A folder stands for every export file under it.",
        show_default=False,
    ),
]


@with_options(INFRA, OUTPUT, INPUT_PATHS)
def reconcile_command(
    bill: BillOpt = None,
    bill_files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE_OR_DIR",
            help="More export files (what a shell glob after --bill expands to).",
            show_default=False,
        ),
    ] = None,
    aggregated: Annotated[
        Path | None,
        typer.Option(
            "--bill-aggregated",
            metavar="FILE",
            help="The --print-query result saved as CSV (e.g. from Amazon Athena), instead of "
            "the export itself.",
            show_default=False,
        ),
    ] = None,
    print_query: Annotated[
        bool,
        typer.Option(
            "--print-query",
            help="Print the aggregation query for Amazon Athena (the export's table named "
            "cur2; columns read from the --bill files) and stop.",
        ),
    ] = False,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            metavar="REGION",
            help="Only this region's rows (and the region to price rows that name none).",
            show_default=False,
        ),
    ] = None,
    pricing: PricingOpt = None,
    no_alternatives: Annotated[
        bool, typer.Option("--no-alternatives", help="Skip the advice on the billed demand.")
    ] = False,
    *,
    infra: InfraInputs,
    output: Output,
) -> None:
    """Check an AWS bill (CUR 2.0 or FOCUS export) against aurora-cost, cluster by cluster.

    Reads the export's Aurora rows with DuckDB (pip install 'aurora-cost[bill]'), groups
    them by cluster, prices the same usage with aurora-cost, shows billed, computed and the
    difference, and the cheapest alternatives on the billed hourly demand.

    Examples:

    \b
      aurora-cost reconcile --bill ./cur2/BILLING_PERIOD=2026-11/
      aurora-cost reconcile --bill export.csv.gz --infra clusters.json --format markdown
      aurora-cost reconcile --bill export.parquet --print-query > aurora.sql
      aurora-cost reconcile --bill-aggregated athena-result.csv --format json
    """
    from aurora_cost.errors import InputError

    files = [*(bill or []), *(bill_files or [])]
    if bill_files and not bill:
        raise InputError("give the export files after --bill, e.g. --bill export/*.parquet")
    if print_query:
        if not files:
            raise InputError("--print-query needs --bill FILE (its columns shape the query)")
        from aurora_cost.bill.read import print_query as query_text

        emit(query_text(files))
        return
    from aurora_cost.bill import reconcile

    if infra.usage_file is not None:
        raise InputError("--usage does not go with reconcile: the bill is the usage")
    document = reconcile(
        list(files),
        aggregated=aggregated,
        infra=list(infra.files),
        infra_format=infra.infra_format,
        region=region,
        pricing=pricing,
        alternatives=not no_alternatives,
    )
    output.show(RECONCILIATION, document)
    for warning in document.warnings:
        say(f"warning: {warning}")
    if document.unknown_usage_types:
        names = ", ".join(u.usage_type for u in document.unknown_usage_types)
        say(f"note: usage types aurora-cost does not know (billed, not computed): {names}")


def register(app: typer.Typer) -> None:
    app.command("reconcile", cls=Command)(reconcile_command)
