"""Models whose fields follow a registry (the charges' rates, the option kinds).

Pydantic keeps a model's fields in `__pydantic_fields__`; a registry that changes replaces
them here and the model is rebuilt (or built on first use, `defer_build`), so a charge or
a kind registered at run time is validated like a built-in one.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def replace_fields(model: type[BaseModel], fields: dict[str, FieldInfo]) -> None:
    model.__pydantic_fields__ = fields
    if model.__pydantic_complete__:  # built already; else built on first use (defer_build)
        model.model_rebuild(force=True)


def retype(model: type[BaseModel], name: str, annotation: object) -> None:
    """Field `name` of `model` with a new type; its default and constraints kept."""
    old = model.__pydantic_fields__[name]
    info = FieldInfo.merge_field_infos(old, annotation=annotation)
    replace_fields(model, {**model.__pydantic_fields__, name: info})
