"""Phrase lists, month names and other vocabulary, loaded from the JSON files beside this module.

Every entry is normalised with `normalize_for_matching` at load time, so callers compare
normalised text against normalised vocabulary. Loading is cached: once per process (worker).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

from transforms.text.normalize import normalize_for_matching

LEXICON_DIR = Path(__file__).parent


def _load(name: str) -> dict:
    with open(LEXICON_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def _normalized_set(values) -> frozenset[str]:
    return frozenset(v for v in (normalize_for_matching(x) for x in values) if v)


@dataclasses.dataclass(frozen=True)
class LineLexicon:
    exact: frozenset[str]
    prefix: tuple[str, ...]
    updated_labels: tuple[str, ...]
    published_labels: tuple[str, ...]
    source_labels: tuple[str, ...]
    media_words: frozenset[str]
    share_words: frozenset[str]
    nav_words: frozenset[str]


@dataclasses.dataclass(frozen=True)
class DateLexicon:
    months: dict[str, int]
    hijri_months: dict[str, int]
    weekdays: frozenset[str]
    meridiem: dict[str, str]
    timezones: dict[str, str]


def _longest_first(values: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda v: (-len(v), v)))


@functools.lru_cache(maxsize=None)
def line_lexicon() -> LineLexicon:
    """All languages merged: a line is judged by every language's vocabulary."""
    merged: dict[str, set[str]] = {}
    for language, block in _load("lines.json").items():
        if language.startswith("_"):
            continue
        for key, values in block.items():
            merged.setdefault(key, set()).update(values)
    return LineLexicon(
        exact=_normalized_set(merged["exact"]),
        prefix=_longest_first(_normalized_set(merged["prefix"])),
        updated_labels=_longest_first(_normalized_set(merged["updated_labels"])),
        published_labels=_longest_first(_normalized_set(merged["published_labels"])),
        source_labels=_longest_first(_normalized_set(merged["source_labels"])),
        media_words=_normalized_set(merged["media_words"]),
        share_words=_normalized_set(merged["share_words"]),
        nav_words=_normalized_set(merged["nav_words"]),
    )


@functools.lru_cache(maxsize=None)
def date_lexicon() -> DateLexicon:
    data = _load("dates.json")
    return DateLexicon(
        months={normalize_for_matching(k): v for k, v in data["months"].items()},
        hijri_months={normalize_for_matching(k): v for k, v in data["hijri_months"].items()},
        weekdays=_normalized_set(data["weekdays"]),
        meridiem={normalize_for_matching(k): v for k, v in data["meridiem"].items()},
        timezones={normalize_for_matching(k): v for k, v in data["timezones"].items()},
    )
