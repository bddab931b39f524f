"""Regenerate the AmazonRDS offer fixtures in this folder from the fixture price files.

    python tests/data/offers/make_fixtures.py

The rows follow the real AmazonRDS offer file's CSV header and JSON structure (AWS Price
List Bulk API, https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-the-aws-price-list-bulk-api.html);
the prices are those of the fixture price files in tests/data/prices/ (round numbers,
not AWS's), per unit as AWS publishes them (per I/O, per request, per change-record-hour),
so importing the fixtures must reproduce the fixture rates. Besides the Aurora rows they hold the
traps the importer must avoid: RDS MySQL rows sharing an Aurora instance usage type,
Multi-AZ and gp2 rows, an RDS for MySQL Reserved term and Extended Support row, Limitless shadow
SKUs, Any-vs-engine storage rows, a $0 Data API free tier and a Local Zone.

Each rate's rows follow its charge's declaration (`aurora_cost/charges/`: the offer's
usage type, product family and units, the tiers of the Data API), with `ROWS` for what a
declaration does not say (the usage type of an offer chosen by product family, the
engines, other columns): a charge added to the registry gets its rows without a change
here. The fixture price files are schema_version 2: instance rows come per engine (Aurora MySQL,
Aurora PostgreSQL) at each engine's rate in the file, only for the engines and storage
configurations it prices. Every region whose file has `rds_proxy` also carries RDS Proxy
rows (family RDSProxy, per engine, at those rates) and an RDS for MySQL proxy row to skip;
a region without `rds_proxy` (ap-east-2) gets no proxy rows at all.
AmazonRDS-ap-east-2.csv (a per-region file only, not in the whole-service files) holds
the per-engine classes of its fixture file (db.r6g.large dearer for Aurora PostgreSQL,
db.r7g.large sold for Aurora PostgreSQL only) and what that file does not say:
db.r6g.2xlarge Standard sold for Aurora MySQL only (at AP_EAST_2_MYSQL_ONLY), Global
Database rows for Aurora PostgreSQL only under a usage type that names neither "Aurora"
nor "WriteIO" (selected by product family), and snapshot export priced in a unit that
rate is not sold in ("GB-Hr": skipped with a note).

AWSDatabaseSavingsPlans-eu-west-1.csv is a Savings Plans offer file in the real CSV
format (unquoted, the real header; tests/data/offers/AWSDatabaseSavingsPlans-ap-south-2-aurora-rows.csv
holds real rows): the `savings_plans` rates of the eu-west-1 fixture file (Serverless v2
and its eligible classes, per engine and storage configuration; the file derives them as
on-demand x 0.65 and x 0.80), plus rows to skip (Limitless, RDS for MySQL, DynamoDB). The .json
files next to the two CSVs are written from them in the shape AWS documents for Savings
Plans price list files ("Reading the service price list file for a Savings Plan":
version, publicationDate, regionCode, a products list, terms.savingsPlan[].rates[]); no
real JSON file was at hand.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from aurora_cost import charges
from aurora_cost.charges.base import Charge, Rate
from aurora_cost.pricing.aws.rules import rate_key

HERE = Path(__file__).resolve().parent
PRICING = HERE.parent / "prices"  # tests/data/prices
VERSION = "20250617161103"
PUBLISHED = "2025-06-17T16:11:03Z"
PREFIX = {"us-east-1": "", "eu-west-1": "EU-", "eu-north-1": "EUN1-", "us-gov-west-1": "UGW1-"}
EXTRA_PREFIX = {"ap-east-2": "APE2-"}  # per-region files only
AP_EAST_2_MYSQL_ONLY = "1.2"  # db.r6g.2xlarge Standard, Aurora MySQL only
SP_VERSION = "20260422194203"
SP_PUBLISHED = "2026-04-22T19:42:03Z"
SP_PLAN_SKU = "FIXTURESP1YRNOUP"
SP_HEADER = [
    "SKU",
    "RateCode",
    "Unit",
    "EffectiveDate",
    "DiscountedRate",
    "Currency",
    "DiscountedSKU",
    "DiscountedServiceCode",
    "DiscountedUsageType",
    "DiscountedOperation",
    "PurchaseOption",
    "LeaseContractLength",
    "LeaseContractLengthUnit",
    "ServiceCode",
    "UsageType",
    "Operation",
    "Description",
    "Instance Family",
    "Location",
    "Location Type",
    "Granularity",
    "Product Family",
    "DiscountedRegionCode",
    "DiscountedInstanceType",
]
MILLION = Decimal(1_000_000)
ENGINES = {"Aurora MySQL": "16", "Aurora PostgreSQL": "21"}
ENGINE_KEY = {"Aurora MySQL": "mysql", "Aurora PostgreSQL": "postgresql"}  # price-file keys
OPTIONS = (  # price-file key, usage type kind, Storage attribute
    ("standard", "InstanceUsage", "EBS Only"),
    ("io_optimized", "InstanceUsageIOOptimized", "Aurora IO Optimization Mode"),
)

HEADER = [
    "SKU",
    "OfferTermCode",
    "RateCode",
    "TermType",
    "PriceDescription",
    "EffectiveDate",
    "StartingRange",
    "EndingRange",
    "Unit",
    "PricePerUnit",
    "Currency",
    "RelatedTo",
    "LeaseContractLength",
    "PurchaseOption",
    "OfferingClass",
    "Product Family",
    "serviceCode",
    "Location",
    "Location Type",
    "Instance Type",
    "Current Generation",
    "Instance Family",
    "vCPU",
    "Physical Processor",
    "Clock Speed",
    "Memory",
    "Storage",
    "Network Performance",
    "Processor Architecture",
    "Storage Media",
    "Volume Type",
    "Min Volume Size",
    "Max Volume Size",
    "Engine Code",
    "Database Engine",
    "Database Edition",
    "License Model",
    "Deployment Option",
    "Group",
    "Group Description",
    "usageType",
    "operation",
    "ACU",
    "Dedicated EBS Throughput",
    "Deployment Model",
    "Engine Major Version",
    "Engine Media Type",
    "Enhanced Networking Supported",
    "Extended Support Pricing Year",
    "Instance Type Family",
    "LimitlessPreview",
    "Normalization Size Factor",
    "Processor Features",
    "Region Code",
    "serviceName",
    "Unbundled Licensing",
    "Volume Name",
    "WindowsLicenseMultiplier",
]
# CSV column -> JSON attribute name
ATTR = {
    "Location": "location",
    "Location Type": "locationType",
    "Instance Type": "instanceType",
    "Storage": "storage",
    "Volume Type": "volumeType",
    "Engine Code": "engineCode",
    "Database Engine": "databaseEngine",
    "Deployment Option": "deploymentOption",
    "Group": "group",
    "usageType": "usagetype",
    "operation": "operation",
    "LimitlessPreview": "limitlesspreview",
    "Region Code": "regionCode",
    "serviceCode": "servicecode",
    "serviceName": "servicename",
    "Storage Media": "storageMedia",
    "Extended Support Pricing Year": "extendedSupportPricingYear",
    "Engine Major Version": "engineMajorVersion",
}


def sku_of(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest().upper()
    return "".join(c for c in digest if c.isalnum())[:16]


def per_unit(value: object) -> str:
    return f"{Decimal(str(value)) / MILLION:.10f}"


def money(value: object) -> str:
    return f"{Decimal(str(value)):.10f}"


# The offer term codes of standard Reserved terms (the same in every AWS offer file).
RESERVED_CODES = {
    ("1yr", "No Upfront", "standard"): "4NA7Y494T4",
    ("1yr", "Partial Upfront", "standard"): "HU7G6KETJZ",
    ("1yr", "All Upfront", "standard"): "6QCMYABX3D",
    ("3yr", "Partial Upfront", "standard"): "38NPMPTW36",
    ("3yr", "All Upfront", "standard"): "NQ3QZPMQV9",
}


class Offer:
    def __init__(self) -> None:
        self.products: list[dict] = []
        self.skus: dict[tuple[str, str, str], str] = {}  # (region, usage, engine) -> on-demand SKU

    def add(
        self,
        region: str,
        location: str,
        family: str,
        usage: str,
        unit: str,
        tiers: list[tuple[str, str, str]],
        *,
        engine: str = "Any",
        term: str = "OnDemand",
        sku: str | None = None,
        **attrs: str,
    ) -> None:
        sku = sku or sku_of(
            region,
            usage,
            engine,
            term,
            attrs.get("Storage", ""),
            attrs.get("Instance Type", ""),
            attrs.get("LimitlessPreview", ""),
        )
        row = {
            "Product Family": family,
            "serviceCode": "AmazonRDS",
            "Location": location,
            "Location Type": "AWS Region",
            "Database Engine": engine,
            "Engine Code": ENGINES.get(engine, ""),
            "usageType": usage,
            "operation": f"CreateDBInstance:00{ENGINES[engine]}" if engine in ENGINES else "",
            "Region Code": region,
            "serviceName": "Amazon Relational Database Service",
        }
        row.update(attrs)
        if term == "OnDemand":
            self.skus.setdefault((region, usage, engine), sku)
        self.products.append(
            {
                "sku": sku,
                "family": family,
                "attrs": row,
                "unit": unit,
                "tiers": tiers,
                "term": term,
                "otc": "JRTCKXETXF" if term == "OnDemand" else "HU7G6KETJZ",
                "term_attrs": {},
            }
        )

    def add_reserved(
        self,
        on_demand_usage: str,
        region: str,
        engine: str,
        lease: str,
        option: str,
        upfront: str | None,
        hourly: str | None,
        offering_class: str = "standard",
        **extra: str,
    ) -> None:
        """A Reserved term on the SKU of an on-demand product already added (as in AWS's
        files): an "Upfront Fee" dimension (unit Quantity, no range) and an hourly one."""
        sku = self.skus[(region, on_demand_usage, engine)]
        product = next(p for p in self.products if p["sku"] == sku)
        dims = []
        if upfront is not None:
            dims.append(
                (
                    "Upfront Fee",
                    extra.pop("upfront_unit", "Quantity"),
                    None,
                    None,
                    upfront,
                    "2TG2D8R56U",
                )
            )
        if hourly is not None:
            description = f"{product['attrs']['Instance Type']} reserved instance-hours"
            dims.append((description, "Hrs", "0", "Inf", hourly, "6YS6EN2CT7"))
        term_attrs = {
            "LeaseContractLength": lease,
            "PurchaseOption": option,
            "OfferingClass": offering_class,
        }
        self.products.append(
            {
                **product,
                "term": "Reserved",
                "otc": RESERVED_CODES.get((lease, option, offering_class))
                or sku_of(lease, option, offering_class)[:10],
                "dims": dims,
                "term_attrs": term_attrs,
            }
        )

    def csv_text(self, region_filter: str | None) -> str:
        buf = io.StringIO()
        out = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for key, value in (
            ("FormatVersion", "v1.0"),
            ("Disclaimer", "This pricing list is for informational purposes only."),
            ("Publication Date", PUBLISHED),
            ("Version", VERSION),
            ("OfferCode", "AmazonRDS"),
        ):
            out.writerow([key, value])
        out.writerow(HEADER)
        for p in self.products:
            if region_filter and p["attrs"]["Region Code"] != region_filter:
                continue
            otc = p["otc"]
            for description, unit, begin, end, price, code in dimensions(p):
                row = dict(p["attrs"])
                row.update(
                    {
                        "SKU": p["sku"],
                        "OfferTermCode": otc,
                        "RateCode": f"{p['sku']}.{otc}.{code}",
                        "TermType": p["term"],
                        "PriceDescription": description,
                        "EffectiveDate": "2025-06-01",
                        "StartingRange": begin or "",
                        "EndingRange": end or "",
                        "Unit": unit,
                        "PricePerUnit": price,
                        "Currency": "USD",
                        **p["term_attrs"],
                    }
                )
                out.writerow([row.get(col, "") for col in HEADER])
        return buf.getvalue()

    def json_text(self, region_filter: str | None) -> str:
        products, on_demand, reserved = {}, {}, {}
        for p in self.products:
            if region_filter and p["attrs"]["Region Code"] != region_filter:
                continue
            attrs = {ATTR[k]: v for k, v in p["attrs"].items() if k in ATTR and v}
            product = {"sku": p["sku"], "productFamily": p["family"], "attributes": attrs}
            if not p["family"]:
                del product["productFamily"]
            products[p["sku"]] = product
            otc = p["otc"]
            dims = {}
            for description, unit, begin, end, price, code in dimensions(p, json_style=True):
                rate = f"{p['sku']}.{otc}.{code}"
                dims[rate] = {"rateCode": rate, "description": description}
                if begin is not None:  # an upfront fee has no range
                    dims[rate].update({"beginRange": begin, "endRange": end})
                dims[rate].update({"unit": unit, "pricePerUnit": {"USD": price}, "appliesTo": []})
            terms = on_demand if p["term"] == "OnDemand" else reserved
            terms.setdefault(p["sku"], {})[f"{p['sku']}.{otc}"] = {
                "offerTermCode": otc,
                "sku": p["sku"],
                "effectiveDate": "2025-06-01T00:00:00Z",
                "priceDimensions": dims,
                "termAttributes": {k: v for k, v in p["term_attrs"].items() if v},
            }
        doc = {
            "formatVersion": "v1.0",
            "disclaimer": "This pricing list is for informational purposes only.",
            "offerCode": "AmazonRDS",
            "version": VERSION,
            "publicationDate": PUBLISHED,
            "products": products,
            "terms": {"OnDemand": on_demand, "Reserved": reserved},
            "attributesList": {},
        }
        return json.dumps(doc, indent=2) + "\n"


def dimensions(
    product: dict, json_style: bool = False
) -> list[tuple[str, str, str | None, str | None, str, str]]:
    """(description, unit, begin, end, price, rate-code suffix) of each price dimension."""
    if "dims" in product:
        return product["dims"]
    out = []
    for i, (begin, end, price) in enumerate(product["tiers"]):
        prefix = "" if json_style else f"{product['attrs']['usageType']} "
        code = "6YS6EN2CT7" if i == 0 else "TIER" + str(i)
        out.append((f"{prefix}tier {i}", product["unit"], begin, end, price, code))
    return out


# How the fixture writes a rate's offer rows where the charge's declaration (its `Offer`:
# usage type, product family, units) does not say it: the usage type of an offer named by
# product family only, the unit (default: the first the offer is sold in), the product
# family, the engines (default both) and other columns. A charge added to the registry is
# written with its declaration's defaults.
ROWS: dict[str, dict[str, Any]] = {
    "storage_gb_month": {
        "engines": ("Aurora PostgreSQL", "Any"),  # an engine-specific row and the Any row
        "attrs": {"Volume Type": "General Purpose-Aurora", "Storage Media": "SSD"},
    },
    "io_optimized_storage_gb_month": {
        "engines": ("Any",),
        "attrs": {"Volume Type": "IO Optimized-Aurora"},
    },
    "io_per_million": {"engines": ("Any",), "attrs": {"Group": "Aurora I/O Operation"}},
    "snapshot_export_per_gb": {"attrs": {"Group": "RDS Snapshot Export"}},
    "backtrack_per_million_change_records": {
        "unit": "CR-Hr",
        "engines": ("Aurora MySQL",),
        "attrs": {"Group": "Aurora Backtrack"},
    },
    "data_api_per_million_first_billion": {
        "unit": "API Calls",
        "family": "System Operation",
        "attrs": {"Group": "API Request"},
    },
    "global_database_per_million_replicated_writes": {
        "usage": "Aurora:ReplicatedWriteIO",
        "attrs": {"Group": "Aurora Global Database"},
    },
    "rds_proxy.provisioned_vcpu_hour": {"usage": "RDS:ProxyUsage", "proxy": True},
    "rds_proxy.serverless_v2_acu_hour": {"usage": "RDS:Proxy-ASv2-Usage", "proxy": True},
}
# The per-region-only file (ap-east-2): snapshot export in a unit it is not sold in (skipped
# with a note), Global Database rows for Aurora PostgreSQL only under a usage type that
# names neither "Aurora" nor "WriteIO".
ODD: dict[str, dict[str, Any]] = {
    "snapshot_export_per_gb": {"unit": "GB-Hr"},
    "global_database_per_million_replicated_writes": {
        "usage": "GlobalDB:ReplicatedIOs",
        "engines": ("Aurora PostgreSQL",),
    },
}


def _tiers(charge: Charge, rate: Rate, rates: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(begin, end, price) of the rate's product: one tier, or one per rate sharing a tiered
    offer (the Data API's first billion requests, then the rest)."""
    assert rate.offer is not None
    if not rate.offer.tiers:
        return [("0", "Inf", rates[rate.key])]
    shared = sorted((r for r in charge.rates if r.offer == rate.offer), key=lambda r: r.tier)
    bounds = ["0", *(str(int(b)) for b in rate.offer.tiers), "Inf"]
    return [(bounds[r.tier], bounds[r.tier + 1], rates[r.key]) for r in shared]


def offer_rows(
    offer: Offer,
    region: str,
    loc: str,
    pre: str,
    rate: Rate,
    row: dict[str, Any],
    tiers: list[tuple[str, str, Any]],
) -> None:
    """The rate's on-demand rows, one per engine, priced per the unit AWS sells it in."""
    declared = rate.offer
    assert declared is not None
    usage = row.get("usage") or declared.usage_type
    if not usage:
        raise SystemExit(f"{rate.key}: its offer names no usage type; give one in ROWS")
    unit = row.get("unit") or next(iter(declared.units))
    factor = declared.units.get(unit, Decimal(1))
    priced = [(b, e, f"{Decimal(str(p)) / factor:.10f}") for b, e, p in tiers]
    for engine in row.get("engines", tuple(ENGINES)):
        attrs = dict(row.get("attrs", {}))
        if row.get("proxy"):
            attrs["operation"] = f"CreateDBProxy:00{ENGINES[engine]}"
        family = row.get("family") or declared.family
        offer.add(region, loc, family, pre + usage, unit, priced, engine=engine, **attrs)


def add_region(offer: Offer, region: str) -> None:
    doc = yaml.safe_load((PRICING / f"{region}.yaml").read_text())
    rates, loc, pre = doc["rates"], doc["name"], {**PREFIX, **EXTRA_PREFIX}[region]
    odd = region in EXTRA_PREFIX  # the per-region-only file with the odd rows

    def add(
        family: str, base: str, unit: str, price: str, engines: tuple[str, ...], **attrs: str
    ) -> None:
        for engine in engines:
            offer.add(
                region, loc, family, pre + base, unit, [("0", "Inf", price)], engine=engine, **attrs
            )

    both = tuple(ENGINES)
    for charge in charges.charges():  # the price file's flat rates, as the charges declare
        for rate in charge.flat_rates:
            price = rates.get(rate.key)
            if price is None or rate.offer is None or rate.tier:  # a tier: its first rate's row
                continue
            row = {**ROWS.get(rate.key, {}), **(ODD.get(rate.key, {}) if odd else {})}
            if rate.key == "storage_gb_month" and region == "eu-north-1":
                row["engines"] = ("Any",)  # only the Any row
            offer_rows(offer, region, loc, pre, rate, row, _tiers(charge, rate, rates))
    # schema 2: {class: {engine: {option: rate}}}, only the engines and options sold
    for name, per_engine in (doc.get("instances") or {}).items():
        short = name.replace("xlarge", "xl")
        if odd and name == "db.r6g.2xlarge":  # Standard for Aurora MySQL only
            mysql = {**per_engine["mysql"], "standard": AP_EAST_2_MYSQL_ONLY}
            per_engine = {**per_engine, "mysql": mysql}
        for option, kind, storage in OPTIONS:
            for engine in both:
                prices = per_engine.get(ENGINE_KEY[engine]) or {}
                if option not in prices:
                    continue
                add(
                    "Database Instance",
                    f"{kind}:{short}",
                    "Hrs",
                    money(prices[option]),
                    (engine,),
                    **{"Instance Type": name, "Deployment Option": "Single-AZ", "Storage": storage},
                )
    for charge in charges.charges():  # the per-engine sections: {rate: {engine: value}}
        section = doc.get(charge.section) if charge.section else None
        if not section:  # absent: no rows at all
            continue
        for engine in ENGINES:
            for rate in charge.engine_rates:
                price = (section.get(rate.key) or {}).get(ENGINE_KEY[engine])
                if price is not None and rate.offer is not None:
                    row = {**ROWS[rate_key(charge, rate)], "engines": (engine,)}
                    offer_rows(offer, region, loc, pre, rate, row, [("0", "Inf", price)])
    if doc.get("rds_proxy"):
        # RDS Proxy for RDS for MySQL: not Aurora
        offer.add(
            region,
            loc,
            "RDSProxy",
            pre + "RDS:ProxyUsage",
            "vCPU-Hours",
            [("0", "Inf", "0.9000000000")],
            engine="MySQL",
            operation="CreateDBProxy:0002",
        )
    # Traps: rows the importer must ignore.
    offer.add(
        region,
        loc,
        "Database Instance",
        pre + "InstanceUsage:db.r6g.large",
        "Hrs",
        [("0", "Inf", "0.2500000000")],
        engine="MySQL",
        **{"Instance Type": "db.r6g.large", "Deployment Option": "Single-AZ", "Engine Code": "2"},
    )
    offer.add(
        region,
        loc,
        "Database Instance",
        pre + "Multi-AZUsage:db.r6g.large",
        "Hrs",
        [("0", "Inf", "0.5000000000")],
        engine="PostgreSQL",
        **{"Instance Type": "db.r6g.large", "Deployment Option": "Multi-AZ"},
    )
    offer.add(
        region,
        loc,
        "Database Storage",
        pre + "RDS:GP2-Storage",
        "GB-Mo",
        [("0", "Inf", "0.1150000000")],
        **{"Volume Type": "General Purpose"},
    )
    # A Reserved term of the RDS for MySQL class above: not Aurora
    offer.add_reserved(
        pre + "InstanceUsage:db.r6g.large",
        region,
        "MySQL",
        "1yr",
        "No Upfront",
        None,
        "0.1700000000",
    )
    offer.add(
        region,
        loc,
        "System Operation",
        pre + "Aurora:StorageIOUsage-LimitlessPreview",
        "IOs",
        [("0", "Inf", "0.0000000000")],
        Group="Aurora I/O Operation",
    )
    offer.add(
        region,
        loc,
        "ServerlessV2",
        pre + "Aurora:ServerlessV2Usage",
        "ACU-Hr",
        [("0", "Inf", "0.9900000000")],
        engine="Aurora MySQL",
        sku="0LIMITLESS" + region[:6].upper(),
        LimitlessPreview="Yes",
    )
    offer.add(
        region,
        loc,
        "Limitless",
        pre + "Aurora:IO-OptimizedLimitlessACUUsage-Limitless",
        "ACU-Hr",
        [("0", "Inf", "0.9900000000")],
        engine="Aurora PostgreSQL",
    )
    # RDS Extended Support of RDS for MySQL: not Aurora (Aurora's rows are in
    # AmazonRDS-reserved-eu-west-1.*)
    offer.add(
        region,
        loc,
        "",
        pre + "ExtendedSupport:Yr1-Yr2:MySQL5.7",
        "vCPU-hour",
        [("0", "Inf", "0.1000000000")],
        engine="MySQL",
        **{"Engine Code": "2", "Extended Support Pricing Year": "Year 1, Year 2"},
    )


def savings_plan_rows(offer: Offer, region: str) -> list[dict[str, str]]:
    """Rows for the `savings_plans` rates of a fixture price file, and rows to skip."""
    doc = yaml.safe_load((PRICING / f"{region}.yaml").read_text())
    plans = doc["savings_plans"]  # schema 2: per engine (and per class and option)
    pre = PREFIX[region]
    rows: list[dict[str, str]] = []

    def row(usage: str, op: str, unit: str, rate: Decimal, od_sku: str, **extra: str) -> None:
        rows.append(
            {
                "SKU": SP_PLAN_SKU,
                "RateCode": f"{SP_PLAN_SKU}.{od_sku}",
                "Unit": unit,
                "EffectiveDate": "2026-04-20T21:53:43Z",
                "DiscountedRate": f"{rate:.10f}",
                "Currency": "USD",
                "DiscountedSKU": od_sku,
                "DiscountedServiceCode": "AmazonRDS",
                "DiscountedUsageType": usage,
                "DiscountedOperation": op,
                "PurchaseOption": "No Upfront",
                "LeaseContractLength": "1",
                "LeaseContractLengthUnit": "year",
                "ServiceCode": "DatabaseSavingsPlans",
                "UsageType": "DatabaseSP:1yrNoUpfront",
                "Operation": "",
                "Description": "1 year No Upfront Database Savings Plan",
                "Location": "Any",
                "Location Type": "AWS Region",
                "Granularity": "hourly",
                "Product Family": "DatabaseSavingsPlans",
                "DiscountedRegionCode": region,
                **extra,
            }
        )

    for engine, code in ENGINES.items():
        op = f"CreateDBInstance:00{code}"
        for base, key in (
            ("Aurora:ServerlessV2Usage", "serverless_v2_acu_hour"),
            ("Aurora:ServerlessV2IOOptimizedUsage", "serverless_v2_io_optimized_acu_hour"),
        ):
            price = (plans.get(key) or {}).get(ENGINE_KEY[engine])
            if price is None:
                continue
            usage = pre + base
            row(usage, op, "ACU-Hr", Decimal(str(price)), offer.skus[(region, usage, engine)])
        for name, per_engine in (plans.get("instances") or {}).items():
            prices = per_engine.get(ENGINE_KEY[engine]) or {}
            short = name.replace("xlarge", "xl")
            family = name.split(".")[1].upper()  # db.r7g.large -> R7G, as AWS writes it
            for option, kind, _ in OPTIONS:
                if option not in prices:
                    continue
                usage = f"{pre}{kind}:{short}"
                od_sku = offer.skus[(region, usage, engine)]
                rate = Decimal(str(prices[option]))
                row(usage, op, "Hrs", rate, od_sku, DiscountedInstanceType=family)
    # Rows to skip: Limitless, RDS for MySQL on the same usage type, another service.
    row(
        pre + "Aurora:IO-OptimizedLimitlessACUUsage-Limitless",
        "CreateDBInstance:0021",
        "ACU-Hr",
        Decimal("0.99"),
        sku_of(region, "limitless-sp"),
    )
    row(
        pre + "InstanceUsage:db.r7g.large",
        "CreateDBInstance:0002",
        "Hrs",
        Decimal("0.99"),
        sku_of(region, "rds-mysql-sp"),
        DiscountedInstanceType="R7G",
    )
    row(
        pre + "ReadRequestUnits",
        "GetItem",
        "ReadRequestUnits",
        Decimal("0.0000001"),
        sku_of(region, "dynamodb-sp"),
        DiscountedServiceCode="AmazonDynamoDB",
    )
    return rows


def savings_plan_csv(rows: list[dict[str, str]], region: str) -> str:
    """The real layout: unquoted, 5 metadata rows, the header, one row per rate."""
    buf = io.StringIO()
    out = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    disclaimer = "This pricing list is for informational purposes only."
    for key, value in (
        ("FormatVersion", "v1.0"),
        ("Disclaimer", disclaimer),
        ("Publication Date", SP_PUBLISHED),
        ("Version", SP_VERSION),
        ("OfferCode", "AmazonDatabaseSavingsPlans"),
    ):
        out.writerow([key, value])
    out.writerow(SP_HEADER)
    for r in rows:
        out.writerow([r.get(col, "") for col in SP_HEADER])
    return buf.getvalue()


def savings_plan_json(csv_text: str) -> str:
    """A Savings Plans CSV rewritten in AWS's documented JSON shape (not a real JSON file)."""
    lines = list(csv.reader(io.StringIO(csv_text)))
    meta = {row[0]: row[1] for row in lines[:5]}
    header, body = lines[5], lines[6:]
    rows = [dict(zip(header, values, strict=True)) for values in body]
    plans: dict[str, dict] = {}
    for r in rows:
        plan = plans.setdefault(
            r["SKU"],
            {
                "sku": r["SKU"],
                "description": r["Description"],
                "effectiveDate": r["EffectiveDate"],
                "leaseContractLength": {
                    "duration": int(r["LeaseContractLength"]),
                    "unit": r["LeaseContractLengthUnit"],
                },
                "rates": [],
            },
        )
        rate = {
            "discountedSku": r["DiscountedSKU"],
            "discountedUsageType": r["DiscountedUsageType"],
            "discountedOperation": r["DiscountedOperation"],
            "discountedServiceCode": r["DiscountedServiceCode"],
            "rateCode": r["RateCode"],
            "unit": r["Unit"],
            "discountedRate": {"price": r["DiscountedRate"], "currency": r["Currency"]},
            "discountedRegionCode": r["DiscountedRegionCode"],
        }
        if r["DiscountedInstanceType"]:
            rate["discountedInstanceType"] = r["DiscountedInstanceType"]
        plan["rates"].append(rate)
    first = rows[0]
    doc = {
        "version": meta["Version"],
        "publicationDate": meta["Publication Date"],
        "regionCode": first["DiscountedRegionCode"],
        "products": [
            {
                "sku": sku,
                "productFamily": first["Product Family"],
                "serviceCode": first["ServiceCode"],
                "attributes": {
                    "purchaseOption": first["PurchaseOption"],
                    "productFamily": first["Product Family"],
                    "serviceCode": first["ServiceCode"],
                    "granularity": first["Granularity"],
                    "locationType": first["Location Type"],
                    "purchaseTerm": f"{first['LeaseContractLength']}yr",
                    "location": first["Location"],
                    "usageType": first["UsageType"],
                },
            }
            for sku in plans
        ],
        "terms": {"savingsPlan": list(plans.values())},
    }
    return json.dumps(doc, indent=2) + "\n"


# Reserved terms of the eu-west-1 fixture classes (AmazonRDS-reserved-eu-west-1.*): per
# (usage type, engine): (term, purchase option, upfront fee, hourly rate); None: no such
# dimension. tests/test_offers_reserved.py works the best choice out by hand from these.
RESERVED_TERMS = {
    ("EU-InstanceUsage:db.r6g.large", "Aurora MySQL"): [
        ("1yr", "No Upfront", None, "0.1400000000"),
        ("1yr", "Partial Upfront", "500", "0.0600000000"),
        ("1yr", "All Upfront", "1000", "0.0000000000"),
        ("3yr", "Partial Upfront", "1200", "0.0500000000"),
        ("3yr", "All Upfront", "2500", "0.0000000000"),
    ],
    ("EU-InstanceUsage:db.r6g.large", "Aurora PostgreSQL"): [
        ("1yr", "No Upfront", "0", "0.1500000000"),  # a $0 upfront fee row, as AWS may write it
        ("1yr", "All Upfront", "1100", None),  # no hourly row at all
    ],
    ("EU-InstanceUsageIOOptimized:db.r6g.large", "Aurora MySQL"): [
        ("1yr", "No Upfront", None, "0.1800000000"),
        ("3yr", "All Upfront", "3000", "0.0000000000"),
    ],
}
# Terms the importer must skip, counted in the file's notes: (usage type, engine, lease,
# purchase option, upfront, hourly, offering class, why)
RESERVED_TRAPS = [
    (
        "EU-InstanceUsage:db.r7g.large",
        "Aurora MySQL",
        "1yr",
        "No Upfront",
        None,
        "0.1",
        "convertible",
    ),
    (
        "EU-InstanceUsage:db.r7g.large",
        "Aurora MySQL",
        "5yr",
        "All Upfront",
        "900",
        None,
        "standard",
    ),
    (
        "EU-InstanceUsage:db.r7g.large",
        "Aurora MySQL",
        "3yr",
        "Partial Upfront",
        None,
        "0.1",
        "standard",
    ),
    (
        "EU-InstanceUsage:db.r7g.large",
        "Aurora MySQL",
        "1yr",
        "No Upfront",
        "100",
        "0.1",
        "standard",
    ),
]


# Aurora's RDS Extended Support rows (in AmazonRDS-reserved-eu-west-1.* too), not AWS's
# prices: (usage type, engine, unit, price, Extended Support Pricing Year, major). The
# year-3 Serverless v2 row is left out: the bundled catalogue's rate applies there.
EXTENDED_SUPPORT = [
    (
        "EU-ExtendedSupport:Yr1-Yr2:AuroraMySQL2",
        "Aurora MySQL",
        "vCPU-hour",
        "0.2000000000",
        "",
        "5.7",
    ),
    (
        "EU-ExtendedSupport:Yr1-Yr2:AuroraPostgreSQL11",
        "Aurora PostgreSQL",
        "vCPU-hour",
        "0.2000000000",
        "Year 1, Year 2",
        "11",
    ),
    (
        "EU-ExtendedSupport:Yr3:AuroraPostgreSQL11",
        "Aurora PostgreSQL",
        "vCPU-hour",
        "0.4000000000",
        "Year 3",
        "11",
    ),
    (
        "EU-ExtendedSupport:Yr1-Yr2:AuroraPostgreSQL13-ServerlessV2",
        "Any",
        "ACU-hour",
        "0.1700000000",
        "Year 1, Year 2",
        "13",
    ),
    # RDS for PostgreSQL: not Aurora
    (
        "EU-ExtendedSupport:Yr1-Yr2:PostgreSQL11",
        "PostgreSQL",
        "vCPU-hour",
        "0.9000000000",
        "Year 1, Year 2",
        "11",
    ),
]


def reserved_offer() -> Offer:
    """The eu-west-1 fixture's on-demand rows, with Reserved terms on their SKUs."""
    offer = Offer()
    add_region(offer, "eu-west-1")
    for (usage, engine), terms in RESERVED_TERMS.items():
        for lease, option, upfront, hourly in terms:
            offer.add_reserved(usage, "eu-west-1", engine, lease, option, upfront, hourly)
    for usage, engine, lease, option, upfront, hourly, offering in RESERVED_TRAPS:
        offer.add_reserved(usage, "eu-west-1", engine, lease, option, upfront, hourly, offering)
    for usage, engine, unit, price, year, major in EXTENDED_SUPPORT:
        attrs = {"Engine Major Version": major} if major else {}
        if year:
            attrs["Extended Support Pricing Year"] = year
        offer.add(
            "eu-west-1",
            "EU (Ireland)",
            "",
            usage,
            unit,
            [("0", "Inf", price)],
            engine=engine,
            **attrs,
        )
    return offer


def main() -> None:
    offer = Offer()
    for region in PREFIX:
        add_region(offer, region)
    extra = Offer()
    for region in EXTRA_PREFIX:
        add_region(extra, region)
        text = extra.csv_text(region)
        (HERE / f"AmazonRDS-{region}.csv").write_text(text, encoding="utf-8")
    # A Local Zone row in the whole-service file: not a Region, skipped.
    offer.add(
        "us-west-2-lax-1",
        "US West (Los Angeles)",
        "ServerlessV2",
        "LAX1-Aurora:ServerlessV2Usage",
        "ACU-Hr",
        [("0", "Inf", "0.1400000000")],
        engine="Aurora MySQL",
    )
    for region in PREFIX:
        (HERE / f"AmazonRDS-{region}.csv").write_text(offer.csv_text(region), encoding="utf-8")
    (HERE / "AmazonRDS-eu-west-1.json").write_text(offer.json_text("eu-west-1"), encoding="utf-8")
    (HERE / "AmazonRDS-all.json").write_text(offer.json_text(None), encoding="utf-8")
    (HERE / "AmazonRDS-all.csv").write_text(offer.csv_text(None), encoding="utf-8")
    sp_csv = savings_plan_csv(savings_plan_rows(offer, "eu-west-1"), "eu-west-1")
    (HERE / "AWSDatabaseSavingsPlans-eu-west-1.csv").write_text(sp_csv, encoding="utf-8")
    (HERE / "AWSDatabaseSavingsPlans-eu-west-1.json").write_text(
        savings_plan_json(sp_csv), encoding="utf-8"
    )
    with_reserved = reserved_offer()
    (HERE / "AmazonRDS-reserved-eu-west-1.csv").write_text(
        with_reserved.csv_text("eu-west-1"), encoding="utf-8"
    )
    (HERE / "AmazonRDS-reserved-eu-west-1.json").write_text(
        with_reserved.json_text("eu-west-1"), encoding="utf-8"
    )
    real = (HERE / "AWSDatabaseSavingsPlans-ap-south-2-aurora-rows.csv").read_text(encoding="utf-8")
    (HERE / "AWSDatabaseSavingsPlans-ap-south-2-aurora-rows.json").write_text(
        savings_plan_json(real), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
