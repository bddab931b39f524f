"""Writes that never leave a half-written file: write a temporary file, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step; on any failure the old file stays."""
    write_files_atomic({path: text})


def write_files_atomic(files: Mapping[Path, str]) -> None:
    """Write several files so that either all are replaced or none is.

    Every file is written to a temporary sibling and flushed first; the renames run
    only when all writes succeeded, so a failure or Ctrl-C while writing leaves every
    old file byte-identical.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            staged.append((_stage(path, text), path))
        for temp, path in staged:
            os.replace(temp, path)
        staged.clear()
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()


def _stage(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


@contextlib.contextmanager
def atomic_directory_update(directory: Path) -> Iterator[dict[Path, str]]:
    """Collect files to write inside the block; they are written atomically on exit."""
    pending: dict[Path, str] = {}
    yield pending
    write_files_atomic(pending)
