"""`aurora-cost validate`: check workload and usage files without pricing anything.

The kind is told from the file's keys (`clusters:` or `defaults:` make a usage file), so a
pre-commit hook can hand over every matching file at once. A workload's trace files are
read too, since a path that does not resolve is the commonest mistake in one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aurora_cost.errors import AuroraCostError, InputError
from aurora_cost.yamlio import read_yaml_mapping

Kind = Literal["workload", "usage"]
KINDS: tuple[Kind, ...] = ("workload", "usage")
_USAGE_KEYS = frozenset({"clusters", "defaults"})


@dataclass(frozen=True)
class Checked:
    """One file's verdict: its kind, and the error message when it is not valid."""

    path: Path
    kind: Kind | None
    error: str | None = None


def kind_of(path: Path, document: dict[str, object]) -> Kind:
    return "usage" if _USAGE_KEYS & set(document) else "workload"


def check_file(path: Path, kind: Kind | None = None) -> Kind:
    """The file's kind when it is valid; an `InputError` naming file and field when not."""
    if path.suffix.lower() in (".tf", ".tfvars", ".json") and kind is None:
        raise InputError(
            f"{path}: validate checks workload and usage files (YAML); "
            "price Terraform or a plan with 'aurora-cost compare --infra'"
        )
    # read once: the file may be a pipe (`validate <(cat usage.yaml)`) or standard input
    document = read_yaml_mapping(path, what=f"{kind or 'workload or usage'} file")
    found = kind or kind_of(path, document)
    if found == "usage":
        from aurora_cost.infra.usage import usage_of

        usage_of(document, path)
        return found
    from aurora_cost.demand.build import build_demand
    from aurora_cost.workload.model import parse_workload

    workload = parse_workload(document, path, path.parent)
    build_demand(workload.usage, path.parent)  # reads and checks a trace
    return found


def check_files(paths: list[Path], kind: Kind | None = None) -> list[Checked]:
    """Every file checked, each on its own: one bad file does not hide the next."""
    out = []
    for path in paths:
        try:
            out.append(Checked(path, check_file(path, kind)))
        except AuroraCostError as exc:
            out.append(Checked(path, kind, str(exc)))
    return out
