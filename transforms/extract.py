"""ExtractMetadata: headline, publication date and source of each document.

Reads `Document.lines`; sets `layout` (where the headline copies, date lines and byline are),
`title`, `published_at`/`published_date`/`date_source` and `source_name`/`source_slug`. A page
that states no date keeps a null date (never the run date); a page that names no source is
`unknown`. Counts documents with and without a date and a source.
"""

from __future__ import annotations

import datetime as dt

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.stage import DEAD_LETTERS, DOCUMENTS, METRICS_NAMESPACE, StageFn
from transforms.text.lines import analyse_page, publication_date
from transforms.text.sources import slugify_source


class ExtractMetadataFn(StageFn):
    stage = "extract"

    def __init__(self, latest_valid_date: dt.date | None):
        super().__init__()
        self.latest_valid_date = latest_valid_date
        self.dated = Metrics.counter(METRICS_NAMESPACE, "documents_dated")
        self.undated = Metrics.counter(METRICS_NAMESPACE, "documents_undated")
        self.unknown_source = Metrics.counter(METRICS_NAMESPACE, "documents_unknown_source")

    def process_document(self, doc):
        layout = analyse_page(doc.lines)
        doc.layout = layout
        if layout.headline_index is not None:
            doc.title = doc.lines[layout.headline_index].strip()
        found = publication_date(doc.lines, layout, not_after=self.latest_valid_date)
        if found:
            doc.published_date = found.day
            doc.published_at = found.published_at
            doc.date_source = found.date_source
            self.dated.inc()
        else:
            self.undated.inc()
        if layout.source_name:
            doc.source_name = layout.source_name
        doc.source_slug = slugify_source(doc.source_name)
        if doc.source_slug == "unknown":
            self.unknown_source.inc()
        yield doc


class ExtractMetadata(beam.PTransform):
    def __init__(self, latest_valid_date: dt.date | None = None):
        super().__init__()
        self.latest_valid_date = latest_valid_date

    def expand(self, docs):
        return docs | "ExtractHeadlineDateSource" >> beam.ParDo(
            ExtractMetadataFn(self.latest_valid_date)
        ).with_outputs(DEAD_LETTERS, main=DOCUMENTS)
