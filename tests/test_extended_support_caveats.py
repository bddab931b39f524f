"""What the sources leave open about RDS Extended Support is said, never a reason to leave
an option out (issue 21: "do not make an option unavailable on it: price what is known,
list what is not in `missing` or a diagnostic").

- Aurora MySQL 3 ends standard support on 2028-04-30 in the catalogue's sources; one source
  implies 2027-04-30: in between, the option is priced without Extended Support and an
  `engine-version` note says what would be charged if the earlier date held.
- The Serverless v2 per-ACU-hour rate is read from the AWS feed's "Any" rows (derived), and
  the pricing years of Aurora PostgreSQL 16-18 and Aurora MySQL 3 are derived from AWS's rule:
  the `extended-support` diagnostic says so.
Rates: the engine catalogue (us-east-1 $0.10 per vCPU-hour, $0.085 per ACU-hour).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import invoke, write

MYSQL3 = "  - {name: m, kind: provisioned, engine: mysql, engine_version: '3', instance_class: db.r6g.large}\n"
PG13V2 = (
    "  - {name: pg, kind: serverless-v2, engine: postgresql, engine_version: '13.15',\n"
    "     min_acu: 2, max_acu: 8}\n"
)
PG16 = "  - {name: pg16, kind: provisioned, engine: postgresql, engine_version: '16', instance_class: db.r6g.large}\n"


def _option(tmp_path: Path, options: str, month: str) -> dict[str, Any]:
    path = write(tmp_path, "w.yaml", f"version: 1\nusage: {{constant: 2}}\noptions:\n{options}")
    result = invoke("compare", "-w", str(path), "-r", "us-east-1", "--as-of", month, "-f", "json")
    assert result.exit_code == 0, result.stderr
    (option,) = json.loads(result.stdout)["options"]
    return option


def _codes(option: dict[str, Any], code: str) -> list[str]:
    return [d["message"] for d in option["diagnostics"] if d["code"] == code]


def test_aurora_mysql_3_in_the_disputed_year_is_priced_and_said(tmp_path: Path) -> None:
    # 2027-06: standard support by 2028-04-30, Extended Support by 2027-04-30: not charged
    # (730 h x $0.16 = $116.80), available, complete, and said
    option = _option(tmp_path, MYSQL3, "2027-06")
    assert option["available"] and option["complete"] and option["monthly_cost"] == "116.80"
    assert not [i for i in option["line_items"] if i["name"] == "extended_support"]
    (note,) = _codes(option, "engine-version")
    assert "2028-04-30" in note and "2027-04-30" in note and "not included" in note
    # before the earlier date, and after the later one, nothing is disputed
    assert _codes(_option(tmp_path, MYSQL3, "2027-04"), "engine-version") == []
    charged = _option(tmp_path, MYSQL3, "2028-06")
    assert charged["monthly_cost"] == "262.80"  # + 2 vCPU x 730 h x $0.10 = $146.00
    assert _codes(charged, "engine-version") == []
    (said,) = _codes(charged, "extended-support")
    assert "pricing years are derived" in said and "year 3" not in said.split("derived")[1]


def test_an_opted_out_mysql_3_cluster_has_no_disputed_note(tmp_path: Path) -> None:
    options = MYSQL3.replace("db.r6g.large}", "db.r6g.large,\n     engine_lifecycle_support: "
                             "open-source-rds-extended-support-disabled}")  # fmt: skip
    assert _codes(_option(tmp_path, options, "2027-06"), "engine-version") == []


def test_the_serverless_rate_and_derived_years_are_said(tmp_path: Path) -> None:
    # Aurora PostgreSQL 13 Serverless v2 in 2026-12: 1,460 ACU-hours x $0.085 = $124.10
    option = _option(tmp_path, PG13V2, "2026-12")
    (said,) = _codes(option, "extended-support")
    assert "$124.10" in said and "per-ACU-hour rate is read from the AWS feed" in said
    assert "pricing years are derived" not in said  # 13's years are published
    # Aurora PostgreSQL 16 in 2029-06 (after 2029-02-28): 2 x 730 x $0.10 = $146.00, years derived
    option = _option(tmp_path, PG16, "2029-06")
    (said,) = _codes(option, "extended-support")
    assert "$146.00" in said and "year 3 two years later" in said
    assert "per-ACU-hour" not in said
