"""Terraform source laid out as the plan of it would be, then read by the plan reader.

The configuration is evaluated as far as plain source allows (`hcl_modules`), then laid out
as the plan `terraform show -json` would print for it (`planned_values`, `resource_changes`
with `after_unknown`), and read by the plan reader (`terraform.read_sides`): the same
clusters as from a plan of the same configuration. A setting the cost depends on that
only Terraform knows (a data source, a computed attribute, a variable without a value) is
an error naming the address, the attribute and what it depends on; a registry or git
module, or a count/for_each that only Terraform knows, is a warning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.files import read_text
from aurora_cost.infra import terraform
from aurora_cost.infra.hcl import TfVariables
from aurora_cost.infra.hcl_expr import EvalError, Scope, Unknown, evaluate, plain
from aurora_cost.infra.hcl_modules import (
    FULL_PICTURE,
    ModuleInstance,
    Reader,
    ResourceInstance,
    default_of,
)
from aurora_cost.infra.hcl_parse import MAX_TF_BYTES, ModuleSource, parse_text, tf_files, traversal

# The resources laid out in the plan: clusters and instances, and what a reader of pause
# blockers looks at beside them (global clusters, parameter groups, proxies, integrations).
TYPES = ("aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_global_cluster",
         "aws_rds_cluster_parameter_group", "aws_db_parameter_group", "aws_db_proxy",
         "aws_db_proxy_target", "aws_rds_integration")  # fmt: skip
DEFAULTED = ("engine_version", "engine_lifecycle_support")  # unknown: AWS's default, with a note
PRICED = {
    "aws_rds_cluster": (
        "engine",
        "engine_mode",
        "storage_type",
        "backtrack_window",
        "enable_http_endpoint",
        "region",
        "scaling_configuration",
        "serverlessv2_scaling_configuration",
    ),
    "aws_rds_cluster_instance": ("instance_class", "promotion_tier", "cluster_identifier"),
}


def read(path: Path, variables: TfVariables) -> terraform.Sides:
    """The clusters of the configuration in `path` (see the module's docstring)."""
    root_dir = (path if path.is_dir() else path.parent).resolve()
    if path.suffix == ".tf" and not path.is_file():
        read_text(path, what="Terraform file", error=InputError, limit=MAX_TF_BYTES)  # says why
    if not tf_files(root_dir):
        raise InputError(
            f"{path}: is a directory with no .tf files; give a Terraform module's directory, "
            "a .tf file, or a plan (terraform show -json PLANFILE > plan.json)"
        )
    reader = Reader(_boundary(root_dir))
    source = reader.module(root_dir)
    values = _root_variables(source, variables, reader)
    root = ModuleInstance(reader, source, "", (), values, {})
    root.children()
    sides = terraform.read_sides(_plan(reader), str(path))
    return terraform.Sides(before=[], after=sides.after, actions={},
                           warnings=[*reader.warnings, *sides.warnings])  # fmt: skip


def _boundary(root: Path) -> Path:
    """Modules are read within the repository (the nearest .git), else the working tree."""
    for candidate in (root, *root.parents):
        if (candidate / ".git").exists():
            return candidate
    cwd = Path.cwd().resolve()
    return cwd if cwd == root or cwd in root.parents else root


def _root_variables(source: ModuleSource, given: TfVariables, reader: Reader) -> dict[str, Any]:
    """Defaults, then terraform.tfvars, *.auto.tfvars, --var-file and --var, in that order."""
    declared = source.variables
    values = {name: default_of(block, f"var.{name}") for name, block in declared.items()}
    directory = source.directory
    automatic = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    automatic = [p for p in automatic if p.is_file()]
    automatic += sorted(p for p in directory.iterdir() if p.name.endswith((".auto.tfvars", ".auto.tfvars.json")))  # fmt: skip
    for path in [*automatic, *given.files]:
        for name, value in _tfvars(path).items():
            if name not in declared:
                reader.warn(f"{path}: {name} is not a variable of {directory}; ignored")
                continue
            values[name] = value
    for assignment in given.assignments:
        name, equals, raw = assignment.partition("=")
        name = name.strip()
        if not equals or not name:
            raise InputError(f"--var: {assignment!r} is not NAME=VALUE")
        if name not in declared:
            raise InputError(
                f"--var {name}: no variable {name!r} is declared in {directory}"
                f"{did_you_mean(name, declared)}"
            )
        values[name] = _cli_value(raw, _type_of(declared[name]))
    return {name: _typed(value, _type_of(declared[name])) for name, value in values.items()}


def _tfvars(path: Path) -> dict[str, Any]:
    text = read_text(path, what="variables file", error=InputError, limit=MAX_TF_BYTES)
    if path.suffix == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
        if not isinstance(document, dict):
            raise InputError(f"{path}: the top level must be an object of variable values")
        return document
    from aurora_cost.infra.hcl_parse import body_of

    tree = parse_text(text, path)
    body = next(c for c in tree.children if hasattr(c, "data"))
    attributes, blocks = body_of(body, path)
    if blocks:
        raise InputError(f"{path}: a variables file holds NAME = VALUE lines, not blocks")
    empty = Scope({}, _no_references)
    out = {}
    for name, expression in attributes.items():
        try:
            out[name] = evaluate(expression, empty)
        except EvalError as exc:
            raise InputError(f"{path}: {name}: {exc}") from None
    return out


def _no_references(name: str) -> Any:
    raise EvalError(f"{name}: a variables file takes values, not references")


def _cli_value(raw: str, kind: str | None) -> Any:
    """As Terraform reads -var: the text itself for a string, else an HCL value."""
    if kind == "string":
        return raw
    try:
        tree = parse_text(f"v = {raw}\n", Path("--var"))
        body = next(c for c in tree.children if hasattr(c, "data"))
        from aurora_cost.infra.hcl_parse import body_of

        value = evaluate(body_of(body, Path("--var"))[0]["v"], Scope({}, _no_references))
    except (InputError, EvalError, StopIteration, KeyError):
        return raw
    return raw if isinstance(value, Unknown) else value


def _type_of(block: Any) -> str | None:
    expression = block.attributes.get("type")
    return None if expression is None else traversal(expression)


def _typed(value: Any, kind: str | None) -> Any:
    """A number or bool given as text (in -var or a .tfvars) as its declared type."""
    if isinstance(value, str) and kind == "number":
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    if isinstance(value, str) and kind == "bool" and value in ("true", "false"):
        return value == "true"
    return value


def _plan(reader: Reader) -> dict[str, Any]:
    """The plan `terraform show -json` would print, as far as the source tells."""
    resources: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for module in reader.instances:
        for kind, name in module.source.resources:
            if kind not in TYPES:
                continue
            instances = module.resource_instances(kind, name)
            if isinstance(instances, Unknown):
                block = module.source.resources[(kind, name)]
                reader.warn(
                    f"{block.file}: {module.prefix()}{kind}.{name}: count or for_each depends "
                    f"on {instances.why}: not priced; {FULL_PICTURE}"
                )
                continue
            for instance in instances:
                values, unknown = _values(instance)
                resources.append({"address": instance.address, "mode": "managed", "type": kind,
                                  "name": name, "index": instance.key, "values": values})  # fmt: skip
                changes.append({"address": instance.address, "type": kind, "change": {
                    "actions": ["create"], "before": None, "after": values,
                    "after_unknown": unknown}})  # fmt: skip
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
        "configuration": {},
    }


def _values(instance: ResourceInstance) -> tuple[dict[str, Any], dict[str, Any]]:
    """The instance's values and its after_unknown mirror; a priced unknown is an error."""
    values: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    priced = PRICED.get(instance.type, ())
    names = instance.names()  # what the cost depends on first, so its error comes first
    for name in [*(n for n in priced if n in names), *(n for n in names if n not in priced)]:
        value = plain(instance.attribute(name))
        if name == "cluster_identifier" and instance.type == "aws_rds_cluster_instance":
            value = _cluster_link(instance, value)
        _check_priced(instance, name, value)
        _note_default(instance, name, value)
        values[name], unknown[name] = _split(value)
    if instance.type == "aws_rds_cluster" and not isinstance(values.get("cluster_identifier"), str):
        values["id"] = instance.address  # what an instance's reference to it resolves to
    if instance.type == "aws_rds_cluster" and values.get("region") is None:
        region = _region(instance)
        if region is not None:
            values["region"] = region
    return values, unknown


def _cluster_link(instance: ResourceInstance, value: Any) -> Any:
    """`aws_rds_cluster.main.id` (known after apply): the cluster's address stands for it."""
    if (
        isinstance(value, Unknown)
        and value.reference
        and ".aws_rds_cluster." in f".{value.reference}"
    ):
        return value.reference
    return value


def _check_priced(instance: ResourceInstance, name: str, value: Any) -> None:
    if name not in PRICED.get(instance.type, ()):
        return
    found = _unknown_at(value, name)
    if found is None:
        return
    where, unknown = found
    fix = (
        "give the variable a value (--var NAME=VALUE or --var-file FILE.tfvars)"
        if "has no value" in unknown.why
        else "write the value in the configuration"
    )
    raise InputError(
        f"{instance.block.file}: {instance.address}: {where}: the cost depends on it, and "
        f"the source does not tell it: {unknown.why}; {fix}, or price a plan: {FULL_PICTURE}"
    )


def _note_default(instance: ResourceInstance, name: str, value: Any) -> None:
    """A version the source does not tell is priced as AWS's default: say so."""
    if instance.type != "aws_rds_cluster" or name not in DEFAULTED or not isinstance(value, Unknown):  # fmt: skip
        return
    instance.module.reader.warn(
        f"{instance.block.file}: {instance.address}: {name}: the source does not tell it "
        f"({value.why}), so AWS's default is priced; {FULL_PICTURE}"
    )


def _unknown_at(value: Any, where: str) -> tuple[str, Unknown] | None:
    """The dotted path of the first unknown in a value (a nested block's attribute)."""
    if isinstance(value, Unknown):
        return where, value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()  # fmt: skip
    for key, item in items:
        found = _unknown_at(item, where if isinstance(key, int) else f"{where}.{key}")
        if found is not None:
            return found
    return None


def _split(value: Any) -> tuple[Any, Any]:
    """(the value with None for what is unknown, the after_unknown mirror)."""
    if isinstance(value, Unknown):
        return None, True
    if isinstance(value, dict):
        pairs = {k: _split(v) for k, v in value.items()}
        return {k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items() if p[1]}
    if isinstance(value, list):
        items = [_split(v) for v in value]
        return [i[0] for i in items], [i[1] for i in items]
    return value, False


def _region(instance: ResourceInstance) -> str | None:
    written = instance.block.attributes.get("provider")
    key = traversal(written) if written is not None else "aws"
    region = instance.module.regions.get(key or "aws")
    if isinstance(region, Unknown):
        instance.module.reader.warn(
            f"{instance.block.file}: {instance.address}: the provider's region depends on "
            f"{region.why}; --region, AWS_REGION or AWS_DEFAULT_REGION applies"
        )
        return None
    return region if isinstance(region, str) and region else None
