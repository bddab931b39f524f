"""Clusters from infrastructure files, priced one by one on the fixture prices.

The Terraform plans here are written by hand (no terraform binary can be installed where
these tests run), in the exact shape of Terraform's JSON output format, format_version
1.2 ("JSON Output Format", developer.hashicorp.com/terraform/internals/json-format):
`planned_values`, `resource_changes` with `before` / `after` / `after_unknown` (values
known only after apply are left out of `after` and marked true there), `prior_state`
and `configuration` with its `references` and `provider_config`.

Prices (tests/fixture_prices.py), eu-west-1: v2 0.10 per ACU-hour (I/O-Optimized 0.13),
storage 0.10 per GB-month (I/O-Optimized 0.25), I/O 0.20 per million, db.r6g.large 0.20
an hour (I/O-Optimized 0.26).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from aurora_cost.infra.estimate import estimate_infra
from tests.fixture_prices import FIXTURE_PRICES

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "examples" / "infra" / "plan.json"
USAGE = REPO / "examples" / "infra" / "usage.yaml"


@pytest.fixture(autouse=True)
def _fixture_prices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AURORA_COST_PRICING", str(FIXTURE_PRICES))


def test_the_example_plan_with_its_usage() -> None:
    report = estimate_infra([PLAN], usage=USAGE)
    small, mixed = report.clusters
    assert small.address == "aws_rds_cluster.small" and small.region == "eu-west-1"
    assert small.usage == f"{USAGE}: clusters.aws_rds_cluster.small" and small.range is None
    # small: Serverless v2 (PostgreSQL) 0-4 ACU, pause after 600 s; weekdays 09-17 at 2 ACU.
    # A week: 40 h x 2 = 80 ACU-h, then 10 min at 0.5 after each of 5 days = 0.41667:
    # 80.41667 x 730/168 = 349.4296 ACU-h x 0.10 = 34.94; storage 10 x 0.10 = 1.00;
    # I/O 1 million x 0.20 = 0.20. Total 36.14.
    option = small.report.options[0]
    assert option.kind == "serverless-v2" and option.monthly_cost == Decimal("36.14")
    assert [i.monthly_cost for i in option.line_items] == [
        Decimal("34.94"),
        Decimal("1.00"),
        Decimal("0.20"),
    ]
    # mixed: writer db.r6g.large I/O-Optimized 730 h x 0.26 = 189.80; a tier-1 db.serverless
    # reader at the writer's equivalent, 16 GiB / 2 = 8 ACU: 5840 ACU-h; a tier-5 reader at
    # its reader_acu 1: 730 ACU-h; (5840 + 730) x 0.13 = 854.10; storage 100 x 0.25 = 25.00,
    # no I/O line (I/O-Optimized). Total 189.80 + 854.10 + 25.00 = 1068.90.
    assert mixed.address == 'module.tenant["acme"].aws_rds_cluster.this'
    option = mixed.report.options[0]
    assert option.kind == "cluster"
    assert [(i.name, i.quantity, i.monthly_cost) for i in option.line_items] == [
        ("compute", Decimal("6570"), Decimal("854.10")),
        ("compute", Decimal("730"), Decimal("189.80")),
        ("storage", Decimal("100"), Decimal("25.00")),
    ]
    assert option.monthly_cost == Decimal("1068.90")
    assert report.total.monthly_cost == Decimal("1105.04")  # 36.14 + 1068.90
    assert report.total.by_region == {"eu-west-1": Decimal("1105.04")}


def test_without_usage_each_cluster_is_a_range() -> None:
    report = estimate_infra([PLAN])
    small, mixed = report.clusters
    # small: low paused all month (min 0) = 0; high 4 ACU x 730 x 0.10 = 292.00.
    assert small.usage is None
    assert (small.range.low, small.range.high) == (Decimal("0.00"), Decimal("292.00"))  # type: ignore[union-attr]
    # mixed: writer 189.80 and tier-1 reader 8 ACU x 730 x 0.13 = 759.20 either way; the
    # tier-5 reader at min 0.5 (47.45) or max 16 (1518.40): 996.45 .. 2467.40.
    assert (mixed.range.low, mixed.range.high) == (Decimal("996.45"), Decimal("2467.40"))  # type: ignore[union-attr]
    assert mixed.report.options[0].monthly_cost == Decimal("2467.40")
    assert "usage-range" in [d.code for d in mixed.report.diagnostics]
    assert report.total.monthly_cost == Decimal("2759.40")  # 292.00 + 2467.40
