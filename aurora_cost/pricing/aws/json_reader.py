"""Stream an offer JSON with ijson; the whole file is never in memory.

AmazonRDS: up to four passes over the file, each streaming: the top-level metadata (stops
at the first big section), `products` (keeps only the Aurora SKUs it classifies),
`terms.OnDemand` (reads the price dimensions of those SKUs only) and `terms.Reserved`
(the Reserved terms of the instance-class SKUs among them).

AWSDatabaseSavingsPlans (AWS's documented shape: `version`, `publicationDate`,
`regionCode`, a `products` list and a `terms.savingsPlan` list whose items hold
`rates`, each with `discountedUsageType`, `discountedOperation`, `discountedRate`
{`price`, `currency`}, ...): the metadata, the `products` list (the plans' purchase
options) and the rates, each streamed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import ijson  # type: ignore[import-untyped]

from aurora_cost import shape
from aurora_cost.errors import PricingError
from aurora_cost.files import file_error
from aurora_cost.inputs import Input, open_input
from aurora_cost.pricing.aws.extended_support_rows import is_extended_support
from aurora_cost.pricing.aws.rules import (
    Dimension,
    classify,
    may_be_aurora,
    parse_dimension,
    resolve_engine,
)
from aurora_cost.pricing.aws.savings_plans import SavingsPlansCollector
from aurora_cost.pricing.aws.select import (
    SAVINGS_PLAN_OFFERS,
    OfferCollector,
    OfferMeta,
    offer_meta,
)
from aurora_cost.shape import List, Obj

_META = ("offerCode", "version", "publicationDate", "formatVersion", "regionCode")
_SECTIONS = ("products", "terms", "attributesList")
_LIST_PRODUCTS = "products:list"  # set in the metadata when `products` is a list (Savings Plans)
SAVINGS_PLAN_SERVICE = "DatabaseSavingsPlans"  # the products' serviceCode


# What is read of each product and term (each streamed on its own), checked before use.
_PRODUCT = Obj({"attributes": Obj()})
_SAVINGS_PLAN = Obj({"leaseContractLength": Obj(), "rates": List(Obj({"discountedRate": Obj()}))})
_WHAT = "AWS's price list"


def read_json(
    path: Path,
    collector: OfferCollector,
    plans: SavingsPlansCollector | None = None,
    opened: Input | None = None,
) -> OfferMeta:
    """Feed every Aurora on-demand product of the AmazonRDS JSON at `path` to `collector`,
    or every Aurora rate of an AWSDatabaseSavingsPlans JSON to `plans` (`opened`: the
    file, already opened once by the input boundary)."""
    try:
        with (
            opened or open_input(path, what="offer file") as source,
            source.seekable() as handle,  # read in several passes
        ):
            return _read(path, handle, collector, plans or SavingsPlansCollector())
    except ijson.IncompleteJSONError as exc:
        raise PricingError(
            f"{path}: the JSON is truncated or malformed ({_first_line(exc)}); download it again"
        ) from None
    except ijson.JSONError as exc:
        raise PricingError(f"{path}: malformed JSON: {_first_line(exc)}") from None
    except UnicodeDecodeError:
        raise PricingError(
            f"{path}: not UTF-8 text; give the offer file as AWS publishes it"
        ) from None
    except OSError as exc:
        raise file_error(path, exc, "offer file", PricingError) from None


def _term_dimensions(where: str, terms: Any) -> list[Dimension]:
    """The price dimensions of every term of one SKU (`terms.OnDemand.<sku>`)."""
    if not terms:
        return []
    if not isinstance(terms, dict) or not all(isinstance(t, dict) for t in terms.values()):
        raise PricingError(f"{where}: not an object of terms")
    dims = []
    for term in terms.values():
        dims += _dimensions(where, term.get("priceDimensions"))
    return dims


def _dimensions(where: str, dimensions: Any) -> list[Dimension]:
    """The price dimensions of one term (`priceDimensions`: rate code -> dimension)."""
    if dimensions is None:
        return []
    if not isinstance(dimensions, dict):
        raise PricingError(f"{where}: priceDimensions is not an object")
    dims = []
    for code, dim in dimensions.items():
        at = f"{where} rate {code}"
        price = dim.get("pricePerUnit") if isinstance(dim, dict) else None
        if not isinstance(price, dict) or not price:
            raise PricingError(f"{at}: no pricePerUnit")
        currency, amount = next(iter(price.items()))
        dims.append(
            parse_dimension(
                at,
                str(dim.get("beginRange", "0")),
                str(dim.get("endRange", "Inf")),
                str(dim.get("unit", "")),
                str(amount),
                str(currency),
            )
        )
    return dims


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _read_meta(path: Path, handle: BinaryIO) -> dict[str, str]:
    meta: dict[str, str] = {}
    for prefix, event, value in ijson.parse(handle, use_float=True):
        if prefix == "" and event == "start_map":
            continue
        if prefix == "" and event != "map_key":
            if event == "end_map":
                break
            raise PricingError(f"{path}: the top level is not a JSON object; not an offer file")
        if prefix in _META and event in ("string", "number"):
            meta[prefix] = str(value)
        elif prefix in _SECTIONS and event in ("start_map", "start_array"):
            if prefix == "products" and event == "start_array":
                meta[_LIST_PRODUCTS] = "yes"
            wanted = _META[1:3] if _LIST_PRODUCTS in meta else _META[:3]
            if all(k in meta for k in wanted):
                break  # AWS writes the metadata first; no need to read further
    return meta


def _read(
    path: Path, handle: BinaryIO, collector: OfferCollector, plans: SavingsPlansCollector
) -> OfferMeta:
    meta = _read_meta(path, handle)
    if _LIST_PRODUCTS in meta and "offerCode" not in meta:
        # AWS's documented Savings Plans shape names no offer code; its products say.
        meta["offerCode"] = SAVINGS_PLAN_OFFERS[0]
    info = offer_meta(str(path), meta, ("offerCode", "version", "publicationDate"), "json")
    if info.savings_plans:
        _read_savings_plans(path, handle, meta.get("regionCode", ""), plans)
        return info
    # sku -> (rate key, region, location, engine)
    selected: dict[str, tuple[str, str, str, str]] = {}
    extended: dict[str, tuple[str, str, str]] = {}  # sku -> (usage type, region, year)
    handle.seek(0)
    for sku, product in ijson.kvitems(handle, "products", use_float=True):
        if not isinstance(product, dict):
            raise PricingError(f"{path}: products.{sku} is not an object")
        shape.check(product, _PRODUCT, f"{path}: products.{sku}", _WHAT)
        attrs: dict[str, Any] = product.get("attributes") or {}
        usage_type = str(attrs.get("usagetype", ""))
        family = str(product.get("productFamily", ""))
        group = str(attrs.get("group", ""))
        if not may_be_aurora(usage_type, family, group):
            continue
        engine = resolve_engine(
            str(attrs.get("databaseEngine", "")), str(attrs.get("operation", ""))
        )
        if is_extended_support(usage_type, engine):
            year = str(attrs.get("extendedSupportPricingYear", ""))
            extended[str(sku)] = (usage_type, str(attrs.get("regionCode", "")), year)
            continue
        key = classify(
            family=family,
            usage_type=usage_type,
            engine=engine,
            instance_type=str(attrs.get("instanceType", "")),
            deployment=str(attrs.get("deploymentOption", "")),
            limitless=str(attrs.get("limitlesspreview", "")),
            group=group,
        )
        if key is not None:
            region = str(attrs.get("regionCode", ""))
            selected[str(sku)] = (key, region, str(attrs.get("location", "")), engine)
    handle.seek(0)
    found = 0
    for sku, terms in ijson.kvitems(handle, "terms.OnDemand", use_float=True):
        chosen = selected.get(sku)
        if chosen is None:
            if sku in extended:
                usage_type, region, year = extended[sku]
                dims = _term_dimensions(f"{path}: terms.OnDemand.{sku}", terms)
                collector.extended_support.add(
                    region=region, usage_type=usage_type, year=year, sku=sku, dims=dims
                )
            continue
        key, region, location, engine = chosen
        dims = _term_dimensions(f"{path}: terms.OnDemand.{sku}", terms)
        collector.add(key, region=region, location=location, engine=engine, sku=sku, dims=dims)
        found += 1
    if selected and not found:
        raise PricingError(
            f"{path}: no on-demand terms for the Aurora products; the file is incomplete"
        )
    classes = {
        sku: chosen for sku, chosen in selected.items() if chosen[0].startswith("instances.")
    }
    if classes:
        handle.seek(0)
        _read_reserved(path, handle, classes, collector)
    return info


def _read_reserved(
    path: Path,
    handle: BinaryIO,
    classes: dict[str, tuple[str, str, str, str]],
    collector: OfferCollector,
) -> None:
    """`terms.Reserved` of the Aurora instance-class SKUs into `collector.reserved`."""
    for sku, terms in ijson.kvitems(handle, "terms.Reserved", use_float=True):
        chosen = classes.get(sku)
        if chosen is None:
            continue
        key, region, _, engine = chosen
        if not isinstance(terms, dict):
            raise PricingError(f"{path}: terms.Reserved.{sku} is not an object")
        for code, term in terms.items():
            where = f"{path}: terms.Reserved.{sku}.{code}"
            attrs = term.get("termAttributes") if isinstance(term, dict) else None
            if not isinstance(attrs, dict):
                raise PricingError(f"{where}: not an object with termAttributes")
            collector.reserved.add(
                key,
                region=region,
                engine=engine,
                sku=sku,
                term_code=str(term.get("offerTermCode") or code.rpartition(".")[2]),
                lease=str(attrs.get("LeaseContractLength", "")),
                purchase_option=str(attrs.get("PurchaseOption", "")),
                offering_class=str(attrs.get("OfferingClass", "")),
                dims=_dimensions(where, term.get("priceDimensions")),
            )


def _read_savings_plans(
    path: Path, handle: BinaryIO, file_region: str, plans: SavingsPlansCollector
) -> None:
    """The Aurora rates of an AWSDatabaseSavingsPlans JSON into `plans`."""
    options: dict[str, str] = {}  # plan SKU -> purchase option
    handle.seek(0)
    for product in ijson.items(handle, "products.item", use_float=True):
        if not isinstance(product, dict):
            raise PricingError(f"{path}: products has an item that is not an object")
        service = str(product.get("serviceCode", ""))
        if service and service != SAVINGS_PLAN_SERVICE:
            raise PricingError(
                f"{path}: this is the price list of {service!r}, not AmazonRDS or "
                "AWSDatabaseSavingsPlans; download the AWSDatabaseSavingsPlans offer file"
            )
        shape.check(product, _PRODUCT, f"{path}: products", _WHAT)
        attrs = product.get("attributes") or {}
        options[str(product.get("sku", ""))] = str(attrs.get("purchaseOption", ""))
    handle.seek(0)
    for i, term in enumerate(ijson.items(handle, "terms.savingsPlan.item", use_float=True)):
        if not isinstance(term, dict):
            raise PricingError(f"{path}: terms.savingsPlan[{i}] is not an object")
        shape.check(term, _SAVINGS_PLAN, f"{path}: terms.savingsPlan[{i}]", _WHAT)
        sku = str(term.get("sku", ""))
        lease = term.get("leaseContractLength") or {}
        years = str(lease.get("duration", "")) if lease.get("unit", "year") == "year" else "?"
        for j, rate in enumerate(term.get("rates") or []):
            where = f"{path}: terms.savingsPlan[{i}].rates[{j}]"
            if not isinstance(rate, dict):
                raise PricingError(f"{where}: not an object")
            price = rate.get("discountedRate") or {}
            plans.add(
                f"{where} (rate code {rate.get('rateCode', '')})",
                region=str(rate.get("discountedRegionCode") or file_region),
                usage_type=str(rate.get("discountedUsageType", "")),
                operation=str(rate.get("discountedOperation", "")),
                service=str(rate.get("discountedServiceCode", "")),
                unit=str(rate.get("unit", "")),
                rate=str(price.get("price", "")),
                currency=str(price.get("currency", "")),
                rate_code=str(rate.get("rateCode", "")),
                instance_type=str(rate.get("discountedInstanceType", "")),
                purchase_option=options.get(sku, ""),
                lease_years=years,
            )
