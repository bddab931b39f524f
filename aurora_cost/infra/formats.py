"""The infrastructure formats `--infra` reads: one row per reader module, in one table.

A row names the format (`--infra-format NAME`), says how to recognise it (from the parsed
document, or from the path for formats read from a path, like Terraform source) and how
to read it into clusters. `load.load_infra` parses each file (bounded, through `files`)
and lets this table choose and read; nothing else names a format.

To add a format: write `infra/<reader>.py` (a test `is_<format>(document)` and a reader
returning `InfraCluster`s) and add its `InfraFormat` row to `FORMATS` below (or, from a
test or a plug-in, `FORMATS.register(row)` and `FORMATS.unregister(name)` after).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from aurora_cost.infra import awscli, cloudformation, hcl, terraform
from aurora_cost.infra.model import InfraCluster
from aurora_cost.registry import Registry


@dataclass
class Reading:
    """What every file of one `--infra` shares while it is read."""

    variables: hcl.TfVariables | None = None  # --var and --var-file, for Terraform source
    classes: dict[str, str] = field(default_factory=dict)  # cluster -> class (describe output)


@dataclass
class Read:
    """What one file defines: the clusters after (and, for a plan, before) the change."""

    after: list[InfraCluster]
    before: list[InfraCluster] = field(default_factory=list)
    actions: dict[str, str] = field(default_factory=dict)  # resource address -> action
    warnings: list[str] = field(default_factory=list)
    has_before: bool = False  # a plan: `before` is its prior state


@dataclass(frozen=True)
class InfraFormat:
    """One reader: its name, how it is recognised, how it reads.

    `recognise(document)` tells a parsed document of this format (`syntax` says how the
    file is parsed when `--infra-format` names it: JSON, or YAML/JSON as CloudFormation
    reads it). A format read from its path (Terraform source) has `claims(path, asked)`
    instead, asked with the `--infra-format` given (or None) before the file is parsed.
    `lends(document)` gives instance classes to the other files' clusters (describe-db-
    instances output); `what` names the format in messages.
    """

    name: str
    what: str
    read: Callable[[Any, str, Reading], Read]
    output: str = ""  # what to give, in messages ("'terraform show -json' output")
    recognise: Callable[[dict[str, Any]], bool] | None = None
    claims: Callable[[Path, str | None], bool] | None = None
    syntax: Literal["json", "yaml", "path"] = "json"
    lends: Callable[[dict[str, Any]], dict[str, str]] | None = None


def _terraform(document: Any, path: str, reading: Reading) -> Read:
    sides = terraform.read_sides(document, path)
    has_before = "planned_values" in document
    return Read(sides.after, sides.before, sides.actions, sides.warnings, has_before)


def _terraform_source(path: Any, shown: str, reading: Reading) -> Read:
    sides = hcl.read_hcl(path, reading.variables)  # Terraform source: no plan, no before
    return Read(sides.after, warnings=sides.warnings)


def _cloudformation(document: Any, path: str, reading: Reading) -> Read:
    assignments = reading.variables.assignments if reading.variables else ()
    clusters, warnings = cloudformation.read_template(document, path, assignments)
    return Read(clusters, warnings=warnings)


def _aws_cli(document: Any, path: str, reading: Reading) -> Read:
    awscli.check_shape(document, path)
    if not awscli.is_clusters(document):
        return Read([])  # describe-db-instances: it lends its classes, defines no cluster
    return Read(awscli.read_clusters(document, path, reading.classes))


def _aws_cli_classes(document: dict[str, Any]) -> dict[str, str]:
    return awscli.instance_classes(document) if awscli.is_instances(document) else {}


FORMATS: Registry[InfraFormat] = Registry("infrastructure format", lambda row: row.name)

for _row in (
    InfraFormat(
        "terraform",
        "a Terraform plan ('terraform show -json')",
        _terraform,
        recognise=terraform.is_plan,
        output="'terraform show -json' output",
    ),
    InfraFormat(
        hcl.FORMAT,
        "Terraform source (HCL)",
        _terraform_source,
        claims=lambda path, asked: (
            asked == hcl.FORMAT or (asked in (None, "terraform") and hcl.is_source(path))
        ),
        syntax="path",
    ),
    InfraFormat(
        "cloudformation",
        "a CloudFormation template",
        _cloudformation,
        recognise=cloudformation.is_template,
        syntax="yaml",
        output="a CloudFormation template",
    ),
    InfraFormat(
        "aws-cli",
        "'aws rds describe-db-clusters' output",
        _aws_cli,
        recognise=lambda d: awscli.is_clusters(d) or awscli.is_instances(d),
        lends=_aws_cli_classes,
        output="'aws rds describe-db-clusters' output",
    ),
):
    FORMATS.register(_row)


def claimed(path: Path, asked: str | None) -> InfraFormat | None:
    """The format that reads `path` itself (Terraform source), if one claims it."""
    return next((f for f in FORMATS.values() if f.claims and f.claims(path, asked)), None)


def recognised(document: dict[str, Any]) -> InfraFormat | None:
    """The first format whose test the parsed document passes."""
    return next((f for f in FORMATS.values() if f.recognise and f.recognise(document)), None)


def json_formats() -> tuple[str, ...]:
    """The formats whose files are JSON whatever their first character."""
    return tuple(name for name, f in FORMATS.items() if f.syntax == "json")


def described(words: str = "what") -> str:
    """Every recognised format in words, joined: "a Terraform plan (...), ... or ... output"
    (`what`), or as the output to give ("'terraform show -json' output, ..."; `output`)."""
    names = [getattr(f, words) for f in FORMATS.values() if f.recognise is not None]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
