"""Read infrastructure files: detect each one's format from its content, then read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aurora_cost.errors import InputError
from aurora_cost.files import read_text
from aurora_cost.infra import awscli, cloudformation, hcl, terraform
from aurora_cost.infra.model import FORMATS, InfraCluster
from aurora_cost.inputs import parse_json


@dataclass
class Infra:
    """Every cluster the files define, after (and, for a plan, before) the change."""

    sources: list[tuple[str, str]] = field(default_factory=list)  # (path, format)
    before: list[InfraCluster] = field(default_factory=list)
    after: list[InfraCluster] = field(default_factory=list)
    actions: dict[str, str] = field(default_factory=dict)  # resource address -> action
    has_before: bool = False  # a plan: before is its prior state
    warnings: list[str] = field(default_factory=list)


def _document(path: Path, fmt: str | None) -> Any:
    text = read_text(path, what="infrastructure file", error=InputError)
    stripped = text.lstrip()
    if text.startswith("PK"):
        raise InputError(
            f"{path}: this is a binary Terraform plan file; give its JSON form: "
            "terraform show -json PLANFILE > plan.json"
        )
    if stripped.startswith(("{", "[")) or fmt in ("terraform", "aws-cli"):
        return parse_json(
            text,
            str(path),
            hint="give 'terraform show -json' output, a CloudFormation template or "
            "'aws rds describe-db-clusters' output",
        )
    if hcl.looks_like_source(text):
        raise InputError(
            f"{path}: this is Terraform source (HCL); name the file .tf or give its directory "
            f"(or --infra-format {hcl.FORMAT}), or give a plan: terraform show -json PLANFILE"
        )
    return cloudformation.parse_yaml_template(text, str(path))


def _format_of(document: Any, path: Path, fmt: str | None) -> str:
    if not isinstance(document, dict):
        raise InputError(
            f"{path}: the top level must be an object; this is not an infrastructure file"
        )
    found = None
    if terraform.is_plan(document):
        found = "terraform"
    elif cloudformation.is_template(document):
        found = "cloudformation"
    elif awscli.is_clusters(document) or awscli.is_instances(document):
        found = "aws-cli"
    if fmt is not None:
        if found is not None and found != fmt:
            raise InputError(f"{path}: --infra-format {fmt}, but the file is {found} output")
        if found is None:
            raise InputError(f"{path}: not {fmt} output (none of its top-level keys fits)")
        return fmt
    if found is None:
        keys = ", ".join(sorted(map(str, document))[:6]) or "none"
        raise InputError(
            f"{path}: not a Terraform plan ('terraform show -json'), a CloudFormation template "
            f"or 'aws rds describe-db-clusters' output (top-level keys: {keys})"
        )
    return found


def load_infra(
    paths: list[Path], fmt: str | None = None, variables: hcl.TfVariables | None = None
) -> Infra:
    """Read every file; describe-db-instances outputs lend their classes to the clusters."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"--infra-format: {fmt!r} is not one of {', '.join(FORMATS)}")
    documents = []
    infra = Infra()
    for path in paths:
        if path.suffix == ".tfvars" or path.name.endswith(".tfvars.json"):
            raise InputError(f"{path}: a Terraform variables file; give it with --var-file")
        if fmt == hcl.FORMAT or (fmt in (None, "terraform") and hcl.is_source(path)):
            sides = hcl.read_hcl(path, variables)  # Terraform source: no plan, no before
            infra.sources.append((str(path), hcl.FORMAT))
            infra.after += sides.after
            infra.warnings += sides.warnings
            continue
        document = _document(path, fmt)
        documents.append((path, document, _format_of(document, path, fmt)))
    classes: dict[str, str] = {}
    for _, document, found in documents:
        if found == "aws-cli" and awscli.is_instances(document):
            classes.update(awscli.instance_classes(document, str(path)))
    for path, document, found in documents:
        infra.sources.append((str(path), found))
        if found == "terraform":
            sides = terraform.read_sides(document, str(path))
            infra.before += sides.before
            infra.after += sides.after
            infra.actions.update(sides.actions)
            infra.warnings += sides.warnings
            infra.has_before = infra.has_before or "planned_values" in document
        elif found == "cloudformation":
            infra.after += cloudformation.read_template(document, str(path))
        elif awscli.is_clusters(document):
            infra.after += awscli.read_clusters(document, str(path), classes)
    _unique(infra)
    return infra


def _unique(infra: Infra) -> None:
    """Two files defining the same address: name each by its file too."""
    for side in (infra.before, infra.after):
        seen: dict[str, int] = {}
        for cluster in side:
            seen[cluster.address] = seen.get(cluster.address, 0) + 1
        for index, cluster in enumerate(side):
            if seen[cluster.address] > 1:
                side[index] = _renamed(cluster, f"{cluster.source}:{cluster.address}")


def _renamed(cluster: InfraCluster, address: str) -> InfraCluster:
    from dataclasses import replace

    return replace(cluster, address=address)
