"""Terraform source files into blocks and attributes (python-hcl2's Lark tree, unevaluated).

A module is a directory: every `*.tf` file in it, read through the bounded reader. What a
reader of a plan would call the configuration: variables, locals, providers, resources,
data sources, module calls and outputs, each with its expressions still as trees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lark import Token, Tree

from aurora_cost.errors import InputError
from aurora_cost.files import read_text
from aurora_cost.infra.hcl import INSTALL as HCL_INSTALL

MAX_TF_BYTES = 16 * 1024 * 1024  # one .tf file; generated ones run to a few MB
MAX_TF_FILES = 500  # in one module directory


@dataclass
class Block:
    """`type "label" ... { body }`: its attributes (name -> expression) and nested blocks."""

    type: str
    labels: list[str]
    attributes: dict[str, Any]
    blocks: list[Block]
    file: Path


@dataclass
class ModuleSource:
    """One module directory's declarations."""

    directory: Path
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, tuple[Any, Path]] = field(default_factory=dict)
    providers: list[Block] = field(default_factory=list)
    resources: dict[tuple[str, str], Block] = field(default_factory=dict)
    data: set[tuple[str, str]] = field(default_factory=set)
    modules: dict[str, Block] = field(default_factory=dict)
    outputs: dict[str, Block] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _hcl2() -> Any:
    try:
        import hcl2
    except ImportError:
        raise InputError(
            "reading Terraform source (.tf) needs the python-hcl2 parser, which is not "
            f"installed: {HCL_INSTALL}; or give a plan: terraform show -json PLANFILE > plan.json"
        ) from None
    return hcl2


def parse_text(text: str, path: Path) -> Tree[Any]:
    """The Lark tree of an HCL file; a syntax error names the line and column."""
    hcl2 = _hcl2()
    from lark.exceptions import LarkError, UnexpectedInput

    if not text.endswith("\n"):
        text += "\n"  # the grammar wants a final newline
    try:
        tree: Tree[Any] = hcl2.parses_to_tree(text)
    except UnexpectedInput as exc:
        raise InputError(
            f"{path}: line {exc.line}, column {exc.column}: not valid HCL (Terraform's "
            "language); run 'terraform validate' to see the problem"
        ) from None
    except (LarkError, RecursionError, ValueError) as exc:
        raise InputError(f"{path}: not valid HCL ({type(exc).__name__})") from None
    return tree


def _label(node: Any) -> str:
    if isinstance(node, Token):
        return str(node)
    if node.data == "string":
        return "".join(
            str(c) for part in node.children if isinstance(part, Tree) for c in part.children
        )
    return str(node.children[0])


def body_of(body: Tree[Any], path: Path) -> tuple[dict[str, Any], list[Block]]:
    attributes: dict[str, Any] = {}
    blocks: list[Block] = []
    for child in body.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "attribute":
            parts = [c for c in child.children if isinstance(c, Tree)]
            attributes[_label(parts[0])] = parts[-1]
        elif child.data == "block":
            parts = [
                c for c in child.children if isinstance(c, Tree) and c.data != "new_line_or_comment"
            ]
            inner = parts[-1]
            names = [_label(p) for p in parts[:-1]]
            inner_attributes, inner_blocks = body_of(inner, path)
            blocks.append(Block(names[0], names[1:], inner_attributes, inner_blocks, path))
    return attributes, blocks


def read_file_blocks(path: Path) -> list[Block]:
    text = read_text(path, what="Terraform file", error=InputError, limit=MAX_TF_BYTES)
    tree = parse_text(text, path)
    (body,) = [c for c in tree.children if isinstance(c, Tree)] or [Tree("body", [])]
    _, blocks = body_of(body, path)
    return blocks


def tf_files(directory: Path) -> list[Path]:
    try:
        files = sorted(p for p in directory.iterdir() if p.suffix == ".tf" and p.is_file())
    except OSError as exc:
        raise InputError(f"{directory}: cannot list the directory: {exc.strerror}") from None
    if len(files) > MAX_TF_FILES:
        raise InputError(f"{directory}: {len(files)} .tf files, more than {MAX_TF_FILES}")
    return files


def read_module(directory: Path) -> ModuleSource:
    """Every declaration of the module in `directory` (all its .tf files)."""
    module = ModuleSource(directory)
    for path in tf_files(directory):
        module.files.append(path)
        for block in read_file_blocks(path):
            _declare(module, block, path)
    return module


def _declare(module: ModuleSource, block: Block, path: Path) -> None:
    kind, labels = block.type, block.labels
    if kind == "variable" and labels:
        module.variables[labels[0]] = block
    elif kind == "locals":
        for name, expression in block.attributes.items():
            module.locals[name] = (expression, path)
    elif kind == "provider" and labels:
        module.providers.append(block)
    elif kind == "resource" and len(labels) == 2:
        module.resources[(labels[0], labels[1])] = block
    elif kind == "data" and len(labels) == 2:
        module.data.add((labels[0], labels[1]))
    elif kind == "module" and labels:
        module.modules[labels[0]] = block
    elif kind == "output" and labels:
        module.outputs[labels[0]] = block


def traversal(node: Any) -> str | None:
    """`aws.west` or `aws_rds_cluster.main` as written, for meta-arguments like provider."""
    if isinstance(node, Tree):
        if node.data in ("expr_term",):
            inner = [c for c in node.children if isinstance(c, Tree)]
            return traversal(inner[0]) if len(inner) == 1 else None
        if node.data == "identifier":
            return str(node.children[0])
        if node.data == "get_attr_expr_term":
            base, attr = [c for c in node.children if isinstance(c, Tree)]
            head = traversal(base)
            name = next(c for c in attr.children if isinstance(c, Tree))
            return None if head is None else f"{head}.{name.children[0]}"
    return None
