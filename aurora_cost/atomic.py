"""Writes that never leave a half-written file: write a temporary file, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step; on any failure the old file stays."""
    write_files_atomic({path: text})


def write_files_atomic(files: Mapping[Path, str]) -> None:
    """Write several files so that either all are replaced or none is.

    Every file is written to a temporary sibling and flushed first; the renames run
    only when all writes succeeded, so a failure or Ctrl-C while writing leaves every
    old file byte-identical. If a rename fails part-way, the files already replaced are
    put back from hard-linked backups.
    """
    staged: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path]] = []  # (backup of an old file, the file)
    replaced: list[Path] = []
    try:
        for path, text in files.items():
            staged.append((_stage(path, text), path))
        for _, path in staged:  # keep the old files until every rename has succeeded
            backup = _backup(path)
            if backup is not None:
                backups.append((backup, path))
        try:
            for temp, path in staged:
                os.replace(temp, path)
                replaced.append(path)
        except BaseException:
            _roll_back(replaced, dict((path, backup) for backup, path in backups))
            raise
        staged.clear()
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        for backup, _ in backups:
            with contextlib.suppress(OSError):
                backup.unlink()


def _backup(path: Path) -> Path | None:
    """A hard link to the current file (no copy), or None when there is no file."""
    if not path.is_file():
        return None
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(fd)
    backup = Path(name)
    backup.unlink()
    try:
        os.link(path, backup)
    except OSError:  # a file system without hard links: copy the bytes
        backup.write_bytes(path.read_bytes())
    return backup


def _roll_back(replaced: list[Path], backups: dict[Path, Path]) -> None:
    """Put back the old files that a failed batch of renames had already replaced."""
    for path in replaced:
        backup = backups.get(path)
        with contextlib.suppress(OSError):
            if backup is None:
                path.unlink()  # the file is new: remove it
            else:
                os.replace(backup, path)


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


def _stage(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        # mkstemp makes the file 0600; a price file is for everyone the umask allows
        os.chmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp
