"""MinHash signatures of word shingles, LSH band keys, and the estimated Jaccard similarity.

Deterministic across processes and machines: shingles are hashed with CRC-32 (not Python's
salted `hash`) and the permutations come from a fixed seed. A signature is `num_perm` uint32
values; it is split into `bands` bands of `num_perm // bands` rows, and two documents are LSH
candidates when any band is identical. With r rows per band, a pair of true Jaccard J becomes a
candidate with probability 1 - (1 - J^r)^bands.
"""

from __future__ import annotations

import dataclasses
import zlib
from itertools import chain

import numpy as np

from transforms.text.normalize import normalize_for_matching

_SHIFT = np.uint64(32)
_MAX_HASH = np.uint64(0xFFFFFFFF)
_EMPTY_SIGNATURE_VALUE = 0xFFFFFFFF
_SHINGLE_MULTIPLIER = np.uint64(1_000_003)


# Words repeat (Zipf): a per-process cache from a raw token to the CRC-32 of each word it normalises
# to makes normalising and hashing one dict lookup per token (usually one word; none for punctuation,
# two for "U.S."). Same hashes as `words()` then CRC-32 per word, 2.5x faster on news text.
_WORD_HASH_CACHE: dict[str, tuple[int, ...]] = {}
_WORD_HASH_CACHE_LIMIT = 500_000


def _hashes_of_token(token: str) -> tuple[int, ...]:
    return tuple(zlib.crc32(word.encode("utf-8")) for word in normalize_for_matching(token).split())


def _cached_word_hashes(tokens: list[str]) -> list[tuple[int, ...]]:
    cache = _WORD_HASH_CACHE
    try:
        return list(map(cache.__getitem__, tokens))
    except KeyError:
        if len(cache) >= _WORD_HASH_CACHE_LIMIT:
            cache.clear()
            cache[_BREAK_TOKEN] = (PARAGRAPH_BREAK,)
        values = []
        for token in tokens:
            value = cache.get(token)
            if value is None:
                value = cache[token] = _hashes_of_token(token)
            values.append(value)
        return values


def word_hashes(text: str) -> list[int]:
    """The CRC-32 of each word of `words(text)`, in order."""
    return list(chain.from_iterable(_cached_word_hashes(text.split())))


# Not a CRC-32 (those are below 2**32): marks where a paragraph ends in `paragraph_word_hashes`.
PARAGRAPH_BREAK = 1 << 32
_BREAK_TOKEN = "\x00"  # a token that is not whitespace and that cleaned text does not contain
_WORD_HASH_CACHE[_BREAK_TOKEN] = (PARAGRAPH_BREAK,)


def paragraph_word_hashes(text: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """(`word_hashes(text)`, the same hashes per line of the text), from one pass over the text."""
    tokens = text.replace("\n", f" {_BREAK_TOKEN} ").split()
    marked = np.fromiter(chain.from_iterable(_cached_word_hashes(tokens)), dtype=np.uint64)
    breaks = np.flatnonzero(marked == PARAGRAPH_BREAK)
    if not breaks.size:
        return marked, [marked]
    starts, ends = [0, *(breaks + 1).tolist()], [*breaks.tolist(), marked.size]
    return np.delete(marked, breaks), [marked[start:end] for start, end in zip(starts, ends)]


def _distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)`: numpy 2's hash-based unique is 4x slower on arrays of a few hundred."""
    ordered = np.sort(values)
    keep = np.empty(ordered.size, dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


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

    def permutations(self) -> tuple[np.ndarray, np.ndarray]:
        """The fixed random hash functions; compute once and pass to `signature` in hot loops.

        Multiply-shift hashing, h(x) = ((a x + b) mod 2^64) >> 32 with odd a: as good as modular
        hashing for MinHash and several times faster in numpy (no 64-bit modulo).
        """
        generator = np.random.default_rng(self.seed)
        a = generator.integers(0, 1 << 63, size=self.num_perm, dtype=np.uint64) | np.uint64(1)
        b = generator.integers(0, 1 << 63, size=self.num_perm, dtype=np.uint64)
        return a, b

    def shingle_hashes(self, text: str) -> np.ndarray:
        return self.shingle_hashes_of_word_hashes(word_hashes(text))

    def shingle_hashes_of_word_hashes(self, hashes: list[int] | np.ndarray) -> np.ndarray:
        """Distinct 32-bit hashes of the word n-grams, from `word_hashes`: combined in numpy."""
        if not len(hashes):
            return np.empty(0, dtype=np.uint64)
        token_hashes = np.asarray(hashes, dtype=np.uint64)
        size = min(self.shingle_words, len(token_hashes))
        combined = np.zeros(len(token_hashes) - size + 1, dtype=np.uint64)
        for offset in range(size):
            combined = (combined * _SHINGLE_MULTIPLIER + token_hashes[offset : offset + len(combined)]) & _MAX_HASH
        return _distinct(combined)

    def signature(self, text: str, permutations: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        return self.signature_of_hashes(self.shingle_hashes(text), permutations)

    def signature_of_hashes(self, hashes: np.ndarray, permutations=None) -> np.ndarray:
        if hashes.size == 0:
            return np.full(self.num_perm, _EMPTY_SIGNATURE_VALUE, dtype=np.uint32)
        a, b = permutations or self.permutations()
        permuted = np.multiply.outer(hashes, a)  # in place from here: temporaries cost 4x the arithmetic
        permuted += b
        # The shift keeps the order of values, so it can come after the minimum (64 values, not 64 x N).
        return (permuted.min(axis=0) >> _SHIFT).astype(np.uint32)

    def band_keys(self, signature: bytes) -> list[str]:
        """One key per band of a signature (`signature_array().tobytes()`): the band's index and a
        CRC-32 of its rows' bytes."""
        width = self.rows * 4
        return [f"{band}:{zlib.crc32(signature[band * width : (band + 1) * width]):08x}" for band in range(self.bands)]


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
