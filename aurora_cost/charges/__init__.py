"""The charges of an Aurora bill, each declared once, and the registry everything reads.

A charge is one module here that declares a `Charge`: its line-item name, the rates it
reads from the price file (key, unit, per engine or not, which storage configuration, the
AWS offer rows each is imported from) and how it is billed (a function from the option,
its run, the cluster's monthly quantities and the region's prices to line items). The
price-file model (`pricing/model.py`), the importer (`pricing/aws/`), the writer,
`pricing show`, the bill (`billing.py`), the report's line-item names and the renderers
all follow the registry, so nothing else changes when a charge is added.

To add a charge:
1. write `aurora_cost/charges/<name>.py` declaring `CHARGE = Charge(name=..., rates=(Rate(
   key=..., unit=..., offer=Offer(usage_type=..., family=..., units=...)),), bill=...)`
   (see `backup.py` for a flat rate, `rds_proxy.py` for rates per engine in a section),
   and `amounts=(Amount(key=..., unit=..., doc=...),)` for the workload amounts it bills
   that no other charge declares (they become keys of the workload and usage files; the
   bill reads them with `cluster.amount(key)`);
2. add the module's name to `BUILT_IN` below (its place there is its place in the price
   file; `bill_order` is its place on the bill).
A test or a plug-in may `register(charge)` at run time and `unregister(name)` after (or
`registered(charge)` for a block); the price model and the report follow at once.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

from aurora_cost.charges.base import Amount, Charge, Charged, ClusterQuantities, Offer, Rate
from aurora_cost.registry import Registry

if TYPE_CHECKING:
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

__all__ = [
    "BUILT_IN",
    "CHARGES",
    "Amount",
    "Charge",
    "Charged",
    "ClusterQuantities",
    "Offer",
    "Rate",
    "amounts",
    "billed",
    "charges",
    "cluster_charges",
    "line_item_names",
    "on_change",
    "register",
    "registered",
    "unregister",
]

# In price-file order: the compute rates first, then each charge's.
BUILT_IN = (
    "compute",
    "storage",
    "io",
    "backup",
    "snapshot_export",
    "backtrack",
    "data_api",
    "global_database",
    "rds_proxy",
    "extended_support",
)


def _check(charge: Charge, registry: Registry[Charge]) -> None:
    """A charge's rate keys, section and workload amounts must be new too."""
    taken = {(c.section, r.key) for c in registry.values() for r in c.rates}
    for rate in charge.rates:
        if (charge.section if rate.per_engine else "", rate.key) in taken:
            raise ValueError(f"rate {rate.key!r} of {charge.name!r} is already declared")
        if rate.per_engine and not charge.section:
            raise ValueError(f"{charge.name}: a rate per engine needs the charge's section")
    if charge.section and charge.section in {c.section for c in registry.values()}:
        raise ValueError(f"section {charge.section!r} is already declared")
    declared = {amount.key for c in registry.values() for amount in c.amounts}
    for amount in charge.amounts:
        if amount.key in declared:
            raise ValueError(f"workload amount {amount.key!r} is already declared")


CHARGES: Registry[Charge] = Registry("charge", lambda charge: charge.name, _check)
register = CHARGES.register
unregister = CHARGES.unregister
registered = CHARGES.registered
on_change = CHARGES.on_change


def charges() -> tuple[Charge, ...]:
    """Every charge, in price-file order."""
    return tuple(CHARGES.values())


def amounts() -> tuple[Amount, ...]:
    """Every workload amount the charges declare, in bill order (the workload file's)."""
    ordered = sorted(CHARGES.values(), key=lambda charge: charge.bill_order)
    return tuple(amount for charge in ordered for amount in charge.amounts)


# Asked for every option priced (and every line item validated): kept until the registry
# changes. Registered first, so what follows the registry reads the new values.
@cache
def billed() -> tuple[Charge, ...]:
    """The charges billed per cluster (compute aside), in bill order."""
    ordered = sorted(CHARGES.values(), key=lambda charge: charge.bill_order)
    return tuple(charge for charge in ordered if charge.bill is not None)


@cache
def line_item_names() -> tuple[str, ...]:
    """Every line-item name a report may carry, in bill order."""
    ordered = sorted(CHARGES.values(), key=lambda charge: charge.bill_order)
    return tuple(c.name for c in ordered if c.bill is not None or c.billed_by_kind)


on_change(billed.cache_clear)
on_change(line_item_names.cache_clear)


def cluster_charges(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    """Every per-cluster charge of the option, in bill order."""
    out = Charged()
    for charge in billed():
        assert charge.bill is not None  # billed() keeps the charges that bill
        out.add(charge.bill(option, run, cluster, pricing))
    return out


def _load_built_in() -> None:
    for name in BUILT_IN:
        module = importlib.import_module(f"aurora_cost.charges.{name}")
        register(module.CHARGE)


_load_built_in()
