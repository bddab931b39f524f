"""`aurora-cost schema`: the JSON Schemas of the workload file and of the JSON report."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import emit


class SchemaName(str, Enum):
    workload = "workload"
    report = "report"
    pricing = "pricing"
    advice = "advice"
    infrastructure = "infrastructure"
    diff = "diff"
    reconciliation = "reconciliation"
    scan = "scan"


def schema_command(
    name: Annotated[
        SchemaName,
        typer.Argument(
            metavar="NAME",
            help="workload, report, pricing, advice, infrastructure, diff, reconciliation or scan "
            "(any case).",
            case_sensitive=False,
        ),
    ],
) -> None:
    """Print a JSON Schema generated from the models.

    Examples:

    \b
      aurora-cost schema report > report.schema.json
      aurora-cost schema workload
    """
    from pydantic import BaseModel

    from aurora_cost.pricing.model import RegionPricing
    from aurora_cost.report import MultiRegionReport, Report
    from aurora_cost.workload.model import Workload

    if name is SchemaName.report:
        # A report is either one region's report or the --all-regions wrapper.
        single = Report.model_json_schema(mode="serialization")
        multi = MultiRegionReport.model_json_schema(mode="serialization")
        defs = {**single.pop("$defs", {}), **multi.pop("$defs", {})}
        defs["Report"] = single
        defs["MultiRegionReport"] = multi
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "aurora-cost report",
            "oneOf": [{"$ref": "#/$defs/Report"}, {"$ref": "#/$defs/MultiRegionReport"}],
            "$defs": defs,
        }
    elif name in (SchemaName.infrastructure, SchemaName.diff):
        from aurora_cost.infra.report import DiffReport, InfraReport

        chosen = InfraReport if name is SchemaName.infrastructure else DiffReport
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **chosen.model_json_schema(mode="serialization"),
        }
    elif name is SchemaName.scan:
        from aurora_cost.sources.aws.document import ScanReport

        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **ScanReport.model_json_schema(mode="serialization"),
        }
    elif name is SchemaName.reconciliation:
        from aurora_cost.bill.model import Reconciliation

        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **Reconciliation.model_json_schema(mode="serialization"),
        }
    else:
        from aurora_cost.advise.model import Advice

        models: dict[SchemaName, type[BaseModel]] = {
            SchemaName.workload: Workload,
            SchemaName.pricing: RegionPricing,
            SchemaName.advice: Advice,
        }
        model = models[name]
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **model.model_json_schema(),
        }
    emit(json.dumps(document, indent=2) + "\n")


def register(app: typer.Typer) -> None:
    app.command("schema", cls=Command)(schema_command)
