"""WARC files (Common Crawl News): one record per HTML response, read record by record.

`response` records whose HTTP Content-Type is HTML become records with the page still to be
extracted; the WARC-Target-URI is the url, WARC-Date the crawl time ("warc_date"; the publication
date comes from the page). `warcinfo`, `request`, `metadata` and `revisit` records describe the
crawl, not an article, and are skipped. A response or resource that is not HTML, or not a
successful HTTP response, is a RecordError with its offset and URL.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator

from transforms.formats.base import Record, RecordError, read_limited
from transforms.formats.html import decode_html

_ARTICLE_RECORD_TYPES = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def read_warc(stream: BinaryIO, encoding: str | None = None) -> Iterator[Record | RecordError]:
    records = ArchiveIterator(stream, check_digests=False)
    for record in records:
        if record.rec_type not in _ARTICLE_RECORD_TYPES:
            continue
        offset = records.get_record_offset()
        url = record.rec_headers.get_header("WARC-Target-URI")
        where = f"WARC record at byte {offset}" + (f" ({url})" if url else "")
        try:
            yield _article(record, offset, url, encoding)
        except ValueError as error:
            yield RecordError(where, str(error))


def _article(record, offset: int, url: str | None, encoding: str | None) -> Record:
    if record.rec_type == "response":
        if record.http_headers is None:
            raise ValueError("response record without HTTP headers")
        status = record.http_headers.get_statuscode()
        content_type = record.http_headers.get_header("Content-Type") or ""
        if not str(status).startswith("2"):
            raise ValueError(f"HTTP status {status}, not a page")
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in _HTML_TYPES:
        raise ValueError(f"not HTML but {media_type or 'content of no stated type'}")
    charset = _CHARSET.search(content_type)
    html = decode_html(read_limited(record.content_stream()), encoding, declared=charset.group(1) if charset else None)
    metadata = {"format": "warc", "record": offset, "warc_date": record.rec_headers.get_header("WARC-Date")}
    if url:
        metadata["url"] = url
    return Record(metadata=metadata, html=html)
