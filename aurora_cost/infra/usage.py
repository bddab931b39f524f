"""The --usage file (`version: 1`): what each cluster of an infrastructure file does.

```yaml
version: 1
defaults: {storage_gb: 20}               # every cluster
clusters:
  aws_rds_cluster.orders:                # an address, as the plan names it
    usage: {constant: 2}
  'module.tenant["*"].aws_rds_cluster.this':   # * stands for one index or key
    storage_gb: 5
```

Every entry takes the workload file's demand (`usage`) and amounts (`storage_gb`, ...: each
one a charge declares, `charges.amounts()`) and
`reader_acu` (the demand of tier 2-15 db.serverless readers). A cluster gets `defaults`,
then every entry that matches it from the least to the most specific (fewer `*`, then
longer), each key overriding the one before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from aurora_cost.demand.spec import DemandSpec
from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.infra.address_pattern import AddressPattern
from aurora_cost.versions.lifecycle import parse_month
from aurora_cost.workload.amounts import follow_amounts
from aurora_cost.yamlio import format_validation_error, read_yaml_mapping

# Keys with * times clusters: each pair is one match (about a microsecond), so a usage file
# and a plan from a pull request cannot make aurora-cost match for minutes.
MAX_PATTERN_CHECKS = 5_000_000
MAX_HINTS = 10  # did-you-mean hints for entries that match nothing


class UsageEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    usage: DemandSpec | None = None
    # here: the workload amounts the charges declare, each None unless given
    reader_acu: DemandSpec | None = None
    as_of: str | None = None  # the month priced, YYYY-MM (RDS Extended Support)

    @field_validator("as_of")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        """Checked here, so that the error names the usage file, not the cluster's file."""
        if value is not None:
            parse_month(value)  # ValueError: how to write it
        return value


class UsageFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    version: Literal[1]
    defaults: UsageEntry = Field(default_factory=UsageEntry)
    clusters: dict[str, UsageEntry] = Field(default_factory=dict)


follow_amounts(UsageEntry, after="usage", given_or_none=True, holders=(UsageFile,))


@dataclass(frozen=True)
class Resolved:
    """One cluster's usage: the merged keys, and which entry they came from."""

    values: dict[str, Any]  # workload keys, DemandSpec models for usage / reader_acu
    source: str | None  # "usage.yaml: clusters.<key>", "usage.yaml: defaults" or None

    @property
    def demand(self) -> DemandSpec | None:
        found = self.values.get("usage")
        return found if isinstance(found, DemandSpec) else None


class Usage:
    """A loaded usage file, ready to match addresses."""

    def __init__(self, model: UsageFile, path: Path) -> None:
        self.model, self.path = model, path
        self.base_dir = path.parent
        self.patterns = {key: AddressPattern(key) for key in model.clusters}
        self.wild = [p for p in self.patterns.values() if p.wild]  # the others: looked up

    def resolve(self, address: str) -> Resolved:
        matched = [p.key for p in self.wild if p.match(address)]
        if address in self.patterns and not self.patterns[address].wild:
            matched.append(address)
        matched.sort(key=lambda k: (-k.count("*"), len(k)))  # most specific last
        values: dict[str, Any] = {}
        source = None
        layers = [("defaults", self.model.defaults)] + [
            (f"clusters.{k}", self.model.clusters[k]) for k in matched
        ]
        for name, entry in layers:
            given = {k: getattr(entry, k) for k in entry.model_fields_set}
            if given:
                source = f"{self.path}: {name}"
            values.update(given)
        return Resolved(values, source)

    def unmatched(self, addresses: list[str]) -> tuple[list[str], list[str]]:
        """(errors, warnings) for entries that match no cluster, with a did-you-mean.

        An entry written out in full that matches nothing is an error (a typo would price
        the cluster without its usage); a pattern with `*` that matches nothing a warning.
        """
        checks = len(self.wild) * len(addresses)
        if checks > MAX_PATTERN_CHECKS:
            raise InputError(
                f"{self.path}: {len(self.wild):,} keys with * against {len(addresses):,} "
                f"clusters is over {MAX_PATTERN_CHECKS:,} matches to try; give fewer keys with "
                "* (defaults: applies to every cluster), or price the clusters in parts"
            )
        errors: list[str] = []
        warnings: list[str] = []
        known = set(addresses)
        for key, pattern in self.patterns.items():
            if key in known if not pattern.wild else any(map(pattern.match, addresses)):
                continue
            hint = ""  # for the first few only: each compares the key with every address
            if len(errors) + len(warnings) < MAX_HINTS:
                hint = did_you_mean(key, addresses) or (
                    f"; the clusters are: {', '.join(addresses[:5])}" if addresses else ""
                )
            text = f"{self.path}: clusters.{key}: matches no cluster of the infrastructure{hint}"
            (warnings if "*" in key else errors).append(text)
        return errors, warnings


def load_usage(path: Path) -> Usage:
    return usage_of(read_yaml_mapping(path, what="usage file"), path)


def usage_of(document: dict[str, Any], path: Path) -> Usage:
    """A usage file's parsed document, validated (`path`: where it was read, for messages
    and as the directory its trace paths are relative to)."""
    try:
        # a trace path in the file stays in the file's directory tree (`inputs.outside`)
        model = UsageFile.model_validate(document, context={"base_dir": path.parent})
    except ValidationError as exc:
        raise InputError(format_validation_error(path, exc, UsageFile, document)) from None
    return Usage(model, path)
