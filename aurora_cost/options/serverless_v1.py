"""Aurora Serverless v1: one instance, capacity in doubling steps, optional auto-pause.

How it scales (Aurora User Guide, "How Aurora Serverless v1 works",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless.how-it-works.html):
- the capacity is the smallest step >= demand, within [min_acu, max_acu];
- scale-up is immediate; scale-down goes one step at a time, no sooner than 15 minutes
  after the last scale-up and 310 seconds after the last scale-down;
- with auto-pause, after `seconds_until_auto_pause` without load the cluster pauses
  (0 ACU, not billed) and resumes at the step the demand needs.
AWS bills at least 5 minutes per activation; that minimum cannot bite: a cluster pauses
only after >= 300 s without load, so each activation has run 5 minutes by then.
Serverless v1 reached end of life on 2025-03-31: it is priced for comparison only.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator

from aurora_cost.charges.base import ClusterQuantities
from aurora_cost.charges.data_api import REQUESTS as DATA_API_REQUESTS
from aurora_cost.demand.runs import Demand
from aurora_cost.options import capacity
from aurora_cost.options.base import (
    ComputeBill,
    NotSold,
    OptionBase,
    OptionRun,
    Overrides,
)
from aurora_cost.options.meter import CapacityResult, coarse_runs, pass_meters
from aurora_cost.options.serverless import (
    acu_hours_of,
    bill_acu_hours,
    check_pause_seconds,
    keep_range,
    metered,
    not_below_min,
    serverless_fit,
)
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import Diagnostic, Fit

_NEVER = -(10**12)  # a time long before the start: no cooldown is running
COOLDOWN_AFTER_UP = math.ceil(capacity.V1_SCALE_DOWN_AFTER_UP_SECONDS / 60)  # 15 min
COOLDOWN_AFTER_DOWN = math.ceil(capacity.V1_SCALE_DOWN_AFTER_DOWN_SECONDS / 60)  # 310 s -> 6
END_OF_LIFE_WARNING = (
    f"Aurora Serverless v1 reached end of life on {capacity.V1_END_OF_LIFE}; no new v1 "
    "clusters can be created, so it is shown for comparison only"
)


class ServerlessV1Option(OptionBase):
    """Aurora Serverless v1: one instance, capacity in doubling steps, optional auto-pause."""

    product: ClassVar[str] = "Aurora Serverless v1"

    legacy: ClassVar[bool] = True

    name: str = Field(default="serverless-v1", min_length=1)
    kind: Literal["serverless-v1"]
    min_acu: float
    max_acu: float
    auto_pause: bool = True
    seconds_until_auto_pause: int = capacity.AUTO_PAUSE_MIN_SECONDS
    readers: int = 0

    @field_validator("min_acu", "max_acu")
    @classmethod
    def _step(cls, value: float, info: ValidationInfo) -> float:
        engine = info.data.get("engine", "mysql")
        if value not in capacity.V1_STEPS[engine]:
            raise ValueError(
                f"{value:g} is not a serverless v1 capacity for {engine}; "
                f"allowed: {capacity.v1_steps_text(engine)}"
            )
        return not_below_min(value, info)

    @field_validator("seconds_until_auto_pause")
    @classmethod
    def _pause(cls, value: int) -> int:
        check_pause_seconds(value)
        return value

    @field_validator("readers")
    @classmethod
    def _no_readers(cls, value: int) -> int:
        if value != 0:
            raise ValueError(
                "serverless v1 runs one instance and cannot have readers; "
                "use kind: serverless-v2 for readers"
            )
        return value

    @field_validator("storage")
    @classmethod
    def _standard_only(cls, value: str) -> str:
        if value != "standard":
            raise ValueError(
                "serverless v1 does not support Aurora I/O-Optimized; use storage: standard "
                "or kind: serverless-v2"
            )
        return value

    @property
    def supports_backtrack(self) -> bool:
        return False  # backtrack is not available on Serverless v1

    @property
    def supports_global_database(self) -> bool:
        return False  # Aurora Global Database runs provisioned or Serverless v2 clusters

    def simulate(self, demand: Demand) -> OptionRun:
        writer = simulate_v1(
            demand,
            engine=self.engine,
            min_acu=self.min_acu,
            max_acu=self.max_acu,
            auto_pause=self.auto_pause,
            pause_seconds=self.seconds_until_auto_pause,
        )
        return OptionRun(peak_demand=demand.peak, writer=writer)

    def bill_compute(
        self, run: OptionRun, pricing: RegionPricing, cluster: ClusterQuantities
    ) -> ComputeBill | NotSold:
        rate = pricing.rates.get("serverless_v1_acu_hour")
        if rate is None:
            return NotSold(f"Aurora Serverless v1 is not sold in {pricing.region}")
        assert run.writer is not None
        bill = bill_acu_hours(
            self, self.max_acu, metered(run.writer, acu_hours_of(run.writer)), "writer", rate
        )
        if cluster.amount(DATA_API_REQUESTS.key):
            bill.diagnostics.append(
                self.diagnostic(
                    "data-api-wakes-v1",
                    "Data API calls wake a paused cluster; the simulation does not model that",
                )
            )
        return bill

    def notices(self) -> list[Diagnostic]:
        short = f"v1 end of life {capacity.V1_END_OF_LIFE}"
        return [self.diagnostic("v1-end-of-life", END_OF_LIFE_WARNING, short=short)]

    def fit(self, run: OptionRun) -> Fit:
        return serverless_fit(run, self.max_acu)

    def settings(self) -> str:
        pause = f", auto-pause after {self.seconds_until_auto_pause} s" if self.auto_pause else ""
        return f"{self.engine}, {self.min_acu:g}-{self.max_acu:g} ACU{pause}"

    def overridden(self, overrides: Overrides) -> tuple[dict[str, Any], list[str]]:
        # No I/O-Optimized and no readers on v1; a capacity flag snaps to a v1 step.
        doc = self.model_dump(mode="json", exclude_none=True)
        notes: list[str] = []
        for key, value in (("min_acu", overrides.min_acu), ("max_acu", overrides.max_acu)):
            if value is None:
                continue
            step = step_at_least(value, self.engine)
            if step != value:
                notes.append(
                    f"{self.name}: --{key.replace('_', '-')} {value:g} is not a v1 step; used {step:g}"
                )
            doc[key] = step
        notes += keep_range(doc, overrides)
        if overrides.io_optimized:
            notes.append(
                "--io-optimized does not apply to serverless v1; its options stay Standard"
            )
        return doc, notes


def step_at_least(value: float, engine: str) -> float:
    steps = capacity.V1_STEPS[engine]
    return float(next((s for s in steps if s >= value), steps[-1]))


def _v1_target(level: float, steps: tuple[int, ...], lo: float, hi: float) -> float:
    """The smallest allowed step >= level, clamped to [lo, hi]."""
    if level <= lo:
        return lo
    if level >= hi:
        return hi
    for step in steps:
        if step >= level:
            return min(float(step), hi)
    return hi


def simulate_v1(
    demand: Demand,
    *,
    engine: str,
    min_acu: float,
    max_acu: float,
    auto_pause: bool,
    pause_seconds: int,
) -> CapacityResult:
    """Serverless v1: doubling steps, immediate scale-up, slow one-step scale-down, auto-pause."""
    steps = capacity.V1_STEPS[engine]
    pause_after = math.ceil(pause_seconds / 60) if auto_pause else 0
    acu = min_acu  # 0 = paused
    last_up = last_down = _NEVER
    idle = 0
    t = 0
    step_down = {float(s): float(max((d for d in steps if d < s), default=s)) for s in steps}
    keys, minutes = coarse_runs(
        demand,
        lambda level: (
            _v1_target(level, steps, min_acu, max_acu) if level > 0 else 0.0,
            level > max_acu,
        ),
    )
    for meter in pass_meters(demand):
        result = meter.result
        acus, lengths = meter.acus, meter.lengths
        for (target, over), n in zip(keys, minutes):
            if over:
                result.throttled_minutes += n
            idle_run = not target  # no demand
            if not idle_run:
                idle = 0
                if acu == 0:  # resume straight at the step the demand needs
                    acu = target
                    last_up = t
                    result.resumes += 1
                elif target > acu:
                    acu, last_up = target, t
            elif acu == 0:
                result.paused_minutes += n
                acus.append(0.0)
                lengths.append(n)
                t += n
                continue
            else:
                target = min_acu
            while n > 0:
                chunk = n
                if idle_run and pause_after:
                    chunk = min(chunk, pause_after - idle)
                if acu > target:
                    next_down = max(last_up + COOLDOWN_AFTER_UP, last_down + COOLDOWN_AFTER_DOWN)
                    if next_down <= t:
                        acu = max(step_down[acu], target)
                        last_down = t
                        continue
                    chunk = min(chunk, next_down - t)
                acus.append(acu)
                lengths.append(chunk)
                t += chunk
                n -= chunk
                if idle_run and pause_after:
                    idle += chunk
                    if idle >= pause_after:  # (so every activation ran >= 5 minutes)
                        acu = 0
                        result.paused_minutes += n
                        acus.append(0.0)
                        lengths.append(n)
                        t += n
                        n = 0
    return meter.finish()
