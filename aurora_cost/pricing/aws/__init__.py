"""Fresh prices from AWS: read AmazonRDS Price List offer files, write `pricing/<region>.yaml`.

    result = import_offer_files([Path("index.csv")])
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

from aurora_cost.atomic import write_files_atomic
from aurora_cost.errors import AuroraCostError, InputError, PricingError
from aurora_cost.files import file_error
from aurora_cost.pricing.aws.csv_reader import read_csv
from aurora_cost.pricing.aws.json_reader import read_json
from aurora_cost.pricing.aws.select import OfferCollector, OfferMeta
from aurora_cost.pricing.aws.writer import number, render
from aurora_cost.pricing.model import Rates, RegionPricing, parse_pricing
from aurora_cost.yamlio import parse_yaml, read_yaml_mapping

DEFAULT_ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
OFFER_PATH = "/offers/v1.0/aws/AmazonRDS"

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


def detect_format(path: Path) -> str:
    """`csv` or `json`, from the first byte that is not white space."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise file_error(path, exc, "offer file (index.csv or index.json)") from None
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
    return f"{DEFAULT_ENDPOINT}{OFFER_PATH}/{meta.version}/{where}index.{meta.file_format}"


def import_offer_files(
    paths: Sequence[Path],
    *,
    retrieved: date | None = None,
    urls: Mapping[Path, str] | None = None,
    skip_empty: bool = False,
) -> ImportResult:
    """Read every file (per-region or whole-service, CSV or JSON) and build each region.

    Nothing is written. `urls` gives the download address of a file for
    `source.url`; otherwise the canonical Price List address is recorded. A file
    without Aurora rows is an error, unless `skip_empty`.
    """
    if not paths:
        raise InputError("give at least one offer file (AmazonRDS index.csv or index.json)")
    retrieved = retrieved or date.today()
    regions: dict[str, RegionPricing] = {}
    origin: dict[str, Path] = {}
    skipped: set[str] = set()
    for path in paths:
        collector = OfferCollector()
        reader = read_json if detect_format(path) == "json" else read_csv
        meta = reader(path, collector)
        found = collector.regions
        if not found and skip_empty:
            continue
        if not found:
            raise PricingError(
                f"{path}: no Aurora on-demand rows in this AmazonRDS offer file "
                "(no Aurora Serverless, storage or instance prices)"
            )
        skipped |= collector.skipped_regions
        for region in found:
            if region in regions:
                raise InputError(
                    f"region {region} is in both {origin[region]} and {path}; give each region once"
                )
            url = (urls or {}).get(path) or default_url(meta, region if len(found) == 1 else None)
            regions[region] = collector.build(region, meta, url, retrieved)
            origin[region] = path
    texts = {region: render(pricing) for region, pricing in regions.items()}
    for region, text in texts.items():  # what is written must load back identically
        name = Path(f"{region}.yaml")
        reloaded = parse_pricing(name, parse_yaml(text, name, PricingError))
        if reloaded != regions[region]:
            raise PricingError(f"{region}: the generated price file does not read back the same")
    return ImportResult(dict(sorted(regions.items())), texts, sorted(skipped))


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
    """Every rate by its `source.skus` key, absent ones as None."""
    flat: dict[str, Decimal | None] = {k: getattr(pricing.rates, k) for k in Rates.model_fields}
    for name, per_class in pricing.instances.items():
        rates = per_class.mysql  # version 1 files: one rate for both engines
        flat[f"instances.{name}.standard"] = rates.standard if rates else None
        flat[f"instances.{name}.io_optimized"] = rates.io_optimized if rates else None
    return flat


def _shown(value: Decimal | None) -> str:
    return "absent" if value is None else number(value)


def diff_lines(result: ImportResult, directory: Path) -> list[str]:
    """`<region>: <rate> <old> -> <new>` for every rate that differs from the file in
    `directory`; a region without a file there is reported as new."""
    lines: list[str] = []
    for region, new in result.regions.items():
        path = directory / f"{region}.yaml"
        if not path.exists():
            count = sum(v is not None for v in flat_rates(new).values())
            lines.append(f"{region}: new price file ({count} rates)")
            continue
        try:
            old = parse_pricing(path, read_yaml_mapping(path, error=PricingError))
        except AuroraCostError as exc:
            lines.append(f"{region}: replaces a price file that does not load ({exc})")
            continue
        before, after = flat_rates(old), flat_rates(new)
        for key in sorted(set(before) | set(after), key=_rate_sort_key):
            old_value, new_value = before.get(key), after.get(key)
            if old_value != new_value:
                lines.append(f"{region}: {key} {_shown(old_value)} -> {_shown(new_value)}")
    return lines


_RATE_ORDER = {key: i for i, key in enumerate(Rates.model_fields)}


def _rate_sort_key(name: str) -> tuple[int, str]:
    """Rates in file order, then instance rates by name."""
    return (_RATE_ORDER.get(name, len(_RATE_ORDER)), name)
