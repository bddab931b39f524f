"""From a cluster's metrics to its demand (ACUs each minute) and its monthly amounts.

- Serverless v2 instances: `ServerlessDatabaseCapacity` (Average), the ACUs AWS billed.
- Provisioned instances: `CPUUtilization` (Average) through the CPU rule: an instance at
  100% CPU does the work of its vCPUs times the ACUs per vCPU that `options/fit.py` derives
  from AWS's definition of an ACU ("approximately 2 GiB of memory, with corresponding CPU and
  networking"; the memory-optimized classes Serverless v2 is sized against have 8 GiB per
  vCPU, so 4 ACUs per vCPU), the same rule `fit` judges a class by. This is an
  approximation: CPU is not all a database needs (memory, I/O waits and connections are not
  in it), and a CPU-bound workload on Graviton and Intel classes of one size does not do the
  same work.
- Any instance: a minute whose `DatabaseConnections` Maximum is 0 had no connections, so its
  demand is 0 (what lets Serverless v2 pause); a minute with no datapoint is a gap.
- The cluster: `VolumeBytesUsed` (storage), `VolumeReadIOPs` + `VolumeWriteIOPs` (billed
  I/O, summed), `TotalBackupStorageBilled` (backup beyond the free allowance), a day at a time.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aurora_cost.atomic import write_text_atomic
from aurora_cost.infra.model import InfraCluster, InfraInstance
from aurora_cost.money import HOURS_PER_MONTH
from aurora_cost.options import fit, hardware
from aurora_cost.sources.aws.metrics import Series, Window

GIB = 1024**3
DAY = 86_400
CAPACITY, CPU, CONNECTIONS, MEMORY = (
    "ServerlessDatabaseCapacity",
    "CPUUtilization",
    "DatabaseConnections",
    "FreeableMemory",
)
VOLUME, READS, WRITES, BACKUP = (
    "VolumeBytesUsed",
    "VolumeReadIOPs",
    "VolumeWriteIOPs",
    "TotalBackupStorageBilled",
)


def acu_per_vcpu(instance_class: str) -> float | None:
    """The CPU rule's ACUs per vCPU of a class (None: its vCPUs are not published)."""
    return None if hardware.vcpus(instance_class) is None else float(fit.ACU_PER_VCPU)


def instance_series(
    instance: InfraInstance, dimension: str = "DBInstanceIdentifier"
) -> list[Series]:
    """The metrics read for one instance. A Serverless v1 cluster has no DB instances: its
    `ServerlessDatabaseCapacity` and connections are the cluster's (`DBClusterIdentifier`),
    read for the Serverless v2 writer that stands for it after AWS's migration."""
    one = dimension, instance.address
    if instance.serverless:
        return [Series(*one, CAPACITY, "Average"), Series(*one, CONNECTIONS, "Maximum")]
    return [
        Series(*one, CPU, "Average"),
        Series(*one, CONNECTIONS, "Maximum"),
        Series(*one, MEMORY, "Minimum"),
    ]


def cluster_series(cluster: InfraCluster) -> list[Series]:
    one = "DBClusterIdentifier", cluster.address
    return [
        Series(*one, VOLUME, "Average", DAY),
        Series(*one, READS, "Sum", DAY),
        Series(*one, WRITES, "Sum", DAY),
        Series(*one, BACKUP, "Average", DAY),
    ]


@dataclass
class InstanceDemand:
    """One instance's demand a minute over the window (NaN: no datapoint)."""

    minutes: array[float]
    source: str  # the metric it came from
    paused_minutes: int = 0  # Serverless v2 at 0 ACU
    samples: int = 0
    memory_in_use_gib: float | None = None  # the most memory in use (provisioned)


def _grid(window: Window, values: dict[int, float]) -> array[float]:
    """Values on the window's minutes; a 300-second datapoint covers its five minutes."""
    start = int(window.start.timestamp())
    coarse_end = max(
        (int(e.timestamp()) for _, e, period in window.parts() if period > 60), default=start
    )
    grid = array("d", [math.nan]) * window.minutes
    for moment, value in values.items():
        first = (moment - start) // 60
        span = 5 if moment < coarse_end else 1
        for m in range(max(first, 0), min(first + span, window.minutes)):
            grid[m] = value
    return grid


def instance_demand(
    instance: InfraInstance,
    window: Window,
    values: dict[Series, dict[int, float]],
    dimension: str = "DBInstanceIdentifier",
) -> InstanceDemand | None:
    """The instance's demand, or None when CloudWatch has no datapoint for it."""
    main, connections, *rest = instance_series(instance, dimension)
    readings = values.get(main) or {}
    if not readings:
        return None
    grid = _grid(window, readings)
    if not instance.serverless:
        per_vcpu = acu_per_vcpu(instance.instance_class)
        vcpus = hardware.vcpus(instance.instance_class)
        if per_vcpu is None or vcpus is None:
            return None
        scale = vcpus * per_vcpu / 100
        grid = array("d", (v * scale for v in grid))
    idle = _grid(window, values.get(connections) or {})
    paused = sum(1 for v in grid if v == 0) if instance.serverless else 0
    for m, busiest in enumerate(idle):
        if busiest == 0 and not math.isnan(grid[m]):
            grid[m] = 0.0
    memory = None
    if rest and values.get(rest[0]):
        total = hardware.memory_gib(instance.instance_class)
        if total is not None:
            memory = max(0.0, total - min(values[rest[0]].values()) / GIB)
    return InstanceDemand(grid, main.metric, paused, len(readings), memory)


@dataclass
class Amounts:
    """The cluster's monthly amounts from its cluster metrics (None: no datapoint)."""

    storage_gb: float | None = None
    io_requests_per_month: float | None = None
    backup_billed_gb: float | None = None
    notes: list[str] = field(default_factory=list)

    def workload_keys(self) -> dict[str, float]:
        """The workload file's keys: backup is the total, of which storage_gb is free."""
        keys: dict[str, float] = {}
        if self.storage_gb is not None:
            keys["storage_gb"] = round(self.storage_gb, 3)
        if self.io_requests_per_month is not None:
            keys["io_requests_per_month"] = round(self.io_requests_per_month)
        if self.backup_billed_gb:
            keys["backup_storage_gb"] = round(self.backup_billed_gb + (self.storage_gb or 0), 3)
        return keys


def amounts(cluster: InfraCluster, values: dict[Series, dict[int, float]]) -> Amounts:
    volume, reads, writes, backup = (values.get(s) or {} for s in cluster_series(cluster))
    found = Amounts()
    if volume:
        found.storage_gb = volume[max(volume)] / GIB  # the latest day: what is stored now
    else:
        found.notes.append("no VolumeBytesUsed datapoint: storage is not in the bill")
    days = set(reads) | set(writes)
    if days:
        total = sum(reads.values()) + sum(writes.values())
        found.io_requests_per_month = total * HOURS_PER_MONTH / (len(days) * 24)
    else:
        found.notes.append("no VolumeReadIOPs/VolumeWriteIOPs datapoint: I/O is not in the bill")
    if backup:
        found.backup_billed_gb = backup[max(backup)] / GIB
    return found


def write_trace(path: Path, window: Window, minutes: array[float]) -> int:
    """The demand as a CSV trace (timestamp, acu), a row per minute with a datapoint."""
    start = int(window.start.timestamp())
    rows = ["timestamp,acu"]
    for m, value in enumerate(minutes):
        if not math.isnan(value):
            rows.append(f"{start + 60 * m},{value:.6g}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, "\n".join(rows) + "\n")
    return len(rows) - 1


def combine(parts: list[array[float]]) -> array[float]:
    """Several instances' minutes as one: the highest demand of the minute (NaN if none)."""
    out = array("d", parts[0])
    for part in parts[1:]:
        for m, value in enumerate(part):
            if math.isnan(out[m]) or (not math.isnan(value) and value > out[m]):
                out[m] = value
    return out


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%MZ")
