"""`pricing update`: download offer CSVs from AWS's public Price List endpoint.

Per region: the AmazonRDS offer file (found through the AmazonRDS region index, a map
`{"regions": {code: {"currentVersionUrl": ...}}}`) and the AWSDatabaseSavingsPlans offer
file (found through the Savings Plans region index, which is shaped differently: a list
`{"regions": [{"regionCode": ..., "versionUrl": ...}]}`). No credentials, urllib only. Every file goes to a temporary directory first; the
price files are written (atomically, all at once) only after every download and
import succeeded, so a failure or Ctrl-C leaves the previous files untouched.
"""

from __future__ import annotations

import json
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from http.client import HTTPException
from pathlib import Path

from aurora_cost.errors import DownloadError, InputError, did_you_mean
from aurora_cost.pricing.aws import (
    DEFAULT_ENDPOINT,
    OFFER_PATH,
    SAVINGS_PLAN_PATH,
    ImportResult,
    import_offer_files,
)
from aurora_cost.pricing.model import REGION_CODE

REGION_INDEX_PATH = f"{OFFER_PATH}/current/region_index.json"
SAVINGS_PLAN_INDEX_PATH = f"{SAVINGS_PLAN_PATH}/current/region_index.json"
USER_AGENT = "aurora-cost (+https://pypi.org/project/aurora-cost/)"
CHUNK = 256 * 1024

# (label, bytes so far, total bytes or None) -- called as the download goes.
ProgressCallback = Callable[[str, int, "int | None"], None]


@dataclass(frozen=True)
class Fetcher:
    """HTTP GET with a timeout and a few quick retries on network errors and 5xx."""

    timeout: float = 30.0
    retry_delays: tuple[float, ...] = (0.5, 2.0)  # so 3 attempts in all
    sleep: Callable[[float], None] = time.sleep

    def fetch(self, url: str, dest: Path, label: str, progress: ProgressCallback | None) -> None:
        attempts = len(self.retry_delays) + 1
        for attempt in range(attempts):
            try:
                self._fetch_once(url, dest, label, progress)
                return
            except urllib.error.HTTPError as exc:
                if exc.code < 500 or attempt == attempts - 1:
                    raise DownloadError(
                        f"{url}: HTTP {exc.code} {exc.reason}; nothing was changed"
                    ) from None
            except (urllib.error.URLError, HTTPException, OSError) as exc:
                if attempt == attempts - 1:
                    reason = getattr(exc, "reason", None) or exc
                    raise DownloadError(
                        f"{url}: download failed after {attempts} attempts ({reason}); "
                        "check the network or --endpoint; nothing was changed"
                    ) from None
            self.sleep(self.retry_delays[attempt])

    def _fetch_once(
        self, url: str, dest: Path, label: str, progress: ProgressCallback | None
    ) -> None:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            with dest.open("wb") as out:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(label, done, total)
        if total is not None and done != total:
            raise HTTPException(f"connection closed after {done:,} of {total:,} bytes")


def region_urls(index_file: Path, endpoint: str) -> dict[str, str]:
    """Region code -> CSV URL, from a downloaded `region_index.json`."""
    try:
        data = json.loads(index_file.read_text(encoding="utf-8"))
        regions = data["regions"]
        urls = {
            str(code): endpoint + str(entry["currentVersionUrl"]).removesuffix(".json") + ".csv"
            for code, entry in regions.items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DownloadError(
            f"{endpoint}{REGION_INDEX_PATH}: not a Price List region index "
            '(expected {"regions": {code: {"currentVersionUrl": ...}}}); nothing was changed'
        ) from None
    return urls


def savings_plan_urls(index_file: Path, endpoint: str) -> dict[str, str]:
    """Region code -> CSV URL, from a downloaded Savings Plans `region_index.json`."""
    try:
        data = json.loads(index_file.read_text(encoding="utf-8"))
        entries = data["regions"]
        if not isinstance(entries, list):
            raise TypeError
        urls = {
            str(entry["regionCode"]): endpoint
            + str(entry["versionUrl"]).removesuffix(".json")
            + ".csv"
            for entry in entries
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DownloadError(
            f"{endpoint}{SAVINGS_PLAN_INDEX_PATH}: not a Savings Plans region index "
            '(expected {"regions": [{"regionCode": ..., "versionUrl": ...}]}); nothing was changed'
        ) from None
    return urls


def choose_regions(
    wanted: Sequence[str], existing: Sequence[str], offered: dict[str, str]
) -> list[str]:
    """The regions to update: `--region`s, else those with a file, else every Region."""
    if wanted:
        for region in wanted:
            if region not in offered:
                hint = did_you_mean(region, offered) or "; the region index lists no such region"
                raise InputError(
                    f"--region: AWS publishes no AmazonRDS prices for '{region}'{hint}"
                )
        return sorted(set(wanted))
    if existing:
        missing = [r for r in existing if r not in offered]
        if missing:
            raise DownloadError(
                f"the region index lists no AmazonRDS prices for {', '.join(missing)}; "
                "give the regions to update with --region"
            )
        return sorted(existing)
    return sorted(code for code in offered if REGION_CODE.match(code))


def update_regions(
    *,
    regions: Sequence[str],
    existing: Sequence[str],
    endpoint: str = DEFAULT_ENDPOINT,
    fetcher: Fetcher | None = None,
    progress: ProgressCallback | None = None,
    retrieved: date | None = None,
) -> ImportResult:
    """Download both region indexes and each region's CSVs (AmazonRDS, and
    AWSDatabaseSavingsPlans where the Savings Plans index lists the region), then import
    them (nothing written)."""
    endpoint = endpoint.rstrip("/")
    if not endpoint.startswith(("http://", "https://")):
        raise InputError(f"--endpoint: '{endpoint}' is not an http(s) URL")
    fetcher = fetcher or Fetcher()
    with tempfile.TemporaryDirectory(prefix="aurora-cost-offers-") as tmp:
        workdir = Path(tmp)
        index_file = workdir / "region_index.json"
        fetcher.fetch(endpoint + REGION_INDEX_PATH, index_file, "region index", progress)
        offered = region_urls(index_file, endpoint)
        plans_index = workdir / "savings_plans_region_index.json"
        fetcher.fetch(
            endpoint + SAVINGS_PLAN_INDEX_PATH, plans_index, "Savings Plans index", progress
        )
        plans_offered = savings_plan_urls(plans_index, endpoint)
        chosen = choose_regions(regions, existing, offered)
        files: dict[Path, str] = {}
        gaps: dict[str, str] = {}
        for region in chosen:
            dest = workdir / f"{region}.csv"
            fetcher.fetch(offered[region], dest, region, progress)
            files[dest] = offered[region]
            if region not in plans_offered:
                gaps[region] = "the Savings Plans region index lists no file for it"
                continue
            plans_dest = workdir / f"{region}-savings-plans.csv"
            fetcher.fetch(plans_offered[region], plans_dest, f"{region} SP", progress)
            files[plans_dest] = plans_offered[region]
        result = import_offer_files(
            list(files), retrieved=retrieved, urls=files, skip_empty=True, savings_plan_gaps=gaps
        )
    lacking = [r for r in chosen if r not in result.regions]
    if (lacking and (regions or existing)) or not result.regions:
        raise DownloadError(
            f"no Aurora prices in the AmazonRDS offer file of {', '.join(lacking)}; "
            "nothing was changed"
        )
    return result
