"""What AWS will create on an engine version: features by first minor, classes by version.

Each check answers "yes", "no" (with the reason, in AWS's terms) or "not-confirmed" (the
sources do not say; never a reason to call an option unavailable).
"""

from __future__ import annotations

from typing import Literal

from aurora_cost.versions.catalogue import DERIVED, NOT_CONFIRMED, Feature, catalogue
from aurora_cost.versions.version import EngineVersion, release_key

Answer = Literal["yes", "no", "not-confirmed"]
V2_CLASSIC_MAX_ACU = 128  # "256 for recent Aurora versions, or 128 for older versions"

FEATURE_NAMES: dict[str, str] = {
    "serverless_v2": "Aurora Serverless v2",
    "min_0_acu": "a minimum of 0 ACUs (automatic pause)",
    "data_api": "the Data API on Serverless v2 and provisioned instances",
    "io_optimized": "Aurora I/O-Optimized",
}


def has_feature(version: EngineVersion, feature: Feature) -> Answer:
    first = catalogue().majors[version.engine][version.major].features[feature]
    if first == NOT_CONFIRMED:
        return "not-confirmed"
    if first == "none":
        return "no"
    if first == "all" or version.at_least(first):
        return "yes"
    return "no"


def feature_problem(version: EngineVersion, feature: Feature) -> str | None:
    """Why `version` cannot have the feature, or None (it can, or it is not confirmed)."""
    if has_feature(version, feature) != "no":
        return None
    first = catalogue().majors[version.engine][version.major].features[feature]
    what = FEATURE_NAMES[feature]
    if first == "none":
        return f"{version.major_label} does not support {what}"
    return f"{what} needs {version.major_label} version {first} or later; {version.label} has none"


def is_previous_generation(instance_class: str) -> bool:
    found = catalogue().classes.get(instance_class)
    return found is not None and found.previous_generation


def class_support(version: EngineVersion, instance_class: str) -> Answer:
    found = catalogue().classes.get(instance_class)
    if found is None:
        return "not-confirmed"
    support = found.engines[version.engine]
    if support == NOT_CONFIRMED or isinstance(support, str):
        return "not-confirmed"
    ranges = support.get(version.major)
    if ranges is None:
        return "no"
    if ranges in (DERIVED, NOT_CONFIRMED) or isinstance(ranges, str):
        return "yes"
    for low, before in ranges:
        if version.release is None:  # the newest minor: an open range holds it
            if before is None:
                return "yes"
            continue
        if (low is None or version.release >= release_key(low)) and (
            before is None or version.release < release_key(before)
        ):
            return "yes"
    return "no"


def class_problem(version: EngineVersion, instance_class: str) -> str | None:
    if class_support(version, instance_class) != "no":
        return None
    return (
        f"{instance_class} is not offered for {version.label} (AWS's table of supported DB "
        "engines for DB instance classes)"
    )


def max_acu_note(version: EngineVersion, max_acu: float) -> str | None:
    """A maximum above 128 ACUs needs a recent version; which minors is not confirmed."""
    if max_acu <= V2_CLASSIC_MAX_ACU:
        return None
    return (
        f"max_acu {max_acu:g}: AWS allows up to 256 ACUs on recent versions and 128 on older "
        f"ones; which {version.major_label} minors allow it is not confirmed (check "
        "ServerlessV2FeaturesSupport.MaxCapacity in aws rds describe-db-engine-versions)"
    )
