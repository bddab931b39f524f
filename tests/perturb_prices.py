"""Check that the tests do not depend on the bundled prices.

Copies this checkout to a temporary directory, changes every rate in the copy's
`pricing/*.yaml` (and its publication date, as `aurora-cost pricing update` would), then
runs `pytest -m "not bundled_prices"` in the copy against the copy's package. It passes
only if every test that is not marked `bundled_prices` gets its prices from elsewhere
(tests/data/prices/) or reads them from the files instead of hard-coding them.

    python tests/perturb_prices.py                  # every rate x 1.37
    python tests/perturb_prices.py --factor 0.61
    python tests/perturb_prices.py --random 7       # each rate its own factor, seed 7
    python tests/perturb_prices.py -- -x tests/test_cli.py   # extra pytest arguments

Exit status: pytest's. The working tree is never modified.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(
    ".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis",
    "*.egg-info", "dist", "build", ".venv", "venv",
)  # fmt: skip

# `  key: 0.14` under `rates:`; `standard: 0.078` / `io_optimized: 0.101` in `instances:` (and
# `savings_plans.instances`); `mysql: 0.015` / `postgresql: 0.015` in `rds_proxy` and
# `savings_plans`
RATE_LINE = re.compile(r"^(  (?!published:)[a-z0-9_]+: )([0-9][0-9.eE+-]*)\s*$", re.M)
INSTANCE_RATE = re.compile(r"\b(standard|io_optimized|mysql|postgresql): ([0-9][0-9.eE+-]*)")
PUBLISHED = re.compile(r"^(  published: )(\S+)\s*$", re.M)


def perturb_text(text: str, factor: Callable[[], Decimal], published: str) -> tuple[str, int]:
    """The price file `text` with every rate multiplied by `factor()`; how many changed."""
    head, found, body = text.partition("\nrates:\n")
    if not found:
        raise ValueError("no 'rates:' section")
    changed = 0

    def scale(number: str) -> str:
        nonlocal changed
        new = (Decimal(number) * factor()).quantize(Decimal("0.000001"))
        if new <= 0:
            new = Decimal("0.000001")
        if new == Decimal(number):
            new += Decimal("0.000001")
        changed += 1
        return format(new.normalize(), "f")

    body = RATE_LINE.sub(lambda m: m.group(1) + scale(m.group(2)), body)
    body = INSTANCE_RATE.sub(lambda m: f"{m.group(1)}: {scale(m.group(2))}", body)
    head, dates = PUBLISHED.subn(lambda m: m.group(1) + published, head)
    if dates != 1:
        raise ValueError("no 'source.published' line")
    return head + found + body, changed


def perturb_directory(
    directory: Path, factor: Callable[[], Decimal], published: str
) -> tuple[int, int]:
    """Rewrite every `<region>.yaml` in `directory`; (files, rates) changed."""
    files = rates = 0
    for path in sorted(directory.glob("*.yaml")):
        text, changed = perturb_text(path.read_text(encoding="utf-8"), factor, published)
        path.write_text(text, encoding="utf-8")
        files += 1
        rates += changed
    return files, rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=Decimal, default=Decimal("1.37"))
    parser.add_argument("--random", type=int, metavar="SEED", default=None,
                        help="give each rate its own factor between 0.5 and 2, from SEED")  # fmt: skip
    parser.add_argument("--published", default="2031-02-03", help="publication date to write")
    parser.add_argument("--keep", action="store_true", help="keep the copy and print its path")
    parser.add_argument("pytest_args", nargs="*", help="after --: extra pytest arguments")
    args = parser.parse_args(argv)

    if args.random is None:
        description = f"every rate x {args.factor}"

        def factor() -> Decimal:
            return Decimal(args.factor)
    else:
        description = f"every rate x its own factor in [0.5, 2], seed {args.random}"
        chooser = random.Random(args.random)

        def factor() -> Decimal:
            return Decimal(chooser.randint(500, 2000)) / 1000

    work = Path(tempfile.mkdtemp(prefix="aurora-cost-perturbed-"))
    copy = work / "repo"
    try:
        shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
        files, rates = perturb_directory(copy / "pricing", factor, args.published)
        print(f"perturbed {rates} rates in {files} price files ({description}), "
              f"published {args.published}, in {copy}", file=sys.stderr)  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(copy)}
        env.pop("AURORA_COST_PRICING", None)
        check = subprocess.run(
            [sys.executable, "-c", "import aurora_cost.pricing.store as s; "
             "print(s.bundled_pricing_dir())"],
            cwd=copy, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        used = Path(check.stdout.strip())
        if used.resolve() != (copy / "pricing").resolve():
            print(f"the copy would read prices from {used}, not its own", file=sys.stderr)
            return 3
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                   "-m", "not bundled_prices", *args.pytest_args]  # fmt: skip
        print("running:", " ".join(command), file=sys.stderr)
        return subprocess.run(command, cwd=copy, env=env).returncode
    finally:
        if args.keep:
            print(f"kept {copy}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
