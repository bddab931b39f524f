"""What a charge declares (its rates, the offer rows they come from, its bill) and the
helpers its bill uses. Light on purpose: the price-file model imports the registry, so
nothing here imports the price model or the option kinds at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, Protocol

from aurora_cost.money import MILLION, money, tidy
from aurora_cost.report import Diagnostic, LineItem

if TYPE_CHECKING:
    from aurora_cost.options.base import OptionBase, OptionRun
    from aurora_cost.pricing.model import RegionPricing

ONE = Decimal(1)
# The units AWS's offer files sell a kind of rate in, and the factor to the price file's.
ACU_HOUR: Mapping[str, Decimal] = {"ACU-Hr": ONE, "ACU-hour": ONE, "ACU-Hrs": ONE}
GB_MONTH: Mapping[str, Decimal] = {"GB-Mo": ONE}
PER_MILLION: Mapping[str, Decimal] = {
    unit: MILLION for unit in ("IOs", "CR-Hr", "API Calls", "Requests", "Count")
}

StorageConfig = Literal["standard", "io-optimized"]


@dataclass(frozen=True)
class Offer:
    """Which on-demand rows of the AmazonRDS offer file price a rate (AWS Price List
    documentation, "Reading the service price list file").

    `usage_type` is a usage-type base matched by exact suffix (`Aurora:StorageUsage` matches
    `EU-Aurora:StorageUsage` and, in us-east-1, itself); with `family`, the row's product
    family must also be that one when it names one. A `family` alone selects every row of
    that product family (or group) whatever its usage type, narrowed by `has` / `lacks`
    (substrings of the usage type). `units` are the units the rate is sold in and the
    factor to the file's unit; a row in another unit is skipped with a note.
    `tiers`: the one product is priced in tiers that split at these monthly quantities
    (the Data API's first billion requests); each rate sharing the offer takes `tier`.
    """

    units: Mapping[str, Decimal]
    usage_type: str = ""
    family: str = ""
    has: str = ""
    lacks: tuple[str, ...] = ()
    tiers: tuple[Decimal, ...] = ()

    @property
    def product(self) -> str:
        """The key the importer collects this offer's rows under."""
        return self.usage_type or f"{self.family}:{self.has}:{','.join(self.lacks)}"


@dataclass(frozen=True)
class Rate:
    """One rate a charge reads from the price file.

    Without `per_engine` it is `rates.<key>` (one price for both engines); with it,
    `<section>.<key>: {mysql: ..., postgresql: ...}` in the charge's own section.
    `storage` says which storage configuration it prices (None: both). `feed` is its key
    in AWS's pricing-page data feed (tools/make_bundled_pricing.py reads that feed).
    """

    key: str
    unit: str
    offer: Offer | None = None
    per_engine: bool = False
    storage: StorageConfig | None = None
    tier: int = 0
    feed: str = ""


@dataclass(frozen=True)
class Amount:
    """A monthly amount of the workload a charge reads: a key of the workload file and of a
    `--usage` entry, validated in `[ge, le]` (`aurora-cost schema workload` shows `doc`).

    `from_bill`: what an AWS bill shows of the charge's line item, scaled to a month, is the
    amount (`reconcile` prices a bill's cluster from it; backup is not: the bill shows what
    is beyond the free allowance). `unknown`, when given, lets the amount be `null` and says what that means: the feature
    is on but how much it is used is not known (a cluster read from infrastructure with a
    backtrack window, say), so the charge lists itself in `missing` instead of billing 0.
    """

    key: str
    unit: str
    doc: str
    default: float = 0.0
    ge: float = 0
    le: float = 1e18
    unknown: str = ""
    from_bill: bool = False  # a bill's quantity of the charge's line item is this amount


class ClusterQuantities(Protocol):
    """What a bill reads of the workload: the declared amounts, a month, and the month priced."""

    def amount(self, key: str) -> Decimal:
        """The amount as a Decimal (0 when it is not known)."""
        ...

    def unknown(self, key: str) -> bool:
        """Whether the amount is on but not known (`null`)."""
        ...

    @property
    def as_of(self) -> str | None: ...  # the month priced, YYYY-MM (None: this month)


@dataclass
class Charged:
    """What one charge adds to a bill."""

    items: list[LineItem] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # asked for, cannot be billed

    def add(self, other: Charged) -> None:
        self.items += other.items
        self.diagnostics += other.diagnostics
        self.missing += [name for name in other.missing if name not in self.missing]


Bill = Callable[["OptionBase", "OptionRun", "ClusterQuantities", "RegionPricing"], Charged]


@dataclass(frozen=True)
class Charge:
    """A line item of the bill: its name, its rates, how it is billed.

    `bill` is None for a charge the option kinds bill themselves (compute) or one whose
    rates are imported and shown but not billed yet. `section` (with `title` and
    `section_unit`) holds the per-engine rates in their own part of the price file, absent
    as a whole where AWS does not sell the charge. `bill_order` places the line item on
    the bill (the price file lists rates in registration order). `column` is the summary
    column of the table and markdown renderers (compute, storage, I/O, backup, other).
    `amounts` are the workload keys it declares: the workload file, the `--usage` file and
    the quantities its bill reads follow from them.
    """

    name: str
    rates: tuple[Rate, ...]
    bill: Bill | None = None
    bill_order: int = 1000
    billed_by_kind: bool = False  # compute: each option kind bills it
    column: str = "other"  # the table's and markdown's summary column that adds it up
    amounts: tuple[Amount, ...] = ()  # the workload amounts it declares (others may read them)
    section: str = ""
    title: str = ""
    section_unit: str = ""

    @property
    def flat_rates(self) -> tuple[Rate, ...]:
        return tuple(rate for rate in self.rates if not rate.per_engine)

    @property
    def engine_rates(self) -> tuple[Rate, ...]:
        return tuple(rate for rate in self.rates if rate.per_engine)


def line_item(name: str, description: str, quantity: Decimal, unit: str, rate: Decimal) -> LineItem:
    return LineItem(
        name=name,
        description=description,
        quantity=tidy(quantity),
        unit=unit,
        unit_price=rate,
        monthly_cost=money(quantity * rate),
    )


def missing(option: OptionBase, name: str, code: str, message: str) -> Charged:
    """The charge applies but cannot be billed: a warning, and the bill is incomplete."""
    return Charged(diagnostics=[option.diagnostic(code, message)], missing=[name])


def metered(
    option: OptionBase,
    pricing: RegionPricing,
    name: str,
    quantity: Decimal,
    rate: Decimal | None,
    what: str,
    unit: str,
    description: str,
) -> Charged:
    """A charge per unit of `quantity`; nothing when there is none, a warning if not sold."""
    if not quantity:
        return Charged()
    if rate is None:
        message = f"{what} is not offered in {pricing.region}; it is not included"
        return missing(option, name, "rate-missing", message)
    return Charged(items=[line_item(name, description, quantity, unit, rate)])
