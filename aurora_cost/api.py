"""The library entry points: find the workload and region, simulate, price."""

from __future__ import annotations

import os
from pathlib import Path

from aurora_cost.errors import InputError
from aurora_cost.estimate import price, simulate_workload
from aurora_cost.pricing.store import load_region, pricing_dir
from aurora_cost.report import Report
from aurora_cost.workload.model import Workload, load_workload

REGION_ENVS = ("AWS_REGION", "AWS_DEFAULT_REGION")


def default_workload_path() -> Path:
    """`examples/small-app.yaml`, shipped inside the package (or in the checkout, when editable)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled_examples" / "small-app.yaml"
    return packaged if packaged.is_file() else here.parent / "examples" / "small-app.yaml"


def resolve_region(flag: str | None, workload: Workload) -> str:
    """`--region`, else the workload's `region`, else AWS_REGION, else AWS_DEFAULT_REGION."""
    if flag is not None:
        if not flag.strip():
            raise InputError(
                "--region: the value is empty; give a region code, e.g. --region eu-west-1"
            )
        return flag.strip()
    if workload.region:
        return workload.region
    for name in REGION_ENVS:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    raise InputError(
        "no region given; pass --region (e.g. --region eu-west-1), set region: in the "
        "workload file, or set AWS_REGION"
    )


def estimate(
    workload: Workload | str | Path,
    region: str | None = None,
    *,
    pricing: str | Path | None = None,
) -> Report:
    """Price a workload (a model or a YAML path) in one region."""
    base_dir = None
    if not isinstance(workload, Workload):
        base_dir = Path(workload).parent
        workload = load_workload(workload)
    regional = load_region(resolve_region(region, workload), pricing_dir(pricing))
    return price(simulate_workload(workload, base_dir), regional)
