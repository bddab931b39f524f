"""One self-contained HTML page from a `Page`: Jinja2 with autoescape, inline CSS and SVG.

No script, no external stylesheet, font or image: the file opens offline, on a phone and
on paper. Every piece of user text (names, addresses, messages) is escaped by Jinja2's
autoescape, never marked safe.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from aurora_cost import __version__
from aurora_cost.errors import InputError
from aurora_cost.render.html.charts import Chart

INSTALL = "pip install 'aurora-cost[html]'"


@dataclass
class Cell:
    text: str
    number: bool = False  # right-aligned, tabular figures
    value: str | None = None  # the JSON's own value, kept in data-value
    strong: bool = False


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    caption: str = ""


@dataclass
class Section:
    heading: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # term, definition


@dataclass
class Page:
    title: str
    kind: str  # the document kind, on <body data-kind>
    subtitle: str = ""
    verdict: tuple[str, str] | None = None  # (good|bad, sentence)
    sections: list[Section] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    try:
        import jinja2
    except ImportError:
        raise InputError(f"--format html needs Jinja2, which is not installed: {INSTALL}") from None
    return jinja2.Environment(
        loader=jinja2.PackageLoader("aurora_cost.render.html", "templates"),
        autoescape=True,  # every value escaped, whatever the template's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(page: Page) -> str:
    template = _environment().get_template("page.html.j2")
    text: str = template.render(page=page, version=__version__)
    return text
