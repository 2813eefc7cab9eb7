"""Line features and keep/drop rules for pages saved as text (one block per line).

A page has a header (everything above the first copy of the headline: menus, search boxes,
"last updated" bars, section names), the headline (often printed twice), metadata lines
(date, byline), the article, and a footer (related links, tags, share bars, tracking codes).
`analyse_page` finds the headline and the metadata lines; `boilerplate_reasons` gives each line
`None` (keep) or the reason it is boilerplate. Both are pure functions over a list of lines.
"""

from __future__ import annotations

import dataclasses
import re

from transforms.text.dates import MAX_LEFTOVER_WORDS_HEADER, parse_date_line
from transforms.text.lexicons import line_lexicon
from transforms.text.normalize import normalize_for_matching
from transforms.text.sources import has_media_word, source_from_byline, source_from_label

# The headline is looked for in the first lines only: below that we are in the article.
HEADLINE_SEARCH_LINES = 20
MIN_HEADLINE_WORDS = 2
MAX_HEADLINE_WORDS = 40
# A paragraph: a line of this many words ending a sentence, or of the longer length at all.
PARAGRAPH_MIN_WORDS = 12
PARAGRAPH_ANY_WORDS = 25
MAX_BYLINE_WORDS = 8
MAX_PREFIX_PHRASE_WORDS = 30
FOOTER_MAX_WORDS = 6
# After the article's last paragraph, any line up to this long that is not a sentence is footer.
FOOTER_RUN_MAX_WORDS = 15

REASON_HEADLINE_COPY = "headline-copy"
REASON_DATE = "date-line"
REASON_BYLINE = "byline"
REASON_HEADER = "header"
REASON_PHRASE = "phrase"
REASON_SHARE = "share-bar"
REASON_TRACKING = "tracking-code"
REASON_LINK = "link"
REASON_FOOTER = "footer"
REASON_RELATED = "related-link"

_TERMINAL = ".!?؟…"
_CLOSERS = "\"'”’»)]"
_TRACKING_TOKEN = re.compile(
    r"(?<![\w/+])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*\d)[A-Za-z0-9+/]{16,}={0,2}(?![\w/+])"
    r"|(?<![\w])[0-9a-f]{32,}(?![\w])"
)
_BY_PREFIX = re.compile(r"^\s*(by|par|بقلم|كتب|كتبت)\s", re.IGNORECASE)
_LINK = re.compile(r"^\s*(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+)\s*$", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class PageLayout:
    """Where the headline and the metadata are on a page."""

    headline_index: int | None
    headline_copies: tuple[int, ...]
    header_end: int
    date_line_indices: tuple[int, ...]
    byline_indices: tuple[int, ...]
    source_name: str | None


def word_count(line: str) -> int:
    return len(line.split())


def ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_paragraph(line: str) -> bool:
    words = word_count(line)
    return words >= PARAGRAPH_ANY_WORDS or (words >= PARAGRAPH_MIN_WORDS and ends_sentence(line))


def phrase_match(line: str) -> str | None:
    """The boilerplate phrase a line is or starts with, or None."""
    lexicon = line_lexicon()
    normalized = normalize_for_matching(line)
    if not normalized:
        return None
    if normalized in lexicon.exact:
        return normalized
    if word_count(normalized) <= MAX_PREFIX_PHRASE_WORDS:
        for phrase in lexicon.prefix:
            if normalized == phrase or normalized.startswith(phrase + " "):
                return phrase
        if line.lstrip().startswith("©"):
            return "©"
    return None


def is_share_bar(line: str) -> bool:
    words = normalize_for_matching(line).split()
    return bool(words) and all(word in line_lexicon().share_words for word in words)


def is_nav_word(line: str) -> bool:
    return normalize_for_matching(line) in line_lexicon().nav_words


def has_tracking_token(line: str) -> bool:
    return _TRACKING_TOKEN.search(line) is not None


def is_tracking_line(line: str) -> bool:
    """A tracking token (base64, a long hash) alone or glued to a short signature."""
    match = _TRACKING_TOKEN.search(line)
    if not match:
        return False
    rest = line[: match.start()] + " " + line[match.end():]
    return word_count(rest) <= FOOTER_MAX_WORDS


def is_updated_header(line: str) -> bool:
    parsed = parse_date_line(line)
    return parsed is not None and parsed.label == "updated"


def _is_headline_candidate(line: str) -> bool:
    words = word_count(line)
    return (
        MIN_HEADLINE_WORDS <= words <= MAX_HEADLINE_WORDS
        and parse_date_line(line) is None
        and phrase_match(line) is None
        and not is_nav_word(line)
        and not is_share_bar(line)
        and not has_tracking_token(line)
        and not _LINK.match(line)
    )


def find_headline(lines: list[str]) -> tuple[int | None, tuple[int, ...]]:
    """The headline's first index and the indices of all its copies near the top.

    A line printed twice near the top is the headline (templates print it in the breadcrumb or
    title bar and again above the article); otherwise the first line that can be a headline.
    """
    window = range(min(len(lines), HEADLINE_SEARCH_LINES))
    keys = {i: normalize_for_matching(lines[i]) for i in window if lines[i].strip()}
    candidates = [i for i in keys if _is_headline_candidate(lines[i])]
    for i in candidates:
        copies = tuple(j for j in keys if keys[j] == keys[i])
        if len(copies) > 1:
            return i, copies
    if candidates:
        first = candidates[0]
        return first, (first,)
    return None, ()


def _first_paragraph_after(lines: list[str], start: int) -> int:
    for index in range(start, len(lines)):
        if is_paragraph(lines[index]):
            return index
    return len(lines)


def is_byline(line: str) -> bool:
    """A short attribution line: "By Jane Doe, The Courier", "وكالات- كتابات:", "عدن تايم/سكاي نيوز"."""
    return (
        0 < word_count(line) <= MAX_BYLINE_WORDS
        and not ends_sentence(line.rstrip().rstrip(":"))
        and (_BY_PREFIX.match(line) is not None or has_media_word(line))
    )


def _date_line_indices(lines: list[str], header_end: int) -> tuple[int, ...]:
    """Lines that are a date: anywhere when they are nothing else, in the header with a few words more."""
    found = []
    for index, line in enumerate(lines):
        if not line.strip() or len(line) > 200:
            continue
        parsed = parse_date_line(line)
        if parsed is None:
            continue
        allowed = MAX_LEFTOVER_WORDS_HEADER if index < header_end else 0
        if parsed.leftover_words <= allowed:
            found.append(index)
    return tuple(found)


def analyse_page(lines: list[str]) -> PageLayout:
    """Headline, header zone, date lines, bylines and the attributed source of a page."""
    headline_index, copies = find_headline(lines)
    body_start = (copies[-1] + 1) if copies else 0
    header_end = _first_paragraph_after(lines, body_start)
    date_lines = _date_line_indices(lines, header_end)

    bylines = [
        index
        for index in range(header_end)
        if index not in copies and index not in date_lines and is_byline(lines[index])
    ]
    source_name = None
    for index, line in enumerate(lines):
        labelled = source_from_label(line)
        if labelled:
            source_name = labelled
            bylines.append(index)
            break
    if source_name is None:
        source_name = next((name for name in map(source_from_byline, (lines[i] for i in bylines)) if name), None)
    return PageLayout(
        headline_index=headline_index,
        headline_copies=copies,
        header_end=header_end,
        date_line_indices=date_lines,
        byline_indices=tuple(sorted(bylines)),
        source_name=source_name,
    )


def boilerplate_reasons(lines: list[str], layout: PageLayout) -> list[str | None]:
    """For each line: None to keep it in the body, or why it is not article text.

    Blank lines get None too; callers drop them without counting them as boilerplate.
    """
    first_headline = layout.headline_index if layout.headline_index is not None else 0
    reasons = [_reason(index, line, layout, first_headline) for index, line in enumerate(lines)]
    _mark_related_links(lines, reasons)
    _mark_footer_run(lines, reasons)
    return reasons


def _reason(index: int, line: str, layout: PageLayout, first_headline: int) -> str | None:
    if not line.strip():
        return None
    if index in layout.headline_copies:
        return REASON_HEADLINE_COPY
    if index in layout.date_line_indices:
        return REASON_DATE
    if index in layout.byline_indices:
        return REASON_BYLINE
    if phrase_match(line):
        return REASON_PHRASE
    if is_share_bar(line):
        return REASON_SHARE
    if is_tracking_line(line):
        return REASON_TRACKING
    if _LINK.match(line):
        return REASON_LINK
    if index < first_headline and not is_paragraph(line):
        return REASON_HEADER
    return None


def _mark_related_links(lines: list[str], reasons: list[str | None]) -> None:
    """Headline-like lines right under a "read also" / "related" line are links, not article text."""
    for index, reason in enumerate(reasons):
        if reason != REASON_PHRASE:
            continue
        for following in range(index + 1, len(lines)):
            line = lines[following]
            if not line.strip() or reasons[following] is not None:
                break
            if ends_sentence(line) or word_count(line) > FOOTER_RUN_MAX_WORDS:
                break
            reasons[following] = REASON_RELATED


def _mark_footer_run(lines: list[str], reasons: list[str | None]) -> None:
    """Short unpunctuated lines after the article's last paragraph are footer links."""
    last_paragraph = max((i for i, line in enumerate(lines) if reasons[i] is None and is_paragraph(line)), default=None)
    if last_paragraph is None:
        return
    for index in range(last_paragraph + 1, len(lines)):
        line = lines[index]
        if reasons[index] is None and line.strip() and word_count(line) <= FOOTER_RUN_MAX_WORDS and not ends_sentence(line):
            reasons[index] = REASON_FOOTER
