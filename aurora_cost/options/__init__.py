"""The ways to run a workload: one module per option kind, registered here.

Each kind is a Pydantic model subclassing `options.base.OptionBase` with a
`kind: Literal["<name>"]` field. The registry (`KINDS`, in registration order) builds the
workload file's schema: the discriminated union of every registered kind that `Workload`
validates `options:` against and that `aurora-cost schema workload` prints. A kind with
`advised = True` gives `advise` its own search space (`advice_space`).

To add a kind: write `options/<kind>.py` (simulate, bill_compute, fit, settings,
overridden; `advice_space` to be advised) and add its model to `BUILT_IN` below. A test or a
plug-in may `register_kind(model)` at run time and `unregister_kind(name)` after; the
workload model and its schema follow at once.

`Option` is the static union of the built-in kinds, for type checking only.
"""

from typing import Annotated, Any, Union, get_args

from pydantic import Field

from aurora_cost.options.base import OptionBase, OptionRun, Overrides
from aurora_cost.options.cluster import ClusterInstance, ClusterOption
from aurora_cost.options.provisioned import ProvisionedOption
from aurora_cost.options.serverless_v1 import ServerlessV1Option
from aurora_cost.options.serverless_v2 import ServerlessV2Option
from aurora_cost.registry import Registry

BUILT_IN: tuple[type[OptionBase], ...] = (
    ServerlessV1Option,
    ServerlessV2Option,
    ProvisionedOption,
    ClusterOption,
)

Option = Annotated[
    Union[ServerlessV1Option, ServerlessV2Option, ProvisionedOption, ClusterOption],  # noqa: UP007
    Field(discriminator="kind"),
]


def kind_name(model: type[OptionBase]) -> str:
    """The `kind:` a model answers to (its `kind: Literal[...]` field)."""
    field = model.model_fields.get("kind")
    names = get_args(field.annotation) if field is not None else ()
    if len(names) != 1 or not isinstance(names[0], str):
        raise ValueError(f"{model.__name__} needs one `kind: Literal['<name>']` field")
    return names[0]


KINDS: Registry[type[OptionBase]] = Registry("option kind", kind_name)  # in registration order
register_kind = KINDS.register
unregister_kind = KINDS.unregister
registered_kind = KINDS.registered
on_change = KINDS.on_change


def option_union() -> Any:
    """The type `options:` entries validate against: the registered kinds, by `kind`."""
    members = tuple(KINDS.values())
    if len(members) == 1:
        return members[0]
    return Annotated[Union[members], Field(discriminator="kind")]  # noqa: UP007


def advised_kinds() -> tuple[str, ...]:
    """The kinds advice searches, in registration order."""
    return tuple(name for name, model in KINDS.items() if model.advised)


for _model in BUILT_IN:
    register_kind(_model)

__all__ = [
    "BUILT_IN",
    "KINDS",
    "ClusterInstance",
    "ClusterOption",
    "Option",
    "OptionBase",
    "OptionRun",
    "Overrides",
    "ProvisionedOption",
    "ServerlessV1Option",
    "ServerlessV2Option",
    "advised_kinds",
    "kind_name",
    "on_change",
    "option_union",
    "register_kind",
    "registered_kind",
    "unregister_kind",
]
