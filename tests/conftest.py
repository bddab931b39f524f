from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never depend on the developer's terminal or AWS settings."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AURORA_COST_PRICING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("COLUMNS", "120")
