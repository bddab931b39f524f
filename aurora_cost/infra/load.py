"""Read infrastructure files: detect each one's format from its content, then read it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aurora_cost.errors import InputError
from aurora_cost.files import read_text
from aurora_cost.infra import cloudformation, formats, hcl
from aurora_cost.infra.model import InfraCluster
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
    if stripped.startswith(("{", "[")) or fmt in formats.json_formats():
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


def _format_of(document: Any, path: Path, fmt: str | None) -> formats.InfraFormat:
    if document is None:  # an empty file, or one of only comments or blank lines
        raise InputError(f"{path}: the file is empty; give {formats.described('output')}")
    if not isinstance(document, dict):
        raise InputError(
            f"{path}: the top level must be an object; this is not an infrastructure file"
        )
    found = formats.recognised(document)
    if fmt is not None:
        if found is not None and found.name != fmt:
            raise InputError(f"{path}: --infra-format {fmt}, but the file is {found.name} output")
        if found is None:
            raise InputError(f"{path}: not {fmt} output (none of its top-level keys fits)")
        return formats.FORMATS[fmt]
    if found is None:
        keys = ", ".join(sorted(map(str, document))[:6]) or "none"
        raise InputError(f"{path}: not {formats.described()} (top-level keys: {keys})")
    return found


def load_infra(
    paths: list[Path], fmt: str | None = None, variables: hcl.TfVariables | None = None
) -> Infra:
    """Read every file; describe-db-instances outputs lend their classes to the clusters."""
    if fmt is not None and fmt not in formats.FORMATS:
        names = ", ".join(formats.FORMATS)
        raise InputError(f"--infra-format: {fmt!r} is not one of {names}")
    reading = formats.Reading(variables=variables)
    infra = Infra()
    files: list[tuple[Path, Any, formats.InfraFormat]] = []
    _once(paths)
    for path in paths:
        if path.suffix == ".tfvars" or path.name.endswith(".tfvars.json"):
            raise InputError(f"{path}: a Terraform variables file; give it with --var-file")
        claimed = formats.claimed(path, fmt)  # read from its path (Terraform source)
        if claimed is not None:
            _add(infra, str(path), claimed, claimed.read(path, str(path), reading))
            continue
        document = _document(path, fmt)
        reader = _format_of(document, path, fmt)
        if reader.lends is not None:
            reading.classes.update(reader.lends(document))
        files.append((path, document, reader))
    for path, document, reader in files:
        _add(infra, str(path), reader, reader.read(document, str(path), reading))
    _unique(infra)
    return infra


def _once(paths: list[Path]) -> None:
    """The same file twice would price its clusters twice: refuse it (by file identity, so
    `plan.json` and `./plan.json` or a link to it count as one; a .tf file stands for its
    whole directory, as Terraform reads it)."""
    seen: dict[object, Path] = {}
    for path in paths:
        key: object
        if str(path) == "-":
            key = "-"
        else:
            try:
                status = os.stat(path.parent if path.suffix == ".tf" else path)
                key = (status.st_dev, status.st_ino)
            except OSError:  # a missing file is reported where it is read
                key = str(path)
        if key in seen:
            same = "Terraform directory" if path.suffix == ".tf" else "file"
            raise InputError(
                f"{path}: the same {same} as {seen[key]}, given twice as --infra; its clusters "
                "would be priced twice, so give it once"
            )
        seen[key] = path


def _add(infra: Infra, path: str, reader: formats.InfraFormat, read: formats.Read) -> None:
    infra.sources.append((path, reader.name))
    infra.before += read.before
    infra.after += read.after
    infra.actions.update(read.actions)
    infra.warnings += read.warnings
    infra.has_before = infra.has_before or read.has_before


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
