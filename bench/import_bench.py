"""How fast and how lean is `pricing import` on a large AmazonRDS offer CSV?

    .venv/bin/python bench/import_bench.py               # 500 MB, the real target
    .venv/bin/python bench/import_bench.py --size-mb 50  # a quick run

Generates a synthetic AmazonRDS offer CSV (the real header; mostly non-Aurora RDS
rows -- Reserved terms, RDS for MySQL/PostgreSQL/Oracle/SQL Server instances,
gp2/io1 storage, Performance Insights -- plus the Aurora rows of the eu-west-1
fixture), then, in the same run, times a bare `csv.reader` pass over the file (the
baseline) and the full import, each in its own subprocess. Prints the ratio
(target <= 1.5x) and the import's peak memory from `ru_maxrss` (target <= 150 MB).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "offers" / "AmazonRDS-eu-west-1.csv"
DEFAULT_OUT = ROOT / "bench" / "out" / "AmazonRDS-large.csv"

ENGINES = [
    ("MySQL", "2"),
    ("PostgreSQL", "14"),
    ("Oracle", "4"),
    ("SQL Server", "12"),
    ("MariaDB", "18"),
]
CLASSES = ["db.m5.large", "db.m6g.xlarge", "db.r5.2xlarge", "db.r6i.4xlarge", "db.t3.medium"]

BASELINE = """
import csv, json, resource, sys, time
start = time.perf_counter()
with open(sys.argv[1], encoding="utf-8-sig", newline="") as handle:
    for row in csv.reader(handle):
        pass
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

IMPORT = """
import json, resource, sys, time
from pathlib import Path
from aurora_cost.pricing.aws import import_offer_files
start = time.perf_counter()
result = import_offer_files([Path(sys.argv[1])])
elapsed = time.perf_counter() - start
assert list(result.regions) == ["eu-west-1"], list(result.regions)
print(json.dumps({"seconds": elapsed,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _rows(header: list[str], rng: random.Random) -> list[list[str]]:
    """A few hundred varied non-Aurora rows to repeat (with fresh SKUs)."""
    col = {name: i for i, name in enumerate(header)}
    rows = []

    def row(**values: str) -> list[str]:
        out = [""] * len(header)
        base = {
            "OfferTermCode": "JRTCKXETXF",
            "TermType": "OnDemand",
            "EffectiveDate": "2025-06-01",
            "StartingRange": "0",
            "EndingRange": "Inf",
            "Currency": "USD",
            "serviceCode": "AmazonRDS",
            "Location": "EU (Ireland)",
            "Location Type": "AWS Region",
            "Region Code": "eu-west-1",
            "serviceName": "Amazon Relational Database Service",
        }
        base.update(values)
        for name, value in base.items():
            out[col[name]] = value
        return out

    for engine, code in ENGINES:
        for cls in CLASSES:
            for deploy, usage in (("Single-AZ", "InstanceUsage"), ("Multi-AZ", "Multi-AZUsage")):
                common = {
                    "Product Family": "Database Instance",
                    "Instance Type": cls,
                    "Database Engine": engine,
                    "Engine Code": code,
                    "Deployment Option": deploy,
                    "usageType": f"EU-{usage}:{cls}",
                    "operation": f"CreateDBInstance:00{int(code):02d}",
                    "Unit": "Hrs",
                    "vCPU": "2",
                    "Memory": "16 GiB",
                    "Current Generation": "Yes",
                    "Instance Family": "Memory optimized",
                    "License Model": "License included",
                    "PriceDescription": f"USD per {deploy} {cls} instance hour running {engine}",
                }
                price = f"{rng.uniform(0.05, 8):.10f}"
                rows.append(row(PricePerUnit=price, **common))
                for lease, option in (("1yr", "No Upfront"), ("3yr", "All Upfront")):
                    reserved = dict(common, TermType="Reserved", LeaseContractLength=lease)
                    reserved.update(PurchaseOption=option, OfferingClass="standard")
                    rows.append(row(PricePerUnit=price, **reserved))
                    rows.append(row(PricePerUnit="1234", **dict(reserved, Unit="Quantity")))
    for usage, family, unit in (
        ("EU-RDS:GP2-Storage", "Database Storage", "GB-Mo"),
        ("EU-RDS:PIOPS-Storage", "Database Storage", "GB-Mo"),
        ("EU-RDS:PIOPS", "Provisioned IOPS", "IOPS-Mo"),
        ("EU-RDS:ChargedBackupUsage", "Storage Snapshot", "GB-Mo"),
        ("EU-PI_API:Requests", "Performance Insights", "API Calls"),
        ("EU-RDS:Proxy-Usage", "RDSProxy", "vCPU-Hours"),
    ):
        for engine, code in ENGINES:
            rows.append(
                row(
                    **{
                        "Product Family": family,
                        "usageType": usage,
                        "Unit": unit,
                        "Database Engine": engine,
                        "Engine Code": code,
                        "PricePerUnit": f"{rng.uniform(0.01, 1):.10f}",
                        "PriceDescription": f"{family} for {engine}",
                    }
                )
            )
    return rows


def generate(path: Path, size_mb: int) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    header = next(csv.reader(io.StringIO(lines[5])))
    aurora = lines[6:]  # the Aurora rows (and traps) of the fixture
    rng = random.Random(6)
    templates = _rows(header, rng)
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    target = size_mb * 1024 * 1024
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    serial = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.writelines(lines[:6])
        half = False
        while written < target:
            for template in templates:
                serial += 1
                sku = f"{serial:016X}"
                template[0] = sku
                template[2] = f"{sku}.JRTCKXETXF.6YS6EN2CT7"
                writer.writerow(template)
            chunk = buf.getvalue()
            buf.seek(0)
            buf.truncate()
            out.write(chunk)
            written += len(chunk)
            if not half and written >= target // 2:
                out.writelines(aurora)  # Aurora rows sit in the middle of the file
                half = True
        if not half:
            out.writelines(aurora)


def measure(script: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500, help="size of the CSV (default 500)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the CSV")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; best time counts")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing file at --out")
    args = parser.parse_args()
    if not (args.reuse and args.out.exists()):
        print(f"generating {args.size_mb} MB at {args.out} ...", file=sys.stderr)
        generate(args.out, args.size_mb)
    size = args.out.stat().st_size / 1024 / 1024
    baseline = min(measure(BASELINE, args.out)["seconds"] for _ in range(args.repeat))
    imports = [measure(IMPORT, args.out) for _ in range(args.repeat)]
    best = min(run["seconds"] for run in imports)
    peak_mb = max(run["maxrss_kb"] for run in imports) / 1024
    ratio = best / baseline
    print(f"file:              {size:,.0f} MB ({args.out})")
    print(f"csv.reader pass:   {baseline:.2f} s")
    print(f"pricing import:    {best:.2f} s")
    print(f"ratio:             {ratio:.2f}x (target <= 1.5x) {'OK' if ratio <= 1.5 else 'OVER'}")
    print(
        f"import peak RSS:   {peak_mb:.0f} MB (target <= 150 MB) "
        f"{'OK' if peak_mb <= 150 else 'OVER'}"
    )


if __name__ == "__main__":
    main()
