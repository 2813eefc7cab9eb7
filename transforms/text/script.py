"""Exact script shortcuts for language detection.

Text written almost only in Arabic letters, without any letter that only Persian, Urdu, Kurdish,
Pashto or other Arabic-script languages use, is Arabic: no statistical detector is needed, and
that is about half of our documents. Everything else goes to the detector.
"""

from __future__ import annotations

import re

_NON_LETTERS = re.compile(r"[\W\d_]+")
_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a]")
_NON_ARABIC_LETTERS = re.compile("[^\u0621-\u063a\u0641-\u064a]+")
# Letters of other Arabic-script languages (Persian پ چ ژ گ ک ی, Urdu ٹ ڈ ڑ ں ہ ے, Kurdish ڕ ڵ ۆ ێ ە,
# Pashto, Sindhi, Uyghur...): their presence means "ask the detector".
_OTHER_ARABIC_SCRIPT = re.compile("[\u0679-\u06d5\u06ee-\u06ff\u0750-\u077f]")
MIN_LETTERS = 20
MIN_ARABIC_SHARE = 0.9


def arabic_by_script(text: str) -> bool:
    """True when `text` is certainly Arabic from its letters alone."""
    # Counting what is left after deleting the other characters is twice as fast as findall; the
    # search first answers text without Arabic letters (the other half of our documents) at once.
    if not _ARABIC_LETTER.search(text) or _OTHER_ARABIC_SCRIPT.search(text):
        return False
    letters = len(_NON_LETTERS.sub("", text))
    return letters >= MIN_LETTERS and len(_NON_ARABIC_LETTERS.sub("", text)) >= MIN_ARABIC_SHARE * letters
