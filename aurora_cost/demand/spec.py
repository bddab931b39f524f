"""The demand a workload describes (its `usage:` key): constant, a weekly schedule, or a trace.

These are the file's models only; `demand.build` turns one into the runs the options simulate.
"""

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from aurora_cost.errors import did_you_mean
from aurora_cost.inputs import outside
from aurora_cost.validation_messages import not_one_of

# The most demand a workload may state or a trace may reach, in ACUs.
MAX_DEMAND_ACU = 100_000

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_ACU = Annotated[float, Field(ge=0, le=MAX_DEMAND_ACU, allow_inf_nan=False)]
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Window(_Strict):
    """Demand of `acu` on `days` from `start` to `end` (UTC, HH:MM; end may be 24:00).

    An `end` earlier than `start` runs past midnight into the next day.
    """

    days: list[Weekday] = Field(min_length=1)
    start: str
    end: str
    acu: _ACU

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 09:00 as the sexagesimal number 540.
            value = f"{value // 60:02d}:{value % 60:02d}"
        if not isinstance(value, str) or not _CLOCK.match(value):
            raise ValueError(f'{value!r} is not a time of day; write it as "HH:MM", e.g. "09:00"')
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> "Window":
        if self.start == self.end:
            raise ValueError(f"window {self.start}-{self.end} is empty; end must differ from start")
        return self

    def minutes(self) -> tuple[int, int]:
        start = _clock_minutes(self.start)
        end = _clock_minutes(self.end)
        return start, end if end > start else end + 24 * 60


def _clock_minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


class Schedule(_Strict):
    """A weekly pattern; where windows overlap, the highest demand applies."""

    default_acu: _ACU = 0.0
    windows: list[Window] = Field(default_factory=list)


STATISTICS = ("Average", "Maximum", "Minimum", "Sum", "SampleCount")
PERCENTILE = re.compile(r"^p(100|\d{1,2}(\.\d+)?)$")


def check_statistic(value: str | None) -> str | None:
    """A standard CloudWatch statistic as AWS spells it, or a percentile (p0-p100)."""
    if value is None or value in STATISTICS or PERCENTILE.match(value):
        return value
    same = [s for s in STATISTICS if s.lower() == value.lower()]
    if same:
        raise ValueError(f"{value!r} is not allowed; write it as {same[0]!r}")
    if PERCENTILE.match(value.lower()):
        raise ValueError(f"{value!r} is not allowed; write it as {value.lower()!r}")
    listed = ", ".join(repr(s) for s in STATISTICS[:-1]) + f" or {STATISTICS[-1]!r}"
    hint = did_you_mean(value, STATISTICS)
    said = f"{hint.removeprefix('; ')} " if hint else ""
    raise ValueError(
        f"{value!r} is not allowed; {said}(expected {listed}, or a percentile such as p99)"
    )


def trace_format_names() -> tuple[str, ...]:
    """Every `format:` a trace may name: the registered formats', built-in or not."""
    from aurora_cost.demand.traces import formats  # on use: the readers' table, not at start-up

    return formats.names()


def _formats(schema: dict[str, Any]) -> None:
    """The schema of `format:` lists the names registered when it is printed."""
    for choice in schema.get("anyOf", ()):
        if choice.get("type") == "string":
            choice["enum"] = list(trace_format_names())


class TraceSpec(_Strict):
    """A recorded series of demand (CSV, or AWS CLI CloudWatch JSON): one file (`path`) or
    several merged into one series (`paths`: the days or pages of a CloudWatch export)."""

    path: str | None = Field(default=None, min_length=1)
    paths: list[Annotated[str, Field(min_length=1)]] | None = Field(default=None, min_length=1)
    # A `format:` name of a registered trace format (`demand/traces/formats.py`).
    format: str | None = Field(default=None, json_schema_extra=lambda schema: _formats(schema))
    column: str | None = None
    timestamp_column: str | None = None
    # A standard statistic, or an extended one (a percentile such as p99, as
    # `aws cloudwatch get-metric-statistics --extended-statistics p99` writes it).
    statistic: str | None = None
    id: str | None = None
    label: str | None = None
    idle_below: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    scale: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] | None = None
    # The directory of the file the trace was written in (its paths are relative to it),
    # wherever in that file the trace is (a workload's usage, an option's reader_acu).
    _base_dir: Path | None = PrivateAttr(default=None)

    @field_validator("statistic")
    @classmethod
    def _statistic(cls, value: str | None) -> str | None:
        return check_statistic(value)

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        known = trace_format_names()
        if value is None or value in known:
            return value
        raise ValueError(not_one_of(value, known))

    @field_validator("path", "paths")
    @classmethod
    def _inside(cls, value: Any, info: ValidationInfo) -> Any:
        """A path written in a file stays in that file's directory tree (`inputs.inside`);
        the file's directory comes in the validation context as `base_dir`."""
        base = (info.context or {}).get("base_dir")
        if base is None or value is None:
            return value
        for written in [value] if isinstance(value, str) else value:
            reason = outside(base, written)
            if reason:
                raise ValueError(reason)
        return value

    @model_validator(mode="after")
    def _one_of_path_or_paths(self, info: ValidationInfo) -> "TraceSpec":
        if (self.path is None) == (self.paths is None):
            found = "both" if self.path is not None else "neither"
            raise ValueError(
                f"give exactly one of path (a file) or paths (a list of files) (found {found})"
            )
        base = (info.context or {}).get("base_dir")
        if base is not None:
            self._base_dir = Path(base)
        return self

    @property
    def base_dir(self) -> Path | None:
        """The directory the trace's paths are relative to (None: the working directory)."""
        return self._base_dir

    def files(self) -> list[str]:
        """Every file of the trace, as written."""
        return [self.path] if self.path is not None else list(self.paths or ())


class DemandSpec(_Strict):
    """Exactly one of: constant, schedule, trace."""

    constant: _ACU | None = None
    schedule: Schedule | None = None
    trace: TraceSpec | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "DemandSpec":
        given = [k for k in ("constant", "schedule", "trace") if getattr(self, k) is not None]
        if len(given) != 1:
            what = "none" if not given else " and ".join(given)
            raise ValueError(f"give exactly one of constant, schedule or trace (found {what})")
        return self
