"""One Aurora cluster as an infrastructure file defines it, whatever the file's format.

The readers (`terraform`, `cloudformation`, `awscli`) each turn their format into
`InfraCluster`s; everything after them (usage, pricing, diff) sees only this shape.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from aurora_cost.errors import InputError
from aurora_cost.shown import brief, printable

MAX_NUMBER = 1e15  # far above any capacity, count or window AWS allows

Engine = Literal["mysql", "postgresql"]
SERVERLESS_CLASS = "db.serverless"
IO_OPTIMIZED_STORAGE = "aurora-iopt1"

# The engine names AWS uses for Aurora (`aurora` is Aurora MySQL 5.6, long retired).
ENGINES: dict[str, Engine] = {
    "aurora": "mysql",
    "aurora-mysql": "mysql",
    "aurora-postgresql": "postgresql",
}


@dataclass(frozen=True)
class InfraInstance:
    """One DB instance of a cluster: its class and its failover promotion tier."""

    address: str
    instance_class: str
    promotion_tier: int = 1
    writer: bool | None = None  # known only from describe output (IsClusterWriter)

    @property
    def serverless(self) -> bool:
        return self.instance_class == SERVERLESS_CLASS


@dataclass(frozen=True)
class InfraCluster:
    """An Aurora cluster with what its bill depends on.

    `attributes` keeps each pricing-relevant value under a stable key with the name the
    source file gives it, so that a diff can say `<source name>: old -> new`.
    """

    address: str
    source: str
    format: str  # its reader's name (`infra/formats.py`)
    region: str | None
    engine: Engine
    v1: bool = False  # engine_mode serverless: Aurora Serverless v1
    min_acu: float | None = None
    max_acu: float | None = None
    seconds_until_auto_pause: int | None = None
    v1_auto_pause: bool = True
    storage: Literal["standard", "io-optimized"] = "standard"
    backtrack_window: int = 0
    data_api: bool = False
    instances: tuple[InfraInstance, ...] = ()
    engine_version: str | None = None  # AWS's EngineVersion as the file gives it
    lifecycle_support: str | None = None  # EngineLifecycleSupport
    pause_blockers: tuple[str, ...] = ()  # what the definition shows keeps min 0 awake
    # a Serverless v1 definition priced as the Serverless v2 cluster AWS migrated it to
    # (`infra/v1_migration.py`): what to tell the user about it
    v1_migrated: str | None = None
    attributes: dict[str, tuple[str, Any]] = field(default_factory=dict, compare=False)

    @property
    def writer(self) -> InfraInstance | None:
        """The writer: the one describe output marks, else the first instance defined."""
        marked = [i for i in self.instances if i.writer]
        return marked[0] if marked else (self.instances[0] if self.instances else None)

    @property
    def readers(self) -> list[InfraInstance]:
        writer = self.writer
        return [i for i in self.instances if i is not writer]


# Cluster parameters that keep a Serverless v2 instance from pausing (Aurora User Guide,
# "Scaling to Zero ACUs with automatic pause and resume"), and the pause blocker each means.
def parameter_blockers(parameters: dict[str, Any]) -> list[str]:
    """The pause blockers a cluster parameter group's values show (names case-insensitive)."""
    values = {str(k).lower(): str(v).strip().lower() for k, v in parameters.items()}
    found = []
    if values.get("binlog_format", "off") not in ("off", ""):
        found.append("binlog-replication")
    if values.get("rds.logical_replication") in ("1", "on", "true"):
        found.append("logical-replication")
    if values.get("rds.babelfish_status") == "on":
        found.append("babelfish")
    return found


def problem(path: str, address: str, attribute: str, message: str) -> InputError:
    """The one wording of a problem in an infrastructure file: file, address, attribute."""
    where = f"{path}: {printable(address)}" + (f": {attribute}" if attribute else "")
    return InputError(f"{where}: {message}")


def engine_of(value: Any, path: str, address: str, attribute: str) -> Engine | None:
    """`aurora-mysql` -> mysql; None for an engine that is not Aurora (skipped)."""
    if not isinstance(value, str):
        raise problem(path, address, attribute, f"{brief(value)} is not an engine name")
    return ENGINES.get(value)


def number(value: Any, path: str, address: str, attribute: str) -> float:
    """A capacity or count as a float; text such as "0.5" (CloudFormation) is read too."""
    if isinstance(value, bool):
        raise problem(path, address, attribute, f"{brief(value)} is not a number")
    found: float | None = None
    if isinstance(value, (int, float)):
        try:
            found = float(value)
        except OverflowError:  # an integer beyond any float
            found = math.inf
    elif isinstance(value, str) and len(value) <= 40:
        with contextlib.suppress(ValueError):
            found = float(value)
    if found is None:
        raise problem(path, address, attribute, f"{brief(value)} is not a number")
    if not math.isfinite(found) or abs(found) > MAX_NUMBER:
        raise problem(
            path, address, attribute, f"{brief(value)} is not a finite number of a sane size"
        )
    return found


def flag(value: Any, path: str, address: str, attribute: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise problem(path, address, attribute, f"{brief(value)} is not true or false")


def instance_class(value: Any, path: str, address: str, attribute: str) -> str:
    if value == SERVERLESS_CLASS:
        return SERVERLESS_CLASS
    if not isinstance(value, str) or not value.startswith("db.") or value.count(".") != 2:
        raise problem(path, address, attribute, f"{brief(value)} is not an instance class name")
    return value


class Settings(Protocol):
    """A definition's values by dotted attribute name (a plan's values, a template's
    properties), each reader refusing a value it cannot know."""

    def get(self, attribute: str, default: Any = None) -> Any: ...


# Where each format names the cluster attributes every reader handles alike.
CLUSTER_NAMES: dict[str, tuple[str, str, str]] = {
    "terraform": ("storage_type", "backtrack_window", "enable_http_endpoint"),
    "cloudformation": ("StorageType", "BacktrackWindow", "EnableHttpEndpoint"),
}
# ... and its engine version and Extended Support choice (AWS's EngineLifecycleSupport).
VERSION_NAMES: dict[str, tuple[str, str]] = {
    "terraform": ("engine_version", "engine_lifecycle_support"),
    "cloudformation": ("EngineVersion", "EngineLifecycleSupport"),
    "aws-cli": ("EngineVersion", "EngineLifecycleSupport"),
}


def versioned(
    format: str, written: Mapping[str, Any], fields: dict[str, Any], attrs: dict[str, Any]
) -> None:
    """Set the cluster's engine version and lifecycle support from the values as written
    (`written`): one given otherwise (an expression, known only at deploy or after apply)
    or not at all is AWS's default (the newest major, enrolled in Extended Support)."""
    version_name, lifecycle_name = VERSION_NAMES[format]
    version, lifecycle = written.get(version_name), written.get(lifecycle_name)
    fields["engine_version"] = version if isinstance(version, str) and version else None
    fields["lifecycle_support"] = lifecycle if isinstance(lifecycle, str) and lifecycle else None
    attrs.update(
        engine_version=(version_name, fields["engine_version"]),
        engine_lifecycle_support=(lifecycle_name, fields["lifecycle_support"]),
    )


def defined_cluster(
    *,
    address: str,
    path: str,
    format: str,
    region: str | None,
    engine: Engine,
    settings: Settings,
    written: Mapping[str, Any],
    attrs: dict[str, tuple[str, Any]],
    fields: dict[str, Any],
    instances: tuple[InfraInstance, ...],
) -> InfraCluster:
    """The cluster a definition (a plan's values, a template's properties) describes: its
    storage type, backtrack window, Data API and engine version read the same way whatever
    the format (`settings` refuses a pricing value the file does not tell; `written` is the
    values as written, for the version, which defaults instead); `attrs` and `fields` hold
    what the format's reader found about engine and scaling."""
    storage_name, backtrack_name, data_api_name = CLUSTER_NAMES[format]
    storage = settings.get(storage_name, "aurora")
    backtrack = settings.get(backtrack_name, 0)
    data_api = settings.get(data_api_name, False)
    attrs.update(
        storage_type=(storage_name, storage),
        backtrack_window=(backtrack_name, backtrack),
        data_api=(data_api_name, data_api),
    )
    versioned(format, written, fields, attrs)
    return InfraCluster(
        address=address,
        source=path,
        format=format,
        region=region,
        engine=engine,
        storage="io-optimized" if storage == IO_OPTIMIZED_STORAGE else "standard",
        backtrack_window=int(number(backtrack, path, address, backtrack_name)),
        data_api=flag(data_api, path, address, data_api_name),
        instances=instances,
        attributes=attrs,
        **fields,
    )
