"""StreamingDedup: fold copies of a story in an unbounded stream, with state that expires.

The batch DedupHeadlines sees the whole input; a stream never ends, so here every candidate key
(URL, headline, LSH band, long paragraph: the same keys and similarity rules as batch) is a
stateful DoFn that remembers the fingerprints of the stories it has let through for `ttl`
(event time). A document is a copy when any of its keys remembers a similar story within `ttl`
of it, before or after it in event time (late and out-of-order copies fold too). After `ttl`
without a new story, a key forgets: a copy arriving later is written again.

In a stream the first copy to arrive is written at once, so it is the survivor (batch picks the
earliest published instead). Each document's verdicts from its keys are merged by a second
stateful DoFn keyed by the document, which emits it as soon as every key has answered: no window,
trigger or allowed lateness is involved, so no document is dropped as late.

Runs in the global window; window the survivors afterwards for writing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Tuple

import apache_beam as beam
import numpy as np
from apache_beam.coders import PickleCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Duration, Timestamp

from transforms.dedup import (
    REASON_HEADLINE,
    REASON_NEAR,
    REASON_STRENGTH,
    REASON_URL,
    DedupConfig,
    Fingerprint,
    FingerprintFn,
    candidate_keys,
    fingerprint_document,
    folded_record,
)
from transforms.document import Document
from transforms.stage import DOCUMENTS, FOLDED, METRICS_NAMESPACE
from transforms.text.minhash import similar_pairs

DEFAULT_TTL = dt.timedelta(days=7)


@dataclasses.dataclass(frozen=True)
class Remembered:
    fingerprint: Fingerprint
    event_time: Timestamp


@dataclasses.dataclass(frozen=True)
class Verdict:
    """One key's answer for one document: the remembered story it copies, or None."""

    copy_of: Fingerprint | None
    reason: str | None


def _reason_for(key: str) -> str:
    if key.startswith("url:"):
        return REASON_URL
    if key.startswith(("band:", "para:")):
        return REASON_NEAR
    return REASON_HEADLINE


def matches(key: str, fingerprint: Fingerprint, remembered: Fingerprint, config: DedupConfig) -> bool:
    """The batch rule for one pair of documents sharing `key`."""
    if key.startswith("url:"):
        return True
    threshold = config.min_near_similarity if key.startswith(("band:", "para:")) else config.min_headline_similarity
    signatures = np.stack([remembered.signature_array(), fingerprint.signature_array()])
    counts = np.array([remembered.shingle_count, fingerprint.shingle_count])
    return bool(similar_pairs(signatures, counts, threshold))


class RememberPerKeyFn(beam.DoFn):
    """Keyed by candidate key: answers whether a document copies a story seen within the TTL."""

    REMEMBERED = BagStateSpec("remembered", PickleCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, config: DedupConfig, ttl: dt.timedelta):
        super().__init__()
        self.config = config
        self.ttl = Duration(seconds=int(ttl.total_seconds()))

    def process(
        self,
        element,
        timestamp=beam.DoFn.TimestampParam,
        remembered=beam.DoFn.StateParam(REMEMBERED),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        key, (fingerprint, arrival) = element
        live = [
            entry
            for entry in remembered.read()
            if timestamp - self.ttl < entry.event_time < timestamp + self.ttl
        ]
        copied = next((entry.fingerprint for entry in live if matches(key, fingerprint, entry.fingerprint, self.config)), None)
        if copied is None:
            remembered.add(Remembered(fingerprint, timestamp))
            expiry.set(max(entry.event_time for entry in [*live, Remembered(fingerprint, timestamp)]) + self.ttl)
        yield arrival, Verdict(copied, _reason_for(key) if copied else None)

    @on_timer(EXPIRY)
    def forget(self, remembered=beam.DoFn.StateParam(REMEMBERED)):
        # The timer is set past the newest story's expiry: everything remembered has expired.
        remembered.clear()


class MergeVerdictsFn(beam.DoFn):
    """Keyed by arrival: waits for the document and all its keys' verdicts, then decides."""

    PARTS = BagStateSpec("parts", PickleCoder())

    def __init__(self):
        super().__init__()
        self.folded_count = Metrics.counter(METRICS_NAMESPACE, "duplicates_folded")

    def process(self, element, parts=beam.DoFn.StateParam(PARTS)):
        _, part = element
        parts.add(part)
        collected = list(parts.read())
        docs = [value for kind, value in collected if kind == "doc"]
        verdicts = [value for kind, value in collected if kind == "verdict"]
        if docs and len(verdicts) == docs[0][1]:
            parts.clear()
            yield from self._decide(docs[0][0], verdicts)

    def _decide(self, doc: Document, verdicts: list[Verdict]):
        copies = sorted(
            (v for v in verdicts if v.copy_of is not None),
            key=lambda v: (v.copy_of.doc_id, REASON_STRENGTH.index(v.reason)),
        )
        if copies:
            self.folded_count.inc()
            yield beam.pvalue.TaggedOutput(FOLDED, folded_record(doc, copies[0].copy_of, copies[0].reason))
        else:
            yield doc


class KeyByCandidatesFn(FingerprintFn):
    """A document -> itself keyed by its arrival, and its fingerprint under each candidate key."""

    def process(self, doc: Document):
        arrival = f"{doc.doc_id}:{doc.input_path}"
        fingerprint = fingerprint_document(doc, self.minhasher)
        keys = sorted(set(candidate_keys(fingerprint, self.minhasher)))
        yield arrival, ("doc", (doc, len(keys)))
        for key in keys:
            yield key, ("fingerprint", (fingerprint, arrival))


class StreamingDedup(beam.PTransform):
    """Documents (global window, event-time timestamps) -> DOCUMENTS (first copies) and FOLDED."""

    def __init__(self, config: DedupConfig = DedupConfig(), ttl: dt.timedelta = DEFAULT_TTL):
        super().__init__()
        self.config = config
        self.ttl = ttl

    def expand(self, docs):
        config = self.config
        tagged = docs | "CandidateKeys" >> beam.ParDo(KeyByCandidatesFn(config))
        verdicts = (
            tagged
            | "FingerprintsOnly" >> beam.Filter(lambda kv: kv[1][0] == "fingerprint")
            | "StripTag" >> beam.Map(lambda kv: (kv[0], kv[1][1]))
            | "RememberPerKey" >> beam.ParDo(RememberPerKeyFn(config, self.ttl)).with_input_types(Tuple[str, Any])
            | "TagVerdicts" >> beam.Map(lambda kv: (kv[0], ("verdict", kv[1])))
        )
        documents = tagged | "DocumentsOnly" >> beam.Filter(lambda kv: kv[1][0] == "doc")
        return (
            (documents, verdicts)
            | "DocumentsAndVerdicts" >> beam.Flatten()
            | "MergeVerdicts" >> beam.ParDo(MergeVerdictsFn()).with_input_types(Tuple[str, Any]).with_outputs(
                FOLDED, main=DOCUMENTS
            )
        )
