"""The vocabulary of the line rules beyond the phrase lists: stop words, captions, calls to action,
comment and list headings. Loaded once per process (worker) from `lexicons/lines.json` and
`lexicons/stopwords.json`; every entry is normalised like the text it is matched against.
A language is added by adding its block to those files.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re

from transforms.text.lexicons import LEXICON_DIR
from transforms.text.normalize import normalize_for_matching

_DIGIT_RUN = re.compile(r"\d+")


def numbers_as_zero(normalized: str) -> str:
    """'12 comments' -> '0 comments': vocabulary and templates match whatever the number."""
    return _DIGIT_RUN.sub("0", normalized)


@dataclasses.dataclass(frozen=True)
class LineVocabulary:
    stop_words_by_language: dict[str, frozenset[str]]
    caption_labels: frozenset[str]
    photo_credits: frozenset[str]
    cta: re.Pattern
    comment_headings: frozenset[str]
    list_headings: frozenset[str]


def _read(name: str) -> dict:
    with open(LEXICON_DIR / name, encoding="utf-8") as handle:
        return {key: value for key, value in json.load(handle).items() if not key.startswith("_")}


def _merged(blocks: dict, key: str) -> frozenset[str]:
    """Every language's entries under `key`, normalised; '#' in an entry stands for any number."""
    values = (normalize_for_matching(v.replace("#", "0")) for block in blocks.values() for v in block.get(key, ()))
    return frozenset(numbers_as_zero(v) for v in values if v)


def _phrase_pattern(phrases: frozenset[str]) -> re.Pattern:
    """One alternation matching any phrase as whole words of normalised text, longest first."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@functools.lru_cache(maxsize=None)
def line_vocabulary() -> LineVocabulary:
    blocks = _read("lines.json")
    stop_words = {language: frozenset(map(normalize_for_matching, words)) for language, words in _read("stopwords.json").items()}
    return LineVocabulary(
        stop_words_by_language=stop_words,
        caption_labels=_merged(blocks, "caption_labels"),
        photo_credits=_merged(blocks, "photo_credits"),
        cta=_phrase_pattern(_merged(blocks, "cta_phrases")),
        comment_headings=_merged(blocks, "comment_headings"),
        list_headings=_merged(blocks, "list_headings"),
    )


def stop_word_share(words: list[str]) -> float:
    """The share of `words` (normalised) that are stop words, in the language that explains most of them."""
    if not words:
        return 0.0
    best = max(sum(1 for word in words if word in stop_words) for stop_words in line_vocabulary().stop_words_by_language.values())
    return best / len(words)
