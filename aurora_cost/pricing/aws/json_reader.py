"""Stream an AmazonRDS offer JSON with ijson; the whole file is never in memory.

Three passes over the file, each streaming: the top-level metadata (stops at the
first big section), `products` (keeps only the Aurora SKUs it classifies) and
`terms.OnDemand` (reads the price dimensions of those SKUs only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import ijson  # type: ignore[import-untyped]

from aurora_cost.errors import PricingError
from aurora_cost.files import file_error
from aurora_cost.pricing.aws.select import (
    OfferCollector,
    OfferMeta,
    classify,
    offer_meta,
    parse_dimension,
)

_META = ("offerCode", "version", "publicationDate", "formatVersion")
_SECTIONS = ("products", "terms", "attributesList")


def read_json(path: Path, collector: OfferCollector) -> OfferMeta:
    """Feed every Aurora on-demand product of the JSON at `path` to `collector`."""
    try:
        with path.open("rb") as handle:
            return _read(path, handle, collector)
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
        elif prefix in _SECTIONS and event == "start_map" and all(k in meta for k in _META[:3]):
            break  # AWS writes the metadata first; no need to read further
    return meta


def _read(path: Path, handle: BinaryIO, collector: OfferCollector) -> OfferMeta:
    meta = _read_meta(path, handle)
    info = offer_meta(str(path), meta, ("offerCode", "version", "publicationDate"), "json")
    # sku -> (rate key, region, location, engine)
    selected: dict[str, tuple[str, str, str, str]] = {}
    handle.seek(0)
    for sku, product in ijson.kvitems(handle, "products", use_float=True):
        if not isinstance(product, dict):
            raise PricingError(f"{path}: products.{sku} is not an object")
        attrs: dict[str, Any] = product.get("attributes") or {}
        usage_type = str(attrs.get("usagetype", ""))
        if (
            "Aurora" not in usage_type
            and "InstanceUsage" not in usage_type
            and ("Data-API" not in usage_type)
        ):
            continue
        engine = str(attrs.get("databaseEngine", ""))
        key = classify(
            family=str(product.get("productFamily", "")),
            usage_type=usage_type,
            engine=engine,
            instance_type=str(attrs.get("instanceType", "")),
            deployment=str(attrs.get("deploymentOption", "")),
            limitless=str(attrs.get("limitlesspreview", "")),
        )
        if key is not None:
            region = str(attrs.get("regionCode", ""))
            selected[str(sku)] = (key, region, str(attrs.get("location", "")), engine)
    handle.seek(0)
    found = 0
    for sku, terms in ijson.kvitems(handle, "terms.OnDemand", use_float=True):
        chosen = selected.get(sku)
        if chosen is None:
            continue
        key, region, location, engine = chosen
        dims = []
        for term in (terms or {}).values():
            for code, dim in (term.get("priceDimensions") or {}).items():
                where = f"{path}: terms.OnDemand.{sku} rate {code}"
                price = (dim.get("pricePerUnit") or {}).items()
                if not price:
                    raise PricingError(f"{where}: no pricePerUnit")
                currency, amount = next(iter(price))
                dims.append(
                    parse_dimension(
                        where,
                        str(dim.get("beginRange", "0")),
                        str(dim.get("endRange", "Inf")),
                        str(dim.get("unit", "")),
                        str(amount),
                        str(currency),
                    )
                )
        collector.add(key, region=region, location=location, engine=engine, sku=sku, dims=dims)
        found += 1
    if selected and not found:
        raise PricingError(
            f"{path}: no on-demand terms for the Aurora products; the file is incomplete"
        )
    return info
