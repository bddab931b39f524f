"""Provisioned instances: each instance billed every hour of the month, whatever the load.

A provisioned instance holds what its memory holds: an ACU is about 2 GiB (Aurora User
Guide, "How Aurora Serverless v2 works"), so a 4 GiB db.t4g.medium is 2 ACUs of demand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from aurora_cost.charges.base import ClusterQuantities, line_item
from aurora_cost.errors import did_you_mean
from aurora_cost.money import HOURS_PER_MONTH, as_decimal, tidy
from aurora_cost.options import capacity, fit, hardware
from aurora_cost.options.advice import AdviceAsk, AdviceSpace
from aurora_cost.options.base import (
    ComputeBill,
    ExtendedSupportUsage,
    NotSold,
    OptionBase,
    OptionRun,
    Overrides,
    ProxyUsage,
)
from aurora_cost.options.reserved import ReservedChoice, ReservedOffer, best_offer
from aurora_cost.options.savings_plan import EligibleHours
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import Fit, FitStatus, Metered, OptionReport
from aurora_cost.versions.rules import class_problem, is_previous_generation

CLASS_NAME = re.compile(r"^db\.[a-z0-9]+\.[a-z0-9]+$")  # the form instance_class must have
SERVERLESS_CLASS = "db.serverless"  # the class of Serverless v2 instances, not provisioned


class ProvisionedOption(OptionBase):
    """Provisioned instances: billed every hour whatever the load."""

    product: ClassVar[str] = "Aurora provisioned instances"
    advised: ClassVar[bool] = True

    name: str = Field(default="provisioned", min_length=1)
    kind: Literal["provisioned"]
    instance_class: str = Field(pattern=r"^db\.[a-z0-9]+\.[a-z0-9]+$")
    instances: int = Field(default=1, ge=1, le=16)

    @field_validator("instance_class", mode="before")
    @classmethod
    def _class_name(cls, value: Any) -> Any:
        """Say what a class name not of the form db.<family>.<size> should be."""
        if not isinstance(value, str) or CLASS_NAME.match(value):
            return value
        if value.strip().lower() == SERVERLESS_CLASS:
            raise ValueError(
                f"{SERVERLESS_CLASS} is the Aurora Serverless v2 instance class; "
                "use kind: serverless-v2 with min_acu and max_acu"
            )
        if CLASS_NAME.match(value.strip().lower()):
            raise ValueError(
                f"{value!r} is not an instance class name; write it in lower case: "
                f"{value.strip().lower()}"
            )
        raise ValueError(f"{value!r} is not an instance class name; write it like db.r6g.large")

    def catalogue_problem(self, known_classes: Iterable[str]) -> str | None:
        """A class that no price file and no Aurora fact table knows is a typo.

        A real Aurora class that a region does not sell (db.r7g.large in eu-west-3) is
        priced as "not sold" there; a class that exists nowhere (db.r6g.hugeish, or
        db.m5.large, which Aurora does not offer) is bad input, with the nearest class.
        """
        known = set(hardware.HARDWARE).union(hardware.NOT_LISTED).union(known_classes)
        if self.instance_class in known:
            return None
        hint = did_you_mean(self.instance_class, known) or "; e.g. db.r6g.large or db.t4g.medium"
        return (
            f"instance_class: '{self.instance_class}' is not an Aurora instance class{hint} "
            "(run 'aurora-cost pricing show REGION' to list the classes a region sells)"
        )

    def bill_compute(
        self, run: OptionRun, pricing: RegionPricing, cluster: ClusterQuantities
    ) -> ComputeBill | NotSold:
        rate = pricing.instance_rate(self.instance_class, self.engine, self.io_optimized)
        if rate is None:
            return NotSold(self._not_sold(pricing))
        hours = Decimal(HOURS_PER_MONTH * self.instances)
        described = f"{self.instance_class} x {self.instances}"
        item = line_item("compute", described, hours, "instance-hours", rate)
        metered = Metered(
            acu_hours=Decimal(0),
            paused_hours=Decimal(0),
            peak_acu=tidy(as_decimal(run.peak_demand)),
            throttled_hours=Decimal(0),
            instance_hours=hours,
        )
        bill = ComputeBill([item], metered)
        memory = hardware.instance_acu(self.instance_class)
        short = fit.shortfall(self.instance_class, run.peak_demand, run.mean_demand)
        if memory is not None and run.peak_demand > memory:
            short = (
                f"peak demand {run.peak_demand:g} ACU exceeds the memory of {self.instance_class} "
                f"({memory:g} ACU = {memory * capacity.GIB_PER_ACU:g} GiB)"
            )
        if short is not None:
            bill.diagnostics.append(
                self.diagnostic("undersized", f"{short}; choose a larger class")
            )
        return bill

    @property
    def instance_count(self) -> int:
        return self.instances

    @property
    def supports_data_api(self) -> bool:
        # The Data API runs on the writer, and not on T classes (Aurora User Guide, "RDS Data
        # API", limitations).
        return not self.instance_class.startswith("db.t")

    def fit(self, run: OptionRun) -> Fit:
        """Undersized when one instance's memory, CPU or (T classes) baseline cannot carry the
        demand (options/fit.py); `capacity_acu` is the smallest of these."""
        limit = fit.limits(self.instance_class).capacity
        peak = run.peak_demand
        short = fit.shortfall(self.instance_class, peak, run.mean_demand)
        if limit is None:
            status: FitStatus = "fits"
            detail = f"the memory of {self.instance_class} is not known; fit not checked"
        elif short is not None:
            status, detail = "undersized", short
        else:
            status = "fits"
            detail = f"peak demand {peak:g} ACU fits in {self.instance_class} ({limit:g} ACU)"
        return Fit(
            status=status,
            peak_demand_acu=tidy(as_decimal(peak)),
            capacity_acu=None if limit is None else tidy(as_decimal(limit)),
            throttled_hours=Decimal(0),
            detail=detail,
        )

    def proxy_usage(self, run: OptionRun) -> ProxyUsage | str:
        # Billed per vCPU-hour of every instance behind the proxy (2 vCPUs at least, which
        # every Aurora class has).
        cores = hardware.vcpus(self.instance_class)
        if cores is None:
            return f"the vCPUs of {self.instance_class} are not known, so RDS Proxy is not priced"
        quantity = Decimal(HOURS_PER_MONTH * self.instances * max(cores, 2))
        return ProxyUsage(
            quantity=quantity,
            unit="vCPU-hours",
            description=f"RDS Proxy, {cores} vCPUs x {self.instances} instance(s) x 730 h",
            rate="provisioned_vcpu_hour",
        )

    def reserved_choice(self, pricing: RegionPricing) -> ReservedChoice | None:
        # one reservation per instance (writer and readers), matched on class, engine and
        # storage configuration
        terms = pricing.reserved_offers(self.instance_class, self.engine, self.io_optimized)
        offers = [ReservedOffer(t.term, t.payment, t.upfront, t.hourly) for t in terms]
        return best_offer(offers, self.instances)

    def version_problems(self) -> list[str]:
        problem = class_problem(self.version, self.instance_class)
        return ([problem] if problem else []) + super().version_problems()

    def extended_support_usage(self, run: OptionRun) -> list[ExtendedSupportUsage] | str:
        # Each instance, writer and readers, pays per vCPU-hour of its class.
        cores = hardware.vcpus(self.instance_class)
        if cores is None:
            return f"the vCPUs of {self.instance_class} are not known"
        quantity = Decimal(HOURS_PER_MONTH * self.instances * cores)
        description = f"{cores} vCPUs x {self.instances} instance(s) x 730 h"
        return [ExtendedSupportUsage(quantity, "vCPU-hours", description)]

    def savings_plan_usage(self, run: OptionRun, pricing: RegionPricing) -> EligibleHours | None:
        # Only some families are eligible (generation 7 and later): those with a plan rate.
        plan = pricing.savings_plans
        on_demand = pricing.instance_rate(self.instance_class, self.engine, self.io_optimized)
        discounted = (
            plan.instance(self.instance_class, self.engine, self.io_optimized) if plan else None
        )
        if on_demand is None or discounted is None:
            return None
        # The same instances every hour: one stretch of 730 hours.
        month = float(HOURS_PER_MONTH)
        return EligibleHours([self.instances * month], [month], on_demand, discounted)

    def overridden(self, overrides: Overrides) -> tuple[dict[str, Any], list[str]]:
        # --readers N: the writer and N readers, as on every other option.
        doc, notes = super().overridden(overrides)
        if overrides.readers is not None:
            doc["instances"] = overrides.readers + 1
        return doc, notes

    def _not_sold(self, pricing: RegionPricing) -> str:
        per_class = pricing.instances.get(self.instance_class)
        if per_class is None:
            return f"{self.instance_class} is not sold in {pricing.region}"
        engine = "Aurora MySQL" if self.engine == "mysql" else "Aurora PostgreSQL"
        if per_class.engine(self.engine) is None:
            return f"{self.instance_class} is not sold for {engine} in {pricing.region}"
        config = "I/O-Optimized" if self.io_optimized else "Standard"
        return f"{self.instance_class} with {config} storage is not sold for {engine} in {pricing.region}"

    @classmethod
    def advice_space(cls, ask: AdviceAsk) -> AdviceSpace | str:
        """Every instance class (and storage) the region sells for the engine that holds
        the peak, as many instances as the workload runs, with its RDS Proxy if it has one."""
        template = ask.template("provisioned")
        engine = ask.engine("provisioned")
        instances = (template or ask.options[0]).instance_count
        proxy = bool(template and template.rds_proxy)
        pricing, demand = ask.pricing, ask.demand

        versions = ask.version_fields("provisioned")

        def candidates() -> Iterator[tuple[OptionBase, OptionRun]]:
            for name in sorted(pricing.instances):
                if is_previous_generation(name):
                    continue  # db.r3, db.r4, db.t2: AWS is retiring them; never advised
                for storage in ("standard", "io-optimized"):
                    if pricing.instance_rate(name, engine, storage == "io-optimized") is None:
                        continue
                    option = cls.model_validate(
                        {"name": ask.name, "kind": "provisioned", "engine": engine,
                         "instance_class": name, "instances": instances, "storage": storage,
                         "rds_proxy": proxy, **versions}
                    )  # fmt: skip
                    if option.version_problems():
                        continue  # AWS does not create it on this engine version
                    run = option.simulate(demand)
                    if option.fit(run).status == "fits":
                        yield option, run

        def why(chosen: OptionBase, report: OptionReport, fitting: int) -> str:
            assert isinstance(chosen, cls)
            fit = report.fit
            holds = f" ({fit.capacity_acu} ACU)" if fit and fit.capacity_acu is not None else ""
            return (
                f"{chosen.instance_class} x {chosen.instances}: the cheapest of {fitting} class "
                f"and storage choices that hold the {demand.peak:g} ACU peak{holds}"
            )

        def nothing(reasons: list[str]) -> str:
            return (
                f"no instance class sold in {pricing.region} for Aurora {engine} holds the "
                f"peak demand of {demand.peak:g} ACU with a complete bill"
            )

        return AdviceSpace(candidates(), why, nothing)

    def settings(self) -> str:
        proxy = ", RDS Proxy" if self.rds_proxy else ""
        return f"{self.instance_class} x {self.instances}, {self.storage}{proxy}"
