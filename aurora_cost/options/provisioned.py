"""Provisioned instances: each instance billed every hour of the month, whatever the load.

A provisioned instance holds what its memory holds: an ACU is about 2 GiB (Aurora User
Guide, "How Aurora Serverless v2 works"), so a 4 GiB db.t4g.medium is 2 ACUs of demand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, field_validator

from aurora_cost.errors import did_you_mean
from aurora_cost.money import HOURS_PER_MONTH, as_decimal, tidy
from aurora_cost.options import capacity
from aurora_cost.options.base import (
    ClusterQuantities,
    ComputeBill,
    NotSold,
    OptionBase,
    OptionRun,
)
from aurora_cost.options.charges import line_item
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.report import Metered

CLASS_NAME = re.compile(r"^db\.[a-z0-9]+\.[a-z0-9]+$")  # the form instance_class must have
SERVERLESS_CLASS = "db.serverless"  # the class of Serverless v2 instances, not provisioned


class ProvisionedOption(OptionBase):
    """Provisioned instances: billed every hour whatever the load."""

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
        known = set(capacity.INSTANCE_MEMORY_GIB).union(known_classes)
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
        per_class = pricing.instances.get(self.instance_class)
        rate = None
        if per_class is not None:
            rate = per_class.io_optimized if self.io_optimized else per_class.standard
        if rate is None:
            config = " with I/O-Optimized" if self.io_optimized and per_class else ""
            return NotSold(f"{self.instance_class}{config} is not sold in {pricing.region}")
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
        limit = capacity.instance_acu(self.instance_class)
        if limit is not None and run.peak_demand > limit:
            message = (
                f"peak demand {run.peak_demand:g} ACU exceeds the memory of {self.instance_class} "
                f"({limit:g} ACU = {limit * capacity.GIB_PER_ACU:g} GiB); choose a larger class"
            )
            bill.diagnostics.append(self.diagnostic("undersized", message))
        if cluster.data_api_requests_per_month and self.instance_class.startswith("db.t"):
            message = "the Data API does not run on T instance classes; choose an r class"
            bill.diagnostics.append(self.diagnostic("data-api-t-class", message))
        return bill

    def settings(self) -> str:
        return f"{self.instance_class} x {self.instances}, {self.storage}"
