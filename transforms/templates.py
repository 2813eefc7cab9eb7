"""LearnSourceTemplates: the lines each source repeats across its documents in this run.

    documents -> (source slug, template key of a line)   for every template line of every source

1. Each document emits ((source, line key), headline key) once per distinct candidate line
   (`text/templates.candidate_keys`: short lines, not the headline).
2. A combiner counts, per (source, line key), the documents and, up to `min_documents`, the distinct
   headlines holding it (copies of one story do not make a line template). It runs before the
   shuffle on each worker, so what crosses the network is one small record per line and worker.
3. Lines under enough headlines are joined by source with the source's document count
   (CoGroupByKey), and those in at least `min_share` of the documents are the source's template.

The result is small (tens of keys per source) and StripBoilerplate reads it as a multimap side
input keyed by source, which runners fetch per key. Documents of an unknown source are not
learned from: "unknown" mixes sites.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.stage import METRICS_NAMESPACE
from transforms.text.sources import UNKNOWN_SOURCE
from transforms.text.templates import LineSpread, TemplateThresholds, candidate_keys, headline_key, is_template


def line_observations(doc):
    if doc.source_slug == UNKNOWN_SOURCE:
        return
    headline = headline_key(doc.title, doc.doc_id)
    layout = doc.layout
    # The keys ExtractMetadata put on the layout need no lines: the page is not split again.
    lines = doc.lines if layout is None or layout.template_keys is None else []
    for key in set(candidate_keys(lines, layout).values()):
        yield (doc.source_slug, key), headline


class LineSpreadFn(beam.CombineFn):
    """Headline keys -> LineSpread(documents, distinct headlines up to `headline_cap`)."""

    def __init__(self, headline_cap: int):
        super().__init__()
        self.headline_cap = headline_cap

    def create_accumulator(self):
        return [0, set()]

    def add_input(self, accumulator, headline):
        accumulator[0] += 1
        if len(accumulator[1]) < self.headline_cap:
            accumulator[1].add(headline)
        return accumulator

    def merge_accumulators(self, accumulators):
        merged = self.create_accumulator()
        for documents, headlines in accumulators:
            merged[0] += documents
            for headline in headlines:
                if len(merged[1]) >= self.headline_cap:
                    break
                merged[1].add(headline)
        return merged

    def extract_output(self, accumulator):
        return LineSpread(accumulator[0], frozenset(accumulator[1]))


class SelectTemplatesFn(beam.DoFn):
    """(source, {"lines": [(key, spread)], "documents": [n]}) -> (source, key) for template lines."""

    def __init__(self, thresholds: TemplateThresholds):
        super().__init__()
        self.thresholds = thresholds
        self.learned = Metrics.counter(METRICS_NAMESPACE, "template_lines_learned")

    def process(self, joined):
        source, groups = joined
        source_documents = sum(groups["documents"])
        for key, spread in groups["lines"]:
            if is_template(spread, source_documents, self.thresholds):
                self.learned.inc()
                yield source, key


def learn_templates_in_memory(docs, thresholds: TemplateThresholds) -> dict[str, list]:
    """LearnSourceTemplates without a runner (the benchmarks' plain loop): source -> template keys."""
    spread_fn = LineSpreadFn(thresholds.min_documents)
    spreads: dict = {}
    documents_per_source: dict[str, int] = {}
    for doc in docs:
        documents_per_source[doc.source_slug] = documents_per_source.get(doc.source_slug, 0) + 1
        for source_line, headline in line_observations(doc):
            spreads[source_line] = spread_fn.add_input(spreads.get(source_line) or spread_fn.create_accumulator(), headline)
    templates: dict[str, list] = {}
    for (source, key), accumulator in spreads.items():
        if is_template(spread_fn.extract_output(accumulator), documents_per_source[source], thresholds):
            templates.setdefault(source, []).append(key)
    return templates


class LearnSourceTemplates(beam.PTransform):
    def __init__(self, thresholds: TemplateThresholds):
        super().__init__()
        self.thresholds = thresholds

    def expand(self, docs):
        min_documents = self.thresholds.min_documents
        widespread = (
            docs
            | "CandidateLines" >> beam.FlatMap(line_observations)
            | "SpreadPerLine" >> beam.CombinePerKey(LineSpreadFn(min_documents))
            | "UnderEnoughHeadlines" >> beam.Filter(lambda item: len(item[1].headlines) >= min_documents)
            | "KeyBySource" >> beam.MapTuple(lambda source_line, spread: (source_line[0], (source_line[1], spread)))
        )
        documents_per_source = (
            docs
            | "Sources" >> beam.Map(lambda doc: doc.source_slug)
            | "DocumentsPerSource" >> beam.combiners.Count.PerElement()
        )
        return (
            {"lines": widespread, "documents": documents_per_source}
            | "JoinBySource" >> beam.CoGroupByKey()
            | "TemplateLines" >> beam.ParDo(SelectTemplatesFn(self.thresholds))
        )
