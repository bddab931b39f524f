"""Module instances of a Terraform configuration, evaluated as far as plain source allows.

One `ModuleInstance` per module instance (`module.tenant["acme"]`): its variables (inputs
from the caller, else defaults), its locals and outputs (evaluated when asked), its
providers' regions, and its resources expanded by `count` / `for_each` into instances
whose attributes are evaluated when asked. A module whose `source` is a registry or git
address is not read: a warning names it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lark import Tree

from aurora_cost.errors import InputError
from aurora_cost.infra.hcl_expr import (
    EvalError,
    Lazy,
    Scope,
    Unknown,
    evaluate,
    plain,
    shallow,
)
from aurora_cost.infra.hcl_parse import Block, ModuleSource, read_module, traversal

MAX_DEPTH = 16  # modules within modules
MAX_INSTANCES = 5000  # of one resource or module call
FULL_PICTURE = "'terraform show -json' of a plan gives the full picture"
META = frozenset({"count", "for_each", "provider", "providers", "depends_on", "lifecycle",
                  "source", "version", "provisioner", "connection"})  # fmt: skip
# `id` of these resource types is the name the configuration gives them
ID_ATTRIBUTE = {
    "aws_rds_cluster": "cluster_identifier",
    "aws_rds_cluster_instance": "identifier",
    "aws_rds_global_cluster": "global_cluster_identifier",
    "aws_rds_cluster_parameter_group": "name",
    "aws_db_parameter_group": "name",
}


def index_text(key: Any) -> str:
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key)}]"


@dataclass
class Reader:
    """What all module instances share: the tree's boundary, warnings, every instance."""

    boundary: Path
    warnings: list[str] = field(default_factory=list)
    instances: list[ModuleInstance] = field(default_factory=list)
    _sources: dict[Path, ModuleSource] = field(default_factory=dict)

    def module(self, directory: Path) -> ModuleSource:
        if directory not in self._sources:
            self._sources[directory] = read_module(directory)
        return self._sources[directory]

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


@dataclass
class ResourceInstance:
    address: str  # full address, module path included
    type: str
    name: str
    key: Any  # None, an int (count) or a str (for_each)
    block: Block
    scope: Scope
    module: ModuleInstance

    def attribute(self, name: str) -> Any:
        """The attribute's value; a computed one not set in the configuration is Unknown."""
        if name in self.block.attributes and name not in META:
            try:
                return evaluate(self.block.attributes[name], self.scope)
            except EvalError as exc:
                return Unknown(f"{self.address}.{name} ({exc})")
        nested = [b for b in self.block.blocks if b.type == name] + [
            b for b in self.block.blocks if b.type == "dynamic" and b.labels[:1] == [name]
        ]
        if nested:
            return blocks_value(nested, self.scope, self.address)
        if name == "id" and self.type in ID_ATTRIBUTE:
            named = self.attribute(ID_ATTRIBUTE[self.type])
            if named is not None and not isinstance(named, Unknown):
                return named
        return Unknown(f"{self.address}.{name} (known after apply)", reference=self.address)

    def names(self) -> list[str]:
        names = [n for n in self.block.attributes if n not in META]
        names += [b.labels[0] if b.type == "dynamic" else b.type for b in self.block.blocks]
        return [n for n in dict.fromkeys(names) if n not in META]

    def lazy(self) -> Lazy:
        return Lazy(self.attribute, self.names)


def blocks_value(blocks: list[Block], scope: Scope, address: str) -> Any:
    """Nested blocks as the plan shows them: a list of objects (dynamic ones expanded)."""
    out: list[Any] = []
    for block in blocks:
        if block.type != "dynamic":
            out.append(block_object(block, scope, address))
            continue
        iterator = block.labels[0]
        if "iterator" in block.attributes:
            iterator = str(traversal(block.attributes["iterator"]) or iterator)
        try:
            collection = shallow(evaluate(block.attributes.get("for_each"), scope))
        except EvalError as exc:
            return Unknown(f"{address}: dynamic {block.labels[0]} ({exc})")
        if isinstance(collection, Unknown):
            return collection
        pairs = collection.items() if isinstance(collection, dict) else enumerate(collection or [])
        content = next((b for b in block.blocks if b.type == "content"), None)
        for key, value in pairs:
            if content is not None:
                inner = scope.child(**{iterator: {"key": key, "value": value}})
                out.append(block_object(content, inner, address))
    return out


def block_object(block: Block, scope: Scope, address: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, expression in block.attributes.items():
        try:
            out[name] = evaluate(expression, scope)
        except EvalError as exc:
            out[name] = Unknown(f"{address}: {block.type}.{name} ({exc})")
    for nested in block.blocks:
        key = nested.labels[0] if nested.type == "dynamic" else nested.type
        out[key] = blocks_value([nested], scope, address)
    return out


def expansion(block: Block, scope: Scope, address: str) -> list[tuple[Any, Scope]] | Unknown:
    """(key, scope with each/count) per instance of a resource or module call."""
    try:
        if "count" in block.attributes:
            count = evaluate(block.attributes["count"], scope)
            if isinstance(count, Unknown):
                return count
            if isinstance(count, bool) or not isinstance(count, (int, float)) or count < 0:
                raise EvalError(f"count must be a whole number, not {plain(count)!r}")
            if count > MAX_INSTANCES:
                raise EvalError(f"count {count} is more than {MAX_INSTANCES}")
            return [(i, scope.child(count={"index": i})) for i in range(int(count))]
        if "for_each" in block.attributes:
            value = shallow(evaluate(block.attributes["for_each"], scope))
            if isinstance(value, Unknown):
                return value
            if isinstance(value, list):  # a set of strings: each.value is the key
                value = {str(item): item for item in value}
            if not isinstance(value, dict):
                raise EvalError(f"for_each must be a map or a set, not {value!r}")
            if len(value) > MAX_INSTANCES:
                raise EvalError(f"for_each of {len(value)}, more than {MAX_INSTANCES}")
            return [(k, scope.child(each={"key": k, "value": v})) for k, v in value.items()]
    except EvalError as exc:
        raise InputError(f"{block.file}: {address}: {exc}") from None
    return [(None, scope)]


class ModuleInstance:
    def __init__(
        self,
        reader: Reader,
        source: ModuleSource,
        address: str,
        calls: tuple[str, ...],
        variables: dict[str, Any],
        regions: dict[str, Any],
        depth: int = 0,
    ) -> None:
        self.reader, self.source, self.address, self.calls = reader, source, address, calls
        self.variables, self.depth = variables, depth
        self._locals: dict[str, Any] = {}
        self._busy: set[str] = set()
        self._resources: dict[tuple[str, str], list[ResourceInstance] | Unknown] = {}
        self._modules: dict[str, Any] = {}
        roots = {
            "var": variables,
            "local": Lazy(self._local, lambda: list(self.source.locals)),
            "module": Lazy(self._module_value, lambda: list(self.source.modules)),
            "data": Lazy(self._data, lambda: []),
            "path": {"module": str(source.directory), "root": str(reader.boundary), "cwd": "."},
            "terraform": {"workspace": "default"},
            "self": Unknown("self (known after apply)"),
        }
        self.scope = Scope(roots, self._resolve)
        self.regions = {**regions, **self._own_regions()}
        reader.instances.append(self)

    def prefix(self) -> str:
        return f"{self.address}." if self.address else ""

    def _own_regions(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for block in self.source.providers:
            if block.labels[0] != "aws":
                continue
            alias = evaluate(block.attributes["alias"], self.scope) if "alias" in block.attributes else None  # fmt: skip
            key = f"aws.{alias}" if isinstance(alias, str) else "aws"
            try:
                out[key] = evaluate(block.attributes["region"], self.scope) if "region" in block.attributes else None  # fmt: skip
            except EvalError as exc:
                out[key] = Unknown(f"provider {key} region ({exc})")
        return out

    def _local(self, name: str) -> Any:
        if name not in self.source.locals:
            raise EvalError(f"no local value {name!r} in {self.source.directory}")
        if name not in self._locals:
            if name in self._busy:
                raise EvalError(f"local.{name} refers to itself")
            self._busy.add(name)
            try:
                self._locals[name] = evaluate(self.source.locals[name][0], self.scope)
            finally:
                self._busy.discard(name)
        return self._locals[name]

    def _data(self, kind: str) -> Any:
        names = sorted(name for t, name in self.source.data if t == kind)
        why = f"{self.prefix()}data.{kind} (a data source: Terraform reads it during plan)"
        return {name: Unknown(why.replace(f"data.{kind}", f"data.{kind}.{name}")) for name in names} or Unknown(why)  # fmt: skip

    def _resolve(self, kind: str) -> Any:
        names = [name for t, name in self.source.resources if t == kind]
        if not names:
            raise EvalError(f"no resource of type {kind!r} and no such name")
        return Lazy(lambda name: self._resource_value(kind, name), lambda: names)

    def _resource_value(self, kind: str, name: str) -> Any:
        instances = self.resource_instances(kind, name)
        if isinstance(instances, Unknown):
            return instances
        block = self.source.resources[(kind, name)]
        if "count" in block.attributes:
            return [i.lazy() for i in instances]
        if "for_each" in block.attributes:
            return {str(i.key): i.lazy() for i in instances}
        return instances[0].lazy()

    def resource_instances(self, kind: str, name: str) -> list[ResourceInstance] | Unknown:
        if (kind, name) not in self.source.resources:
            raise EvalError(f"no resource {kind}.{name}")
        if (kind, name) not in self._resources:
            block = self.source.resources[(kind, name)]
            address = f"{self.prefix()}{kind}.{name}"
            expanded = expansion(block, self.scope, address)
            if isinstance(expanded, Unknown):
                self._resources[(kind, name)] = expanded
            else:
                self._resources[(kind, name)] = [
                    ResourceInstance(
                        address + ("" if key is None else index_text(key)),
                        kind,
                        name,
                        key,
                        block,
                        scope,
                        self,
                    )
                    for key, scope in expanded
                ]
        return self._resources[(kind, name)]

    def _module_value(self, name: str) -> Any:
        if name not in self.source.modules:
            raise EvalError(f"no module {name!r}")
        if name not in self._modules:
            self._modules[name] = self._call(name)
        return self._modules[name]

    def children(self) -> None:
        """Read every module call (each reads its own calls in turn)."""
        for name in self.source.modules:
            self._module_value(name)

    def _call(self, name: str) -> Any:
        block = self.source.modules[name]
        address = f"{self.prefix()}module.{name}"
        source = evaluate(block.attributes.get("source"), self.scope)
        if not isinstance(source, str) or not source.startswith(("./", "../")):
            self.reader.warn(
                f"{block.file}: {address}: source {plain(source)!r} is a registry or git "
                f"module, which aurora-cost does not read: its Aurora clusters are not priced; "
                f"{FULL_PICTURE}"
            )
            return Unknown(f"{address} (a module aurora-cost does not read)")
        directory = self._confined(self.source.directory / source, address, block)
        if self.depth >= MAX_DEPTH:
            raise InputError(f"{block.file}: {address}: modules nested more than {MAX_DEPTH} deep")
        expanded = expansion(block, self.scope, address)
        if isinstance(expanded, Unknown):
            self.reader.warn(
                f"{block.file}: {address}: count or for_each depends on {expanded.why}: "
                f"its clusters are not priced; {FULL_PICTURE}"
            )
            return expanded
        child_source = self.reader.module(directory)
        regions = self._passed_regions(block)
        outputs: dict[str, Any] = {}
        for key, scope in expanded:
            instance = ModuleInstance(
                self.reader, child_source, address + ("" if key is None else index_text(key)),
                (*self.calls, name), self._inputs(block, child_source, scope, address),
                regions, self.depth + 1,
            )  # fmt: skip
            instance.children()
            outputs[str(key)] = Lazy(instance.output, instance.output_names)
        if "count" in block.attributes:
            return list(outputs.values())
        return outputs if "for_each" in block.attributes else outputs["None"]

    def _confined(self, directory: Path, address: str, block: Block) -> Path:
        resolved = directory.resolve()
        boundary = self.reader.boundary
        if resolved != boundary and boundary not in resolved.parents:
            raise InputError(
                f"{block.file}: {address}: source {directory} is outside {boundary}; "
                "aurora-cost reads modules only within the configuration's tree"
            )
        if not resolved.is_dir():
            raise InputError(f"{block.file}: {address}: source {directory} is not a directory")
        return resolved

    def _passed_regions(self, block: Block) -> dict[str, Any]:
        """The default provider goes down; `providers = { aws = aws.west }` maps aliases."""
        regions = {"aws": self.regions.get("aws")}
        mapping = block.attributes.get("providers")
        if mapping is not None:
            for element in mapping.find_data("object_elem"):
                key, value = [c for c in element.children if isinstance(c, Tree)][:2]
                child, parent = traversal(key.children[0]), traversal(value)
                if child and parent:
                    regions[child] = self.regions.get(parent)
        return regions

    def _inputs(
        self, block: Block, child: ModuleSource, scope: Scope, address: str
    ) -> dict[str, Any]:
        for name in block.attributes:
            if name not in META and name not in child.variables:
                self.reader.warn(
                    f"{block.file}: {address}: {name} is not a variable of {child.directory}; "
                    "ignored (terraform would refuse it)"
                )
        values: dict[str, Any] = {}
        for name, declaration in child.variables.items():
            if name in block.attributes:
                try:
                    values[name] = evaluate(block.attributes[name], scope)
                except EvalError as exc:
                    values[name] = Unknown(f"{address} input {name} ({exc})")
            else:
                values[name] = default_of(declaration, f"{address}: var.{name}")
        return values

    def output_names(self) -> list[str]:
        return list(self.source.outputs)

    def output(self, name: str) -> Any:
        block = self.source.outputs.get(name)
        if block is None or "value" not in block.attributes:
            raise EvalError(f"{self.address} has no output {name!r}")
        return evaluate(block.attributes["value"], self.scope)


def default_of(declaration: Block, where: str) -> Any:
    if "default" not in declaration.attributes:
        return Unknown(f"{where} has no value (no default, no input)")
    empty = Scope({}, lambda name: (_ for _ in ()).throw(EvalError(f"{name} in a default")))
    try:
        return evaluate(declaration.attributes["default"], empty)
    except EvalError as exc:
        return Unknown(f"{where} ({exc})")
