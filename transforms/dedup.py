"""DedupHeadlines: fold every copy of a story into one row, in batch, on any runner.

Two documents are the same story when any of these holds (each an "edge"):
- identical text (same `doc_id`): the same page saved twice;
- the same normalised URL (`text/urls.py`), even if a re-scrape edited the headline or body;
- the same normalised headline and an estimated body Jaccard >= `min_headline_similarity`;
- an LSH band in common and an estimated body Jaccard >= `min_near_similarity` (near-duplicates
  with an edited headline or another site's footer).
Same headline over a different story (a daily "طقس اليوم") has a low body similarity: no edge.

Clusters are the connected components of the edges (transitive), found with union-find over the
edges alone. The survivor is a row already written by an earlier run if the story is in the
dedup state, else the earliest `published_at`, then the longest body, then the smallest `doc_id`:
reruns pick the same. Survivors carry `duplicate_count`, `duplicate_of_paths` and
`duplicate_sources`; each folded copy leaves on the FOLDED output, pointing at its survivor.

Shuffles: fingerprints by `doc_id` (a stage break, see `expand`), candidate keys in batches by bucket
of keys, edges to one union-find step (edges only, never documents), members (a few fields per
document) by `doc_id` and by cluster, and documents by `doc_id` once. No stateful DoFn, no whole-corpus
side input.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import struct
import uuid
import zlib

import apache_beam as beam
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io import fileio
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

from transforms.document import Document, Folded, pack, unpack
from transforms.schema import DEDUP_STATE_SCHEMA
from transforms.stage import DOCUMENTS, FOLDED, METRICS_NAMESPACE
from transforms.text.minhash import MinHasher, is_empty_signature, paragraph_word_hashes, similar_pairs
from transforms.text.similarity import headline_key
from transforms.text.urls import normalize_url

DEFAULT_MIN_HEADLINE_SIMILARITY = 0.5
DEFAULT_MIN_NEAR_SIMILARITY = 0.8
DEFAULT_NUM_PERM = 64
DEFAULT_BANDS = 8
# A paragraph of at least this many words, shared verbatim, makes two documents candidates.
PARAGRAPH_KEY_MIN_WORDS = 12
# Only a document's smallest paragraph keys are used (bottom-k sampling): two copies sharing most
# paragraphs share one of their smallest keys too. Each key is one element in the candidate shuffle,
# which is the largest thing a local runner holds. 2 keys found exactly the pairs 4 found, on the ANT
# harness (30,000 true pairs, 108 wrong folds either way) and on the 50,000-document benchmark corpus
# (4,089 folds, 3 wrong, recall 1.0), and 2 lost nothing against 30 on ANT earlier.
MAX_PARAGRAPH_KEYS = 2
# A paragraph shared by more documents than this is template text, not evidence of one story.
MAX_PARAGRAPH_GROUP = 100
STATE_ROWS = "state_rows"
# Version of how signatures and paragraph keys are computed; raise it when they change.
FINGERPRINT_FORMAT = 3
STATE_SETTINGS_KEY = b"newsbeam.fingerprint"

REASON_IDENTICAL = "identical text"
REASON_URL = "same article URL"
REASON_HEADLINE = "same headline and body"
REASON_NEAR = "near-duplicate body"
REASON_STRENGTH = [REASON_IDENTICAL, REASON_URL, REASON_HEADLINE, REASON_NEAR]

_LATEST = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


@dataclasses.dataclass(frozen=True)
class DedupConfig:
    min_headline_similarity: float = DEFAULT_MIN_HEADLINE_SIMILARITY
    min_near_similarity: float = DEFAULT_MIN_NEAR_SIMILARITY
    num_perm: int = DEFAULT_NUM_PERM
    bands: int = DEFAULT_BANDS

    def minhasher(self) -> MinHasher:
        return MinHasher(num_perm=self.num_perm, bands=self.bands)

    def state_settings(self) -> dict:
        """What makes fingerprints comparable: the dedup state records it, and a run refuses a state
        written with other settings (its signatures and paragraph keys would never match)."""
        minhasher = self.minhasher()
        return {
            "fingerprint_format": FINGERPRINT_FORMAT,
            "num_perm": minhasher.num_perm,
            "shingle_words": minhasher.shingle_words,
            "seed": minhasher.seed,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class StoryMember:
    """What choosing a cluster's survivor and recording its folds need of a document: a fraction of
    its fingerprint, so the joins that decide survivors hold little per document."""

    doc_id: str
    input_path: str
    source_slug: str
    published_at: dt.datetime | None
    body_length: int
    already_written: bool = False

    @property
    def rank(self):
        return (not self.already_written, self.published_at or _LATEST, -self.body_length, self.doc_id)

    def as_primitives(self) -> tuple:
        """The member as str, int and bool values, which Beam's coders write without pickle (a
        dataclass or a datetime falls back to it, and one member per document crosses the members
        join). The publication time becomes microseconds since the epoch: the same instant."""
        return (
            self.doc_id, self.input_path, self.source_slug, _epoch_micros(self.published_at), self.body_length,
            self.already_written,
        )

    @classmethod
    def from_primitives(cls, values: tuple) -> "StoryMember":
        doc_id, input_path, source_slug, published, body_length, already_written = values
        return cls(doc_id, input_path, source_slug, _from_epoch_micros(published), body_length, already_written)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _epoch_micros(moment: dt.datetime | None) -> int | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)
    return (aware - _EPOCH) // dt.timedelta(microseconds=1)


def _from_epoch_micros(micros: int | None) -> dt.datetime | None:
    return None if micros is None else _EPOCH + dt.timedelta(microseconds=micros)


@dataclasses.dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedup needs of a document; also one row of the dedup state."""

    doc_id: str
    input_path: str
    source_slug: str
    url_key: str | None
    headline_key: str
    signature: bytes
    shingle_count: int
    paragraph_keys: tuple[str, ...]
    published_at: dt.datetime | None
    body_length: int
    already_written: bool = False

    def member(self) -> StoryMember:
        return StoryMember(
            self.doc_id, self.input_path, self.source_slug, self.published_at, self.body_length, self.already_written
        )

    def as_primitives(self) -> tuple:
        """The fingerprint as values Beam's coders write without pickle (see StoryMember's)."""
        return (
            self.doc_id, self.input_path, self.source_slug, self.url_key, self.headline_key, self.signature,
            self.shingle_count, self.paragraph_keys, _epoch_micros(self.published_at), self.body_length,
            self.already_written,
        )

    @classmethod
    def from_primitives(cls, values: tuple) -> "Fingerprint":
        *leading, published, body_length, already_written = values
        return cls(*leading, _from_epoch_micros(published), body_length, already_written)

    def signature_array(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype="<u4")

    def to_state_row(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "input_path": self.input_path,
            "source": self.source_slug,
            "url_key": self.url_key,
            "headline_key": self.headline_key,
            "minhash_signature": self.signature,
            "shingle_count": self.shingle_count,
            "paragraph_keys": list(self.paragraph_keys),
            "published_at": self.published_at,
            "body_length": self.body_length,
        }

    @classmethod
    def from_state_row(cls, row: dict) -> "Fingerprint":
        return cls(
            doc_id=row["doc_id"],
            input_path=row["input_path"],
            source_slug=row["source"],
            url_key=row["url_key"],
            headline_key=row["headline_key"],
            signature=row["minhash_signature"],
            shingle_count=row["shingle_count"],
            paragraph_keys=tuple(row["paragraph_keys"]),
            published_at=row["published_at"],
            body_length=row["body_length"],
            already_written=True,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Decision:
    """For one doc_id: fold into `survivor`, or survive with these copies folded in."""

    survivor: StoryMember
    reason: str | None = None
    folded: tuple[StoryMember, ...] = ()


def paragraph_keys(word_hashes: np.ndarray, line_starts: list[int]) -> tuple[str, ...]:
    """Keys of the lines with at least PARAGRAPH_KEY_MIN_WORDS words: a CRC-32 of their
    normalised words' hashes (`minhash.paragraph_word_hashes`), as little-endian uint32."""
    data = memoryview(word_hashes.astype("<u4").tobytes())
    keys = {
        zlib.crc32(data[4 * start : 4 * end])
        for start, end in zip(line_starts, line_starts[1:])
        if end - start >= PARAGRAPH_KEY_MIN_WORDS
    }
    return tuple(f"{key:08x}" for key in sorted(keys)[:MAX_PARAGRAPH_KEYS])  # sorted as their hex would be


def fingerprint_document(doc: Document, minhasher: MinHasher) -> Fingerprint:
    body_hashes, line_starts = paragraph_word_hashes(doc.body)
    hashes = minhasher.shingle_hashes_of_word_hashes(body_hashes)
    return Fingerprint(
        doc_id=doc.doc_id,
        input_path=doc.input_path,
        source_slug=doc.source_slug,
        url_key=normalize_url(doc.url),
        headline_key=headline_key(doc.title, doc.body),
        signature=minhasher.signature_of_hashes(hashes).astype("<u4").tobytes(),
        shingle_count=int(hashes.size),
        paragraph_keys=paragraph_keys(body_hashes, line_starts),
        published_at=doc.published_at,
        body_length=len(doc.body),
    )


class FingerprintFn(beam.DoFn):
    def __init__(self, config: DedupConfig):
        super().__init__()
        self.config = config

    def setup(self):
        self.minhasher = self.config.minhasher()

    def process(self, doc: Document):
        yield fingerprint_document(doc, self.minhasher)


def _short_key_value(text: str) -> int:
    """A 64-bit hash of a long key (a URL, a headline): a shuffle copies keys, and a collision only
    makes two documents candidates, which their body similarity still has to confirm."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


# The kinds of candidate key, by their index in the integer form of a key (`candidate_key_values`).
KEY_KINDS = ("url", "head", "band", "para")
URL_KEY, HEADLINE_KEY, BAND_KEY, PARAGRAPH_KEY = range(len(KEY_KINDS))


def candidate_key_values(fingerprint: Fingerprint, minhasher: MinHasher) -> list[tuple[int, int]]:
    """The keys under which a document meets the documents it may be a copy of, as (kind, value):
    the kind's index in KEY_KINDS and an unsigned 64-bit value (`_key_string` writes it as text)."""
    keys = [(URL_KEY, _short_key_value(fingerprint.url_key))] if fingerprint.url_key else []
    keys.append((HEADLINE_KEY, _short_key_value(fingerprint.headline_key)))
    if not is_empty_signature(fingerprint.signature):
        # A band key's value is its band's index above its hash.
        hashes = minhasher.band_hashes(fingerprint.signature)
        keys += [(BAND_KEY, band << 32 | value) for band, value in enumerate(hashes)]
    keys += [(PARAGRAPH_KEY, int(key, 16)) for key in fingerprint.paragraph_keys]
    return keys


def candidate_keys(fingerprint: Fingerprint, minhasher: MinHasher) -> list[str]:
    """`candidate_key_values` as text: "url:…", "head:…", "band:<index>:…", "para:…"."""
    return [_key_string(KEY_KINDS[kind], value) for kind, value in candidate_key_values(fingerprint, minhasher)]


# A candidate group member is one bytes value: it is copied once per candidate key (about 12 per
# document), and a local runner holds a shuffle's values decoded, so a tuple of Python objects
# cost 2.5x as much memory. The signature keeps the low 8 bits of each hash (b-bit MinHash): two
# different hashes then match by chance once in 256, which raises the estimated Jaccard J by
# (1 - J) / 256, under 0.001 near the thresholds.
_CANDIDATE_HEADER = struct.Struct("<H?I")  # doc_id length, already written, shingle count


def as_candidate(fingerprint: Fingerprint) -> bytes:
    doc_id = fingerprint.doc_id.encode("utf-8")
    header = _CANDIDATE_HEADER.pack(len(doc_id), fingerprint.already_written, fingerprint.shingle_count)
    return header + doc_id + fingerprint.signature[::4]  # little-endian: the low byte of each hash


def _parse_candidate(candidate: bytes) -> tuple[str, bool, int, bytes]:
    """-> (doc_id, already_written, shingle_count, 8-bit signature bytes)"""
    id_length, already_written, shingle_count = _CANDIDATE_HEADER.unpack_from(candidate)
    id_end = _CANDIDATE_HEADER.size + id_length
    return candidate[_CANDIDATE_HEADER.size : id_end].decode("utf-8"), already_written, shingle_count, candidate[id_end:]


def edges_in_group(key: str, candidates, config: DedupConfig):
    """Confirmed same-story pairs among documents sharing one candidate key."""
    candidates = list(candidates)
    if len(candidates) < 2:  # most keys: a band or paragraph no other document has
        return
    by_id: dict[str, tuple] = {}
    for candidate in candidates:
        member = _parse_candidate(candidate)
        if member[0] not in by_id or member[1]:
            by_id[member[0]] = member
    if len(by_id) < 2:
        return
    members = [by_id[doc_id] for doc_id in sorted(by_id)]
    already_written = [member[1] for member in members]
    if all(already_written):
        return
    if key.startswith("para:") and len(members) > MAX_PARAGRAPH_GROUP:
        return
    if key.startswith("url:"):
        pairs = [(0, j) for j in range(1, len(members))]
        reason = REASON_URL
    else:
        signatures = np.frombuffer(b"".join(member[3] for member in members), dtype=np.uint8).reshape(len(members), -1)
        counts = np.array([member[2] for member in members])
        if key.startswith("band:"):
            # The band's rows are equal in every member because that is how they met: counted, they
            # would lift each estimate by about rows x (1 - J) / num_perm (0.08 at J = 0.35).
            band = int(key.split(":", 2)[1])
            rows = config.num_perm // config.bands
            signatures = np.delete(signatures, np.s_[band * rows : (band + 1) * rows], axis=1)
        if key.startswith(("band:", "para:")):
            pairs, reason = similar_pairs(signatures, counts, config.min_near_similarity), REASON_NEAR
        else:
            pairs, reason = similar_pairs(signatures, counts, config.min_headline_similarity), REASON_HEADLINE
    for i, j in pairs:
        if not (already_written[i] and already_written[j]):
            yield members[i][0], members[j][0], reason


def connected_components(edges) -> dict[str, tuple[str, str]]:
    """Union-find over (a, b, reason) edges -> {doc_id: (cluster_id, reason)}.

    The cluster id is the smallest doc_id in the cluster; the reason kept per document is the
    strongest evidence that tied it in (identical > URL > headline > near-duplicate).
    """
    parent: dict[str, str] = {}
    reasons: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while node != root:
            parent[node], node = root, parent.get(node, node)
        return root

    for a, b, reason in edges:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            low, high = sorted((root_a, root_b))
            parent[high] = low
        for node in (a, b):
            reasons[node] = min(reasons.get(node, reason), reason, key=REASON_STRENGTH.index)
    return {node: (find(node), reasons[node]) for node in reasons}


def _key_string(kind: str, value: int) -> str:
    """A candidate key as text, from its kind's name and its value in `candidate_key_values`."""
    if kind == "band":
        return f"band:{value >> 32}:{value & 0xFFFFFFFF:08x}"
    return f"{kind}:{value:016x}" if kind in ("url", "head") else f"{kind}:{value:08x}"


def _groups_of_equal_values(values: list[int] | np.ndarray, owners: np.ndarray):
    """(value, owners) of each value held more than once, the owners in their order in `values`."""
    values = np.array(values, dtype=np.uint64)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sizes = np.diff(np.append(starts, ordered.size))
    shared = sizes > 1
    for start, size in zip(starts[shared].tolist(), sizes[shared].tolist()):
        yield int(ordered[start]), owners[order[start : start + size]].tolist()


def edges_among(kinds: np.ndarray, values: np.ndarray, owners: np.ndarray, candidates: list[bytes], config: DedupConfig) -> list:
    """The confirmed edges of every candidate group in these rows, row i being key (kinds[i], values[i])
    held by candidates[owners[i]]: the rows with one key are one group, as a GroupByKey makes them.

    The grouping is a sort of each kind's values: a dict of ~11 key strings per document took twice
    as long at 200,000 documents, and its lists were objects for the garbage collector to scan."""
    edges = []
    for kind, name in enumerate(KEY_KINDS):
        rows = np.flatnonzero(kinds == kind)
        for value, members in _groups_of_equal_values(values[rows], owners[rows]):
            edges += edges_in_group(_key_string(name, value), [candidates[owner] for owner in members], config)
    return edges


def cluster_fingerprints(fingerprints, config: DedupConfig) -> dict[str, tuple[str, str]]:
    """The whole batch decision in plain Python (for evaluation and the benchmark's plain loop):
    the same candidate keys, edge rules and components as the Beam graph."""
    minhasher = config.minhasher()
    candidates: list[bytes] = []
    kinds, values, owners = [], [], []
    for fingerprint in fingerprints:
        keys = candidate_key_values(fingerprint, minhasher)
        kinds += [kind for kind, _ in keys]
        values += [value for _, value in keys]
        owners += [len(candidates)] * len(keys)
        candidates.append(as_candidate(fingerprint))
    edges = edges_among(
        np.array(kinds, dtype=np.uint8), np.array(values, dtype=np.uint64), np.array(owners, dtype=np.intp), candidates, config
    )
    return connected_components(edges)


# Candidate keys cross the runner in batches: one element per key (~11 per document, each encoded,
# grouped and decoded on its own) was 44% of the elements crossing stage boundaries at 10,000
# documents, and batched the 50,000-document run in-process took 96-100 s instead of 105-110 s.
# A bucket of keys is one group, of which ConfirmEdges sorts the rows by key; the bucket count
# bounds that stage's parallelism on a distributed runner.
CANDIDATE_BUCKETS = 256
CANDIDATE_BATCH_FINGERPRINTS = 2048


class BatchCandidateKeysFn(beam.DoFn):
    """Fingerprints -> (bucket, (kinds, values, candidates)): the candidate keys of up to
    `batch_size` fingerprints at a time, one element per bucket of keys (a key's value modulo
    `buckets`). `kinds` holds one uint8 per row, `values` one little-endian uint64 per row, and
    `candidates` the row's `as_candidate` bytes."""

    def __init__(self, config: DedupConfig, buckets: int = CANDIDATE_BUCKETS, batch_size: int = CANDIDATE_BATCH_FINGERPRINTS):
        super().__init__()
        self.config = config
        self.buckets = buckets
        self.batch_size = batch_size

    def setup(self):
        self.minhasher = self.config.minhasher()

    def start_bundle(self):
        self._rows = [[] for _ in range(self.buckets)]
        self._pending = 0

    def process(self, fingerprint: Fingerprint):
        candidate = as_candidate(fingerprint)
        for kind, value in candidate_key_values(fingerprint, self.minhasher):
            self._rows[value % self.buckets].append((kind, value, candidate))
        self._pending += 1
        if self._pending >= self.batch_size:
            yield from self._batches()

    def finish_bundle(self):
        for batch in self._batches():
            yield WindowedValue(batch, MIN_TIMESTAMP, [GlobalWindow()])

    def _batches(self):
        rows, self._pending = self._rows, 0
        self._rows = [[] for _ in range(self.buckets)]
        for bucket, bucket_rows in enumerate(rows):
            if bucket_rows:
                kinds, values, candidates = zip(*bucket_rows)
                yield bucket, (bytes(kinds), np.array(values, dtype="<u8").tobytes(), candidates)


def edges_of_batches(batches, config: DedupConfig) -> list:
    """ConfirmEdges: the edges among all rows of one bucket's batches (`BatchCandidateKeysFn`)."""
    kinds, values, candidates = [], [], []
    for batch_kinds, batch_values, batch_candidates in batches:
        kinds.append(np.frombuffer(batch_kinds, dtype=np.uint8))
        values.append(np.frombuffer(batch_values, dtype="<u8"))
        candidates += batch_candidates
    return edges_among(np.concatenate(kinds), np.concatenate(values), np.arange(len(candidates)), candidates, config)


def fold_in_memory(docs: list[Document], config: DedupConfig, *, release_inputs: bool = False) -> list:
    """DedupHeadlines without a runner and without a dedup state (benchmarks' plain loop): the same
    functions, with dicts where the Beam graph shuffles. Returns what ApplyDecisionsFn emits:
    survivors and tagged folds.

    Fingerprints are dropped once keyed, and the objects kept per document are only those of
    documents in a cluster: at 200,000 documents, a fingerprint, a member and a list kept for
    every document were ~1 million objects for the garbage collector to scan on each full pass.

    With `release_inputs`, `docs` is emptied and each document is freed as soon as its decision is
    applied, as a runner drops a join's group. Freeing every cleaned document at once after the
    survivors were copied left the C heap with thousands of free 32-64 kB holes, and every later
    allocation of that size walked them: CLD2 allocates 100 kB of scratch per call and ran 5x
    slower in the plain loop (benchmarks/README.md, session 14)."""
    minhasher = config.minhasher()
    clusters = cluster_fingerprints((fingerprint_document(doc, minhasher) for doc in docs), config)
    members: dict[str, list[StoryMember]] = {}
    first_of_id: dict[str, Document] = {}
    copies_of_id: dict[str, list[Document]] = {}
    for doc in docs:
        if first_of_id.setdefault(doc.doc_id, doc) is not doc:
            copies_of_id.setdefault(doc.doc_id, []).append(doc)
        if doc.doc_id in clusters:
            members.setdefault(doc.doc_id, []).append(
                StoryMember(doc.doc_id, doc.input_path, doc.source_slug, doc.published_at, len(doc.body))
            )
    by_cluster: dict[str, list] = {}
    for doc_id, (cluster_id, reason) in clusters.items():
        by_cluster.setdefault(cluster_id, []).append((preferred(members[doc_id]), reason))
    decisions = dict(decision for cluster in by_cluster.items() for decision in decide_cluster(cluster))
    if release_inputs:
        docs.clear()
    apply_decisions = ApplyDecisionsFn(config, emit_state_rows=False)
    return [
        output
        for doc_id in list(first_of_id)
        for output in apply_decisions.process(
            (
                doc_id,
                {
                    "docs": [pack(same_id) for same_id in (first_of_id.pop(doc_id), *copies_of_id.pop(doc_id, ()))],
                    "decisions": [decisions[doc_id]] if doc_id in decisions else [],
                },
            )
        )
    ]


class ConnectedComponentsFn(beam.DoFn):
    """All edges of the run, in one place (edges only: a few bytes per duplicate pair)."""

    def process(self, keyed_edges):
        _, edges = keyed_edges
        yield from connected_components(edges).items()


def preferred(members) -> StoryMember:
    """Of the members sharing a doc_id, the one already written (it is the row that exists)."""
    return min(members, key=lambda member: member.rank)


def decide_cluster(keyed_members):
    """(cluster_id, [(member, reason)]) -> (doc_id, Decision) for every member."""
    _, members = keyed_members
    members = sorted(members, key=lambda member: member[0].rank)
    survivor = members[0][0]
    folded = tuple(member for member, _ in members[1:])
    yield survivor.doc_id, Decision(survivor=survivor, folded=folded)
    for member, reason in members[1:]:
        yield member.doc_id, Decision(survivor=survivor, reason=reason)


def folded_record(doc: Document, survivor: StoryMember | Fingerprint | Document, reason: str) -> Folded:
    return Folded(
        input_path=doc.input_path,
        doc_id=doc.doc_id,
        folded_into_doc_id=survivor.doc_id,
        folded_into_path=survivor.input_path,
        reason=reason,
    )


class ApplyDecisionsFn(beam.DoFn):
    """Per doc_id: the documents with that id (packed, `document.pack`), the cluster decision (if
    any), the row an earlier run wrote with that id (if any) and, when the run keeps a dedup state,
    the documents' fingerprints -> rows, folds, and state rows for the rows."""

    def __init__(self, config: DedupConfig, emit_state_rows: bool):
        super().__init__()
        self.config = config
        self.emit_state_rows = emit_state_rows
        self.folded_count = Metrics.counter(METRICS_NAMESPACE, "duplicates_folded")
        # Seen once in a 2-worker benchmark run (50,000 documents), when Beam's local runner still
        # lost elements (pipeline/local_runner.py): a document whose fingerprint was missing from the
        # join. Recomputed so the row's state entry is still written; counted.
        self.fingerprint_recomputed = Metrics.counter(METRICS_NAMESPACE, "dedup_fingerprint_recomputed")

    def process(self, joined):
        _, grouped = joined
        docs = sorted(map(unpack, grouped["docs"]), key=lambda doc: doc.input_path)
        decisions = list(grouped["decisions"])
        decision = decisions[0] if decisions else None
        written_before = list(grouped.get("already_written", ()))
        if not docs:
            pass  # a row written by an earlier run: nothing to emit again
        elif written_before:
            for doc in docs:
                yield self._fold(doc, written_before[0], REASON_IDENTICAL)
        elif decision is not None and decision.reason is not None:
            for doc in docs:
                yield self._fold(doc, decision.survivor, decision.reason)
        else:
            yield from self._survive(docs, decision, grouped)

    def _survive(self, docs, decision, grouped):
        survivor, *identical = docs
        for doc in identical:
            survivor.duplicate_of_paths.append(doc.input_path)
            survivor.duplicate_sources.append(doc.source_slug)
            yield self._fold(doc, survivor, REASON_IDENTICAL)
        for copy in decision.folded if decision else ():
            survivor.duplicate_of_paths.append(copy.input_path)
            survivor.duplicate_sources.append(copy.source_slug)
        survivor.duplicate_count = len(survivor.duplicate_of_paths)
        survivor.duplicate_of_paths.sort()
        survivor.duplicate_sources.sort()
        yield survivor
        if self.emit_state_rows:
            yield beam.pvalue.TaggedOutput(STATE_ROWS, self._fingerprint(survivor, grouped["fingerprints"]))

    def _fingerprint(self, survivor: Document, joined) -> Fingerprint:
        for fingerprint in joined:
            if fingerprint.input_path == survivor.input_path:
                return fingerprint
        self.fingerprint_recomputed.inc()
        return fingerprint_document(survivor, self.config.minhasher())

    def _fold(self, doc: Document, survivor: StoryMember | Document, reason: str):
        self.folded_count.inc()
        return beam.pvalue.TaggedOutput(FOLDED, folded_record(doc, survivor, reason))


class DedupHeadlines(beam.PTransform):
    """Documents -> DOCUMENTS (survivors), FOLDED (copies), STATE_ROWS (fingerprints of survivors).

    `already_written` is an optional PCollection of Fingerprints from the dedup state of earlier
    runs: copies of those stories are folded into the rows already written. STATE_ROWS is only
    filled when it is given: a run keeps a dedup state or it does not.
    """

    def __init__(self, config: DedupConfig = DedupConfig(), already_written=None):
        super().__init__()
        self.config = config
        self.already_written = already_written

    def expand(self, docs):
        config = self.config
        # The reshuffle ends the stage that cleaned the documents: a local runner frees that stage's
        # input (every page as read) before the candidate keys fill the next shuffle. Peak RSS of the
        # benchmark in-process at 200,000 documents: 3.16 GB without it, 2.96 GB with it. A GroupByKey
        # on doc_id of plain values, rather than beam.Reshuffle of the dataclass: Reshuffle pickles
        # each element's timestamp and the coder pickles the dataclass, 50 us per document in all
        # (17 us now, at 10,000 documents).
        fingerprints = (
            docs
            | "Fingerprint" >> beam.ParDo(FingerprintFn(config))
            | "FingerprintValuesById" >> beam.Map(lambda fp: (fp.doc_id, fp.as_primitives()))
            | "ReshuffleFingerprints" >> beam.GroupByKey()
            | "Fingerprints" >> beam.FlatMapTuple(lambda doc_id, values: map(Fingerprint.from_primitives, values))
        )
        keeps_state = self.already_written is not None
        candidates = (
            (fingerprints, self.already_written) | "WithAlreadyWritten" >> beam.Flatten() if keeps_state else fingerprints
        )
        edges = (
            candidates
            | "CandidateKeys" >> beam.ParDo(BatchCandidateKeysFn(config))
            | "GroupByKeyBucket" >> beam.GroupByKey()
            | "ConfirmEdges" >> beam.FlatMapTuple(lambda bucket, batches: edges_of_batches(batches, config))
        )
        clusters = (
            edges
            | "OneEdgeList" >> beam.Map(lambda edge: (None, edge))
            | "GatherEdges" >> beam.GroupByKey()
            | "ConnectedComponents" >> beam.ParDo(ConnectedComponentsFn())
        )
        members_by_id = candidates | "MembersById" >> beam.Map(lambda fp: (fp.doc_id, fp.member().as_primitives()))
        decisions = (
            {"cluster": clusters, "member": members_by_id}
            | "JoinClusters" >> beam.CoGroupByKey()
            | "ByCluster" >> beam.FlatMapTuple(
                lambda doc_id, joined: [
                    (cluster_id, (preferred(map(StoryMember.from_primitives, joined["member"])), reason))
                    for cluster_id, reason in list(joined["cluster"])[:1]
                ]
            )
            | "GroupByCluster" >> beam.GroupByKey()
            | "DecideSurvivors" >> beam.FlatMap(decide_cluster)
        )
        joined = {
            "docs": docs | "DocsById" >> beam.Map(lambda doc: (doc.doc_id, pack(doc))),
            "decisions": decisions,
        }
        if keeps_state:
            joined["fingerprints"] = fingerprints | "FingerprintsById" >> beam.Map(lambda fp: (fp.doc_id, fp))
            joined["already_written"] = self.already_written | "WrittenById" >> beam.Map(
                lambda fp: (fp.doc_id, fp.member())
            )
        return (
            joined
            | "JoinDecisions" >> beam.CoGroupByKey()
            | "ApplyDecisions"
            >> beam.ParDo(ApplyDecisionsFn(config, emit_state_rows=keeps_state)).with_outputs(
                FOLDED, STATE_ROWS, main=DOCUMENTS
            )
        )


STATE_FILE_PATTERN = "fingerprints-*.parquet"


class DedupStateMismatch(ValueError):
    """A dedup state file written with other fingerprint settings than this run's."""


def check_state_settings(path: str, schema: pa.Schema, expected: dict) -> None:
    found = json.loads((schema.metadata or {}).get(STATE_SETTINGS_KEY, b'{"fingerprint_format": 1}'))
    if found != expected:
        raise DedupStateMismatch(
            f"dedup state file {path} was written with fingerprint settings {found}, but this run uses "
            f"{expected}: run with the same --dedup-minhash-perm, or use a new --dedup-state folder "
            "(stories in the old state would then not be folded)"
        )


def _read_state_file(readable_file, expected_settings: dict):
    with readable_file.open() as handle:
        table = pq.read_table(handle)
    check_state_settings(readable_file.metadata.path, table.schema, expected_settings)
    for row in table.cast(DEDUP_STATE_SCHEMA).to_pylist():
        yield Fingerprint.from_state_row(row)


def check_state_folder(state_dir: str, config: DedupConfig) -> None:
    """Raises DedupStateMismatch, before a run starts, if the newest state file has other settings."""
    matched = FileSystems.match([FileSystems.join(state_dir, STATE_FILE_PATTERN)])[0].metadata_list
    if matched:
        newest = max(matched, key=lambda metadata: metadata.path).path
        with FileSystems.open(newest) as handle:
            check_state_settings(newest, pq.read_schema(handle), config.state_settings())


class ReadDedupState(beam.PTransform):
    """The fingerprints of rows written by earlier runs, from `STATE/fingerprints-*.parquet`.

    Each state file is read by whichever worker gets it: the history is joined by key in
    DedupHeadlines, never broadcast as a side input. A missing or empty folder is an empty state.
    """

    def __init__(self, state_dir: str, config: DedupConfig):
        super().__init__()
        self.state_dir = state_dir
        self.config = config

    def expand(self, pbegin):
        return (
            pbegin
            | "StatePattern" >> beam.Create([FileSystems.join(self.state_dir, STATE_FILE_PATTERN)])
            | "MatchStateFiles" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
            | "OpenStateFiles" >> fileio.ReadMatches()
            | "StateRows" >> beam.FlatMap(_read_state_file, self.config.state_settings())
        )


class WriteDedupStateShardsFn(beam.DoFn):
    """Fingerprints of this run's rows -> temporary Parquet files (committed with the run)."""

    def __init__(self, temporary_dir: str, config: DedupConfig):
        super().__init__()
        self.temporary_dir = temporary_dir
        self.schema = DEDUP_STATE_SCHEMA.with_metadata({STATE_SETTINGS_KEY: json.dumps(config.state_settings())})

    def start_bundle(self):
        self.rows = []

    def process(self, fingerprint: Fingerprint):
        self.rows.append(fingerprint.to_state_row())

    def finish_bundle(self):
        if not self.rows:
            return
        path = FileSystems.join(self.temporary_dir, f"{uuid.uuid4().hex}.parquet")
        with FileSystems.create(path) as handle:
            pq.write_table(pa.Table.from_pylist(self.rows, schema=self.schema), handle, compression="zstd")
        self.rows = []
        yield WindowedValue(path, MIN_TIMESTAMP, [GlobalWindow()])
