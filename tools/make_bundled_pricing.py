"""Regenerate the bundled price files, `pricing/<region>.yaml`, from the AWS feed snapshot.

Run from a checkout with the project installed (`pip install -e .`):

    python tools/make_bundled_pricing.py             # rewrite pricing/
    python tools/make_bundled_pricing.py --out DIR   # write the files into DIR instead

The input, `tools/data/aurora-rates-2025-06-17.json`, holds the Aurora rates of 35 regions
taken from AWS's pricing-page data feed (the "metered unit maps" that
https://aws.amazon.com/rds/aurora/pricing/ loads). Its `_source` block names the two feed
files, their publication timestamp and the public archived copy they were read from; every
generated file repeats that in its header comment.

Each file is laid out by `aurora_cost.pricing.aws.writer.render`, the layout that
`aurora-cost pricing import` writes, with three differences kept so that the bundled files
stay as they were: the header names the feed instead of an offer file, `offer_version` is a
plain scalar, and a region without instance prices says "in the feed".

What the generator decides, beyond copying numbers:
- `null` in the JSON is a rate AWS does not sell in that region: absent, never 0; an
  instance class with no price at all is left out (the writer lists it as absent);
- a Serverless v1 price outside the regions where v1 was ever offered (the importer's
  `V1_REGIONS`, from the Aurora User Guide's Serverless v1 regions table) is a feed artifact
  and is left out with a note, as `aurora-cost pricing import` does (ca-west-1 today);
- `published` is the date of the feed's `hawkFilePublicationDate`, and `offer_version` the
  feed's index name, `plc-rds-usd-<that timestamp>`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from aurora_cost.options.capacity import V1_END_OF_LIFE
from aurora_cost.pricing.aws.select import V1_REGIONS
from aurora_cost.pricing.aws.writer import render, scalar
from aurora_cost.pricing.model import InstanceRates, Rates, RegionPricing, RegionPricingV1, Source

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "data" / "aurora-rates-2025-06-17.json"
OUT = ROOT / "pricing"
SCRIPT = "tools/make_bundled_pricing.py"
COMMAND = f"python {SCRIPT}"

# Key in the JSON -> rate in the price file.
RATE_KEYS: dict[str, str] = {
    "v1_acu_hr": "serverless_v1_acu_hour",
    "v2_acu_hr_standard": "serverless_v2_acu_hour",
    "v2_acu_hr_io_optimized": "serverless_v2_io_optimized_acu_hour",
    "storage_gb_mo_standard": "storage_gb_month",
    "storage_gb_mo_io_optimized": "io_optimized_storage_gb_month",
    "io_per_million": "io_per_million",
    "backup_gb_mo": "backup_gb_month",
    "snapshot_export_per_gb": "snapshot_export_per_gb",
    "backtrack_per_million_cr_hr": "backtrack_per_million_change_records",
    "data_api_per_million_first_1b": "data_api_per_million_first_billion",
    "data_api_per_million_over_1b": "data_api_per_million_over_billion",
    "global_db_per_million_replicated_write_io": "global_database_per_million_replicated_writes",
}
LOCATION = "location"
INSTANCES = "provisioned_instance_hr"
V1_RATE = "serverless_v1_acu_hour"

# `_source.feed`: "<first URL> and .../<second file name>" (both in the same folder).
_FEED = re.compile(
    r"^(?P<folder>https://\S+/)(?P<first>[\w.-]+\.json) and \.\.\./(?P<second>[\w.-]+\.json)$"
)
# `_source.copy`: "github.com/<owner>/<repo> <path> @ <commit>; <path> (repo HEAD <commit>)".
_COPY = re.compile(
    r"^(?P<repo>github\.com/[\w.-]+/[\w.-]+) (?P<path1>\S+) @ (?P<commit1>[0-9a-f]{40}); "
    r"(?P<path2>\S+) \(repo HEAD (?P<commit2>[0-9a-f]{40})\)$"
)


class SourceDataError(Exception):
    """The JSON is not in the form this generator reads."""


@dataclass(frozen=True)
class Provenance:
    """Where the snapshot came from, read from its `_source` block."""

    feed_urls: tuple[str, str]  # rds-aurora-storage.json, rds-aurora-ondemand.json
    published: datetime  # hawkFilePublicationDate, UTC
    copy_repo: str  # github.com/<owner>/<repo>
    copy_files: tuple[tuple[str, str], tuple[str, str]]  # (path, commit) of each feed file

    @property
    def offer_version(self) -> str:
        return f"plc-rds-usd-{self.published:%Y%m%d%H%M%S}"

    @property
    def feed_files(self) -> tuple[str, str]:
        first, second = (url.rsplit("/", 1)[1] for url in self.feed_urls)
        return first, second


def read_provenance(source: Any) -> Provenance:
    if not isinstance(source, dict):
        raise SourceDataError("_source: expected an object")
    feed = _FEED.match(str(source.get("feed", "")))
    copy = _COPY.match(str(source.get("copy", "")))
    if feed is None:
        raise SourceDataError("_source.feed: expected '<URL> and .../<file>.json'")
    if copy is None:
        raise SourceDataError(
            "_source.copy: expected 'github.com/<owner>/<repo> <path> @ <commit>; "
            "<path> (repo HEAD <commit>)'"
        )
    try:
        published = datetime.strptime(
            str(source.get("hawkFilePublicationDate")), "%Y-%m-%dT%H:%M:%SZ"
        )
    except ValueError:
        raise SourceDataError(
            "_source.hawkFilePublicationDate: expected YYYY-MM-DDTHH:MM:SSZ"
        ) from None
    if source.get("currency") != "USD":
        raise SourceDataError("_source.currency: only USD is supported")
    folder = feed["folder"]
    return Provenance(
        feed_urls=(folder + feed["first"], folder + feed["second"]),
        published=published,
        copy_repo=copy["repo"],
        copy_files=((copy["path1"], copy["commit1"]), (copy["path2"], copy["commit2"])),
    )


def header(pricing: RegionPricing, provenance: Provenance) -> list[str]:
    """The comment lines that name where the file's numbers come from."""
    (path1, commit1), (path2, commit2) = provenance.copy_files
    return [
        f"# Amazon Aurora prices for {pricing.region} ({pricing.name}), USD, on-demand.",
        "# Source: AWS's pricing-page data feed (the metered unit maps behind "
        "https://aws.amazon.com/rds/aurora/pricing/):",
        *(f"#   {url}" for url in provenance.feed_urls),
        f"# Published by AWS {provenance.published:%Y-%m-%dT%H:%M:%SZ} "
        f"(hawkFilePublicationDate; esIndex {provenance.offer_version}).",
        f"# Public archived copy: https://{provenance.copy_repo}",
        f"#   {path1} at commit {commit1},",
        f"#   {path2} at commit {commit2}.",
        f"# Generated by {SCRIPT} from tools/data/{SOURCE.name}",
        f"#   in the aurora-cost source repository: `{COMMAND}`.",
        "# Refresh with `aurora-cost pricing update` or `aurora-cost pricing import`.",
    ]


def _price(value: Any, where: str) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise SourceDataError(f"{where}: expected a number or null, got {value!r}")


def region_pricing(region: str, row: Any, provenance: Provenance) -> RegionPricing:
    """One region of the JSON as the strict price model (which validates every rate)."""
    if not isinstance(row, dict):
        raise SourceDataError(f"regions.{region}: expected an object")
    expected = {*RATE_KEYS, LOCATION, INSTANCES}
    if set(row) != expected:
        extra, missing = sorted(set(row) - expected), sorted(expected - set(row))
        raise SourceDataError(f"regions.{region}: unexpected keys {extra}, missing keys {missing}")
    rates = {
        RATE_KEYS[key]: _price(row[key], f"regions.{region}.{key}")
        for key in RATE_KEYS
        if row[key] is not None
    }
    notes = [
        "MySQL and PostgreSQL rates are identical for every item in this file.",
        "A rate that is absent is not sold in this region (no price in the feed); it is not zero.",
    ]
    if V1_RATE in rates and region not in V1_REGIONS:
        notes.append(
            f"The feed lists a v1 price ({rates.pop(V1_RATE)}) here, but Serverless v1 was never "
            f"offered in {region} (Aurora User Guide, Serverless v1 regions table); treated as a "
            "feed artifact and left out."
        )
    if V1_RATE in rates:
        notes.append(
            f"Serverless v1 reached end of life on {V1_END_OF_LIFE}; its rate is kept for comparison."
        )
    partition = "aws-us-gov" if region.startswith("us-gov-") else "aws"
    if partition == "aws-us-gov":
        notes.append("AWS GovCloud (US) partition: needs a GovCloud account.")
    instances: dict[str, InstanceRates] = {}
    classes = row[INSTANCES] or {}
    if not isinstance(classes, dict):
        raise SourceDataError(f"regions.{region}.{INSTANCES}: expected an object or null")
    for name, options in classes.items():
        where = f"regions.{region}.{INSTANCES}.{name}"
        if not isinstance(options, dict):
            raise SourceDataError(f"{where}: expected an object")
        standard = _price(options.get("standard"), f"{where}.standard")
        io_optimized = _price(options.get("io_optimized"), f"{where}.io_optimized")
        if standard is not None or io_optimized is not None:
            instances[name] = InstanceRates(standard=standard, io_optimized=io_optimized)
    return RegionPricingV1(
        schema_version=1,
        region=region,
        name=row[LOCATION],
        partition=partition,
        currency="USD",
        source=Source(
            name=(
                "AWS pricing-page data feed (metered unit maps), "
                + " and ".join(provenance.feed_files)
            ),
            url=provenance.feed_urls[0],
            published=provenance.published.date(),
            offer_version=provenance.offer_version,
            notes=notes,
        ),
        rates=Rates.model_validate(rates),
        instances=instances,
    ).upgraded()


def _replace_once(lines: list[str], old: str, new: str) -> None:
    """Swap one line the writer lays out differently; fail loudly if the writer changed."""
    found = [i for i, line in enumerate(lines) if line == old]
    if len(found) != 1:
        raise SourceDataError(f"the writer's output has {len(found)} lines {old!r}, expected 1")
    lines[found[0]] = new


def file_text(pricing: RegionPricing, provenance: Provenance) -> str:
    """The full text of `pricing/<region>.yaml`."""
    lines = render(pricing).splitlines()
    if not lines[0].startswith("# Amazon Aurora prices for ") or not lines[1].startswith("# "):
        raise SourceDataError("the writer's output no longer starts with its header comment")
    if not lines[2].startswith("# Refresh with "):
        raise SourceDataError("the writer's header is no longer three lines long")
    lines[0:3] = header(pricing, provenance)
    offer = provenance.offer_version
    _replace_once(
        lines, f"  offer_version: {json.dumps(offer)}", f"  offer_version: {scalar(offer)}"
    )
    if not pricing.instances:
        _replace_once(
            lines,
            "instances: {}  # no Aurora instance prices in the offer file for this region",
            "instances: {}  # no Aurora instance prices in the feed for this region",
        )
    return "\n".join(lines) + "\n"


def generate() -> dict[str, str]:
    """File name -> text of every region in `SOURCE`, in the JSON's region order."""
    document = json.loads(SOURCE.read_text(encoding="utf-8"), parse_float=Decimal)
    if not isinstance(document, dict) or not isinstance(document.get("regions"), dict):
        raise SourceDataError("expected an object with '_source' and 'regions'")
    provenance = read_provenance(document.get("_source"))
    return {
        f"{region}.yaml": file_text(region_pricing(region, row, provenance), provenance)
        for region, row in document["regions"].items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT, help="default: pricing/")
    args = parser.parse_args(argv)
    try:
        files = generate()
    except (
        OSError,
        ValueError,
        SourceDataError,
    ) as exc:  # pydantic's ValidationError is a ValueError
        print(f"{SOURCE}: {exc}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_bytes(text.encode("utf-8"))
    print(f"wrote {len(files)} price files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
