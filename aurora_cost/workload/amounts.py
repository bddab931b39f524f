"""The workload's monthly amounts as model fields, following the charges that declare them.

Each charge declares the amounts it bills (`charges.Amount`); the workload file and every
entry of a `--usage` file take them as keys, in bill order, so a charge registered at run
time adds its key to both (and to `aurora-cost schema workload`).
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo

from aurora_cost import charges
from aurora_cost.modelfields import replace_fields


def amount_field(amount: charges.Amount, *, given_or_none: bool = False) -> FieldInfo:
    """The field of one amount: its bounds and doc; its default, or None (`given_or_none`:
    a usage entry's key that is absent unless given)."""
    number = Annotated[float, Field(ge=amount.ge, le=amount.le, allow_inf_nan=False)]
    nullable = given_or_none or bool(amount.unknown)
    annotation: object = Optional[number] if nullable else number  # noqa: UP045 (a runtime type)
    description = amount.doc + (f"; null: {amount.unknown}" if amount.unknown else "")
    default = None if given_or_none else amount.default
    return FieldInfo.from_annotated_attribute(
        annotation,  # type: ignore[arg-type]
        Field(default, description=description, json_schema_extra={"unit": amount.unit}),
    )


def follow_amounts(
    model: type[BaseModel],
    after: str,
    *,
    given_or_none: bool = False,
    holders: tuple[type[BaseModel], ...] = (),
) -> None:
    """Keep `model`'s amount fields those the charges declare, placed after field `after`;
    called now and whenever a charge is registered or unregistered. `holders`: the models
    with a field of `model`, rebuilt too (Pydantic copies a nested model's schema)."""
    placed: set[str] = set()

    def follow() -> None:
        declared = {a.key: amount_field(a, given_or_none=given_or_none) for a in charges.amounts()}
        fields: dict[str, FieldInfo] = {}
        for name, info in model.__pydantic_fields__.items():
            if name in placed:
                continue  # an amount: placed again below, if still declared
            fields[name] = info
            if name == after:
                fields.update(declared)
        placed.clear()
        placed.update(declared)
        replace_fields(model, fields)
        for holder in holders:
            if holder.__pydantic_complete__:
                holder.model_rebuild(force=True)

    charges.on_change(follow)
