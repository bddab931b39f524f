"""Every document kind has one renderer per output format, and the structure the CLI
promises its maintainers: one JSON renderer, JSON without Rich, no `Error:` printed by hand."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from aurora_cost.render import DOCUMENT_KINDS, OutputFormat, Renderers

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("renderers", DOCUMENT_KINDS, ids=lambda r: r.kind)
def test_each_document_kind_renders_every_format(renderers: Renderers[object]) -> None:
    assert set(renderers.by_format) == set(OutputFormat)
    for fmt, target in renderers.by_format.items():
        module, _, name = target.partition(":")
        assert callable(getattr(importlib.import_module(module), name)), (fmt, target)


def test_json_is_written_once() -> None:
    targets = {r.by_format[OutputFormat.json] for r in DOCUMENT_KINDS}
    assert targets == {"aurora_cost.render.json_out:render_json"}


def test_the_json_path_never_loads_rich() -> None:
    code = (
        "import sys\n"
        "from aurora_cost.cli import app\n"
        "code = app(['compare', '--region', 'eu-west-1', '--format', 'json'],"
        " standalone_mode=False)\n"
        "assert code == 0, code\n"
        "loaded = sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.'))\n"
        "print(loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_commands_leave_errors_to_the_one_boundary() -> None:
    """No command prints `Error:` or exits by itself; no message text is matched."""
    for path in (ROOT / "aurora_cost" / "cli").glob("*.py"):
        if path.name == "boundary.py":
            continue
        text = path.read_text()
        assert "sys.exit" not in text, path
        assert "__name__ ==" not in text and "type(exc).__name__" not in text, path
    boundary = (ROOT / "aurora_cost" / "cli" / "boundary.py").read_text()
    assert "__name__ ==" not in boundary and "re.match" not in boundary
