"""Regenerate the AmazonRDS offer fixtures in this folder from the fixture price files.

    python tests/data/offers/make_fixtures.py

The rows follow the real AmazonRDS offer file's CSV header and JSON structure (AWS Price
List Bulk API, https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-the-aws-price-list-bulk-api.html);
the prices are those of the fixture price files in tests/data/prices/ (round numbers,
not AWS's), per unit as AWS publishes them (per I/O, per request, per change-record-hour),
so importing the fixtures must reproduce the fixture rates. Besides the Aurora rows they hold the
traps the importer must avoid: RDS MySQL rows sharing an Aurora instance usage type,
Multi-AZ and gp2 rows, a Reserved term, an Extended Support row, Limitless shadow
SKUs, Any-vs-engine storage rows, a $0 Data API free tier and a Local Zone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PRICING = HERE.parent / "prices"  # tests/data/prices
VERSION = "20250617161103"
PUBLISHED = "2025-06-17T16:11:03Z"
PREFIX = {"us-east-1": "", "eu-west-1": "EU-", "eu-north-1": "EUN1-", "us-gov-west-1": "UGW1-"}
MILLION = Decimal(1_000_000)
ENGINES = {"Aurora MySQL": "16", "Aurora PostgreSQL": "21"}

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
}


def sku_of(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest().upper()
    return "".join(c for c in digest if c.isalnum())[:16]


def per_unit(value: object) -> str:
    return f"{Decimal(str(value)) / MILLION:.10f}"


def rate_code(sku: str, otc: str, tier: int) -> str:
    return f"{sku}.{otc}.{'6YS6EN2CT7' if tier == 0 else 'TIER' + str(tier)}"


def money(value: object) -> str:
    return f"{Decimal(str(value)):.10f}"


class Offer:
    def __init__(self) -> None:
        self.products: list[dict] = []

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
        self.products.append(
            {"sku": sku, "family": family, "attrs": row, "unit": unit, "tiers": tiers, "term": term}
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
            otc = "JRTCKXETXF" if p["term"] == "OnDemand" else "HU7G6KETJZ"
            for i, (begin, end, price) in enumerate(p["tiers"]):
                row = dict(p["attrs"])
                row.update(
                    {
                        "SKU": p["sku"],
                        "OfferTermCode": otc,
                        "RateCode": rate_code(p["sku"], otc, i),
                        "TermType": p["term"],
                        "PriceDescription": f"{p['attrs']['usageType']} tier {i}",
                        "EffectiveDate": "2025-06-01",
                        "StartingRange": begin,
                        "EndingRange": end,
                        "Unit": p["unit"],
                        "PricePerUnit": price,
                        "Currency": "USD",
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
            otc = "JRTCKXETXF" if p["term"] == "OnDemand" else "HU7G6KETJZ"
            dims = {}
            for i, (begin, end, price) in enumerate(p["tiers"]):
                code = rate_code(p["sku"], otc, i)
                dims[code] = {
                    "rateCode": code,
                    "description": f"tier {i}",
                    "beginRange": begin,
                    "endRange": end,
                    "unit": p["unit"],
                    "pricePerUnit": {"USD": price},
                    "appliesTo": [],
                }
            term = {
                f"{p['sku']}.{otc}": {
                    "offerTermCode": otc,
                    "sku": p["sku"],
                    "effectiveDate": "2025-06-01T00:00:00Z",
                    "priceDimensions": dims,
                    "termAttributes": {},
                }
            }
            (on_demand if p["term"] == "OnDemand" else reserved)[p["sku"]] = term
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


def add_region(offer: Offer, region: str) -> None:
    doc = yaml.safe_load((PRICING / f"{region}.yaml").read_text())
    rates, loc, pre = doc["rates"], doc["name"], PREFIX[region]

    def add(
        family: str, base: str, unit: str, price: str, engines: tuple[str, ...], **attrs: str
    ) -> None:
        for engine in engines:
            offer.add(
                region, loc, family, pre + base, unit, [("0", "Inf", price)], engine=engine, **attrs
            )

    both = tuple(ENGINES)
    if rates.get("serverless_v1_acu_hour"):
        add(
            "Serverless",
            "Aurora:ServerlessUsage",
            "ACU-Hr",
            money(rates["serverless_v1_acu_hour"]),
            both,
        )
    add(
        "ServerlessV2",
        "Aurora:ServerlessV2Usage",
        "ACU-Hr",
        money(rates["serverless_v2_acu_hour"]),
        both,
    )
    add(
        "ServerlessV2",
        "Aurora:ServerlessV2IOOptimizedUsage",
        "ACU-Hr",
        money(rates["serverless_v2_io_optimized_acu_hour"]),
        both,
    )
    # Standard storage: an engine-specific PostgreSQL row and the Any row (Aurora MySQL);
    # eu-north-1 has only the Any row.
    storage_engines = ("Any",) if region == "eu-north-1" else ("Aurora PostgreSQL", "Any")
    add(
        "Database Storage",
        "Aurora:StorageUsage",
        "GB-Mo",
        money(rates["storage_gb_month"]),
        storage_engines,
        **{"Volume Type": "General Purpose-Aurora", "Storage Media": "SSD"},
    )
    add(
        "Database Storage",
        "Aurora:IO-OptimizedStorageUsage",
        "GB-Mo",
        money(rates["io_optimized_storage_gb_month"]),
        ("Any",),
        **{"Volume Type": "IO Optimized-Aurora"},
    )
    add(
        "System Operation",
        "Aurora:StorageIOUsage",
        "IOs",
        per_unit(rates["io_per_million"]),
        ("Any",),
        Group="Aurora I/O Operation",
    )
    add("Storage Snapshot", "Aurora:BackupUsage", "GB-Mo", money(rates["backup_gb_month"]), both)
    if rates.get("snapshot_export_per_gb"):
        add(
            "System Operation",
            "Aurora:SnapshotExportToS3",
            "GB",
            money(rates["snapshot_export_per_gb"]),
            both,
            Group="RDS Snapshot Export",
        )
    if rates.get("backtrack_per_million_change_records"):
        add(
            "System Operation",
            "Aurora:BacktrackUsage",
            "CR-Hr",
            per_unit(rates["backtrack_per_million_change_records"]),
            ("Aurora MySQL",),
            Group="Aurora Backtrack",
        )
    if rates.get("data_api_per_million_first_billion"):
        tiers = [
            ("0", "1000000000", per_unit(rates["data_api_per_million_first_billion"])),
            ("1000000000", "Inf", per_unit(rates["data_api_per_million_over_billion"])),
        ]
        for engine in both:
            offer.add(
                region,
                loc,
                "System Operation",
                pre + "RDS:Data-API-Usage",
                "API Calls",
                tiers,
                engine=engine,
                Group="API Request",
            )
    if rates.get("global_database_per_million_replicated_writes"):
        add(
            "Aurora Global Database",
            "Aurora:ReplicatedWriteIO",
            "IOs",
            per_unit(rates["global_database_per_million_replicated_writes"]),
            both,
            Group="Aurora Global Database",
        )
    for name, per_engine in (doc.get("instances") or {}).items():
        prices = per_engine.get("mysql", per_engine)  # schema 2: both engines alike here
        short = name.replace("xlarge", "xl")
        for option, kind, storage in (
            ("standard", "InstanceUsage", "EBS Only"),
            ("io_optimized", "InstanceUsageIOOptimized", "Aurora IO Optimization Mode"),
        ):
            add(
                "Database Instance",
                f"{kind}:{short}",
                "Hrs",
                money(prices[option]),
                both,
                **{"Instance Type": name, "Deployment Option": "Single-AZ", "Storage": storage},
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
    offer.add(
        region,
        loc,
        "Database Instance",
        pre + "InstanceUsage:db.r6g.large",
        "Hrs",
        [("0", "Inf", "0.1700000000")],
        engine="Aurora MySQL",
        term="Reserved",
        **{"Instance Type": "db.r6g.large", "Deployment Option": "Single-AZ"},
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
    offer.add(
        region,
        loc,
        "",
        pre + "ExtendedSupport:Yr1-Yr2:AuroraMySQL2",
        "vCPU-hour",
        [("0", "Inf", "0.1000000000")],
        engine="Aurora MySQL",
    )


def main() -> None:
    offer = Offer()
    for region in PREFIX:
        add_region(offer, region)
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


if __name__ == "__main__":
    main()
