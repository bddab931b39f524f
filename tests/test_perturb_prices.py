"""tests/perturb_prices.py changes every rate of a price file, and nothing else."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from aurora_cost.pricing.model import (
    ENGINES,
    ClassRates,
    EngineRate,
    RegionPricing,
    parse_pricing,
)
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
            for engine in ENGINES:
                for kind in ("standard", "io_optimized"):
                    old = _rate(per_class, engine, kind)
                    new = _rate(after.instances[name], engine, kind)
                    assert new == (None if old is None else 2 * old), (region, name, engine)
        assert _engine_rates(after) == [2 * r for r in _engine_rates(before)]
    # fixture eu-west-1 (12 rates, 7 classes x 2 engines x 2, 4 proxy, 4 + 3 x 2 x 2 Savings
    # Plans) ... il-central-1 (8 rates, no classes)
    assert changed == sum(
        sum(r is not None for r in p.rates.model_dump().values())
        + sum(
            _rate(c, engine, kind) is not None
            for plan in (p.instances, p.savings_plans.instances if p.savings_plans else {})
            for c in plan.values()
            for engine in ENGINES
            for kind in ("standard", "io_optimized")
        )
        + len(_engine_rates(p))
        for p in (
            parse_pricing(Path(f"{r}.yaml"), read_yaml_mapping(FIXTURE_PRICES / f"{r}.yaml"))
            for r in FIXTURE_REGIONS
        )
    )


def _rate(per_class: ClassRates, engine: str, kind: str) -> Decimal | None:
    rates = per_class.engine(engine)
    return None if rates is None else getattr(rates, kind)


def _engine_rates(p: RegionPricing) -> list[Decimal]:
    """The RDS Proxy and Savings Plans Serverless v2 rates, per engine, in file order."""
    found: list[EngineRate] = []
    if p.rds_proxy is not None:
        found += [p.rds_proxy.provisioned_vcpu_hour, p.rds_proxy.serverless_v2_acu_hour]
    if p.savings_plans is not None:
        plans = p.savings_plans
        found += [plans.serverless_v2_acu_hour, plans.serverless_v2_io_optimized_acu_hour]
    return [v for rate in found for e in ENGINES if (v := rate.engine(e)) is not None]
