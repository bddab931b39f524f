from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never depend on the developer's terminal or AWS settings."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AURORA_COST_PRICING"):
        monkeypatch.delenv(name, raising=False)
    # the user's price directory (platformdirs) lives in a fresh place for every test
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("COLUMNS", "120")
