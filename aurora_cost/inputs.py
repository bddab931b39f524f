"""The input boundary: every file aurora-cost reads is opened here, once, and read bounded.

- `-` is standard input; a pipe (`<(cmd)`, a named pipe, /dev/stdin) is read once, as it
  comes; a regular file likewise. Anything else (a terminal, /dev/zero, /dev/urandom, a
  socket, a directory) is refused by its kind, before a byte is read: the size the system
  reports for a device says nothing about what reading it gives.
- Every stream stops with an error past its limit (and a gzip stream past its limit once
  decompressed): no input is read further than its limit, whatever its size claims.
  `AURORA_COST_MAX_INPUT_MB` raises (or lowers) every limit at once.
- A path written inside an input file resolves relative to that file and must stay in the
  directory tree the file stands in (symbolic links followed), unless the user allows
  it (`--allow-paths-outside`, or `AURORA_COST_ALLOW_PATHS_OUTSIDE=1`).

The readers get an `Input`: the path as the user gave it (for messages), the first bytes
(to tell the format), and a binary stream that yields the whole content from byte 0.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import os
import select
import shutil
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from aurora_cost.errors import AuroraCostError, InputError
from aurora_cost.files import a, file_error
from aurora_cost.shown import printable

MB = 1024 * 1024
LIMIT_VARIABLE = "AURORA_COST_MAX_INPUT_MB"
OUTSIDE_VARIABLE = "AURORA_COST_ALLOW_PATHS_OUTSIDE"
STDIN = "-"
HEAD_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024
_PIPE_GRACE_SECONDS = 1.0  # a named pipe's writer may open it just after we do

# The limits, in MB, by kind of input (the README's "Limits and untrusted input").
LIMITS_MB = {
    "workload file": 5,
    "usage file": 5,
    "price file": 5,
    "infrastructure file": 256,
    "trace file": 512,
    "offer file": 8192,  # AWS's whole-service AmazonRDS offer file is a few GB
}


def limit_bytes(what: str) -> int:
    """The most bytes a `what` may hold (decompressed), `AURORA_COST_MAX_INPUT_MB` if set."""
    raw = os.environ.get(LIMIT_VARIABLE, "").strip()
    if raw:
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not (0 < value < 1e7):
            raise InputError(f"{LIMIT_VARIABLE}={raw!r}: give a number of megabytes greater than 0")
        return int(value * MB)
    return LIMITS_MB.get(what, 64) * MB


def too_large(
    name: str, what: str, limit: int, *, size: int | None = None, decompressed: bool = False
) -> InputError:
    """The one wording of an input over its limit (the README's "Limits and untrusted input")."""
    if size is not None:
        found = f"{size:,} bytes is too large for {a(what)} (limit {limit:,} bytes)"
    else:
        verb = "decompresses to" if decompressed else "holds"
        found = f"the file {verb} more than {limit:,} bytes, the limit for {a(what)}"
    return InputError(
        f"{name}: {found}; check that it is the right file, or raise the limit with "
        f"{LIMIT_VARIABLE} (megabytes)"
    )


class _Capped(io.RawIOBase):
    """A raw stream that yields `head` and then the rest, stopping with an error past `limit`."""

    def __init__(self, read: Callable[[int], bytes], on_limit: Callable[[], Exception],
                 limit: int, head: bytes = b"") -> None:  # fmt: skip
        super().__init__()
        self._read, self._on_limit, self._limit = read, on_limit, limit
        self._pending = head
        self._total = len(head)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._pending:
            n = min(len(buffer), len(self._pending))
            buffer[:n] = self._pending[:n]
            self._pending = self._pending[n:]
            return n
        data = self._read(min(len(buffer), _CHUNK))
        self._total += len(data)
        if self._total > self._limit:
            raise self._on_limit()
        buffer[: len(data)] = data
        return len(data)


@dataclass
class Input:
    """One input, opened once: its name for messages, its first bytes, its content stream."""

    name: str  # the path as given ("-" is standard input)
    head: bytes  # up to HEAD_BYTES of the raw (not decompressed) content
    stream: io.BufferedReader  # the whole raw content from byte 0, bounded
    regular: bool  # a regular file (its size is known; it could be opened again)
    what: str
    limit: int
    _close: Callable[[], None]
    fd: int | None = None  # a regular file's descriptor
    _content: io.BufferedReader | None = None

    @property
    def gzip(self) -> bool:
        return self.head.startswith(GZIP_MAGIC)

    def content(self) -> io.BufferedReader:
        """The content, decompressed when it is gzip, bounded by the limit either way (the
        same stream on every call: the content can be read once)."""
        if self._content is None:
            self._content = self.stream if not self.gzip else self._decompressed()
        return self._content

    def _decompressed(self) -> io.BufferedReader:
        inner = gzip.GzipFile(fileobj=self.stream, mode="rb")

        def read(n: int) -> bytes:
            try:
                return inner.read(n)
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                raise InputError(
                    f"{self.name}: the gzip data is damaged or cut short ({exc}); compress "
                    "the file again (gzip FILE) or give it uncompressed"
                ) from None

        def over() -> Exception:
            return too_large(self.name, self.what, self.limit, decompressed=True)

        return io.BufferedReader(_Capped(read, over, self.limit), _CHUNK)

    def seekable(self) -> BinaryIO:
        """The content as a seekable stream, for readers that pass over it more than once:
        the same open file when it is a plain regular file (its size was checked), else a
        temporary copy of the content, bounded by the limit. Close it after use."""
        if self.fd is not None and not self.gzip:
            os.lseek(self.fd, 0, os.SEEK_SET)
            return os.fdopen(os.dup(self.fd), "rb")
        copy = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
        try:
            shutil.copyfileobj(self.content(), copy, _CHUNK)
            copy.seek(0)
        except BaseException:
            copy.close()
            raise
        return copy

    def read_all(self) -> bytes:
        """The whole content (decompressed), at most the limit."""
        stream = self.content()
        parts = []
        while chunk := stream.read(_CHUNK):
            parts.append(chunk)
        return b"".join(parts)

    def close(self) -> None:
        close, self._close = self._close, _nothing
        close()

    def __enter__(self) -> Input:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _nothing() -> None:
    pass


def _refuse_kind(name: str, mode: int, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"{name}: is a directory; give the path of {a(what)}")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputError(
            f"{name}: is a device, not a file; give the path of {a(what)} (or - for standard input)"
        )
    if stat.S_ISSOCK(mode):
        raise InputError(f"{name}: is a socket, not a file; give the path of {a(what)}")


def _pipe_reader(fd: int) -> Callable[[int], bytes]:
    """Reads of a pipe opened without blocking: wait for data while a writer holds it open."""
    started = time.monotonic()
    seen_data = False

    def read(n: int) -> bytes:
        nonlocal seen_data
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        while True:
            try:
                data = os.read(fd, n)
            except BlockingIOError:  # a writer is there; nothing written yet
                poller.poll(1000)
                continue
            if data or seen_data or time.monotonic() - started > _PIPE_GRACE_SECONDS:
                seen_data = seen_data or bool(data)
                return data
            time.sleep(0.05)  # no writer yet: a named pipe's writer may be opening it

    return read


def open_input(path: Path | str, *, what: str, limit: int | None = None,
               error: type[AuroraCostError] = InputError) -> Input:  # fmt: skip
    """Open `path` (or `-`) once for reading; refuse what cannot be a file of its kind."""
    name = str(path)
    limit = limit_bytes(what) if limit is None else limit

    def over() -> Exception:
        return too_large(name, what, limit)

    if name == STDIN:
        stdin = sys.stdin.buffer
        raw = _Capped(getattr(stdin, "read1", stdin.read), over, limit)
        return _finish(name, raw, False, what, limit, lambda: None)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise file_error(Path(name), exc, what, error) from None
    try:
        mode = os.fstat(fd).st_mode
        _refuse_kind(name, mode, what)
        regular = stat.S_ISREG(mode)
        if regular:
            os.set_blocking(fd, True)
            size = os.fstat(fd).st_size
            if size > limit:
                raise too_large(name, what, limit, size=size)
            read: Callable[[int], bytes] = lambda n: os.read(fd, n)  # noqa: E731
        elif stat.S_ISFIFO(mode):
            read = _pipe_reader(fd)
        else:
            raise InputError(f"{name}: is not a regular file or a pipe; give {a(what)}")
        opened = _finish(name, _Capped(read, over, limit), regular, what, limit,
                         lambda: os.close(fd))  # fmt: skip
        opened.fd = fd if regular else None
        return opened
    except BaseException:
        os.close(fd)
        raise


def _finish(name: str, raw: _Capped, regular: bool, what: str, limit: int,
            close: Callable[[], None]) -> Input:  # fmt: skip
    try:
        head = raw.read(HEAD_BYTES) or b""
        while len(head) < HEAD_BYTES and (more := raw.read(HEAD_BYTES - len(head))):
            head += more
    except OSError as exc:  # the caller closes what it opened
        raise file_error(Path(name), exc, what) from None
    stream = io.BufferedReader(_Capped(raw.read, _no_limit, limit + 1, head), _CHUNK)
    return Input(name, head, stream, regular, what, limit, close)  # type: ignore[arg-type]


def _no_limit() -> Exception:  # the inner stream already counts
    return AssertionError("unreachable")


def read_input(path: Path | str, *, what: str, limit: int | None = None,
               error: type[AuroraCostError] = InputError) -> bytes:  # fmt: skip
    """The whole content of `path` (decompressed when gzip), bounded by the limit."""
    with open_input(path, what=what, limit=limit, error=error) as opened:
        try:
            return opened.read_all()
        except OSError as exc:
            raise file_error(Path(opened.name), exc, what, error) from None


def decode_text(data: bytes, name: str, error: type[AuroraCostError] = InputError) -> str:
    """UTF-8 (a byte-order mark is dropped) or UTF-16 with its byte-order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise error(
                f"{name}: byte {exc.start:,} is not valid UTF-16; save the file as UTF-8"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"{name}: byte {exc.start:,} (line {line}) is not valid UTF-8; save the file as UTF-8"
        ) from None


def read_input_text(path: Path | str, *, what: str, limit: int | None = None,
                    error: type[AuroraCostError] = InputError) -> str:  # fmt: skip
    return decode_text(read_input(path, what=what, limit=limit, error=error), str(path), error)


# ---- paths written inside input files ------------------------------------------------


OUTSIDE_FLAG = "--allow-paths-outside"
# Set by the flag for one command (the CLI's boundary clears it after every command).
_OUTSIDE_ALLOWED: ContextVar[bool] = ContextVar("paths_outside_allowed", default=False)


def allow_paths_outside(allowed: bool) -> None:
    """What `--allow-paths-outside` says, for the command being run."""
    _OUTSIDE_ALLOWED.set(allowed)


def outside_allowed() -> bool:
    if _OUTSIDE_ALLOWED.get():
        return True
    return os.environ.get(OUTSIDE_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def outside(base: Path, written: str) -> str | None:
    """Why `written` (a path inside a file in `base`, resolved relative to it, symbolic
    links followed) may not be read, or None: it leaves `base`'s tree and the user has not
    allowed that."""
    if outside_allowed():
        return None
    target = Path(written)
    joined = target if target.is_absolute() else Path(base) / target
    root = os.path.realpath(base)
    real = os.path.realpath(joined)
    if os.path.commonpath([root, real]) == root:
        return None
    return (
        f"{printable(written)!r} is outside the directory tree of this file ({base}); a path "
        "inside an input file must stay in that tree: move the file into it, or allow "
        f"paths outside with {OUTSIDE_FLAG} (or {OUTSIDE_VARIABLE}=1) if you trust the file"
    )


# ---- JSON, checked as it is parsed ---------------------------------------------------

MAX_JSON_DEPTH = 64  # Terraform's deepest plans nest a few dozen levels
MAX_NUMBER_DIGITS = 40  # 1e18 bytes is 19 digits; no amount aurora-cost reads needs more
BYTES_PER_CONTAINER = 32  # at most one object or list per 32 bytes of the limit


class _BadJson(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _constant(name: str) -> Any:
    raise _BadJson(f"{name} is not a JSON number; give a finite number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > MAX_NUMBER_DIGITS + 10:
        raise _BadJson(f"the number {text[:40]} is beyond what a float holds; give a finite number")
    return value


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_DIGITS:
        raise _BadJson(
            f"a {len(text):,}-digit number ({text[:20]}...) is beyond any amount; give a real one"
        )
    return int(text)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _BadJson(f"the key {key!r} appears twice in one object; keep one")
            seen.add(key)
    return out


def parse_json(
    text: str, name: str, error: type[AuroraCostError] = InputError, hint: str = ""
) -> Any:
    """JSON text to Python data, refusing what Python's `json` would let through: NaN and
    Infinity, numbers beyond a float or past 40 digits, a key twice in one object, nesting
    deeper than MAX_JSON_DEPTH, and more objects and lists than the size limit allows (so
    that a file of empty objects cannot take memory out of all proportion to its size)."""
    containers = text.count("{") + text.count("[")  # an upper bound, strings included
    allowed = max(100_000, limit_bytes("infrastructure file") // BYTES_PER_CONTAINER)
    if containers > allowed:
        raise error(
            f"{name}: the JSON holds over {allowed:,} objects and lists, more than a real "
            f"file of its kind; check the file, or raise {LIMIT_VARIABLE}"
        )
    try:
        data = json.loads(
            text,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
            object_pairs_hook=_pairs,
        )
    except json.JSONDecodeError as exc:
        raise error(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            + (f"; {hint}" if hint else "")
        ) from None
    except _BadJson as exc:
        raise error(f"{name}: {exc.message}") from None
    except RecursionError:
        raise error(f"{name}: the JSON nests too deeply") from None
    depth = _depth(data)
    if depth > MAX_JSON_DEPTH:
        raise error(
            f"{name}: the JSON nests {depth} levels deep, more than {MAX_JSON_DEPTH}; this is "
            "not a file of the kind expected"
        )
    return data


def _depth(data: Any) -> int:
    """How deep the objects and lists nest (iteratively: no recursion limit to hit)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            return level
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest
