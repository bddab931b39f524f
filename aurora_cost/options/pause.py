"""When a Serverless v2 instance with a minimum of 0 ACUs may pause, as AWS documents it.

AWS (Aurora User Guide, "Scaling to Zero ACUs with automatic pause and resume",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html):
an instance does not pause with an RDS Proxy attached; with binlog replication (Aurora MySQL)
or logical replication (Aurora PostgreSQL), for the writer and tier 0-1 readers; as a member of
a Global Database; with a zero-ETL integration; with Babelfish; and the writer does not pause
while the cluster has a provisioned instance, or while any reader is running (tier 0-1 readers
pause and resume with the writer; a tier 2-15 reader that resumes wakes the writer). A blocked
instance runs at its 0.5 ACU floor while idle.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from aurora_cost.demand.runs import Demand
from aurora_cost.options.meter import CapacityResult, Meter

PauseBlocker = Literal[
    "binlog-replication", "logical-replication", "global-database", "zero-etl", "babelfish"
]
SOURCE = (
    'Aurora User Guide, "Scaling to Zero ACUs with automatic pause and resume", '
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html"
)
WHAT: dict[str, str] = {
    "binlog-replication": "binlog replication (binlog_format is not OFF)",
    "logical-replication": "logical replication (rds.logical_replication = 1)",
    "global-database": "an Aurora Global Database",
    "zero-etl": "a zero-ETL integration",
    "babelfish": "Babelfish",
    "rds-proxy": "an RDS Proxy (it keeps a connection open to each instance)",
    "provisioned-instance": "a provisioned instance in the cluster",
}
# Replication keeps the writer and tier 0-1 readers awake, not tier 2-15 readers.
WRITER_ONLY = frozenset({"binlog-replication", "logical-replication", "provisioned-instance"})


def blocked_text(blockers: Iterable[str]) -> str:
    return ", ".join(WHAT[b] for b in blockers)


def blocked_message(blockers: list[str]) -> str:
    return (
        f"min_acu 0 does not pause here: AWS does not pause an instance with "
        f"{blocked_text(blockers)} ({SOURCE}); billed at the 0.5 ACU floor while idle"
    )


def readers_blocked(blockers: Iterable[str]) -> bool:
    """Whether tier 2-15 readers are kept awake too."""
    return any(b not in WRITER_ONLY for b in blockers)


def kept_awake(writer: CapacityResult, reader: CapacityResult, floor: float) -> CapacityResult:
    """The writer's billed timeline with every paused minute in which a reader runs raised to
    the writer's running floor: the writer's own idle timer still runs (it pauses as soon as
    its readers are paused and it has been idle for its delay), but it does not pause while a
    reader is up. The reader's timeline repeats from the start when the writer's period is
    longer (a reader follows a weekly pattern). The same `writer` comes back when no paused
    minute had a reader running."""
    acus, lengths = writer.timeline
    reader_acus, reader_lengths = reader.timeline
    if not any(a > 0 and n > 0 for a, n in zip(reader_acus, reader_lengths)):
        return writer  # the reader is always paused: nothing keeps the writer awake
    meter = Meter(writer.total_minutes)
    runs = iter(_cycle(reader_acus, reader_lengths))
    awake, left = next(runs)
    raised = 0
    for acu, length in zip(acus, lengths):
        while length > 0:
            step = min(length, left)
            hold = acu == 0 and awake
            raised += step if hold else 0
            meter.acus.append(floor if hold else acu)
            meter.lengths.append(step)
            length -= step
            left -= step
            if left == 0:
                awake, left = next(runs)
    if not raised:
        return writer
    result = meter.result
    result.throttled_minutes = writer.throttled_minutes
    result.paused_minutes = writer.paused_minutes - raised
    result.resumes = writer.resumes
    return meter.finish()


def _cycle(acus: list[float], lengths: list[int]) -> Iterable[tuple[bool, int]]:
    while True:
        for acu, length in zip(acus, lengths):
            if length > 0:
                yield acu > 0, length


def longest_idle_minutes(demand: Demand) -> int:
    """The longest stretch without demand; a repeating week wraps from its end to its start."""
    stretches: list[int] = []
    current = 0
    for level, minutes in zip(demand.levels, demand.minutes):
        if level <= 0:
            current += minutes
        else:
            stretches.append(current)
            current = 0
    stretches.append(current)
    if demand.cyclic and len(stretches) > 1:
        stretches[0] += stretches.pop()  # the end of the week runs into its start
    elif demand.cyclic:
        return demand.total_minutes if current else 0  # never busy: idle all the time
    return max(stretches)
