"""Source attribution from page text, and the partition slug of a source.

Attribution lines look like "المصدر: البوابة نيوز", "Source: Harbour Ledger", an agency byline
such as "وكالات- كتابات:" or "عدن تايم/سكاي نيوز", or a quoted outlet name after a section word
("السياسية “جدار نيوز”"). Generic parts ("وكالات", "agencies", "staff") are not a source.

Slugs are lower-case ASCII `[a-z0-9.-]`: safe in any file system, object store and warehouse.
Arabic names are transliterated letter by letter with a fixed table, so one outlet always gets
the same slug; `source_name` keeps the display form.
"""

from __future__ import annotations

import re
import unicodedata

from transforms.text.lexicons import line_lexicon
from transforms.text.normalize import normalize_arabic, normalize_for_matching, strip_accents

UNKNOWN_SOURCE = "unknown"
MAX_SOURCE_WORDS = 6

_TRANSLITERATION = str.maketrans(
    {
        "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
        "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a",
        "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
        "ي": "y", "ء": "", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
    }
)

_QUOTED = re.compile(r"[\"“”«»„'‘’]\s*([^\"“”«»„'‘’]{2,60}?)\s*[\"“”«»„'‘’]")
_PART_SEPARATORS = re.compile(r"\s*[/|\-–—:،,]\s*")
_BY_PREFIX = re.compile(r"^\s*(by|par)\s+", re.IGNORECASE)


def slugify_source(name: str | None) -> str:
    """A stable partition value for a source name or domain; `unknown` when there is none."""
    if not name:
        return UNKNOWN_SOURCE
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^www\.", "", text).split("/")[0] if re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text) else text
    text = strip_accents(normalize_arabic(text)).translate(_TRANSLITERATION)
    text = text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9.]+", "-", text).strip("-.")
    return slug or UNKNOWN_SOURCE


def _is_generic(part: str) -> bool:
    words = normalize_for_matching(part).split()
    return not words or all(word in line_lexicon().media_words for word in words)


def _clean_name(name: str) -> str | None:
    name = name.strip().strip(".:،,-–—")
    name = re.sub(r"\s+", " ", name).strip()
    if not name or len(name.split()) > MAX_SOURCE_WORDS:
        return None
    return name


def source_from_label(line: str) -> str | None:
    """"المصدر: X" / "Source: X" -> X."""
    normalized = normalize_for_matching(line)
    for label in line_lexicon().source_labels:
        if normalized.startswith(label + " "):
            separator = re.search(r"[:：\-–]", line)
            if separator is None:
                return None
            return _clean_name(line[separator.end():])
    return None


def has_media_word(line: str) -> bool:
    media = line_lexicon().media_words
    return any(word in media for word in normalize_for_matching(line).split())


def source_from_byline(line: str) -> str | None:
    """The outlet named by a short byline/attribution line, or None."""
    quoted = _QUOTED.search(line)
    if quoted and not _is_generic(quoted.group(1)):
        return _clean_name(quoted.group(1))
    if _BY_PREFIX.match(line):
        parts = [p for p in re.split(r"\s*[,|]\s*", _BY_PREFIX.sub("", line)) if p.strip()]
        return _clean_name(parts[-1]) if len(parts) > 1 and not _is_generic(parts[-1]) else None
    parts = [p for p in _PART_SEPARATORS.split(line) if p.strip()]
    for part in parts:
        if not _is_generic(part):
            return _clean_name(part)
    return None
