"""Instance classes: a class that no price file and no Aurora fact table knows is a typo.

A real Aurora class that a region does not sell (db.r7g.large in eu-west-3) is priced as
"not sold" there; a class that exists nowhere (db.r6g.hugeish, or db.m5.large, which
Aurora does not offer) is bad input, reported with the nearest known class.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.options.capacity import INSTANCE_MEMORY_GIB
from aurora_cost.workload.model import ProvisionedOption, Workload


def known_classes(*extra: Iterable[str]) -> set[str]:
    """The classes of the capacity table plus those of the given price files."""
    known = set(INSTANCE_MEMORY_GIB)
    for classes in extra:
        known.update(classes)
    return known


def check_instance_classes(
    workload: Workload, known: set[str], source: Path | str | None = None
) -> None:
    """InputError for the first provisioned option whose class is not a known Aurora class."""
    for index, option in enumerate(workload.options):
        if not isinstance(option, ProvisionedOption) or option.instance_class in known:
            continue
        where = f"{source}: " if source is not None else ""
        hint = did_you_mean(option.instance_class, known) or "; e.g. db.r6g.large or db.t4g.medium"
        raise InputError(
            f"{where}options[{index}].instance_class: '{option.instance_class}' is not an "
            f"Aurora instance class{hint} (run 'aurora-cost pricing show REGION' to list the "
            "classes a region sells)"
        )
