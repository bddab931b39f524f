"""Advice per cluster (`advise --infra`): each cluster's advice under its address, rendered
by the advice renderers of the same format."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from aurora_cost.render.advice import advice_csv, advice_markdown, advice_table
from aurora_cost.render.cells import CsvWriter, md_cell
from aurora_cost.render.layout import wrap

if TYPE_CHECKING:
    from aurora_cost.advise.infra import InfraAdvice


def infra_advice_table(document: InfraAdvice, width: int = 100, color: bool = False) -> str:
    parts = [
        "\n".join(wrap(f"== {cluster.address} ({cluster.region})", width))
        + "\n"
        + advice_table(cluster.advice, width)
        for cluster in document.clusters
    ]
    return "\n".join(parts)


def infra_advice_markdown(document: InfraAdvice, width: int = 0, color: bool = False) -> str:
    parts = [
        f"## {md_cell(cluster.address)} ({md_cell(cluster.region)})\n\n"
        f"{advice_markdown(cluster.advice)}"
        for cluster in document.clusters
    ]
    return "\n".join(parts)


def infra_advice_csv(document: InfraAdvice, width: int = 0, color: bool = False) -> str:
    """One CSV: the advice's columns after a `cluster` column, one header for all."""
    out: list[str] = []
    for cluster in document.clusters:
        rows = advice_csv(cluster.advice).splitlines()
        if not out:
            out.append(f"cluster,{rows[0]}")
        out += [f"{_csv_cell(cluster.address)},{row}" for row in rows[1:]]
    return "".join(line + "\n" for line in out)


def _csv_cell(text: str) -> str:
    buffer = io.StringIO()
    CsvWriter(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()
