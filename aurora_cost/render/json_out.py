"""`--format json`: the report as the JSON contract says (the README's "JSON report")."""

from __future__ import annotations

from aurora_cost.render import AnyReport


def render_json(report: AnyReport, width: int = 0, color: bool = False) -> str:
    return report.model_dump_json(indent=2) + "\n"
