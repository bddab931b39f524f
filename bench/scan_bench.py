"""How few CloudWatch calls does a scan make, and how fast is a cached one?

    .venv/bin/python bench/scan_bench.py                  # 200 clusters, 400 instances, 14 days
    .venv/bin/python bench/scan_bench.py --clusters 20    # a quick run

Starts moto's server mode on a free loopback port (never real AWS), creates N Aurora
clusters of two instances each (half Serverless v2, half provisioned db.r6g.large) and puts
a few datapoints on each instance's metrics, then, in the same run:

1. reads every series of a 14-day window through `metrics.fetch` with an empty cache, and
   prints the GetMetricData calls made over the fewest calls the limits allow (500 queries
   and 100,800 datapoints a call, counted on the datapoints asked for): target <= 1.2;
2. reads them again (every series from the cache, no call), median of --repeats runs, and
   prints its time over the baseline, loading the same cache files with `json.loads` alone:
   target <= 3;
3. for context, the whole second `scan` (describe calls, cached metrics, and pricing and
   advice for every cluster), which pricing dominates.

The emulator computes GetMetricData slowly for long series, so the datapoints put are few;
the calls counted depend on the window and period asked for, not on how many are stored.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--full-scan", action="store_true", help="also time a whole cached scan")
    args = parser.parse_args()

    from moto.server import ThreadedMotoServer

    from aurora_cost.sources.aws.account import read_account
    from aurora_cost.sources.aws.cache import SeriesCache
    from aurora_cost.sources.aws.client import Aws
    from aurora_cost.sources.aws.demand import cluster_series, instance_series
    from aurora_cost.sources.aws.metrics import Window, fetch
    from tests.aws_emulator import Emulator

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    cache_dir = tempfile.mkdtemp(prefix="aurora-cost-scan-bench-")
    os.environ.update(
        AWS_ENDPOINT_URL=url,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AURORA_COST_CACHE_DIR=cache_dir,
        AWS_EC2_METADATA_DISABLED="true",
    )
    try:
        emulator = Emulator(url)
        window = Window.last_days(args.days)
        started = time.perf_counter()
        for n in range(args.clusters):
            name = f"c{n:03d}"
            if n % 2:
                emulator.cluster(name, instances=[("db.r6g.large", 1), ("db.r6g.large", 1)])
                metric = "CPUUtilization"
            else:
                emulator.cluster(
                    name,
                    scaling={"MinCapacity": 0.5, "MaxCapacity": 8},
                    instances=[("db.serverless", 1), ("db.serverless", 1)],
                )
                metric = "ServerlessDatabaseCapacity"
            for i in (1, 2):
                emulator.instance(f"{name}-{i}", metric, [1.0] * 5, window.end - timedelta(hours=2))
        print(
            f"account: {args.clusters} clusters, {2 * args.clusters} instances "
            f"({time.perf_counter() - started:.1f} s to create)"
        )

        aws = Aws("eu-west-1")
        live, _ = read_account(aws, [])
        wanted = []
        for item in live:
            wanted += cluster_series(item.cluster)
            for instance in item.cluster.instances:
                wanted += instance_series(instance)
        cold = SeriesCache("eu-west-1")
        started = time.perf_counter()
        fetched = fetch(aws, cold, window, wanted)
        cold_seconds = time.perf_counter() - started
        ratio = fetched.calls / max(fetched.minimum_calls, 1)
        print(
            f"series: {len(wanted)}; GetMetricData calls {fetched.calls}, fewest the limits "
            f"allow {fetched.minimum_calls}: ratio {ratio:.3f} (target <= 1.2); "
            f"cold read {cold_seconds:.2f} s"
        )

        def warm() -> None:
            again = fetch(aws, SeriesCache("eu-west-1"), window, wanted)
            assert again.calls == 0 and again.cached == len(wanted), again

        files = sorted(Path(cold.directory).glob("*.json"))

        def baseline() -> None:
            for path in files:
                json.loads(path.read_text(encoding="utf-8"))

        warm_seconds = _median(warm, args.repeats)
        base_seconds = _median(baseline, args.repeats)
        print(
            f"cached read of {len(files)} series: {warm_seconds * 1000:.1f} ms; json.loads of "
            f"the same files: {base_seconds * 1000:.1f} ms; ratio "
            f"{warm_seconds / base_seconds:.2f} (target <= 3)"
        )
        if args.full_scan:
            from aurora_cost.sources.aws import scan

            prices = ROOT / "tests" / "data" / "prices"
            started = time.perf_counter()
            document = scan("eu-west-1", days=args.days, pricing=prices)
            print(
                f"whole cached scan: {time.perf_counter() - started:.1f} s, "
                f"{document.requests.cloudwatch_calls} GetMetricData calls"
            )
    finally:
        server.stop()
    return 0


def _median(action: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
