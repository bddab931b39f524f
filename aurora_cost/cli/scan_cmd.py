"""`aurora-cost scan`: the Aurora clusters of an AWS region, priced on their own metrics."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import Output, say
from aurora_cost.cli.options import OUTPUT, PricingOpt, with_options
from aurora_cost.errors import InputError
from aurora_cost.render import SCAN

if TYPE_CHECKING:
    from aurora_cost.sources.aws.scan import LiveWorkload

ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile", help="AWS profile to use (default: boto3's chain).", show_default=False
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The month to price, YYYY-MM (Extended Support). Default: this month.",
        show_default=False,
    ),
]


@with_options(OUTPUT)
def scan_command(
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="AWS region to scan, e.g. eu-west-1 (default: AWS_REGION, AWS_DEFAULT_REGION).",
            show_default=False,
        ),
    ] = None,
    cluster: Annotated[
        list[str] | None,
        typer.Option(
            "--cluster",
            help="A DBClusterIdentifier to scan (repeatable). Default: every Aurora cluster.",
            show_default=False,
        ),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="Days of CloudWatch metrics to read (1-63).")
    ] = 14,
    as_of: AsOfOpt = None,
    profile: ProfileOpt = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ignore the metric cache and read CloudWatch again.")
    ] = False,
    pricing: PricingOpt = None,
    *,
    output: Output,
) -> None:
    """Read your Aurora clusters and their CloudWatch metrics, and price each on its own demand.

    Read-only: describe calls and CloudWatch GetMetricData (the README lists the IAM
    actions). Per cluster: the configuration as read, the monthly cost modelled from its
    metrics, the cheapest configuration that carries the load, and findings in dollars a
    month. Metrics are cached in the user cache directory (--refresh reads them again).

    Examples:

    \b
      aurora-cost scan --region eu-west-1
      aurora-cost scan --region eu-west-1 --cluster orders --days 30 --format markdown
    """
    from aurora_cost.sources.aws import scan

    code = resolve_scan_region(region)
    tell = say if sys.stderr.isatty() else None
    document = scan(
        code,
        clusters=list(cluster or []),
        days=days,
        as_of=as_of,
        profile=profile,
        refresh=refresh,
        pricing=pricing,
        progress=tell,
    )
    output.show(SCAN, document)
    for warning in document.warnings:
        say(f"warning: {warning}")


def live_cluster(
    cluster: str, region: str | None, *, conflicts: Mapping[str, object]
) -> LiveWorkload:
    """`--cluster ID` on compare, check and advise: the live cluster as a workload, as it ran
    on its own demand (notes on stderr)."""
    from aurora_cost.sources.aws import live_workload

    given = [name for name, value in conflicts.items() if value not in (None, False)]
    if given:
        shown = ", ".join("--" + g.replace("_", "-") for g in given)
        raise InputError(f"--cluster: not with {shown}; the live cluster is the workload")
    live = live_workload(resolve_scan_region(region), cluster)
    for note in live.notes:
        say(f"note: {note}")
    return live


def resolve_scan_region(region: str | None) -> str:
    import os

    if region is not None and region.strip():
        return region.strip()
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(name, "").strip():
            return os.environ[name].strip()
    raise InputError("no region given; pass --region (e.g. --region eu-west-1) or set AWS_REGION")


def register(app: typer.Typer) -> None:
    app.command("scan", cls=Command)(scan_command)
