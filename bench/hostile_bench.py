"""Hostile inputs cost time linear in their size: n against 2n, measured in the same run.

    python bench/hostile_bench.py            # the default sizes
    python bench/hostile_bench.py --scale 4  # larger inputs

Three inputs that were worse than linear (issue 20), each timed at n and at 2n (median of
3 runs), with the ratio printed: about 2 is linear, about 4 would be quadratic.

- matcher: a usage key `*a*a*a...*b` against an address of n `a`s (a backtracking regular
  expression never finished at 288 bytes);
- linking: a plan of n clusters, each with one instance linked by `cluster_identifier`;
- gzip trace: a gzip file of a header and n MB of blank lines, read as a trace (refused:
  no samples) through the input boundary.

Nothing is asserted: the numbers are for the README's "Performance" and for review.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aurora_cost.demand.traces import load_trace  # noqa: E402
from aurora_cost.errors import InputError  # noqa: E402
from aurora_cost.infra.address_pattern import AddressPattern  # noqa: E402
from aurora_cost.infra.load import load_infra  # noqa: E402


def timed(action: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def matcher(n: int) -> Callable[[], object]:
    key = "*a" * 40 + "*b"
    address = "a" * n
    pattern = AddressPattern(key)
    return lambda: pattern.match(address)


def plan(n: int, folder: Path) -> Callable[[], object]:
    resources = []
    for i in range(n):
        resources.append({"address": f"aws_rds_cluster.c{i}", "mode": "managed",
                          "type": "aws_rds_cluster", "name": f"c{i}",
                          "values": {"cluster_identifier": f"c{i}", "engine": "aurora-postgresql"}})  # fmt: skip
        resources.append({"address": f"aws_rds_cluster_instance.i{i}", "mode": "managed",
                          "type": "aws_rds_cluster_instance", "name": f"i{i}",
                          "values": {"cluster_identifier": f"c{i}", "instance_class": "db.r6g.large"}})  # fmt: skip
    document = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources}},
    }
    path = folder / f"plan-{n}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return lambda: load_infra([path])


def blank_trace(megabytes: int, folder: Path) -> Callable[[], object]:
    path = folder / f"blank-{megabytes}.csv.gz"
    with gzip.open(path, "wb") as out:
        out.write(b"timestamp,acu\n")
        for _ in range(megabytes):
            out.write(b"\n" * (1 << 20))

    def read() -> None:
        with contextlib.suppress(InputError):  # no samples: refused, after reading it all
            load_trace(path)

    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [
            ("matcher (address chars)", 2000 * args.scale, lambda n: matcher(n)),
            ("linking (clusters)", 20_000 * args.scale, lambda n: plan(n, folder)),
            ("gzip blank trace (MB)", 32 * args.scale, lambda n: blank_trace(n, folder)),
        ]
        print(f"{'input':28} {'n':>8} {'time n':>9} {'time 2n':>9} {'ratio':>6}")
        for name, n, make in rows:
            small, large = timed(make(n)), timed(make(2 * n))
            print(f"{name:28} {n:>8} {small:>8.3f}s {large:>8.3f}s {large / small:>6.2f}")


if __name__ == "__main__":
    main()
