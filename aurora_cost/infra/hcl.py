"""Terraform source without a plan: `--infra main.tf` or `--infra DIR` (the face of it).

What the rest of aurora-cost needs without loading the parser: the format's name, the
variables from the command line, and how to tell source from a document. `read_hcl`
loads python-hcl2 (the `hcl` extra) only when there is source to read, and says how to
install it when it is missing.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aurora_cost.errors import InputError

if TYPE_CHECKING:
    from aurora_cost.infra.terraform import Sides

FORMAT = "terraform-hcl"
INSTALL = "pip install 'aurora-cost[hcl]'"
_BLOCK = re.compile(
    r'^\s*(resource|data|variable|module|provider|terraform|locals|output)\s+("[^"\n]*"\s*)*\{',
    re.M,
)


@dataclass(frozen=True)
class TfVariables:
    """`--var NAME=VALUE` (in order) and `--var-file FILE` values for the root module."""

    assignments: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()


def is_source(path: Path) -> bool:
    """A directory or a .tf file: Terraform source rather than a document."""
    return path.is_dir() or path.suffix == ".tf"


def looks_like_source(text: str) -> bool:
    """Top-level HCL blocks: Terraform source, whatever the file is named."""
    return _BLOCK.search(text[:65536]) is not None


def read_hcl(path: Path, variables: TfVariables | None = None) -> Sides:
    """The clusters a Terraform configuration defines, as its plan would show them."""
    if importlib.util.find_spec("hcl2") is None:
        raise InputError(
            f"{path}: reading Terraform source needs the python-hcl2 parser, which is not "
            f"installed: {INSTALL}; or give a plan: terraform show -json PLANFILE > plan.json"
        )
    from aurora_cost.infra import hcl_plan

    return hcl_plan.read(path, variables or TfVariables())
