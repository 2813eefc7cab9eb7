"""Keys and similarity for deduplication: headline keys, body shingles, Jaccard."""

from __future__ import annotations

import hashlib

from transforms.text.normalize import normalize_for_matching, words

SHINGLE_WORDS = 3


def headline_key(title: str | None, body: str) -> str:
    """Documents are compared only within one key: the normalised headline, else the body's hash."""
    normalized_title = normalize_for_matching(title or "")
    if normalized_title:
        return "title:" + normalized_title
    body_hash = hashlib.sha256(normalize_for_matching(body).encode("utf-8")).hexdigest()[:20]
    return "body:" + body_hash


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    tokens = words(text)
    if len(tokens) < size:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
