"""The Reserved terms of Aurora instance classes in an AmazonRDS offer file (pure).

A Reserved term sits on the same SKU as the class's on-demand term (the product
`InstanceUsage:<class>` for Aurora Standard or `InstanceUsageIOOptimized:<class>` for
Aurora I/O-Optimized, Single-AZ, one SKU per engine). Its term attributes say how long
and how it is paid: `LeaseContractLength` 1yr or 3yr, `PurchaseOption` No Upfront,
Partial Upfront or All Upfront, `OfferingClass` standard. Its price dimensions are the
upfront fee (description "Upfront Fee", unit `Quantity`, no range) and the hourly rate
(unit `Hrs`), per instance (AWS Price List documentation, "Reading the service price list
file", https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html;
Aurora User Guide, "Reserved DB instances for Aurora",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithReservedDBInstances.html).

A term that does not fit that shape (another offering class or term length, a dimension
in another unit, an upfront fee on a No Upfront term, no hourly rate on a Partial Upfront
one, a price out of range) is skipped and counted; the rest still import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from aurora_cost.pricing.aws.rules import ENGINE_KEY, Dimension, plain
from aurora_cost.pricing.model import MAX_RATE, MAX_UPFRONT, REGION_CODE, ReservedTerm

RESERVED = "Reserved"
TERMS = {"1yr": "1yr", "3yr": "3yr"}
PAYMENTS = {
    "no upfront": "no-upfront",
    "partial upfront": "partial-upfront",
    "all upfront": "all-upfront",
}
UPFRONT_UNIT = "Quantity"  # the "Upfront Fee" dimension
HOURLY_UNIT = "Hrs"
TERM_ORDER = {"1yr": 0, "3yr": 1}
PAYMENT_ORDER = {"no-upfront": 0, "partial-upfront": 1, "all-upfront": 2}
EXAMPLES = 3  # SKUs named per reason a term was skipped
MAX_DIMENSIONS = 4  # a term has two (fee, hourly); more is a damaged or hostile file

# (class, engine key, storage configuration, term, payment)
OfferKey = tuple[str, str, str, str, str]


@dataclass
class _Region:
    # offer key -> "SKU.term code" -> the term's price dimensions
    terms: dict[OfferKey, dict[str, list[Dimension]]] = field(default_factory=dict)
    # why a term was skipped -> (how many, the first SKUs)
    skipped: dict[str, tuple[int, list[str]]] = field(default_factory=dict)

    def skip(self, reason: str, sku: str) -> None:
        count, examples = self.skipped.get(reason, (0, []))
        if sku not in examples and len(examples) < EXAMPLES:
            examples.append(sku)
        self.skipped[reason] = (count + 1, examples)


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


class ReservedCollector:
    """Collects the Reserved terms of Aurora instance classes, then builds each region's
    `reserved:` rates (class -> engine -> storage configuration -> offers)."""

    def __init__(self) -> None:
        self._regions: dict[str, _Region] = {}

    def add(
        self,
        key: str,
        *,
        region: str,
        engine: str,
        sku: str,
        term_code: str,
        lease: str,
        purchase_option: str,
        offering_class: str,
        dims: list[Dimension],
    ) -> None:
        """One term (or, from a CSV, one row of a term) of the product `key`
        (`instances.<class>.standard|io_optimized`, as `rules.classify` names it)."""
        if not key.startswith("instances.") or not REGION_CODE.match(region):
            return  # other regions are counted by the on-demand collector
        acc = self._regions.setdefault(region, _Region())
        name, option = key.removeprefix("instances.").rsplit(".", 1)
        term = TERMS.get(_normal(lease))
        payment = PAYMENTS.get(_normal(purchase_option))
        if _normal(offering_class) not in ("standard", ""):
            acc.skip(f"offering class {offering_class!r}, not standard", sku)
        elif term is None:
            acc.skip(f"term length {lease!r}, not 1yr or 3yr", sku)
        elif payment is None:
            acc.skip(f"purchase option {purchase_option!r}, not No, Partial or All Upfront", sku)
        else:
            offer = (name, ENGINE_KEY[engine], option, term, payment)
            kept = acc.terms.setdefault(offer, {}).setdefault(f"{sku}.{term_code}", [])
            kept.extend(dims[: MAX_DIMENSIONS + 1 - len(kept)])  # memory stays bounded

    @property
    def regions(self) -> list[str]:
        return sorted(self._regions)

    def build(
        self, region: str, classes: list[str]
    ) -> tuple[dict[str, object] | None, list[str], dict[str, str]]:
        """The `reserved:` rates of `region` (None when it has none), the notes on what was
        skipped, and the SKU of each offer (`reserved.<class>.<engine>.<storage>.<term>.
        <payment>`). `classes` is the order of the on-demand classes; others follow."""
        acc = self._regions.get(region)
        if acc is None:
            return None, [], {}
        chosen: dict[OfferKey, ReservedTerm] = {}
        skus: dict[str, str] = {}
        for offer in sorted(acc.terms):
            candidates = acc.terms[offer]
            priced: list[tuple[str, ReservedTerm]] = []
            for term_id in sorted(candidates):
                sku = term_id.rpartition(".")[0] or term_id
                found = _offer(offer, candidates[term_id])
                if isinstance(found, str):
                    acc.skip(found, sku)
                else:
                    priced.append((term_id, found))
            if not priced:
                continue
            term_id, rates = priced[0]
            for other_id, other in priced[1:]:
                if other != rates:
                    acc.skip(
                        f"another term for the same offer, priced differently than {term_id}",
                        other_id,
                    )
            chosen[offer] = rates
            skus[".".join(("reserved", *offer))] = term_id
        notes = [
            f"{count} Reserved term(s) skipped: {reason} (e.g. SKU {', '.join(examples)})."
            for reason, (count, examples) in sorted(acc.skipped.items())
        ]
        if not chosen:
            return None, notes, {}
        order = {name: i for i, name in enumerate(classes)}
        by_class: dict[str, dict[str, dict[str, list[ReservedTerm]]]] = {}
        for offer in sorted(
            chosen,
            key=lambda o: (
                order.get(o[0], len(order)),
                o[0],
                o[1],
                o[2] != "standard",
                TERM_ORDER[o[3]],
                PAYMENT_ORDER[o[4]],
            ),
        ):
            name, engine, option = offer[:3]
            by_class.setdefault(name, {}).setdefault(engine, {}).setdefault(option, [])
            by_class[name][engine][option].append(chosen[offer])
        return dict(by_class), notes, skus


def _offer(offer: OfferKey, dims: list[Dimension]) -> ReservedTerm | str:
    """The term's upfront fee and hourly rate, or why it cannot be used."""
    _, _, _, term, payment = offer
    if len(dims) > MAX_DIMENSIONS:
        return f"more than {MAX_DIMENSIONS} price dimensions in one term"
    by_unit: dict[str, Decimal] = {}
    for dim in dims:
        if dim.unit not in (UPFRONT_UNIT, HOURLY_UNIT):
            return (
                f"a price dimension in unit {dim.unit!r}, not {UPFRONT_UNIT!r} or {HOURLY_UNIT!r}"
            )
        if by_unit.get(dim.unit, dim.price) != dim.price:
            return f"two different {dim.unit!r} prices in one term"
        by_unit[dim.unit] = dim.price
    upfront, hourly = by_unit.get(UPFRONT_UNIT), by_unit.get(HOURLY_UNIT)
    if payment == "no-upfront" and upfront:
        return "an upfront fee on a No Upfront term"
    if payment == "all-upfront" and hourly:
        return "an hourly rate on an All Upfront term"
    if payment != "all-upfront" and hourly is None:
        return f"no hourly ({HOURLY_UNIT!r}) price on a {payment} term"
    if payment != "no-upfront" and not upfront:
        return f"no upfront fee ({UPFRONT_UNIT!r}) on a {payment} term"
    upfront, hourly = upfront or Decimal(0), hourly or Decimal(0)
    if upfront > MAX_UPFRONT or hourly > MAX_RATE:
        return f"a price out of range (upfront above {MAX_UPFRONT} or hourly above {MAX_RATE})"
    return ReservedTerm(term=term, payment=payment, upfront=plain(upfront), hourly=plain(hourly))
