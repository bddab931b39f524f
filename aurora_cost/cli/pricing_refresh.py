"""`aurora-cost pricing import` and `aurora-cost pricing update`: fresh prices from AWS.

The CLI lead attaches both commands to the `pricing` sub-app with
`register(pricing_app)`. Each command parses, calls the core in
`aurora_cost.pricing.aws`, and reports: data (the `--diff` lines) on stdout, notes and
the progress bar on stderr, `Error: ...` and exit 2 on any failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import say
from aurora_cost.cli.options import PricingOpt

if TYPE_CHECKING:  # the offer readers, Rich and urllib load only when a command runs
    from aurora_cost.pricing.aws import ImportResult
    from aurora_cost.pricing.aws.download import ProgressCallback

OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        metavar="DIR",
        help="Directory to write <region>.yaml into. Default: --pricing or "
        "$AURORA_COST_PRICING if given, else your price directory (which then wins over the "
        "bundled prices; 'aurora-cost pricing show REGION' names the file in use).",
        file_okay=False,
    ),
]
DiffOpt = Annotated[
    bool,
    typer.Option(
        "--diff",
        help="Print the rates that would change (old -> new) on stdout and write nothing.",
    ),
]


def register(pricing_app: typer.Typer) -> None:
    """Add the `import` and `update` commands to the `pricing` sub-app."""
    pricing_app.command("import", cls=Command)(import_command)
    pricing_app.command("update", cls=Command)(update_command)


def _target(out: Path | None, pricing: Path | None) -> Path:
    """`--out`, else `--pricing` or $AURORA_COST_PRICING, else the user's price directory:
    never the installed package, whose files an upgrade would replace."""
    from aurora_cost.pricing.store import PRICING_ENV, pricing_dir, user_pricing_dir

    if out is not None:
        return out
    if pricing is not None or os.environ.get(PRICING_ENV):
        return pricing_dir(pricing)
    return user_pricing_dir()


def _finish(result: ImportResult, target: Path, diff: bool) -> None:
    from aurora_cost.pricing.aws import diff_lines
    from aurora_cost.pricing.aws import write_pricing as write_result

    if result.skipped_regions:
        say(
            "Note: skipped Local Zones and other non-Region codes: "
            + ", ".join(result.skipped_regions)
        )
    for warning in result.warnings:
        say(f"Note: {warning.rstrip('.')}.")
    if diff:
        lines = diff_lines(result, target)
        for line in lines:
            typer.echo(line)
        regions = len(result.regions)
        say(
            f"{len(lines)} change(s) in {regions} region(s) against {target}; nothing written "
            "(run again without --diff to write)."
        )
        return
    written = write_result(result, target)
    say(
        f"Wrote {len(written)} price file(s) to {target}: {', '.join(result.regions)} "
        f"(offer published {_published(result)})."
    )


def _published(result: ImportResult) -> str:
    dates = sorted({p.source.published.isoformat() for p in result.regions.values()})
    return ", ".join(dates)


def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="AmazonRDS offer files (index.csv or index.json), per region or whole-service, "
            "and optionally the AWSDatabaseSavingsPlans offer files of the same regions.",
            metavar="FILE",
        ),
    ],
    out: OutOpt = None,
    diff: DiffOpt = False,
    pricing: PricingOpt = None,
) -> None:
    """Turn AWS Price List offer files for AmazonRDS into pricing/<region>.yaml files.

    Reads CSV or JSON, one region or every region, streaming (flat memory). An
    AWSDatabaseSavingsPlans offer file given too adds its regions' Database Savings
    Plans rates. All regions are written at once, only when every file parsed; a
    failure leaves the old files as they were.

    Example:

    \b
      aurora-cost pricing import index.csv --diff
      aurora-cost pricing import rds/index.csv savings-plans/index.csv
    """
    from aurora_cost.pricing.aws import import_offer_files

    result = import_offer_files(files)
    _finish(result, _target(out, pricing), diff)


class _Bar:
    """A Rich progress bar on stderr, one task per file (only on a terminal)."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.tasks: dict[str, Any] = {}

    def __call__(self, label: str, done: int, total: int | None) -> None:
        task = self.tasks.get(label)
        if task is None:
            task = self.tasks[label] = self.progress.add_task(label, total=total)
        self.progress.update(task, completed=done, total=total)


@contextmanager
def _progress() -> Iterator[ProgressCallback | None]:
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    progress = Progress(
        TextColumn("{task.description:>16}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=Console(stderr=True, highlight=False),
        transient=True,
    )
    with progress:
        yield _Bar(progress)


def update_command(
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            metavar="REGION",
            help="Region to refresh (repeatable). Default: every region with a file in the "
            "output directory, or every AWS Region when it has none.",
        ),
    ] = None,
    out: OutOpt = None,
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            metavar="URL",
            help="Price List endpoint (no credentials needed). "
            "Default: https://pricing.us-east-1.amazonaws.com",
            show_default=False,
        ),
    ] = None,
    diff: DiffOpt = False,
    pricing: PricingOpt = None,
) -> None:
    """Download current AmazonRDS prices from AWS's public Price List and write them.

    Fetches the AmazonRDS and the AWSDatabaseSavingsPlans region indexes and each
    region's offer CSVs (timeouts, a few quick retries), then imports them like
    `pricing import`. Any failure exits 2 and
    leaves the previous files byte-identical.

    Example:

    \b
      aurora-cost pricing update --region eu-west-1 --region us-east-1
    """
    from aurora_cost.pricing.aws import DEFAULT_ENDPOINT
    from aurora_cost.pricing.aws.download import update_regions
    from aurora_cost.pricing.store import available_regions

    target = _target(out, pricing)
    existing = available_regions(target) if target.is_dir() else []
    with _progress() as callback:
        result = update_regions(
            regions=region or [],
            existing=existing,
            endpoint=endpoint or DEFAULT_ENDPOINT,
            progress=callback,
        )
    _finish(result, target, diff)
