"""Regenerate the bundled price files, `pricing/<region>.yaml`, from the AWS feed snapshot.

Run from a checkout with the project installed (`pip install -e .`):

    python tools/make_bundled_pricing.py             # rewrite pricing/
    python tools/make_bundled_pricing.py --out DIR   # write the files into DIR instead

The inputs, in tools/data/:
- `aurora-rates-2025-06-17.json`: the Aurora rates of 35 regions from AWS's pricing-page data
  feed (the "metered unit maps" that https://aws.amazon.com/rds/aurora/pricing/ loads):
  serverless, storage, I/O and the other per-cluster rates;
- `aurora-instances-2025-06-17.json`: the same feed's every Aurora instance class, per engine
  and storage configuration, and the RDS Proxy rates (rds-aurora-ondemand.json, rds-proxy.json);
- `AWSDatabaseSavingsPlans-ap-south-2-aurora-rows-2026-04-22.csv`: every Aurora row of AWS's
  AWSDatabaseSavingsPlans offer file for ap-south-2 (see tools/savings_plans_data.py).
Each JSON's `_source` block names the feed files, their publication timestamp and the public
archived copy they were read from; every generated file repeats that in its header comment.

Each file is laid out by `aurora_cost.pricing.aws.writer.render`, the layout that
`aurora-cost pricing import` writes (`schema_version: 2`), with three differences kept so
that the bundled files stay as they were: the header names the feed instead of an offer
file, `offer_version` is a plain scalar, and a region without instance prices says "in the
feed".

What the generator decides, beyond copying numbers:
- `null` in the JSON, or an engine, class or configuration left out, is not sold in that
  region: absent, never 0; an instance class with no price at all is left out;
- a Serverless v1 price outside the regions where v1 was ever offered (the importer's
  `V1_REGIONS`, from the Aurora User Guide's Serverless v1 regions table) is a feed artifact
  and is left out with a note, as `aurora-cost pricing import` does (ca-west-1 today);
- the instance prices come from the instances file only (the rates file's
  `provisioned_instance_hr`, one rate per class, is superseded by it);
- Database Savings Plans rates: real in ap-south-2 (the offer rows, checked against the
  on-demand rates), derived elsewhere (tools/savings_plans_data.py);
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

import savings_plans_data as plans  # tools/savings_plans_data.py, next to this script
from instances_data import INSTANCES_SOURCE, SourceDataError, instance_rates, price, section_rates

from aurora_cost import charges
from aurora_cost.options.capacity import V1_END_OF_LIFE
from aurora_cost.pricing.aws.select import V1_REGIONS
from aurora_cost.pricing.aws.writer import render, scalar
from aurora_cost.pricing.model import (
    ClassRates,
    RegionPricing,
    SavingsPlanRates,
    Source,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "data" / "aurora-rates-2025-06-17.json"

OUT = ROOT / "pricing"
SCRIPT = "tools/make_bundled_pricing.py"
COMMAND = f"python {SCRIPT}"

# Key in the JSON -> rate in the price file (each charge's rates name their feed key).
RATE_KEYS: dict[str, str] = {
    rate.feed: rate.key for charge in charges.charges() for rate in charge.flat_rates if rate.feed
}
LOCATION = "location"
INSTANCES = "provisioned_instance_hr"  # superseded by the instances file
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
# The instances file's `_source.copy`: "github.com/<owner>/<repo> <path>, <path> @ <commit>".
_INSTANCES_COPY = re.compile(
    r"^(?P<repo>github\.com/[\w.-]+/[\w.-]+) (?P<path1>\S+), (?P<path2>\S+) @ (?P<commit>[0-9a-f]{40})$"
)


@dataclass(frozen=True)
class Provenance:
    """Where the snapshot came from, read from the `_source` blocks of both JSON files."""

    feed_urls: tuple[str, str]  # rds-aurora-storage.json, rds-aurora-ondemand.json
    published: datetime  # hawkFilePublicationDate, UTC
    copy_repo: str  # github.com/<owner>/<repo>
    copy_files: tuple[tuple[str, str], tuple[str, str]]  # (path, commit) of each feed file
    proxy_url: str = ""  # rds-proxy.json
    instance_copies: tuple[str, str, str] = ("", "", "")  # two paths and their commit

    @property
    def offer_version(self) -> str:
        return f"plc-rds-usd-{self.published:%Y%m%d%H%M%S}"

    @property
    def feed_files(self) -> tuple[str, str]:
        first, second = (url.rsplit("/", 1)[1] for url in self.feed_urls)
        return first, second


def _published(source: dict[str, Any], where: str) -> datetime:
    try:
        return datetime.strptime(str(source.get("hawkFilePublicationDate")), "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise SourceDataError(
            f"{where}_source.hawkFilePublicationDate: expected YYYY-MM-DDTHH:MM:SSZ"
        ) from None


def read_provenance(source: Any, instances_source: Any = None) -> Provenance:
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
    published = _published(source, "")
    if source.get("currency") != "USD":
        raise SourceDataError("_source.currency: only USD is supported")
    folder = feed["folder"]
    provenance = Provenance(
        feed_urls=(folder + feed["first"], folder + feed["second"]),
        published=published,
        copy_repo=copy["repo"],
        copy_files=((copy["path1"], copy["commit1"]), (copy["path2"], copy["commit2"])),
    )
    if instances_source is None:
        return provenance
    where = f"{INSTANCES_SOURCE.name}: "
    if not isinstance(instances_source, dict):
        raise SourceDataError(f"{where}_source: expected an object")
    feed2 = _FEED.match(str(instances_source.get("feed", "")))
    copy2 = _INSTANCES_COPY.match(str(instances_source.get("copy", "")))
    if feed2 is None or folder + feed2["first"] != provenance.feed_urls[1]:
        raise SourceDataError(
            f"{where}_source.feed: expected '{provenance.feed_urls[1]} and .../<file>.json'"
        )
    if copy2 is None or copy2["repo"] != copy["repo"]:
        raise SourceDataError(
            f"{where}_source.copy: expected '{copy['repo']} <path>, <path> @ <commit>'"
        )
    if (
        _published(instances_source, where) != published
        or instances_source.get("currency") != "USD"
    ):
        raise SourceDataError(f"{where}_source: not the same publication (USD) as {SOURCE.name}")
    return Provenance(
        feed_urls=provenance.feed_urls,
        published=published,
        copy_repo=provenance.copy_repo,
        copy_files=provenance.copy_files,
        proxy_url=folder + feed2["second"],
        instance_copies=(copy2["path1"], copy2["path2"], copy2["commit"]),
    )


def header(pricing: RegionPricing, provenance: Provenance) -> list[str]:
    """The comment lines that name where the file's numbers come from."""
    (path1, commit1), (path2, commit2) = provenance.copy_files
    ondemand, proxy, commit3 = provenance.instance_copies
    sp = pricing.savings_plans
    return [
        f"# Amazon Aurora prices for {pricing.region} ({pricing.name}), USD, on-demand.",
        "# Source: AWS's pricing-page data feed (the metered unit maps behind "
        "https://aws.amazon.com/rds/aurora/pricing/):",
        *(f"#   {url}" for url in (*provenance.feed_urls, provenance.proxy_url)),
        f"# Published by AWS {provenance.published:%Y-%m-%dT%H:%M:%SZ} "
        f"(hawkFilePublicationDate; esIndex {provenance.offer_version}).",
        f"# Public archived copy: https://{provenance.copy_repo}",
        f"#   {path1} at commit {commit1},",
        f"#   {path2} at commit {commit2},",
        f"#   {ondemand} and {proxy} at commit {commit3} (instance classes per engine, RDS Proxy).",
        *([f"# Database Savings Plans rates: {_plans_summary(sp)}"] if sp is not None else []),
        f"# Generated by {SCRIPT} from tools/data/{SOURCE.name},",
        f"#   tools/data/{INSTANCES_SOURCE.name} and tools/data/{plans.OFFER.name}",
        f"#   in the aurora-cost source repository: `{COMMAND}`.",
        "# Refresh with `aurora-cost pricing update` or `aurora-cost pricing import`.",
    ]


def _plans_summary(sp: SavingsPlanRates) -> str:
    if sp.rates == "offer-file":
        return f"real (rates: offer-file), {sp.source.split(': the DiscountedRate', 1)[0]}."
    return (
        "derived (rates: derived), on-demand x 0.65 for Serverless v2 and x 0.80 for generation 7+ "
        "classes, AWS's published 35% and 20% discounts; see savings_plans.source."
    )


def _engine_note(instances: dict[str, ClassRates]) -> str:
    differ = [name for name, rates in instances.items() if rates.mysql != rates.postgresql]
    if not differ:
        return "Aurora MySQL and Aurora PostgreSQL have the same rates for every item in this file."
    return (
        f"Instance classes are priced per engine: here {len(differ)} of them "
        f"{'is' if len(differ) == 1 else 'are'} sold or priced differently for Aurora MySQL and "
        "Aurora PostgreSQL; the other rates are one rate for both engines."
    )


def region_pricing(
    region: str,
    row: Any,
    provenance: Provenance,
    instances_row: Any = None,
    offer: plans.Offer | None = None,
) -> RegionPricing:
    """One region of the JSON files as the strict price model (which validates every rate)."""
    if not isinstance(row, dict):
        raise SourceDataError(f"regions.{region}: expected an object")
    expected = {*RATE_KEYS, LOCATION, INSTANCES}
    if set(row) != expected:
        extra, missing = sorted(set(row) - expected), sorted(expected - set(row))
        raise SourceDataError(f"regions.{region}: unexpected keys {extra}, missing keys {missing}")
    if not isinstance(instances_row, dict) or instances_row.get(LOCATION) != row[LOCATION]:
        raise SourceDataError(
            f"{INSTANCES_SOURCE.name}: regions.{region}: missing, or not {row[LOCATION]!r}"
        )
    rates = {
        RATE_KEYS[key]: price(row[key], f"regions.{region}.{key}")
        for key in RATE_KEYS
        if row[key] is not None
    }
    instances = instance_rates(region, instances_row)
    sections = {
        charge.section: section_rates(region, instances_row, charge)
        for charge in charges.charges()
        if charge.section
    }
    proxy = sections.get("rds_proxy")
    notes = [
        _engine_note(instances),
        "A rate that is absent is not sold in this region (no price in the feed); it is not zero.",
        "RDS Proxy rates: rds-proxy.json of the same feed, per engine."
        if proxy is not None
        else "The feed has no RDS Proxy prices for this region.",
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
    savings = None
    if offer is not None:
        v2 = {
            "standard": rates.get("serverless_v2_acu_hour"),
            "io_optimized": rates.get("serverless_v2_io_optimized_acu_hour"),
        }
        if region == plans.OFFER_REGION:
            try:
                savings, more = plans.from_offer(v2, instances, offer)
            except plans.OfferError as exc:
                raise SourceDataError(f"{plans.OFFER.name}: {exc}") from None
            notes += more
        else:
            savings = plans.derived(v2, instances, offer)
            if partition == "aws-us-gov":
                notes.append(
                    "Whether Database Savings Plans cover AWS GovCloud (US) was not confirmed; "
                    "the derived Savings Plans rates assume they do."
                )
    return RegionPricing.model_validate(
        {
            "region": region,
            "name": row[LOCATION],
            "partition": partition,
            "currency": "USD",
            "source": Source(
                name=(
                    "AWS pricing-page data feed (metered unit maps), "
                    + " and ".join(provenance.feed_files)
                ),
                url=provenance.feed_urls[0],
                published=provenance.published.date(),
                offer_version=provenance.offer_version,
                notes=notes,
            ),
            "rates": rates,
            "instances": instances,
            **sections,
            "savings_plans": savings,
        }
    )


def _replace_once(lines: list[str], old: str, new: str) -> None:
    """Swap one line the writer lays out differently; fail loudly if the writer changed."""
    found = [i for i, line in enumerate(lines) if line == old]
    if len(found) != 1:
        raise SourceDataError(f"the writer's output has {len(found)} lines {old!r}, expected 1")
    lines[found[0]] = new


def file_text(pricing: RegionPricing, provenance: Provenance) -> str:
    """The full text of `pricing/<region>.yaml`."""
    lines = render(pricing).splitlines()
    first_key = next((i for i, line in enumerate(lines) if not line.startswith("#")), 0)
    if first_key < 2 or not lines[0].startswith("# Amazon Aurora prices for "):
        raise SourceDataError("the writer's output no longer starts with its header comment")
    if not lines[first_key - 1].startswith("# Refresh with "):
        raise SourceDataError("the writer's header no longer ends with its refresh line")
    lines[0:first_key] = header(pricing, provenance)
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


def _document(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    if not isinstance(document, dict) or not isinstance(document.get("regions"), dict):
        raise SourceDataError(f"{path.name}: expected an object with '_source' and 'regions'")
    return document


def generate() -> dict[str, str]:
    """File name -> text of every region in `SOURCE`, in the JSON's region order."""
    document = _document(SOURCE)
    instances = _document(INSTANCES_SOURCE)
    provenance = read_provenance(document.get("_source"), instances.get("_source"))
    if set(instances["regions"]) != set(document["regions"]):
        raise SourceDataError(f"{INSTANCES_SOURCE.name}: not the regions of {SOURCE.name}")
    try:
        offer = plans.read_offer()
    except (plans.OfferError, KeyError, IndexError, ValueError) as exc:
        raise SourceDataError(f"{plans.OFFER.name}: {exc}") from None
    return {
        f"{region}.yaml": file_text(
            region_pricing(region, row, provenance, instances["regions"][region], offer),
            provenance,
        )
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
