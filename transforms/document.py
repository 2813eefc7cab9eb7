"""The one record type that flows through every stage, and the records that leave the main path.

A `Document` is created by ReadNews from one input document (a whole .txt file today), gains
its headline, date and source in ExtractMetadata, loses boilerplate in StripBoilerplate, is
folded or kept by DedupHeadlines, gains `language` and `topic`, and becomes one output row.
Documents that leave the main path become a `DeadLetter` (an error), a `Filtered` (a
deliberate drop with a reason) or a `Folded` (a duplicate, pointing at the row it went into).
"""

from __future__ import annotations

import copyreg
import dataclasses
import datetime as dt
import hashlib
import operator
import pickle
import threading
from typing import Any

import zstandard

from transforms.text.lines import PageLayout


def stable_doc_id(raw_text: str) -> str:
    """The same input text gives the same id on every run and on every machine."""
    return hashlib.sha256(raw_text.encode("utf-8")).hexdigest()[:20]


@dataclasses.dataclass
class Document:
    doc_id: str
    input_path: str
    # The record's text as read, and its lines: cleared by StripBoilerplate once `body` is made.
    raw_text: str
    metadata: dict[str, Any] = dataclasses.field(default_factory=dict)
    url: str | None = None
    title: str | None = None
    # Where ExtractMetadata found the headline copies, date lines and byline: not body text.
    layout: PageLayout | None = None
    body: str = ""
    # The boilerplate lines StripBoilerplate removed, with reasons: kept only for --keep-removed.
    removed_lines: list[str] = dataclasses.field(default_factory=list)
    boilerplate_lines_removed: int = 0
    source_name: str | None = None
    source_slug: str = "unknown"
    published_at: dt.datetime | None = None
    # The calendar day the page states, in its own time zone (the partition value).
    published_date: dt.date | None = None
    date_source: str | None = None
    language: str | None = None
    topic: str | None = None
    topic_label: str | None = None
    topic_score: float | None = None
    # The model's top 3 (code, probability), best first, also when `topic` is below the threshold.
    topic_candidates: list[tuple[str, float]] = dataclasses.field(default_factory=list)
    duplicate_count: int = 0
    duplicate_of_paths: list[str] = dataclasses.field(default_factory=list)
    duplicate_sources: list[str] = dataclasses.field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """The page's lines as read (StripBoilerplate turns them into `body`). Split on demand, so
        a document crossing a shuffle carries its text once, not twice."""
        return self.raw_text.split("\n") if self.raw_text else []


# Pickle reduces a datetime.timezone (every published_at has one) through copyreg's generic path,
# which searches the C type's MRO on every call: a reducer of its own makes pickling a document
# ~25% faster, wherever documents are pickled (here and in the runner's coders).
copyreg.pickle(dt.timezone, lambda zone: (dt.timezone, zone.__getinitargs__()))

# Level 1: 2.5x smaller for news text. The contexts are reused (half the cost of new ones) and
# per thread, since a runner may call from several threads and a context is not thread-safe.
_PACK_LEVEL = 1
_codecs = threading.local()


def _compressor() -> zstandard.ZstdCompressor:
    if not hasattr(_codecs, "compressor"):
        _codecs.compressor = zstandard.ZstdCompressor(level=_PACK_LEVEL)
        _codecs.decompressor = zstandard.ZstdDecompressor()
    return _codecs.compressor


# A document is pickled as its field values alone: its field names would be 10% of the bytes.
_field_values = operator.attrgetter(*(field.name for field in dataclasses.fields(Document)))


def pack(doc: Document) -> bytes:
    """The document as compressed bytes, for where many documents wait at once: a local runner
    holds a shuffle's values as decoded objects, so bytes keep a whole run's documents small."""
    return _compressor().compress(pickle.dumps(_field_values(doc), pickle.HIGHEST_PROTOCOL))


def unpack(data: bytes) -> Document:
    _compressor()
    return Document(*pickle.loads(_codecs.decompressor.decompress(data)))


@dataclasses.dataclass(frozen=True)
class DeadLetter:
    """A document (or a whole input) that failed; written to OUTPUT/_errors/."""

    input_path: str
    stage: str
    error: str
    doc_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Filtered:
    """A document deliberately not written, with the reason; written to OUTPUT/_filtered/."""

    input_path: str
    doc_id: str
    stage: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Folded:
    """A duplicate folded into another row; written to OUTPUT/_duplicates/."""

    input_path: str
    doc_id: str
    folded_into_doc_id: str
    folded_into_path: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
