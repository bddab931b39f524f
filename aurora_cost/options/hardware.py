"""Hardware of the Aurora DB instance classes: vCPUs and memory (GiB).

Source: AWS, Amazon Aurora User Guide, "Hardware specifications for DB instance classes for
Aurora", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.Summary.html
(`SOURCE_URL`), read in December 2026: the "vCPU" and "Memory (GiB)" columns of its tables
for the memory-optimized classes (db.x2g, db.r8g, db.r7i, db.r7g, db.r6id, db.r6gd, db.r6g,
db.r6i, db.r5, db.r4) and the burstable-performance classes (db.t4g, db.t3, db.t2).

The current page no longer lists db.r3; its figures come from the same page's earlier version,
the section "Hardware specifications for DB instance classes for Aurora" of
Concepts.DBInstanceClass.md in AWS's archived copy of the guide,
https://github.com/awsdocs/amazon-aurora-user-guide (`R3_SOURCE`).

Classes that AWS's feed prices but neither version of the page lists are in `NOT_LISTED`,
with no figures: their vCPUs and memory are not known here (a provisioned option of such a
class is billed, but its fit cannot be checked).
"""

from __future__ import annotations

from typing import NamedTuple

from aurora_cost.options.capacity import GIB_PER_ACU

SOURCE_URL = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.Summary.html"
SOURCE = (
    'AWS, Amazon Aurora User Guide, "Hardware specifications for DB instance classes for '
    f'Aurora" ({SOURCE_URL}), the vCPU and Memory (GiB) columns, read 2026-12'
)
R3_SOURCE = (
    "the same page's earlier version (section Concepts.DBInstanceClass.Summary of "
    "doc_source/Concepts.DBInstanceClass.md in https://github.com/awsdocs/amazon-aurora-user-guide, "
    "commit 0181647fe855d6f17e1be23aad2828a5b81d3dcb): the current page no longer lists db.r3"
)


class Hardware(NamedTuple):
    vcpu: int
    memory_gib: float


HARDWARE: dict[str, Hardware] = {
    # db.x2g: memory-optimized, AWS Graviton2
    "db.x2g.large": Hardware(2, 32),
    "db.x2g.xlarge": Hardware(4, 64),
    "db.x2g.2xlarge": Hardware(8, 128),
    "db.x2g.4xlarge": Hardware(16, 256),
    "db.x2g.8xlarge": Hardware(32, 512),
    "db.x2g.12xlarge": Hardware(48, 768),
    "db.x2g.16xlarge": Hardware(64, 1024),
    # db.r8g: memory-optimized, AWS Graviton4
    "db.r8g.large": Hardware(2, 16),
    "db.r8g.xlarge": Hardware(4, 32),
    "db.r8g.2xlarge": Hardware(8, 64),
    "db.r8g.4xlarge": Hardware(16, 128),
    "db.r8g.8xlarge": Hardware(32, 256),
    "db.r8g.12xlarge": Hardware(48, 384),
    "db.r8g.16xlarge": Hardware(64, 512),
    "db.r8g.24xlarge": Hardware(96, 768),
    "db.r8g.48xlarge": Hardware(192, 1536),
    # db.r7i: memory-optimized, 4th generation Intel Xeon Scalable
    "db.r7i.large": Hardware(2, 16),
    "db.r7i.xlarge": Hardware(4, 32),
    "db.r7i.2xlarge": Hardware(8, 64),
    "db.r7i.4xlarge": Hardware(16, 128),
    "db.r7i.8xlarge": Hardware(32, 256),
    "db.r7i.12xlarge": Hardware(48, 384),
    "db.r7i.16xlarge": Hardware(64, 512),
    "db.r7i.24xlarge": Hardware(96, 768),
    "db.r7i.48xlarge": Hardware(192, 1536),
    # db.r7g: memory-optimized, AWS Graviton3
    "db.r7g.large": Hardware(2, 16),
    "db.r7g.xlarge": Hardware(4, 32),
    "db.r7g.2xlarge": Hardware(8, 64),
    "db.r7g.4xlarge": Hardware(16, 128),
    "db.r7g.8xlarge": Hardware(32, 256),
    "db.r7g.12xlarge": Hardware(48, 384),
    "db.r7g.16xlarge": Hardware(64, 512),
    # db.r6id: memory-optimized, 3rd generation Intel Xeon Scalable, local NVMe SSD
    "db.r6id.24xlarge": Hardware(96, 768),
    "db.r6id.32xlarge": Hardware(128, 1024),
    # db.r6gd: memory-optimized, AWS Graviton2, local NVMe SSD
    "db.r6gd.xlarge": Hardware(4, 32),
    "db.r6gd.2xlarge": Hardware(8, 64),
    "db.r6gd.4xlarge": Hardware(16, 128),
    "db.r6gd.8xlarge": Hardware(32, 256),
    "db.r6gd.12xlarge": Hardware(48, 384),
    "db.r6gd.16xlarge": Hardware(64, 512),
    # db.r6g: memory-optimized, AWS Graviton2
    "db.r6g.large": Hardware(2, 16),
    "db.r6g.xlarge": Hardware(4, 32),
    "db.r6g.2xlarge": Hardware(8, 64),
    "db.r6g.4xlarge": Hardware(16, 128),
    "db.r6g.8xlarge": Hardware(32, 256),
    "db.r6g.12xlarge": Hardware(48, 384),
    "db.r6g.16xlarge": Hardware(64, 512),
    # db.r6i: memory-optimized, 3rd generation Intel Xeon Scalable
    "db.r6i.large": Hardware(2, 16),
    "db.r6i.xlarge": Hardware(4, 32),
    "db.r6i.2xlarge": Hardware(8, 64),
    "db.r6i.4xlarge": Hardware(16, 128),
    "db.r6i.8xlarge": Hardware(32, 256),
    "db.r6i.12xlarge": Hardware(48, 384),
    "db.r6i.16xlarge": Hardware(64, 512),
    "db.r6i.24xlarge": Hardware(96, 768),
    "db.r6i.32xlarge": Hardware(128, 1024),
    # db.r5: memory-optimized
    "db.r5.large": Hardware(2, 16),
    "db.r5.xlarge": Hardware(4, 32),
    "db.r5.2xlarge": Hardware(8, 64),
    "db.r5.4xlarge": Hardware(16, 128),
    "db.r5.8xlarge": Hardware(32, 256),
    "db.r5.12xlarge": Hardware(48, 384),
    "db.r5.16xlarge": Hardware(64, 512),
    "db.r5.24xlarge": Hardware(96, 768),
    # db.r4: memory-optimized, Intel Xeon Scalable
    "db.r4.large": Hardware(2, 15.25),
    "db.r4.xlarge": Hardware(4, 30.5),
    "db.r4.2xlarge": Hardware(8, 61),
    "db.r4.4xlarge": Hardware(16, 122),
    "db.r4.8xlarge": Hardware(32, 244),
    "db.r4.16xlarge": Hardware(64, 488),
    # db.r3: memory-optimized; from R3_SOURCE (the page's earlier version)
    "db.r3.large": Hardware(2, 15.25),
    "db.r3.xlarge": Hardware(4, 30.5),
    "db.r3.2xlarge": Hardware(8, 61),
    "db.r3.4xlarge": Hardware(16, 122),
    "db.r3.8xlarge": Hardware(32, 244),
    # db.t4g: burstable performance, AWS Graviton2
    "db.t4g.medium": Hardware(2, 4),
    "db.t4g.large": Hardware(2, 8),
    # db.t3: burstable performance
    "db.t3.small": Hardware(2, 2),
    "db.t3.medium": Hardware(2, 4),
    "db.t3.large": Hardware(2, 8),
    # db.t2: burstable performance
    "db.t2.small": Hardware(1, 2),
    "db.t2.medium": Hardware(2, 4),
}

# Priced in AWS's feed (aurora-instances-2025-06-17), but on neither version of the page:
# no figures are given rather than guessed ones.
NOT_LISTED: dict[str, str] = {
    "db.t3.xlarge": "priced in us-gov-east-1 and us-gov-west-1; not on AWS's Aurora hardware page",
    "db.t3.2xlarge": "priced in us-gov-east-1 and us-gov-west-1; not on AWS's Aurora hardware page",
    "db.t4g.small": "priced in ca-west-1 (Aurora MySQL); not on AWS's Aurora hardware page",
    "db.t4g.xlarge": "priced in me-central-1; not on AWS's Aurora hardware page",
    "db.t4g.2xlarge": "priced in me-central-1; not on AWS's Aurora hardware page",
}


def hardware(instance_class: str) -> Hardware | None:
    """The vCPUs and memory of a class, or None when AWS's page does not list it."""
    return HARDWARE.get(instance_class)


def vcpus(instance_class: str) -> int | None:
    """The vCPUs of a class, if known."""
    found = HARDWARE.get(instance_class)
    return None if found is None else found.vcpu


def memory_gib(instance_class: str) -> float | None:
    """The memory of a class in GiB, if known."""
    found = HARDWARE.get(instance_class)
    return None if found is None else float(found.memory_gib)


def instance_acu(instance_class: str) -> float | None:
    """The memory of a class expressed in ACUs (1 ACU = 2 GiB), if known."""
    memory = memory_gib(instance_class)
    return None if memory is None else memory / GIB_PER_ACU
