"""The bundled engine catalogue is exactly what tools/make_engine_catalogue.py makes of its data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tools" / "make_engine_catalogue.py"
CATALOGUE = ROOT / "aurora_cost" / "versions" / "catalogue.json"


def test_the_committed_catalogue_is_the_generator_output(tmp_path: Path) -> None:
    out = tmp_path / "catalogue.json"
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == CATALOGUE.read_bytes(), (
        "aurora_cost/versions/catalogue.json differs from what tools/make_engine_catalogue.py "
        "writes; rerun the generator"
    )


def test_the_catalogue_names_its_sources_and_date() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    for expected in (
        "extended-support-charges",
        "aurora-serverless-v2-auto-pause",
        "Concepts.DBInstanceClass.SupportAurora",
        "rds-aurora-storage.json",
        '"compiled": "2026-12-05"',
    ):
        assert expected in text
