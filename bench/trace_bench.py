"""How fast is replaying a year-long usage trace?

    .venv/bin/python bench/trace_bench.py             # a year of one-minute samples
    .venv/bin/python bench/trace_bench.py --days 30   # a quick run

Generates a year of one-minute `ServerlessDatabaseCapacity`-like samples (525,600 rows:
weekday 09:00-17:00 UTC load in 0.5 ACU steps that wander, nights and weekends idle near
0.5 ACU with rare blips) into bench/out/year.csv, then, in the same run, takes the median
wall time of 7 runs (--repeats) of:

- the whole command `aurora-cost compare --trace bench/out/year.csv --region eu-west-1
  --format json`, as a subprocess (`python -m aurora_cost`);
- a bare `csv.reader` pass over the same file, as a subprocess too, so that both pay
  interpreter start-up;
- `load_trace` alone and the bare `csv.reader` pass, both in this process;
- `load_trace` on the same year as epoch seconds, with 0.1% of its samples missing, and as
  `aws cloudwatch get-metric-data` JSON (for context: the target is on the CSV above).

It prints both ratios against the 3x target. If the command fails (for example before
`--trace` is wired into `compare`), it says so and still prints the in-process ratio.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "out" / "year.csv"
TARGET = 3.0

BARE = """
import csv, sys
with open(sys.argv[1], newline="") as handle:
    for row in csv.reader(handle):
        pass
"""


def generate(path: Path, days: int, seed: int = 2024) -> int:
    """Write `days` days of one-minute samples from Monday 2024-01-01; returns the row count."""
    rng = random.Random(seed)
    clock = [f"T{h:02d}:{m:02d}:00Z," for h in range(24) for m in range(60)]
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    busy = 2.0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("timestamp,acu\n")
        for day in range(days):
            stamp = (date(2024, 1, 1) + timedelta(days=day)).isoformat()
            weekday = day % 7 < 5
            lines = []
            for minute in range(1440):
                if weekday and 9 * 60 <= minute < 17 * 60:
                    if rng.random() < 0.1:  # the load wanders in 0.5 ACU steps
                        busy = min(6.0, max(1.0, busy + rng.choice((-0.5, 0.5))))
                    acu = busy
                else:
                    acu = 1.0 if rng.random() < 0.01 else 0.5  # idle at the v2 floor
                lines.append(f"{stamp}{clock[minute]}{acu}\n")
            out.write("".join(lines))
            rows += 1440
    return rows


def variants(path: Path) -> dict[str, Path]:
    """The same year as epoch seconds, with 0.1% of the samples missing, and as the JSON of
    `aws cloudwatch get-metric-data` (newest first), written next to `path`."""
    rng = random.Random(7)
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    stamps = [row.split(",")[0] for row in rows]
    values = [float(row.split(",")[1]) for row in rows]
    out = {
        "epoch seconds": path.with_name("year-epoch.csv"),
        "0.1% of samples missing": path.with_name("year-gaps.csv"),
        "get-metric-data JSON": path.with_name("year-metric-data.json"),
    }
    first = datetime.fromisoformat(stamps[0].replace("Z", "+00:00")).timestamp()
    epoch = [f"{int(first) + 60 * i},{v}" for i, v in enumerate(values)]
    out["epoch seconds"].write_text("timestamp,acu\n" + "\n".join(epoch) + "\n")
    kept = [row for row in rows if rng.random() >= 0.001]
    out["0.1% of samples missing"].write_text("timestamp,acu\n" + "\n".join(kept) + "\n")
    result = {
        "Id": "m1",
        "Label": "ServerlessDatabaseCapacity",
        "Timestamps": [t.replace("Z", "+00:00") for t in reversed(stamps)],
        "Values": values[::-1],
        "StatusCode": "Complete",
    }
    out["get-metric-data JSON"].write_text(json.dumps({"MetricDataResults": [result]}))
    return out


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="days of one-minute samples")
    parser.add_argument("--repeats", type=int, default=7, help="runs per measurement")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the CSV")
    args = parser.parse_args()

    rows = generate(args.out, args.days)
    size_mb = args.out.stat().st_size / 1e6
    print(f"{args.out}: {rows:,} rows, {size_mb:.1f} MB")

    # -- in process: load_trace vs a bare csv.reader pass --------------------------------
    sys.path.insert(0, str(ROOT))
    from aurora_cost.demand.traces import load_trace

    def bare_pass() -> None:
        with args.out.open(newline="") as handle:
            for _row in csv.reader(handle):
                pass

    bare_in = median_seconds(bare_pass, args.repeats)
    load_in = median_seconds(lambda: load_trace(args.out), args.repeats)
    trace = load_trace(args.out)
    print(
        f"in process:  csv.reader {bare_in:.3f} s, load_trace {load_in:.3f} s "
        f"({len(trace.demand.levels):,} runs): ratio {load_in / bare_in:.2f}x"
    )

    # -- in process: other shapes of the same year, for context --------------------------
    for name, variant in variants(args.out).items():
        seconds = median_seconds(lambda v=variant: load_trace(v), args.repeats)
        print(f"in process:  load_trace, {name}: {seconds:.3f} s ({seconds / bare_in:.2f}x)")

    # -- subprocesses: the whole command vs a bare csv.reader pass -----------------------
    bare_cmd = [sys.executable, "-c", BARE, str(args.out)]
    command = [
        sys.executable,
        "-m",
        "aurora_cost",
        "compare",
        "--trace",
        str(args.out),
        "--region",
        "eu-west-1",
        "--format",
        "json",
    ]
    # Byte-compile the package as `pip install` does, and let the subprocesses keep
    # bytecode, so PYTHONDONTWRITEBYTECODE or a fresh checkout does not skew the ratio.
    import aurora_cost

    compileall.compile_dir(Path(aurora_cost.__file__).parent, quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    probe = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    if probe.returncode != 0:
        print(
            f"subprocess:  `aurora-cost compare --trace` failed (exit {probe.returncode})\n"
            + "\n".join("  " + line for line in probe.stderr.strip().splitlines()[-5:])
        )
        return 1
    bare_times: list[float] = []
    whole_times: list[float] = []
    for _ in range(args.repeats):  # alternate, so background load hits both alike
        for argv, times in ((bare_cmd, bare_times), (command, whole_times)):
            start = time.perf_counter()
            subprocess.run(argv, cwd=ROOT, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    bare_sub, compare = statistics.median(bare_times), statistics.median(whole_times)
    print(f"subprocess:  csv.reader {bare_sub:.3f} s (with interpreter start-up)")
    ratio = compare / bare_sub
    best = min(whole_times) / min(bare_times)  # the least disturbed runs, for comparison
    print(
        f"subprocess:  aurora-cost compare --trace {compare:.3f} s: ratio {ratio:.2f}x "
        f"(fastest runs: {best:.2f}x)"
    )
    ok = ratio <= TARGET  # judged on the medians
    verdict = "within" if ok else "over"
    print(f"target: <= {TARGET:.0f}x a bare csv.reader pass: {verdict} target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
