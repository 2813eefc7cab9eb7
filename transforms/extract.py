"""ExtractMetadata: headline, publication date and source of each document.

Reads `Document.lines`; sets `layout` (where the headline copies, date lines and byline are, and
the template keys of the lines LearnSourceTemplates counts and StripBoilerplate may drop),
`title`, `published_at`/`published_date`/`date_source` and `source_name`/`source_slug`. The date
and source weigh the reader's `metadata` (published date, URL, source), the input path and the
page text; the precedence lives in `text/dates.py` and `text/sources.py`. A page that states no
date keeps a null date (never the run date); a page that names no source is `unknown`. Counts
documents with and without a date and a source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.stage import DEAD_LETTERS, DOCUMENTS, METRICS_NAMESPACE, StageFn
from transforms.text.dates import page_date_lines, page_publication_date
from transforms.text.lines import HEADLINE_SEARCH_LINES, PageLayout, analyse_page
from transforms.text.normalize import normalize_for_matching
from transforms.text.sources import UNKNOWN_SOURCE, SourceMap, resolve_source
from transforms.text.templates import line_template_keys


def layout_for_stated_title(layout: PageLayout, lines: list[str], title: str) -> PageLayout:
    """The page layout with the stated title's copies near the top as the headline, and no
    headline at all when the text does not repeat the title (so no article line is taken for one)."""
    key = normalize_for_matching(title)
    copies = tuple(
        index for index in range(min(len(lines), HEADLINE_SEARCH_LINES)) if lines[index].strip() and normalize_for_matching(lines[index]) == key
    )
    return dataclasses.replace(layout, headline_index=copies[0] if copies else None, headline_copies=copies)


class ExtractMetadataFn(StageFn):
    stage = "extract"

    def __init__(
        self,
        latest_valid_date: dt.date | None,
        source_path_template: str | None = None,
        source_map: SourceMap | None = None,
    ):
        super().__init__()
        self.latest_valid_date = latest_valid_date
        self.source_path_template = source_path_template
        self.source_map = source_map
        self.dated = Metrics.counter(METRICS_NAMESPACE, "documents_dated")
        self.undated = Metrics.counter(METRICS_NAMESPACE, "documents_undated")
        self.unknown_source = Metrics.counter(METRICS_NAMESPACE, "documents_unknown_source")

    def process_document(self, doc):
        lines = doc.lines
        dated = page_date_lines(lines)
        layout = analyse_page(lines, dated=dated)
        if doc.title:  # stated by the input (HTML, JSONL): it wins; its copies in the text are found
            layout = layout_for_stated_title(layout, lines, doc.title)
        elif layout.headline_index is not None:
            doc.title = lines[layout.headline_index].strip()
        doc.layout = dataclasses.replace(layout, template_keys=line_template_keys(lines))
        metadata = doc.metadata if doc.metadata.get("url") or not doc.url else {**doc.metadata, "url": doc.url}
        found = page_publication_date(
            lines,
            layout.header_end,
            layout.headline_index,
            metadata,
            doc.input_path,
            not_after=self.latest_valid_date,
            dated=dated,
        )
        if found:
            doc.published_date = found.day
            doc.published_at = found.published_at
            doc.date_source = found.date_source
            self.dated.inc()
        else:
            self.undated.inc()
        source = resolve_source(
            doc.metadata,
            text_source=layout.source_name,
            input_path=doc.input_path,
            path_template=self.source_path_template,
            source_map=self.source_map,
        )
        doc.source_name, doc.source_slug = source.name, source.slug
        if doc.source_slug == UNKNOWN_SOURCE:
            self.unknown_source.inc()
        yield doc


class ExtractMetadata(beam.PTransform):
    def __init__(
        self,
        latest_valid_date: dt.date | None = None,
        source_path_template: str | None = None,
        source_map: SourceMap | None = None,
    ):
        super().__init__()
        self.latest_valid_date = latest_valid_date
        self.source_path_template = source_path_template
        self.source_map = source_map

    def expand(self, docs):
        return docs | "ExtractHeadlineDateSource" >> beam.ParDo(
            ExtractMetadataFn(self.latest_valid_date, self.source_path_template, self.source_map)
        ).with_outputs(DEAD_LETTERS, main=DOCUMENTS)
