"""Write the fixture price files in this folder: round numbers, not AWS's prices.

    python tests/data/prices/make_prices.py

The tests price against these files, never against the bundled pricing/*.yaml, so that
`aurora-cost pricing update` (new AWS rates) cannot break them. The schema is the bundled
files' (schema_version 2: instance classes per engine and storage configuration, RDS Proxy
and Database Savings Plans rates). eu-west-1 carries the base rates; every other region is
the base times a round factor, with the gaps the tests need: no Serverless v1 (eu-north-1
and the regions after it), no db.r7g classes (eu-west-3), no snapshot export / Data API /
backtrack (mx-central-1, us-gov-west-1), no instances at all (il-central-1), classes with
only an I/O-Optimized rate (ap-east-2), a GovCloud partition (us-gov-west-1).
Per engine: Aurora MySQL and Aurora PostgreSQL have the same rates, except in ap-east-2,
where db.r6g.large is dearer for Aurora PostgreSQL (0.32 / 0.42 an hour against 0.3 /
0.39) and db.r7g.large is sold for Aurora PostgreSQL only; us-west-2 adds db.r8g.large and
db.x2g.large, both engines.
RDS Proxy: 0.01 per vCPU-hour and 0.01 per ACU-hour (times the factor); none in ap-east-2.
Database Savings Plans (`rates: derived`): on-demand x 0.65 for Serverless v2 and x 0.80 for
classes of generation 7 and later (db.r7g, db.r8g); none in us-gov-west-1.
The rates, their units and the charges' own sections (RDS Proxy) follow the charge
registry: a rate a charge declares needs a value in BASE (or its section's in SECTIONS),
and the script stops naming it otherwise.
tests/data/offers/make_fixtures.py turns five of them into AmazonRDS offer files (eu-north-1,
eu-west-1, us-east-1, us-gov-west-1; ap-east-2 as a per-region file only), per engine, with
RDS Proxy rows where a file has rds_proxy, and the savings_plans of eu-west-1 into an
AWSDatabaseSavingsPlans offer file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from aurora_cost import charges
from aurora_cost.pricing.model import RATE_UNITS

HERE = Path(__file__).resolve().parent
PUBLISHED = "2024-01-02"  # deliberately not the bundled files' date

BASE = {  # eu-west-1, USD: a value for every flat rate the charges declare
    "serverless_v1_acu_hour": "0.05",
    "serverless_v2_acu_hour": "0.10",
    "serverless_v2_io_optimized_acu_hour": "0.13",
    "storage_gb_month": "0.10",
    "io_optimized_storage_gb_month": "0.25",
    "io_per_million": "0.20",
    "backup_gb_month": "0.02",
    "snapshot_export_per_gb": "0.01",
    "backtrack_per_million_change_records": "0.01",
    "data_api_per_million_first_billion": "0.40",
    "data_api_per_million_over_billion": "0.20",
    "global_database_per_million_replicated_writes": "0.20",
}
BASE_INSTANCES = {  # (standard, I/O-Optimized) per instance-hour
    "db.t4g.medium": ("0.10", "0.13"),
    "db.r6g.large": ("0.20", "0.26"),
    "db.r7g.large": ("0.25", "0.33"),
    "db.r6g.xlarge": ("0.40", "0.52"),
    "db.r6g.2xlarge": ("0.80", "1.04"),
    "db.r7g.xlarge": ("0.50", "0.65"),
    "db.r7g.2xlarge": ("1.00", "1.30"),
}
SECTIONS = {  # a charge's section: its per-engine rates, the same for both engines
    "rds_proxy": {"provisioned_vcpu_hour": "0.01", "serverless_v2_acu_hour": "0.01"},
}
NO_SECTIONS = {"rds_proxy": ("ap-east-2",)}  # region lists with none of the section
NO_SAVINGS_PLANS = ("us-gov-west-1",)
SP_SERVERLESS, SP_INSTANCES = "0.65", "0.80"
ELIGIBLE = ("db.r7g.", "db.r8g.")  # generation 7 and later
# region: {class: {engine: (standard, I/O-Optimized) or None}} where engines differ
PER_ENGINE: dict[str, dict[str, dict[str, tuple[str | None, str | None] | None]]] = {
    "ap-east-2": {
        "db.r6g.large": {"mysql": ("0.3", "0.39"), "postgresql": ("0.32", "0.42")},
        "db.r7g.large": {"mysql": None, "postgresql": ("0.375", "0.495")},
    },
}
EXTRA_CLASSES = {"us-west-2": {"db.r8g.large": ("0.30", "0.39"), "db.x2g.large": ("0.40", "0.52")}}
NO_V1 = ("serverless_v1_acu_hour",)
NO_EXTRAS = ("snapshot_export_per_gb", "backtrack_per_million_change_records",
             "data_api_per_million_first_billion", "data_api_per_million_over_billion")  # fmt: skip
DATA_API = ("data_api_per_million_first_billion", "data_api_per_million_over_billion")
R7G = ("db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge")

# region: (name, factor, absent rates, absent classes, classes with an I/O-Optimized rate only)
REGIONS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "eu-west-1": ("EU (Ireland)", "1", (), (), ()),
    "us-east-1": ("US East (N. Virginia)", "0.8", (), (), ()),
    "us-east-2": ("US East (Ohio)", "0.8", (), (), ()),
    "us-west-2": ("US West (Oregon)", "0.9", (), (), ()),
    "ap-northeast-1": ("Asia Pacific (Tokyo)", "1.2", (), (), ()),
    "eu-central-1": ("EU (Frankfurt)", "1.1", (), (), ()),
    "eu-west-3": ("EU (Paris)", "1", (), R7G, ()),
    "eu-north-1": ("EU (Stockholm)", "1", NO_V1, (), ()),
    "sa-east-1": ("South America (Sao Paulo)", "2", (*NO_V1, "backtrack_per_million_change_records"), (), ()),
    "mx-central-1": ("Mexico (Central)", "1.2", (*NO_V1, *NO_EXTRAS), (), ()),
    "il-central-1": ("Israel (Tel Aviv)", "1.5", (*NO_V1, "backtrack_per_million_change_records", *DATA_API), tuple(BASE_INSTANCES), ()),
    "us-gov-west-1": ("AWS GovCloud (US)", "1.2", (*NO_V1, *NO_EXTRAS), (), ()),
    "ap-east-2": ("Asia Pacific (Taipei)", "1.5", (*NO_V1, "backtrack_per_million_change_records", *DATA_API), ("db.r6g.xlarge",), ("db.r6g.2xlarge", "db.r7g.2xlarge")),
}  # fmt: skip


def times(value: str, factor: str) -> str:
    return format((Decimal(value) * Decimal(factor)).normalize(), "f")


def _flow(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def _configs(standard: str | None, io_optimized: str | None) -> str:
    return _flow([(k, v) for k, v in (("standard", standard), ("io_optimized", io_optimized)) if v])


def _classes(region: str) -> dict[str, dict[str, tuple[str | None, str | None] | None]]:
    """Class -> engine -> (standard, I/O-Optimized) rates in this region, None: not sold."""
    _name, factor, _absent, no_class, io_only = REGIONS[region]
    found: dict[str, dict[str, tuple[str | None, str | None] | None]] = {}
    base = {**BASE_INSTANCES, **EXTRA_CLASSES.get(region, {})}
    for cls, (standard, io_optimized) in base.items():
        if cls in no_class:
            continue
        pair = (None if cls in io_only else times(standard, factor), times(io_optimized, factor))
        found[cls] = {"mysql": pair, "postgresql": pair}
        found[cls].update(PER_ENGINE.get(region, {}).get(cls, {}))
    return found


def _class_line(
    cls: str, engines: dict[str, tuple[str | None, str | None] | None], indent: str
) -> str:
    pairs = [(e, _configs(*r)) for e, r in engines.items() if r is not None]
    missing = [e for e, r in engines.items() if r is None]
    note = f"  # not sold for {', '.join(missing)}" if missing else ""
    return f"{indent}{cls}: {_flow(pairs)}{note}"


def _sp(value: str | None, factor: str) -> str | None:
    return None if value is None else format((Decimal(value) * Decimal(factor)).normalize(), "f")


def _sections(region: str, factor: str) -> list[str]:
    """Each charge's own section of per-engine rates (RDS Proxy), as the charges declare."""
    lines = []
    for charge in charges.charges():
        if not charge.section:
            continue
        if region in NO_SECTIONS.get(charge.section, ()):
            lines.append(f"# {charge.section}: absent (no {charge.title} prices for {region})")
            continue
        values = SECTIONS.get(charge.section)
        if values is None or set(values) != {rate.key for rate in charge.engine_rates}:
            raise SystemExit(f"{charge.section}: give each of its rates a value in SECTIONS")
        lines.append(f"{charge.section}:")
        for rate in charge.engine_rates:
            value = times(values[rate.key], factor)
            lines.append(f"  {rate.key}: {{mysql: {value}, postgresql: {value}}}")
    return lines


def render(region: str) -> str:
    name, factor, absent, _no_class, _io_only = REGIONS[region]
    partition = "aws-us-gov" if region.startswith("us-gov-") else "aws"
    lines = [
        f"# Test fixture prices for {region} ({name}): round numbers, NOT AWS's prices.",
        "# Written by tests/data/prices/make_prices.py; the tests price against these files.",
        "schema_version: 2",
        f"region: {region}",
        f"name: {name}",
        f"partition: {partition}",
        "currency: USD",
        "source:",
        "  name: aurora-cost test fixture (round numbers, not AWS prices)",
        f"  url: https://example.invalid/aurora-cost/test-prices/{region}.yaml",
        f"  published: {PUBLISHED}",
        "  offer_version: fixture-1",
        "  notes:",
        '    - "Round numbers for hand-computed tests; eu-west-1 is the base, this region is'
        f' the base x {factor}."',
        '    - "A rate that is absent is not sold in this region; it is not zero."',
        "units:",
        *(f"  {key}: {text}" for key, text in RATE_UNITS.items()),  # the registry's units
        "rates:",
    ]
    for key in (rate.key for charge in charges.charges() for rate in charge.flat_rates):
        if key not in BASE:
            raise SystemExit(f"{key}: a registered rate without a fixture value; add it to BASE")
        if key in absent:
            lines.append(f"  # {key}: absent (not sold in {region})")
        else:
            lines.append(f"  {key}: {times(BASE[key], factor)}")
    classes = _classes(region)
    lines.append("instances:" if classes else "instances: {}  # no Aurora instance prices")
    for cls in BASE_INSTANCES:
        if cls not in classes:
            lines.append(f"  # {cls}: absent (not sold in {region})")
    lines += [_class_line(cls, engines, "  ") for cls, engines in classes.items()]
    lines += _sections(region, factor)
    if region in NO_SAVINGS_PLANS:
        lines.append(f"# savings_plans: absent (no Database Savings Plans rates for {region})")
        return "\n".join(lines) + "\n"
    lines += [
        "savings_plans:",
        "  rates: derived",
        "  source: fixture, on-demand x 0.65 (Serverless v2) and x 0.80 (generation 7 and later)",
    ]
    for key in ("serverless_v2_acu_hour", "serverless_v2_io_optimized_acu_hour"):
        rate = _sp(times(BASE[key], factor), SP_SERVERLESS)
        lines.append(f"  {key}: {{mysql: {rate}, postgresql: {rate}}}")
    eligible = {c: e for c, e in classes.items() if c.startswith(ELIGIBLE)}
    lines.append("  instances:" if eligible else "  instances: {}")
    for cls, engines in eligible.items():
        discounted = {
            e: None if r is None else (_sp(r[0], SP_INSTANCES), _sp(r[1], SP_INSTANCES))
            for e, r in engines.items()
        }
        lines.append(_class_line(cls, discounted, "    "))
    return "\n".join(lines) + "\n"


def main() -> None:
    for region in REGIONS:
        (HERE / f"{region}.yaml").write_text(render(region), encoding="utf-8")


if __name__ == "__main__":
    main()
