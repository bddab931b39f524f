#!/usr/bin/env python3
"""Rewrite the output of every `console` example in README.md from the bundled prices.

Each ```console block starts with `$ aurora-cost ...`; its output (stdout, then stderr, as
a terminal 100 columns wide shows them) is run again and written back. A block that ends in
`...` keeps as many lines as it shows. `$ echo $?` lines print the exit code of the command
before them. Run from the repository root: python tools/readme_examples.py
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Examples shown on the test prices of tests/data/prices/ (the README says so): left alone.
KEPT = ("aurora-cost reconcile",)
ENV = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
ENV.pop("AURORA_COST_PRICING", None)  # the bundled prices


def run(command: str) -> tuple[str, int]:
    """The command's stdout then stderr, and its exit code (a `> FILE` keeps stdout out)."""
    words = shlex.split(command)
    redirect = words.index(">") if ">" in words else None
    argv = words[:redirect] if redirect is not None else words
    if "--format" not in argv and "-f" not in argv:  # as a terminal shows it
        argv = [*argv, "--format", "table"]
    done = subprocess.run(
        [sys.executable, "-m", "aurora_cost", *argv[1:]],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    shown = ("" if redirect is not None else done.stdout) + done.stderr
    return shown, done.returncode


def rewrite(block: str) -> str:
    lines = block.splitlines()
    out: list[str] = []
    code = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            i += 1
            continue
        command = line[2:]
        j = i + 1
        while j < len(lines) and not lines[j].startswith("$ "):
            j += 1
        old = lines[i + 1 : j]
        out.append(line)
        if command == "echo $?":
            out.append(str(code))
        elif command.startswith("aurora-cost ") and not command.startswith(KEPT):
            text, code = run(command)
            new = text.rstrip("\n").splitlines()
            if old and old[-1] == "...":
                new = [*new[: len(old) - 1], "..."]
            out += new
        else:
            out += old
        i = j
    return "\n".join(out) + "\n"


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"(```console\n)(.*?)(```)", re.S)
    readme.write_text(pattern.sub(lambda m: m[1] + rewrite(m[2]) + m[3], text), encoding="utf-8")


if __name__ == "__main__":
    main()
