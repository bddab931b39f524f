"""`aurora-cost advise`: the cheapest configuration of each kind that carries the load."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import Output, say, say_prices
from aurora_cost.cli.options import (
    INFRA,
    INPUT_PATHS,
    OUTPUT,
    ClusterOpt,
    InfraInputs,
    PricingOpt,
    RegionOpt,
    WorkloadOpt,
    with_options,
)
from aurora_cost.cli.what_if import WHAT_IF
from aurora_cost.render import ADVICE, INFRA_ADVICE
from aurora_cost.workload.whatif import WhatIf

if TYPE_CHECKING:
    from aurora_cost.workload.model import Workload

_ADVICE = "Constraints on the advice"


@with_options(WHAT_IF, INFRA, OUTPUT, INPUT_PATHS)
def advise_command(
    workload: WorkloadOpt = None,
    region: RegionOpt = None,
    pricing: PricingOpt = None,
    no_pause: Annotated[
        bool,
        typer.Option(
            "--no-pause",
            help="Latency-sensitive: Serverless v2 minimum above 0 (no auto-pause).",
            rich_help_panel=_ADVICE,
        ),
    ] = False,
    min_acu_at_least: Annotated[
        float | None,
        typer.Option(
            "--min-acu-at-least",
            metavar="ACU",
            help="Serverless v2 minimum of at least this many ACUs.",
            rich_help_panel=_ADVICE,
            show_default=False,
        ),
    ] = None,
    max_throttled_hours: Annotated[
        float,
        typer.Option(
            "--max-throttled-hours",
            metavar="HOURS",
            help="Hours a month demand may exceed max_acu (default 0: never).",
            rich_help_panel=_ADVICE,
        ),
    ] = 0.0,
    current: Annotated[
        str | None,
        typer.Option(
            "--current",
            metavar="NAME",
            help="The option you run now, to count savings against. Default: the workload's "
            "first option that can be created today.",
            show_default=False,
        ),
    ] = None,
    kinds: Annotated[
        str | None,
        typer.Option(
            "--kinds",
            metavar="KINDS",
            help="Kinds to advise on, comma-separated (any case). Default: every kind advise "
            "searches: serverless-v2, provisioned and any kind a plug-in registers for advice.",
            rich_help_panel=_ADVICE,
            show_default=False,
        ),
    ] = None,
    cluster: ClusterOpt = None,
    *,
    what_if: WhatIf,
    infra: InfraInputs,
    output: Output,
) -> None:
    """Find the cheapest Serverless v2 and provisioned configuration that carries the load.

    Replays the workload's demand (or --trace) through every configuration worth trying,
    keeps those that fit and have a complete bill, and shows where serverless stops paying
    (break-even by active hours a day and by steady ACU). Each recommended option can be
    pasted into a workload file's `options:`.

    Examples:

    \b
      aurora-cost advise --region eu-west-1
      aurora-cost advise --trace tests/data/traces/statistics.json --region us-east-1 --no-pause --format json
      aurora-cost advise -w examples/steady-api.yaml --kinds provisioned --format markdown
      aurora-cost advise --infra plan.json --usage usage.yaml
      aurora-cost advise --cluster orders --region eu-west-1
    """
    from aurora_cost.advise import Constraints, advise
    from aurora_cost.errors import InputError

    if max_throttled_hours < 0:
        raise InputError("--max-throttled-hours: must be 0 or more hours a month")
    if min_acu_at_least is not None and not 0 <= min_acu_at_least <= 256:
        raise InputError("--min-acu-at-least: give 0 to 256 ACUs")
    constraints = Constraints(
        no_pause=no_pause,
        min_acu_at_least=min_acu_at_least,
        max_throttled_hours=max_throttled_hours,
        kinds=None
        if kinds is None
        else tuple(k.strip().lower() for k in kinds.split(",") if k.strip()),
    )
    if infra and cluster is not None:
        raise InputError("--cluster: not with --infra; the live cluster is the workload")
    if infra:
        from aurora_cost.advise.infra import advise_infra
        from aurora_cost.cli.infra_cmd import refuse_extras

        as_of = refuse_extras(what_if, workload=workload)
        document = advise_infra(
            list(infra.files),
            usage=infra.usage_file,
            region=region,
            pricing=pricing,
            infra_format=infra.infra_format,
            variables=infra.variables,
            constraints=constraints,
            as_of=as_of,
        )
        output.show(INFRA_ADVICE, document)
        say_prices(document.pricing)
        for warning in document.warnings:
            say(f"warning: {warning}")
        return
    infra.only_with_infra()
    source: Path | Workload | None = workload
    if cluster is not None:
        from aurora_cost.cli.scan_cmd import live_cluster

        live = live_cluster(cluster, region, conflicts={"workload": workload})
        source, region = live.workload, region or live.workload.region
        if live.pause_blocked:  # AWS will not pause it: advise no minimum of 0
            constraints = replace(constraints, no_pause=True)
    advice = advise(
        source, region, what_if=what_if, pricing=pricing, constraints=constraints, current=current
    )
    output.show(ADVICE, advice)
    say_prices([advice.pricing])
    for warning in advice.warnings:
        say(f"note: {warning}")


def register(app: typer.Typer) -> None:
    app.command("advise", cls=Command)(advise_command)
