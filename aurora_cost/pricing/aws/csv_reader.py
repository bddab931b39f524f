"""Stream an offer CSV: 5 metadata rows, the header, one row per price dimension.

Two offers share the layout: AmazonRDS (quoted; rows of on-demand and reserved prices)
and AWSDatabaseSavingsPlans (unquoted; one row per discounted rate); the `OfferCode`
metadata row says which. Memory stays flat (one row at a time). Speed: the header is
read once, column indexes are looked up by name, and each AmazonRDS row is first judged
by a few string tests on its usage type and product family; only the few Aurora rows
build anything.
"""

from __future__ import annotations

import csv
import io
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from aurora_cost.errors import PricingError
from aurora_cost.files import file_error
from aurora_cost.inputs import Input, open_input
from aurora_cost.pricing.aws.extended_support_rows import is_extended_support
from aurora_cost.pricing.aws.reserved_terms import RESERVED
from aurora_cost.pricing.aws.rules import (
    ENGINE_PRIORITY,
    ON_DEMAND,
    classify,
    may_be_aurora,
    parse_dimension,
    resolve_engine,
)
from aurora_cost.pricing.aws.savings_plans import SavingsPlansCollector
from aurora_cost.pricing.aws.select import OfferCollector, OfferMeta, offer_meta

# JSON attribute names (used in messages) are not the CSV column names.
REQUIRED_COLUMNS = (
    "SKU",
    "TermType",
    "StartingRange",
    "EndingRange",
    "Unit",
    "PricePerUnit",
    "Currency",
    "Product Family",
    "Location",
    "Database Engine",
    "usageType",
    "Region Code",
)
OPTIONAL_COLUMNS = (
    "Instance Type",
    "Deployment Option",
    "LimitlessPreview",
    "Group",
    "operation",
    "Extended Support Pricing Year",
)
# The columns of a Reserved term (its rows are skipped where the header lacks them).
TERM_COLUMNS = ("OfferTermCode", "LeaseContractLength", "PurchaseOption", "OfferingClass")
SP_REQUIRED_COLUMNS = (
    "RateCode",
    "Unit",
    "DiscountedRate",
    "Currency",
    "DiscountedServiceCode",
    "DiscountedUsageType",
    "DiscountedOperation",
)
SP_OPTIONAL_COLUMNS = (
    "DiscountedRegionCode",
    "DiscountedInstanceType",
    "PurchaseOption",
    "LeaseContractLength",
)
_META_KEYS = {"FormatVersion", "Disclaimer", "Publication Date", "Version", "OfferCode"}


def read_csv(
    path: Path,
    collector: OfferCollector,
    plans: SavingsPlansCollector | None = None,
    opened: Input | None = None,
) -> OfferMeta:
    """Feed every Aurora on-demand row of the AmazonRDS CSV at `path` to `collector`, or
    every Aurora row of an AWSDatabaseSavingsPlans CSV to `plans` (`opened`: the file,
    already opened once by the input boundary, say a pipe)."""
    try:
        with opened or open_input(path, what="offer file") as source:
            handle = io.TextIOWrapper(source.content(), encoding="utf-8-sig", newline="")
            return _read(path, handle, collector, plans or SavingsPlansCollector())
    except UnicodeDecodeError as exc:
        raise PricingError(
            f"{path}: not UTF-8 text (byte value 0x{exc.object[exc.start]:02x}); "
            "give the offer file as AWS publishes it"
        ) from None
    except csv.Error as exc:
        raise PricingError(f"{path}: malformed CSV: {exc}") from None
    except OSError as exc:
        raise file_error(path, exc, "offer file", PricingError) from None


MAX_LINE_CHARS = 1 << 20  # real offer rows are about 2 KB


def _read(
    path: Path, handle: TextIO, collector: OfferCollector, plans: SavingsPlansCollector
) -> OfferMeta:
    # Lines reach the csv module in pieces of at most 1 MiB, so a file without line
    # breaks hits csv's field-size limit (an error) instead of filling memory.
    reader = csv.reader(iter(partial(handle.readline, MAX_LINE_CHARS), ""))
    meta: dict[str, str] = {}
    header: list[str] | None = None
    for row in reader:
        if row and row[0] == "SKU":
            header = row
            break
        if len(row) == 2 and row[0] in _META_KEYS:
            meta[row[0]] = row[1]
            continue
        if reader.line_num > 10 or (row and row[0] not in _META_KEYS):
            break
    if header is None:
        raise PricingError(
            f'{path}: no header row (a row starting "SKU") after the metadata rows; '
            "this is not an AWS Price List offer CSV"
        )
    info = offer_meta(str(path), meta, ("OfferCode", "Version", "Publication Date"), "csv")
    index = {name: i for i, name in enumerate(header)}
    required = SP_REQUIRED_COLUMNS if info.savings_plans else REQUIRED_COLUMNS
    missing = [name for name in required if name not in index]
    if missing:
        raise PricingError(f"{path}: the header lacks the column(s) {', '.join(missing)}")
    if info.savings_plans:
        _read_savings_plans(path, reader, index, len(header), plans)
        return info
    width = len(header)
    i_sku, i_term, i_begin, i_end, i_unit, i_price, i_cur, i_fam, i_loc, i_eng, i_use, i_reg = (
        index[name] for name in REQUIRED_COLUMNS
    )
    i_type, i_deploy, i_limitless, i_group, i_op, i_year = (
        index.get(name, -1) for name in OPTIONAL_COLUMNS
    )
    i_code, i_lease, i_option, i_class = (index.get(name, -1) for name in TERM_COLUMNS)
    reserved_ok = min(i_lease, i_option) >= 0
    row = header
    for row in reader:
        try:
            usage_type = row[i_use]
            if not may_be_aurora(usage_type, row[i_fam], row[i_group] if i_group >= 0 else ""):
                continue
        except IndexError:
            raise _short_row(path, reader.line_num, len(row), width) from None
        if len(row) != width:
            raise _short_row(path, reader.line_num, len(row), width)
        engine = resolve_engine(row[i_eng], row[i_op] if i_op >= 0 else "")
        term_type = row[i_term]
        if term_type not in (ON_DEMAND, RESERVED) or engine not in ENGINE_PRIORITY:
            continue  # RDS for MySQL, Oracle, ... rows
        if term_type == RESERVED and not reserved_ok:
            continue  # no term length or purchase option to read
        if is_extended_support(usage_type, engine):
            if term_type == ON_DEMAND:
                where = f"{path}: line {reader.line_num} (SKU {row[i_sku]})"
                collector.extended_support.add(
                    region=row[i_reg],
                    usage_type=usage_type,
                    year=row[i_year] if i_year >= 0 else "",
                    sku=row[i_sku],
                    dims=[
                        parse_dimension(
                            where, row[i_begin], row[i_end], row[i_unit], row[i_price], row[i_cur]
                        )
                    ],
                )
            continue
        key = classify(
            family=row[i_fam],
            usage_type=usage_type,
            engine=engine,
            instance_type=row[i_type] if i_type >= 0 else "",
            deployment=row[i_deploy] if i_deploy >= 0 else "",
            limitless=row[i_limitless] if i_limitless >= 0 else "",
            group=row[i_group] if i_group >= 0 else "",
        )
        if key is None:
            continue
        where = f"{path}: line {reader.line_num} (SKU {row[i_sku]})"
        dim = parse_dimension(
            where, row[i_begin], row[i_end], row[i_unit], row[i_price], row[i_cur]
        )
        if term_type == RESERVED:
            collector.reserved.add(
                key,
                region=row[i_reg],
                engine=engine,
                sku=row[i_sku],
                term_code=row[i_code] if i_code >= 0 else "",
                lease=row[i_lease],
                purchase_option=row[i_option],
                offering_class=row[i_class] if i_class >= 0 else "",
                dims=[dim],
            )
            continue
        collector.add(
            key,
            region=row[i_reg],
            location=row[i_loc],
            engine=engine,
            sku=row[i_sku],
            dims=[dim],
        )
    if len(row) != width:  # a cut-off file ends in a short row
        raise _short_row(path, reader.line_num, len(row), width)
    return info


def _read_savings_plans(
    path: Path,
    reader: Any,  # the csv reader, after the header
    index: dict[str, int],
    width: int,
    plans: SavingsPlansCollector,
) -> None:
    """The rows of an AWSDatabaseSavingsPlans CSV (after its header) into `plans`."""
    i_code, i_unit, i_rate, i_cur, i_service, i_use, i_op = (
        index[name] for name in SP_REQUIRED_COLUMNS
    )
    i_region, i_type, i_option, i_lease = (index.get(name, -1) for name in SP_OPTIONAL_COLUMNS)
    for row in reader:
        if len(row) != width:
            raise _short_row(path, reader.line_num, len(row), width)
        plans.add(
            f"{path}: line {reader.line_num} (rate code {row[i_code]})",
            region=row[i_region] if i_region >= 0 else "",
            usage_type=row[i_use],
            operation=row[i_op],
            service=row[i_service],
            unit=row[i_unit],
            rate=row[i_rate],
            currency=row[i_cur],
            rate_code=row[i_code],
            instance_type=row[i_type] if i_type >= 0 else "",
            purchase_option=row[i_option] if i_option >= 0 else "",
            lease_years=row[i_lease] if i_lease >= 0 else "",
        )


def _short_row(path: Path, line: int, got: int, width: int) -> PricingError:
    return PricingError(
        f"{path}: line {line} has {got} fields but the header has {width}; "
        "the file is truncated or damaged, download it again"
    )
