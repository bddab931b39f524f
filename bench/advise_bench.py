"""How long does `advise` take on a year of one-minute samples, against `compare`?

    python bench/advise_bench.py             # the year trace of bench/trace_bench.py
    python bench/advise_bench.py --days 30   # a quick run

Generates (or reuses) the year trace bench/trace_bench.py writes (525,600 one-minute rows)
and, in the same run, takes the median wall time of 5 alternating runs (--repeats) of

    aurora-cost compare --trace TRACE --region eu-west-1 --format json
    aurora-cost advise  --trace TRACE --region eu-west-1 --format json

as subprocesses (`python -m aurora_cost`), and prints advise / compare against the 5x
target. advise reads the trace once, simulates the derived Serverless v2 configuration
(once for both storage configurations), prices every instance class, and draws the two
break-even curves on weekly schedules: it should cost little more than compare.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from trace_bench import DEFAULT_OUT, generate  # noqa: E402

TARGET = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    trace = args.out
    if args.days != 365 or not trace.is_file():
        trace = trace.with_name(f"days-{args.days}.csv") if args.days != 365 else trace
        rows = generate(trace, args.days)
        print(f"{trace}: {rows:,} rows")
    compileall.compile_dir(ROOT / "aurora_cost", quiet=1)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    commands = {
        name: [
            sys.executable,
            "-m",
            "aurora_cost",
            name,
            "--trace",
            str(trace),
            "--region",
            "eu-west-1",
            "--format",
            "json",
        ]
        for name in ("compare", "advise")
    }
    for name, argv in commands.items():  # fail early, and warm the file cache
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{name} failed (exit {done.returncode}):\n{done.stderr}")
            return 1
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeats):  # alternate, so both see the same machine load
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, cwd=ROOT, env=env, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    compare, advise = (statistics.median(times[n]) for n in ("compare", "advise"))
    ratio = advise / compare
    print(f"compare --trace: {compare:.3f} s   advise --trace: {advise:.3f} s")
    verdict = "within target" if ratio <= TARGET else "MISSED"
    print(f"advise / compare = {ratio:.2f}x (target <= {TARGET:g}x): {verdict}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
