"""Where prices come from: --pricing > AURORA_COST_PRICING > the user's directory > bundled;
fresh prices go to the user's directory, readable by others; old prices get a note.

The user's directory is platformdirs' data directory: conftest.py points XDG_DATA_HOME at
a fresh temporary directory for every test.
"""

from __future__ import annotations

import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from aurora_cost.cli import app
from aurora_cost.pricing.store import (
    bundled_pricing_dir,
    load_all,
    load_region,
    price_layers,
    region_file,
    stale_note,
    user_pricing_dir,
)
from tests.conftest import RUNNER
from tests.fixture_prices import FIXTURE_PRICES

OFFERS = Path(__file__).resolve().parent / "data" / "offers"
runner = RUNNER


def test_the_user_directory_is_under_the_data_home(tmp_path: Path) -> None:
    assert user_pricing_dir() == Path(os.environ["XDG_DATA_HOME"]) / "aurora-cost" / "pricing"
    assert price_layers() == (bundled_pricing_dir(),)  # empty: only the bundled files


def test_a_user_file_wins_over_the_bundled_one_for_its_region_only() -> None:
    user = user_pricing_dir()
    user.mkdir(parents=True)
    shutil.copy(FIXTURE_PRICES / "eu-west-1.yaml", user / "eu-west-1.yaml")
    layers = price_layers()
    assert layers == (user, bundled_pricing_dir())
    assert region_file("eu-west-1", layers) == user / "eu-west-1.yaml"
    assert region_file("us-east-1", layers) == bundled_pricing_dir() / "us-east-1.yaml"
    fixture = load_region("eu-west-1", FIXTURE_PRICES)
    assert load_region("eu-west-1", layers) == fixture
    assert load_region("us-east-1", layers).source != fixture.source
    # --all-regions sees every bundled region, eu-west-1 from the user's file
    every = {p.region: p for p in load_all(layers)}
    assert len(every) == len(list(bundled_pricing_dir().glob("*.yaml")))
    assert every["eu-west-1"] == fixture


def test_pricing_and_the_environment_win_over_the_user_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    user = user_pricing_dir()
    user.mkdir(parents=True)
    shutil.copy(FIXTURE_PRICES / "eu-west-1.yaml", user / "eu-west-1.yaml")
    assert price_layers(FIXTURE_PRICES) == (FIXTURE_PRICES,)
    monkeypatch.setenv("AURORA_COST_PRICING", str(tmp_path))
    assert price_layers() == (tmp_path,)


def test_pricing_show_names_the_file_in_use() -> None:
    user = user_pricing_dir()
    user.mkdir(parents=True)
    shutil.copy(FIXTURE_PRICES / "eu-west-1.yaml", user / "eu-west-1.yaml")
    result = runner.invoke(app, ["pricing", "show", "eu-west-1", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert f"Price file: {user / 'eu-west-1.yaml'}" in result.stderr


def test_import_without_out_writes_the_user_directory_readable_by_others() -> None:
    old = os.umask(0o022)
    try:
        result = runner.invoke(app, ["pricing", "import", str(OFFERS / "AmazonRDS-eu-west-1.csv")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    written = user_pricing_dir() / "eu-west-1.yaml"
    assert written.is_file()
    assert stat.S_IMODE(written.stat().st_mode) == 0o644  # 0666 & ~022
    assert not (bundled_pricing_dir() / ".eu-west-1.yaml.tmp").exists()
    # and it is what compare now uses for eu-west-1
    assert region_file("eu-west-1") == written


def test_old_prices_get_a_note_with_their_age() -> None:
    assert stale_note(date(2025, 6, 17), date(2025, 12, 14)) is None  # 180 days: fine
    note = stale_note(date(2025, 6, 17), date(2026, 12, 1))
    assert note == (
        "these prices were published 2025-06-17, 532 days ago; run 'aurora-cost pricing "
        "update' to fetch AWS's current ones"
    )


def test_compare_says_on_stderr_how_old_the_prices_are() -> None:
    # The fixture prices say they were published 2024-01-02: always over 180 days ago.
    env = {"AURORA_COST_PRICING": str(FIXTURE_PRICES)}
    result = runner.invoke(app, ["compare", "-r", "eu-west-1", "-f", "json"], env=env)
    assert result.exit_code == 0
    days = (date.today() - date(2024, 1, 2)).days
    assert f"note: these prices were published 2024-01-02, {days} days ago" in result.stderr
    assert "days ago" not in result.stdout
