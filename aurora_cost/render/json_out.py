"""`--format json` for every document kind: the document as its JSON contract says.

The one JSON renderer: every document (a pydantic model, or a `Listing`) knows how to dump
itself; this module imports neither Rich nor any document model.
"""

from __future__ import annotations

from typing import Protocol


class JsonDocument(Protocol):
    def model_dump_json(self, *, indent: int) -> str: ...


def render_json(document: JsonDocument, width: int = 0, color: bool = False) -> str:
    return document.model_dump_json(indent=2) + "\n"
