"""HTML pages: one record per file; the article text is extracted later by `extract_article`.

Reading only decodes the page (its `<meta charset>` is trusted after UTF-8). `extract_article`
runs trafilatura for the main text and keeps its title, date, site name and URL; ReadNews calls
it through `IsolatedFunction`, so a page that takes too long is stopped.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Iterator

import htmldate
import trafilatura

from transforms.formats.base import Record, read_limited
from transforms.text.decode import declared_html_charset, decode_text

EXTRACT_ARTICLE = "transforms.formats.html:extract_article"
EXTRACTION_TIMEOUT_SECONDS = 30.0
# Fewer words than this in the main text is a menu, a teaser or an error page, not an article.
MIN_ARTICLE_WORDS = 15


class NoArticleError(ValueError):
    """The page has no main text (an index page, a login wall, an empty template)."""


def read_html(stream: BinaryIO, encoding: str | None = None) -> Iterator[Record]:
    data = read_limited(stream)
    yield Record(metadata={"format": "html"}, html=decode_html(data, encoding))


def decode_html(data: bytes, encoding: str | None = None, declared: str | None = None) -> str:
    return decode_text(data, encoding, declared=declared or declared_html_charset(data))


def _stated_date(date: str | None, html: str) -> str | None:
    """The date trafilatura found, unless it is htmldate's guess from a bare year.

    htmldate's extensive search falls back to a year alone (a "© 2024" footer) and returns 1
    January of it. A 1 January date is kept only if the page states that day: the fast,
    non-extensive search must find the same day. We never invent a date.
    """
    if not date or not date.endswith("-01-01"):
        return date
    stated = htmldate.find_date(html, extensive_search=False, original_date=True)
    return date if stated == date else None


def extract_article(html: str, url: str | None = None) -> dict[str, Any]:
    """Main text (one paragraph per line) and the page's metadata, as trafilatura finds them."""
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text = (found.text or "").strip() if found is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise NoArticleError(f"no article text found in the HTML ({len(text.split())} words of main text)")
    return {
        "text": text,
        "title": found.title,
        "published": _stated_date(found.date, html),
        "source": found.sitename,
        "url": found.url or url,
        "language": found.language,
    }
