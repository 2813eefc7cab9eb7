"""DedupHeadlines: fold documents that are the same story into one row.

Documents are grouped by normalised headline (`headline_key`); within a group, a document whose
body's word-shingle Jaccard similarity with a kept row reaches `min_body_similarity` is folded
into it. So the same headline over a different story (a daily "Weather today") is never folded.
The row that survives is the earliest `published_at`, then the longest body, then the smallest
`doc_id`: reruns pick the same one. The survivor carries `duplicate_count` and
`duplicate_of_paths`; every folded copy leaves on the FOLDED output pointing at it.
"""

from __future__ import annotations

import datetime as dt

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.document import Folded
from transforms.stage import FOLDED, METRICS_NAMESPACE
from transforms.text.similarity import headline_key, jaccard, shingles

DEFAULT_MIN_BODY_SIMILARITY = 0.8
_LATEST = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


def survivor_order(doc):
    return (doc.published_at or _LATEST, -len(doc.body), doc.doc_id)


def fold_group(docs, min_body_similarity: float):
    """[(survivor, [folded docs])] for one headline group, deterministic whatever the input order."""
    clusters: list[tuple[object, frozenset[str], list]] = []
    for doc in sorted(docs, key=survivor_order):
        doc_shingles = shingles(doc.body)
        for survivor, survivor_shingles, folded in clusters:
            if jaccard(doc_shingles, survivor_shingles) >= min_body_similarity:
                folded.append(doc)
                break
        else:
            clusters.append((doc, doc_shingles, []))
    return [(survivor, folded) for survivor, _, folded in clusters]


class FoldDuplicatesFn(beam.DoFn):
    def __init__(self, min_body_similarity: float):
        super().__init__()
        self.min_body_similarity = min_body_similarity
        self.folded_count = Metrics.counter(METRICS_NAMESPACE, "duplicates_folded")

    def process(self, keyed_group):
        _, docs = keyed_group
        for survivor, folded in fold_group(docs, self.min_body_similarity):
            for copy in folded:
                survivor.duplicate_count += 1 + copy.duplicate_count
                survivor.duplicate_of_paths.extend([copy.input_path, *copy.duplicate_of_paths])
                self.folded_count.inc()
                yield beam.pvalue.TaggedOutput(
                    FOLDED,
                    Folded(
                        input_path=copy.input_path,
                        doc_id=copy.doc_id,
                        folded_into_doc_id=survivor.doc_id,
                        folded_into_path=survivor.input_path,
                        reason="same headline and body",
                    ),
                )
            survivor.duplicate_of_paths.sort()
            yield survivor


class DedupHeadlines(beam.PTransform):
    def __init__(self, min_body_similarity: float = DEFAULT_MIN_BODY_SIMILARITY):
        super().__init__()
        self.min_body_similarity = min_body_similarity

    def expand(self, docs):
        return (
            docs
            | "KeyByHeadline" >> beam.Map(lambda doc: (headline_key(doc.title, doc.body), doc))
            | "GroupByHeadline" >> beam.GroupByKey()
            | "FoldDuplicates" >> beam.ParDo(FoldDuplicatesFn(self.min_body_similarity)).with_outputs(FOLDED, main="documents")
        )
