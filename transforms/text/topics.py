"""Topic classifier runtime: IPTC Media Topics top-level code for a news article (title + body).

Plain Python + numpy/scipy, no Beam import. The model is a linear classifier over hashed features of the
matching-normalised text (`transforms.text.normalize.normalize_for_matching`):

* character n-grams inside word boundaries (like scikit-learn's ``char_wb``), and
* word unigrams and bigrams,

each block L2-normalised (approximately: the norm treats repeated n-grams as distinct, which lets the
features be computed without sorting), title n-grams weighted up. Probabilities are a softmax of the
linear scores with a temperature fitted on held-out publishers.

A model may also have a word-vector block (`FeatureConfig.embedding_weight` > 0): the mean of the
document's word vectors from a multilingual sentence encoder (`transforms.text.word_vectors`). Being linear
in that mean, it is stored as one row of class scores per word (``word_scores``) and scored as the mean of
the rows of the document's known words (`word_mean`), with no encoder at run time.

The feature hashing is implemented here with numpy (a polynomial rolling hash mixed with splitmix64), so
that a whole batch is vectorised at once and the bucket of an n-gram is the same on every platform and
Python version (no dependency on ``PYTHONHASHSEED`` or on a library's hash function). Training
(`transforms.text.topic_training`) uses `featurize`. Prediction gets the same scores faster from a table of
each whitespace-separated token's contribution (`_TokenScorer`), built as tokens are first seen; a test
checks that both agree.

Files of a model directory (no pickle):

* ``model.npz``: ``coef`` (n_classes x n_features, int8 quantised or float16/float32), ``coef_scale``
  (per class, for int8), ``intercept`` (float32); with word vectors also ``word_scores`` (n_words x
  n_classes, float16) and ``words`` (the words, UTF-8, newline-separated).
* ``metadata.json``: feature configuration, class codes, temperature, IPTC labels (code -> English /
  Arabic label, CC BY 4.0 (c) IPTC), training summary and validation scores.
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from transforms.text.normalize import normalize_for_matching, normalize_words

SHIPPED_MODEL_DIR: pathlib.Path = pathlib.Path(__file__).resolve().parent.parent / "models" / "topic"
DEFAULT_MIN_SCORE: float = 0.4
MODEL_FORMAT_VERSION = 3  # 2: optional word scores (word-vector block); 3: lead scores (older readers refuse it)
READABLE_FORMAT_VERSIONS = (1, 2, 3)
_WEIGHTS_FILE = "model.npz"
_METADATA_FILE = "metadata.json"

normalize_text = normalize_words  # the classifier reads matching-normalised text, word by word


# --------------------------------------------------------------------------------------------------
# Feature hashing.


@dataclass(frozen=True)
class FeatureConfig:
    """How text becomes a hashed feature vector. Stored in the model metadata."""

    n_features_log2: int = 18
    char_ngram_range: tuple[int, int] = (3, 5)
    word_ngram_range: tuple[int, int] = (1, 2)
    char_weight: float = 1.0
    word_weight: float = 1.0
    title_weight: float = 3.0
    max_title_chars: int = 300
    max_body_chars: int = 1000  # measured: as good as 2,000 across publishers, and faster
    alternate_sign: bool = True
    #: weight of a per-script indicator feature ("ar" / "latin"), i.e. a per-script intercept
    script_weight: float = 1.0
    #: weight of the word-vector block: the mean of the document's word vectors (title words weighted
    #: `title_weight`), see `transforms.text.word_vectors`; 0 = no word vectors
    embedding_weight: float = 0.0
    #: the lead: the headline and the body's words that start in its first `lead_chars` characters (see
    #: `leads`). The class scores add `lead_weight` times the lead's own scores (0 = off): the lead states
    #: the topic, and a long article scored this way reads more like the short copy of other publishers
    #: (measured across publishers in the model card). Training's lead copies
    #: (`TrainConfig.lead_copy_weight`) use the same cut.
    lead_chars: int = 200
    lead_weight: float = 0.0

    @property
    def n_features(self) -> int:
        return 1 << self.n_features_log2

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "FeatureConfig":
        data = dict(data)
        for key in ("char_ngram_range", "word_ngram_range"):
            if key in data:
                data[key] = tuple(data[key])
        return cls(**data)


_TOKEN_REST = re.compile(r"\S*")


def leads(bodies: Sequence[str | None], config: FeatureConfig) -> list[str]:
    """The lead of each body: the whitespace-separated tokens that start in its first `config.lead_chars`
    characters, whole (the headline is added by the caller, as for whole articles). Whole tokens are a
    prefix of the article's own tokens, so the token table scores article and lead from one lookup;
    a word cut in half would be a new token for almost every article. Training and prediction cut the
    lead here or in `_TokenScorer.scores`, which `tests/test_topics.py` checks against this."""
    out = []
    for body in bodies:
        body = (body or "")[: config.max_body_chars]
        end = config.lead_chars
        if 0 < end < len(body) and not body[end - 1].isspace():
            end = _TOKEN_REST.match(body, end).end()
        out.append(body[:end])
    return out


_U64 = np.uint64
_BASE = _U64(0x100000001B3)  # odd, so invertible mod 2**64
_BASE_INV = _U64(pow(0x100000001B3, -1, 1 << 64))
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
_SALT_CHAR = 0x243F6A8885A308D3
_SALT_WORD = 0x13198A2E03707344
_SPACE = 32
SCRIPTS = ("none", "ar", "latin")  # script ids 0, 1, 2 of a document (majority of its letters)
_SEP = 10  # "\n": never in normalised text, separates documents in a batch

_pow_cache: dict[str, np.ndarray] = {}


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**k and BASE**-k mod 2**64 for k in 0..n-1 (grown and cached)."""
    fwd = _pow_cache.get("fwd")
    if fwd is None or len(fwd) < n:
        size = max(n, 1 << 16, 0 if fwd is None else 2 * len(fwd))
        fwd = np.empty(size, dtype=_U64)
        fwd[0] = 1
        fwd[1:] = _BASE
        np.cumprod(fwd, out=fwd)
        inv = np.empty(size, dtype=_U64)
        inv[0] = 1
        inv[1:] = _BASE_INV
        np.cumprod(inv, out=inv)
        _pow_cache["fwd"], _pow_cache["inv"] = fwd, inv
    return _pow_cache["fwd"], _pow_cache["inv"]


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (in place)."""
    h ^= h >> _U64(30)
    h *= _MIX1
    h ^= h >> _U64(27)
    h *= _MIX2
    h ^= h >> _U64(31)
    return h


def _prepare(titles: Sequence[str], bodies: Sequence[str], config: FeatureConfig) -> tuple[list[str], list[int]]:
    docs: list[str] = []
    title_ends: list[int] = []
    for title, body in zip(titles, bodies):
        t = normalize_text((title or "")[: config.max_title_chars])
        b = normalize_text((body or "")[: config.max_body_chars])
        # " title body " : every word has a space on both sides.
        text = " " + t + (" " if t else "") + b + (" " if b else "")
        docs.append(text)
        title_ends.append(len(t) + 1 if t else 0)
    return docs, title_ends


def featurize(titles: Sequence[str], bodies: Sequence[str], config: FeatureConfig) -> list[sp.csr_matrix]:
    """Hashed feature blocks (one CSR matrix per block: char n-grams, words), rows = documents.

    The matrices may hold duplicate (row, column) entries, which sparse products sum; call
    `sum_duplicates()` for a canonical matrix. Each block is already scaled by its weight and row norm.
    """
    return _featurize(titles, bodies, config)[0]


def _featurize(
    titles: Sequence[str], bodies: Sequence[str], config: FeatureConfig
) -> tuple[list[sp.csr_matrix], np.ndarray, np.ndarray]:
    """`featurize`, plus a mask of the documents with at least one word and their script ids."""
    if len(titles) != len(bodies):
        raise ValueError(f"{len(titles)} titles but {len(bodies)} bodies")
    n_docs = len(titles)
    n_feat = config.n_features
    if n_docs == 0:
        return [sp.csr_matrix((0, n_feat), dtype=np.float32)], np.zeros(0, dtype=bool), np.zeros(0, np.int8)
    docs, title_ends = _prepare(titles, bodies, config)
    char_parts, word_parts, arabic, latin = _hash_entries(docs, title_ends, config)
    nonempty = np.fromiter((len(d) > 1 for d in docs), dtype=bool, count=n_docs)
    scripts = _script_ids(arabic, latin)
    blocks: list[sp.csr_matrix] = []

    def block(parts: list[tuple], weight: float) -> None:
        """One CSR per part (rows within a part are already in order), all scaled by the block's norm."""
        parts = [p for p in parts if len(p[0])]
        if not parts:
            return
        norm2 = np.zeros(n_docs, dtype=np.float64)
        for rows, _, vals in parts:
            norm2 += np.bincount(rows, weights=np.square(vals, dtype=np.float64), minlength=n_docs)
        scale = np.zeros(n_docs, dtype=np.float32)
        nz = norm2 > 0
        scale[nz] = weight / np.sqrt(norm2[nz])
        for rows, cols, vals in parts:
            vals *= scale[rows]
            indptr = np.zeros(n_docs + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=n_docs), out=indptr[1:])
            blocks.append(sp.csr_matrix((vals, cols, indptr), shape=(n_docs, n_feat)))

    block(char_parts, config.char_weight)
    block(word_parts, config.word_weight)
    if config.script_weight > 0:
        rows = np.flatnonzero(scripts > 0)
        cols = _SCRIPT_BUCKETS[config.n_features_log2][scripts[rows] - 1]
        vals = np.full(len(rows), config.script_weight, dtype=np.float32)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(scripts > 0, out=indptr[1:])
        blocks.append(sp.csr_matrix((vals, cols, indptr), shape=(n_docs, n_feat)))
    if not blocks:
        blocks.append(sp.csr_matrix((n_docs, n_feat), dtype=np.float32))
    return blocks, nonempty, scripts


def _script_ids(arabic: np.ndarray, latin: np.ndarray) -> np.ndarray:
    """Script id of each document (index into SCRIPTS) from its counts of Arabic and Latin letters."""
    return np.where(arabic > latin, 1, np.where(latin > 0, 2, 0)).astype(np.int8)


def _hash_entries(
    docs: Sequence[str], title_ends: Sequence[int], config: FeatureConfig
) -> tuple[list[tuple], list[tuple], np.ndarray, np.ndarray]:
    """The hashed n-grams of prepared texts (" w1 w2 ... ", title = the first `title_ends[i]` characters).

    Returns the char and word parts, each a list of (rows, cols, vals) with vals = +-position weight (not
    yet normalised), and each document's counts of Arabic and Latin letters.
    """
    n_docs = len(docs)
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
    big = "\n".join(docs) + "\n"
    codes = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    n = len(codes)
    doc_start = np.zeros(n_docs, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=doc_start[1:])
    doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths + 1)
    in_title = np.arange(n, dtype=np.int64) < (doc_start + np.asarray(title_ends, dtype=np.int64))[doc_of]
    pos_weight = np.where(in_title, np.float32(config.title_weight), np.float32(1.0)).astype(np.float32)

    # Prefix hashes: P[k] = sum_{j<k} c_j * B**(k-1-j); H(i, j) = P[j] - P[i] * B**(j-i).
    fwd, inv = _powers(n + 1)
    c = codes.astype(_U64) + _U64(1)
    q = np.zeros(n + 1, dtype=_U64)
    np.cumsum(c * inv[:n], out=q[1:])
    prefix = np.zeros(n + 1, dtype=_U64)
    prefix[1:] = q[1:] * fwd[:n]

    is_space = codes == _SPACE
    is_sep = codes == _SEP
    space_cum = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(is_space, out=space_cum[1:])
    sep_cum = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(is_sep, out=sep_cum[1:])

    # Letters per document, for its script (text is normalised: lower case, no accents).
    arabic = np.bincount(doc_of, weights=((codes >= 0x0620) & (codes <= 0x06FF)), minlength=n_docs)
    latin = np.bincount(doc_of, weights=((codes >= 97) & (codes <= 122)), minlength=n_docs)

    shift = _U64(64 - config.n_features_log2)

    def finish(h: np.ndarray, rows: np.ndarray, vals: np.ndarray) -> tuple:
        h = _mix(h)
        cols = (h >> shift).astype(np.int32)
        if config.alternate_sign:
            np.negative(vals, out=vals, where=(h & _U64(1)).astype(bool))
        return rows, cols, vals

    def emit(starts: np.ndarray, ends: np.ndarray, salt: int) -> tuple:
        """Hash the spans [starts, ends) -> (rows, cols, vals)."""
        h = prefix[ends] - prefix[starts] * fwd[ends - starts]
        h ^= _U64(salt)
        return finish(h, doc_of[starts], pos_weight[starts])

    def emit_fixed(ok: np.ndarray, length: int, salt: int) -> tuple:
        """Hash the spans [i, i + length) for the positions i where `ok` (contiguous slices, no gathers)."""
        m = len(ok)
        h = (prefix[length : length + m] - prefix[:m] * fwd[length])[ok]
        h ^= _U64(_char_salt(salt, length))
        return finish(h, doc_of[:m][ok], pos_weight[:m][ok])

    # Character n-grams within word boundaries: no separator inside, no space strictly inside.
    lo, hi = config.char_ngram_range
    char_parts = []
    if config.char_weight > 0 and hi >= lo >= 1:
        for k in range(lo, hi + 1):
            if n < k:
                continue
            m = n - k + 1
            ok = sep_cum[k : k + m] == sep_cum[:m]
            if k >= 3:
                ok &= space_cum[k - 1 : k - 1 + m] == space_cum[1 : 1 + m]
            elif k == 2:
                ok &= ~(is_space[:m] & is_space[1 : 1 + m])
            else:
                ok &= ~is_space[:m]
            char_parts.append(emit_fixed(ok, k, _SALT_CHAR))

    # Words and word n-grams: spans between spaces in the same document.
    wlo, whi = config.word_ngram_range
    word_parts = []
    if config.word_weight > 0 and whi >= wlo >= 1:
        spaces = np.flatnonzero(is_space)
        space_doc = doc_of[spaces]
        for k in range(wlo, whi + 1):
            if len(spaces) <= k:
                continue
            a, b = spaces[:-k], spaces[k:]
            # same document and k non-empty words in between (texts are single-spaced)
            ok = (space_doc[:-k] == space_doc[k:]) & ((b - a) >= 2 * k)
            word_parts.append(emit(a[ok] + 1, b[ok], _SALT_WORD + k))
    return [p for p in char_parts if len(p[0])], [p for p in word_parts if len(p[0])], arabic, latin


def _char_salt(salt: int, length: int) -> int:
    return (salt ^ (length * 0x9E3779B97F4A7C15)) & 0xFFFFFFFFFFFFFFFF


class _TokenScorer:
    """Exact fast scoring of `TopicModel`: the linear scores of `featurize`, computed per token.

    A char n-gram never crosses a word and a word never crosses a whitespace-separated token of the raw
    text, so each token's contribution to the scores (its n-grams' weight rows summed, with their count
    for the block norms) is fixed. It is computed once per token and kept in a table; a document then costs
    one dictionary lookup per token, plus the word bigrams that join two tokens, hashed from the tokens'
    first/last word hashes. Equal to scoring `featurize`'s matrices up to float rounding
    (tests/test_topics.py checks this). Needs word n-grams of length <= 2. Not thread-safe by itself
    (`TopicModel` holds a lock). When the table holds `limit` tokens, only the half that was looked up most
    often is kept.
    """

    _ARRAYS = ("vectors", "n_char", "n_word", "n_words", "n_known", "latin", "arabic_minus_latin", "last_hash",
               "first_mul", "first_hash", "hits")

    def __init__(
        self,
        config: FeatureConfig,
        w: np.ndarray,
        word_index: dict[str, int] | None = None,
        word_scores: np.ndarray | None = None,
        limit: int = 200_000,
    ):
        self.config, self.w, self.limit = config, w, limit
        self.word_index, self.word_scores = word_index, word_scores
        self.bigrams = config.word_weight > 0 and config.word_ngram_range[0] <= 2 <= config.word_ngram_range[1]
        capacity, n_cls = 1024, w.shape[1]
        self.ids: dict[str, int] = {}
        self.tokens: list[str] = []
        self.hits = np.zeros(capacity, dtype=np.int64)
        # per token: [char n-gram rows summed | word and inner-bigram rows summed | known words' scores summed]
        self.vectors = np.zeros((capacity, (2 if word_scores is None else 3) * n_cls), dtype=np.float32)
        self.n_known = np.zeros(capacity, dtype=np.float64)  # words of the word-score table
        self.n_char = np.zeros(capacity, dtype=np.float64)  # char n-gram entries
        self.n_word = np.zeros(capacity, dtype=np.float64)  # word n-gram entries
        self.n_words = np.zeros(capacity, dtype=np.int32)
        self.latin = np.zeros(capacity, dtype=np.float64)  # Latin letters
        self.arabic_minus_latin = np.zeros(capacity, dtype=np.float64)
        # bigram across tokens (a = last word of the left one, b = first word of the right one):
        # H("a b") = H(a) * B**(len(b) + 1) + H(" b")
        self.last_hash = np.zeros(capacity, dtype=_U64)
        self.first_mul = np.zeros(capacity, dtype=_U64)
        self.first_hash = np.zeros(capacity, dtype=_U64)

    def _grow(self, size: int) -> None:
        capacity = len(self.n_words)
        if size <= capacity:
            return
        new = max(size, 2 * capacity)
        for name in self._ARRAYS:
            old = getattr(self, name)
            grown = np.zeros((new,) + old.shape[1:], dtype=old.dtype)
            grown[:capacity] = old
            setattr(self, name, grown)

    def _add(self, tokens: list[str]) -> None:
        """Table rows for new tokens."""
        start = len(self.ids)
        self._grow(start + len(tokens))
        rows = slice(start, start + len(tokens))
        # a token holds no whitespace, so this is normalize_text(token) without its split and join
        normal = list(map(normalize_for_matching, tokens))
        docs = [" " + t + " " if t else " " for t in normal]
        char_parts, word_parts, arabic, latin = _hash_entries(docs, [0] * len(docs), self.config)
        n_cls = self.w.shape[1]
        for j, (parts, count) in enumerate(((char_parts, self.n_char), (word_parts, self.n_word))):
            for r, c, v in parts:
                x = sp.csr_matrix((v, (r, c)), shape=(len(tokens), self.w.shape[0]))
                self.vectors[rows, j * n_cls : (j + 1) * n_cls] += x @ self.w
                count[rows] += np.bincount(r, minlength=len(tokens))
        self.latin[rows] = latin
        self.arabic_minus_latin[rows] = arabic - latin
        self.n_words[rows] = [t.count(" ") + 1 if t else 0 for t in normal]
        if self.word_scores is not None:
            # most tokens are one word: one lookup each, the few that normalise to several words one by one
            index = self.word_index
            word = np.fromiter(map(index.get, normal, itertools.repeat(-1)), dtype=np.int64, count=len(normal))
            single = np.flatnonzero(word >= 0)
            self.vectors[start + single, 2 * n_cls :] = self.word_scores[word[single]]
            self.n_known[start + single] = 1
            for row in [row for row, text in enumerate(normal) if " " in text]:
                known = [index[w] for w in normal[row].split() if w in index]
                self.vectors[start + row, 2 * n_cls :] = self.word_scores[known].sum(axis=0)
                self.n_known[start + row] = len(known)
        first, first_len = _word_hashes([t.split(" ", 1)[0] for t in normal])
        fwd = _powers(int(first_len.max(initial=0)) + 2)[0]
        self.first_mul[rows] = fwd[first_len + 1]
        self.first_hash[rows] = _U64(_SPACE + 1) * fwd[first_len] + first
        self.last_hash[rows] = _word_hashes([t.rsplit(" ", 1)[-1] for t in normal])[0]
        self.ids.update(zip(tokens, range(start, start + len(tokens))))
        self.tokens += tokens

    def _evict(self) -> None:
        """Keep the `limit // 2` most looked-up tokens (ties: the oldest), halving their counts."""
        keep = np.sort(np.argsort(-self.hits[: len(self.tokens)], kind="stable")[: self.limit // 2])
        for name in self._ARRAYS:
            array = getattr(self, name)
            array[: len(keep)] = array[keep]
            array[len(keep) :] = 0
        self.hits[: len(keep)] //= 2
        self.tokens = [self.tokens[i] for i in keep]
        self.ids = dict(zip(self.tokens, range(len(keep))))

    def lookup(self, tokens: list[str]) -> np.ndarray:
        """Table row of each token (new tokens are added, after an eviction if the table is full)."""
        ids = np.fromiter(map(self.ids.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
        missing = ids < 0
        if missing.any():
            missing_tokens = list(itertools.compress(tokens, missing.tolist()))
            new = list(dict.fromkeys(missing_tokens))
            if len(self.ids) + len(new) > self.limit and len(self.ids) > self.limit // 2:
                self._evict()
                return self.lookup(tokens)
            self._add(new)
            ids[missing] = list(map(self.ids.__getitem__, missing_tokens))
        self.hits += np.bincount(ids, minlength=len(self.hits))
        return ids

    def scores(
        self, titles: Sequence[str], bodies: Sequence[str], with_leads: bool = False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Linear scores without the intercept (n_docs, n_classes), nonempty mask and script ids. With
        `with_leads`, the scores are (2 * n_docs, n_classes): the articles', then their leads' (`leads`),
        whose tokens are the articles' first ones and are looked up once."""
        cfg = self.config
        n_docs = len(titles)
        tokens: list[str] = []
        n_title = np.zeros(n_docs, dtype=np.int64)
        n_tokens = np.zeros(n_docs, dtype=np.int64)
        n_lead = np.zeros(n_docs, dtype=np.int64)
        for d, (title, body) in enumerate(zip(titles, bodies)):
            t = title[: cfg.max_title_chars].split() if title else []
            b = body[: cfg.max_body_chars].split() if body else []
            tokens += t
            tokens += b
            n_title[d] = len(t)
            n_tokens[d] = len(t) + len(b)
            if with_leads and b:
                # the tokens that start in the first lead_chars characters: the lead's, as `leads` cuts it
                n_lead[d] = min(len(body[: cfg.lead_chars].split()), len(b))
        ids = self.lookup(tokens)
        first = np.cumsum(n_tokens) - n_tokens
        if with_leads:
            n_lead += n_title
            lead_first = np.repeat(first, n_lead)
            lead_position = np.arange(len(lead_first)) - np.repeat(np.cumsum(n_lead) - n_lead, n_lead)
            ids = np.concatenate([ids, ids[lead_first + lead_position]])
            first = np.concatenate([first, len(tokens) + np.cumsum(n_lead) - n_lead])
            n_tokens, n_title = np.concatenate([n_tokens, n_lead]), np.concatenate([n_title, n_title])
            n_docs *= 2
        doc = np.repeat(np.arange(n_docs), n_tokens)
        title = (np.arange(len(ids)) - first[doc]) < n_title[doc]
        keep = self.n_words[ids] > 0  # tokens of punctuation only vanish from the normalised text
        ids, doc, title = ids[keep], doc[keep], title[keep]
        weight = np.where(title, np.float32(cfg.title_weight), np.float32(1.0))

        n_cls = self.w.shape[1]
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(np.bincount(doc, minlength=n_docs), out=indptr[1:])
        table = sp.csr_matrix((weight, ids, indptr), shape=(n_docs, len(self.n_words)))
        sums = table @ self.vectors
        char, word = sums[:, :n_cls], sums[:, n_cls : 2 * n_cls]
        weight2 = np.square(weight, dtype=np.float64)
        char_norm2 = np.bincount(doc, weights=weight2 * self.n_char[ids], minlength=n_docs)
        word_norm2 = np.bincount(doc, weights=weight2 * self.n_word[ids], minlength=n_docs)
        if self.bigrams:
            pair = np.flatnonzero(doc[:-1] == doc[1:])
            left, right = ids[pair], ids[pair + 1]
            h = self.last_hash[left] * self.first_mul[right] + self.first_hash[right]
            h ^= _U64(_SALT_WORD + 2)
            h = _mix(h)
            cols = (h >> _U64(64 - cfg.n_features_log2)).astype(np.int32)
            vals = weight[pair].copy()
            if cfg.alternate_sign:
                np.negative(vals, out=vals, where=(h & _U64(1)).astype(bool))
            bigram = sp.csr_matrix((vals, cols, np.searchsorted(doc[pair], np.arange(n_docs + 1))),
                                   shape=(n_docs, cfg.n_features))
            word += bigram @ self.w
            word_norm2 += np.bincount(doc[pair], weights=np.square(vals, dtype=np.float64), minlength=n_docs)
        out = np.zeros((n_docs, n_cls), dtype=np.float32)
        for block, norm2, block_weight in ((char, char_norm2, cfg.char_weight), (word, word_norm2, cfg.word_weight)):
            nz = norm2 > 0
            if block_weight > 0 and nz.any():
                out[nz] += block[nz] * (block_weight / np.sqrt(norm2[nz]))[:, None].astype(np.float32)
        if self.word_scores is not None:  # the mean of the known words' scores, as `word_mean`
            known = np.bincount(doc, weights=weight * self.n_known[ids], minlength=n_docs)
            nz = known > 0
            out[nz] += sums[nz, 2 * n_cls :] / known[nz, None].astype(np.float32)
        latin = np.bincount(doc, weights=self.latin[ids], minlength=n_docs)
        scripts = _script_ids(latin + np.bincount(doc, weights=self.arabic_minus_latin[ids], minlength=n_docs), latin)
        if cfg.script_weight > 0:
            has = scripts > 0
            out[has] += cfg.script_weight * self.w[_SCRIPT_BUCKETS[cfg.n_features_log2][scripts[has] - 1]]
        return out, np.diff(indptr) > 0, scripts


def _word_hashes(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(H(word), len(word)) of each word, H as in `_hash_entries`: sum of (code + 1) * B**(len - 1 - j)."""
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
    fwd, inv = _powers(len(codes) + 1)
    prefix = np.zeros(len(codes) + 1, dtype=_U64)
    np.cumsum((codes.astype(_U64) + _U64(1)) * inv[: len(codes)], out=prefix[1:])
    prefix[1:] *= fwd[: len(codes)]
    ends = np.cumsum(lengths)
    return prefix[ends] - prefix[ends - lengths] * fwd[lengths], lengths


class _ScriptBuckets(dict):
    """n_features_log2 -> buckets of the "ar" and "latin" indicator features."""

    def __missing__(self, bits: int) -> np.ndarray:
        h = _mix(np.array([0x5C1A7A8B0000_0001, 0x5C1A7A8B0000_0002], dtype=_U64))
        value = (h >> _U64(64 - bits)).astype(np.int32)
        self[bits] = value
        return value


_SCRIPT_BUCKETS = _ScriptBuckets()


def document_scripts(titles: Sequence[str], bodies: Sequence[str], config: FeatureConfig) -> list[str]:
    """Script of each document ("ar", "latin" or "none"), as the model sees it."""
    return [SCRIPTS[i] for i in _featurize(titles, bodies, config)[2]]


def feature_matrix(
    titles: Sequence[str], bodies: Sequence[str], config: FeatureConfig, return_scripts: bool = False
):
    """Canonical CSR feature matrix (duplicates summed), for training; optionally also script names."""
    blocks, _, scripts = _featurize(titles, bodies, config)
    x = blocks[0]
    for other in blocks[1:]:
        x = x + other
    x = sp.csr_matrix(x, dtype=np.float32)
    x.sum_duplicates()
    x.sort_indices()
    if return_scripts:
        return x, [SCRIPTS[i] for i in scripts]
    return x


def word_mean(
    titles: Sequence[str], bodies: Sequence[str], config: FeatureConfig, index: dict[str, int], table: np.ndarray
) -> np.ndarray:
    """(n_docs, table columns): per document, the mean of `table[index[word]]` over its normalised words
    that `index` holds, title words weighted `config.title_weight`; zeros when it holds none.

    With word vectors as `table` this is the word-vector block of training; with the model's word scores
    it is that block's contribution to the class scores."""
    out = np.zeros((len(titles), table.shape[1]), dtype=np.float32)
    for d, (title, body) in enumerate(zip(titles, bodies)):
        ids = [index[w] for w in normalize_text((title or "")[: config.max_title_chars]).split() if w in index]
        n_title = len(ids)
        ids += [index[w] for w in normalize_text((body or "")[: config.max_body_chars]).split() if w in index]
        if ids:
            weights = np.ones(len(ids), dtype=np.float32)
            weights[:n_title] = config.title_weight
            out[d] = weights @ table[ids] / weights.sum()
    return out


# --------------------------------------------------------------------------------------------------
# Model.


@dataclass(frozen=True)
class TopicPrediction:
    code: str | None  # IPTC qcode like "medtop:11000000"; None below min_score or for empty text
    label: str | None  # English IPTC label
    score: float  # calibrated probability of the top class (0.0 for empty text)
    candidates: tuple[tuple[str, float], ...]  # top 3 (code, prob), best first; () for empty text


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


@dataclass
class TopicModel:
    """Linear topic classifier over hashed features; see the module docstring."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, n_features) float32
    intercept: np.ndarray  # (n_classes,) float32
    feature_config: FeatureConfig = field(default_factory=FeatureConfig)
    temperature: float = 1.0
    labels_en: dict[str, str] = field(default_factory=dict)
    labels_ar: dict[str, str] = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    weight_dtype: str = "int8"
    #: scripts each class was trained on ("ar", "latin"); a class is only predicted for documents in one
    #: of its scripts (a class with no training data in a script has no evidence there). Empty = no mask.
    class_scripts: dict[str, list[str]] = field(default_factory=dict)
    #: words of the word-vector block and their class scores (len(words), n_classes): the block's weights
    #: times each word's vector, scaled by `feature_config.embedding_weight`; none without word vectors
    words: tuple[str, ...] = ()
    word_scores: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.coef = np.asarray(self.coef, dtype=np.float32)
        self.intercept = np.asarray(self.intercept, dtype=np.float32).reshape(-1)
        if self.coef.shape != (len(self.classes), self.feature_config.n_features):
            raise ValueError(f"coef shape {self.coef.shape} does not match classes/features")
        self.words = tuple(self.words)
        if self.word_scores is not None:
            self.word_scores = np.asarray(self.word_scores, dtype=np.float32)
            if self.word_scores.shape != (len(self.words), len(self.classes)):
                raise ValueError(f"word_scores shape {self.word_scores.shape} does not match words/classes")
        self._word_index = {word: i for i, word in enumerate(self.words)}
        # (n_features, n_classes) C-contiguous: the sparse product gathers one row per n-gram.
        self._w = np.ascontiguousarray(self.coef.T)
        self._mask = script_mask(self.classes, self.class_scripts)
        self._start_scorer()

    def _start_scorer(self) -> None:
        self._scorer = (
            _TokenScorer(self.feature_config, self._w, self._word_index, self.word_scores)
            if self.feature_config.word_ngram_range[1] <= 2
            else None
        )
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        # the token table is a cache and the lock cannot be pickled: both start afresh after unpickling
        return {k: v for k, v in self.__dict__.items() if k not in ("_scorer", "_lock")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._start_scorer()

    # ---- scoring
    def decision_function(self, titles: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        """Raw linear scores (n_docs, n_classes)."""
        return self._scores(titles, bodies)[0]

    def _scores(self, titles: Sequence[str], bodies: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Linear scores with -inf for classes not trained on the document's script; nonempty mask."""
        if len(titles) != len(bodies):
            raise ValueError(f"{len(titles)} titles but {len(bodies)} bodies")
        lead_weight = self.feature_config.lead_weight
        if self._scorer is not None:
            with self._lock:
                scores, nonempty, scripts = self._scorer.scores(titles, bodies, with_leads=lead_weight > 0)
            scores += self.intercept
            if lead_weight > 0:
                n_docs = len(titles)
                scores = scores[:n_docs] + lead_weight * scores[n_docs:]
                nonempty, scripts = nonempty[:n_docs], scripts[:n_docs]
        else:
            scores, nonempty, scripts = self._reference_scores(titles, bodies)
        scores[~self._mask[scripts]] = -np.inf
        return scores, nonempty

    def _reference_scores(self, titles: Sequence[str], bodies: Sequence[str]) -> tuple:
        """Scores with the intercept and lead scores from `featurize`'s matrices (what training sees),
        nonempty mask and scripts."""
        scores, nonempty, scripts = self._reference_linear_scores(titles, bodies)
        if self.feature_config.lead_weight > 0:
            lead_scores = self._reference_linear_scores(titles, leads(bodies, self.feature_config))[0]
            scores += self.feature_config.lead_weight * lead_scores
        return scores, nonempty, scripts

    def _reference_linear_scores(self, titles: Sequence[str], bodies: Sequence[str]) -> tuple:
        blocks, nonempty, scripts = _featurize(titles, bodies, self.feature_config)
        scores = np.zeros((len(titles), len(self.classes)), dtype=np.float32)
        for x in blocks:
            scores += x @ self._w
        if self.word_scores is not None:
            scores += word_mean(titles, bodies, self.feature_config, self._word_index, self.word_scores)
        return scores + self.intercept, nonempty, scripts

    def predict_proba(self, titles: Sequence[str], bodies: Sequence[str], batch_size: int = 512) -> np.ndarray:
        """Calibrated class probabilities (n_docs, n_classes), columns in `classes` order."""
        return self._proba(titles, bodies, batch_size)[0]

    def _proba(self, titles, bodies, batch_size: int = 512) -> tuple[np.ndarray, np.ndarray]:
        titles, bodies = list(titles), list(bodies)
        if len(titles) != len(bodies):
            raise ValueError(f"{len(titles)} titles but {len(bodies)} bodies")
        out = np.zeros((len(titles), len(self.classes)), dtype=np.float64)
        nonempty = np.zeros(len(titles), dtype=bool)
        for i in range(0, len(titles), batch_size):
            z, ne = self._scores(titles[i : i + batch_size], bodies[i : i + batch_size])
            probs = _softmax(z.astype(np.float64) / self.temperature)
            probs[~np.isfinite(z)] = 0.0
            out[i : i + batch_size] = probs
            nonempty[i : i + batch_size] = ne
        return out, nonempty

    def predict(
        self,
        titles: Sequence[str],
        bodies: Sequence[str],
        min_score: float = DEFAULT_MIN_SCORE,
    ) -> list[TopicPrediction]:
        """One prediction per (title, body). Empty text -> code None, score 0.0, no candidates."""
        titles = ["" if t is None else str(t) for t in titles]
        bodies = ["" if b is None else str(b) for b in bodies]
        probs, nonempty = self._proba(titles, bodies)
        top_k = min(3, len(self.classes))
        order = np.argsort(-probs, axis=1, kind="stable")[:, :top_k]
        results: list[TopicPrediction] = []
        empty = _EMPTY_PREDICTION
        for i in range(len(titles)):
            if not nonempty[i]:
                results.append(empty)
                continue
            cands = tuple((self.classes[j], round(float(probs[i, j]), 6)) for j in order[i])
            best_code, best_score = cands[0]
            if best_score >= min_score:
                results.append(
                    TopicPrediction(best_code, self.labels_en.get(best_code), best_score, cands)
                )
            else:
                results.append(TopicPrediction(None, None, best_score, cands))
        return results

    # ---- persistence
    def save(self, path: str | os.PathLike) -> None:
        """Write model.npz (weights) and metadata.json into directory `path` (created if needed)."""
        path = pathlib.Path(path)
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {"intercept": self.intercept.astype(np.float32)}
        if self.weight_dtype == "int8":
            scale = np.abs(self.coef).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            arrays["coef"] = np.rint(self.coef / scale[:, None]).astype(np.int8)
            arrays["coef_scale"] = scale.astype(np.float32)
        elif self.weight_dtype in ("float16", "float32"):
            arrays["coef"] = self.coef.astype(self.weight_dtype)
        else:
            raise ValueError(f"unknown weight_dtype {self.weight_dtype!r}")
        if self.word_scores is not None:
            arrays["word_scores"] = self.word_scores.astype(np.float16)
            arrays["words"] = np.frombuffer("\n".join(self.words).encode("utf-8"), dtype=np.uint8)
        tmp = path / (_WEIGHTS_FILE + ".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        os.replace(tmp, path / _WEIGHTS_FILE)
        meta = dict(self.metadata)
        meta.update(
            {
                "format_version": MODEL_FORMAT_VERSION,
                "classes": list(self.classes),
                "temperature": self.temperature,
                "weight_dtype": self.weight_dtype,
                "feature_config": self.feature_config.to_json(),
                "iptc_labels_en": {k: self.labels_en[k] for k in sorted(self.labels_en)},
                "iptc_labels_ar": {k: self.labels_ar[k] for k in sorted(self.labels_ar)},
                "class_scripts": {k: list(v) for k, v in self.class_scripts.items()},
            }
        )
        (path / _METADATA_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "TopicModel":
        """Load a model directory; None -> the model shipped in the package (SHIPPED_MODEL_DIR)."""
        path = SHIPPED_MODEL_DIR if path is None else pathlib.Path(path)
        meta = json.loads((path / _METADATA_FILE).read_text(encoding="utf-8"))
        if meta.get("format_version") not in READABLE_FORMAT_VERSIONS:
            raise ValueError(f"unsupported topic model format {meta.get('format_version')!r} in {path}")
        words, word_scores = (), None
        with np.load(path / _WEIGHTS_FILE, allow_pickle=False) as data:
            coef = data["coef"].astype(np.float32)
            if "coef_scale" in data:
                coef *= data["coef_scale"].astype(np.float32)[:, None]
            intercept = data["intercept"].astype(np.float32)
            if "word_scores" in data:
                word_scores = data["word_scores"].astype(np.float32)
                words = tuple(data["words"].tobytes().decode("utf-8").split("\n")) if len(word_scores) else ()
        reserved = {
            "format_version", "classes", "temperature", "weight_dtype", "feature_config",
            "iptc_labels_en", "iptc_labels_ar", "class_scripts",
        }
        return cls(
            classes=tuple(meta["classes"]),
            coef=coef,
            intercept=intercept,
            feature_config=FeatureConfig.from_json(meta["feature_config"]),
            temperature=float(meta["temperature"]),
            labels_en=dict(meta.get("iptc_labels_en", {})),
            labels_ar=dict(meta.get("iptc_labels_ar", {})),
            metadata={k: v for k, v in meta.items() if k not in reserved},
            weight_dtype=meta.get("weight_dtype", "float32"),
            class_scripts={k: list(v) for k, v in meta.get("class_scripts", {}).items()},
            words=words,
            word_scores=word_scores,
        )

    def quantized(self) -> "TopicModel":
        """A copy whose weights went through the save/load quantisation (what a loaded model scores with)."""
        if self.weight_dtype == "int8":
            scale = np.abs(self.coef).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            coef = np.rint(self.coef / scale[:, None]).astype(np.int8).astype(np.float32) * scale.astype(
                np.float32
            )[:, None]
        else:
            coef = self.coef.astype(self.weight_dtype).astype(np.float32)
        return TopicModel(
            classes=self.classes, coef=coef, intercept=self.intercept, feature_config=self.feature_config,
            temperature=self.temperature, labels_en=self.labels_en, labels_ar=self.labels_ar,
            metadata=self.metadata, weight_dtype=self.weight_dtype, class_scripts=self.class_scripts,
            words=self.words,
            word_scores=None if self.word_scores is None else self.word_scores.astype(np.float16),
        )


def script_mask(classes: Sequence[str], class_scripts: dict[str, Sequence[str]]) -> np.ndarray:
    """(len(SCRIPTS), n_classes) bool: may class j be predicted for a document of script i."""
    mask = np.ones((len(SCRIPTS), len(classes)), dtype=bool)
    if class_scripts:
        for j, code in enumerate(classes):
            allowed = class_scripts.get(code)
            if allowed is None:
                continue
            for i, script in enumerate(SCRIPTS[1:], start=1):
                mask[i, j] = script in allowed
        for i in range(1, len(SCRIPTS)):
            if not mask[i].any():  # never mask everything
                mask[i] = True
    return mask


_EMPTY_PREDICTION = TopicPrediction(code=None, label=None, score=0.0, candidates=())


def train_model(examples: Iterable[tuple[str, str, str]], **kwargs) -> TopicModel:
    """Train a model from (title, body, iptc_code) triples. See `topic_training.train_model`."""
    from transforms.text.topic_training import train_model as _train

    return _train(examples, **kwargs)


__all__ = [
    "DEFAULT_MIN_SCORE",
    "SHIPPED_MODEL_DIR",
    "FeatureConfig",
    "TopicModel",
    "TopicPrediction",
    "feature_matrix",
    "featurize",
    "normalize_text",
    "train_model",
]


SKLEARN_MODEL_FILE = "sklearn_model.joblib"
ONNX_MODEL_FILE = "model.onnx"
LABELS_FILE = "labels.json"
SKLEARN_LABELS_FILE = LABELS_FILE


def _class_codes(path: pathlib.Path, class_labels: Sequence, label_map: dict) -> tuple[str, ...]:
    """IPTC qcode of each class label through labels.json; every class must map to a top-level qcode."""
    labels_en = TopicModel.load().labels_en
    codes = []
    for label in class_labels:
        code = label_map.get(str(label))
        if code not in labels_en:
            raise ValueError(f"{path / LABELS_FILE}: class {label!r} maps to {code!r}, not an IPTC top-level qcode")
        codes.append(code)
    return tuple(codes)


def _predictions(
    texts: list[str], proba, class_codes: Sequence[str], labels_en: dict[str, str], min_score: float
) -> list[TopicPrediction]:
    """Predictions from `proba(non-empty texts) -> (n, n_classes)` probabilities; empty text -> no topic."""
    nonempty = [bool(text.strip()) for text in texts]
    probabilities = proba([t for t, keep in zip(texts, nonempty) if keep]) if any(nonempty) else []
    results, rows = [], iter(probabilities)
    for keep in nonempty:
        if not keep:
            results.append(_EMPTY_PREDICTION)
            continue
        row = np.asarray(next(rows), dtype=np.float64)
        order = np.argsort(-row, kind="stable")[:3]
        candidates = tuple((class_codes[j], round(float(row[j]), 6)) for j in order)
        best, score = candidates[0]
        results.append(
            TopicPrediction(best, labels_en.get(best), score, candidates)
            if score >= min_score
            else TopicPrediction(None, None, score, candidates)
        )
    return results


@dataclass
class SklearnTopicModel:
    """A scikit-learn text classifier brought by the user: any fitted estimator or Pipeline whose
    `predict_proba` takes raw strings ("title\nbody"), with `labels.json` mapping each of its
    `classes_` to an IPTC top-level qcode. joblib files are pickles: load only models you trust."""

    estimator: object
    class_codes: tuple[str, ...]
    labels_en: dict[str, str]

    @classmethod
    def load(cls, path: str | os.PathLike) -> "SklearnTopicModel":
        import joblib

        path = pathlib.Path(path)
        estimator = joblib.load(path / SKLEARN_MODEL_FILE)
        label_map = json.loads((path / LABELS_FILE).read_text(encoding="utf-8"))
        return cls(estimator, _class_codes(path, estimator.classes_, label_map), TopicModel.load().labels_en)

    def predict(self, titles: Sequence[str], bodies: Sequence[str], min_score: float = DEFAULT_MIN_SCORE) -> list[TopicPrediction]:
        texts = [f"{title or ''}\n{body or ''}" for title, body in zip(titles, bodies)]
        return _predictions(texts, self.estimator.predict_proba, self.class_codes, self.labels_en, min_score)


@dataclass
class OnnxTopicModel:
    """An ONNX text classifier brought by the user (run with onnxruntime, an optional dependency).

    The directory holds `model.onnx` and `labels.json` ({class label: IPTC top-level qcode}). The model's
    first input is a string tensor of texts, "title\nbody", shaped [N] or [N, 1]; this is what skl2onnx
    makes of a scikit-learn text pipeline (e.g. TfidfVectorizer + LogisticRegression converted with
    `initial_types=[("text", StringTensorType([None, 1]))]`). Probabilities are the model's last output:
    either a sequence of {class label: probability} maps (skl2onnx's default ZipMap), or an [N, n_classes]
    float tensor whose columns are the classes in the order of the keys of labels.json.
    """

    session: object
    label_map: dict[str, str]  # class label -> qcode, in labels.json order
    class_codes: tuple[str, ...]
    labels_en: dict[str, str]

    @classmethod
    def load(cls, path: str | os.PathLike) -> "OnnxTopicModel":
        try:
            import onnxruntime
        except ImportError as error:
            raise ImportError(
                f"{path}: an ONNX topic model needs onnxruntime, which is not installed (pip install onnxruntime)"
            ) from error
        path = pathlib.Path(path)
        label_map = {str(k): v for k, v in json.loads((path / LABELS_FILE).read_text(encoding="utf-8")).items()}
        codes = _class_codes(path, list(label_map), label_map)
        session = onnxruntime.InferenceSession(str(path / ONNX_MODEL_FILE), providers=["CPUExecutionProvider"])
        return cls(session, label_map, codes, TopicModel.load().labels_en)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """(len(texts), n_classes) probabilities, columns in labels.json order."""
        model_input = self.session.get_inputs()[0]
        batch = np.array(texts, dtype=object)
        if len(model_input.shape) == 2:
            batch = batch.reshape(-1, 1)
        output = self.session.run(None, {model_input.name: batch})[-1]
        if isinstance(output, np.ndarray):
            if output.shape[1:] != (len(self.label_map),):
                raise ValueError(f"ONNX topic model gives {output.shape[1:]} probabilities per text, "
                                 f"labels.json has {len(self.label_map)} classes")
            return output.astype(np.float64)
        rows = [{str(k): v for k, v in row.items()} for row in output]  # ZipMap: one map per text
        if rows and set(rows[0]) != set(self.label_map):
            raise ValueError(f"ONNX topic model classes {sorted(rows[0])} differ from labels.json {sorted(self.label_map)}")
        return np.array([[row[k] for k in self.label_map] for row in rows], dtype=np.float64)

    def predict(self, titles: Sequence[str], bodies: Sequence[str], min_score: float = DEFAULT_MIN_SCORE) -> list[TopicPrediction]:
        texts = [f"{title or ''}\n{body or ''}" for title, body in zip(titles, bodies)]
        return _predictions(texts, self.predict_proba, self.class_codes, self.labels_en, min_score)


def load_topic_model(path: str | os.PathLike | None = None) -> "TopicModel | SklearnTopicModel | OnnxTopicModel":
    """The model in `path`: newsbeam's own (`model.npz`), an ONNX one (`model.onnx`) or a scikit-learn one
    (`sklearn_model.joblib`), each of the last two with `labels.json`; None -> the shipped model."""
    if path is not None and (pathlib.Path(path) / ONNX_MODEL_FILE).exists():
        return OnnxTopicModel.load(path)
    if path is not None and (pathlib.Path(path) / SKLEARN_MODEL_FILE).exists():
        return SklearnTopicModel.load(path)
    return TopicModel.load(path)
