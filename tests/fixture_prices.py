"""Where the tests get their prices.

Every test that computes a bill prices it with the fixture files in tests/data/prices/
(round numbers, written by tests/data/prices/make_prices.py), never with the bundled
pricing/*.yaml, so `aurora-cost pricing update` cannot break the suite. Tests of the
bundled files themselves carry the `bundled_prices` marker.

Fixture eu-west-1 (the base; other regions are the base times a round factor):
v1 0.05 and v2 0.10 per ACU-hour (I/O-Optimized 0.13); storage 0.10 per GB-month
(I/O-Optimized 0.25); I/O 0.20 per million; backup 0.02 per GB-month; snapshot export
0.01 per GB; backtrack 0.01 per million change-record-hours; Data API 0.40 per million
(first billion), 0.20 above; db.t4g.medium 0.10 an hour (I/O-Optimized 0.13),
db.r6g.large 0.20 (0.26), db.r6g.xlarge 0.40 (0.52), db.r7g.large 0.25 (0.33), the same for
both engines; RDS Proxy 0.01 per vCPU-hour and 0.01 per ACU-hour; Database Savings Plans
(derived) 0.065 per ACU-hour (I/O-Optimized 0.0845), db.r7g.large 0.20 (0.264).
Per engine (schema_version 2): ap-east-2 prices db.r6g.large 0.3 / 0.39 for Aurora MySQL and
0.32 / 0.42 for Aurora PostgreSQL, and sells db.r7g.large for Aurora PostgreSQL only.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PRICES = Path(__file__).resolve().parent / "data" / "prices"
FIXTURE_REGIONS = sorted(p.stem for p in FIXTURE_PRICES.glob("*.yaml"))
BUNDLED_PRICES = ROOT / "pricing"
