"""WARC files (Common Crawl News): one record per HTML response, read record by record.

`response` records whose HTTP Content-Type is HTML become records with the page still to be
extracted; the WARC-Target-URI is the url. `warcinfo`, `request`, `metadata` and `revisit` records describe the
crawl, not an article, and are skipped. A response or resource that is not HTML, or not a
successful HTTP response, is a RecordError with its offset and URL.

"published" holds the WARC-Date (the crawl time; the date stage treats it so for format "warc"),
and the date trafilatura finds in the page is kept as "page_published".
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator

from transforms.formats.base import RECORD_POSITION, Record, RecordError, read_limited
from transforms.formats.html import decode_html

_ARTICLE_RECORD_TYPES = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def read_warc(stream: BinaryIO, encoding: str | None = None) -> Iterator[Record | RecordError]:
    records = ArchiveIterator(stream, check_digests=False)
    for record in records:
        if record.rec_type not in _ARTICLE_RECORD_TYPES:
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        try:
            html = _html_payload(record, encoding)
        except ValueError as error:
            outcome = error
        else:
            outcome = Record(
                metadata={"format": "warc", "published": record.rec_headers.get_header("WARC-Date")},
                html=html,
            )
        # Only valid once the record is read to its end (warcio reads the rest of it here).
        offset = records.get_record_offset()
        if isinstance(outcome, Record):
            outcome.metadata[RECORD_POSITION] = offset
            if url:
                outcome.metadata["url"] = url
            yield outcome
        else:
            yield RecordError(f"WARC record at byte {offset}" + (f" ({url})" if url else ""), str(outcome))


def _html_payload(record, encoding: str | None) -> str:
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
    return decode_html(read_limited(record.content_stream()), encoding, declared=charset.group(1) if charset else None)
