"""The instance hardware table (aurora_cost/options/hardware.py): AWS's figures, and every
class the price files sell either has them or is listed as not on AWS's page."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aurora_cost.options import hardware
from aurora_cost.options.base import OptionRun
from aurora_cost.options.provisioned import ProvisionedOption
from tests.fixture_prices import BUNDLED_PRICES, FIXTURE_PRICES


@pytest.mark.parametrize(
    ("cls", "vcpu", "memory"),
    [
        ("db.t4g.medium", 2, 4.0),
        ("db.t3.small", 2, 2.0),
        ("db.t2.small", 1, 2.0),
        ("db.r4.large", 2, 15.25),
        ("db.r3.8xlarge", 32, 244.0),
        ("db.r5.24xlarge", 96, 768.0),
        ("db.r6gd.xlarge", 4, 32.0),
        ("db.r6id.32xlarge", 128, 1024.0),
        ("db.r7g.16xlarge", 64, 512.0),
        ("db.r7i.48xlarge", 192, 1536.0),
        ("db.r8g.large", 2, 16.0),
        ("db.r8g.48xlarge", 192, 1536.0),
        ("db.x2g.16xlarge", 64, 1024.0),
    ],
)
def test_figures_from_aws_hardware_page(cls: str, vcpu: int, memory: float) -> None:
    assert hardware.vcpus(cls) == vcpu
    assert hardware.memory_gib(cls) == memory
    assert hardware.instance_acu(cls) == memory / 2


def test_unknown_or_unlisted_classes_have_no_figures() -> None:
    for cls in ("db.m5.large", "db.t4g.small", "db.t3.xlarge", "db.t4g.2xlarge"):
        assert hardware.vcpus(cls) is None
        assert hardware.memory_gib(cls) is None
        assert hardware.instance_acu(cls) is None
    assert not set(hardware.HARDWARE) & set(hardware.NOT_LISTED)


def test_the_table_names_its_source() -> None:
    assert hardware.SOURCE_URL.endswith("AuroraUserGuide/Concepts.DBInstanceClass.Summary.html")
    assert hardware.SOURCE_URL in hardware.SOURCE
    assert "Hardware specifications for DB instance classes for Aurora" in hardware.SOURCE
    assert "awsdocs/amazon-aurora-user-guide" in hardware.R3_SOURCE


def _classes(directory: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(directory.glob("*.yaml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        found[path.stem] = set(document.get("instances") or {})
    return found


def test_every_fixture_class_has_hardware() -> None:
    for region, classes in _classes(FIXTURE_PRICES).items():
        assert classes <= set(hardware.HARDWARE), region


@pytest.mark.bundled_prices
def test_every_bundled_class_has_hardware_or_is_listed_as_unknown() -> None:
    catalogue: set[str] = set()
    for region, classes in _classes(BUNDLED_PRICES).items():
        missing = classes - set(hardware.HARDWARE) - set(hardware.NOT_LISTED)
        assert not missing, f"{region}: no hardware figures for {sorted(missing)}"
        catalogue |= classes
    assert set(hardware.NOT_LISTED) <= catalogue  # no stale entries


def _run(peak: float) -> OptionRun:
    return OptionRun(peak_demand=peak)


def test_fit_uses_the_memory_of_the_new_classes() -> None:
    big = ProvisionedOption(kind="provisioned", instance_class="db.r8g.48xlarge")
    assert big.fit(_run(768)).status == "fits"  # 1536 GiB = 768 ACU
    assert big.fit(_run(768.5)).status == "undersized"
    r4 = ProvisionedOption(kind="provisioned", instance_class="db.r4.large")
    assert r4.fit(_run(7.625)).status == "fits"  # 15.25 GiB
    assert r4.fit(_run(8)).status == "undersized"
    unlisted = ProvisionedOption(kind="provisioned", instance_class="db.t4g.small")
    fit = unlisted.fit(_run(100))
    assert fit.status == "fits" and fit.capacity_acu is None
    assert "not known" in fit.detail


def test_catalogue_knows_every_aurora_class_and_suggests_for_a_typo() -> None:
    for cls in ("db.r8g.48xlarge", "db.r7i.large", "db.x2g.large", "db.t4g.small"):
        option = ProvisionedOption(kind="provisioned", instance_class=cls)
        assert option.catalogue_problem(()) is None
    typo = ProvisionedOption(kind="provisioned", instance_class="db.r8g.2xlareg")
    problem = typo.catalogue_problem(())
    assert problem is not None and "did you mean 'db.r8g.2xlarge'" in problem
    sold_elsewhere = ProvisionedOption(kind="provisioned", instance_class="db.m9.large")
    assert sold_elsewhere.catalogue_problem({"db.m9.large"}) is None
