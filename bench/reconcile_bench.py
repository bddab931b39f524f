"""How long does `reconcile` take on a month of hourly rows, against DuckDB's bare query?

    python bench/reconcile_bench.py               # 500 clusters: 1,000 resources, ~3M rows
    python bench/reconcile_bench.py --clusters 50 # a quick run

Writes (or reuses) a CUR 2.0 Parquet file for November 2026 (720 hours) in the system's
temporary folder: per cluster one Serverless v2 instance (an ACU-hour row an hour) and the
cluster's storage, I/O and backup rows every hour, plus as many rows of other services (EC2)
as there are Aurora rows, as an account's export has. Then, in the same run, it takes the
median wall time of --repeats alternating runs, each a fresh process, of

    the bare aggregation: DuckDB sums the file's AmazonRDS rows by resource, usage type and
        hour (the least any reader of the export must do);
    aurora-cost reconcile --bill FILE --no-alternatives --format json

and prints reconcile / bare against the 3x target, and reconcile's peak memory (the child
process's maximum resident set) against 500 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 3.0
MEMORY_TARGET_MB = 500
HOURS = 720

BARE = """
import sys, duckdb
con = duckdb.connect(config={"threads": 2})
rows = con.execute(
    "SELECT line_item_resource_id, line_item_usage_type, "
    "date_trunc('hour', line_item_usage_start_date), SUM(line_item_usage_amount), "
    "SUM(line_item_unblended_cost) FROM read_parquet(?) "
    "WHERE line_item_product_code = 'AmazonRDS' GROUP BY ALL", [sys.argv[1]]
).fetchall()
print(len(rows), file=sys.stderr)
"""


def generate(path: Path, clusters: int) -> int:
    import duckdb

    con = duckdb.connect(config={"threads": 2})
    target = str(path).replace("'", "''")
    con.execute(
        f"""
        COPY (
          WITH hours AS (
            SELECT TIMESTAMP '2026-11-01' + INTERVAL (h) HOUR AS t, h FROM range({HOURS}) r(h)
          ), clusters AS (SELECT c FROM range({clusters}) r(c)),
          kinds AS (
            SELECT * FROM (VALUES
              ('EU-Aurora:ServerlessV2Usage', 'db', 'ACU-Hr', 0.10),
              ('EU-Aurora:StorageUsage', 'cluster', 'GB-Mo', 0.10),
              ('EU-Aurora:StorageIOUsage', 'cluster', 'IOs', 0.0000002),
              ('EU-Aurora:BackupUsage', 'cluster', 'GB-Mo', 0.02),
              ('EU-BoxUsage:m7g.large', 'ec2', 'Hrs', 0.0816),
              ('EU-BoxUsage:m7g.xlarge', 'ec2', 'Hrs', 0.1632),
              ('EU-DataTransfer-Out-Bytes', 'ec2', 'GB', 0.09),
              ('EU-EBS:VolumeUsage.gp3', 'ec2', 'GB-Mo', 0.088)
            ) k(usage_type, what, unit, rate)
          )
          SELECT
            'Usage' AS line_item_line_item_type,
            t AS line_item_usage_start_date,
            t + INTERVAL 1 HOUR AS line_item_usage_end_date,
            CASE WHEN what = 'ec2' THEN 'AmazonEC2' ELSE 'AmazonRDS' END AS line_item_product_code,
            usage_type AS line_item_usage_type,
            CASE WHEN what = 'ec2' THEN 'RunInstances' ELSE 'CreateDBInstance:0016' END
              AS line_item_operation,
            CASE what
              WHEN 'db' THEN 'arn:aws:rds:eu-west-1:123456789012:db:c' || c || '-instance-1'
              WHEN 'cluster' THEN 'arn:aws:rds:eu-west-1:123456789012:cluster:c' || c
              ELSE 'arn:aws:ec2:eu-west-1:123456789012:instance/i-' || c END
              AS line_item_resource_id,
            CAST(CASE usage_type
              WHEN 'EU-Aurora:ServerlessV2Usage' THEN 0.5 + (((h + c) % 24) >= 8)::INT * 2
              WHEN 'EU-Aurora:StorageIOUsage' THEN 5000 ELSE 0.1 END AS DOUBLE)
              AS line_item_usage_amount,
            'USD' AS line_item_currency_code,
            CAST(line_item_usage_amount * rate AS DOUBLE) AS line_item_unblended_cost,
            'eu-west-1' AS product_region_code,
            unit AS pricing_unit
          FROM hours, clusters, kinds
        ) TO '{target}' (FORMAT parquet, COMPRESSION snappy)
        """
    )
    count = con.execute(f"SELECT COUNT(*) FROM read_parquet('{target}')").fetchone()
    return int(count[0]) if count else 0


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds of one fresh process, and its peak memory in MB (its own, measured by a
    wrapper so that earlier children do not count)."""
    wrapper = (
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.exit(done.returncode)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    peak_kb = int(done.stdout.strip().splitlines()[-1])
    return elapsed, peak_kb // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"aurora-cost-bench-cur2-{args.clusters}.parquet"
    if not path.is_file():
        rows = generate(path, args.clusters)
        print(f"{path}: {rows:,} rows, {args.clusters * 2:,} Aurora resources", file=sys.stderr)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
        "AURORA_COST_PRICING": str(ROOT / "tests" / "data" / "prices"),
    }
    bare = [sys.executable, "-c", BARE, str(path)]
    reconcile = [sys.executable, "-m", "aurora_cost", "reconcile", "--bill", str(path),
                 "--no-alternatives", "--format", "json"]  # fmt: skip
    bare_times, reconcile_times, peaks = [], [], []
    for _ in range(args.repeats):
        bare_times.append(timed(bare, env)[0])
        seconds, peak = timed(reconcile, env)
        reconcile_times.append(seconds)
        peaks.append(peak)
    base, ours = statistics.median(bare_times), statistics.median(reconcile_times)
    ratio = ours / base
    print(f"bare DuckDB aggregation: {base:.2f} s (median of {args.repeats})")
    print(f"aurora-cost reconcile:   {ours:.2f} s, peak memory {max(peaks)} MB")
    print(f"reconcile / bare: {ratio:.2f}x (target {TARGET:g}x); "
          f"memory {max(peaks)} MB (target {MEMORY_TARGET_MB} MB)")  # fmt: skip
    return 0 if ratio <= TARGET and max(peaks) <= MEMORY_TARGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
