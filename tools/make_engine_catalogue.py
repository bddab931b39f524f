"""Regenerate the bundled engine catalogue, `aurora_cost/versions/catalogue.json`.

Run from a checkout (no installation needed):

    python tools/make_engine_catalogue.py             # rewrite the catalogue
    python tools/make_engine_catalogue.py --out FILE  # write it elsewhere

The inputs, in tools/data/ (each with a `_source` block naming its sources):
- `aurora-engine-versions.json`: per Aurora MySQL and Aurora PostgreSQL major version, the end
  of standard support, the RDS Extended Support pricing years and end, and the first minor
  version with Serverless v2, 0 ACU (auto-pause), the Data API and I/O-Optimized;
- `aurora-instance-class-support.json`: per instance class, AWS's "Supported DB engines for
  DB instance classes" cells and whether the class is previous generation;
- `aurora-extended-support-rates.json`: the Extended Support rates of 35 regions, per vCPU-hour
  (provisioned) and per ACU-hour (Serverless v2), year 1-2 and year 3.

What the generator decides, beyond copying:
- a feature minimum is a version (the first minor with it), "all" (every minor of the major),
  "none" (no minor), or "not-confirmed" (the source does not say: never made unavailable);
- the class cells are read as version ranges: "X and higher" covers X and every later
  version, except that a major with its own "Y and higher" starts at Y; "not supported in Z
  and higher" removes Z and later; "No" is no version. A class whose "No" contradicts the
  feed (priced somewhere) is "not-confirmed". Families with no cell (launched after the 2023
  table) are "not-confirmed"; majors later than the table's (Aurora PostgreSQL 16-18, Aurora
  MySQL 8.4) follow the table's open ranges and are marked derived.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tools" / "data"
OUT = ROOT / "aurora_cost" / "versions" / "catalogue.json"

ENGINES = {"mysql": "aurora_mysql", "postgresql": "aurora_postgresql"}
# The newest major AWS offers per engine (aurora-engine-versions.json: Aurora MySQL 8.4 exists,
# "the latest major version"; Aurora PostgreSQL 18 is on AWS's release calendar).
DEFAULT_MAJORS = {"mysql": "8.4", "postgresql": "18"}
# The majors the 2023 class table covers; later ones follow its open ranges (derived).
TABLE_MAJORS = {"mysql": ("1", "2", "3"), "postgresql": ("11", "12", "13", "14", "15")}

# Feature minimums, read from aurora-engine-versions.json's text (first minor with the feature).
FEATURES: dict[str, dict[str, dict[str, str]]] = {
    "mysql": {
        "1": {
            "serverless_v2": "none",
            "min_0_acu": "none",
            "data_api": "none",
            "io_optimized": "none",
        },
        "2": {
            "serverless_v2": "none",
            "min_0_acu": "none",
            "data_api": "none",
            "io_optimized": "none",
        },
        "3": {
            "serverless_v2": "3.02.0",
            "min_0_acu": "3.08.0",
            "data_api": "not-confirmed",
            "io_optimized": "3.03.1",
        },
        "8.4": {
            "serverless_v2": "all",
            "min_0_acu": "all",
            "data_api": "not-confirmed",
            "io_optimized": "all",
        },
    },
    "postgresql": {
        "11": {
            "serverless_v2": "none",
            "min_0_acu": "none",
            "data_api": "none",
            "io_optimized": "none",
        },
        "12": {
            "serverless_v2": "none",
            "min_0_acu": "none",
            "data_api": "none",
            "io_optimized": "none",
        },
        "13": {
            "serverless_v2": "13.6",
            "min_0_acu": "13.15",
            "data_api": "13.11",
            "io_optimized": "13.10",
        },
        "14": {
            "serverless_v2": "14.3",
            "min_0_acu": "14.12",
            "data_api": "14.8",
            "io_optimized": "14.7",
        },
        "15": {
            "serverless_v2": "15.2",
            "min_0_acu": "15.7",
            "data_api": "15.3",
            "io_optimized": "15.2",
        },
        "16": {
            "serverless_v2": "not-confirmed",
            "min_0_acu": "16.3",
            "data_api": "16.1",
            "io_optimized": "not-confirmed",
        },
        "17": {
            "serverless_v2": "not-confirmed",
            "min_0_acu": "not-confirmed",
            "data_api": "17.4",
            "io_optimized": "not-confirmed",
        },
        "18": {
            "serverless_v2": "not-confirmed",
            "min_0_acu": "not-confirmed",
            "data_api": "not-confirmed",
            "io_optimized": "not-confirmed",
        },
    },
}

SOURCES = [
    "AWS Aurora User Guide, RDS Extended Support (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/extended-support.html, extended-support-charges.html)",
    "AWS release calendars (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html, https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html), read through endoflife.date's copies",
    "AWS Aurora User Guide, Scaling to Zero ACUs with automatic pause and resume (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html)",
    "AWS Aurora User Guide, Supported DB engines for DB instance classes (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html; the 2023 table, archived in https://github.com/awsdocs/amazon-aurora-user-guide @ 287c60402f2da72238efbe4bd10cc34bb03acfa3)",
    "AWS pricing-page data feed rds-aurora-storage.json (https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/rds/USD/current/rds-aurora-storage.json), published 2025-06-17, read from https://github.com/QuinnyPig/aws-price-watcher @ 39d33bfce9df670a9efc866c8de5708ed22f922b: the Extended Support rates",
]

_VERSION = re.compile(r"\d+(?:\.\d+)*")


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _major_of(version: str, engine: str) -> str:
    parts = version.split(".")
    if engine == "mysql" and parts[0] == "8":
        return "8.4"
    return parts[0]


def parse_cell(text: str, engine: str) -> dict[str, Any]:
    """AWS's cell text -> {major: [[from, before], ...]} (None: open) for the table's majors."""
    majors = TABLE_MAJORS[engine]
    if text.strip() == "No":
        return {}
    if text.strip() == "All currently available versions":
        return {major: [[None, None]] for major in majors}
    starts: list[str] = []  # "X and higher", or a single version
    own: dict[str, str] = {}  # a major's own first minor
    caps: list[str] = []  # "not supported in Z and higher"
    for part in re.split(r"[;,]\s*", text):
        part = part.strip()
        whole = re.fullmatch(r"All (?:version )?((?:\d\.x(?: and )?)+)(?: versions)?", part)
        if whole:
            for major in re.findall(r"(\d)\.x", whole.group(1)):
                starts.append(f"{major}.0")
                own.setdefault(major, f"{major}.0")
            continue
        cap = re.fullmatch(r"not supported in (?:version )?([\d.]+) and higher", part)
        if cap:
            caps.append(cap.group(1))
            continue
        start = re.fullmatch(r"([\d.]+)(?: and higher)?", part)
        if not start:
            raise SystemExit(f"cannot read the class cell part {part!r} of {text!r}")
        version = start.group(1)
        starts.append(version)
        major = _major_of(version, engine)
        if major not in own or _key(version) < _key(own[major]):
            own[major] = version
    first = min(starts, key=_key)
    cap_at = min(caps, key=_key) if caps else None
    out: dict[str, Any] = {}
    for major in majors:
        begin = own.get(major)
        if begin is None:
            if _key(first) >= _key(f"{major}.999"):
                continue  # the ranges start after this major
            begin = None
        elif _key(begin) <= _key(f"{major}.0"):
            begin = None  # the whole major from its first minor
        before = None
        if cap_at is not None:
            # a cap at the major's first minor (3.01.0) removes the whole major
            if _key(cap_at) <= _key(f"{major}.1.0") or (begin and _key(cap_at) <= _key(begin)):
                continue
            if _major_of(cap_at, engine) == major:
                before = cap_at
        out[major] = [[begin, before]]
    return out


def _later_majors(engine: str, known: list[str]) -> list[str]:
    table = TABLE_MAJORS[engine]
    return [m for m in known if m not in table]


def class_support(data: dict[str, Any], majors: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, entry in sorted(data["classes"].items()):
        if name == "db.serverless":
            continue
        family = data["families"].get(name.split(".")[1], {})
        cells = entry.get("engine_support_2023")
        priced = entry.get("feed_2025_06_17") or {}
        record: dict[str, Any] = {"previous_generation": bool(family.get("previous_generation"))}
        for engine, key in ENGINES.items():
            cell = None if cells is None else cells.get(key)
            if cell is None or (cell == "No" and key in priced.get("engines_priced", [])):
                record[engine] = "not-confirmed"
                continue
            ranges = parse_cell(cell, engine)
            newest = TABLE_MAJORS[engine][-1]
            for later in _later_majors(engine, majors[engine]):
                if newest in ranges and ranges[newest][-1][1] is None:
                    ranges[later] = "derived"  # the table's open range reaches it
            record[engine] = ranges
        out[name] = record
    return out


_IMPLIED_END = re.compile(r"end of standard support of (\d{4}-\d{2}-\d{2})")


def _dates(entry: dict[str, Any]) -> dict[str, Any]:
    """A major's dates, and what of them the sources leave open: another end of standard
    support one source implies (`disputed_end_of_standard_support`), and pricing years
    derived from AWS's rule rather than read (`derived_pricing_years`)."""
    support = entry.get("rds_extended_support")
    extended = None
    derived = False
    if support:
        extended = {
            "year1_start": support["year1_pricing_start"],
            "year3_start": support.get("year3_pricing_start"),
            "end": support["end"],
        }
        derived = any("DERIVED" in str(v) for k, v in support.items() if k.startswith("year"))
    implied = _IMPLIED_END.search(str(entry.get("conflict") or ""))
    return {
        "end_of_standard_support": entry.get("end_of_standard_support"),
        "disputed_end_of_standard_support": implied.group(1) if implied else None,
        "extended_support": extended,
        "derived_pricing_years": derived,
    }


def majors_block(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for engine, key in ENGINES.items():
        out[engine] = {}
        for major, entry in data[key].items():
            record = _dates(entry)
            record["features"] = FEATURES[engine][major]
            out[engine][major] = record
    return out


def rates_block(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for region, entry in sorted(data["regions"].items()):
        out[region] = {
            "provisioned_vcpu_hour": entry["provisioned_per_vcpu_hour"],
            "serverless_v2_acu_hour": entry["serverless_v2_per_acu_hour"],
        }
    return out


def build() -> dict[str, Any]:
    versions = json.loads((DATA / "aurora-engine-versions.json").read_text(encoding="utf-8"))
    classes = json.loads((DATA / "aurora-instance-class-support.json").read_text(encoding="utf-8"))
    rates = json.loads((DATA / "aurora-extended-support-rates.json").read_text(encoding="utf-8"))
    majors = majors_block(versions)
    return {
        "source": {
            "compiled": versions["_source"]["compiled"],
            "generator": "tools/make_engine_catalogue.py from tools/data/aurora-engine-versions.json, aurora-instance-class-support.json, aurora-extended-support-rates.json",
            "sources": SOURCES,
            "not_confirmed": versions["_source"]["not_confirmed"]
            + classes["_source"]["not_confirmed"],
            "rates_published": rates["_source"]["primary"]["hawkFilePublicationDate"][:10],
        },
        "default_majors": DEFAULT_MAJORS,
        "majors": majors,
        "classes": class_support(classes, {e: list(m) for e, m in majors.items()}),
        "extended_support_rates": rates_block(rates),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = json.dumps(build(), indent=1, sort_keys=False) + "\n"
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
