"""Fresh prices from AWS: read Price List offer files, write `pricing/<region>.yaml`.

AmazonRDS offer files give the on-demand rates (every instance class per engine and
storage configuration, RDS Proxy), the Reserved Instance rates of the same classes
(`reserved`) and the RDS Extended Support rates (`extended_support`); AWSDatabaseSavingsPlans offer files given in the
same import add each region's Database Savings Plans rates (`savings_plans`).

    result = import_offer_files([Path("index.csv"), Path("savings-plans.csv")])
    print("\\n".join(diff_lines(result, out_dir)))
    write_pricing(result, out_dir)          # all regions, atomically

The core never prints and imports neither Typer nor Rich.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from aurora_cost import charges
from aurora_cost.atomic import write_files_atomic
from aurora_cost.errors import AuroraCostError, InputError, PricingError
from aurora_cost.files import file_error
from aurora_cost.inputs import open_input
from aurora_cost.pricing.aws.csv_reader import read_csv
from aurora_cost.pricing.aws.json_reader import read_json
from aurora_cost.pricing.aws.savings_plans import SavingsPlansCollector
from aurora_cost.pricing.aws.select import OfferCollector, OfferMeta
from aurora_cost.pricing.aws.writer import number, render
from aurora_cost.pricing.model import ENGINES, Rates, RegionPricing, parse_pricing
from aurora_cost.yamlio import parse_yaml, read_yaml_mapping

DEFAULT_ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
OFFER_PATH = "/offers/v1.0/aws/AmazonRDS"
SAVINGS_PLAN_PATH = "/savingsPlan/v1.0/aws/AWSDatabaseSavingsPlans"

__all__ = [
    "DEFAULT_ENDPOINT",
    "ImportResult",
    "diff_lines",
    "import_offer_files",
    "write_pricing",
]


@dataclass(frozen=True)
class ImportResult:
    """Validated prices per region, with the exact text each file will get."""

    regions: dict[str, RegionPricing]
    texts: dict[str, str]
    skipped_regions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # for stderr; also in the files' notes


def detect_format(path: Path, head: bytes | None = None) -> str:
    """`csv` or `json`, from the first byte that is not white space (of `head`, the
    file's first bytes, when the file is already open)."""
    if head is None:
        try:
            with path.open("rb") as handle:
                head = handle.read(4096)
        except OSError as exc:
            raise file_error(path, exc, "offer file (index.csv or index.json)") from None
    head = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b'"') or head.startswith(b"FormatVersion"):
        return "csv"
    if not head:
        raise PricingError(f"{path}: the file is empty; not an AWS Price List offer file")
    raise PricingError(
        f'{path}: neither an offer CSV (starting "FormatVersion") nor an offer JSON '
        "(starting '{'); give an AmazonRDS index.csv or index.json"
    )


def default_url(meta: OfferMeta, region: str | None) -> str:
    where = f"{region}/" if region else ""
    path = SAVINGS_PLAN_PATH if meta.savings_plans else OFFER_PATH
    return f"{DEFAULT_ENDPOINT}{path}/{meta.version}/{where}index.{meta.file_format}"


def import_offer_files(
    paths: Sequence[Path],
    *,
    retrieved: date | None = None,
    urls: Mapping[Path, str] | None = None,
    skip_empty: bool = False,
    savings_plan_gaps: Mapping[str, str] | None = None,
) -> ImportResult:
    """Read every file (AmazonRDS or AWSDatabaseSavingsPlans; per-region or whole-service;
    CSV or JSON) and build each region of the AmazonRDS files.

    Nothing is written. `urls` gives the download address of a file for `source.url`;
    otherwise the canonical Price List address is recorded. A file without Aurora rows
    is an error, unless `skip_empty`. `savings_plan_gaps` says, per region, why no
    Savings Plans file was given for it (for its note).
    """
    if not paths:
        raise InputError("give at least one offer file (AmazonRDS index.csv or index.json)")
    retrieved = retrieved or date.today()
    on_demand: dict[str, tuple[OfferCollector, OfferMeta, Path]] = {}
    plans: dict[str, tuple[SavingsPlansCollector, OfferMeta, Path]] = {}
    skipped: set[str] = set()
    warnings: list[str] = []
    for path in paths:
        collector, plan_rows = OfferCollector(), SavingsPlansCollector()
        with open_input(path, what="offer file") as opened:
            head = opened.head
            if opened.gzip:  # the format is that of the decompressed text
                head = opened.content().peek(4096)
            reader = read_json if detect_format(path, head) == "json" else read_csv
            meta = reader(path, collector, plan_rows, opened)
        found = plan_rows.regions if meta.savings_plans else collector.regions
        if not found and skip_empty:
            continue
        if not found and meta.savings_plans:
            raise PricingError(
                f"{path}: no Aurora rows in this AWSDatabaseSavingsPlans offer file "
                "(no Serverless v2 or Aurora instance discounts)"
            )
        if not found:
            raise PricingError(
                f"{path}: no Aurora on-demand rows in this AmazonRDS offer file "
                "(no Aurora Serverless, storage or instance prices)"
            )
        skipped |= collector.skipped_regions
        warnings += plan_rows.warnings  # collector's: made while building
        kept: dict[str, Any] = plans if meta.savings_plans else on_demand
        for region in found:
            if region in kept:
                raise InputError(
                    f"region {region} is in both {kept[region][2]} and {path}; give each region once"
                )
            kept[region] = (plan_rows if meta.savings_plans else collector, meta, path)
    if plans and not on_demand:
        raise InputError(
            f"no AmazonRDS offer file for {', '.join(sorted(plans))}: Savings Plans rates are "
            "added to a region's on-demand prices; give its AmazonRDS index.csv too"
        )
    orphans = sorted(set(plans) - set(on_demand))
    if orphans:
        warnings.append(
            f"the Savings Plans rates of {', '.join(orphans)} were left out: no AmazonRDS "
            "offer file for them in this import"
        )
    regions: dict[str, RegionPricing] = {}
    without_plans: dict[str, list[str]] = {}
    for region, (collector, meta, path) in on_demand.items():
        single = len(collector.regions) == 1
        url = (urls or {}).get(path) or default_url(meta, region if single else None)
        if region in plans:
            rows, plan_meta, plan_path = plans[region]
            plan_url = (urls or {}).get(plan_path) or default_url(plan_meta, region)
            savings, notes, skus = rows.build(region, plan_meta, plan_url)
        else:
            reason = (savings_plan_gaps or {}).get(region) or (
                "the AWSDatabaseSavingsPlans offer files given have no Aurora rows for it"
                if plans
                else "no AWSDatabaseSavingsPlans offer file was given"
            )
            without_plans.setdefault(reason, []).append(region)
            savings, skus = None, {}
            notes = [f"No Database Savings Plans rates ({reason}); savings_plans is absent."]
        regions[region] = collector.build(
            region,
            meta,
            url,
            retrieved,
            savings_plans=savings,
            extra_notes=notes,
            extra_skus=skus,
        )
    for collector in {id(c): c for c, _, _ in on_demand.values()}.values():
        warnings += collector.warnings
    for reason, names in without_plans.items():
        warnings.append(
            f"no Database Savings Plans rates for {', '.join(sorted(names))} ({reason}); "
            "their files have no savings_plans"
        )
    texts = {region: render(pricing) for region, pricing in regions.items()}
    for region, text in texts.items():  # what is written must load back identically
        name = Path(f"{region}.yaml")
        reloaded = parse_pricing(name, parse_yaml(text, name, PricingError))
        if reloaded != regions[region]:
            raise PricingError(f"{region}: the generated price file does not read back the same")
    return ImportResult(dict(sorted(regions.items())), texts, sorted(skipped), warnings)


def write_pricing(result: ImportResult, directory: Path) -> list[Path]:
    """Write every region's file at once; on any failure all old files stay as they were."""
    if directory.exists() and not directory.is_dir():
        raise InputError(f"--out: '{directory}' is a file; give a directory")
    files = {directory / f"{region}.yaml": text for region, text in result.texts.items()}
    try:
        write_files_atomic(files)
    except OSError as exc:
        raise PricingError(
            f"{directory}: cannot write the price files ({exc.strerror or exc}); "
            "nothing was changed"
        ) from None
    return sorted(files)


def flat_rates(pricing: RegionPricing) -> dict[str, Decimal | None]:
    """Every rate by its path in the file (`instances.<class>.<engine>.<option>`,
    `<section>.<rate>.<engine>` such as `rds_proxy`, `savings_plans.<...>`,
    `reserved.<class>.<engine>.<storage>.<term>.<payment>.upfront|hourly`,
    `extended_support.<rate>.<year>`), absent ones as None."""
    flat: dict[str, Decimal | None] = {k: getattr(pricing.rates, k) for k in Rates.model_fields}
    _flat_instances(flat, "instances", pricing.instances)
    for charge in charges.charges():
        for rate in charge.engine_rates if pricing.section(charge.section) else ():
            path, key = f"{charge.section}.{rate.key}", rate.key
            flat.update(
                {f"{path}.{e}": pricing.engine_rate(charge.section, key, e) for e in ENGINES}
            )
    plans = pricing.savings_plans
    if plans is not None:
        for name in ("serverless_v2_acu_hour", "serverless_v2_io_optimized_acu_hour"):
            rate = getattr(plans, name)
            flat.update({f"savings_plans.{name}.{e}": rate.engine(e) for e in ENGINES})
        _flat_instances(flat, "savings_plans.instances", plans.instances)
    for name, per_engine in (pricing.reserved or {}).items():
        for engine, per_storage in per_engine.items():
            for storage, offers in per_storage.items():
                for offer in offers:
                    path = f"reserved.{name}.{engine}.{storage}.{offer.term}.{offer.payment}"
                    flat[f"{path}.upfront"] = offer.upfront
                    flat[f"{path}.hourly"] = offer.hourly
    if pricing.extended_support is not None:
        for name in ("provisioned_vcpu_hour", "serverless_v2_acu_hour"):
            years = getattr(pricing.extended_support, name)
            for year in ("yr1_yr2", "yr3"):
                flat[f"extended_support.{name}.{year}"] = getattr(years, year)
    return flat


def _flat_instances(flat: dict[str, Decimal | None], prefix: str, instances: Any) -> None:
    for name, per_class in instances.items():
        for engine in ENGINES:
            rates = per_class.engine(engine)
            for option in ("standard", "io_optimized"):
                value = getattr(rates, option) if rates else None
                flat[f"{prefix}.{name}.{engine}.{option}"] = value


_T = TypeVar("_T")


def merge_engines(items: Mapping[str, _T]) -> dict[str, _T]:
    """Per-engine keys whose engines agree become one key without the engine:
    `instances.db.r6g.large.mysql.standard` and `...postgresql.standard` with the same
    value -> `instances.db.r6g.large.standard`."""
    groups: dict[str, dict[str, _T]] = {}
    for key, value in items.items():
        parts = key.split(".")
        engines = [p for p in parts if p in ENGINES]
        merged = ".".join(p for p in parts if p not in ENGINES) if engines else key
        groups.setdefault(merged, {})[key] = value
    out: dict[str, _T] = {}
    for merged, members in groups.items():
        values = list(members.values())
        if len(members) == len(ENGINES) and all(v == values[0] for v in values):
            out[merged] = values[0]
        else:
            out.update(members)
    return out


def _shown(value: Decimal | None) -> str:
    return "absent" if value is None else number(value)


def diff_lines(result: ImportResult, directory: Path) -> list[str]:
    """`<region>: <rate> <old> -> <new>` for every rate that differs from the file in
    `directory` (one line for both engines when they change alike); a region without a
    file there is reported as new."""
    lines: list[str] = []
    for region, new in result.regions.items():
        path = directory / f"{region}.yaml"
        if not path.exists():
            merged = merge_engines(flat_rates(new))
            count = sum(v is not None for v in merged.values())
            lines.append(f"{region}: new price file ({count} rates)")
            continue
        try:
            old = parse_pricing(path, read_yaml_mapping(path, error=PricingError))
        except AuroraCostError as exc:
            lines.append(f"{region}: replaces a price file that does not load ({exc})")
            continue
        before, after = flat_rates(old), flat_rates(new)
        changes = {
            key: (before.get(key), after.get(key))
            for key in set(before) | set(after)
            if before.get(key) != after.get(key)
        }
        merged_changes = merge_engines(changes)
        for key in sorted(merged_changes, key=_rate_sort_key):
            old_value, new_value = merged_changes[key]
            lines.append(f"{region}: {key} {_shown(old_value)} -> {_shown(new_value)}")
    return lines


def _rate_sort_key(name: str) -> tuple[int, str]:
    """Rates in file order, then instance rates by name."""
    order = {key: i for i, key in enumerate(Rates.model_fields)}  # follows the registry
    return (order.get(name, len(order)), name)
