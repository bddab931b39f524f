"""The ways to run a workload: one module per option kind, registered here.

Each kind is a model subclassing `options.base.OptionBase`; `Option` is the union the
workload file validates against (the `kind` key chooses). Adding a kind means writing its
module and adding its model to `KINDS`.
"""

from typing import Annotated, Union

from pydantic import Field

from aurora_cost.options.base import OptionBase, OptionRun, Overrides
from aurora_cost.options.cluster import ClusterInstance, ClusterOption
from aurora_cost.options.provisioned import ProvisionedOption
from aurora_cost.options.serverless_v1 import ServerlessV1Option
from aurora_cost.options.serverless_v2 import ServerlessV2Option

KINDS: tuple[type[OptionBase], ...] = (
    ServerlessV1Option,
    ServerlessV2Option,
    ProvisionedOption,
    ClusterOption,
)

Option = Annotated[
    Union[ServerlessV1Option, ServerlessV2Option, ProvisionedOption, ClusterOption],  # noqa: UP007
    Field(discriminator="kind"),
]

__all__ = [
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
]
