"""CloudFormation templates (JSON or YAML, `cdk synth` output included): their Aurora clusters.

`AWS::RDS::DBCluster` is a cluster; `AWS::RDS::DBInstance` with `DBClusterIdentifier:
!Ref <cluster>` is one of its instances (an instance with no cluster is RDS, not Aurora,
and is skipped). Property names are those of the CloudFormation reference
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbcluster.html).
A template names no region: the region comes from --region or the environment.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml

from aurora_cost import shape, yamlio
from aurora_cost.errors import InputError
from aurora_cost.infra.cfn_conditions import Conditions, parameter_overrides
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
from aurora_cost.shape import ANY, STR, Obj, Shape
from aurora_cost.shown import brief, printable

CLUSTER, INSTANCE = "AWS::RDS::DBCluster", "AWS::RDS::DBInstance"
PARAMETER_GROUP, INTEGRATION = "AWS::RDS::DBClusterParameterGroup", "AWS::RDS::Integration"


class TemplateLoader(yamlio.Loader):
    """The safe loader plus CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub` ...).

    Why a constructor and not cfn-lint's or cfn-flip's loader: reading a template needs
    only each `!Tag value` turned into its long JSON form (`{"Ref": value}`,
    `{"Fn::GetAtt": [...]}`); that is a dozen lines on PyYAML, which aurora-cost already
    depends on, where cfn-lint would add a large dependency tree for a feature we do not use
    (linting). A subclass of `yamlio`'s loader, so a template gets the same bounds as every
    YAML file: aliases expand to at most 100,000 values, and a key given twice is an error
    (CloudFormation itself refuses duplicate keys).
    """


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)  # !GetAtt A.B is Fn::GetAtt: [A, B]
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    name = suffix if suffix in ("Ref", "Condition") else f"Fn::{suffix}"
    return {name: value}


TemplateLoader.add_multi_constructor("!", _intrinsic)


def parse_yaml_template(text: str, path: str) -> Any:
    return yamlio.parse_yaml(text, path, InputError, TemplateLoader)


def is_template(document: dict[str, Any]) -> bool:
    return isinstance(document.get("Resources"), dict)


def _intrinsic_name(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        (key,) = value
        if key == "Ref" or key.startswith("Fn::"):
            return str(key)
    return None


class _Props:
    """A resource's Properties as a deploy gets them (`Fn::If` of a decided condition, `Ref`
    to a parameter given by --var or its Default), refusing a pricing-relevant value still
    hidden behind an intrinsic."""

    def __init__(
        self, logical_id: str, resource: dict[str, Any], path: str, conditions: Conditions
    ) -> None:
        self.id, self.path, self.conditions = logical_id, path, conditions
        self.props: dict[str, Any] = resource.get("Properties") or {}

    def get(self, attribute: str, default: Any = None) -> Any:
        value: Any = self.props
        for part in attribute.split("."):
            value = (
                value.get(part) if isinstance(value, dict) and not _intrinsic_name(value) else value
            )
            value = self.conditions.decided(value)
            if _intrinsic_name(value):
                shown = _intrinsic_name(value)
                fix = "write the value in the template"
                if shown in ("Ref", "Fn::If"):
                    fix = "give the parameters it depends on with --var NAME=VALUE, or " + fix
                raise problem(
                    self.path,
                    self.id,
                    attribute,
                    f"the value is given by {shown} ({_short(value)}), known only at deploy, "
                    f"and the cost depends on it; {fix}",
                )
            if value is None:
                return default
        return value


def _short(value: Any) -> str:
    inner = next(iter(value.values()))
    return printable(inner if isinstance(inner, str) and len(inner) <= 60 else brief(inner))


TEMPLATE_SHAPE: Shape = Obj(
    {
        "Resources": Obj(each=Obj({"Type": STR, "Properties": Obj(), "Condition": STR})),
        "Parameters": Obj(each=Obj()),
        "Conditions": Obj(each=ANY),
    }
)


def read_template(
    document: dict[str, Any], path: str, assignments: tuple[str, ...] = ()
) -> tuple[list[InfraCluster], list[str]]:
    """The template's clusters, and a warning for each one (or instance) under a Condition."""
    shape.check(document, TEMPLATE_SHAPE, path, "a CloudFormation template")
    resources: dict[str, Any] = document["Resources"]
    parameters = document.get("Parameters") or {}
    conditions = Conditions(
        path,
        document.get("Conditions") or {},
        parameters,
        parameter_overrides(assignments, parameters, path),
    )
    warnings: list[str] = []

    def deployed(logical_id: str, resource: dict[str, Any]) -> bool:
        name = resource.get("Condition")
        if name is None:
            return True
        holds, note = _conditional(conditions, name)
        warnings.append(f"{path}: {printable(logical_id)}: {note}")
        return holds is not False

    members: dict[str, list[InfraInstance]] = {}
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != INSTANCE:
            continue
        if not deployed(logical_id, resource):
            continue
        props = resource.get("Properties") or {}
        target = props.get("DBClusterIdentifier")
        owner = target.get("Ref") if isinstance(target, dict) else target
        if owner is None:
            continue  # an RDS instance outside any cluster: not Aurora
        if not isinstance(owner, str) or owner not in resources:
            raise problem(
                path,
                logical_id,
                "DBClusterIdentifier",
                "must be !Ref to an AWS::RDS::DBCluster of this template, to know its cluster",
            )
        values = _Props(logical_id, resource, path, conditions)
        tier = values.get("PromotionTier", 1)
        members.setdefault(owner, []).append(
            InfraInstance(
                logical_id,
                instance_class(values.get("DBInstanceClass"), path, logical_id, "DBInstanceClass"),
                int(number(tier, path, logical_id, "PromotionTier")),
            )
        )
    out = []
    for logical_id, resource in resources.items():
        if isinstance(resource, dict) and resource.get("Type") == CLUSTER:
            if not deployed(logical_id, resource):
                continue
            cluster = _cluster(
                logical_id, _Props(logical_id, resource, path, conditions), path, members
            )
            if cluster is not None:
                blockers = _pause_blockers(cluster, resource, resources)
                out.append(replace(cluster, pause_blockers=blockers))
    return out, warnings


def _conditional(conditions: Conditions, name: str) -> tuple[bool | None, str]:
    """Whether a resource under Condition `name` is deployed, and the warning that says so."""
    holds = conditions.value(name)
    reads = conditions.reads(name)
    given = [r for r in reads if r in conditions.overrides]
    shown = printable(name)
    values = ", ".join(f"{printable(r)}={printable(conditions.overrides[r])}" for r in given)
    source = "with the parameters' default values"
    if given:
        rest = " and the others' defaults" if len(given) < len(reads) else ""
        source = f"with --var {values}{rest}"
    if holds is None:
        unknown = [r for r in reads if r not in conditions.overrides]
        names = printable(", ".join(unknown)) or "a value known at deploy"
        return None, (
            f"Condition {shown} depends on {names}, known only at deploy; priced as if it "
            "holds: the cost applies only when it does (give --var NAME=VALUE for each "
            "parameter to decide it)"
        )
    if holds:
        return True, f"Condition {shown} holds {source}; priced (it is deployed only when it holds)"
    return False, (
        f"Condition {shown} is false {source}; not priced, as it is not deployed (give "
        "--var NAME=VALUE to price a deploy where it holds)"
    )


def _target(value: Any) -> str | None:
    """The logical id a `!Ref X` or `!GetAtt X.Attr` names."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((key, inner),) = value.items()
    if key == "Ref" and isinstance(inner, str):
        return inner
    if key == "Fn::GetAtt":
        first = inner[0] if isinstance(inner, list) and inner else inner
        return first.split(".")[0] if isinstance(first, str) else None
    return None


def _pause_blockers(
    cluster: InfraCluster, resource: dict[str, Any], resources: dict[str, Any]
) -> tuple[str, ...]:
    """What keeps min 0 awake: the cluster's DBClusterParameterGroup's parameters,
    GlobalClusterIdentifier, an AWS::RDS::Integration whose SourceArn is the cluster."""
    props = resource.get("Properties") or {}
    blockers: list[str] = []
    group = resources.get(_target(props.get("DBClusterParameterGroupName")) or "")
    if isinstance(group, dict) and group.get("Type") == PARAMETER_GROUP:
        parameters = (group.get("Properties") or {}).get("Parameters")
        if isinstance(parameters, dict):
            blockers += parameter_blockers(parameters)
    if props.get("GlobalClusterIdentifier"):
        blockers.append("global-database")
    for other in resources.values():
        if isinstance(other, dict) and other.get("Type") == INTEGRATION:
            source = (other.get("Properties") or {}).get("SourceArn")
            if _target(source) == cluster.address:
                blockers.append("zero-etl")
    return tuple(dict.fromkeys(blockers))


def _cluster(
    logical_id: str, props: _Props, path: str, members: dict[str, list[InfraInstance]]
) -> InfraCluster | None:
    engine_name = props.get("Engine")
    engine = engine_of(engine_name, path, logical_id, "Engine")
    if engine is None:
        return None
    mode = props.get("EngineMode", "provisioned")
    attrs: dict[str, tuple[str, Any]] = {
        "engine": ("Engine", engine_name),
        "engine_mode": ("EngineMode", mode),
    }
    fields: dict[str, Any] = {}
    if mode == "serverless":
        prefix = "ScalingConfiguration"
        names = {"min_capacity": "MinCapacity", "max_capacity": "MaxCapacity",
                 "auto_pause": "AutoPause", "seconds_until_auto_pause": "SecondsUntilAutoPause"}  # fmt: skip
        defaults = {
            "min_capacity": 1 if engine == "mysql" else 2,
            "max_capacity": 16,
            "auto_pause": True,
        }
        for key, name in names.items():
            attrs[key] = (f"{prefix}.{name}", props.get(f"{prefix}.{name}", defaults.get(key)))
        fields["v1"] = True
        fields["v1_auto_pause"] = flag(
            attrs["auto_pause"][1], path, logical_id, attrs["auto_pause"][0]
        )
    else:
        prefix = "ServerlessV2ScalingConfiguration"
        names = {"min_capacity": "MinCapacity", "max_capacity": "MaxCapacity",
                 "seconds_until_auto_pause": "SecondsUntilAutoPause"}  # fmt: skip
        for key, name in names.items():
            attrs[key] = (f"{prefix}.{name}", props.get(f"{prefix}.{name}"))
    for key, field_name in (("min_capacity", "min_acu"), ("max_capacity", "max_acu")):
        name, value = attrs[key]
        if value is not None:
            fields[field_name] = number(value, path, logical_id, name)
    name, pause = attrs["seconds_until_auto_pause"]
    if pause is not None:
        fields["seconds_until_auto_pause"] = int(number(pause, path, logical_id, name))
    return defined_cluster(
        address=logical_id,
        path=path,
        format="cloudformation",
        region=None,
        engine=engine,
        settings=props,
        written=props.props,  # a version given by an intrinsic: AWS's default
        attrs=attrs,
        fields=fields,
        instances=tuple(members.get(logical_id, [])),
    )
