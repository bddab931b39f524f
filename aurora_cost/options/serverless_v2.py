"""Aurora Serverless v2: a writer and 0-15 readers, 0.5 ACU steps, scale to zero at min 0.

How it scales (Aurora User Guide, "How Aurora Serverless v2 works",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html):
- the capacity follows the demand in 0.5 ACU steps within [max(min_acu, 0.5), max_acu];
- with `min_acu: 0`, after `seconds_until_auto_pause` without connections the instance
  pauses at 0 ACU, not billed ("Scaling to zero ACUs with automatic pause and resume");
- readers in promotion tiers 0-1 (`with-writer`) run at the writer's capacity; readers
  in tiers 2-15 (`independent`) follow their own demand, `reader_acu`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from itertools import compress, repeat
from operator import gt
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator

from aurora_cost.charges.base import ClusterQuantities
from aurora_cost.demand.build import build_demand
from aurora_cost.demand.runs import Demand
from aurora_cost.demand.spec import DemandSpec
from aurora_cost.money import tidy
from aurora_cost.options import capacity, pause
from aurora_cost.options.advice import (
    AdviceAsk,
    AdviceSpace,
    Constraints,
    half_up,
    smallest_max,
)
from aurora_cost.options.base import (
    ComputeBill,
    ExtendedSupportUsage,
    NotSold,
    OptionBase,
    OptionRun,
    Overrides,
    ProxyUsage,
)
from aurora_cost.options.meter import CapacityResult, Meter, coarse_runs, pass_meters
from aurora_cost.options.savings_plan import EligibleHours
from aurora_cost.options.serverless import (
    acu_hours_of,
    bill_acu_hours,
    check_pause_seconds,
    hourly_acu_hours,
    keep_range,
    metered,
    not_below_min,
    proxy_acu_hours,
    serverless_fit,
)
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import Diagnostic, Fit, OptionReport
from aurora_cost.versions.rules import feature_problem, max_acu_note


class ServerlessV2Option(OptionBase):
    """Aurora Serverless v2: a writer plus 0-15 readers, 0.5 ACU steps, scale to zero at min 0."""

    product: ClassVar[str] = "Aurora Serverless v2"
    advised: ClassVar[bool] = True

    name: str = Field(default="serverless-v2", min_length=1)
    kind: Literal["serverless-v2"]
    min_acu: float = Field(ge=0, le=capacity.V2_MAX_ACU, allow_inf_nan=False)
    max_acu: float = Field(ge=1, le=capacity.V2_MAX_ACU, allow_inf_nan=False)
    seconds_until_auto_pause: int | None = None
    readers: int = Field(default=0, ge=0, le=capacity.V2_MAX_READERS)
    reader_scaling: Literal["with-writer", "independent"] = "with-writer"
    reader_acu: DemandSpec | None = None
    pause_blockers: list[pause.PauseBlocker] = Field(default_factory=list, max_length=5)

    @field_validator("min_acu", "max_acu")
    @classmethod
    def _half_steps(cls, value: float, info: ValidationInfo) -> float:
        if not capacity.is_half_step(value):
            raise ValueError(f"{value:g} is not a serverless v2 capacity; use steps of 0.5 ACU")
        return not_below_min(value, info)

    @field_validator("seconds_until_auto_pause")
    @classmethod
    def _pause(cls, value: int | None, info: ValidationInfo) -> int | None:
        check_pause_seconds(value)
        if value is not None and info.data.get("min_acu", 0) != 0:
            raise ValueError(
                "only applies when min_acu is 0 (auto-pause); remove it or set min_acu: 0"
            )
        return value

    @field_validator("reader_acu")
    @classmethod
    def _reader_demand(cls, value: DemandSpec | None, info: ValidationInfo) -> DemandSpec | None:
        if value is not None and info.data.get("reader_scaling") != "independent":
            raise ValueError("only applies with reader_scaling: independent")
        if value is not None and value.trace is not None:
            raise ValueError("reader traces are not supported; use constant or schedule")
        return value

    @property
    def auto_pause(self) -> bool:
        return self.min_acu == 0

    @property
    def pause_seconds(self) -> int:
        return self.seconds_until_auto_pause or capacity.AUTO_PAUSE_MIN_SECONDS

    def simulate(self, demand: Demand) -> OptionRun:
        writer = self._simulate(demand, self.pauses)
        run = OptionRun(peak_demand=demand.peak, writer=writer)
        reader_demand = self.reader_demand()
        if reader_demand is not None:
            reader = self._simulate(reader_demand, self.readers_pause)
            run.readers = [reader] * self.readers  # alike: simulate once
            run.reader_peak_demand = reader_demand.peak
            if self.pauses:  # the writer pauses only while every reader is paused
                floor = max(self.min_acu, capacity.V2_MIN_RUNNING_ACU)
                run.writer = pause.kept_awake(writer, reader, floor)
                run.writer_kept_awake = run.writer is not writer
        return run

    @property
    def instance_count(self) -> int:
        return 1 + self.readers

    @property
    def blockers(self) -> list[str]:
        """What keeps min 0 from pausing (see options/pause.py)."""
        found = ["rds-proxy"] if self.rds_proxy else []
        return found + [b for b in dict.fromkeys(self.pause_blockers)]

    @property
    def pauses(self) -> bool:
        """min 0 pauses when idle, unless something AWS names keeps it awake."""
        return self.auto_pause and not self.blockers

    @property
    def readers_pause(self) -> bool:
        """Tier 2-15 readers pause on their own unless a blocker holds them too."""
        return self.auto_pause and not pause.readers_blocked(self.blockers)

    def reader_demand(self) -> Demand | None:
        """What each independent reader (promotion tiers 2-15) serves; None: no such readers."""
        if self.reader_scaling != "independent" or not self.readers:
            return None
        if self.reader_acu is None:
            return Demand.constant(self.min_acu)
        return build_demand(self.reader_acu).demand

    def _simulate(self, demand: Demand, pauses: bool) -> CapacityResult:
        return simulate_v2(
            demand,
            min_acu=self.min_acu,
            max_acu=self.max_acu,
            pause_seconds=self.pause_seconds if pauses else None,
        )

    def notices(self) -> list[Diagnostic]:
        if not (self.auto_pause and self.blockers):
            return []
        if self.blockers == ["rds-proxy"]:
            message = (
                "an RDS Proxy keeps a connection open to each instance, so Aurora Serverless v2 "
                'instances behind it do not auto-pause (Aurora User Guide, "Scaling to Zero ACUs '
                'with automatic pause and resume"); priced at the 0.5 ACU floor when idle'
            )
            short = "no auto-pause behind RDS Proxy"
            return [self.diagnostic("proxy-prevents-pause", message, short=short)]
        short = f"no auto-pause: {', '.join(self.blockers)}"
        return [self.diagnostic("pause-blocked", pause.blocked_message(self.blockers), short=short)]

    def version_problems(self) -> list[str]:
        version = self.version
        problems = [feature_problem(version, "serverless_v2")]
        if not problems[0] and self.auto_pause:
            problems.append(feature_problem(version, "min_0_acu"))
        return [p for p in problems if p] + super().version_problems()

    def version_notes(self) -> list[str]:
        note = max_acu_note(self.version, self.max_acu)
        return super().version_notes() + ([note] if note else [])

    def extended_support_usage(self, run: OptionRun) -> list[ExtendedSupportUsage] | str:
        assert run.writer is not None
        quantity = self._acu_hours(run)
        return [ExtendedSupportUsage(quantity, "ACU-hours", "Serverless v2 capacity, ACU-hours")]

    def _acu_hours(self, run: OptionRun) -> Decimal:
        assert run.writer is not None
        acu_hours = acu_hours_of(run.writer)
        if self.readers and self.reader_scaling == "with-writer":
            return acu_hours * (1 + self.readers)
        for reader in run.readers:
            acu_hours += acu_hours_of(reader)
        return acu_hours

    def _hourly_acu_hours(self, run: OptionRun) -> tuple[list[float], list[float]]:
        """ACU-hours of the writer and its readers in each simulated hour."""
        assert run.writer is not None
        units, hours = hourly_acu_hours(run.writer)
        if self.readers and self.reader_scaling == "with-writer":
            units = [u * (1 + self.readers) for u in units]
        for reader in run.readers:
            reader_units, _ = hourly_acu_hours(reader)
            units = [u + r for u, r in zip(units, reader_units)]
        return units, hours

    def proxy_usage(self, run: OptionRun) -> ProxyUsage | str:
        return proxy_acu_hours(*self._hourly_acu_hours(run))

    def bill_compute(
        self, run: OptionRun, pricing: RegionPricing, cluster: ClusterQuantities
    ) -> ComputeBill | NotSold:
        rates = pricing.rates
        if self.io_optimized:
            rate, what = (
                rates.get("serverless_v2_io_optimized_acu_hour"),
                "Aurora Serverless v2 I/O-Optimized",
            )
        else:
            rate, what = rates.get("serverless_v2_acu_hour"), "Aurora Serverless v2"
        if rate is None:
            return NotSold(f"{what} is not sold in {pricing.region}")
        writer = run.writer
        assert writer is not None
        acu_hours = self._acu_hours(run)  # promotion tier 0-1 readers mirror the writer
        description = "writer"
        if self.readers and self.reader_scaling == "with-writer":
            description = f"writer + {self.readers} reader(s) at the writer's capacity"
        elif self.readers:
            description = f"writer + {self.readers} independent reader(s)"
        bill = bill_acu_hours(self, self.max_acu, metered(writer, acu_hours), description, rate)
        if run.writer_kept_awake:
            message = (
                "the writer does not pause while an independent reader (promotion tier 2-15) "
                f"runs ({pause.SOURCE}); billed at its floor while idle and a reader is active"
            )
            bill.diagnostics.append(
                self.diagnostic("pause-blocked", message, short="writer kept awake by readers")
            )
        return bill

    def fit(self, run: OptionRun) -> Fit:
        return serverless_fit(run, self.max_acu)

    def _on_demand_rate(self, pricing: RegionPricing) -> Decimal | None:
        rates = pricing.rates
        if self.io_optimized:
            return rates.get("serverless_v2_io_optimized_acu_hour")
        return rates.get("serverless_v2_acu_hour")

    def savings_plan_usage(self, run: OptionRun, pricing: RegionPricing) -> EligibleHours | None:
        plan = pricing.savings_plans
        on_demand = self._on_demand_rate(pricing)
        discounted = plan.serverless_v2(self.engine, self.io_optimized) if plan else None
        if run.writer is None or on_demand is None or discounted is None:
            return None
        units, hours = self._hourly_acu_hours(run)
        return EligibleHours(units, hours, on_demand, discounted)

    def settings(self) -> str:
        paused = f", auto-pause after {self.pause_seconds} s" if self.pauses else ""
        readers = f", {self.readers} reader(s) {self.reader_scaling}" if self.readers else ""
        proxy = ", RDS Proxy" if self.rds_proxy else ""
        blocked = f", no pause ({', '.join(self.pause_blockers)})" if self.pause_blockers else ""
        return f"{self.min_acu:g}-{self.max_acu:g} ACU{paused}{readers}, {self.storage}{proxy}{blocked}"

    @classmethod
    def advice_space(cls, ask: AdviceAsk) -> AdviceSpace | str:
        """Derived, not searched (the cost is monotone in each): the lowest `min_acu`
        allowed (0 with auto-pause after 300 s unless `--no-pause`, else 0.5 or
        `--min-acu-at-least`) and the smallest `max_acu` within `--max-throttled-hours`
        (bisection over half-ACU steps); searched: Standard against I/O-Optimized."""
        base = _advised_shape(ask)
        constraints = ask.constraints
        at_least = constraints.min_acu_at_least or 0.0
        shape = cls.model_validate({**base, "min_acu": 0.5, "max_acu": 256})
        problem = feature_problem(shape.version, "serverless_v2")
        if problem:
            return problem
        no_pause = _why_no_pause(shape, ask.demand, constraints)
        pausing = no_pause is None
        min_acu = 0.0 if pausing else max(capacity.V2_MIN_RUNNING_ACU, half_up(at_least))
        demands = [ask.demand]
        probe = cls.model_validate({**base, "min_acu": min_acu, "max_acu": 256})
        reader_demand = probe.reader_demand()
        if reader_demand is not None:
            demands.append(reader_demand)
        max_acu = smallest_max(demands, min_acu, constraints.max_throttled_hours)
        if max_acu is None:
            return f"no Serverless v2 maximum up to {capacity.V2_MAX_ACU:g} ACU carries the load"
        config = {**base, "min_acu": min_acu, "max_acu": max_acu}
        if pausing:
            config["seconds_until_auto_pause"] = capacity.AUTO_PAUSE_MIN_SECONDS

        def candidates() -> Iterator[tuple[OptionBase, OptionRun]]:
            run = None
            for storage in ("standard", "io-optimized"):
                option = cls.model_validate({**config, "storage": storage})
                run = run or option.simulate(ask.demand)  # storage does not change capacity
                yield option, run

        def why(chosen: OptionBase, report: OptionReport, priced: int) -> str:
            assert isinstance(chosen, cls)
            return _why(ask.demand, chosen, constraints, no_pause)

        def nothing(reasons: list[str]) -> str:
            return "no Serverless v2 configuration qualifies: " + "; ".join(reasons)

        return AdviceSpace(candidates(), why, nothing)

    def overridden(self, overrides: Overrides) -> tuple[dict[str, Any], list[str]]:
        doc, notes = super().overridden(overrides)
        if overrides.readers is not None:
            doc["readers"] = overrides.readers
        for key, value in (("min_acu", overrides.min_acu), ("max_acu", overrides.max_acu)):
            if value is None:
                continue
            doc[key] = value
            if key == "min_acu" and value != 0:  # a pause delay only goes with min 0
                doc.pop("seconds_until_auto_pause", None)
        return doc, notes + keep_range(doc, overrides)


def _advised_shape(ask: AdviceAsk) -> dict[str, Any]:
    """The workload's own v2 readers and proxy, or as many readers as its first option."""
    template = ask.template("serverless-v2")
    base: dict[str, Any] = {"name": ask.name, "kind": "serverless-v2"}
    base["engine"] = ask.engine("serverless-v2")
    base.update(ask.version_fields("serverless-v2"))
    if isinstance(template, ServerlessV2Option):
        for key in ("readers", "reader_scaling", "reader_acu", "rds_proxy", "pause_blockers"):
            value = getattr(template, key)
            if value not in (None, 0, False, "with-writer"):
                base[key] = value.model_dump(mode="json") if key == "reader_acu" else value
    elif ask.options[0].instance_count > 1:  # as many readers as the workload runs
        base["readers"] = min(capacity.V2_MAX_READERS, ask.options[0].instance_count - 1)
    return base


def _why_no_pause(
    shape: ServerlessV2Option, demand: Demand, constraints: Constraints
) -> str | None:
    """Why advice does not propose min 0 (None: it does)."""
    if constraints.no_pause or (constraints.min_acu_at_least or 0) > 0:
        return "no pause asked for"
    if shape.blockers:
        return f"AWS does not pause it with {pause.blocked_text(shape.blockers)}"
    problem = feature_problem(shape.version, "min_0_acu")
    if problem:
        return problem
    delay = capacity.AUTO_PAUSE_MIN_SECONDS
    if pause.longest_idle_minutes(demand) * 60 <= delay:
        return f"the demand is never idle longer than the {delay} s pause delay"
    probe = shape.model_copy(update={"min_acu": 0.0, "seconds_until_auto_pause": delay})
    if probe.reader_demand() is not None:  # independent readers: the writer waits for them
        writer = probe.simulate(demand).writer
        if writer is not None and writer.paused_minutes == 0:
            return (
                "the writer would never pause: an independent reader runs whenever it is "
                "idle (AWS pauses the writer only while every reader is paused)"
            )
    return None


def _why(
    demand: Demand, option: ServerlessV2Option, constraints: Constraints, no_pause: str | None
) -> str:
    idle = sum(n for level, n in zip(demand.levels, demand.minutes) if level <= 0) / 60
    total = demand.total_minutes / 60
    period = "a week" if demand.cyclic else "traced"
    if option.min_acu == 0:
        first = (
            f"min 0: idle {tidy(Decimal(idle), 1)} of {tidy(Decimal(total), 1)} hours "
            f"{period}; pause after {option.pause_seconds} s"
        )
    else:
        first = f"min {option.min_acu:g}: {no_pause}"
    allowed = constraints.max_throttled_hours
    capped = f", {allowed:g} throttled hours a month allowed" if allowed else ""
    return f"{first}; max {option.max_acu:g}: peak demand {demand.peak:g} ACU{capped}"


def simulate_v2(
    demand: Demand, *, min_acu: float, max_acu: float, pause_seconds: int | None
) -> CapacityResult:
    """Serverless v2: capacity follows demand in 0.5 ACU steps; with min 0 it pauses when idle."""
    floor = max(min_acu, capacity.V2_MIN_RUNNING_ACU)
    pause_after = math.ceil(pause_seconds / 60) if min_acu == 0 and pause_seconds else 0

    def target(level: float) -> float:
        acu = math.ceil(level * 2) / 2
        return floor if acu < floor else max_acu if acu > max_acu else acu

    if not pause_after:  # no state: each run's capacity depends on its demand alone
        meter = Meter(demand.total_minutes)
        table = {level: target(level) for level in set(demand.levels)}
        meter.acus = list(map(table.__getitem__, demand.levels))
        meter.lengths = list(demand.minutes)
        above = map(gt, demand.levels, repeat(max_acu))
        meter.result.throttled_minutes = sum(compress(demand.minutes, above))
        return meter.finish()

    keys, minutes = coarse_runs(
        demand, lambda level: (target(level) if level > 0 else 0.0, level > max_acu)
    )
    paused, idle = False, 0
    for meter in pass_meters(demand):
        result = meter.result
        acus, lengths = meter.acus, meter.lengths
        for (acu, over), n in zip(keys, minutes):
            if over:
                result.throttled_minutes += n
            if acu:  # demand: the capacity it asks for
                if paused:
                    paused = False
                    result.resumes += 1
                idle = 0
                acus.append(acu)
                lengths.append(n)
            elif paused:
                result.paused_minutes += n
                acus.append(0.0)
                lengths.append(n)
            else:
                running = min(n, pause_after - idle)
                acus.append(floor)
                lengths.append(running)
                idle += running
                if idle >= pause_after:
                    paused = True
                    result.paused_minutes += n - running
                    acus.append(0.0)
                    lengths.append(n - running)
    return meter.finish()
