"""Opening a trace file: compression, text encoding, and files that are not traces at all.

- gzip (the file starts with the bytes 1f 8b) is decompressed as it is read; a name ending
  in `.gz` must hold gzip data;
- the text is UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark,
  which is what Windows PowerShell 5's `>` writes; UTF-16 without one is explained, not
  guessed;
- an HTML page (an error or sign-in page saved instead of the export) or an XML error
  response is named as such in one line.

`inspect` looks at the start of the file once; the readers then open the text with
`Source.open_text` (CSV, streamed) or `Source.read_text` (JSON, whole).
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aurora_cost.errors import InputError
from aurora_cost.files import file_error

GZIP_MAGIC = b"\x1f\x8b"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
HEAD_BYTES = 64 * 1024
# What decompressing can raise on damaged or cut-short gzip data (BadGzipFile is an OSError).
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)
EMPTY = (
    "the trace file is empty; give a CSV with a header row (timestamp,acu) or the JSON "
    "output of aws cloudwatch get-metric-statistics"
)


@dataclass(frozen=True)
class Source:
    """A trace file as it is stored: gzip or not, its encoding, its first character."""

    path: Path
    compressed: bool
    encoding: str  # "utf-8-sig" or "utf-16" (both take their byte-order mark off)
    first: str  # the first character of the text that is not white space

    @property
    def plain(self) -> bool:
        """Uncompressed UTF-8: the readers' fast, usual case."""
        return not self.compressed and self.encoding == "utf-8-sig"

    def open_bytes(self) -> io.BufferedIOBase:
        if self.compressed:
            return gzip.open(self.path, "rb")
        return self.path.open("rb")

    def open_text(self) -> TextIO:
        """The text, decoded, with line endings left as they are (for `csv`)."""
        if self.compressed:
            return gzip.open(self.path, "rt", encoding=self.encoding, newline="")
        return self.path.open(encoding=self.encoding, newline="")

    def read_text(self, limit: int, what: str = "trace file") -> str:
        """The whole text, at most `limit` bytes (once decompressed)."""
        try:
            size = self.path.stat().st_size
            if size > limit:
                raise InputError(
                    f"{self.path}: {size:,} bytes is too large for a {what} (limit {limit:,} bytes)"
                )
            with self.open_bytes() as f:
                raw = f.read(limit + 1)
        except GZIP_ERRORS as exc:
            raise gzip_error(self.path, exc) from None
        except OSError as exc:
            raise file_error(self.path, exc, "trace file") from None
        if len(raw) > limit:
            raise InputError(
                f"{self.path}: the file decompresses to more than {limit:,} bytes, too large "
                f"for a {what} (limit {limit:,} bytes)"
            )
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise InputError(self.decode_error(exc.start)) from None

    def decode_error(self, position: int | None = None) -> str:
        """The message for text that is not valid in the file's encoding."""
        where = f"byte {position:,} of the text" if position is not None else "the text"
        name = "UTF-16" if self.encoding == "utf-16" else "UTF-8"
        inside = " (once decompressed)" if self.compressed else ""
        return f"{self.path}: {where}{inside} is not valid {name}; save the file as UTF-8"


def gzip_error(path: Path, exc: BaseException) -> InputError:
    return InputError(
        f"{path}: the gzip data is damaged or cut short ({exc}); compress the file again "
        "(gzip FILE) or give it uncompressed"
    )


def inspect(path: Path) -> Source:
    """How to read `path`, or an InputError for a file that cannot be a trace."""
    try:
        if path.is_dir():
            raise IsADirectoryError(path)
        with path.open("rb") as f:
            magic = f.read(2)
    except OSError as exc:
        raise file_error(path, exc, "trace file") from None
    compressed = magic == GZIP_MAGIC
    if not compressed and magic and path.suffix.lower() == ".gz":
        raise InputError(
            f"{path}: the name ends in .gz but the file is not gzip data (gzip files start "
            "with the bytes 1f 8b); give the file uncompressed, or compress it with gzip"
        )
    try:
        with gzip.open(path, "rb") if compressed else path.open("rb") as f:
            head = f.read(HEAD_BYTES)
            encoding = "utf-16" if head.startswith(UTF16_BOMS) else "utf-8-sig"
            first = _first_char(f, head, encoding)
    except GZIP_ERRORS as exc:
        raise gzip_error(path, exc) from None
    except OSError as exc:
        raise file_error(path, exc, "trace file") from None
    if not first:
        raise InputError(f"{path}: {EMPTY}")
    if encoding != "utf-16":
        _refuse_utf16_without_bom(path, head)
    _refuse_markup(path, first)
    return Source(path, compressed, encoding, first[:1])


def _first_char(f: io.BufferedIOBase, head: bytes, encoding: str) -> str:
    """The text from its first non-blank character (a few dozen characters of it)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    piece = head
    while True:
        text = decoder.decode(piece, final=not piece).lstrip()
        if text or not piece:
            return text[:64]
        piece = f.read(HEAD_BYTES)


def _refuse_utf16_without_bom(path: Path, head: bytes) -> None:
    """Text with a NUL in every other byte is UTF-16 that lost its byte-order mark."""
    sample = head[:256]
    if len(sample) < 8 or b"\0" not in sample:
        return
    evens, odds = sample[0::2], sample[1::2]
    for zeros, others, order in ((odds, evens, "LE"), (evens, odds, "BE")):
        if zeros.count(0) >= 0.9 * len(zeros) and others.count(0) <= 0.1 * len(others):
            raise InputError(
                f"{path}: the file looks like UTF-16 {order} text without a byte-order mark; "
                "save it as UTF-8 (in PowerShell: ... | Out-File -Encoding utf8 FILE)"
            )


def _refuse_markup(path: Path, text: str) -> None:
    start = text.lower()
    if start.startswith(("<!doctype html", "<html")):
        raise InputError(
            f"{path}: this is an HTML page (an error or sign-in page saved instead of the "
            "export?), not a trace; run the aws command again and save its JSON output"
        )
    if start.startswith("<?xml"):
        raise InputError(
            f"{path}: this is an XML document (an error response saved instead of the "
            "export?), not a trace; run the aws command again with --output json"
        )
