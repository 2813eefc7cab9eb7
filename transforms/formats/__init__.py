"""Input formats: a binary stream -> records, one per article, read as the stream is read.

Plain readers with no Beam in them: `txt`, `html`, `jsonl` and `warc`. Each yields `Record`s
(an article's text, or its HTML still to be extracted, plus metadata) and `RecordError`s (one
record that cannot be used, with where it is and why); a reader raises only when the stream
itself fails, e.g. truncated compressed data. `open_decompressed` undoes gzip, bzip2 and zstd
by their magic bytes, and `detect_format` picks the reader from the content and the file name.

Metadata keys, for the stages after ReadNews: "format", "record" (line number or WARC record
offset), and when the input gives them "title", "url", "published" (the raw string), "source",
"language". For WARC, "published" is the WARC-Date (crawl time) and the page's own date, when
the HTML gives one, is "page_published".
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import zlib
from typing import BinaryIO, Iterator

import zstandard

from transforms.formats import html, jsonl, txt, warc
from transforms.formats.base import CorruptInputError, Record, RecordError

FORMATS = ("txt", "html", "jsonl", "warc")
AUTO = "auto"
_SNIFF_BYTES = 4096
# Each wrapper allocates its buffer per file: 1 MiB buffers cost 18 us of a 40 us page read.
_STREAM_BUFFER_BYTES = 64 * 1024

_EXTENSIONS = {
    "txt": "txt",
    "text": "txt",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "json": "jsonl",
    "warc": "warc",
}
_COMPRESSION_EXTENSIONS = {"gz": "gzip", "gzip": "gzip", "bz2": "bzip2", "zst": "zstd", "zstd": "zstd"}
_COMPRESSION_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\x28\xb5\x2f\xfd": "zstd"}
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--")


class _JoinedStream(io.RawIOBase):
    """`head` (bytes already read to look at them) followed by the rest of `stream`; read errors
    of a decompressor become a CorruptInputError that names the compression."""

    def __init__(self, head: bytes, stream: BinaryIO, compression: str | None = None):
        super().__init__()
        self._head = head
        self._stream = stream
        self._compression = compression

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        try:
            data = self._stream.read(len(buffer))
        except (EOFError, OSError, zlib.error, zstandard.ZstdError) as error:
            if self._compression is None:
                raise
            raise CorruptInputError(f"truncated or corrupt {self._compression} data: {error}") from error
        buffer[: len(data)] = data
        return len(data)


def _buffered(head: bytes, stream: BinaryIO, compression: str | None = None) -> io.BufferedReader:
    return io.BufferedReader(_JoinedStream(head, stream, compression), buffer_size=_STREAM_BUFFER_BYTES)


def compression_from_name(path: str) -> str | None:
    return _COMPRESSION_EXTENSIONS.get(path.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower())


def open_decompressed(raw: BinaryIO, path: str) -> tuple[io.BufferedReader, str | None]:
    """The decompressed stream of `raw` and its compression (None when not compressed).

    Compression is recognised by magic bytes, whatever the name says; a name ending in .gz,
    .bz2 or .zst whose bytes are not that compression is an error.
    """
    magic = raw.read(4)
    compression = next((kind for prefix, kind in _COMPRESSION_MAGIC.items() if magic.startswith(prefix)), None)
    named = compression_from_name(path)
    if named and compression != named:
        raise CorruptInputError(f"named as {named} data but the bytes are not {named}")
    joined = _buffered(magic, raw)
    if compression == "gzip":
        return _buffered(b"", gzip.GzipFile(fileobj=joined, mode="rb"), compression), compression
    if compression == "bzip2":
        return _buffered(b"", bz2.BZ2File(joined, mode="rb"), compression), compression
    if compression == "zstd":
        reader = zstandard.ZstdDecompressor().stream_reader(joined, read_across_frames=True)
        return _buffered(b"", reader, compression), compression
    return joined, None


def format_from_name(path: str) -> str | None:
    parts = path.rsplit("/", 1)[-1].lower().split(".")
    while len(parts) > 1 and parts[-1] in _COMPRESSION_EXTENSIONS:
        parts.pop()
    return _EXTENSIONS.get(parts[-1]) if len(parts) > 1 else None


def format_from_content(head: bytes) -> str | None:
    """What the first bytes say, when they say it clearly."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:200].lower()
    if start.startswith(b"warc/1."):
        return "warc"
    if start.startswith(_HTML_STARTS) and b"<html" in head.lower():
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return None


def detect_format(path: str, head: bytes) -> str:
    """WARC and HTML are recognised by content; otherwise the extension decides, then content
    that starts like a JSON object, and anything else is a text page."""
    by_content = format_from_content(head)
    if by_content in ("warc", "html"):
        return by_content
    return format_from_name(path) or by_content or "txt"


def sniff(stream: BinaryIO) -> tuple[bytes, io.BufferedReader]:
    """The first bytes of `stream`, and a stream that still starts with them."""
    head = stream.read(_SNIFF_BYTES)
    return head, _buffered(head, stream)


_READERS = {"txt": txt.read_txt, "html": html.read_html, "jsonl": jsonl.read_jsonl, "warc": warc.read_warc}


def read_records(stream: io.BufferedReader, input_format: str, encoding: str | None = None) -> Iterator[Record | RecordError]:
    """The records of a decompressed stream in `input_format` (one of FORMATS)."""
    return _READERS[input_format](stream, encoding)
