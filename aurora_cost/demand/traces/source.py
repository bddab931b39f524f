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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from aurora_cost.errors import InputError
from aurora_cost.files import file_error
from aurora_cost.inputs import Input, limit_bytes, open_input

GZIP_MAGIC = b"\x1f\x8b"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
HEAD_BYTES = 64 * 1024
# What decompressing can raise on damaged or cut-short gzip data (BadGzipFile is an OSError).
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)
EMPTY = (
    "the trace file is empty; give a CSV with a header row (timestamp,acu) or the JSON "
    "output of aws cloudwatch get-metric-statistics"
)
_BLANK = b" \t\r\n"


@dataclass(frozen=True)
class Source:
    """A trace file as it is stored (gzip or not, its encoding, its first character),
    opened once: its text is read once, by one reader, from `start` on."""

    path: Path
    compressed: bool
    encoding: str  # "utf-8-sig", "utf-16-le" or "utf-16-be" (byte-order marks taken off)
    first: str  # the first character of the text that is not white space
    opened: Input | None = field(default=None, compare=False, repr=False)
    start: bytes = b""  # the content from the first block that is not blank
    skipped_lines: int = 0  # line breaks in the blank blocks before `start`

    @property
    def plain(self) -> bool:
        """Uncompressed UTF-8: the readers' fast, usual case."""
        return not self.compressed and self.encoding == "utf-8-sig"

    def open_bytes(self) -> io.BufferedReader:
        """The content from `start` on (once: the file is read as it comes, pipes too);
        closing it closes the file."""
        if self.opened is None:
            raise InputError(f"{self.path}: the trace file was already read")
        return io.BufferedReader(_Rest(self.opened, self.start), HEAD_BYTES)

    def open_text(self) -> TextIO:
        """The text, decoded, with line endings left as they are (for `csv`)."""
        return io.TextIOWrapper(self.open_bytes(), encoding=self.encoding, newline="")

    def read_text(self) -> str:
        """The whole text (at most the trace limit, once decompressed)."""
        try:
            with self.open_bytes() as f:
                raw = f.read()
        except GZIP_ERRORS as exc:
            raise gzip_error(self.path, exc) from None
        except OSError as exc:
            raise file_error(self.path, exc, "trace file") from None
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise InputError(self.decode_error(exc.start)) from None

    def decode_error(self, position: int | None = None) -> str:
        """The message for text that is not valid in the file's encoding."""
        where = f"byte {position:,} of the text" if position is not None else "the text"
        name = "UTF-16" if self.encoding.startswith("utf-16") else "UTF-8"
        inside = " (once decompressed)" if self.compressed else ""
        return f"{self.path}: {where}{inside} is not valid {name}; save the file as UTF-8"


class _Rest(io.RawIOBase):
    """`start`, then the rest of the opened content."""

    def __init__(self, opened: Input, start: bytes) -> None:
        super().__init__()
        self.opened, self.pending = opened, start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.pending:
            n = min(len(buffer), len(self.pending))
            buffer[:n] = self.pending[:n]
            self.pending = self.pending[n:]
            return n
        data = self.opened.content().read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.opened.close()
        super().close()


def gzip_error(path: Path, exc: BaseException) -> InputError:
    return InputError(
        f"{path}: the gzip data is damaged or cut short ({exc}); compress the file again "
        "(gzip FILE) or give it uncompressed"
    )


def inspect(path: Path) -> Source:
    """How to read `path`, or an InputError for a file that cannot be a trace.

    The file is opened once (`inputs`), so a pipe or `-` works; its blank start (a gzip
    bomb of blank lines, say) is skipped a block at a time, never kept.
    """
    opened = open_input(path, what="trace file", limit=limit_bytes("trace file"))
    try:
        return _inspect(path, opened)
    except BaseException:
        opened.close()
        raise


def _inspect(path: Path, opened: Input) -> Source:
    compressed = opened.gzip
    if not compressed and opened.head and path.suffix.lower() == ".gz":
        raise InputError(
            f"{path}: the name ends in .gz but the file is not gzip data (gzip files start "
            "with the bytes 1f 8b); give the file uncompressed, or compress it with gzip"
        )
    content = opened.content()
    try:
        block = content.read(HEAD_BYTES)
        encoding = "utf-8-sig"
        if block.startswith(UTF16_BOMS):
            encoding = "utf-16-le" if block.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
            block = block[2:]
        skipped = 0
        while block and _blank(block, encoding):
            skipped += _line_breaks(block, encoding)
            block = content.read(HEAD_BYTES)
    except GZIP_ERRORS as exc:
        raise gzip_error(path, exc) from None
    except OSError as exc:
        raise file_error(path, exc, "trace file") from None
    text = block.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")
    if not text:
        raise InputError(f"{path}: {EMPTY}")
    if not encoding.startswith("utf-16") and not skipped:
        _refuse_utf16_without_bom(path, block)
    _refuse_markup(path, text[:64])
    return Source(path, compressed, encoding, text[:1], opened, block, skipped)


def _blank(block: bytes, encoding: str) -> bool:
    if encoding == "utf-8-sig":
        return not block.lstrip(codecs.BOM_UTF8).strip(_BLANK)
    return not block.decode(encoding, errors="replace").strip(" \t\r\n")


def _line_breaks(block: bytes, encoding: str) -> int:
    text = block if encoding == "utf-8-sig" else block.decode(encoding, errors="replace")
    newline = b"\n" if isinstance(text, bytes) else "\n"
    return text.count(newline)  # type: ignore[arg-type]


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
