"""An Aurora engine version as AWS writes it, or a major, read into its major and release.

Aurora MySQL: `8.0.mysql_aurora.3.08.0` (release 3.08.0 of major 3), `5.7.mysql_aurora.2.11.2`,
`3.08.0`, `8.4.7`; majors `2`, `3`, `8.4` (and the MySQL names `5.7` = 2, `8.0` = 3, `5.6` = 1).
Aurora PostgreSQL: `16.4`, `13.15`; majors `16`, `13`. A bare major stands for its newest minor
(what AWS creates when no minor is given). A major the catalogue does not know is read with the
rules of the nearest known one, and says so (`note`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aurora_cost.versions.catalogue import Engine, catalogue

ENGINE_NAMES = {"mysql": "Aurora MySQL", "postgresql": "Aurora PostgreSQL"}
MYSQL_NAMES = {"5.6": "1", "5.7": "2", "8.0": "3"}  # MySQL's own major -> Aurora MySQL major
_MYSQL_AURORA = re.compile(
    r"^(?P<community>\d+\.\d+)(?:\.[\w]+)?\.mysql_aurora\.(?P<release>\d+(?:\.\d+)*)$"
)
_PLAIN = re.compile(r"^\d+(?:\.\d+)*[a-z]?$")
MAX_LENGTH = 64


@dataclass(frozen=True)
class EngineVersion:
    """An engine version as given, with the catalogue major whose rules apply to it."""

    engine: Engine
    text: str
    major: str  # a catalogue major: "2", "3", "8.4", "16"
    release: tuple[int, ...] | None  # (3, 8, 0), (16, 4); None: the major's newest minor
    note: str | None = None  # set when the major is not in the catalogue

    @property
    def label(self) -> str:
        """`Aurora MySQL 8.0.mysql_aurora.3.08.0`, `Aurora PostgreSQL 16`."""
        return f"{ENGINE_NAMES[self.engine]} {self.text}"

    @property
    def major_label(self) -> str:
        return f"{ENGINE_NAMES[self.engine]} {self.major}"

    def at_least(self, first: str) -> bool:
        """Whether this version is `first` or later (a bare major: its newest minor is)."""
        return self.release is None or self.release >= release_key(first)


def release_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))


def default_version(engine: Engine) -> EngineVersion:
    """The newest major AWS offers for the engine."""
    major = catalogue().default_majors[engine]
    return EngineVersion(engine, major, major, None)


def _nearest(engine: Engine, wanted: str) -> str:
    majors = list(catalogue().majors[engine])
    value = float(wanted) if wanted.replace(".", "", 1).isdigit() else 0.0
    return min(majors, key=lambda m: (abs(float(m) - value), -float(m)))


def parse_version(engine: Engine, text: str) -> EngineVersion:
    """Read `text`; ValueError (with how to write it) when it is not a version at all."""
    raw = text.strip()
    if not raw or len(raw) > MAX_LENGTH:
        raise ValueError(_how_to_write(engine, raw))
    release: tuple[int, ...] | None
    if engine == "mysql":
        aurora = _MYSQL_AURORA.match(raw)
        if aurora:
            release = release_key(aurora.group("release"))
        elif _PLAIN.match(raw):
            if raw in MYSQL_NAMES:
                return _known(engine, raw, MYSQL_NAMES[raw], None)
            if raw in catalogue().majors[engine]:
                return _known(engine, raw, raw, None)
            release = release_key(raw)
        else:
            raise ValueError(_how_to_write(engine, raw))
        if raw.startswith("5.6") or (release and release[0] == 1):
            return _known(engine, raw, "1", release if release[0] == 1 else None)
        major = "8.4" if release[:2] == (8, 4) else str(release[0])
        if len(release) < 2 and major != "8.4":
            release = None
        return _known(engine, raw, major, release)
    if not _PLAIN.match(raw):
        raise ValueError(_how_to_write(engine, raw))
    numbers = release_key(raw)
    major = str(numbers[0])
    return _known(engine, raw, major, numbers if len(numbers) > 1 else None)


def _known(engine: Engine, text: str, major: str, release: tuple[int, ...] | None) -> EngineVersion:
    if major in catalogue().majors[engine]:
        return EngineVersion(engine, text, major, release)
    nearest = _nearest(engine, major)
    note = (
        f"{ENGINE_NAMES[engine]} {text}: major {major} is not in the engine catalogue "
        f"(compiled {catalogue().compiled}); priced with the rules of {ENGINE_NAMES[engine]} {nearest}"
    )
    return EngineVersion(engine, text, nearest, None, note)


def _how_to_write(engine: Engine, raw: str) -> str:
    shown = raw if len(raw) <= MAX_LENGTH else raw[:MAX_LENGTH] + "..."
    if engine == "mysql":
        examples = "8.0.mysql_aurora.3.08.0, 3.08.0 or a major: 2, 3, 8.4"
    else:
        examples = "16.4 or a major: 13, 16"
    return f"{shown!r} is not an Aurora engine version; write AWS's version, e.g. {examples}"
