"""The instances file of the bundled price data (used by make_bundled_pricing.py).

`tools/data/aurora-instances-2025-06-17.json` holds, per region, every Aurora instance class
AWS's pricing-page feed prices (rds-aurora-ondemand.json), per engine (`mysql` = Aurora
MySQL, `postgresql` = Aurora PostgreSQL) and storage configuration (`standard`,
`io_optimized`), and the RDS Proxy rates per engine (rds-proxy.json). An engine, class or
configuration left out is not sold there.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from savings_plans_data import class_order

from aurora_cost import charges
from aurora_cost.pricing.model import (
    ENGINES,
    SECTIONS,
    ClassRates,
    EngineRate,
    InstanceRates,
    SectionRates,
)

INSTANCES_SOURCE = Path(__file__).resolve().parent / "data" / "aurora-instances-2025-06-17.json"
CONFIGS = ("standard", "io_optimized")


class SourceDataError(Exception):
    """The JSON is not in the form this generator reads."""


def price(value: Any, where: str) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise SourceDataError(f"{where}: expected a number or null, got {value!r}")


def _keys(value: Any, allowed: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not set(value) <= set(allowed):
        raise SourceDataError(f"{where}: expected an object with keys among {list(allowed)}")
    return value


def instance_rates(region: str, row: Any) -> dict[str, ClassRates]:
    """Every class of one region of the instances file, per engine and configuration."""
    where = f"{INSTANCES_SOURCE.name}: regions.{region}.instances"
    classes = row.get("instances") if isinstance(row, dict) else None
    if not isinstance(classes, dict):
        raise SourceDataError(f"{where}: expected an object")
    found: dict[str, ClassRates] = {}
    for name in class_order(list(classes)):
        engines: dict[str, InstanceRates] = {}
        for engine, configs in _keys(classes[name], ENGINES, f"{where}.{name}").items():
            at = f"{where}.{name}.{engine}"
            values = {c: price(v, f"{at}.{c}") for c, v in _keys(configs, CONFIGS, at).items()}
            if any(v is not None for v in values.values()):
                engines[engine] = InstanceRates(**values)
        if engines:
            found[name] = ClassRates(**engines)
    return found


def section_rates(region: str, row: Any, charge: charges.Charge) -> SectionRates | None:
    """A charge's rates per engine (`rds_proxy`) from the region's row, by their feed keys;
    None when the feed has none for the region."""
    where = f"{INSTANCES_SOURCE.name}: regions.{region}.{charge.section}"
    feed = {rate.feed: rate.key for rate in charge.engine_rates}
    found = _keys(row.get(charge.section) or {}, tuple(feed), where)
    if not found:
        return None
    rates = {
        feed[key]: EngineRate(
            **{
                e: price(v, f"{where}.{key}.{e}")
                for e, v in _keys(found.get(key) or {}, ENGINES, f"{where}.{key}").items()
            }
        )
        for key in feed
    }
    return SECTIONS[charge.section](**rates)
