#!/usr/bin/env python3
"""How fast does `aurora-cost compare` answer, against Python importing its own stack?

Measured in one run, each command several times in alternation, median wall time:
  baseline   python -c "import typer, pydantic, rich, yaml"        (the issue's baseline)
  floor      the same plus `from pydantic import BaseModel, Field` and validating one
             tiny model: the least any Pydantic-validating CLI pays (for context)
  compare    python -m aurora_cost compare --region eu-west-1 --format json
  all        python -m aurora_cost compare --all-regions --format json
Prints compare/baseline and compare/floor (target <= 1.3) and all/compare (target <= 2.0).

Wall time is noisy on a loaded machine (other processes take the CPU between ours), so the
same ratios are printed again in CPU time: user + system time of each command's process
(`getrusage(RUSAGE_CHILDREN)` before and after), which load changes far less.

The package's modules are byte-compiled first, as `pip install` does, so that the
comparison is not skewed by PYTHONDONTWRITEBYTECODE or a fresh checkout.
Usage: python bench/startup_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = (
    "import typer, pydantic, rich, yaml\n"
    "from pydantic import BaseModel, Field\n"
    "class M(BaseModel):\n    x: int = Field(ge=0)\n"
    "M.model_validate({'x': 1})\n"
)
COMMANDS = {
    "baseline": [sys.executable, "-c", "import typer, pydantic, rich, yaml"],
    "floor": [sys.executable, "-c", FLOOR],
    "compare": [sys.executable, "-m", "aurora_cost", "compare", "--region", "eu-west-1",
                "--format", "json"],
    "all": [sys.executable, "-m", "aurora_cost", "compare", "--all-regions", "--format", "json"],
}  # fmt: skip


def run_once(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the child process), in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, cwd="/", env=env or ENV)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"command failed ({done.returncode}): {' '.join(argv)}\n{done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    args = parser.parse_args()
    import aurora_cost

    compileall.compile_dir(Path(aurora_cost.__file__).parent, quiet=1)
    for argv in COMMANDS.values():  # warm the file cache once
        run_once(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpu_times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):  # alternate, so background load hits every command alike
        for name, argv in COMMANDS.items():
            # the floor skips Pydantic's plugin scan, as aurora-cost does
            env = {**ENV, "PYDANTIC_DISABLE_PLUGINS": "__all__"} if name == "floor" else None
            wall, cpu = run_once(argv, env)
            times[name].append(wall)
            cpu_times[name].append(cpu)
    median = {name: statistics.median(values) for name, values in times.items()}
    cpu = {name: statistics.median(values) for name, values in cpu_times.items()}
    for name, argv in COMMANDS.items():
        shown = " ".join(a if len(a) < 40 else a[:37] + "..." for a in argv[1:]).replace("\n", " ")
        print(
            f"{name:9s} {median[name] * 1000:7.1f} ms  median of {args.runs}  "
            f"(CPU {cpu[name] * 1000:6.1f} ms)  ({shown})"
        )
    single = median["compare"] / median["baseline"]
    multi = median["all"] / median["compare"]
    floor = median["floor"] / median["baseline"]
    print(f"compare / baseline     = {single:.2f}x  (target <= 1.30x)")
    print(f"compare / floor        = {median['compare'] / median['floor']:.2f}x  (target <= 1.30x)")
    print(f"all-regions / compare  = {multi:.2f}x  (target <= 2.00x)")
    print(f"floor / baseline       = {floor:.2f}x  (Pydantic's own import and first validation)")
    print("CPU time (user + system of each process; load changes it far less than wall time):")
    print(f"compare / baseline     = {cpu['compare'] / cpu['baseline']:.2f}x  (target <= 1.30x)")
    print(f"compare / floor        = {cpu['compare'] / cpu['floor']:.2f}x  (target <= 1.30x)")
    print(f"all-regions / compare  = {cpu['all'] / cpu['compare']:.2f}x  (target <= 2.00x)")
    print(f"floor / baseline       = {cpu['floor'] / cpu['baseline']:.2f}x")


if __name__ == "__main__":
    main()
