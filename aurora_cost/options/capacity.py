"""Capacity facts of Aurora Serverless and of provisioned instance classes.

Sources:
- v1 steps: Aurora User Guide (archived awsdocs/amazon-aurora-user-guide @ 287c6040),
  aurora-serverless.create.md: "Valid capacity values for Aurora MySQL are 1, 2, 4, ..., 256";
  PostgreSQL 2, 4, 8, 16, 32, 64, 192, 384 (API_ScalingConfiguration).
- v1 cooldowns: aurora-serverless.how-it-works.md: no scale-down for 15 minutes after a
  scale-up, and another 310 seconds after each scale-down; billing is per second with a
  5-minute minimum per activation.
- v2: 0.5 ACU steps, min 0..256 (0 = auto-pause), max 1..256 (API_ServerlessV2ScalingConfiguration).
- Auto-pause delay 300..86,400 s for both (ScalingConfiguration / SecondsUntilAutoPause).
- 1 ACU is about 2 GiB of memory (Aurora User Guide, "how it works").
"""

from __future__ import annotations

from typing import Literal

Engine = Literal["mysql", "postgresql"]

V1_STEPS: dict[str, tuple[int, ...]] = {
    "mysql": (1, 2, 4, 8, 16, 32, 64, 128, 256),
    "postgresql": (2, 4, 8, 16, 32, 64, 192, 384),
}
V1_SCALE_DOWN_AFTER_UP_SECONDS = 15 * 60
V1_SCALE_DOWN_AFTER_DOWN_SECONDS = 310
# AWS bills at least 5 minutes per v1 activation; it can never bite here: a cluster
# pauses only after `seconds_until_auto_pause` (>= 300 s) without load, so every
# activation has run for at least 5 minutes before it pauses again.
V1_END_OF_LIFE = "2025-03-31"  # Aurora User Guide, "Aurora Serverless v1 end of life"

V2_MIN_RUNNING_ACU = 0.5
V2_MAX_ACU = 256.0
V2_MAX_READERS = 15

# RDS Proxy bills Aurora Serverless v2 per ACU-hour of the database's capacity with a
# minimum of 8 ACUs (RDS Proxy pricing page, https://aws.amazon.com/rds/proxy/pricing/,
# "min 8 ACU"); provisioned instances per vCPU-hour, 2 vCPUs at least, which no Aurora
# class is below.
PROXY_MIN_ACU = 8

AUTO_PAUSE_MIN_SECONDS = 300
AUTO_PAUSE_MAX_SECONDS = 86_400
GIB_PER_ACU = 2

# The vCPUs and memory of each instance class: aurora_cost/options/hardware.py.


def v1_steps_text(engine: str) -> str:
    steps = V1_STEPS[engine]
    if engine == "mysql":
        return "1, 2, 4, ..., 256"
    return ", ".join(str(s) for s in steps)


def is_half_step(value: float) -> bool:
    return float(value * 2).is_integer()
