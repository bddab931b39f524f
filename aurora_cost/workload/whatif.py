"""What-if overrides from the command line, applied to a workload and validated again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aurora_cost import charges
from aurora_cost.demand.spec import WEEKDAYS
from aurora_cost.errors import InputError
from aurora_cost.options import Overrides
from aurora_cost.versions.lifecycle import parse_month
from aurora_cost.workload.model import Workload, parse_workload

ACTIVE_FROM = "09:00"  # --active-hours windows start at 09:00 UTC every day
# Flags that set an option of the trace (--trace's, or the workload's): WhatIf field -> key.
TRACE_FLAGS = {
    "trace_statistic": "statistic",
    "trace_id": "id",
    "trace_label": "label",
    "idle_below": "idle_below",
}


@dataclass(frozen=True)
class WhatIf:
    acu: float | None = None
    active_hours: float | None = None
    storage_gb: float | None = None
    io_requests: float | None = None
    readers: int | None = None
    io_optimized: bool = False
    min_acu: float | None = None
    max_acu: float | None = None
    trace: tuple[Path, ...] | Path | None = None  # one file, or several to merge
    trace_statistic: str | None = None
    trace_id: str | None = None
    trace_label: str | None = None
    idle_below: float | None = None
    as_of: str | None = None  # the month priced, YYYY-MM

    def __post_init__(self) -> None:
        # A library caller may give one path: the same as a tuple of one.
        if isinstance(self.trace, (str, Path)):
            object.__setattr__(self, "trace", (Path(self.trace),))

    def flags(self) -> list[str]:
        names = {
            "acu": "--acu",
            "active_hours": "--active-hours",
            "storage_gb": "--storage-gb",
            "io_requests": "--io-requests",
            "readers": "--readers",
            "min_acu": "--min-acu",
            "max_acu": "--max-acu",
            "trace": "--trace",
            "as_of": "--as-of",
            **{key: "--" + key.replace("_", "-") for key in TRACE_FLAGS},
        }
        given = [flag for key, flag in names.items() if getattr(self, key) is not None]
        return given + (["--io-optimized"] if self.io_optimized else [])


def _peak(demand: dict[str, Any]) -> float:
    if demand.get("constant") is not None:
        return float(demand["constant"])
    schedule = demand.get("schedule") or {}
    levels = [w["acu"] for w in schedule.get("windows", [])] + [schedule.get("default_acu", 0)]
    return float(max(levels))


def active_schedule(acu: float, hours: float) -> dict[str, Any]:
    if not 0 <= hours <= 24:
        raise InputError(f"--active-hours: {hours:g} is not an hours-per-day value; use 0 to 24")
    minutes = round(hours * 60)
    if minutes in (0, 24 * 60):
        return {"constant": acu if minutes else 0.0}
    start = 9 * 60
    end = (start + minutes) % (24 * 60)
    window = {
        "days": list(WEEKDAYS),
        "start": ACTIVE_FROM,
        "end": f"{end // 60:02d}:{end % 60:02d}",
        "acu": acu,
    }
    return {"schedule": {"default_acu": 0, "windows": [window]}}


def _trace_options(demand: dict[str, Any], what: WhatIf) -> None:
    """--trace-statistic, --trace-id, --trace-label and --idle-below on the trace."""
    given = {key: getattr(what, field) for field, key in TRACE_FLAGS.items()}
    given = {key: value for key, value in given.items() if value is not None}
    if not given:
        return
    if "trace" not in demand:
        flags = [f"--{f.replace('_', '-')}" for f, k in TRACE_FLAGS.items() if k in given]
        verb = "sets an option" if len(flags) == 1 else "set options"
        raise InputError(
            f"{', '.join(flags)}: {verb} of a trace, and there is none; give --trace FILE or "
            "a workload whose usage is a trace"
        )
    demand["trace"].update(given)


def apply_what_if(workload: Workload, what: WhatIf) -> tuple[Workload, list[str]]:
    """The workload with the flags applied, and notes on how they were applied."""
    if not what.flags():
        return workload, []
    doc = workload.model_dump(mode="json", exclude_none=True)
    # an amount that is on but not known stays `null` (absent, it would be billed as 0)
    doc.update({a.key: None for a in charges.amounts() if workload.unknown(a.key)})
    notes: list[str] = []
    demand = doc["usage"]  # the file's `usage:` key: the demand
    if what.trace is not None:
        if what.acu is not None or what.active_hours is not None:
            raise InputError("--trace cannot be combined with --acu or --active-hours; choose one")
        traces = what.trace if isinstance(what.trace, tuple) else (what.trace,)
        files = [str(path) for path in traces]
        doc["usage"] = {"trace": {"path": files[0]} if len(files) == 1 else {"paths": files}}
    elif what.active_hours is not None:
        if "trace" in demand and what.acu is None:
            raise InputError("--active-hours needs --acu when the workload's usage is a trace")
        acu = what.acu if what.acu is not None else _peak(demand)
        doc["usage"] = active_schedule(acu, what.active_hours)
    elif what.acu is not None:
        if "trace" in demand:
            raise InputError(
                "--acu replaces a constant or schedule demand; with a trace use scale:"
            )
        if "schedule" in demand:
            for window in demand["schedule"].get("windows", []):
                window["acu"] = what.acu
        else:
            doc["usage"] = {"constant": what.acu}
    _trace_options(doc["usage"], what)
    for key, value in (
        ("storage_gb", what.storage_gb),
        ("io_requests_per_month", what.io_requests),
    ):
        if value is not None:
            doc[key] = value
    if what.as_of is not None:
        try:
            parse_month(what.as_of)
        except ValueError as exc:
            raise InputError(f"--as-of: {exc}") from None
        doc["as_of"] = what.as_of.strip()
    overrides = Overrides(
        readers=what.readers,
        io_optimized=what.io_optimized,
        min_acu=what.min_acu,
        max_acu=what.max_acu,
    )
    options = []
    for option in workload.options:  # each kind applies the flags that mean something to it
        changed, option_notes = option.overridden(overrides)
        options.append(changed)
        notes += [note for note in option_notes if note not in notes]
    doc["options"] = options
    label = f"the workload with {' '.join(what.flags())}"
    return parse_workload(doc, label), notes
