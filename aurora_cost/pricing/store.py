"""Where price files are found, and loading them, validated and cached.

Precedence: `--pricing DIR`, else `$AURORA_COST_PRICING`, else the user's price directory
(where `aurora-cost pricing update` writes) over the bundled files: a region's file in the
user directory wins, the bundled files price the other regions.
"""

import errno
import os
import stat
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from aurora_cost.errors import PricingError, UnknownRegionError, did_you_mean
from aurora_cost.files import read_text
from aurora_cost.pricing.model import REGION_CODE, RegionPricing, parse_pricing
from aurora_cost.shown import printable
from aurora_cost.yamlio import MAX_YAML_BYTES, parse_yaml, yaml_mapping

PRICING_ENV = "AURORA_COST_PRICING"


def bundled_pricing_dir() -> Path:
    """The price directory that ships with the package (or the checkout's, when editable)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_bundled_pricing"
    if packaged.is_dir():
        return packaged
    return package.parent / "pricing"


STALE_AFTER_DAYS = 180
Directories = Path | Sequence[Path]  # one directory, or layers: the first that has a file wins


def user_pricing_dir() -> Path:
    """The user's price directory (e.g. ~/.local/share/aurora-cost/pricing on Linux)."""
    import platformdirs  # only the commands that look for price files pay for it

    return Path(platformdirs.user_data_dir("aurora-cost", appauthor=False)) / "pricing"


def price_layers(explicit: str | os.PathLike[str] | None = None) -> tuple[Path, ...]:
    """The directories prices come from, first wins: `--pricing`, else the environment,
    else the user's price directory (if it has price files) over the bundled ones."""
    chosen = explicit if explicit is not None else os.environ.get(PRICING_ENV) or None
    if chosen is not None:
        return (pricing_dir(explicit),)
    user = user_pricing_dir()
    try:
        has_files = any(user.glob("*.yaml"))
    except OSError:
        has_files = False
    return (user, bundled_pricing_dir()) if has_files else (bundled_pricing_dir(),)


def stale_note(published: date, today: date) -> str | None:
    """A one-line note when prices are over 180 days old, with how to refresh them."""
    age = (today - published).days
    if age <= STALE_AFTER_DAYS:
        return None
    return (
        f"these prices were published {published.isoformat()}, {age} days ago; run "
        "'aurora-cost pricing update' to fetch AWS's current ones"
    )


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


def _layers(directories: Directories | None) -> tuple[Path, ...]:
    if directories is None:
        return price_layers()
    return (directories,) if isinstance(directories, Path) else tuple(directories)


def available_regions(directories: Directories) -> list[str]:
    """Region codes with a price file in any of the directories, sorted."""
    found: set[str] = set()
    for directory in _layers(directories):
        try:
            found.update(p.stem for p in directory.glob("*.yaml") if not p.name.startswith("."))
        except OSError as exc:
            raise PricingError(f"{directory}: cannot list price files: {exc.strerror}") from exc
    return sorted(found)


def region_file(region: str, directories: Directories | None = None) -> Path:
    """The file that prices `region`: the first directory that has one."""
    layers = _layers(directories)
    for directory in layers:
        path = directory / f"{region}.yaml"
        if os.path.lexists(path):  # a broken link too: said, never passed over silently
            return path
    return layers[-1] / f"{region}.yaml"


def load_region(region: str, directories: Directories | None = None) -> RegionPricing:
    """Load and validate the price file of one region."""
    layers = _layers(directories)
    directory = layers[0]
    path = (
        region_file(region, layers) if REGION_CODE.match(region) else directory / f"{region}.yaml"
    )
    if not REGION_CODE.match(region) or not path.is_file():
        regions = available_regions(layers)
        if not regions:
            raise PricingError(f"{directory}: no price files (<region>.yaml) in this directory")
        if REGION_CODE.match(region) and os.path.lexists(path):
            raise PricingError(f"{path}: {_not_a_file(path)}")
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


def _not_a_file(path: Path) -> str:
    """What is at `path` instead of a price file (it exists, or is a link), and the fix."""
    fix = "; give a price file (YAML) of that name, or remove it"
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"is a symbolic link that leads back to itself (a loop){fix}"
        if isinstance(exc, FileNotFoundError):
            target = printable(os.readlink(path)) if os.path.islink(path) else "nothing"
            return f"is a symbolic link to {target}, which does not exist{fix}"
        return f"cannot be read: {exc.strerror or exc}{fix}"
    kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
             (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")]  # fmt: skip
    found = next((name for test, name in kinds if test(mode)), "not a regular file")
    linked = " (through a symbolic link)" if os.path.islink(path) else ""
    return f"is {found}{linked}, not a price file{fix}"


def _load_file(path: Path) -> RegionPricing:
    """The file's prices, parsed once per content: the cache is keyed by what the file
    holds, not its name, so a file edited (or replaced) since is read again."""
    return _parse(
        path, read_text(path, what="price file", error=PricingError, limit=MAX_YAML_BYTES)
    )


@lru_cache(maxsize=64)
def _parse(path: Path, text: str) -> RegionPricing:
    data = yaml_mapping(parse_yaml(text, path, PricingError), path, PricingError, "price file")
    return parse_pricing(path, data)


def load_all(directories: Directories | None = None) -> list[RegionPricing]:
    """Every region's prices (validated), sorted by region code."""
    layers = _layers(directories)
    regions = available_regions(layers)
    if not regions:
        raise PricingError(f"{layers[0]}: no price files (<region>.yaml) in this directory")
    return [load_region(region, layers) for region in regions]
