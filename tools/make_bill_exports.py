"""Write the test billing exports under tests/data/bills/ (deterministic; needs DuckDB).

No public export with real Aurora rows exists, so these files are made here from a described
set of clusters and their usage, with AWS's documented column names:
- CUR 2.0 (AWS Data Exports, "Cost and Usage Report (CUR) 2.0" data dictionary:
  https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html, with its line
  item, product, pricing, reservation and Savings Plans column pages), as Parquet in a
  partitioned folder (BILLING_PERIOD=2026-11/, two files) and as one CSV.gz;
- FOCUS 1.0 with AWS columns (https://docs.aws.amazon.com/cur/latest/userguide/
  table-dictionary-focus-1-0-aws-columns.html; FOCUS specification
  https://focus.finops.org/focus-specification/), as Parquet.

The month: 2026-11-01 00:00 to 2026-12-01 00:00 UTC, 720 hours, hourly rows, eu-west-1
(usage types carry AWS's `EU-` prefix), account 123456789012. The usage, and what it costs
at the fixture prices of tests/data/prices/eu-west-1.yaml (v2 $0.10/ACU-hour, storage
$0.10/GB-month, I/O $0.20/million, backup $0.02/GB-month, db.r6g.large $0.20/hour):

- cluster `orders` (Aurora MySQL, Serverless v2, Standard), on demand:
  writer orders-instance-1 at 4 ACU 08:00-20:00 and 1 ACU otherwise: 30 x (12x4 + 12x1) =
  1,800 ACU-hours = $180.00; reader orders-instance-2 at 0.5 ACU: 360 ACU-hours = $36.00;
  72 GB stored (0.1 GB-month an hour): 72 GB-months = $7.20; 5,000 I/Os an hour: 3.6
  million = $0.72; 36 GB-months of billed backup (0.05 an hour) = $0.72. Billed $224.64.
- cluster `reports` (Aurora PostgreSQL 11, provisioned), reports-instance-1 db.r6g.large for
  720 hours under a Reserved Instance at an effective $0.13/hour: $93.60 (on demand
  $144.00); RDS Extended Support, year 3 (PostgreSQL 11 in 2026-11), 2 vCPUs x 720 hours =
  1,440 vCPU-hours at $0.224 (eu-west-1's rate, AWS's feed of 2025-06-17) = $322.56; 36 GB
  stored: $3.60; 3.6 million I/Os: $0.72. Billed $420.48.
- cluster `search` (Aurora MySQL, Serverless v2), search-writer at 1 ACU all month under a
  Database Savings Plan at an effective $0.065/ACU-hour: 720 ACU-hours = $46.80 (on demand
  $72.00); 7.2 GB stored: $0.72. Billed $47.52.
- cluster `shardy`: 50 ACU-hours of `EU-Aurora:LimitlessUsage` (a usage type aurora-cost does
  not know) at $0.10: $5.00.
Aurora total billed: $697.64. Rows that are not Aurora usage are in the files too and must be
left out: an EC2 instance, an RDS for MySQL instance (operation CreateDBInstance:0002), the
Savings Plan negation rows, the RI fee and a tax row.

Run: python tools/make_bill_exports.py  (rewrites tests/data/bills/).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "bills"
START = datetime(2026, 11, 1)
HOURS = 720
ACCOUNT = "123456789012"
REGION = "eu-west-1"
ARN = f"arn:aws:rds:{REGION}:{ACCOUNT}"
MYSQL, POSTGRESQL = "CreateDBInstance:0016", "CreateDBInstance:0021"

CUR2_COLUMNS = [
    "bill_bill_type",
    "bill_billing_period_start_date",
    "bill_billing_period_end_date",
    "bill_payer_account_id",
    "line_item_usage_account_id",
    "line_item_line_item_type",
    "line_item_usage_start_date",
    "line_item_usage_end_date",
    "line_item_product_code",
    "line_item_usage_type",
    "line_item_operation",
    "line_item_availability_zone",
    "line_item_resource_id",
    "line_item_usage_amount",
    "line_item_currency_code",
    "line_item_unblended_rate",
    "line_item_unblended_cost",
    "line_item_line_item_description",
    "product_region_code",
    "product_product_family",
    "product",
    "pricing_unit",
    "pricing_term",
    "reservation_effective_cost",
    "reservation_reservation_a_r_n",
    "savings_plan_savings_plan_effective_cost",
    "savings_plan_savings_plan_a_r_n",
    "savings_plan_savings_plan_rate",
]
NUMERIC = {
    "line_item_usage_amount",
    "line_item_unblended_rate",
    "line_item_unblended_cost",
    "reservation_effective_cost",
    "savings_plan_savings_plan_effective_cost",
    "savings_plan_savings_plan_rate",
}
RI_ARN = f"arn:aws:rds:{REGION}:{ACCOUNT}:ri:reports-ri"
SP_ARN = f"arn:aws:savingsplans::{ACCOUNT}:savingsplan/0f1e2d3c-sp"


def _hours() -> list[datetime]:
    return [START + timedelta(hours=h) for h in range(HOURS)]


def _row(
    hour: datetime,
    usage_type: str,
    operation: str,
    resource: str,
    amount: Decimal,
    rate: Decimal,
    unit: str,
    family: str,
    *,
    product_code: str = "AmazonRDS",
    line_type: str = "Usage",
    region: str = REGION,
) -> dict[str, object]:
    cost = amount * rate
    return {
        "bill_bill_type": "Anniversary",
        "bill_billing_period_start_date": START,
        "bill_billing_period_end_date": START + timedelta(hours=HOURS),
        "bill_payer_account_id": ACCOUNT,
        "line_item_usage_account_id": ACCOUNT,
        "line_item_line_item_type": line_type,
        "line_item_usage_start_date": hour,
        "line_item_usage_end_date": hour + timedelta(hours=1),
        "line_item_product_code": product_code,
        "line_item_usage_type": usage_type,
        "line_item_operation": operation,
        "line_item_availability_zone": f"{region}a",
        "line_item_resource_id": resource,
        "line_item_usage_amount": amount,
        "line_item_currency_code": "USD",
        "line_item_unblended_rate": rate,
        "line_item_unblended_cost": cost,
        "line_item_line_item_description": f"{usage_type} in {region}",
        "product_region_code": region,
        "product_product_family": family,
        "product": {"region": region, "servicecode": product_code},
        "pricing_unit": unit,
        "pricing_term": "OnDemand",
        "reservation_effective_cost": None,
        "reservation_reservation_a_r_n": None,
        "savings_plan_savings_plan_effective_cost": None,
        "savings_plan_savings_plan_a_r_n": None,
        "savings_plan_savings_plan_rate": None,
    }


def cur2_rows() -> list[dict[str, object]]:
    """Every row of the month, in time order."""
    d = Decimal
    rows: list[dict[str, object]] = []
    for hour in _hours():
        busy = 8 <= hour.hour < 20
        orders = f"{ARN}:cluster:orders"
        rows += [
            _row(hour, "EU-Aurora:ServerlessV2Usage", MYSQL, f"{ARN}:db:orders-instance-1",
                 d(4) if busy else d(1), d("0.10"), "ACU-Hr", "ServerlessV2"),
            _row(hour, "EU-Aurora:ServerlessV2Usage", MYSQL, f"{ARN}:db:orders-instance-2",
                 d("0.5"), d("0.10"), "ACU-Hr", "ServerlessV2"),
            _row(hour, "EU-Aurora:StorageUsage", MYSQL, orders, d("0.1"), d("0.10"), "GB-Mo",
                 "Database Storage"),
            _row(hour, "EU-Aurora:StorageIOUsage", MYSQL, orders, d(5000), d("0.0000002"),
                 "IOs", "System Operation"),
            _row(hour, "EU-Aurora:BackupUsage", MYSQL, orders, d("0.05"), d("0.02"), "GB-Mo",
                 "Storage Snapshot"),
        ]  # fmt: skip
        reports = f"{ARN}:cluster:reports"
        ri = _row(hour, "EU-InstanceUsage:db.r6g.large", POSTGRESQL,
                  f"{ARN}:db:reports-instance-1", d(1), d(0), "Hrs", "Database Instance",
                  line_type="DiscountedUsage")  # fmt: skip
        ri.update(reservation_effective_cost=d("0.13"), reservation_reservation_a_r_n=RI_ARN,
                  pricing_term="Reserved")  # fmt: skip
        extended = _row(hour, "EU-ExtendedSupport:Yr3:AuroraPostgreSQL11", POSTGRESQL,
                        f"{ARN}:db:reports-instance-1", d(2), d("0.224"), "vCPU-Hr",
                        "Database Instance")  # fmt: skip
        rows += [
            ri,
            extended,
            _row(hour, "EU-Aurora:StorageUsage", POSTGRESQL, reports, d("0.05"), d("0.10"),
                 "GB-Mo", "Database Storage"),
            _row(hour, "EU-Aurora:StorageIOUsage", POSTGRESQL, reports, d(5000),
                 d("0.0000002"), "IOs", "System Operation"),
        ]  # fmt: skip
        covered = _row(hour, "EU-Aurora:ServerlessV2Usage", MYSQL, f"{ARN}:db:search-writer",
                       d(1), d("0.10"), "ACU-Hr", "ServerlessV2",
                       line_type="SavingsPlanCoveredUsage")  # fmt: skip
        covered.update(savings_plan_savings_plan_effective_cost=d("0.065"),
                       savings_plan_savings_plan_a_r_n=SP_ARN,
                       savings_plan_savings_plan_rate=d("0.065"))  # fmt: skip
        negation = _row(hour, "EU-Aurora:ServerlessV2Usage", MYSQL, f"{ARN}:db:search-writer",
                        d(1), d("-0.10"), "ACU-Hr", "ServerlessV2",
                        line_type="SavingsPlanNegation")  # fmt: skip
        rows += [
            covered,
            negation,
            _row(hour, "EU-Aurora:StorageUsage", MYSQL, f"{ARN}:cluster:search", d("0.01"),
                 d("0.10"), "GB-Mo", "Database Storage"),
            # not Aurora: an EC2 instance and an RDS for MySQL instance
            _row(hour, "EU-BoxUsage:m7g.large", "RunInstances",
                 f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0abc", d(1), d("0.0816"), "Hrs",
                 "Compute Instance", product_code="AmazonEC2"),
            _row(hour, "EU-InstanceUsage:db.t4g.micro", "CreateDBInstance:0002",
                 f"{ARN}:db:legacy-mysql", d(1), d("0.017"), "Hrs", "Database Instance"),
        ]  # fmt: skip
        if hour.hour < 10 and hour.day == 1:
            rows.append(
                _row(
                    hour,
                    "EU-Aurora:LimitlessUsage",
                    MYSQL,
                    f"{ARN}:cluster:shardy",
                    d(5),
                    d("0.10"),
                    "ACU-Hr",
                    "Aurora Limitless",
                )
            )
    fee = _row(START, "EU-HeavyUsage:db.r6g.large", "CreateDBInstance:0021", RI_ARN, d(720),
               d("0.13"), "Hrs", "Database Instance", line_type="RIFee")  # fmt: skip
    tax = _row(START, "", "", "", d(1), d("12.34"), "", "", line_type="Tax")
    return [*rows, fee, tax]


def _csv_value(name: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def write_csv_gz(path: Path, rows: list[dict[str, object]], columns: list[str]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(c, row.get(c)) for c in columns])
    # mtime=0: the same bytes on every run
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))


def write_parquet(path: Path, rows: list[dict[str, object]], columns: list[str]) -> None:
    """Through DuckDB (the `bill` extra): amounts as DOUBLE and times as TIMESTAMP, as AWS
    writes them; the rows go through a CSV first (one bulk load, not a row at a time)."""
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "rows.csv"
        with staged.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_value(c, row.get(c)) for c in columns])
        selected = []
        for c in columns:
            column = f'"{c}"'
            if c == "product":  # CUR 2.0's map column of product attributes
                selected.append(
                    "MAP {'region': product_region_code, 'servicecode': line_item_product_code}"
                    " AS product"
                )
            elif c in NUMERIC or c in FOCUS_NUMERIC:
                selected.append(f"CAST(NULLIF({column}, '') AS DOUBLE) AS {column}")
            elif c.endswith("_date") or c.startswith(("ChargePeriod", "BillingPeriod")):
                selected.append(f"CAST(NULLIF({column}, '') AS TIMESTAMP) AS {column}")
            else:
                selected.append(f"NULLIF({column}, '') AS {column}")
        con = duckdb.connect(config={"threads": 1})  # one thread: the same bytes every run
        source = str(staged).replace("'", "''")
        target = str(path).replace("'", "''")
        con.execute(
            f"COPY (SELECT {', '.join(selected)} FROM read_csv('{source}', header = true, "
            f"all_varchar = true)) TO '{target}' (FORMAT parquet, COMPRESSION snappy)"
        )
        con.close()


FOCUS_COLUMNS = [
    "BillingAccountId",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "CommitmentDiscountId",
    "CommitmentDiscountType",
    "ConsumedQuantity",
    "ConsumedUnit",
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "PricingUnit",
    "RegionId",
    "ResourceId",
    "ServiceName",
    "SubAccountId",
    "x_ServiceCode",
    "x_UsageType",
    "x_Operation",
]
FOCUS_NUMERIC = {"ConsumedQuantity", "BilledCost", "EffectiveCost", "ListCost"}
CATEGORY = {
    "Usage": "Usage",
    "DiscountedUsage": "Usage",
    "SavingsPlanCoveredUsage": "Usage",
    "SavingsPlanNegation": None,  # FOCUS has no negation rows: BilledCost already nets them
    "RIFee": "Purchase",
    "Tax": "Tax",
}


def focus_rows() -> list[dict[str, object]]:
    """The same month as FOCUS rows (one per CUR usage row; no negation rows)."""
    out: list[dict[str, object]] = []
    for row in cur2_rows():
        line_type = str(row["line_item_line_item_type"])
        category = CATEGORY[line_type]
        if category is None:
            continue
        cost = row["line_item_unblended_cost"]
        effective = cost
        commitment: str | None = None
        kind: str | None = None
        if line_type == "SavingsPlanCoveredUsage":
            cost = effective = row["savings_plan_savings_plan_effective_cost"]
            commitment, kind = SP_ARN, "Savings Plan"
        elif line_type == "DiscountedUsage":
            cost = Decimal(0)  # the reservation is billed through its fee
            effective = row["reservation_effective_cost"]
            commitment, kind = RI_ARN, "Reserved Instance"
        out.append(
            {
                "BillingAccountId": ACCOUNT,
                "BillingCurrency": "USD",
                "BillingPeriodStart": START,
                "BillingPeriodEnd": START + timedelta(hours=HOURS),
                "ChargeCategory": category,
                "ChargeClass": None,
                "ChargeDescription": row["line_item_line_item_description"],
                "ChargePeriodStart": row["line_item_usage_start_date"],
                "ChargePeriodEnd": row["line_item_usage_end_date"],
                "CommitmentDiscountId": commitment,
                "CommitmentDiscountType": kind,
                "ConsumedQuantity": row["line_item_usage_amount"],
                "ConsumedUnit": row["pricing_unit"],
                "BilledCost": cost,
                "EffectiveCost": effective,
                "ListCost": row["line_item_unblended_cost"],
                "PricingUnit": row["pricing_unit"],
                "RegionId": row["product_region_code"],
                "ResourceId": row["line_item_resource_id"],
                "ServiceName": "Amazon Relational Database Service"
                if row["line_item_product_code"] == "AmazonRDS"
                else "Amazon Elastic Compute Cloud",
                "SubAccountId": ACCOUNT,
                "x_ServiceCode": row["line_item_product_code"],
                "x_UsageType": row["line_item_usage_type"],
                "x_Operation": row["line_item_operation"],
            }
        )
    return out


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    partition = OUT / "cur2-parquet" / "BILLING_PERIOD=2026-11"
    partition.mkdir(parents=True)
    rows = cur2_rows()
    half = len(rows) // 2
    write_parquet(partition / "aurora-cost-test-00001.snappy.parquet", rows[:half], CUR2_COLUMNS)
    write_parquet(partition / "aurora-cost-test-00002.snappy.parquet", rows[half:], CUR2_COLUMNS)
    write_csv_gz(OUT / "cur2.csv.gz", rows, CUR2_COLUMNS)
    write_parquet(OUT / "focus.parquet", focus_rows(), FOCUS_COLUMNS)
    print(f"wrote {OUT} ({len(rows):,} CUR 2.0 rows)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
