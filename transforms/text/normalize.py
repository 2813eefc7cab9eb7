"""Arabic and Latin text normalisation for keys and matching (never for output text).

`normalize_for_matching` folds the differences that do not change what a headline or a line
says: Arabic diacritics and tatweel, alef/hamza forms, alif maqsura, ta marbuta, Persian
letter forms, Arabic-Indic and Persian digits, quotes and punctuation, case, accents and
whitespace. Two lines that are "the same text" to a reader compare equal after it.
"""

from __future__ import annotations

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


def normalize_for_matching(text: str) -> str:
    """A matching key: folded letters and digits, lower case, punctuation as single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = normalize_arabic(fold_digits(text))
    text = strip_accents(text).casefold()
    return _NON_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The words of a text after matching normalisation."""
    normalized = normalize_for_matching(text)
    return normalized.split() if normalized else []
