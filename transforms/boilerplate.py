"""StripBoilerplate: the page's lines -> the article `body`.

Uses the layout found by ExtractMetadata (headline copies, date lines, byline), the line rules of
`text/lines.py` (phrase lists, captions, calls to action, menus, share bars, tracking codes,
comments, header and footer runs) and, when template thresholds are given, the lines each source
repeats across its documents in this run (`LearnSourceTemplates`, reason `template`). Keeps every
other non-blank line, subheadings included, in page order. Records each removed line with its
reason in `removed_lines`. A document left with no body is not written: it goes to the FILTERED
output with the reason. Counts lines removed (all, and by the template rule), documents
filtered, and headlines replaced because they were a template line.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.document import Filtered, pack, unpack
from transforms.stage import DEAD_LETTERS, DOCUMENTS, FILTERED, METRICS_NAMESPACE, StageFn
from transforms.templates import LearnSourceTemplates
from transforms.text.lines import analyse_page, boilerplate_reasons
from transforms.text.templates import TemplateThresholds, mark_template_lines, template_line_indices

REASON_NO_BODY = "no article text left after boilerplate removal"


class StripBoilerplateFn(StageFn):
    stage = "boilerplate"

    def __init__(self, keep_removed: bool = True):
        super().__init__()
        self.keep_removed = keep_removed
        self.lines_removed = Metrics.counter(METRICS_NAMESPACE, "boilerplate_lines_removed")
        self.template_lines_removed = Metrics.counter(METRICS_NAMESPACE, "boilerplate_lines_removed_template")
        self.headlines_replaced = Metrics.counter(METRICS_NAMESPACE, "headlines_replaced_template_line")
        self.filtered = Metrics.counter(METRICS_NAMESPACE, "documents_filtered_no_body")
        self.template_keys = frozenset()

    def start_bundle(self):
        self._templates_by_source = {}

    def process(self, doc, source_templates=None):
        """`source_templates`: the multimap side input source -> template keys (absent: no template rule)."""
        self.template_keys = self._templates_of(doc.source_slug, source_templates)
        yield from super().process(doc)

    def _templates_of(self, source, source_templates) -> frozenset[int]:
        if source_templates is None:
            return frozenset()
        if source not in self._templates_by_source:
            self._templates_by_source[source] = frozenset(source_templates[source])
        return self._templates_by_source[source]

    def process_document(self, doc):
        lines = doc.lines
        template_lines = template_line_indices(lines, self.template_keys, doc.layout)
        layout = self._without_template_headline(doc, lines, doc.layout or analyse_page(lines), template_lines)
        reasons = boilerplate_reasons(lines, layout)
        self.template_lines_removed.inc(mark_template_lines(reasons, layout, template_lines))
        kept, removed = [], []
        for index, (line, reason) in enumerate(zip(lines, reasons)):
            if not line.strip() or index == layout.headline_index:
                continue
            if reason is None:
                kept.append(line.strip())
            else:
                removed.append(f"[{reason}] {line.strip()}")
        doc.body = "\n".join(kept)
        doc.boilerplate_lines_removed = len(removed)
        # Without --keep-removed the lines' text is not written: dropped here, every later shuffle
        # moves about 15% less.
        doc.removed_lines = removed if self.keep_removed else []
        # The page as read is not needed past this stage: every later shuffle moves less.
        doc.raw_text, doc.layout = "", None
        self.lines_removed.inc(len(removed))
        if doc.body:
            yield doc
        else:
            self.filtered.inc()
            yield beam.pvalue.TaggedOutput(
                FILTERED, Filtered(input_path=doc.input_path, doc_id=doc.doc_id, stage=self.stage, reason=REASON_NO_BODY)
            )

    def _without_template_headline(self, doc, lines, layout, template_lines):
        """A headline found in the text that is one of the source's template lines (a menu item the
        page rules took for it) is replaced by the first headline that is not. A stated title stays."""
        if layout.headline_index not in template_lines or doc.metadata.get("title"):
            return layout
        replaced = analyse_page(lines, not_headlines=template_lines)
        if replaced.headline_index is None:
            return layout
        self.headlines_replaced.inc()
        doc.title = lines[replaced.headline_index].strip()
        return replaced


class StripPackedBoilerplateFn(StripBoilerplateFn):
    """StripBoilerplateFn over packed documents (`document.pack`): every document waits until the
    templates are learned from all of them, and a local runner holds them all meanwhile."""

    def process(self, packed, source_templates=None):
        yield from super().process(unpack(packed), source_templates)


class StripBoilerplate(beam.PTransform):
    """documents -> documents with `body`; with `templates`, first learns each source's template lines.
    `keep_removed`: keep the removed lines' text on the documents (always: their count)."""

    def __init__(self, templates: TemplateThresholds | None = None, keep_removed: bool = True):
        super().__init__()
        self.templates = templates
        self.keep_removed = keep_removed

    def expand(self, docs):
        if self.templates is None:
            return docs | "StripBoilerplateLines" >> _with_outputs(beam.ParDo(StripBoilerplateFn(self.keep_removed)))
        learned = docs | "LearnSourceTemplates" >> LearnSourceTemplates(self.templates)
        strip = beam.ParDo(StripPackedBoilerplateFn(self.keep_removed), source_templates=beam.pvalue.AsMultiMap(learned))
        return docs | "PackUntilTemplatesLearned" >> beam.Map(pack) | "StripBoilerplateLines" >> _with_outputs(strip)


def _with_outputs(strip: beam.ParDo):
    return strip.with_outputs(DEAD_LETTERS, FILTERED, main=DOCUMENTS)
