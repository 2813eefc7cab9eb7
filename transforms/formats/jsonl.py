"""JSON Lines: one article per line, read line by line (a 2 GB file is never held at once).

A `.json` file that holds one pretty-printed article (news-please's per-article output) or a JSON
array of articles is read whole instead, up to MAX_RECORD_BYTES; its records are numbered from 1.

Generic fields: `text` or `html`, `title`, `url`, `source`, `published`. news-please output:
`maintext`, `title`, `date_publish`, `source_domain`, `url`, `language`. Blank lines are
skipped; a line that is not a JSON object with article text becomes a RecordError with its line
number, and the lines around it are still read.
"""

from __future__ import annotations

import codecs
import io
import json
from typing import Any, BinaryIO, Iterator

from transforms.formats.base import MAX_RECORD_BYTES, RECORD_POSITION, Record, RecordError
from transforms.text.decode import decode_bytes, repair_mojibake

_SKIP_CHUNK_BYTES = 1024 * 1024
_METADATA_FIELDS = {
    "title": ("title",),
    "url": ("url",),
    "published": ("published", "date_publish"),
    "source": ("source", "source_domain"),
    "language": ("language",),
}


def read_jsonl(stream: BinaryIO, encoding: str | None = None) -> Iterator[Record | RecordError]:
    if _is_whole_json_document(stream):
        yield from _read_whole_document(stream, encoding)
        return
    for number, line in _lines(stream, encoding):
        where = f"line {number}"
        if isinstance(line, RecordError):
            yield line
            continue
        if not line.strip():
            continue
        try:
            yield parse_article(line, number)
        except ValueError as error:
            yield RecordError(where, str(error))


def _is_whole_json_document(stream: BinaryIO) -> bool:
    """An array, or an object spread over several lines, rather than one object per line."""
    head = stream.peek(64 * 1024)[: 64 * 1024] if hasattr(stream, "peek") else b""
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"["):
        return True
    if not head.startswith(b"{") or b"\n" not in head:
        return False  # peek may return less than a line: without a whole first line, it is JSON Lines
    return not head.split(b"\n", 1)[0].rstrip().endswith(b"}")


def _read_whole_document(stream: BinaryIO, encoding: str | None) -> Iterator[Record | RecordError]:
    data = stream.read(MAX_RECORD_BYTES + 1)
    if len(data) > MAX_RECORD_BYTES:
        yield RecordError("document", f"a JSON document (not JSON Lines) longer than {MAX_RECORD_BYTES // (1024 * 1024)} MiB; not read")
        return
    try:
        document = json.loads(decode_bytes(data.removeprefix(codecs.BOM_UTF8), encoding))
    except (json.JSONDecodeError, ValueError) as error:
        yield RecordError("document", f"invalid JSON document ({error})")
        return
    articles = document if isinstance(document, list) else [document]
    for number, article in enumerate(articles, start=1):
        try:
            yield article_record(article, number)
        except ValueError as error:
            yield RecordError(f"record {number}", str(error))


def parse_article(line: str, number: int) -> Record:
    try:
        article = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON ({error.msg} at character {error.pos + 1})") from None
    return article_record(article, number)


def article_record(article: Any, number: int) -> Record:
    if not isinstance(article, dict):
        raise ValueError(f"a JSON {type(article).__name__}, not an object")
    metadata: dict[str, Any] = {"format": "jsonl", RECORD_POSITION: number}
    for key, names in _METADATA_FIELDS.items():
        value = _first_string(article, names)
        if value is not None:
            metadata[key] = repair_mojibake(value)
    text = _first_string(article, ("maintext", "text"))
    if text is not None:
        return Record(metadata=metadata, text=repair_mojibake(text))
    html = _first_string(article, ("html",))
    if html is not None:
        return Record(metadata=metadata, html=repair_mojibake(html))
    raise ValueError("no article text: none of the fields text, maintext or html holds a non-empty string")


def _first_string(article: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = article.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _lines(stream: BinaryIO, encoding: str | None) -> Iterator[tuple[int, str | RecordError]]:
    """(line number, text) pairs; an over-long or undecodable line is a RecordError instead."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    wide = encoding and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    if wide or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from _text_lines(io.TextIOWrapper(stream, encoding=encoding or "utf-16", newline=None))
        return
    number = 0
    while True:
        raw = stream.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream.readline)
            yield number, _too_long(number)
            continue
        if not raw.strip():
            yield number, ""
            continue
        try:
            yield number, decode_bytes(raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw, encoding)
        except ValueError as error:
            yield number, RecordError(f"line {number}", str(error))


def _text_lines(text_stream: io.TextIOWrapper) -> Iterator[tuple[int, str | RecordError]]:
    number = 0
    while True:
        try:
            line = text_stream.readline(MAX_RECORD_BYTES + 1)
        except UnicodeDecodeError as error:
            yield number + 1, RecordError(f"line {number + 1}", f"not valid {error.encoding} ({error.reason}); the rest of the file is not read")
            return
        if not line:
            return
        number += 1
        if len(line) > MAX_RECORD_BYTES and not line.endswith("\n"):
            _skip_rest_of_line(text_stream.readline)
            yield number, _too_long(number)
            continue
        yield number, line


def _skip_rest_of_line(readline) -> None:
    while True:
        chunk = readline(_SKIP_CHUNK_BYTES)
        newline = b"\n" if isinstance(chunk, bytes) else "\n"
        if not chunk or chunk.endswith(newline):
            return


def _too_long(number: int) -> RecordError:
    return RecordError(f"line {number}", f"longer than {MAX_RECORD_BYTES // (1024 * 1024)} MiB; skipped")
