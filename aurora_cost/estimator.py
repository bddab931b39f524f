"""`estimate`: a workload file (or model) in one region or all, for the CLI and library users.

    from aurora_cost import estimate
    report = estimate("examples/small-app.yaml", region="eu-west-1")

It loads the workload, applies the what-if flags and hands it to the engine
(`engine.price` with a `PriceBook`); everything about prices happens there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, overload

from aurora_cost.engine import PriceBook, Simulation, price, price_all_regions, simulate
from aurora_cost.errors import InputError
from aurora_cost.report import MultiRegionReport, Report
from aurora_cost.workload.model import Workload, load_workload
from aurora_cost.workload.whatif import WhatIf, apply_what_if


def default_workload_path() -> Path:
    """`examples/small-app.yaml`, shipped inside the package (or in the checkout, when editable)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled_examples" / "small-app.yaml"
    return packaged if packaged.is_file() else here.parent / "examples" / "small-app.yaml"


@dataclass
class Inputs:
    """A workload as loaded, with the what-if flags applied, and where it came from."""

    workload: Workload
    source: Path | None = None  # the workload file, for error messages
    notes: list[str] = field(default_factory=list)  # how the what-if flags were applied
    base_dir: Path | None = None  # what a trace's relative path is relative to

    def simulate(self) -> Simulation:
        return simulate(self.workload, self.base_dir, self.source, self.notes)


def load_inputs(
    workload: Workload | str | Path | None, what_if: WhatIf | None, base_dir: Path | None = None
) -> Inputs:
    """The workload (a model, a YAML path, or None for the default) with the flags applied.

    A trace's relative path is relative to the workload file, else to `base_dir`."""
    source: Path | None = None
    if workload is None:
        workload = default_workload_path()
    if not isinstance(workload, Workload):
        source = Path(workload)
        workload = load_workload(source)
    changed, notes = apply_what_if(workload, what_if) if what_if else (workload, [])
    return Inputs(changed, source, notes, source.parent if source else base_dir)


@overload
def estimate(
    workload: Workload | str | Path | None = ...,
    region: str | None = ...,
    *,
    all_regions: Literal[False] = ...,
    what_if: WhatIf | None = ...,
    pricing: str | Path | None = ...,
) -> Report: ...
@overload
def estimate(
    workload: Workload | str | Path | None = ...,
    region: str | None = ...,
    *,
    all_regions: Literal[True],
    what_if: WhatIf | None = ...,
    pricing: str | Path | None = ...,
) -> MultiRegionReport: ...


def estimate(
    workload: Workload | str | Path | None = None,
    region: str | None = None,
    *,
    all_regions: bool = False,
    what_if: WhatIf | None = None,
    pricing: str | Path | None = None,
) -> Report | MultiRegionReport:
    """Price a workload (a model, a YAML path, or None for the default) in one region or all.

    The region: `region`, else the workload's, else AWS_REGION / AWS_DEFAULT_REGION.
    `what_if` overrides the workload as the command line's flags do; `pricing` is a
    directory of price files (default: `AURORA_COST_PRICING`, else the bundled ones).
    """
    if all_regions and region:
        raise InputError("--region and --all-regions cannot be used together; choose one")
    inputs = load_inputs(workload, what_if)
    book = PriceBook(pricing, region)
    if all_regions:
        return price_all_regions(inputs.simulate(), book)
    book.for_workload(inputs.workload, inputs.source)  # a bad region before any work
    return price(inputs.simulate(), book)
