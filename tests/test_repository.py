"""The repository itself: no merge left its conflict markers in a file we ship or read, and
the tests run the CLI one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = {".py", ".md", ".toml", ".yml", ".yaml", ".json", ".sh", ".tf", ".tfvars", ".csv", ".txt"}
MARKER = re.compile(r"^(<{7}|>{7})( |$)", re.M)


def _text_files() -> list[Path]:
    places = ["aurora_cost", "tests", "tools", "bench", "examples", "scripts", "docs", "pricing"]
    found = [p for p in ROOT.glob("*") if p.is_file() and p.suffix in TEXT]
    for place in places:
        found += [
            p
            for p in (ROOT / place).rglob("*")
            if p.is_file() and p.suffix in TEXT and "__pycache__" not in p.parts
        ]
    return found


def test_no_conflict_markers() -> None:
    files = _text_files()
    assert any(p.name == "README.md" for p in files)
    marked = [
        str(p.relative_to(ROOT))
        for p in files
        if p != Path(__file__).resolve()
        and MARKER.search(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert marked == [], f"conflict markers left by a merge in: {marked}"


def _makes_a_runner(path: Path) -> bool:
    """A CliRunner made in the test process (a fresh Python's code in a string is not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "CliRunner"
        for node in ast.walk(tree)
    )


def test_tests_run_the_cli_through_the_shared_runner() -> None:
    # tests/conftest.py: one CliRunner and `invoke`, which also fails on a traceback or an
    # exception the CLI let through; a test file with its own runner loses that check
    own = [
        p.name
        for p in (ROOT / "tests").glob("*.py")
        if p.name != "conftest.py" and _makes_a_runner(p)
    ]
    assert own == [], f"use tests.conftest.invoke (or RUNNER), not a CliRunner of their own: {own}"
