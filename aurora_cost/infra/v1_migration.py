"""What AWS turned a Serverless v1 cluster into at end of life: it is priced as that.

AWS ended Aurora Serverless v1 on 2025-03-31 and moved every remaining v1 cluster itself
(Aurora User Guide, "Modifying an Aurora Serverless v1 DB cluster",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless.modifying.html):
clusters not migrated by then were migrated to Aurora Serverless v2 in their maintenance
window; where that upgrade failed, AWS converted the cluster to a provisioned cluster on its
equivalent engine version and enrolled it in RDS Extended Support. A v1 definition read
from Terraform, CloudFormation, describe output or a scan is therefore billed today as a
Serverless v2 cluster (the provisioned fallback needs an instance class no v1 definition
has, so it is named in the diagnostic, not guessed).

How the capacity maps: an ACU is the same unit in v1 and v2, "approximately 2 gigabytes
(GB) of memory, corresponding CPU, and networking" ("How Aurora Serverless v1 works",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v1.how-it-works.html;
"How Aurora Serverless v2 works",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html),
so v1's range carries over ACU for ACU. AWS's comparison of the two ("Migrating to Aurora
Serverless v2", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.upgrade.html)
gives v2's limits: a minimum of 0.5 (v1's running minimum of 1 or 2 ACU fits) and a
maximum of 256 on recent versions (v1 Aurora PostgreSQL's 384 does not: it is capped).

How the version maps: v1 ran Aurora MySQL 1 and 2 (MySQL 5.6, 5.7) and Aurora PostgreSQL
10 and 11 (same page, "Comparison of Aurora Serverless v2 and Aurora Serverless v1");
Serverless v2 needs Aurora MySQL 3.02.0 or Aurora PostgreSQL 13.6 or later ("Upgrade
paths"), so the migration upgraded MySQL clusters to Aurora MySQL 3 and PostgreSQL ones to
at least 13 (a definition that names a version with Serverless v2 keeps it). Not documented, and said so in the
diagnostic: the PostgreSQL major AWS chose (priced as 13, the first the upgrade paths
reach, which is in RDS Extended Support from 2026-03), and whether v1's auto-pause became a
v2 minimum of 0 (priced without: at v1's running minimum while idle).
"""

from __future__ import annotations

from dataclasses import replace

from aurora_cost.infra.model import SERVERLESS_CLASS, InfraCluster, InfraInstance
from aurora_cost.options import capacity
from aurora_cost.versions.rules import has_feature
from aurora_cost.versions.version import parse_version

SOURCE = (
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless.modifying.html"
)
V2_MIN_ACU = 0.5  # Serverless v2's lowest running minimum
V2_MAX_ACU = capacity.V2_MAX_ACU  # 256: Serverless v2's highest maximum
# The major a v1 cluster runs on after the migration, per engine (see above).
MIGRATED_MAJOR = {"mysql": "3", "postgresql": "13"}
_ENGINE_NAME = {"mysql": "Aurora MySQL", "postgresql": "Aurora PostgreSQL"}


def migrated(cluster: InfraCluster) -> InfraCluster:
    """A Serverless v1 cluster as the Serverless v2 cluster AWS made of it (anything else
    unchanged): one db.serverless writer, the same ACU range (capped at 256), Aurora Standard
    storage, the migrated major version, no auto-pause."""
    if not cluster.v1:
        return cluster
    low = max(cluster.min_acu or V2_MIN_ACU, V2_MIN_ACU)
    high = min(cluster.max_acu or low, V2_MAX_ACU)
    writer = InfraInstance(cluster.address, SERVERLESS_CLASS, promotion_tier=1, writer=True)
    return replace(
        cluster,
        v1=False,
        min_acu=low,
        max_acu=max(high, low),
        seconds_until_auto_pause=None,
        storage="standard",
        instances=(writer,),
        engine_version=migrated_version(cluster),
        v1_migrated=migration_note(cluster, low, max(high, low)),
    )


def migrated_version(cluster: InfraCluster) -> str:
    """The engine version after the migration: the definition's own where it already has
    Serverless v2 (no v1 cluster did; a hand-edited definition may), else the major the
    migration upgraded it to."""
    if cluster.engine_version:
        try:
            version = parse_version(cluster.engine, cluster.engine_version)
        except ValueError:
            return MIGRATED_MAJOR[cluster.engine]
        if version.note is None and has_feature(version, "serverless_v2") != "no":
            return cluster.engine_version
    return MIGRATED_MAJOR[cluster.engine]


def migration_note(cluster: InfraCluster, low: float, high: float) -> str:
    """The diagnostic: what it was, what AWS made of it, what is assumed, and the fallback."""
    engine = _ENGINE_NAME[cluster.engine]
    major = migrated_version(cluster)
    was = f"{cluster.min_acu or 0:g}-{cluster.max_acu or 0:g} ACU"
    if cluster.v1_auto_pause:
        was += ", auto-pause"
    version = f" on {cluster.engine_version}" if cluster.engine_version else ""
    parts = [
        f"{cluster.address} is Aurora Serverless v1 ({was}{version}), which AWS ended on "
        f"{capacity.V1_END_OF_LIFE}, migrating every v1 cluster to Aurora Serverless v2: "
        f"priced as that, {low:g}-{high:g} ACU on {engine} {major} (an ACU is the same unit "
        f"in v1 and v2; source: {SOURCE})"
    ]
    if (cluster.max_acu or 0) > V2_MAX_ACU:
        parts.append(f"v1's maximum of {cluster.max_acu:g} ACU is above v2's {V2_MAX_ACU:g}")
    if (
        cluster.engine == "postgresql"
        and major == MIGRATED_MAJOR["postgresql"]
        and not _already(cluster, major)
    ):
        parts.append(
            f"the {engine} major AWS upgraded it to is not documented: priced as {major}, "
            "the first with Serverless v2 (a later major pays no RDS Extended Support)"
        )
    if cluster.v1_auto_pause:
        parts.append(
            "AWS does not document v1's auto-pause carrying over (Serverless v2 pauses only "
            f"with a minimum of 0 ACU): priced at its minimum of {low:g} ACU while idle"
        )
    parts.append(
        "where AWS's upgrade failed it converted the cluster to a provisioned one on its "
        "engine version, in RDS Extended Support: if yours is that, define it with its "
        "instance class to price it"
    )
    return "; ".join(parts)


def _already(cluster: InfraCluster, major: str) -> bool:
    """Whether v1 already ran the migrated major (Aurora PostgreSQL 13 v1 clusters)."""
    version = cluster.engine_version or ""
    return version == major or version.startswith(f"{major}.")
