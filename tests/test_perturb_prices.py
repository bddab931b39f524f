"""tests/perturb_prices.py changes every rate of a price file, and nothing else."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from aurora_cost.pricing.model import parse_pricing
from aurora_cost.yamlio import read_yaml_mapping
from tests.fixture_prices import FIXTURE_PRICES, FIXTURE_REGIONS
from tests.perturb_prices import perturb_directory


def test_every_rate_and_the_date_change(tmp_path: Path) -> None:
    for region in FIXTURE_REGIONS:
        text = (FIXTURE_PRICES / f"{region}.yaml").read_text(encoding="utf-8")
        (tmp_path / f"{region}.yaml").write_text(text, encoding="utf-8")
    files, changed = perturb_directory(tmp_path, lambda: Decimal(2), "2031-02-03")
    assert files == len(FIXTURE_REGIONS)
    for region in FIXTURE_REGIONS:
        before = parse_pricing(
            Path(f"{region}.yaml"), read_yaml_mapping(FIXTURE_PRICES / f"{region}.yaml")
        )
        after = parse_pricing(
            Path(f"{region}.yaml"), read_yaml_mapping(tmp_path / f"{region}.yaml")
        )
        assert after.source.published == date(2031, 2, 3)
        for key, rate in before.rates.model_dump().items():
            assert getattr(after.rates, key) == (None if rate is None else 2 * rate), key
        assert list(after.instances) == list(before.instances)
        for name, per_class in before.instances.items():
            for kind in ("standard", "io_optimized"):
                old = getattr(per_class.mysql, kind)
                assert getattr(after.instances[name].mysql, kind) == (
                    None if old is None else 2 * old
                )
    # fixture eu-west-1 (12 rates, 7 classes x 2) ... il-central-1 (8 rates, no classes)
    assert changed == sum(
        sum(r is not None for r in p.rates.model_dump().values())
        + sum(
            (i.standard is not None) + (i.io_optimized is not None)
            for i in (c.mysql for c in p.instances.values())
            if i is not None
        )
        for p in (
            parse_pricing(Path(f"{r}.yaml"), read_yaml_mapping(FIXTURE_PRICES / f"{r}.yaml"))
            for r in FIXTURE_REGIONS
        )
    )
