"""`aurora-cost scan` against an emulated AWS account (moto's server mode, never real AWS).

Every cost is hand-computed on the fixture prices (tests/data/prices/eu-west-1.yaml):
Serverless v2 $0.10 an ACU-hour (I/O-Optimized $0.13), storage $0.10 a GB-month, I/O $0.20
a million, db.r6g.large $0.20 an hour. A day of minute datapoints stands for the month:
monthly = the day's cost x 730 / 24.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from typer.testing import CliRunner

from aurora_cost.cli import app
from tests.aws_emulator import Emulator, _moto_server, aws, window_start
from tests.conftest import DATA

__all__ = ["_moto_server", "aws"]  # the fixtures, used by name

PRICES = str(DATA / "prices")
MINUTES = 1440  # --days 1
GIB = 1024**3


def scan(*args: str) -> Any:
    result = CliRunner().invoke(
        app, ["scan", "--region", "eu-west-1", "--days", "1", "--pricing", PRICES, *args]
    )
    return result


def scanned(*args: str) -> dict[str, Any]:
    result = scan("--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def only(document: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [c for c in document["clusters"] if c["id"] == name]
    return found


def cost(cluster: dict[str, Any]) -> Decimal:
    return Decimal(cluster["report"]["options"][0]["monthly_cost"])


def findings(cluster: dict[str, Any]) -> dict[str, Any]:
    return {f["code"]: f for f in cluster["findings"]}


def test_serverless_v2_priced_from_its_capacity_storage_and_io(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("steady", scaling={"MinCapacity": 0.5, "MaxCapacity": 8})
    aws.instance("steady-1", "ServerlessDatabaseCapacity", [2.0] * MINUTES, start)
    aws.instance("steady-1", "DatabaseConnections", [5.0] * MINUTES, start)
    day = start + timedelta(hours=1)  # inside the window's one daily datapoint
    aws.cluster_metric("steady", "VolumeBytesUsed", 10 * GIB, day)
    aws.cluster_metric("steady", "VolumeReadIOPs", 1_000_000, day)
    aws.cluster_metric("steady", "VolumeWriteIOPs", 500_000, day)
    document = scanned()
    assert document["kind"] == "scan" and document["schema_version"] == 1
    assert document["window"]["days"] == 1 and document["window"]["period_seconds"] == 60
    cluster = only(document, "steady")
    assert cluster["engine"] == "aurora-postgresql" and cluster["engine_version"] == "16.4"
    assert cluster["configuration"]["kind"] == "serverless-v2"
    assert cluster["configuration"]["min_acu"] == 0.5
    assert cluster["demand"]["source"] == "ServerlessDatabaseCapacity"
    assert cluster["demand"]["samples"] == MINUTES
    assert Decimal(cluster["demand"]["peak_acu"]) == 2
    items = {i["name"]: Decimal(i["monthly_cost"]) for i in cluster["report"]["options"][0]["line_items"]}
    # compute: 2 ACU x 730 h x 0.10 = 146.00; storage: 10 GB x 0.10 = 1.00;
    # I/O: 1.5 million a day x 730 / 24 = 45.625 million x 0.20 = 9.125 -> 9.13
    assert items["compute"] == Decimal("146.00")
    assert items["storage"] == Decimal("1.00")
    assert items["io"] == Decimal("9.13")
    assert cost(cluster) == Decimal("156.13")
    assert Decimal(document["total"]["monthly_cost"]) == Decimal("156.13")
    assert cluster["advice"]["kind"] == "advice"
    assert cluster["advice"]["current"]["monthly_cost"] == "156.13"
