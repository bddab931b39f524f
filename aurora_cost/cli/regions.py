"""`aurora-cost regions`: every region with bundled (or --pricing) prices."""

from __future__ import annotations

import typer

from aurora_cost.cli.common import (
    FormatOpt,
    PricingOpt,
    choose_format,
    color_wanted,
    emit,
    guarded,
    say,
    terminal_width,
)


@guarded
def regions_command(fmt: FormatOpt = None, pricing: PricingOpt = None) -> None:
    """List the regions, whether Serverless v1 was sold there, and the key rates.

    Examples:

    \b
      aurora-cost regions
      aurora-cost regions --format json | jq -r '.regions[] | select(.v1_sold) | .region'
    """
    from aurora_cost.pricing.store import load_all, price_layers
    from aurora_cost.render.listing import render_rows

    all_prices = load_all(price_layers(pricing))
    rows = [
        {
            "region": p.region,
            "name": p.name + (" [GovCloud]" if p.partition == "aws-us-gov" else ""),
            "v1_sold": p.v1_sold,
            "v2_acu_hour": p.rates.serverless_v2_acu_hour,
            "v2_io_optimized_acu_hour": p.rates.serverless_v2_io_optimized_acu_hour,
            "storage_gb_month": p.rates.storage_gb_month,
        }
        for p in all_prices
    ]
    document = {
        "schema_version": 1,
        "currency": "USD",
        "regions": [
            {**row, "name": p.name, "partition": p.partition, "published": p.source.published}
            for row, p in zip(rows, all_prices)
        ],
    }
    emit(
        render_rows(
            rows,
            choose_format(fmt),
            title="Aurora prices by region (USD)",
            json_document=document,
            width=terminal_width(),
            color=color_wanted(),
        )
    )
    dates = sorted({p.source.published.isoformat() for p in all_prices})
    say(f"{len(rows)} regions; prices published {', '.join(dates)}.")


def register(app: typer.Typer) -> None:
    app.command("regions")(regions_command)
