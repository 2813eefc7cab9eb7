"""Arabic and Latin text normalisation for keys and matching (never for output text).

`normalize_for_matching` folds the differences that do not change what a headline or a line
says: Arabic diacritics and tatweel, alef/hamza forms, alif maqsura, ta marbuta, Persian
letter forms, Arabic-Indic and Persian digits, quotes and punctuation, case, accents and
whitespace. Two lines that are "the same text" to a reader compare equal after it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"

_LETTER_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",  # Persian kaf
        "ی": "ي",  # Persian ya
        "ھ": "ه",  # heh doachashmee, common in copy-pasted Arabic
        "ە": "ه",
    }
)

_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "01234567890123456789",
)

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits."""
    return text.translate(_DIGITS)


_COMBINING_ACCENTS = re.compile("[\u0300-\u036f]")


def strip_accents(text: str) -> str:
    """Latin accents removed (é -> e); Arabic letters are left as they are."""
    if text.isascii():
        return text
    return _COMBINING_ACCENTS.sub("", unicodedata.normalize("NFD", text))


def normalize_arabic(text: str) -> str:
    """Diacritics and tatweel removed, letter variants folded to one form."""
    text = _ARABIC_DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_LETTER_FOLDS)


# fold_digits + normalize_arabic as one table: one pass over the text instead of four (this
# function runs on every line of every document, so it is worth a measured 2x).
_DIACRITIC_CODEPOINTS = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]
_MATCHING_TABLE = {
    **_DIGITS,
    **_LETTER_FOLDS,
    ord(_TATWEEL): None,
    **{codepoint: None for codepoint in _DIACRITIC_CODEPOINTS},
}
_LATIN_ACCENTS = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]")
# The table's one-character folds apart from the diacritics: no fold yields a character another
# folds, so replacing them one after the other is the table. `str.replace` of the few present is
# faster than `str.translate` on Arabic text.
_SINGLE_FOLDS = tuple(
    (chr(source), chr(target) if isinstance(target, int) else target or "")
    for source, target in _MATCHING_TABLE.items()
    if source not in _DIACRITIC_CODEPOINTS
)


def fold_arabic_and_digits(text: str) -> str:
    """`normalize_arabic(fold_digits(text))`: `text.translate(_MATCHING_TABLE)`, done as in
    `normalize_for_matching` (a table lookup per character is slower on long Arabic lines)."""
    text = _ARABIC_DIACRITICS.sub("", text)
    for source, target in _SINGLE_FOLDS:
        if source in text:
            text = text.replace(source, target)
    return text


@functools.lru_cache(maxsize=65536)  # a page's lines are normalised by several rules, and templates repeat
def normalize_for_matching(text: str) -> str:
    """A matching key: folded letters and digits, lower case, punctuation as single spaces."""
    if text.isascii():  # NFKC, the table and the accents leave ASCII as it is
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = _ARABIC_DIACRITICS.sub("", unicodedata.normalize("NFKC", text))
    for source, target in _SINGLE_FOLDS:
        if source in text:
            text = text.replace(source, target)
    if _LATIN_ACCENTS.search(text):
        text = _COMBINING_ACCENTS.sub("", unicodedata.normalize("NFD", text))
    return _NON_WORD.sub(" ", text.casefold()).strip()


# Text whose matching form is decided character by character: ASCII, Arabic letters, digits,
# punctuation, tatweel and diacritics (after the table, none decomposes, and none is a Latin accent).
_LOCAL_TEXT = re.compile("[\x00-\x7f\u060c\u061b\u061f\u0610-\u061a\u0621-\u063a\u0640-\u066d\u0670]*")


def normalized_start(text: str, min_chars: int) -> tuple[str, bool]:
    """(start, complete): `normalize_for_matching(text)` is `start` when complete; otherwise it is
    `start` or `start` followed by a space and more, and `start` has at least `min_chars` characters.

    Normalises only the head of a long line when that is exact: the head ends before a space, which
    no character composes with, and holds only characters normalised independently of the rest."""
    cut = text.find(" ", min_chars)
    if cut > 0 and _LOCAL_TEXT.fullmatch(text, 0, cut):
        start = normalize_for_matching.__wrapped__(text[:cut])
        if len(start) >= min_chars:
            return start, False
    return normalize_for_matching(text), True


@functools.lru_cache(maxsize=1 << 14)  # a line's first token: lines start with few distinct words
def _first_token_start(token: str) -> str | None:
    """`normalize_for_matching` of a line's first token when it is a prefix of the whole line's, else None."""
    start, complete = normalized_start(token + " x", 1)
    return None if complete else start


def normalized_first_word(text: str) -> str | None:
    """The first word of `normalize_for_matching(text)`, or None when it is not found cheaply (from
    the first token alone); most callers only need to know that a line does not start with a phrase."""
    cut = text.find(" ", 1)
    if cut <= 0:
        return None
    start = _first_token_start(text[:cut])
    return None if start is None else start.split(" ", 1)[0]


_WORD_CACHE: dict[str, str] = {}
_WORD_CACHE_LIMIT = 200_000


def normalize_words(text: str) -> str:
    """`normalize_for_matching`, computed word by word through a per-process cache: the same words,
    single-spaced. Words repeat, so most are a dict lookup (measured 5x faster on news text)."""
    if not text:
        return ""
    tokens = text.split()
    cache = _WORD_CACHE
    values = list(map(cache.get, tokens))
    if None in values:
        if len(cache) > _WORD_CACHE_LIMIT:
            cache.clear()
        for index, value in enumerate(values):
            if value is None:
                value = values[index] = cache[tokens[index]] = normalize_for_matching(tokens[index])
    return " ".join(filter(None, values))


def words(text: str) -> list[str]:
    """The words of a text after matching normalisation."""
    return normalize_words(text).split()
