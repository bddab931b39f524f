"""`aurora-cost regions`: every region with bundled (or --pricing) prices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import Output, say
from aurora_cost.cli.options import OUTPUT, PricingOpt, with_options
from aurora_cost.render import LISTING

if TYPE_CHECKING:
    from aurora_cost.pricing.model import RegionPricing


@with_options(OUTPUT)
def regions_command(pricing: PricingOpt = None, *, output: Output) -> None:
    """List the regions, whether Serverless v1 was sold there, the key rates and how many
    instance classes each engine (Aurora MySQL, Aurora PostgreSQL) can use there.

    Examples:

    \b
      aurora-cost regions
      aurora-cost regions --format json | jq -r '.regions[] | select(.v1_sold) | .region'
      aurora-cost regions --format json | jq '.regions[] | {region, pg: .instance_classes.postgresql}'
    """
    from aurora_cost.pricing.store import load_all, price_layers
    from aurora_cost.render.listing import Listing

    all_prices = load_all(price_layers(pricing))
    rows = [region_row(p) for p in all_prices]
    document = {
        "schema_version": 1,
        "currency": "USD",
        "regions": [
            {
                **row,
                "name": p.name,
                "partition": p.partition,
                "published": p.source.published,
                "instance_classes": classes_per_engine(p),
                "rds_proxy": p.section("rds_proxy") is not None,
                "savings_plans": p.savings_plans.rates if p.savings_plans else None,
            }
            for row, p in zip(rows, all_prices)
        ],
    }
    output.show(LISTING, Listing("Aurora prices by region (USD)", rows, document))
    dates = sorted({p.source.published.isoformat() for p in all_prices})
    say(f"{len(rows)} regions; prices published {', '.join(dates)}.")


def classes_per_engine(prices: RegionPricing) -> dict[str, list[str]]:
    """The instance classes a region sells for each engine (in either storage configuration)."""
    from aurora_cost.pricing.model import ENGINES

    return {
        engine: [name for name, rates in prices.instances.items() if rates.engine(engine)]
        for engine in ENGINES
    }


def region_row(prices: RegionPricing) -> dict[str, Any]:
    """One region's row of the listing: key rates and how many classes each engine has."""
    classes = classes_per_engine(prices)
    return {
        "region": prices.region,
        "name": prices.name + (" [GovCloud]" if prices.partition == "aws-us-gov" else ""),
        "v1_sold": prices.v1_sold,
        "v2_acu_hour": prices.rates.get("serverless_v2_acu_hour"),
        "v2_io_optimized_acu_hour": prices.rates.get("serverless_v2_io_optimized_acu_hour"),
        "storage_gb_month": prices.rates.get("storage_gb_month"),
        "mysql_classes": len(classes["mysql"]),
        "postgresql_classes": len(classes["postgresql"]),
    }


def register(app: typer.Typer) -> None:
    app.command("regions", cls=Command)(regions_command)
