"""A cluster as AWS defines it: its instances one by one, db.serverless and provisioned mixed.

How each instance is billed (Aurora User Guide, "How Aurora Serverless v2 works" and
"Choosing the promotion tier for an Aurora Serverless v2 reader"):
- the first instance listed is the writer;
- a db.serverless writer follows the demand in 0.5 ACU steps within [min_acu, max_acu]
  (auto-pause at min 0), as `serverless-v2` does;
- db.serverless readers in promotion tiers 0-1 are kept at least at the writer's capacity;
  behind a provisioned writer, Aurora uses the writer class's equivalent capacity (its
  memory / 2 GiB), so such a reader runs at that all month, within [min_acu, max_acu];
- db.serverless readers in tiers 2-15 follow their own demand, `reader_acu` (default a
  constant `min_acu`);
- every other class bills each hour of the month at its on-demand rate.
The per-cluster charges (storage, I/O, backup, ...) are billed once, as for every kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from aurora_cost.charges.base import ClusterQuantities
from aurora_cost.demand.build import build_demand
from aurora_cost.demand.runs import Demand
from aurora_cost.demand.spec import DemandSpec
from aurora_cost.money import HOURS_PER_MONTH, as_decimal, tidy
from aurora_cost.options import capacity, hardware, pause
from aurora_cost.options.base import (
    ComputeBill,
    ExtendedSupportUsage,
    NotSold,
    OptionBase,
    OptionRun,
    ProxyUsage,
)
from aurora_cost.options.meter import CapacityResult
from aurora_cost.options.provisioned import ProvisionedOption
from aurora_cost.options.savings_plan import EligibleHours
from aurora_cost.options.serverless import (
    acu_hours_of,
    bill_acu_hours,
    check_pause_seconds,
    hourly_acu_hours,
    metered,
    proxy_acu_hours,
    serverless_fit,
)
from aurora_cost.options.serverless_v2 import simulate_v2
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import Diagnostic, Fit, Metered
from aurora_cost.versions.rules import class_problem, feature_problem, max_acu_note

SERVERLESS = "db.serverless"


class ClusterInstance(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    instance_class: str = Field(pattern=r"^db\.([a-z0-9]+\.[a-z0-9]+|serverless)$")
    promotion_tier: int = Field(default=1, ge=0, le=15)

    @property
    def serverless(self) -> bool:
        return self.instance_class == SERVERLESS

    @property
    def with_writer(self) -> bool:
        return self.promotion_tier <= 1


@dataclass
class ClusterRun(OptionRun):
    """The writer (when db.serverless), the tier 0-1 readers' capacity and tier 2-15 readers."""

    mirrored: CapacityResult | None = None  # each db.serverless reader in tiers 0-1


class ClusterOption(OptionBase):
    """An Aurora cluster listed instance by instance (the first is the writer)."""

    product: ClassVar[str] = "Aurora cluster"

    name: str = Field(default="cluster", min_length=1)
    kind: Literal["cluster"]
    instances: list[ClusterInstance] = Field(min_length=1, max_length=16)
    min_acu: float | None = Field(default=None, ge=0, le=capacity.V2_MAX_ACU, allow_inf_nan=False)
    max_acu: float | None = Field(default=None, ge=1, le=capacity.V2_MAX_ACU, allow_inf_nan=False)
    seconds_until_auto_pause: int | None = None
    reader_acu: DemandSpec | None = None
    pause_blockers: list[pause.PauseBlocker] = Field(default_factory=list, max_length=5)

    @field_validator("min_acu", "max_acu")
    @classmethod
    def _half_steps(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is not None and not capacity.is_half_step(value):
            raise ValueError(f"{value:g} is not a serverless v2 capacity; use steps of 0.5 ACU")
        low = info.data.get("min_acu")
        if info.field_name == "max_acu" and value is not None and low is not None and value < low:
            raise ValueError(f"{value:g} is below min_acu {low:g}; max_acu must be >= min_acu")
        return value

    @field_validator("seconds_until_auto_pause")
    @classmethod
    def _pause(cls, value: int | None) -> int | None:
        return check_pause_seconds(value)

    @property
    def instance_count(self) -> int:
        return len(self.instances)

    @model_validator(mode="after")
    def _range_for_serverless(self) -> ClusterOption:
        if any(i.serverless for i in self.instances) and (
            self.min_acu is None or self.max_acu is None
        ):
            raise ValueError("db.serverless instances need min_acu and max_acu")
        return self

    @property
    def writer(self) -> ClusterInstance:
        return self.instances[0]

    @property
    def _serverless_readers(self) -> tuple[int, int]:
        """(tier 0-1, tier 2-15) counts of db.serverless readers."""
        readers = [i for i in self.instances[1:] if i.serverless]
        mirrored = sum(1 for i in readers if i.with_writer)
        return mirrored, len(readers) - mirrored

    @property
    def auto_pause(self) -> bool:
        return self.min_acu == 0

    @property
    def blockers(self) -> list[str]:
        """What keeps min 0 from pausing the writer (see options/pause.py)."""
        found = ["rds-proxy"] if self.rds_proxy else []
        found += list(dict.fromkeys(self.pause_blockers))
        if any(not i.serverless for i in self.instances):
            found.append("provisioned-instance")
        return found

    @property
    def pauses(self) -> bool:
        return self.auto_pause and not self.blockers

    def _v2(self, demand: Demand, pauses: bool) -> CapacityResult:
        assert self.min_acu is not None and self.max_acu is not None
        seconds = self.seconds_until_auto_pause or capacity.AUTO_PAUSE_MIN_SECONDS
        return simulate_v2(
            demand,
            min_acu=self.min_acu,
            max_acu=self.max_acu,
            pause_seconds=seconds if pauses else None,
        )

    def simulate(self, demand: Demand) -> OptionRun:
        run = ClusterRun(peak_demand=demand.peak, mean_demand=demand.mean)
        mirrored, independent = self._serverless_readers
        if self.writer.serverless:
            run.writer = self._v2(demand, self.pauses)
        elif mirrored:
            equivalent = hardware.instance_acu(self.writer.instance_class) or self.max_acu or 1
            run.mirrored = self._v2(Demand.constant(equivalent), pauses=False)
        if independent:
            assert self.min_acu is not None
            reader_demand = (
                build_demand(self.reader_acu).demand
                if self.reader_acu is not None
                else Demand.constant(self.min_acu)
            )
            readers_pause = self.auto_pause and not pause.readers_blocked(self.blockers)
            reader = self._v2(reader_demand, readers_pause)
            run.readers = [reader] * independent
            run.reader_peak_demand = reader_demand.peak
            if self.pauses and run.writer is not None:
                floor = max(self.min_acu, capacity.V2_MIN_RUNNING_ACU)
                held = pause.kept_awake(run.writer, reader, floor)
                run.writer_kept_awake, run.writer = held is not run.writer, held
        return run

    def notices(self) -> list[Diagnostic]:
        if not (self.auto_pause and self.writer.serverless and self.blockers):
            return []
        short = f"no auto-pause: {', '.join(self.blockers)}"
        return [self.diagnostic("pause-blocked", pause.blocked_message(self.blockers), short=short)]

    def version_problems(self) -> list[str]:
        version = self.version
        problems: list[str | None] = []
        if any(i.serverless for i in self.instances):
            problems.append(feature_problem(version, "serverless_v2"))
            if not problems[0] and self.auto_pause:
                problems.append(feature_problem(version, "min_0_acu"))
        for cls in dict.fromkeys(i.instance_class for i in self.instances if not i.serverless):
            problems.append(class_problem(version, cls))
        return [p for p in problems if p] + super().version_problems()

    def version_notes(self) -> list[str]:
        notes = super().version_notes()
        if self.max_acu is not None and any(i.serverless for i in self.instances):
            note = max_acu_note(self.version, self.max_acu)
            notes += [note] if note else []
        return notes

    def extended_support_usage(self, run: OptionRun) -> list[ExtendedSupportUsage] | str:
        out: list[ExtendedSupportUsage] = []
        if any(i.serverless for i in self.instances):
            quantity = self._serverless_acu_hours(run)
            out.append(ExtendedSupportUsage(quantity, "ACU-hours", "db.serverless, ACU-hours"))
        for part in self._provisioned():
            found = part.extended_support_usage(run)
            if isinstance(found, str):
                return found
            out += found
        return out

    def _provisioned(self) -> list[ProvisionedOption]:
        counts = Counter(i.instance_class for i in self.instances if not i.serverless)
        return [
            ProvisionedOption(
                kind="provisioned",
                name=self.name,
                instance_class=cls,
                instances=n,
                engine=self.engine,
                storage=self.storage,
            )
            for cls, n in counts.items()
        ]

    def _serverless_acu_hours(self, run: OptionRun) -> Decimal:
        mirrored, _ = self._serverless_readers
        hours = Decimal(0)
        if run.writer is not None:
            hours += acu_hours_of(run.writer) * (1 + mirrored)
        elif isinstance(run, ClusterRun) and run.mirrored is not None:
            hours += acu_hours_of(run.mirrored) * mirrored
        for reader in run.readers:
            hours += acu_hours_of(reader)
        return hours

    def _v2_rate(self, pricing: RegionPricing) -> Decimal | None:
        rates = pricing.rates
        if self.io_optimized:
            return rates.get("serverless_v2_io_optimized_acu_hour")
        return rates.get("serverless_v2_acu_hour")

    def bill_compute(
        self, run: OptionRun, pricing: RegionPricing, cluster: ClusterQuantities
    ) -> ComputeBill | NotSold:
        items, diagnostics = [], []
        acu_hours, peak, paused, throttled, resumes = (
            Decimal(0),
            0.0,
            Decimal(0),
            Decimal(0),
            Decimal(0),
        )
        if any(i.serverless for i in self.instances):
            rate = self._v2_rate(pricing)
            if rate is None:
                return NotSold(
                    f"Aurora Serverless v2 (db.serverless) is not sold in {pricing.region}"
                )
            acu_hours = self._serverless_acu_hours(run)
            mirrored, independent = self._serverless_readers
            parts = ["writer"] if self.writer.serverless else []
            parts += [f"{mirrored} reader(s) tier 0-1"] if mirrored else []
            parts += [f"{independent} reader(s) tier 2-15"] if independent else []
            source = run.writer or getattr(run, "mirrored", None) or run.readers[0]
            served = metered(source, acu_hours)
            assert self.max_acu is not None
            bill = bill_acu_hours(
                self, self.max_acu, served, f"db.serverless: {' + '.join(parts)}", rate
            )
            items += bill.items
            diagnostics += bill.diagnostics
            if run.writer_kept_awake:
                message = (
                    "the writer does not pause while a tier 2-15 reader runs "
                    f"({pause.SOURCE}); billed at its floor while idle and a reader is active"
                )
                short = "writer kept awake by readers"
                diagnostics.append(self.diagnostic("pause-blocked", message, short=short))
            peak, paused, throttled, resumes = (
                float(served.peak_acu),
                served.paused_hours,
                served.throttled_hours,
                served.resumes_per_month,
            )
        instance_hours = Decimal(0)
        for part in self._provisioned():
            billed = part.bill_compute(run, pricing, cluster)
            if isinstance(billed, NotSold):
                return billed
            items += billed.items
            instance_hours += billed.metered.instance_hours
            if part.instance_class == self.writer.instance_class:
                diagnostics += billed.diagnostics  # undersized: the writer carries the load
        metered_all = Metered(
            acu_hours=tidy(acu_hours),
            paused_hours=paused,
            peak_acu=tidy(
                as_decimal(max(peak, 0.0 if self.writer.serverless else run.peak_demand))
            ),
            throttled_hours=throttled,
            instance_hours=instance_hours,
            resumes_per_month=resumes,
        )
        return ComputeBill(items, metered_all, diagnostics)

    @property
    def supports_data_api(self) -> bool:
        return not self.writer.instance_class.startswith("db.t")  # not on T classes

    def fit(self, run: OptionRun) -> Fit:
        if self.writer.serverless:
            assert self.max_acu is not None
            return serverless_fit(run, self.max_acu)
        writer = ProvisionedOption(kind="provisioned", instance_class=self.writer.instance_class)
        return writer.fit(run)

    def catalogue_problem(self, known_classes: object) -> str | None:
        for index, part in enumerate(self.instances):
            if part.serverless:
                continue
            single = ProvisionedOption(kind="provisioned", instance_class=part.instance_class)
            found = single.catalogue_problem(known_classes)  # type: ignore[arg-type]
            if found:
                return f"instances[{index}].{found}"
        return None

    def _hourly(self, run: OptionRun) -> tuple[list[float], list[float]]:
        """ACU-hours of every db.serverless instance in each simulated hour."""
        mirrored, _ = self._serverless_readers
        base = run.writer or (run.mirrored if isinstance(run, ClusterRun) else None)
        if base is None:
            units, hours = hourly_acu_hours(run.readers[0])
            units = [0.0] * len(units)
        else:
            units, hours = hourly_acu_hours(base)
            units = [u * ((1 + mirrored) if run.writer is not None else mirrored) for u in units]
        for reader in run.readers:
            extra, _ = hourly_acu_hours(reader)
            units = [u + r for u, r in zip(units, extra)]
        return units, hours

    def proxy_usage(self, run: OptionRun) -> ProxyUsage | str:
        # RDS Proxy bills ACU-hours of db.serverless capacity and vCPU-hours of provisioned
        # instances; a cluster mixing both would need two rates in one line: left out.
        if not all(i.serverless for i in self.instances):
            return "RDS Proxy in front of a cluster mixing db.serverless and provisioned instances is not priced"
        return proxy_acu_hours(*self._hourly(run))

    def savings_plan_usage(self, run: OptionRun, pricing: RegionPricing) -> EligibleHours | None:
        """Every compute part's usage in on-demand USD, an hour at a time.

        Only when every part is eligible at the same discount: the plan then covers the
        whole compute bill, which is what the report's savings_plan replaces.
        """
        plan = pricing.savings_plans
        if plan is None:
            return None
        ratios: set[Decimal] = set()
        hours: list[float] = [float(HOURS_PER_MONTH)]  # provisioned only: one stretch
        usd: list[float] = [0.0]
        if any(i.serverless for i in self.instances):
            on_demand = self._v2_rate(pricing)
            discounted = plan.serverless_v2(self.engine, self.io_optimized)
            if on_demand is None or discounted is None:
                return None
            ratios.add(discounted / on_demand)
            units, hours = self._hourly(run)
            usd = [u * float(on_demand) for u in units]
        for part in self._provisioned():
            usage = part.savings_plan_usage(run, pricing)
            if usage is None:
                return None
            ratios.add(usage.discounted / usage.on_demand)
            per_hour = usage.units[0] / usage.hours[0] * float(usage.on_demand)
            usd = [u + per_hour * h for u, h in zip(usd, hours)]
        if len(ratios) != 1:
            return None
        return EligibleHours(usd, hours, Decimal(1), ratios.pop())

    def settings(self) -> str:
        counts = Counter(i.instance_class for i in self.instances)
        listed = ", ".join(f"{n} x {cls}" for cls, n in counts.items())
        scaling = ""
        if SERVERLESS in counts:
            assert self.min_acu is not None and self.max_acu is not None
            scaling = f" ({self.min_acu:g}-{self.max_acu:g} ACU"
            scaling += ", auto-pause)" if self.pauses else ")"
            if self.pause_blockers:
                scaling += f", no pause ({', '.join(self.pause_blockers)})"
        proxy = ", RDS Proxy" if self.rds_proxy else ""
        return f"writer {self.writer.instance_class}; {listed}{scaling}, {self.storage}{proxy}"
