from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

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


# ---- shared helpers: one CliRunner, one way to run the CLI, one way to write a file ----------

FIXTURE_PRICES = DATA / "prices"
FIXTURE_ENV = {"AURORA_COST_PRICING": str(FIXTURE_PRICES)}


def _runner() -> Any:
    from typer.testing import CliRunner

    return CliRunner()


RUNNER = _runner()  # the one CliRunner of the suite (stdout and stderr apart)


def invoke(
    *args: str,
    env: dict[str, str | None] | None = None,
    fixture_prices: bool = True,
    input: str | bytes | None = None,
) -> Any:
    """`aurora-cost ARGS` through typer's CliRunner (stdout and stderr apart), on the fixture
    prices unless `fixture_prices=False` (the bundled ones) or `env` says otherwise. Never a
    traceback nor an exception the CLI let through, unless `--debug` asks for one."""
    from aurora_cost.cli import app

    base: dict[str, str | None] = dict(FIXTURE_ENV) if fixture_prices else {}
    result = RUNNER.invoke(app, list(args), env={**base, **(env or {})}, input=input)
    if "--debug" not in args:
        assert "Traceback" not in result.stderr + result.stdout, result.stderr
        escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
        assert not escaped, repr(result.exception)
    return result


def write(directory: Path, name: str, content: str | bytes | dict[str, Any] | list[Any]) -> Path:
    """A file `name` under `directory` (parents made): text, bytes, or a JSON document; its
    path."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        text = content if isinstance(content, str) else json.dumps(content)
        path.write_text(text, encoding="utf-8")
    return path
