"""What every format reader shares: the record types, their errors and the size limit."""

from __future__ import annotations

import dataclasses
from typing import Any, BinaryIO

# A news article is kilobytes; anything past this in one record is not an article.
MAX_RECORD_BYTES = 10 * 1024 * 1024
# Metadata key of a record from a file of many (JSONL line number, WARC record offset).
RECORD_POSITION = "record"


@dataclasses.dataclass
class Record:
    """One article: its `text`, or its `html` for the HTML extractor, and its metadata."""

    metadata: dict[str, Any]
    text: str | None = None
    html: str | None = None


@dataclasses.dataclass(frozen=True)
class RecordError:
    """One record that cannot be used: `where` in the file (e.g. "line 3") and why."""

    where: str
    reason: str

    def describe(self) -> str:
        return f"{self.where}: {self.reason}"


class CorruptInputError(IOError):
    """The (compressed) byte stream itself is broken, e.g. a truncated gzip file."""


class RecordTooLargeError(ValueError):
    """One record is larger than MAX_RECORD_BYTES."""


# Most records fit in the first read. Asking for `limit + 1` bytes at once would make Python
# allocate (and release) a 10 MiB buffer per file: that took 2x the time of reading a 4 KB page.
_FIRST_READ_BYTES = 64 * 1024


def read_limited(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> bytes:
    """All of `stream`, refusing more than `limit` bytes without reading the rest."""
    data = stream.read(min(limit + 1, _FIRST_READ_BYTES))
    if len(data) == _FIRST_READ_BYTES:
        data += stream.read(limit + 1 - len(data))
    if len(data) > limit:
        raise RecordTooLargeError(f"larger than {limit // (1024 * 1024)} MiB; not read")
    return data
