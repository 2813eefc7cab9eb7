"""Topic classifier runtime: IPTC Media Topics top-level code for a news article (title + body).

Plain Python + numpy/scipy, no Beam import. The model is a linear classifier over hashed features of the
matching-normalised text (`transforms.text.normalize.normalize_for_matching`):

* character n-grams inside word boundaries (like scikit-learn's ``char_wb``), and
* word unigrams and bigrams,

each block L2-normalised (approximately: the norm treats repeated n-grams as distinct, which lets the
features be computed without sorting), title n-grams weighted up. Probabilities are a softmax of the
linear scores with a temperature fitted on held-out publishers.

The feature hashing is implemented here with numpy (a polynomial rolling hash mixed with splitmix64), so
that a whole batch is vectorised at once and the bucket of an n-gram is the same on every platform and
Python version (no dependency on ``PYTHONHASHSEED`` or on a library's hash function). Training
(`transforms.text.topic_training`) uses the same `featurize` function, so train and serve cannot drift.

Files of a model directory (no pickle):

* ``model.npz``: ``coef`` (n_classes x n_features, int8 quantised or float16/float32), ``coef_scale``
  (per class, for int8), ``intercept`` (float32).
* ``metadata.json``: feature configuration, class codes, temperature, IPTC labels (code -> English /
  Arabic label, CC BY 4.0 (c) IPTC), training summary and validation scores.
"""

from __future__ import annotations

import json
import os
import pathlib
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from transforms.text.normalize import normalize_words

SHIPPED_MODEL_DIR: pathlib.Path = pathlib.Path(__file__).resolve().parent.parent / "models" / "topic"
DEFAULT_MIN_SCORE: float = 0.4
MODEL_FORMAT_VERSION = 1
_WEIGHTS_FILE = "model.npz"
_METADATA_FILE = "metadata.json"

normalize_text = normalize_words  # the classifier reads matching-normalised text, word by word


# --------------------------------------------------------------------------------------------------
# Feature hashing.


@dataclass(frozen=True)
class FeatureConfig:
    """How text becomes a hashed feature vector. Stored in the model metadata."""

    n_features_log2: int = 18
    char_ngram_range: tuple[int, int] = (2, 4)
    word_ngram_range: tuple[int, int] = (1, 2)
    char_weight: float = 1.0
    word_weight: float = 1.0
    title_weight: float = 3.0
    max_title_chars: int = 300
    max_body_chars: int = 2000
    alternate_sign: bool = True
    #: weight of a per-script indicator feature ("ar" / "latin"), i.e. a per-script intercept
    script_weight: float = 1.0

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
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
    nonempty = lengths > 1
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

    # Script of each document: Arabic letters vs Latin letters (text is normalised: lower case, no accents).
    arabic = np.bincount(doc_of, weights=((codes >= 0x0620) & (codes <= 0x06FF)), minlength=n_docs)
    latin = np.bincount(doc_of, weights=((codes >= 97) & (codes <= 122)), minlength=n_docs)
    scripts = np.where(arabic > latin, 1, np.where(latin > 0, 2, 0)).astype(np.int8)

    blocks: list[sp.csr_matrix] = []
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
        h ^= _U64((salt ^ (length * 0x9E3779B97F4A7C15)) & 0xFFFFFFFFFFFFFFFF)
        return finish(h, doc_of[:m][ok], pos_weight[:m][ok])

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
    block(char_parts, config.char_weight)

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

    def __post_init__(self) -> None:
        self.coef = np.asarray(self.coef, dtype=np.float32)
        self.intercept = np.asarray(self.intercept, dtype=np.float32).reshape(-1)
        if self.coef.shape != (len(self.classes), self.feature_config.n_features):
            raise ValueError(f"coef shape {self.coef.shape} does not match classes/features")
        # (n_features, n_classes) C-contiguous: the sparse product gathers one row per n-gram.
        self._w = np.ascontiguousarray(self.coef.T)
        self._mask = script_mask(self.classes, self.class_scripts)

    # ---- scoring
    def decision_function(self, titles: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        """Raw linear scores (n_docs, n_classes)."""
        return self._scores(titles, bodies)[0]

    def _scores(self, titles: Sequence[str], bodies: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Linear scores with -inf for classes not trained on the document's script; nonempty mask."""
        blocks, nonempty, scripts = _featurize(titles, bodies, self.feature_config)
        scores = np.zeros((len(titles), len(self.classes)), dtype=np.float32)
        for x in blocks:
            scores += x @ self._w
        scores += self.intercept
        scores[~self._mask[scripts]] = -np.inf
        return scores, nonempty

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
        if meta.get("format_version") != MODEL_FORMAT_VERSION:
            raise ValueError(f"unsupported topic model format {meta.get('format_version')!r} in {path}")
        with np.load(path / _WEIGHTS_FILE, allow_pickle=False) as data:
            coef = data["coef"].astype(np.float32)
            if "coef_scale" in data:
                coef *= data["coef_scale"].astype(np.float32)[:, None]
            intercept = data["intercept"].astype(np.float32)
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
SKLEARN_LABELS_FILE = "labels.json"


@dataclass
class SklearnTopicModel:
    """A scikit-learn text classifier brought by the user: any fitted estimator or Pipeline whose
    `predict_proba` takes raw strings ("title\\nbody"), with `labels.json` mapping each of its
    `classes_` to an IPTC top-level qcode. joblib files are pickles: load only models you trust."""

    estimator: object
    class_codes: tuple[str, ...]
    labels_en: dict[str, str]

    @classmethod
    def load(cls, path: str | os.PathLike) -> "SklearnTopicModel":
        import joblib

        path = pathlib.Path(path)
        estimator = joblib.load(path / SKLEARN_MODEL_FILE)
        label_map = json.loads((path / SKLEARN_LABELS_FILE).read_text(encoding="utf-8"))
        labels_en = TopicModel.load().labels_en
        codes = []
        for label in estimator.classes_:
            code = label_map.get(str(label))
            if code not in labels_en:
                raise ValueError(f"{path / SKLEARN_LABELS_FILE}: class {label!r} maps to {code!r}, not an IPTC top-level qcode")
            codes.append(code)
        return cls(estimator, tuple(codes), labels_en)

    def predict(self, titles: Sequence[str], bodies: Sequence[str], min_score: float = DEFAULT_MIN_SCORE) -> list[TopicPrediction]:
        texts = [f"{title or ''}\n{body or ''}" for title, body in zip(titles, bodies)]
        nonempty = [bool(text.strip()) for text in texts]
        probabilities = self.estimator.predict_proba([t for t, keep in zip(texts, nonempty) if keep]) if any(nonempty) else []
        results, rows = [], iter(probabilities)
        for keep in nonempty:
            if not keep:
                results.append(_EMPTY_PREDICTION)
                continue
            row = next(rows)
            order = np.argsort(-row, kind="stable")[:3]
            candidates = tuple((self.class_codes[j], round(float(row[j]), 6)) for j in order)
            best, score = candidates[0]
            results.append(
                TopicPrediction(best, self.labels_en.get(best), score, candidates)
                if score >= min_score
                else TopicPrediction(None, None, score, candidates)
            )
        return results


def load_topic_model(path: str | os.PathLike | None = None) -> TopicModel | SklearnTopicModel:
    """The model in `path`: newsbeam's own (`model.npz`), or a scikit-learn one (`sklearn_model.joblib`);
    None -> the shipped model."""
    if path is not None and (pathlib.Path(path) / SKLEARN_MODEL_FILE).exists():
        return SklearnTopicModel.load(path)
    return TopicModel.load(path)
