"""The workload file (`version: 1`): what the database does, and the options to price."""

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from aurora_cost import options as kinds
from aurora_cost.demand.spec import DemandSpec
from aurora_cost.errors import InputError
from aurora_cost.files import read_text
from aurora_cost.modelfields import retype
from aurora_cost.money import as_decimal
from aurora_cost.options import Option, ProvisionedOption, ServerlessV1Option, ServerlessV2Option
from aurora_cost.versions.lifecycle import parse_month
from aurora_cost.workload.amounts import follow_amounts
from aurora_cost.yamlio import MAX_YAML_BYTES, format_validation_error, parse_yaml, yaml_mapping


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def default_options() -> list[Option]:
    """The default set: the small app that v1 let sleep (README, "Default workload")."""
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
    usage: DemandSpec
    # here: the monthly amounts the charges declare (`storage_gb`, ...; `workload.amounts`)
    as_of: str | None = None  # the month priced, YYYY-MM; default: this month (UTC)
    options: list[Option] = Field(default_factory=default_options, min_length=1, max_length=50)

    def amount(self, key: str) -> Decimal:
        """A monthly amount a charge declares, as a Decimal (0 when it is not known)."""
        value = self._declared(key)
        return Decimal(0) if value is None else as_decimal(value)

    def unknown(self, key: str) -> bool:
        """Whether the amount is `null`: the feature is on, how much is not known."""
        return self._declared(key) is None

    def _declared(self, key: str) -> float | None:
        if key not in type(self).model_fields:
            raise KeyError(f"no registered charge declares the workload amount {key!r}")
        value: float | None = getattr(self, key)
        return value

    @field_validator("as_of")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value is not None:
            parse_month(value)  # ValueError: how to write a month
        return value

    @field_validator("options")
    @classmethod
    def _unique_names(cls, value: list[Option]) -> list[Option]:
        seen: set[str] = set()
        for option in value:
            if option.name in seen:
                raise ValueError(f"two options are named {option.name!r}; give each a unique name")
            seen.add(option.name)
        return value


follow_amounts(Workload, after="usage")
# `options:` validates against every registered kind (`aurora_cost.options`), built-in or not.
kinds.on_change(lambda: retype(Workload, "options", list[kinds.option_union()]))  # type: ignore[misc]


def parse_workload(
    document: dict[str, Any], source: Path | str, base_dir: Path | None = None
) -> Workload:
    """Validate a workload document; errors name the source and the dotted field.

    `base_dir`: the directory of the file the document was read from; a trace path in it
    must stay in that directory's tree (`inputs.outside`)."""
    try:
        context = {"base_dir": base_dir} if base_dir is not None else None
        return Workload.model_validate(document, context=context)
    except ValidationError as exc:
        raise InputError(format_validation_error(source, exc, Workload, document)) from None


def load_workload(path: str | Path) -> Workload:
    """Read and validate a workload YAML file."""
    path = Path(path)
    text = read_text(path, what="workload file", error=InputError, limit=MAX_YAML_BYTES)
    data = parse_yaml(text, path)
    trace = _trace_kind(data)
    if trace is not None:
        raise InputError(
            f"{path}: this looks like a trace ({trace}), not a workload file; replay it with "
            f"--trace {path}, or name it in a workload's usage: trace: {{path: {path.name}}}"
        )
    return parse_workload(yaml_mapping(data, path, InputError, "workload file"), path, path.parent)


def _trace_kind(data: Any) -> str | None:
    """What kind of trace a parsed file is, if it is one: a CSV reads as one line of text
    with commas; CloudWatch output as a mapping with its own top-level keys."""
    if isinstance(data, str) and "," in data:
        return "CSV with a header row"
    if isinstance(data, dict) and ("Datapoints" in data or "MetricDataResults" in data):
        return "AWS CLI CloudWatch JSON"
    return None
