"""What every option kind provides, and what it is given.

An option kind is one module (`serverless_v1`, `serverless_v2`, `provisioned`) with a
Pydantic model that subclasses `OptionBase` and registers in `options/__init__.py`. The
model is both the workload file's entry and the code that knows the kind: how it
simulates a demand, how its compute is billed, how it is described, and how the
command line's what-if flags change it. Nothing outside the kind's module asks which
kind an option is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from aurora_cost.charges.base import ClusterQuantities as ClusterQuantities  # its home
from aurora_cost.demand.runs import Demand
from aurora_cost.money import per_month
from aurora_cost.options import capacity
from aurora_cost.options.advice import AdviceAsk, AdviceSpace
from aurora_cost.options.meter import CapacityResult
from aurora_cost.options.reserved import ReservedChoice
from aurora_cost.options.savings_plan import EligibleHours
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import Diagnostic, Fit, LineItem, Metered, Severity
from aurora_cost.versions import EngineVersion, default_version, parse_version
from aurora_cost.versions.rules import feature_problem

StorageConfig = Literal["standard", "io-optimized"]
# AWS's EngineLifecycleSupport values: whether the cluster enrols in RDS Extended Support
LifecycleSupport = Literal[
    "open-source-rds-extended-support", "open-source-rds-extended-support-disabled"
]


@dataclass(frozen=True)
class Overrides:
    """The what-if flags that each kind applies to its own options (or ignores)."""

    readers: int | None = None
    io_optimized: bool = False
    min_acu: float | None = None
    max_acu: float | None = None


@dataclass
class OptionRun:
    """One option's simulated instances: the writer and the independent readers.

    Provisioned options bill every hour whatever the load, so they keep no timeline.
    """

    peak_demand: float
    writer: CapacityResult | None = None
    readers: list[CapacityResult] = field(default_factory=list)
    reader_peak_demand: float = 0.0  # independent readers follow their own demand
    mean_demand: float = 0.0  # the average over the period (what a burstable class sustains)
    writer_kept_awake: bool = False  # idle writer minutes ran at the floor: a reader was up


@dataclass
class ComputeBill:
    """The compute part of an option's bill, what was metered, and what to know about it."""

    items: list[LineItem]
    metered: Metered
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class ProxyUsage:
    """What RDS Proxy bills for an option: vCPU-hours or ACU-hours of the database."""

    quantity: Decimal  # a month
    unit: str
    description: str
    rate: Literal["provisioned_vcpu_hour", "serverless_v2_acu_hour"]  # its rds_proxy rate


@dataclass(frozen=True)
class ExtendedSupportUsage:
    """What RDS Extended Support bills an option for: vCPU-hours or ACU-hours, a month."""

    quantity: Decimal
    unit: Literal["vCPU-hours", "ACU-hours"]
    description: str


@dataclass(frozen=True)
class NotSold:
    """The option cannot be created in this region (no rate in its price file)."""

    reason: str


class OptionBase(BaseModel):
    """The fields and the protocol every option kind shares."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    legacy: ClassVar[bool] = False  # shown for comparison, never the cheapest
    advised: ClassVar[bool] = False  # advice searches this kind (`advice_space`)
    product: ClassVar[str] = "Aurora"  # the kind in AWS's words, for messages

    if TYPE_CHECKING:  # each kind declares `kind: Literal["<name>"]` (its registry key)
        kind: str

    name: str = Field(min_length=1)
    engine: capacity.Engine = "mysql"
    storage: StorageConfig = "standard"
    rds_proxy: bool = False  # Amazon RDS Proxy in front of the cluster
    engine_version: str | None = None  # AWS's version or a major; None: the newest major
    engine_lifecycle_support: LifecycleSupport | None = None  # None: AWS's default (enrolled)
    existing: bool = False  # a cluster that runs today: priced as it runs, even if AWS
    # would not create it now

    @field_validator("engine_version")
    @classmethod
    def _version(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            parse_version(info.data.get("engine", "mysql"), value)  # ValueError: how to write it
        return value

    @property
    def version(self) -> EngineVersion:
        """The engine version priced (the newest major AWS offers when none is given)."""
        if self.engine_version is None:
            return default_version(self.engine)
        return parse_version(self.engine, self.engine_version)

    def version_problems(self) -> list[str]:
        """What AWS will not create of this option on its engine version (empty: all of it)."""
        problem = feature_problem(self.version, "io_optimized") if self.io_optimized else None
        return [problem] if problem else []

    def version_notes(self) -> list[str]:
        """What to know about the version (not in the catalogue, a limit not confirmed)."""
        note = self.version.note
        return [note] if note else []

    def extended_support_usage(self, run: OptionRun) -> list[ExtendedSupportUsage] | str:
        """What RDS Extended Support bills (nothing: it is not offered for the kind, as for
        Serverless v1), or why it cannot be priced."""
        return []

    @property
    def io_optimized(self) -> bool:
        return self.storage == "io-optimized"

    @property
    def supports_backtrack(self) -> bool:
        """Backtrack is an Aurora MySQL feature (Aurora User Guide, "Backtracking")."""
        return self.engine == "mysql"

    @property
    def supports_global_database(self) -> bool:
        """Whether the cluster can be part of an Aurora Global Database."""
        return True

    def simulate(self, demand: Demand) -> OptionRun:
        """The option's capacity over the demand (the default: billed whatever the load)."""
        return OptionRun(peak_demand=demand.peak, mean_demand=demand.mean)

    @property
    def supports_data_api(self) -> bool:
        return True

    @property
    def instance_count(self) -> int:
        """The writer and its readers."""
        return 1

    def bill_compute(
        self, run: OptionRun, pricing: RegionPricing, cluster: ClusterQuantities
    ) -> ComputeBill | NotSold:
        raise NotImplementedError

    def fit(self, run: OptionRun) -> Fit:
        """Whether the option carries the simulated demand."""
        raise NotImplementedError

    def proxy_usage(self, run: OptionRun) -> ProxyUsage | str:
        """What an RDS Proxy in front of this option bills, or why it cannot be priced."""
        return f"RDS Proxy does not support {self.product}"

    @classmethod
    def advice_space(cls, ask: AdviceAsk) -> AdviceSpace | str:
        """The configurations of this kind advice should price for `ask`, or why none."""
        return f"{cls.product} is not advised"

    def savings_plan_usage(self, run: OptionRun, pricing: RegionPricing) -> EligibleHours | None:
        """The option's usage that Database Savings Plans discount, or None if not eligible."""
        return None

    def reserved_choice(self, pricing: RegionPricing) -> ReservedChoice | None:
        """The best Reserved Instance term and payment, or None (no rates, or not eligible)."""
        return None

    def catalogue_problem(self, known_classes: Iterable[str]) -> str | None:
        """What is wrong with the option given every instance class a price file names."""
        return None

    def notices(self) -> list[Diagnostic]:
        """What to know about the option wherever it is priced (v1's end of life, say)."""
        return []

    def settings(self) -> str:
        """The configuration in a few words, for tables."""
        raise NotImplementedError

    def overridden(self, overrides: Overrides) -> tuple[dict[str, Any], list[str]]:
        """This option's workload-file entry with the what-if flags applied, and notes."""
        doc = self.model_dump(mode="json", exclude_none=True)
        if overrides.io_optimized:
            doc["storage"] = "io-optimized"
        return doc, []

    def diagnostic(
        self, code: str, message: str, *, severity: Severity = "warning", short: str | None = None
    ) -> Diagnostic:
        return Diagnostic(
            code=code, severity=severity, message=message, option=self.name, short=short
        )


def hours_from_minutes(minutes: float, period_minutes: int) -> Decimal:
    """Minutes over a simulated period as hours of a 730-hour month."""
    return per_month(minutes, period_minutes) / 60
