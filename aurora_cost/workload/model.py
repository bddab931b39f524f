"""The workload file (DESIGN.md section 4): what the database does, and the options to price."""

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from aurora_cost.errors import InputError
from aurora_cost.options import capacity
from aurora_cost.yamlio import format_validation_error, read_yaml_mapping

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
StorageConfig = Literal["standard", "io-optimized"]

_ACU = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)]
_AMOUNT = Annotated[float, Field(ge=0, le=1e18, allow_inf_nan=False)]
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


class TraceSpec(_Strict):
    """A recorded series of demand (CSV, or AWS CLI CloudWatch JSON)."""

    path: str = Field(min_length=1)
    format: Literal["csv", "cloudwatch-statistics", "cloudwatch-metric-data"] | None = None
    column: str | None = None
    timestamp_column: str | None = None
    statistic: Literal["Average", "Maximum", "Minimum", "Sum", "SampleCount"] | None = None
    id: str | None = None
    label: str | None = None
    idle_below: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    scale: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] | None = None


class Usage(_Strict):
    """Exactly one of: constant, schedule, trace."""

    constant: _ACU | None = None
    schedule: Schedule | None = None
    trace: TraceSpec | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "Usage":
        given = [k for k in ("constant", "schedule", "trace") if getattr(self, k) is not None]
        if len(given) != 1:
            what = "none" if not given else " and ".join(given)
            raise ValueError(f"give exactly one of constant, schedule or trace (found {what})")
        return self


def _check_pause_seconds(value: int | None) -> int | None:
    lo, hi = capacity.AUTO_PAUSE_MIN_SECONDS, capacity.AUTO_PAUSE_MAX_SECONDS
    if value is not None and not lo <= value <= hi:
        raise ValueError(f"{value} is out of range; AWS allows {lo} to {hi:,} seconds")
    return value


def _not_below_min(value: float, info: ValidationInfo) -> float:
    """max_acu must be >= min_acu (fields validate in order, so min_acu is already known)."""
    minimum = info.data.get("min_acu")
    if info.field_name == "max_acu" and minimum is not None and value < minimum:
        raise ValueError(f"{value:g} is below min_acu {minimum:g}; max_acu must be >= min_acu")
    return value


class ServerlessV1Option(_Strict):
    """Aurora Serverless v1: one instance, capacity in doubling steps, optional auto-pause."""

    name: str = Field(default="serverless-v1", min_length=1)
    kind: Literal["serverless-v1"]
    engine: capacity.Engine = "mysql"
    min_acu: float
    max_acu: float
    auto_pause: bool = True
    seconds_until_auto_pause: int = capacity.AUTO_PAUSE_MIN_SECONDS
    readers: int = 0
    storage: StorageConfig = "standard"

    @field_validator("min_acu", "max_acu")
    @classmethod
    def _step(cls, value: float, info: ValidationInfo) -> float:
        engine = info.data.get("engine", "mysql")
        if value not in capacity.V1_STEPS[engine]:
            raise ValueError(
                f"{value:g} is not a serverless v1 capacity for {engine}; "
                f"allowed: {capacity.v1_steps_text(engine)}"
            )
        return _not_below_min(value, info)

    @field_validator("seconds_until_auto_pause")
    @classmethod
    def _pause(cls, value: int) -> int:
        _check_pause_seconds(value)
        return value

    @field_validator("readers")
    @classmethod
    def _no_readers(cls, value: int) -> int:
        if value != 0:
            raise ValueError(
                "serverless v1 runs one instance and cannot have readers; "
                "use kind: serverless-v2 for readers"
            )
        return value

    @field_validator("storage")
    @classmethod
    def _standard_only(cls, value: str) -> str:
        if value != "standard":
            raise ValueError(
                "serverless v1 does not support Aurora I/O-Optimized; use storage: standard "
                "or kind: serverless-v2"
            )
        return value


class ServerlessV2Option(_Strict):
    """Aurora Serverless v2: a writer plus 0-15 readers, 0.5 ACU steps, scale to zero at min 0."""

    name: str = Field(default="serverless-v2", min_length=1)
    kind: Literal["serverless-v2"]
    engine: capacity.Engine = "mysql"
    min_acu: float = Field(ge=0, le=capacity.V2_MAX_ACU, allow_inf_nan=False)
    max_acu: float = Field(ge=1, le=capacity.V2_MAX_ACU, allow_inf_nan=False)
    seconds_until_auto_pause: int | None = None
    readers: int = Field(default=0, ge=0, le=capacity.V2_MAX_READERS)
    reader_scaling: Literal["with-writer", "independent"] = "with-writer"
    reader_acu: Usage | None = None
    storage: StorageConfig = "standard"

    @field_validator("min_acu", "max_acu")
    @classmethod
    def _half_steps(cls, value: float, info: ValidationInfo) -> float:
        if not capacity.is_half_step(value):
            raise ValueError(f"{value:g} is not a serverless v2 capacity; use steps of 0.5 ACU")
        return _not_below_min(value, info)

    @field_validator("seconds_until_auto_pause")
    @classmethod
    def _pause(cls, value: int | None, info: ValidationInfo) -> int | None:
        _check_pause_seconds(value)
        if value is not None and info.data.get("min_acu", 0) != 0:
            raise ValueError(
                "only applies when min_acu is 0 (auto-pause); remove it or set min_acu: 0"
            )
        return value

    @field_validator("reader_acu")
    @classmethod
    def _reader_usage(cls, value: Usage | None, info: ValidationInfo) -> Usage | None:
        if value is not None and info.data.get("reader_scaling") != "independent":
            raise ValueError("only applies with reader_scaling: independent")
        if value is not None and value.trace is not None:
            raise ValueError("reader traces are not supported; use constant or schedule")
        return value

    @property
    def auto_pause(self) -> bool:
        return self.min_acu == 0

    @property
    def pause_seconds(self) -> int:
        return self.seconds_until_auto_pause or capacity.AUTO_PAUSE_MIN_SECONDS


class ProvisionedOption(_Strict):
    """Provisioned instances: billed every hour whatever the load."""

    name: str = Field(default="provisioned", min_length=1)
    kind: Literal["provisioned"]
    engine: capacity.Engine = "mysql"
    instance_class: str = Field(pattern=r"^db\.[a-z0-9]+\.[a-z0-9]+$")
    instances: int = Field(default=1, ge=1, le=16)
    storage: StorageConfig = "standard"


Option = Annotated[
    ServerlessV1Option | ServerlessV2Option | ProvisionedOption, Field(discriminator="kind")
]


def default_options() -> list[Option]:
    """The four options of DESIGN.md section 6."""
    return [
        ServerlessV1Option(kind="serverless-v1", name="serverless-v1", min_acu=1, max_acu=8),
        ServerlessV2Option(kind="serverless-v2", name="serverless-v2", min_acu=0.5, max_acu=8),
        ServerlessV2Option(
            kind="serverless-v2",
            name="serverless-v2-auto-pause",
            min_acu=0,
            max_acu=8,
            seconds_until_auto_pause=300,
        ),
        ProvisionedOption(kind="provisioned", name="provisioned", instance_class="db.t4g.medium"),
    ]


class Workload(_Strict):
    """A workload file, `version: 1`."""

    version: Literal[1]
    region: str | None = None
    usage: Usage
    storage_gb: _AMOUNT = 0.0
    io_requests_per_month: _AMOUNT = 0.0
    backup_storage_gb: _AMOUNT = 0.0
    snapshot_export_gb: _AMOUNT = 0.0
    data_api_requests_per_month: _AMOUNT = 0.0
    backtrack_change_records_per_month: _AMOUNT = 0.0
    options: list[Option] = Field(default_factory=default_options, min_length=1, max_length=50)

    @field_validator("options")
    @classmethod
    def _unique_names(cls, value: list[Option]) -> list[Option]:
        seen: set[str] = set()
        for option in value:
            if option.name in seen:
                raise ValueError(f"two options are named {option.name!r}; give each a unique name")
            seen.add(option.name)
        return value


def parse_workload(document: dict[str, Any], source: Path | str) -> Workload:
    """Validate a workload document; errors name the source and the dotted field."""
    try:
        return Workload.model_validate(document)
    except ValidationError as exc:
        raise InputError(format_validation_error(source, exc, Workload)) from None


def load_workload(path: str | Path) -> Workload:
    """Read and validate a workload YAML file."""
    path = Path(path)
    return parse_workload(read_yaml_mapping(path, what="workload file"), path)
