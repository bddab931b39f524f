"""How long does `advise` take on a year of one-minute samples, against `compare`?

    python bench/advise_bench.py             # the year trace of bench/trace_bench.py
    python bench/advise_bench.py --days 30   # a quick run
    python bench/advise_bench.py --baseline ../old-checkout   # this tree's advise against it

Generates (or reuses) the year trace bench/trace_bench.py writes (525,600 one-minute rows)
and, in the same run, takes the median wall time of 5 alternating runs (--repeats) of

    aurora-cost compare --trace TRACE --region eu-west-1 --format json
    aurora-cost advise  --trace TRACE --region eu-west-1 --format json

as subprocesses (`python -m aurora_cost`), and prints advise / compare against the 5x
target. With --baseline DIR (a checkout of an earlier commit, e.g. `git worktree add
/tmp/base main`), it also runs that checkout's advise in the same alternation and prints
this advise / the baseline's (a change must not make advise slower: at most 1.05x, noise).
advise reads the trace once, simulates the derived Serverless v2 configuration
(once for both storage configurations), prices every instance class, and draws the two
break-even curves on weekly schedules: it should cost little more than compare.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from trace_bench import DEFAULT_OUT, generate  # noqa: E402

TARGET = 5.0
NO_SLOWER = 1.05  # against --baseline: the same time, within the noise of a shared machine


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--baseline", type=Path, help="a checkout to time advise against")
    args = parser.parse_args()
    trace = args.out
    if args.days != 365 or not trace.is_file():
        trace = trace.with_name(f"days-{args.days}.csv") if args.days != 365 else trace
        rows = generate(trace, args.days)
        print(f"{trace}: {rows:,} rows")
    roots = {"compare": ROOT, "advise": ROOT}
    if args.baseline is not None:
        roots["baseline advise"] = args.baseline.resolve()
    for root in set(roots.values()):
        compileall.compile_dir(root / "aurora_cost", quiet=1)
    argv = {name: [sys.executable, "-m", "aurora_cost", name.split()[-1], "--trace", str(trace),
                   "--region", "eu-west-1", "--format", "json"] for name in roots}  # fmt: skip
    env = {name: {**os.environ, "PYTHONPATH": str(root), "NO_COLOR": "1"}
           for name, root in roots.items()}  # fmt: skip
    outputs = {}
    for name, root in roots.items():  # fail early, and warm the file cache
        done = subprocess.run(argv[name], cwd=root, env=env[name], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{name} failed (exit {done.returncode}):\n{done.stderr}")
            return 1
        outputs[name] = done.stdout
    times: dict[str, list[float]] = {name: [] for name in roots}
    for _ in range(args.repeats):  # alternate, so all see the same machine load
        for name, root in roots.items():
            start = time.perf_counter()
            subprocess.run(argv[name], cwd=root, env=env[name], check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(times[name]) for name in roots}
    ratio = median["advise"] / median["compare"]
    print("   ".join(f"{name} --trace: {seconds:.3f} s" for name, seconds in median.items()))
    verdict = "within target" if ratio <= TARGET else "MISSED"
    print(f"advise / compare = {ratio:.2f}x (target <= {TARGET:g}x): {verdict}")
    ok = ratio <= TARGET
    if args.baseline is not None:
        against = median["advise"] / median["baseline advise"]
        ours, theirs = (json.loads(outputs[n]) for n in ("advise", "baseline advise"))
        added: list[str] = []
        same = "the same" if _shared(ours, theirs, added) == theirs else "NOT the same"
        if added:
            same += f" but for {len(set(added))} added field(s): {', '.join(sorted(set(added)))}"
        verdict = "no slower" if against <= NO_SLOWER else "SLOWER"
        print(f"advise / baseline advise = {against:.2f}x (at most {NO_SLOWER:g}x): {verdict}; "
              f"its JSON is {same}")  # fmt: skip
        ok = ok and against <= NO_SLOWER
    return 0 if ok else 1


def _shared(ours: Any, theirs: Any, added: list[str]) -> Any:
    """`ours` without the object keys `theirs` lacks (fields added since), named in `added`."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        added += [key for key in ours if key not in theirs]
        return {k: _shared(v, theirs[k], added) for k, v in ours.items() if k in theirs}
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [_shared(a, b, added) for a, b in zip(ours, theirs)]
    return ours


if __name__ == "__main__":
    raise SystemExit(main())
