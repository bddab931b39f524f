"""Where price files are found (`--pricing`, `AURORA_COST_PRICING`, the bundled data) and
loading them, validated and cached."""

import os
from functools import lru_cache
from pathlib import Path

from aurora_cost.errors import PricingError, UnknownRegionError, did_you_mean
from aurora_cost.pricing.model import REGION_CODE, RegionPricing, parse_pricing
from aurora_cost.yamlio import read_yaml_mapping

PRICING_ENV = "AURORA_COST_PRICING"


def bundled_pricing_dir() -> Path:
    """The price directory that ships with the package (or the checkout's, when editable)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_bundled_pricing"
    if packaged.is_dir():
        return packaged
    return package.parent / "pricing"


def pricing_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--pricing DIR`, else `$AURORA_COST_PRICING`, else the bundled data."""
    chosen = explicit if explicit is not None else os.environ.get(PRICING_ENV) or None
    if chosen is None:
        return bundled_pricing_dir()
    path = Path(chosen)
    origin = "--pricing" if explicit is not None else PRICING_ENV
    if not path.exists():
        raise PricingError(f"{origin}: price directory '{path}' does not exist")
    if not path.is_dir():
        raise PricingError(
            f"{origin}: '{path}' is a file; give the directory that holds <region>.yaml"
        )
    return path


def available_regions(directory: Path) -> list[str]:
    """Region codes with a price file in `directory`, sorted."""
    try:
        return sorted(p.stem for p in directory.glob("*.yaml") if not p.name.startswith("."))
    except OSError as exc:
        raise PricingError(f"{directory}: cannot list price files: {exc.strerror}") from exc


def load_region(region: str, directory: Path | None = None) -> RegionPricing:
    """Load and validate the price file of one region."""
    directory = directory if directory is not None else pricing_dir()
    path = directory / f"{region}.yaml"
    if not REGION_CODE.match(region) or not path.is_file():
        regions = available_regions(directory)
        if not regions:
            raise PricingError(f"{directory}: no price files (<region>.yaml) in this directory")
        if REGION_CODE.match(region) and path.exists():
            raise PricingError(f"{path}: is a directory, not a price file")
        if region in regions:  # a file whose name is no region code, e.g. win8.yaml
            raise PricingError(
                f"{path}: '{region}' is not a region code, so no region uses this file; "
                "name a price file after its region, e.g. eu-west-1.yaml, or move it away"
            )
        same = [known for known in regions if known.lower() == region.lower()]
        hint = (
            f"; region codes are lower case: '{same[0]}'"
            if same
            else did_you_mean(region, regions) or "; run 'aurora-cost regions' to list them"
        )
        raise UnknownRegionError(f"unknown region '{region}'{hint}")
    return _load_file(path)


@lru_cache(maxsize=64)
def _load_file(path: Path) -> RegionPricing:
    return parse_pricing(path, read_yaml_mapping(path, error=PricingError, what="price file"))


def load_all(directory: Path | None = None) -> list[RegionPricing]:
    """Every region's prices in `directory` (validated), sorted by region code."""
    directory = directory if directory is not None else pricing_dir()
    regions = available_regions(directory)
    if not regions:
        raise PricingError(f"{directory}: no price files (<region>.yaml) in this directory")
    return [load_region(region, directory) for region in regions]
