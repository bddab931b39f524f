"""A maximum above 128 ACUs: AWS allows 256 "for recent versions, 128 for older", and which
minor versions are recent is not confirmed. Such an option is never made unavailable: it is
priced as written, and a diagnostic (`engine-version`) says what is not confirmed.

Prices: tests/data/prices (us-east-1 Serverless v2 $0.08 per ACU-hour).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import invoke, write

NOT_CONFIRMED = "which Aurora MySQL 3 minors allow it is not confirmed"


def _json(result: Any, code: int = 0) -> dict[str, Any]:
    assert result.exit_code == code, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_compare_prices_a_max_of_200_and_says_what_is_not_confirmed(tmp_path: Path) -> None:
    # a constant 200 ACU within max 200: 200 x 730 h x $0.08 = $11,680.00
    workload = write(tmp_path, "w.yaml", "version: 1\nusage: {constant: 200}\noptions:\n"
                     "  - {name: big, kind: serverless-v2, engine: mysql, engine_version: '3',\n"
                     "     min_acu: 0.5, max_acu: 200}\n")  # fmt: skip
    document = _json(invoke("compare", "-w", str(workload), "-r", "us-east-1", "-f", "json"))
    (option,) = document["options"]
    assert option["available"] and option["complete"] and option["missing"] == []
    assert option["monthly_cost"] == "11680.00" and document["cheapest"] == "big"
    assert option["fit"]["status"] == "fits"
    (note,) = [d for d in option["diagnostics"] if d["code"] == "engine-version"]
    assert NOT_CONFIRMED in note["message"] and note["severity"] == "info"


def test_check_judges_it_and_the_note_stays_in_the_report(tmp_path: Path) -> None:
    workload = write(tmp_path, "w.yaml", "version: 1\nusage: {constant: 200}\noptions:\n"
                     "  - {name: big, kind: serverless-v2, engine: mysql, engine_version: '3',\n"
                     "     min_acu: 0.5, max_acu: 256}\n")  # fmt: skip
    result = invoke("check", "-w", str(workload), "-r", "us-east-1", "--max-monthly", "12000",
                    "-f", "json")  # fmt: skip
    document = _json(result)
    assert document["budget"]["status"] == "within"
    assert any(NOT_CONFIRMED in d["message"] for d in document["options"][0]["diagnostics"])


def test_advise_says_it_of_the_maximum_it_recommends(tmp_path: Path) -> None:
    # demand 200 ACU: the advised Serverless v2 maximum is 200, above 128; the advice says
    # that which minors allow it is not confirmed
    workload = write(tmp_path, "w.yaml", "version: 1\nusage: {constant: 200}\noptions:\n"
                     "  - {name: now, kind: serverless-v2, engine: mysql, engine_version: '3',\n"
                     "     min_acu: 0.5, max_acu: 128}\n")  # fmt: skip
    result = invoke("advise", "-w", str(workload), "-r", "us-east-1", "--kinds",
                    "serverless-v2", "-f", "json")  # fmt: skip
    advice = _json(result)
    (recommendation,) = advice["recommendations"]
    assert recommendation["option"]["max_acu"] == 200
    assert recommendation["monthly_cost"] == "11680.00"  # 200 x 730 x 0.08
    notes = [d for d in advice["diagnostics"] if d["code"] == "engine-version"]
    assert notes and NOT_CONFIRMED in notes[0]["message"]
    assert NOT_CONFIRMED in result.stderr


def test_a_terraform_cluster_with_max_256_is_priced_with_the_note(tmp_path: Path) -> None:
    # no usage: high = 256 x 730 h x $0.08 = $14,950.40; never unavailable
    cluster = {"cluster_identifier": "big", "engine": "aurora-mysql", "engine_mode": "provisioned",
               "engine_version": "8.0.mysql_aurora.3.08.0",
               "serverlessv2_scaling_configuration": [{"min_capacity": 0.5, "max_capacity": 256}]}  # fmt: skip
    instance = {"cluster_identifier": "big", "instance_class": "db.serverless",
                "engine": "aurora-mysql"}  # fmt: skip
    resources = [
        {"address": "aws_rds_cluster.big", "mode": "managed", "type": "aws_rds_cluster",
         "name": "big", "values": cluster},
        {"address": "aws_rds_cluster_instance.big[0]", "mode": "managed", "index": 0,
         "type": "aws_rds_cluster_instance", "name": "big", "values": instance},
    ]  # fmt: skip
    plan = {"format_version": "1.2", "planned_values": {"root_module": {"resources": resources}}}
    path = write(tmp_path, "plan.json", json.dumps(plan))
    document = _json(invoke("compare", "--infra", str(path), "-r", "us-east-1", "-f", "json"))
    (cluster_cost,) = document["clusters"]
    (option,) = cluster_cost["report"]["options"]
    assert option["available"] and option["monthly_cost"] == "14950.40"
    assert any(
        d["code"] == "engine-version" and "not confirmed" in d["message"]
        for d in option["diagnostics"]
    )
