"""aurora-cost: what an Amazon Aurora database costs each month, for your workload.

from aurora_cost import load_workload, estimate
report = estimate(load_workload("examples/small-app.yaml"), region="eu-west-1")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "estimate", "load_workload"]

if TYPE_CHECKING:
    from aurora_cost.estimator import estimate
    from aurora_cost.workload.model import load_workload


def __getattr__(name: str) -> Any:
    # Lazy: `aurora-cost --version` should not pay for Pydantic models.
    if name == "estimate":
        from aurora_cost.estimator import estimate

        return estimate
    if name == "load_workload":
        from aurora_cost.workload.model import load_workload

        return load_workload
    raise AttributeError(name)
