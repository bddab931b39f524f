"""Reading user files: one wording for every file that cannot be read, whatever reads it."""

from __future__ import annotations

import os
from pathlib import Path

from aurora_cost.errors import AuroraCostError, InputError


def a(what: str) -> str:
    """`a trace file`, `an infrastructure file`, `a usage file` (`u` as in "usage" sounds
    like "you", so it takes `a`)."""
    return f"{'an' if what[:1].lower() in 'aeio' else 'a'} {what}"


def file_error(
    path: Path, exc: OSError, what: str, error: type[AuroraCostError] = InputError
) -> AuroraCostError:
    """What went wrong opening or reading `path` (a `what`: "trace file", ...), and the fix."""
    if isinstance(exc, FileNotFoundError):
        return error(f"{path}: no such file; check the path of the {what}")
    if isinstance(exc, IsADirectoryError):
        return error(f"{path}: is a directory; give the path of {a(what)}")
    if isinstance(exc, PermissionError):
        return error(f"{path}: permission denied; make the {what} readable")
    return error(f"{path}: cannot read the {what}: {exc.strerror or exc}")


def read_text(
    path: Path, *, what: str, error: type[AuroraCostError], limit: int | None = None
) -> str:
    """A text file's contents (UTF-8, or UTF-16 with its byte-order mark), read once and
    bounded by the input boundary (`inputs`), or an error that says why it cannot be read.

    `limit` is the kind's own limit; `AURORA_COST_MAX_INPUT_MB` overrides it.
    """
    from aurora_cost.inputs import LIMIT_VARIABLE, limit_bytes, read_input_text

    if limit is None or os.environ.get(LIMIT_VARIABLE, "").strip():
        limit = limit_bytes(what)
    return read_input_text(path, what=what, limit=limit, error=error)
