"""Reading user files: one wording for every file that cannot be read, whatever reads it."""

from __future__ import annotations

from pathlib import Path

from aurora_cost.errors import AuroraCostError, InputError


def article(noun: str) -> str:
    """`a` or `an` before `noun`: an infrastructure file, a usage file, a trace file
    (`u` as in "usage" sounds like "you", so it takes `a`)."""
    return "an" if noun[:1].lower() in ("a", "e", "i", "o") else "a"


def file_error(
    path: Path, exc: OSError, what: str, error: type[AuroraCostError] = InputError
) -> AuroraCostError:
    """What went wrong opening or reading `path` (a `what`: "trace file", ...), and the fix."""
    if isinstance(exc, FileNotFoundError):
        return error(f"{path}: no such file; check the path of the {what}")
    if isinstance(exc, IsADirectoryError):
        return error(f"{path}: is a directory; give the path of {article(what)} {what}")
    if isinstance(exc, PermissionError):
        return error(f"{path}: permission denied; make the {what} readable")
    return error(f"{path}: cannot read the {what}: {exc.strerror or exc}")


def read_text(path: Path, *, what: str, error: type[AuroraCostError], limit: int) -> str:
    """A small UTF-8 text file's contents, or an error that says why it cannot be read."""
    try:
        if path.is_dir():
            raise IsADirectoryError(path)
        size = path.stat().st_size
        if size > limit:
            raise error(
                f"{path}: {size:,} bytes is too large for {article(what)} {what} "
                f"(limit {limit:,} bytes)"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise file_error(path, exc, what, error) from None
    try:
        return raw.decode("utf-8-sig")  # a leading byte-order mark is harmless
    except UnicodeDecodeError as exc:
        raise error(
            f"{path}: byte {exc.start} is not valid UTF-8; save the file as UTF-8"
        ) from None
