"""The fixture generators (tests/data/prices/make_prices.py, tests/data/offers/make_fixtures.py)
reproduce the checked-in files, and follow the charge registry: a charge registered here is
written into a fixture price file and its AmazonRDS offer rows, and imported back."""

from __future__ import annotations

import importlib.util
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from aurora_cost import charges
from aurora_cost.charges.base import GB_MONTH, Charge, Offer, Rate
from aurora_cost.pricing.aws import import_offer_files

DATA = Path(__file__).resolve().parent / "data"


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_prices = _module(DATA / "prices" / "make_prices.py")
make_fixtures = _module(DATA / "offers" / "make_fixtures.py")

VAULT = Charge(  # a flat rate with its own usage type: nothing in the generators names it
    name="vault",
    rates=(
        Rate(
            "vault_gb_month",
            "USD per GB-month in the vault",
            Offer(GB_MONTH, "Aurora:VaultUsage", "Database Storage"),
        ),
    ),
)


@pytest.mark.parametrize("region", list(make_prices.REGIONS))
def test_make_prices_writes_the_checked_in_files(region: str) -> None:
    assert make_prices.render(region) == (DATA / "prices" / f"{region}.yaml").read_text("utf-8")


@pytest.mark.parametrize("region", ["eu-west-1", "eu-north-1", "us-gov-west-1"])
def test_make_fixtures_writes_the_checked_in_offer_rows(region: str) -> None:
    offer = make_fixtures.Offer()
    make_fixtures.add_region(offer, region)
    expected = (DATA / "offers" / f"AmazonRDS-{region}.csv").read_text("utf-8")
    assert offer.csv_text(region) == expected


def test_a_registered_charge_is_written_and_imported_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with charges.registered(VAULT):
        with pytest.raises(SystemExit, match="vault_gb_month: a registered rate without"):
            make_prices.render("eu-west-1")
        monkeypatch.setitem(make_prices.BASE, "vault_gb_month", "0.03")
        text = make_prices.render("eu-west-1")
        assert "  vault_gb_month: 0.03\n" in text
        assert "  vault_gb_month: USD per GB-month in the vault\n" in text  # under units:
        (tmp_path / "eu-west-1.yaml").write_text(text, encoding="utf-8")
        monkeypatch.setattr(make_fixtures, "PRICING", tmp_path)
        offer = make_fixtures.Offer()
        make_fixtures.add_region(offer, "eu-west-1")
        csv_path = tmp_path / "AmazonRDS-eu-west-1.csv"
        csv_path.write_text(offer.csv_text("eu-west-1"), encoding="utf-8")
        assert '"EU-Aurora:VaultUsage"' in csv_path.read_text("utf-8")
        result = import_offer_files([csv_path], retrieved=date(2026, 1, 2))
        # $0.03 per GB-month, written per GB-Mo as AWS sells it, read back
        assert result.regions["eu-west-1"].rate("vault_gb_month") == Decimal("0.03")
