"""reserved_instance on provisioned options where the price file has Reserved rates.

Fixture eu-west-1 (tests/data/prices): db.r6g.large $0.20 an hour, storage $0.10 per
GB-month. The Reserved rates below are written into a copy of that file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import invoke
from tests.fixture_prices import FIXTURE_PRICES

RESERVED = """
reserved:
  db.r6g.large:
    mysql:
      standard:
        - {term: 1yr, payment: no-upfront, upfront: 0, hourly: 0.14}
        - {term: 1yr, payment: all-upfront, upfront: 1100, hourly: 0}
        - {term: 3yr, payment: partial-upfront, upfront: 1200, hourly: 0.05}
"""


def test_the_cheapest_term_and_payment_on_the_bill(tmp_path: Path) -> None:
    prices = tmp_path / "prices"
    shutil.copytree(FIXTURE_PRICES, prices)
    (prices / "eu-west-1.yaml").write_text(
        (prices / "eu-west-1.yaml").read_text(encoding="utf-8") + RESERVED, encoding="utf-8"
    )
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage: {constant: 1}\nstorage_gb: 10\noptions:\n"
        "  - {name: p, kind: provisioned, instance_class: db.r6g.large, instances: 2}\n"
        "  - {name: io, kind: provisioned, instance_class: db.r6g.large, storage: io-optimized}\n"
    )
    result = invoke(
        "compare",
        "-w",
        str(workload),
        "-r",
        "eu-west-1",
        "-f",
        "json",
        env={"AURORA_COST_PRICING": str(prices)},
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    p, io = report["options"]
    # on demand: 2 x 730 h x $0.20 = $292.00 + storage 10 x $0.10 = $1.00 -> $293.00
    # 1yr no upfront: 0.14 x 730 = 102.20 a month per instance
    # 1yr all upfront: 1100 / 12 = 91.6667
    # 3yr partial: 1200 / 36 + 0.05 x 730 = 33.3333 + 36.50 = 69.8333  <- the cheapest
    # 2 instances: 139.6667 -> 139.67; bill 139.67 + 1.00 = 140.67, saving 152.33
    assert p["monthly_cost"] == "293.00"
    assert p["reserved_instance"] == {
        "term": "3yr",
        "payment": "partial-upfront",
        "instances": 2,
        "upfront": "2400.00",
        "monthly_cost": "140.67",
        "savings": "152.33",
    }
    assert io["reserved_instance"] is None  # no I/O-Optimized Reserved rates in the file
    assert "reserved-rates-missing" not in [d["code"] for d in report["diagnostics"]]


def test_no_rates_no_reserved_instance_and_one_note() -> None:
    result = invoke(
        "compare", "-r", "eu-west-1", "-f", "json", env={"AURORA_COST_PRICING": str(FIXTURE_PRICES)}
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    provisioned = [o for o in report["options"] if o["kind"] == "provisioned"]
    assert provisioned and all(o["reserved_instance"] is None for o in provisioned)
    notes = [d for d in report["diagnostics"] if d["code"] == "reserved-rates-missing"]
    assert len(notes) == 1
    assert "`aurora-cost pricing update` (or `aurora-cost pricing import`" in notes[0]["message"]
