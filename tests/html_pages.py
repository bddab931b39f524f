"""Every document kind rendered as HTML from the fixture prices: shared by the HTML tests
and tools/html_screenshots.py."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import invoke

ROOT = Path(__file__).resolve().parent.parent
PRICES = str(ROOT / "tests" / "data" / "prices")
# relative to where the command runs, as a user writes them (the pages show the paths)
PLAN = os.path.relpath(ROOT / "examples" / "infra" / "plan.json")
USAGE = os.path.relpath(ROOT / "examples" / "infra" / "usage.yaml")

# document kind -> the command that prints it (the fixture prices are added)
COMMANDS: dict[str, list[str]] = {
    "report": ["compare", "--region", "eu-west-1"],
    "report-all-regions": ["compare", "--all-regions"],
    "check": ["check", "--region", "eu-west-1", "--max-monthly", "30"],
    "advice": ["advise", "--region", "eu-west-1"],
    "infrastructure": ["check", "--infra", PLAN, "--usage", USAGE, "--max-monthly", "2000"],
    "diff": ["diff", "--infra", PLAN, "--usage", USAGE],
    "infrastructure-advice": ["advise", "--infra", PLAN, "--usage", USAGE],
    "listing": ["regions"],
    "reconciliation": [
        "reconcile",
        "--bill",
        os.path.relpath(ROOT / "tests" / "data" / "bills" / "cur2.csv.gz"),
    ],
}


def run(args: list[str], fmt: str) -> str:
    result = invoke(*args, "--pricing", PRICES, "--format", fmt)
    assert result.exit_code in (0, 1), result.stderr  # 1: a check over its budget
    return result.stdout


def document_and_page(kind: str) -> tuple[Any, str]:
    """(the JSON document, the HTML page) of one kind."""
    if kind == "scan":
        return scan_document()
    return json.loads(run(COMMANDS[kind], "json")), run(COMMANDS[kind], "html")


def scan_document() -> tuple[Any, str]:
    """A scan document built by hand from a real report and advice (no AWS needed)."""
    from aurora_cost.advise import advise
    from aurora_cost.estimator import estimate
    from aurora_cost.render import SCAN, OutputFormat
    from aurora_cost.sources.aws.document import (
        AsRead,
        DemandInfo,
        Finding,
        Requests,
        ScanCluster,
        ScanReport,
        ScanTotal,
        ScanWindow,
    )  # fmt: skip

    workload = ROOT / "examples" / "small-app.yaml"
    report = estimate(workload, "eu-west-1", pricing=Path(PRICES))
    advice = advise(workload, "eu-west-1", pricing=Path(PRICES))
    cluster = ScanCluster(
        id="orders-<prod>",
        engine="aurora-mysql",
        engine_version="8.0.mysql_aurora.3.08.0",
        configuration={"kind": "serverless-v2"},
        as_read=AsRead(
            instances=[],
            storage_type="aurora",
            engine_lifecycle_support=None,
            serverless_v2_scaling=None,
            parameters={},
            global_cluster=None,
            rds_proxies=[],
            zero_etl_integrations=[],
            pause_blockers=[],
        ),
        demand=DemandInfo(
            source="ServerlessDatabaseCapacity",
            samples=1440,
            peak_acu=Decimal(2),
            idle_hours=Decimal(16),
            trace=None,
        ),
        report=report,
        advice=advice,
        findings=[
            Finding(
                code="never-paused",
                monthly_cost=Decimal("12.34"),
                message="idle 16 hours a day at the 0.5 ACU floor",
            )
        ],
    )
    document = ScanReport(
        tool_version="test", region="eu-west-1", as_of="2026-12", hours_per_month=730,
        window=ScanWindow(start="2026-12-01T00:00:00Z", end="2026-12-02T00:00:00Z", days=1,
                          period_seconds=60),
        pricing=report.pricing, clusters=[cluster],
        total=ScanTotal(monthly_cost=Decimal(report.options[0].monthly_cost or 0),
                        savings_available=Decimal("12.34")),
        requests=Requests(rds=3, cloudwatch_calls=1, cloudwatch_minimum_calls=1,
                          series_queried=2, series_cached=0),
    )  # fmt: skip
    return json.loads(document.model_dump_json()), SCAN.render(document, OutputFormat.html)


KINDS = [*COMMANDS, "scan"]
