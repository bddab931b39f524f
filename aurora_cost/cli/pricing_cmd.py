"""`aurora-cost pricing show|validate` (import and update live in pricing_refresh.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aurora_cost.cli.boundary import Command, new_app
from aurora_cost.cli.common import Output, say
from aurora_cost.cli.options import OUTPUT, PricingOpt, with_options
from aurora_cost.errors import AuroraCostError, ExitStatus
from aurora_cost.render import LISTING, PRICE_SHEET

if TYPE_CHECKING:
    from aurora_cost.pricing.model import ClassRates, EngineRate, RegionPricing

pricing_app = new_app(
    "pricing",
    "Show, check and refresh the price data.\n\nExample: aurora-cost pricing show eu-west-1",
)


@pricing_app.command("show", cls=Command)
@with_options(OUTPUT)
def show_command(
    region: Annotated[str, typer.Argument(metavar="REGION", help="Region code, e.g. eu-west-1.")],
    pricing: PricingOpt = None,
    *,
    output: Output,
) -> None:
    """Every rate of one region, with its source and publication date: each instance class
    per engine and storage configuration, with its vCPUs and memory, the RDS Proxy and the
    Database Savings Plans rates, the Reserved Instance offers and the Extended Support rates
    a file imported from an offer file has. The JSON is the price file's document.

    Examples:

    \b
      aurora-cost pricing show eu-west-1
      aurora-cost pricing show us-east-1 --format json | jq .rates.serverless_v2_acu_hour
    """
    from aurora_cost.pricing.store import load_region, price_layers, region_file
    from aurora_cost.render.listing import Listing

    layers = price_layers(pricing)
    prices = load_region(region, layers)
    say(f"Price file: {region_file(region, layers)}")
    rows = price_rows(prices)
    document = prices.model_dump(mode="json")
    title = (
        f"{prices.region} ({prices.name}): {prices.source.name}, "
        f"published {prices.source.published}"
    )
    output.show(PRICE_SHEET, Listing(title, rows, document))
    say(f"Source: {prices.source.url} (published {prices.source.published}).")


def _row(
    rate: str, usd: Any, unit: str, engine: str | None = None, storage: str | None = None
) -> dict[str, Any]:
    return {
        "rate": rate,
        "engine": engine,
        "storage": storage,
        "usd": usd if usd is not None else "not sold",
        "unit": unit,
        "vcpu": None,
        "memory_gib": None,
    }


def _class_rows(
    classes: dict[str, ClassRates], unit: str, prefix: str = ""
) -> list[dict[str, Any]]:
    """A row per class x engine x storage configuration, with the class's vCPUs and memory."""
    from aurora_cost.options import hardware
    from aurora_cost.pricing.model import ENGINES

    rows: list[dict[str, Any]] = []
    for cls, per_class in classes.items():
        known = hardware.hardware(cls)
        for engine in ENGINES:
            rates = per_class.engine(engine)
            for config in ("standard", "io_optimized"):
                value = getattr(rates, config) if rates is not None else None
                row = _row(prefix + cls, value, unit, engine, config.replace("_", "-"))
                if known is not None:
                    row["vcpu"], row["memory_gib"] = known.vcpu, known.memory_gib
                rows.append(row)
    return rows


def _engine_rows(rate: str, rates: EngineRate, unit: str) -> list[dict[str, Any]]:
    from aurora_cost.pricing.model import ENGINES

    return [_row(rate, rates.engine(e), unit, e) for e in ENGINES]


def price_rows(prices: RegionPricing) -> list[dict[str, Any]]:
    """`pricing show`'s rows: every rate, then every class per engine and storage (with its
    vCPUs and memory), each charge's rates per engine (RDS Proxy), the Database Savings
    Plans rates, the Reserved Instance offers and the imported Extended Support rates."""
    from aurora_cost import charges
    from aurora_cost.pricing.model import RATE_UNITS

    rows = [_row(key, value, RATE_UNITS[key]) for key, value in prices.rates]
    rows += _class_rows(prices.instances, RATE_UNITS["instances"])
    for charge in charges.charges():
        section = prices.section(charge.section) if charge.section else None
        if section is None:
            continue
        for rate in charge.engine_rates:
            per_engine = getattr(section, rate.key)
            rows += _engine_rows(f"{charge.section}.{rate.key}", per_engine, rate.unit)
    plans = prices.savings_plans
    if plans is not None:
        unit = f"USD per ACU-hour, Database Savings Plans ({plans.rates})"
        for key in ("serverless_v2_acu_hour", "serverless_v2_io_optimized_acu_hour"):
            rows += _engine_rows(f"savings_plans.{key}", getattr(plans, key), unit)
        unit = f"USD per instance-hour, Database Savings Plans ({plans.rates})"
        rows += _class_rows(plans.instances, unit, "savings_plans.")
    return rows + _reserved_rows(prices) + _extended_support_rows(prices)


def _reserved_rows(prices: RegionPricing) -> list[dict[str, Any]]:
    """A row per Reserved offer's upfront fee and hourly rate (class, term, payment)."""
    rows: list[dict[str, Any]] = []
    for cls, per_engine in (prices.reserved or {}).items():
        for engine, per_storage in per_engine.items():
            for storage, offers in per_storage.items():
                for o in offers:
                    rate = f"reserved.{cls}.{o.term}.{o.payment}"
                    shown = storage.replace("_", "-")
                    unit = "USD per instance, upfront, Reserved Instance"
                    rows.append(_row(f"{rate}.upfront", o.upfront, unit, engine, shown))
                    unit = "USD per instance-hour, Reserved Instance"
                    rows.append(_row(f"{rate}.hourly", o.hourly, unit, engine, shown))
    return rows


def _extended_support_rows(prices: RegionPricing) -> list[dict[str, Any]]:
    """The price file's RDS Extended Support rates (absent: the bundled catalogue's apply)."""
    rates = prices.extended_support
    if rates is None:
        return []
    rows: list[dict[str, Any]] = []
    for name, unit in (
        ("provisioned_vcpu_hour", "USD per vCPU-hour, RDS Extended Support"),
        ("serverless_v2_acu_hour", "USD per ACU-hour, RDS Extended Support"),
    ):
        years = getattr(rates, name)
        for year in ("yr1_yr2", "yr3"):
            value = getattr(years, year)
            if value is not None:
                rows.append(_row(f"extended_support.{name}.{year}", value, unit))
    return rows


@pricing_app.command("validate", cls=Command)
@with_options(OUTPUT)
def validate_command(
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="Directory of <region>.yaml files. Default: the active price data.",
            show_default=False,
        ),
    ] = None,
    pricing: PricingOpt = None,
    *,
    output: Output,
) -> None:
    """Check every price file in a directory; exit 2 if any is broken.

    Examples:

    \b
      aurora-cost pricing validate
      aurora-cost pricing validate ./my-prices
    """
    from aurora_cost.errors import PricingError
    from aurora_cost.pricing.store import available_regions, load_region, price_layers
    from aurora_cost.render.listing import Listing

    if directory is not None:
        if not directory.exists():
            raise PricingError(f"{directory}: no such directory")
        if not directory.is_dir():
            raise PricingError(
                f"{directory}: is a file; give the directory that holds <region>.yaml"
            )
    target = directory if directory is not None else price_layers(pricing)[0]
    regions = available_regions(target)
    if not regions:
        raise PricingError(f"{target}: no price files (<region>.yaml) in this directory")
    rows: list[dict[str, Any]] = []
    for region in regions:
        try:
            load_region(region, target)
            rows.append({"file": f"{region}.yaml", "ok": True, "problem": None})
        except AuroraCostError as exc:
            rows.append({"file": f"{region}.yaml", "ok": False, "problem": str(exc)})
    bad = [row for row in rows if not row["ok"]]
    document = {"directory": str(target), "files": len(rows), "invalid": len(bad), "results": rows}
    output.show(LISTING, Listing(f"Price files in {target}", rows, document))
    if bad:
        for row in bad:
            say(f"Error: {row['problem']}")
        raise typer.Exit(int(ExitStatus.BAD_INPUT))
    say(f"All {len(rows)} price files in {target} are valid.")


def register(app: typer.Typer) -> None:
    from aurora_cost.cli import pricing_refresh  # import and update: their own module

    pricing_refresh.register(pricing_app)
    app.add_typer(pricing_app, name="pricing")
