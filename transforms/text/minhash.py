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

import numpy as np

from transforms.text.normalize import words

_SHIFT = np.uint64(32)
_MAX_HASH = np.uint64(0xFFFFFFFF)
_EMPTY_SIGNATURE_VALUE = 0xFFFFFFFF
_SHINGLE_MULTIPLIER = np.uint64(1_000_003)


# Words repeat (Zipf): a per-process cache of their CRC-32 makes hashing a dict lookup.
_TOKEN_HASH_CACHE: dict[str, int] = {}
_TOKEN_HASH_CACHE_LIMIT = 500_000


def _token_hashes(tokens: list[str]) -> list[int]:
    cache = _TOKEN_HASH_CACHE
    hashes = list(map(cache.get, tokens))
    if None in hashes:
        if len(cache) >= _TOKEN_HASH_CACHE_LIMIT:
            cache.clear()
        for index, value in enumerate(hashes):
            if value is None:
                hashes[index] = cache[tokens[index]] = zlib.crc32(tokens[index].encode("utf-8"))
    return hashes


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
        return self.shingle_hashes_of_tokens(words(text))

    def shingle_hashes_of_tokens(self, tokens: list[str]) -> np.ndarray:
        """Distinct 32-bit hashes of the word n-grams: each word hashed once, n-grams combined in numpy."""
        if not tokens:
            return np.empty(0, dtype=np.uint64)
        token_hashes = np.array(_token_hashes(tokens), dtype=np.uint64)
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
        permuted >>= _SHIFT
        return permuted.min(axis=0).astype(np.uint32)

    def band_keys(self, signature: np.ndarray) -> list[str]:
        """One key per band: the band's index and a hash of its rows."""
        rows = self.rows
        return [
            f"{band}:{zlib.crc32(signature[band * rows : (band + 1) * rows].tobytes()):08x}" for band in range(self.bands)
        ]


def is_empty_signature(signature: np.ndarray) -> bool:
    return bool((signature == _EMPTY_SIGNATURE_VALUE).all())


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


# Below this many shingles a containment estimate is too coarse to trust; Jaccard alone decides.
MIN_SHINGLES_FOR_CONTAINMENT = 10


def similar_pairs(signatures: np.ndarray, shingle_counts: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Index pairs (i < j) whose similarity reaches `threshold`, vectorised per row.

    Similarity is the larger of the estimated Jaccard J and the estimated containment of the
    smaller body in the larger, |A∩B| / min(|A|, |B|) with |A∩B| = J (|A| + |B|) / (1 + J): a
    copy cut short, or with its lede dropped, is contained in the original though its Jaccard is low.
    """
    counts = shingle_counts.astype(np.float64)
    pairs = []
    for i in range(len(signatures) - 1):
        jaccard = (signatures[i + 1 :] == signatures[i]).mean(axis=1)
        smaller = np.minimum(counts[i + 1 :], counts[i])
        intersection = jaccard / (1.0 + jaccard) * (counts[i + 1 :] + counts[i])
        containment = np.where(smaller >= MIN_SHINGLES_FOR_CONTAINMENT, intersection / np.maximum(smaller, 1.0), 0.0)
        similarity = np.maximum(jaccard, np.minimum(containment, 1.0))
        pairs.extend((i, i + 1 + int(j)) for j in np.nonzero(similarity >= threshold)[0])
    return pairs
