"""StripBoilerplate: the page's lines -> the article `body`.

Uses the layout found by ExtractMetadata (headline copies, date lines, byline) and the line
rules of `text/lines.py` (phrase lists, share bars, tracking codes, header and footer runs).
Keeps every other non-blank line, subheadings included, in page order. Records each removed
line with its reason in `removed_lines`. A document left with no body is not written: it goes
to the FILTERED output with the reason. Counts lines removed and documents filtered.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.document import Filtered
from transforms.stage import DEAD_LETTERS, DOCUMENTS, FILTERED, METRICS_NAMESPACE, StageFn
from transforms.text.lines import analyse_page, boilerplate_reasons

REASON_NO_BODY = "no article text left after boilerplate removal"


class StripBoilerplateFn(StageFn):
    stage = "boilerplate"

    def __init__(self):
        super().__init__()
        self.lines_removed = Metrics.counter(METRICS_NAMESPACE, "boilerplate_lines_removed")
        self.filtered = Metrics.counter(METRICS_NAMESPACE, "documents_filtered_no_body")

    def process_document(self, doc):
        layout = doc.layout or analyse_page(doc.lines)
        kept, removed = [], []
        for index, (line, reason) in enumerate(zip(doc.lines, boilerplate_reasons(doc.lines, layout))):
            if not line.strip() or index == layout.headline_index:
                continue
            if reason is None:
                kept.append(line.strip())
            else:
                removed.append(f"[{reason}] {line.strip()}")
        doc.body = "\n".join(kept)
        doc.removed_lines = removed
        self.lines_removed.inc(len(removed))
        if not doc.body:
            self.filtered.inc()
            yield beam.pvalue.TaggedOutput(
                FILTERED, Filtered(input_path=doc.input_path, doc_id=doc.doc_id, stage=self.stage, reason=REASON_NO_BODY)
            )
            return
        yield doc


class StripBoilerplate(beam.PTransform):
    def expand(self, docs):
        return docs | "StripBoilerplateLines" >> beam.ParDo(StripBoilerplateFn()).with_outputs(
            DEAD_LETTERS, FILTERED, main=DOCUMENTS
        )
