"""`aws rds describe-db-clusters` output, with `describe-db-instances` output for the classes.

describe-db-clusters lists each cluster's members (`DBClusterMembers`: identifier,
`IsClusterWriter`, `PromotionTier`) but not their instance classes; those come from
`aws rds describe-db-instances` output, given as another --infra file. The region is the
one in the cluster's ARN (`arn:aws:rds:<region>:<account>:cluster:<name>`).
"""

from __future__ import annotations

from typing import Any

from aurora_cost import shape
from aurora_cost.infra.model import (
    IO_OPTIMIZED_STORAGE,
    InfraCluster,
    InfraInstance,
    engine_of,
    flag,
    instance_class,
    number,
    problem,
    versioned,
)
from aurora_cost.shape import List, Obj, Shape

_SCALING = Obj()
CLUSTERS_SHAPE: Shape = Obj(
    {
        "DBClusters": List(
            Obj(
                {
                    "ServerlessV2ScalingConfiguration": _SCALING,
                    "ScalingConfigurationInfo": _SCALING,
                    "DBClusterMembers": List(Obj()),
                }
            )
        ),
        "DBInstances": List(Obj()),
    }
)


def check_shape(document: dict[str, Any], path: str) -> None:
    shape.check(document, CLUSTERS_SHAPE, path, "'aws rds describe-db-clusters'")


def is_clusters(document: dict[str, Any]) -> bool:
    return isinstance(document.get("DBClusters"), list)


def is_instances(document: dict[str, Any]) -> bool:
    return isinstance(document.get("DBInstances"), list)


def instance_classes(document: dict[str, Any]) -> dict[str, str]:
    """DBInstanceIdentifier -> DBInstanceClass of a describe-db-instances output (its
    shape is checked when the file is read: `check_shape`)."""
    return {
        str(i.get("DBInstanceIdentifier")): str(i.get("DBInstanceClass"))
        for i in document["DBInstances"]
        if isinstance(i, dict)
    }


def _region(arn: Any) -> str | None:
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[3] if len(parts) > 3 and parts[0] == "arn" and parts[3] else None


def read_clusters(
    document: dict[str, Any], path: str, classes: dict[str, str]
) -> list[InfraCluster]:
    check_shape(document, path)
    out = []
    for index, raw in enumerate(document["DBClusters"]):
        if not isinstance(raw, dict):
            continue
        address = str(raw.get("DBClusterIdentifier") or f"DBClusters[{index}]")
        engine_name = raw.get("Engine")
        engine = engine_of(engine_name, path, address, "Engine")
        if engine is None:
            continue
        mode = raw.get("EngineMode") or "provisioned"
        attrs: dict[str, tuple[str, Any]] = {
            "engine": ("Engine", engine_name),
            "engine_mode": ("EngineMode", mode),
        }
        fields: dict[str, Any] = {}
        names: tuple[str, ...]
        if mode == "serverless":
            block, names = (
                "ScalingConfigurationInfo",
                ("MinCapacity", "MaxCapacity", "AutoPause", "SecondsUntilAutoPause"),
            )
            fields["v1"] = True
        else:
            block, names = (
                "ServerlessV2ScalingConfiguration",
                ("MinCapacity", "MaxCapacity", "SecondsUntilAutoPause"),
            )
        scaling = raw.get(block) or {}
        keys = {"MinCapacity": "min_capacity", "MaxCapacity": "max_capacity",
                "AutoPause": "auto_pause", "SecondsUntilAutoPause": "seconds_until_auto_pause"}  # fmt: skip
        for name in names:
            attrs[keys[name]] = (f"{block}.{name}", scaling.get(name))
        for name, field_name in (("MinCapacity", "min_acu"), ("MaxCapacity", "max_acu")):
            if scaling.get(name) is not None:
                fields[field_name] = number(scaling[name], path, address, f"{block}.{name}")
        if scaling.get("SecondsUntilAutoPause") is not None:
            where = f"{block}.SecondsUntilAutoPause"
            fields["seconds_until_auto_pause"] = int(
                number(scaling["SecondsUntilAutoPause"], path, address, where)
            )
        if mode == "serverless" and scaling.get("AutoPause") is not None:
            fields["v1_auto_pause"] = flag(
                scaling["AutoPause"], path, address, f"{block}.AutoPause"
            )
        storage = raw.get("StorageType") or "aurora"
        versioned("aws-cli", raw, fields, attrs)
        attrs.update(
            storage_type=("StorageType", storage),
            backtrack_window=("BacktrackWindow", raw.get("BacktrackWindow") or 0),
            data_api=("HttpEndpointEnabled", bool(raw.get("HttpEndpointEnabled"))),
        )
        out.append(
            InfraCluster(
                address=address,
                source=path,
                format="aws-cli",
                region=_region(raw.get("DBClusterArn")),
                engine=engine,
                storage="io-optimized" if storage == IO_OPTIMIZED_STORAGE else "standard",
                backtrack_window=int(
                    number(attrs["backtrack_window"][1], path, address, "BacktrackWindow")
                ),
                data_api=bool(raw.get("HttpEndpointEnabled")),
                instances=_members(raw, address, path, classes),
                # a Global Database member cannot pause, and its replicated writes are billed
                pause_blockers=("global-database",) if raw.get("GlobalClusterIdentifier") else (),
                attributes=attrs,
                **fields,
            )
        )
    return out


def _members(
    raw: dict[str, Any], address: str, path: str, classes: dict[str, str]
) -> tuple[InfraInstance, ...]:
    members = []
    for index, member in enumerate(raw.get("DBClusterMembers") or []):
        name = str(member.get("DBInstanceIdentifier"))
        where = f"DBClusterMembers[{index}]"
        if name not in classes:
            raise problem(
                path,
                address,
                f"{where}.DBInstanceClass",
                f"instance {name!r} is not in any describe-db-instances output; add "
                "'aws rds describe-db-instances' output as another --infra file",
            )
        members.append(
            InfraInstance(
                name,
                instance_class(classes[name], path, name, "DBInstanceClass"),
                int(
                    number(member.get("PromotionTier", 1), path, address, f"{where}.PromotionTier")
                ),
                writer=bool(member.get("IsClusterWriter")),
            )
        )
    return tuple(members)
