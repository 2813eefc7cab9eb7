"""One-permutation MinHash signatures of word shingles, LSH band keys, and the estimated Jaccard.

Deterministic across processes and machines: words are hashed with CRC-32 (not Python's salted
`hash`), a shingle's hash is a fixed function of its words' hashes and the seed, and nothing else
is random. A signature is `num_perm` uint32 values from one hash per shingle (one-permutation
MinHash, Li, Owen & Zhang 2012): a shingle's hash picks one of `num_perm` bins, and each bin keeps
its smallest hash. A bin no shingle fell into borrows the value of a non-empty bin, chosen for
that bin by a fixed random order that is the same for every document (optimal densification,
Shrivastava 2017), so two documents' values agree in a bin with probability equal to their
Jaccard similarity, as with `num_perm` independent permutations, for one hash per shingle instead
of `num_perm`. The signature is split into `bands` bands of `num_perm // bands` rows, and two
documents are LSH candidates when any band is identical. With r rows per band, a pair of true
Jaccard J becomes a candidate with probability 1 - (1 - J^r)^bands.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import zlib
from itertools import accumulate, chain

import numpy as np

from transforms.text.normalize import normalize_for_matching

_EMPTY_SIGNATURE_VALUE = 0xFFFFFFFF
_SHINGLE_MULTIPLIER = np.uint64(1_000_003)
# splitmix64's finaliser: every bit of a shingle's hash depends on every bit of its words' hashes,
# so the high bits choose a bin fairly and the low bits (the value a bin keeps) are independent of them.
_MIX_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))
_MIX_MULTIPLIERS = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


# Not a CRC-32 (those are below 2**32): a cached token that normalises to no word or to several
# ("—", "3.5", "U.S.") holds this plus the index of its words' hashes in `_WordCache.words`, so
# that a token is one integer and the lookup stays in numpy.
_SEVERAL_WORDS = 1 << 32


class _WordCache:
    """Per process, from a raw token to the CRC-32 of the one word it normalises to. Words repeat
    (Zipf), so normalising and hashing a document's words is one dict lookup per token."""

    LIMIT = 500_000

    def __init__(self):
        self.values: dict[str, int] = {}
        self.words: list[tuple[int, ...]] = []

    def add(self, token: str) -> None:
        hashes = tuple(zlib.crc32(word.encode("utf-8")) for word in normalize_for_matching(token).split())
        if len(hashes) == 1:
            self.values[token] = hashes[0]
        else:
            self.values[token] = _SEVERAL_WORDS + len(self.words)
            self.words.append(hashes)


# Replaced, not cleared, when full: a thread in the middle of a lookup keeps the one it started with.
_word_cache = _WordCache()


def _cached_values(lines: list[list[str]], count: int) -> tuple[np.ndarray, _WordCache]:
    """The cached value of each of the `count` tokens of the lines, in order, and the cache."""
    global _word_cache
    cache = _word_cache
    try:
        return np.fromiter(map(cache.values.__getitem__, chain(*lines)), dtype=np.uint64, count=count), cache
    except KeyError:
        if len(cache.values) >= cache.LIMIT:
            cache = _word_cache = _WordCache()
        for token in chain(*lines):
            if token not in cache.values:
                cache.add(token)
        return np.fromiter(map(cache.values.__getitem__, chain(*lines)), dtype=np.uint64, count=count), cache


def _line_word_hashes(lines: list[list[str]]) -> tuple[np.ndarray, list[int]]:
    """-> (the CRC-32 of each normalised word of the lines' tokens, in order; where each line's
    words start in them, and then their count)"""
    starts = list(accumulate(map(len, lines), initial=0))
    values, cache = _cached_values(lines, starts[-1])
    several = (values >= _SEVERAL_WORDS).nonzero()[0]
    if not several.size:
        return values, starts
    words = [cache.words[index] for index in (values[several] - _SEVERAL_WORDS).tolist()]
    counts = np.ones(values.size, dtype=np.intp)
    counts[several] = [len(hashes) for hashes in words]
    words_before = np.zeros(values.size + 1, dtype=np.intp)
    np.cumsum(counts, out=words_before[1:])
    expanded = np.repeat(values, counts)
    for position, hashes in zip(words_before[several].tolist(), words):
        expanded[position : position + len(hashes)] = hashes
    return expanded, words_before[starts].tolist()


def word_hashes(text: str) -> list[int]:
    """The CRC-32 of each word of `words(text)`, in order."""
    return _line_word_hashes([text.split()])[0].tolist()


def paragraph_word_hashes(text: str) -> tuple[np.ndarray, list[int]]:
    """(`word_hashes(text)` as an array, where the words of each line of the text start in it and
    then their count): line i's words are hashes[starts[i] : starts[i + 1]]."""
    return _line_word_hashes([line.split() for line in text.split("\n")])


def _mix(values: np.ndarray) -> None:
    """splitmix64's finaliser, in place (one scratch array for the shifts, not one per shift)."""
    shifted = np.empty_like(values)
    for shift, multiplier in zip(_MIX_SHIFTS, _MIX_MULTIPLIERS):
        values ^= np.right_shift(values, shift, out=shifted)
        values *= multiplier
    values ^= np.right_shift(values, _MIX_SHIFTS[2], out=shifted)


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)`, sorting in place: numpy 2's hash-based unique is 4x slower on arrays of a few hundred."""
    values.sort()
    keep = np.empty(values.size, dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


@functools.lru_cache(maxsize=8)
def _bin_starts(num_bins: int) -> np.ndarray:
    """The smallest 64-bit hash of each bin: a hash h is in bin ((h >> 32) * num_bins) >> 32, which
    keeps the order of hashes, so a bin's smallest hash is the first of its range in sorted hashes."""
    return np.array([-(-(index << 32) // num_bins) << 32 for index in range(num_bins)], dtype=np.uint64)


@functools.lru_cache(maxsize=8)
def _densification_order(num_bins: int, seed: int) -> np.ndarray:
    """Row i: bin i, then every other bin in a random order fixed by the seed; an empty bin i takes
    the value of the first non-empty bin in its row."""
    generator = np.random.default_rng(seed)
    order = np.empty((num_bins, num_bins), dtype=np.intp)
    for index in range(num_bins):
        others = np.delete(np.arange(num_bins), index)
        order[index] = [index, *generator.permutation(others)]
    return order


@dataclasses.dataclass(frozen=True)
class MinHasher:
    num_perm: int = 64
    bands: int = 8
    shingle_words: int = 3
    seed: int = 1

    def __post_init__(self):
        if self.num_perm % self.bands:
            raise ValueError(f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})")

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    @functools.cached_property
    def _shingle_offset(self) -> np.uint64:
        return np.uint64(self.seed * int(_SHINGLE_MULTIPLIER) % (1 << 64))

    def shingle_hashes(self, text: str) -> np.ndarray:
        return self.shingle_hashes_of_word_hashes(word_hashes(text))

    def shingle_hashes_of_word_hashes(self, hashes: list[int] | np.ndarray) -> np.ndarray:
        """Sorted distinct 64-bit hashes of the word n-grams, from `word_hashes`: combined in numpy."""
        if not len(hashes):
            return np.empty(0, dtype=np.uint64)
        token_hashes = np.asarray(hashes, dtype=np.uint64)
        size = min(self.shingle_words, len(token_hashes))
        count = len(token_hashes) - size + 1
        combined = token_hashes[:count] + self._shingle_offset
        for offset in range(1, size):
            combined *= _SHINGLE_MULTIPLIER
            combined += token_hashes[offset : offset + count]
        _mix(combined)
        return _distinct_sorted(combined)

    def signature(self, text: str) -> np.ndarray:
        return self.signature_of_hashes(self.shingle_hashes(text))

    def signature_of_hashes(self, hashes: np.ndarray) -> np.ndarray:
        """The signature of `shingle_hashes`' sorted hashes: per bin, the low 32 bits of its smallest hash."""
        if hashes.size == 0:
            return np.full(self.num_perm, _EMPTY_SIGNATURE_VALUE, dtype=np.uint32)
        starts = np.searchsorted(hashes, _bin_starts(self.num_perm))
        values = hashes.take(starts, mode="clip").astype(np.uint32)
        filled = starts[:-1] < starts[1:]
        last_filled = starts[-1] < hashes.size
        if last_filled and filled.all():
            return values
        filled = np.append(filled, last_filled)
        order = _densification_order(self.num_perm, self.seed)
        donors = order[np.arange(self.num_perm), np.argmax(filled[order], axis=1)]
        return values[donors]

    def band_hashes(self, signature: bytes) -> list[int]:
        """A CRC-32 of each band's rows in a signature (`signature_array().tobytes()`)."""
        width = self.rows * 4
        return [zlib.crc32(signature[band * width : (band + 1) * width]) for band in range(self.bands)]


def is_empty_signature(signature: bytes) -> bool:
    """Whether a signature's bytes are those of a text without words."""
    return not signature.strip(b"\xff")


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


# Below this many shingles a containment estimate is too coarse to trust; Jaccard alone decides.
MIN_SHINGLES_FOR_CONTAINMENT = 10
# Containment counts from this value up, whatever the Jaccard threshold. Turning an estimated
# Jaccard into containment multiplies its error by up to (|A| + |B|) / min(|A|, |B|), and
# different stories told in stock phrases (two daily weather reports under one headline) have a
# true containment of 0.3-0.4: with the headline threshold of 0.5 applied to containment too, one
# such pair in three under a shared headline was folded (benchmarks/quality/dedup_corpus.py).
MIN_CONTAINMENT = 0.7


def similar_pairs(signatures: np.ndarray, shingle_counts: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Index pairs (i < j) that are similar, vectorised per row: estimated Jaccard J >= `threshold`,
    or estimated containment >= max(`threshold`, MIN_CONTAINMENT).

    Containment is that of the smaller body in the larger, |A∩B| / min(|A|, |B|) with |A∩B| =
    J (|A| + |B|) / (1 + J): a copy cut short, or with its lede dropped, is contained in the
    original though its Jaccard is low. Signatures may keep only the low b bits of each hash
    (b-bit MinHash, any unsigned dtype): two different hashes then agree by chance once in 2**b,
    and J is corrected for that.
    """
    bits = 8 * signatures.dtype.itemsize
    chance = 2.0**-bits if bits < 32 else 0.0
    containment_threshold = max(threshold, MIN_CONTAINMENT)
    if len(signatures) == 2:
        return [(0, 1)] if _similar_pair(signatures, shingle_counts, threshold, containment_threshold, chance) else []
    counts = shingle_counts.astype(np.float64)
    pairs = []
    for i in range(len(signatures) - 1):
        agreement = (signatures[i + 1 :] == signatures[i]).mean(axis=1)
        jaccard = np.clip((agreement - chance) / (1.0 - chance), 0.0, 1.0)
        smaller = np.minimum(counts[i + 1 :], counts[i])
        intersection = jaccard / (1.0 + jaccard) * (counts[i + 1 :] + counts[i])
        containment = np.where(smaller >= MIN_SHINGLES_FOR_CONTAINMENT, intersection / np.maximum(smaller, 1.0), 0.0)
        similar = (jaccard >= threshold) | (containment >= containment_threshold)
        pairs.extend((i, i + 1 + int(j)) for j in np.nonzero(similar)[0])
    return pairs


def _similar_pair(signatures, shingle_counts, threshold: float, containment_threshold: float, chance: float) -> bool:
    """`similar_pairs`' rule for two rows, in Python floats: nine groups in ten have two members,
    and for one pair numpy's per-call cost was most of the time. The same operations in the same
    order, so the same result (tests/test_dedup.py compares them)."""
    first, second = signatures.tolist()
    agreement = sum(map(operator.eq, first, second)) / len(first)
    jaccard = min(max((agreement - chance) / (1.0 - chance), 0.0), 1.0)
    count_first, count_second = float(shingle_counts[0]), float(shingle_counts[1])
    smaller = min(count_second, count_first)
    if jaccard >= threshold:
        return True
    if smaller < MIN_SHINGLES_FOR_CONTAINMENT:
        return False
    return jaccard / (1.0 + jaccard) * (count_second + count_first) / max(smaller, 1.0) >= containment_threshold
