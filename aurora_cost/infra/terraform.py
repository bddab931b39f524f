"""`terraform show -json PLANFILE` (format_version 1.x): the Aurora clusters of both sides.

The shape read here is Terraform's JSON output format ("JSON Output Format",
https://developer.hashicorp.com/terraform/internals/json-format): `planned_values` and
`prior_state.values` hold `root_module` with `resources` and nested `child_modules`;
`resource_changes` gives each resource's `change.actions`, `before`, `after` and
`after_unknown` (a mirror of `after` with `true` where a value is known only after
apply); `configuration` holds the unevaluated expressions, whose `references` link an
`aws_rds_cluster_instance` to its cluster when `cluster_identifier` is still unknown, and
`provider_config` the provider's `region`. A state (`terraform show -json` without a
plan) has `values` instead, and is read as its after side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from aurora_cost import shape
from aurora_cost.infra.model import (
    InfraCluster,
    InfraInstance,
    defined_cluster,
    engine_of,
    flag,
    instance_class,
    number,
    parameter_blockers,
    problem,
)
from aurora_cost.shape import ANY, STR, List, Obj, Ref, Shape
from aurora_cost.shown import brief

CLUSTER, INSTANCE = "aws_rds_cluster", "aws_rds_cluster_instance"
PARAMETER_GROUP, INTEGRATION = "aws_rds_cluster_parameter_group", "aws_rds_integration"
TYPES = (CLUSTER, INSTANCE, PARAMETER_GROUP, INTEGRATION)
_MODULE = re.compile(r'module\.([\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\.')
_RESOURCE = re.compile(r'([\w-]+)\.([\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?$')
_REFERENCE = re.compile(r'^aws_rds_cluster\.([\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?')
_V1_DEFAULTS = {"min_capacity": 1, "max_capacity": 16, "auto_pause": True}

# What this reader navigates, checked before it runs (`shape`).
_VALUES_MODULE: Shape = Obj(
    {
        "resources": List(Obj({"address": STR, "mode": STR, "type": STR, "values": Obj()})),
        "child_modules": List(Ref(lambda: _VALUES_MODULE)),
    }
)
_CONFIG_MODULE: Shape = Obj(
    {
        "resources": List(
            Obj(
                {
                    "address": STR,
                    "provider_config_key": STR,
                    "expressions": Obj({"cluster_identifier": Obj({"references": List(ANY)})}),
                }
            )
        ),
        "module_calls": Obj(each=Obj({"module": Ref(lambda: _CONFIG_MODULE)})),
    }
)
PLAN_SHAPE: Shape = Obj(
    {
        "planned_values": Obj({"root_module": _VALUES_MODULE}),
        "prior_state": Obj({"values": Obj({"root_module": _VALUES_MODULE})}),
        "values": Obj({"root_module": _VALUES_MODULE}),
        "resource_changes": List(
            Obj({"address": STR, "type": STR, "change": Obj({"actions": List(STR)})})
        ),
        "configuration": Obj(
            {
                "provider_config": Obj(each=Obj({"expressions": Obj({"region": Obj()})})),
                "root_module": _CONFIG_MODULE,
            }
        ),
    }
)


@dataclass
class Sides:
    """The clusters before and after the plan, and each resource's action."""

    before: list[InfraCluster]
    after: list[InfraCluster]
    actions: dict[str, str] = field(default_factory=dict)  # resource address -> action
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Resource:
    address: str
    module: str  # the module instance's address, '' for the root
    calls: tuple[str, ...]  # the module call names, for the configuration
    type: str
    name: str
    index: str | None
    values: dict[str, Any]
    unknown: Any = None  # after_unknown


def is_plan(document: dict[str, Any]) -> bool:
    return "format_version" in document and any(
        key in document for key in ("planned_values", "resource_changes", "values", "prior_state")
    )


def read_sides(document: dict[str, Any], path: str) -> Sides:
    _check_version(document, path)
    shape.check(document, PLAN_SHAPE, path, "'terraform show -json'")
    config = _Config(document.get("configuration") or {})
    changes = [c for c in document.get("resource_changes") or [] if isinstance(c, dict)]
    actions = {c.get("address", ""): _action(c) for c in changes}
    unknown = {c.get("address", ""): (c.get("change") or {}).get("after_unknown") for c in changes}
    if "planned_values" in document:
        after_root = (document.get("planned_values") or {}).get("root_module") or {}
        prior = document.get("prior_state") or {}
        before_root = (prior.get("values") or {}).get("root_module")
        before = (
            _walk(before_root, None, path)
            if before_root is not None
            else _from_changes(changes, "before", path)
        )
        after = _walk(after_root, unknown, path)
    else:  # a state: what runs now
        root = (document.get("values") or {}).get("root_module") or {}
        before, after = _walk(root, None, path), _walk(root, None, path)
    warnings: list[str] = []
    # Terraform 1.7+ `forget` (a `removed` block with destroy = false): Terraform stops
    # managing the resource, but it keeps running and billing, so it stays on the after side.
    forgotten = {
        str(c.get("address"))
        for c in changes
        if "forget" in ((c.get("change") or {}).get("actions") or [])
    }
    if forgotten:
        present = {r.address for r in after}
        kept = [r for r in before if r.address in forgotten and r.address not in present]
        after += kept
        for res in kept:
            actions[res.address] = "no-op"
            if res.type == CLUSTER:
                warnings.append(
                    f"{path}: {res.address}: forget: Terraform stops managing it, but the "
                    "cluster keeps running and billing; priced as it runs"
                )
    return Sides(
        before=_clusters(before, config, path, warnings, check_unknown=False),
        after=_clusters(after, config, path, warnings, check_unknown=True),
        actions=actions,
        warnings=warnings,
    )


def _check_version(document: dict[str, Any], path: str) -> None:
    version = document.get("format_version")
    major = str(version).split(".")[0]
    if not isinstance(version, str) or major != "1":
        raise problem(
            path,
            "(plan)",
            "format_version",
            f"{version!r} is not a version this aurora-cost reads (1.x); "
            "produce the file with Terraform 1.x 'terraform show -json PLANFILE'",
        )


def _action(change: dict[str, Any]) -> str:
    actions = (change.get("change") or {}).get("actions") or ["no-op"]
    if sorted(actions) == ["create", "delete"]:
        return "replace"
    return {"create": "create", "update": "update", "delete": "delete"}.get(actions[0], "no-op")


def _split(address: str) -> tuple[str, tuple[str, ...], str, str, str | None] | None:
    """(module instance, module call names, type, name, index) of a managed resource."""
    calls, position = [], 0
    while match := _MODULE.match(address, position):
        calls.append(match.group(1))
        position = match.end()
    rest = _RESOURCE.match(address, position)
    if rest is None or address.startswith("data.", position):
        return None
    return address[:position].rstrip("."), tuple(calls), rest[1], rest[2], rest[3]


def _parts(res: dict[str, Any], path: str) -> tuple[str, tuple[str, ...], str, str, str | None]:
    """The parts of an Aurora resource's address, or an error: an address that cannot be
    read (or names another type than the resource's) would drop the resource from the
    total, a silent wrong answer."""
    address = res.get("address")
    parts = _split(address) if isinstance(address, str) else None
    if parts is None or parts[2] != res.get("type"):
        raise problem(
            path,
            brief(address) if not isinstance(address, str) else address,
            "address",
            f"cannot be read as the address of a managed {res.get('type')} "
            "(module.NAME[KEY]. ... TYPE.NAME[KEY]), so the resource cannot be priced; "
            "produce the file again with 'terraform show -json PLANFILE'",
        )
    return parts


def _priced(res: dict[str, Any], path: str) -> bool:
    """Whether a resource is one of the Aurora resources read (managed, of a TYPE)."""
    if res.get("type") not in TYPES:
        return False
    mode = res.get("mode", "managed")
    address = str(res.get("address", ""))
    if mode == "data" and re.search(rf"(^|\.)data\.{res['type']}\.", address):
        return False  # a data source reads a resource that is priced where it is managed
    if mode != "managed":
        raise problem(
            path,
            address,
            "mode",
            f"{brief(mode)} is neither 'managed' nor a data source's 'data' (whose address "
            "starts with data.); produce the file again with 'terraform show -json PLANFILE'",
        )
    return True


def _walk(module: dict[str, Any], unknown: dict[str, Any] | None, path: str) -> list[_Resource]:
    out: list[_Resource] = []
    seen: set[str] = set()
    stack = [module]
    while stack:
        current = stack.pop()
        for res in current.get("resources") or []:
            if not _priced(res, path):
                continue
            parts = _parts(res, path)
            if res["address"] in seen:  # Terraform writes each once; twice would price twice
                raise problem(path, res["address"], "", "appears twice in one module tree; "
                              "produce the file again with 'terraform show -json PLANFILE'")  # fmt: skip
            seen.add(res["address"])
            known = unknown.get(res["address"]) if unknown is not None else None
            out.append(_Resource(res["address"], *parts, res.get("values") or {}, known))
        stack.extend(reversed(current.get("child_modules") or []))
    return out


def _from_changes(changes: list[dict[str, Any]], side: str, path: str) -> list[_Resource]:
    out = []
    for change in changes:
        values = (change.get("change") or {}).get(side)
        if isinstance(values, dict) and _priced(change, path):
            out.append(_Resource(change["address"], *_parts(change, path), values))
    return out


class _Config:
    """The `configuration` block: expressions by (module calls, type.name), providers."""

    def __init__(self, configuration: dict[str, Any]) -> None:
        self.providers: dict[str, Any] = configuration.get("provider_config") or {}
        self.resources: dict[tuple[tuple[str, ...], str], dict[str, Any]] = {}
        stack: list[tuple[tuple[str, ...], dict[str, Any]]] = [
            ((), configuration.get("root_module") or {})
        ]
        while stack:
            calls, module = stack.pop()
            for res in module.get("resources") or []:
                self.resources[(calls, str(res.get("address")))] = res
            for name, call in (module.get("module_calls") or {}).items():
                stack.append(((*calls, name), call.get("module") or {}))

    def resource(self, res: _Resource) -> dict[str, Any]:
        return self.resources.get((res.calls, f"{res.type}.{res.name}"), {})

    def configured(self, res: _Resource, attribute: str) -> bool:
        """Whether the configuration sets the attribute (else AWS's default applies)."""
        expressions: Any = self.resource(res).get("expressions") or {}
        for part in attribute.split("."):
            if isinstance(expressions, list):
                expressions = expressions[0] if expressions else {}
            if not isinstance(expressions, dict) or part not in expressions:
                return False
            expressions = expressions[part]
        return True

    def references(self, res: _Resource, attribute: str) -> list[str]:
        expression = (self.resource(res).get("expressions") or {}).get(attribute) or {}
        return [str(r) for r in expression.get("references") or []]

    def region(self, res: _Resource) -> str | None:
        key = self.resource(res).get("provider_config_key") or "aws"
        for candidate in (key, key.split(":")[-1], "aws"):
            provider = self.providers.get(candidate)
            if provider:
                value = ((provider.get("expressions") or {}).get("region") or {}).get(
                    "constant_value"
                )
                return value if isinstance(value, str) and value else None
        return None


class _Values:
    """A resource's values, refusing a pricing-relevant one that is unknown until apply."""

    def __init__(self, res: _Resource, config: _Config, path: str, check: bool) -> None:
        self.res, self.config, self.path, self.check = res, config, path, check

    def get(self, attribute: str, default: Any = None) -> Any:
        value: Any = self.res.values
        unknown: Any = self.res.unknown
        for part in attribute.split("."):
            if isinstance(value, list):
                value = value[0] if value else None
                unknown = unknown[0] if isinstance(unknown, list) and unknown else unknown
            value = value.get(part) if isinstance(value, dict) else None
            unknown = unknown.get(part) if isinstance(unknown, dict) else unknown is True
        if self.check and unknown is True:
            if not self.config.configured(self.res, attribute):
                return default  # not set: AWS's default
            raise problem(
                self.path,
                self.res.address,
                attribute,
                "the value is known only after apply, and the cost depends on it; set it to "
                "a constant (or a variable with a value) in the configuration",
            )
        return default if value is None or value == "" else value


def _clusters(
    resources: list[_Resource],
    config: _Config,
    path: str,
    warnings: list[str],
    *,
    check_unknown: bool,
) -> list[InfraCluster]:
    clusters = {r.address: r for r in resources if r.type == CLUSTER}
    members: dict[str, list[InfraInstance]] = {address: [] for address in clusters}
    index = _ClusterIndex(clusters)  # linking by lookup: linear in the plan's resources
    for res in resources:
        if res.type != INSTANCE:
            continue
        values = _Values(res, config, path, check_unknown)
        owner = _owner(res, values, index, config, path)
        if owner is None:
            warnings.append(
                f"{path}: {res.address}: its cluster is not in the plan; the instance is not priced"
            )
            continue
        tier = values.get("promotion_tier", 0)
        members[owner].append(
            InfraInstance(
                res.address,
                instance_class(values.get("instance_class"), path, res.address, "instance_class"),
                int(number(tier, path, res.address, "promotion_tier")),
            )
        )
    out = []
    related = _Related(resources, config)
    for res in clusters.values():
        cluster = _cluster(res, _Values(res, config, path, check_unknown), config, path, members)
        if cluster is not None:
            blockers = _pause_blockers(res, related, config)
            out.append(replace(cluster, pause_blockers=tuple(blockers)))
    return out


class _Related:
    """Parameter groups and zero-ETL integrations, indexed once (a plan of many clusters
    is read in linear time): groups by name and by (module, name); integrations by
    source ARN and by the (module, cluster name) their configuration refers to."""

    def __init__(self, resources: list[_Resource], config: _Config) -> None:
        self.groups_by_name: dict[Any, list[_Resource]] = {}
        self.groups_by_ref: dict[tuple[str, str], list[_Resource]] = {}
        self.integrations_by_arn: dict[Any, list[_Resource]] = {}
        self.integrations_by_ref: dict[tuple[str, str], list[_Resource]] = {}
        for res in resources:
            if res.type == PARAMETER_GROUP:
                name = res.values.get("name")
                if isinstance(name, str) and name:
                    self.groups_by_name.setdefault(name, []).append(res)
                self.groups_by_ref.setdefault((res.module, res.name), []).append(res)
            elif res.type == INTEGRATION:
                arn = res.values.get("source_arn")
                if isinstance(arn, str) and arn:
                    self.integrations_by_arn.setdefault(arn, []).append(res)
                for reference in config.references(res, "source_arn"):
                    parts = reference.split(".")
                    if parts[0] == CLUSTER and len(parts) > 1:
                        self.integrations_by_ref.setdefault((res.module, parts[1]), []).append(res)


def _pause_blockers(cluster: _Resource, related: _Related, config: _Config) -> list[str]:
    """What the plan shows keeps min 0 from pausing: the cluster parameter group's
    binlog_format / rds.logical_replication / rds.babelfish_status, a Global Database
    (global_cluster_identifier) and a zero-ETL integration (aws_rds_integration)."""
    found: list[str] = []
    group_name = cluster.values.get("db_cluster_parameter_group_name")
    groups = list(related.groups_by_name.get(group_name, [])) if isinstance(group_name, str) else []
    for reference in config.references(cluster, "db_cluster_parameter_group_name"):
        parts = reference.split(".")
        if parts[0] == PARAMETER_GROUP and len(parts) > 1:
            groups += related.groups_by_ref.get((cluster.module, parts[1]), [])
    for res in {id(g): g for g in groups}.values():  # each group once
        parameters = {
            str(p.get("name")): p.get("value")
            for p in res.values.get("parameter") or []
            if isinstance(p, dict)
        }
        found += parameter_blockers(parameters)
    arn = cluster.values.get("arn")
    integrations = related.integrations_by_arn.get(arn, []) if isinstance(arn, str) and arn else []
    if integrations or related.integrations_by_ref.get((cluster.module, cluster.name)):
        found.append("zero-etl")
    if cluster.values.get("global_cluster_identifier"):
        found.append("global-database")
    return list(dict.fromkeys(found))


class _ClusterIndex:
    """The clusters by identifier (or id) and by (module, name), built once."""

    def __init__(self, clusters: dict[str, _Resource]) -> None:
        self.by_identifier: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], list[_Resource]] = {}
        for address, cluster in clusters.items():
            for key in (cluster.values.get("cluster_identifier"), cluster.values.get("id")):
                if isinstance(key, str) and key:
                    self.by_identifier.setdefault(key, address)  # the first defined wins
            self.by_name.setdefault((cluster.module, cluster.name), []).append(cluster)


def _owner(
    res: _Resource, values: _Values, index: _ClusterIndex, config: _Config, path: str
) -> str | None:
    """The address of the instance's cluster: by identifier, else by the configuration."""
    raw = res.values.get("cluster_identifier")
    if isinstance(raw, str) and raw and raw in index.by_identifier:
        return index.by_identifier[raw]
    for reference in config.references(res, "cluster_identifier"):
        match = _REFERENCE.match(reference)
        if not match:
            continue
        same = index.by_name.get((res.module, match[1]), [])
        chosen = [c for c in same if c.index == match[2]] if match[2] else same
        if len(chosen) > 1:
            chosen = [c for c in chosen if c.index == res.index]
        if len(chosen) == 1:
            return chosen[0].address
        raise problem(
            path,
            res.address,
            "cluster_identifier",
            f"refers to {reference}, which is {len(chosen) or 'no'} cluster(s) of the plan; "
            "cannot tell which cluster the instance belongs to",
        )
    if raw is None and isinstance(res.unknown, dict) and res.unknown.get("cluster_identifier"):
        raise problem(
            path,
            res.address,
            "cluster_identifier",
            "known only after apply, and the configuration does not refer to an "
            "aws_rds_cluster of the same module; cannot tell which cluster it belongs to",
        )
    return None


def _cluster(
    res: _Resource,
    values: _Values,
    config: _Config,
    path: str,
    members: dict[str, list[InfraInstance]],
) -> InfraCluster | None:
    address = res.address
    engine_name = values.get("engine", "aurora")
    engine = engine_of(engine_name, path, address, "engine")
    if engine is None:
        return None  # a Multi-AZ DB cluster of RDS MySQL/PostgreSQL, not Aurora
    attrs: dict[str, tuple[str, Any]] = {"engine": ("engine", engine_name)}
    mode = values.get("engine_mode", "provisioned")
    attrs["engine_mode"] = ("engine_mode", mode)
    region = values.get("region") or config.region(res)
    fields: dict[str, Any] = {}
    if mode == "serverless":
        prefix = "scaling_configuration"
        for key in ("min_capacity", "max_capacity", "auto_pause", "seconds_until_auto_pause"):
            value = values.get(f"{prefix}.{key}", _V1_DEFAULTS.get(key))
            attrs[key] = (f"{prefix}.{key}", value)
        fields.update(
            v1=True,
            min_acu=number(attrs["min_capacity"][1], path, address, f"{prefix}.min_capacity"),
            max_acu=number(attrs["max_capacity"][1], path, address, f"{prefix}.max_capacity"),
            v1_auto_pause=flag(attrs["auto_pause"][1], path, address, f"{prefix}.auto_pause"),
        )
        pause = attrs["seconds_until_auto_pause"][1]
    else:
        prefix = "serverlessv2_scaling_configuration"
        for key in ("min_capacity", "max_capacity", "seconds_until_auto_pause"):
            attrs[key] = (f"{prefix}.{key}", values.get(f"{prefix}.{key}"))
        low, high = attrs["min_capacity"][1], attrs["max_capacity"][1]
        if low is not None:
            fields["min_acu"] = number(low, path, address, f"{prefix}.min_capacity")
        if high is not None:
            fields["max_acu"] = number(high, path, address, f"{prefix}.max_capacity")
        pause = attrs["seconds_until_auto_pause"][1]
    if pause is not None:
        fields["seconds_until_auto_pause"] = int(
            number(pause, path, address, attrs["seconds_until_auto_pause"][0])
        )
    return defined_cluster(
        address=address,
        path=path,
        format="terraform",
        region=region if isinstance(region, str) else None,
        engine=engine,
        settings=values,
        written=res.values,  # a version known only after apply: AWS's default
        attrs=attrs,
        fields=fields,
        instances=tuple(members.get(address, [])),
    )
