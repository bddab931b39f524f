"""What a provisioned instance class carries, in ACUs: by memory, by CPU and, for the
burstable T classes, by the CPU baseline it can sustain.

- Memory: an ACU is "approximately 2 gibibytes (GiB) of memory, corresponding CPU, and
  networking" (Aurora User Guide, "How Aurora Serverless v2 works",
  https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html).
- CPU: the "corresponding CPU" of an ACU is read off the memory-optimized classes AWS sizes
  Serverless v2 against (db.r5/r6g/r7g/r8g: 8 GiB per vCPU, so 4 ACUs per vCPU; a db.r6g.large,
  2 vCPUs and 16 GiB, is 8 ACUs either way). AWS does not publish a separate ACU-per-vCPU
  figure: this ratio is derived from its ACU definition, and it matters for the classes with
  more memory per vCPU (db.x2g: 16 GiB per vCPU, so its memory overstates what it carries).
- Baseline: a burstable class sustains only its baseline share of each vCPU (Amazon EC2 User
  Guide, "Key concepts and definitions for burstable performance instances", baseline
  utilization per vCPU, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-credits-baseline-concepts.html);
  Aurora runs T classes in Unlimited mode and bills CPU credits above it. A demand whose
  average over the period is above the baseline is `undersized` ("burstable").
"""

from __future__ import annotations

from dataclasses import dataclass

from aurora_cost.options import hardware
from aurora_cost.options.capacity import GIB_PER_ACU

ACU_PER_VCPU = 4
BASELINE_SOURCE = (
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-credits-baseline-concepts.html"
)
# Baseline utilization per vCPU of the burstable classes Aurora offers (the EC2 table).
BASELINE: dict[str, float] = {
    "db.t2.small": 0.20,
    "db.t2.medium": 0.20,
    "db.t3.small": 0.20,
    "db.t3.medium": 0.20,
    "db.t3.large": 0.30,
    "db.t3.xlarge": 0.40,
    "db.t3.2xlarge": 0.40,
    "db.t4g.small": 0.20,
    "db.t4g.medium": 0.20,
    "db.t4g.large": 0.30,
    "db.t4g.xlarge": 0.40,
    "db.t4g.2xlarge": 0.40,
}


@dataclass(frozen=True)
class Limits:
    """What one instance of a class carries, in ACUs (None: not known)."""

    memory: float | None
    cpu: float | None
    baseline: float | None  # burstable classes only

    @property
    def capacity(self) -> float | None:
        """The smallest of the known limits."""
        known = [x for x in (self.memory, self.cpu, self.baseline) if x is not None]
        return min(known) if known else None


def limits(instance_class: str) -> Limits:
    found = hardware.hardware(instance_class)
    if found is None:
        return Limits(None, None, None)
    share = BASELINE.get(instance_class)
    baseline = None if share is None else found.vcpu * share * ACU_PER_VCPU
    return Limits(float(found.memory_gib) / GIB_PER_ACU, float(found.vcpu * ACU_PER_VCPU), baseline)


def shortfall(instance_class: str, peak: float, mean: float) -> str | None:
    """Why one instance of the class does not carry the demand, or None (it does)."""
    found = limits(instance_class)
    if found.memory is not None and peak > found.memory:
        return (
            f"peak demand {peak:g} ACU needs {peak * GIB_PER_ACU:g} GiB; {instance_class} has "
            f"{found.memory * GIB_PER_ACU:g} GiB ({found.memory:g} ACU)"
        )
    if found.cpu is not None and peak > found.cpu:
        vcpus = found.cpu / ACU_PER_VCPU
        return (
            f"peak demand {peak:g} ACU needs about {peak / ACU_PER_VCPU:g} vCPUs; "
            f"{instance_class} has {vcpus:g} ({found.cpu:g} ACU at {ACU_PER_VCPU} ACU per vCPU)"
        )
    if found.baseline is not None and mean > found.baseline:
        share = BASELINE[instance_class]
        return (
            f"burstable: sustained demand {mean:.3g} ACU is above the {share:.0%} CPU baseline of "
            f"{instance_class} ({found.baseline:g} ACU); choose a larger or an r class"
        )
    return None
