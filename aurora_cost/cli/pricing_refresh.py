"""`aurora-cost pricing import` and `aurora-cost pricing update`: fresh prices from AWS.

The CLI lead attaches both commands to the `pricing` sub-app with
`register(pricing_app)`. Each command parses, calls the core in
`aurora_cost.offers`, and reports: data (the `--diff` lines) on stdout, notes and
the progress bar on stderr, `Error: ...` and exit 2 on any failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)

from aurora_cost.errors import AuroraCostError, ExitStatus
from aurora_cost.offers import DEFAULT_ENDPOINT, ImportResult, diff_lines, import_offer_files
from aurora_cost.offers import write_pricing as write_result
from aurora_cost.offers.download import ProgressCallback, update_regions
from aurora_cost.pricing import PRICING_ENV, available_regions, pricing_dir

OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Directory to write <region>.yaml into. Default: the active price directory "
        f"(--pricing, ${PRICING_ENV}, else the bundled one).",
        file_okay=False,
    ),
]
PricingOpt = Annotated[
    Path | None,
    typer.Option("--pricing", help="Use this price directory.", envvar=PRICING_ENV),
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
    pricing_app.command("import")(import_command)
    pricing_app.command("update")(update_command)


def _err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, no_color="NO_COLOR" in os.environ)


def _fail(exc: AuroraCostError) -> NoReturn:
    _err_console().print(f"Error: {exc}", markup=False)
    raise typer.Exit(int(exc.exit_status))


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except AuroraCostError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        _err_console().print("Interrupted; no price file was changed.", markup=False)
        raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None


def _target(ctx: typer.Context, out: Path | None, pricing: Path | None) -> Path:
    if out is not None:
        return out
    root = ctx.find_root().params.get("pricing")
    return pricing_dir(pricing if pricing is not None else root)


def _finish(result: ImportResult, target: Path, diff: bool) -> None:
    console = _err_console()
    if result.skipped_regions:
        console.print(
            "Note: skipped Local Zones and other non-Region codes: "
            + ", ".join(result.skipped_regions),
            markup=False,
        )
    if diff:
        lines = diff_lines(result, target)
        for line in lines:
            typer.echo(line)
        regions = len(result.regions)
        console.print(
            f"{len(lines)} change(s) in {regions} region(s) against {target}; nothing written "
            "(run again without --diff to write).",
            markup=False,
        )
        return
    written = write_result(result, target)
    console.print(
        f"Wrote {len(written)} price file(s) to {target}: {', '.join(result.regions)} "
        f"(offer published {_published(result)}).",
        markup=False,
    )


def _published(result: ImportResult) -> str:
    dates = sorted({p.source.published.isoformat() for p in result.regions.values()})
    return ", ".join(dates)


def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="AmazonRDS offer files (index.csv or index.json), per region or whole-service.",
            metavar="FILE",
        ),
    ],
    out: OutOpt = None,
    diff: DiffOpt = False,
    pricing: PricingOpt = None,
) -> None:
    """Turn AWS Price List offer files for AmazonRDS into pricing/<region>.yaml files.

    Reads CSV or JSON, one region or every region, streaming (flat memory). All
    regions are written at once, only when every file parsed; a failure leaves
    the old files as they were.

    Example: aurora-cost pricing import index.csv --diff
    """
    with _errors():
        result = import_offer_files(files)
        _finish(result, _target(ctx, out, pricing), diff)


class _Bar:
    """A Rich progress bar on stderr, one task per file (only on a terminal)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

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
    progress = Progress(
        TextColumn("{task.description:>16}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=_err_console(),
        transient=True,
    )
    with progress:
        yield _Bar(progress)


def update_command(
    ctx: typer.Context,
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            help="Region to refresh (repeatable). Default: every region with a file in the "
            "output directory, or every AWS Region when it has none.",
        ),
    ] = None,
    out: OutOpt = None,
    endpoint: Annotated[
        str, typer.Option("--endpoint", help="Price List endpoint (no credentials needed).")
    ] = DEFAULT_ENDPOINT,
    diff: DiffOpt = False,
    pricing: PricingOpt = None,
) -> None:
    """Download current AmazonRDS prices from AWS's public Price List and write them.

    Fetches region_index.json and each region's offer CSV (timeouts, a few quick
    retries), then imports them like `pricing import`. Any failure exits 2 and
    leaves the previous files byte-identical.

    Example: aurora-cost pricing update --region eu-west-1 --region us-east-1
    """
    with _errors():
        target = _target(ctx, out, pricing)
        existing = available_regions(target) if target.is_dir() else []
        with _progress() as callback:
            result = update_regions(
                regions=region or [], existing=existing, endpoint=endpoint, progress=callback
            )
        _finish(result, target, diff)
