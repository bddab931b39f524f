"""The bundled price files are exactly what tools/make_bundled_pricing.py makes of its data.

The generator runs as documented (`python tools/make_bundled_pricing.py --out DIR`) into a
temporary directory; every committed `pricing/<region>.yaml` must equal its output byte for
byte, with no file missing or extra on either side.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tools" / "make_bundled_pricing.py"
PRICING = ROOT / "pricing"

pytestmark = pytest.mark.bundled_prices


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated-pricing")
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_the_generator_makes_every_bundled_file_and_no_other(generated: Path) -> None:
    made = sorted(p.name for p in generated.iterdir())
    committed = sorted(p.name for p in PRICING.glob("*.yaml"))
    assert made == committed
    assert len(committed) == 35


@pytest.mark.parametrize("name", sorted(p.name for p in PRICING.glob("*.yaml")))
def test_each_bundled_file_is_the_generator_output(generated: Path, name: str) -> None:
    assert (PRICING / name).read_bytes() == (generated / name).read_bytes(), (
        f"pricing/{name} differs from what tools/make_bundled_pricing.py writes; "
        "rerun the generator or fix it"
    )


def test_the_header_names_the_feed_its_publication_the_public_copy_and_the_generator(
    generated: Path,
) -> None:
    text = (generated / "eu-west-1.yaml").read_text(encoding="utf-8")
    head = text[: text.index("schema_version:")]
    for expected in (
        "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/rds/USD/current/rds-aurora-storage.json",
        "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/rds/USD/current/rds-aurora-ondemand.json",
        "2025-06-17T16:11:03Z",
        "https://github.com/QuinnyPig/aws-price-watcher",
        "39d33bfce9df670a9efc866c8de5708ed22f922b",
        "a6645eb2e53e9399396a714cdc4f3c346c7f06c0",
        "tools/make_bundled_pricing.py",
        "tools/data/aurora-rates-2025-06-17.json",
    ):
        assert expected in head
