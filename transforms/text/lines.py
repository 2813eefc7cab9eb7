"""Line features and keep/drop rules for pages saved as text (one block per line).

A page has a header (everything above the first copy of the headline: menus, search boxes,
"last updated" bars, section names), the headline (often printed twice), metadata lines
(date, byline, photo captions), the article, and a footer (related links, tags, share bars,
newsletter and cookie prompts, comments, tracking codes). `analyse_page` finds the headline and
the metadata lines; `boilerplate_reasons` gives each line `None` (keep) or the reason it is
boilerplate. Both are pure functions over a list of lines.

A line is judged first on its own (its words against the vocabulary of `lexicons/`, its length,
its punctuation, the share of stop words) and then in its neighbourhood: runs of short title-like
lines are menus, short lines under a "related" heading are links, everything under a comments
heading is comments, short unpunctuated lines after the last paragraph are footer. Lines that a
source repeats in many documents are found across documents, in `text/templates.py`.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from transforms.text.dates import MAX_LEFTOVER_WORDS_HEADER, DateLine, page_date_lines, parse_date_line
from transforms.text.lexicons import line_lexicon
from transforms.text.line_vocabulary import line_vocabulary, numbers_as_zero, stop_word_share
from transforms.text.normalize import normalize_for_matching, normalized_first_word, normalized_start
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
# Phrases are short: matching a prefix phrase needs only the start of a line.
PREFIX_MATCH_CHARS = 120
FOOTER_MAX_WORDS = 6
# After the article's last sentence, any line up to this long that is not a sentence is footer. A
# sentence is a paragraph, or a line of a few words ending in a full stop with prose's share of stop words.
FOOTER_RUN_MAX_WORDS = 15
PROSE_MIN_WORDS = 5
PROSE_MIN_STOP_SHARE = 0.15
# A call to action or a link is a short line; a longer one is a sentence that mentions the words.
CTA_MAX_WORDS = 12
LINK_LINE_MAX_WORDS = 8
CAPTION_MAX_WORDS = 40
CREDIT_MAX_WORDS = 6
# A menu: at least this many consecutive short, unpunctuated lines (blank lines between allowed),
# or one line of at least this many short items between separators ("Home | News | Sport").
MENU_MIN_ITEMS = 3
MENU_ITEM_MAX_WORDS = 4
# A keyword list (SEO tags without a label): this many items between commas or hashes, no stop word.
KEYWORD_LIST_MIN_ITEMS = 4

REASON_HEADLINE_COPY = "headline-copy"
REASON_DATE = "date-line"
REASON_BYLINE = "byline"
REASON_HEADER = "header"
REASON_PHRASE = "phrase"
REASON_SHARE = "share-bar"
REASON_TRACKING = "tracking-code"
REASON_LINK = "link"
REASON_CAPTION = "caption"
REASON_CTA = "call-to-action"
REASON_MENU = "menu"
REASON_KEYWORDS = "keyword-list"
REASON_COMMENTS = "comments"
REASON_FOOTER = "footer"
REASON_RELATED = "related-link"

_TERMINAL = ".!?؟…"
_CLOSERS = "\"'”’»)]"
_TRACKING_TOKEN = re.compile(
    r"(?<![\w/+])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*\d)[A-Za-z0-9+/]{16,}={0,2}(?![\w/+])"
    r"|(?<![\w])[0-9a-f]{32,}(?![\w])"
    r"|(?<![\w-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])",
    re.IGNORECASE,
)
_BY_PREFIX = re.compile(r"^\s*(by|par|بقلم|كتب|كتبت)\s*[:：]?\s", re.IGNORECASE)
_LINK = re.compile(r"^\s*(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+)\s*$", re.IGNORECASE)
_LINK_INSIDE = re.compile(r"https?://\S+|www\.\S+\.\w+|[\w.+-]+@[\w-]+\.\w+|(?<!\w)@\w{2,}", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*▪►]|\d+[.)]|[a-z][.)]\s)", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^[^:]{1,40}\S\s*:\s*\S")
_MENU_SEPARATORS = re.compile(r"\s+[|•·»›>/]\s+|\s*[|•·»›]\s*")
# A line without any of the separators' characters is one item at most: found without splitting it.
_MENU_SEPARATOR_CHAR = re.compile(r"[|•·»›>/]")
_KEYWORD_SEPARATORS = re.compile(r"[,،;؛]|(?:^|\s)#(?=\w)")
_CAPTION_LABEL_END = re.compile(r"\s*[:|]|\s[-–—]\s")
_BRACKETED_TAIL = re.compile(r"[(\[]([^()\[\]]{1,80})[)\]]\s*$")


# Short lines recur (a site's menu and footer in every page): their matching text is computed once
# per worker. Long lines are only ever normalised up to PREFIX_MATCH_CHARS.
_normalized = functools.lru_cache(maxsize=1 << 16)(normalize_for_matching)


# Enough normalised characters to tell a paragraph from a headline without normalising all of it.
_START_CHARS = 32


def _is_copy(line: str, first: str | None, key: str, key_first_word: str) -> bool:
    """`_normalized(line) == key`, from the line's first word (`normalized_first_word(line)`, given) or
    its `normalized_start` when that decides it."""
    if first is not None and first != key_first_word:
        return False
    start, complete = normalized_start(line, _START_CHARS)
    if complete or not key.startswith(start):
        return start == key
    return _normalized(line) == key


@functools.lru_cache(maxsize=None)
def _prefixes_by_first_word() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for phrase in line_lexicon().prefix:
        index.setdefault(phrase.split()[0], []).append(phrase)
    return {word: tuple(phrases) for word, phrases in index.items()}


@functools.lru_cache(maxsize=None)
def _phrase_first_words() -> frozenset[str]:
    """The first words of the exact and the prefix phrases: a line starting with another word is neither."""
    return frozenset(phrase.split(" ", 1)[0] for phrase in line_lexicon().exact) | frozenset(_prefixes_by_first_word())


@dataclasses.dataclass(frozen=True)
class PageLayout:
    """Where the headline and the metadata are on a page."""

    headline_index: int | None
    headline_copies: tuple[int, ...]
    header_end: int
    date_line_indices: tuple[int, ...]
    byline_indices: tuple[int, ...]
    source_name: str | None
    # (line index, template key) of the page's template candidates (`text/templates.line_template_keys`),
    # set by ExtractMetadata; None: not worked out yet.
    template_keys: tuple[tuple[int, int], ...] | None = None


@functools.lru_cache(maxsize=1 << 14)
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
    return _phrase_match(line, word_count(line))


def _phrase_match(line: str, words: int) -> str | None:
    if words == 0 or words > MAX_PREFIX_PHRASE_WORDS:
        return None
    text = line if words <= CTA_MAX_WORDS else line[:PREFIX_MATCH_CHARS]
    first = normalized_first_word(text)
    if first is not None and first not in _phrase_first_words():  # most lines: no phrase, without normalising them
        return "©" if line.lstrip().startswith("©") else None
    lexicon = line_lexicon()
    normalized = _normalized(text)
    if not normalized:
        return None
    if normalized in lexicon.exact:
        return normalized
    for phrase in _prefixes_by_first_word().get(normalized.split(" ", 1)[0], ()):
        if normalized.startswith(phrase) and (len(normalized) == len(phrase) or normalized[len(phrase)] == " "):
            return phrase
    if line.lstrip().startswith("©"):
        return "©"
    return None


def is_share_bar(line: str) -> bool:
    share_words = line_lexicon().share_words
    first = normalized_first_word(line)
    if first is not None and first not in share_words:
        return False
    words = _normalized(line).split()
    return bool(words) and all(word in share_words for word in words)


@functools.lru_cache(maxsize=None)
def _nav_first_words() -> frozenset[str]:
    return frozenset(phrase.split(" ", 1)[0] for phrase in line_lexicon().nav_words)


def is_nav_word(line: str) -> bool:
    first = normalized_first_word(line)
    if first is not None and first not in _nav_first_words():
        return False
    return _normalized(line) in line_lexicon().nav_words


# Every tracking token is 16 or more characters with no space: a line without such a run has none,
# and this search is several times cheaper than the token's.
_LONG_TOKEN = re.compile(r"\S{16}")


def _tracking_token(line: str) -> re.Match | None:
    return _TRACKING_TOKEN.search(line) if _LONG_TOKEN.search(line) else None


def has_tracking_token(line: str) -> bool:
    return _tracking_token(line) is not None


def is_tracking_line(line: str) -> bool:
    """A tracking token (base64, a long hash, a UUID) alone or glued to a short signature."""
    if word_count(line) > FOOTER_MAX_WORDS + 1:
        return False
    match = _tracking_token(line)
    if not match:
        return False
    rest = line[: match.start()] + " " + line[match.end():]
    return word_count(rest) <= FOOTER_MAX_WORDS


def is_link_line(line: str) -> bool:
    """A URL, an e-mail address or a social handle alone, or in a short line that is not a sentence."""
    if _LINK.match(line):
        return True
    return word_count(line) <= LINK_LINE_MAX_WORDS and not ends_sentence(line) and _LINK_INSIDE.search(line) is not None


# Language-neutral: sites mark photo and video captions with a camera emoji.
_CAMERA_MARKERS = ("📸", "📷", "🎥", "📹")


def is_marked_caption(line: str) -> bool:
    """A line that opens with a camera emoji is a caption, however long it is."""
    return line.lstrip().startswith(_CAMERA_MARKERS)


def is_caption(line: str) -> bool:
    """A photo caption or credit: "Photo: ...", "صورة أرشيفية", "... (Photo: Reuters)", "... (AFP)"."""
    if word_count(line) > CAPTION_MAX_WORDS:
        return False
    vocabulary = line_vocabulary()
    label_end = _CAPTION_LABEL_END.search(line)
    if label_end and line[label_end.end():].strip():
        if _normalized(line[: label_end.start()]) in vocabulary.caption_labels:
            return True
    if _ends_with_credit(line, vocabulary.caption_labels):
        return True
    tail = _BRACKETED_TAIL.search(line)
    if tail is None:
        return _normalized(line) in vocabulary.photo_credits
    credit = tail.group(1)
    label_end = _CAPTION_LABEL_END.search(credit)
    if label_end and _normalized(credit[: label_end.start()]) in vocabulary.caption_labels:
        return True
    last_credit = _normalized(re.split(r"[/|,]", credit)[-1])
    return last_credit in vocabulary.photo_credits and word_count(line) < PARAGRAPH_ANY_WORDS


def _ends_with_credit(line: str, caption_labels: frozenset[str]) -> bool:
    """"... at 4am. Photograph: Sam Keane": a caption label and a short credit close the line."""
    label, colon, credit = line.rpartition(":")
    if not colon or ends_sentence(credit) or not 0 < word_count(credit) <= CREDIT_MAX_WORDS:
        return False
    label_words = _normalized(label).split()
    return any(" ".join(label_words[-n:]) in caption_labels for n in (1, 2) if len(label_words) >= n)


def is_call_to_action(line: str) -> bool:
    """A short line asking the reader to follow, subscribe, log in, accept cookies, get the app."""
    if word_count(line) > CTA_MAX_WORDS or is_paragraph(line):
        return False
    return line_vocabulary().cta.search(_normalized(line)) is not None


def is_menu_item(line: str) -> bool:
    """One entry of a menu: a few words, no sentence end, not a list item or a "key: value" line."""
    stripped = line.strip()
    return (
        0 < word_count(stripped) <= MENU_ITEM_MAX_WORDS
        and not ends_sentence(stripped)
        and ":" not in stripped
        and _LIST_ITEM.match(stripped) is None
    )


def is_menu_line(line: str) -> bool:
    """Several short items on one line between separators: "Home | News | Sport", "الرئيسية » أخبار » محليات",
    or a site name next to a section name: "صحيفة الوادي | الرئيسية"."""
    if ends_sentence(line) or _MENU_SEPARATOR_CHAR.search(line) is None:
        return False
    items = [item for item in _MENU_SEPARATORS.split(line.strip()) if item.strip()]
    if len(items) < 2 or not all(word_count(item) <= MENU_ITEM_MAX_WORDS for item in items):
        return False
    # Two items are enough when one is a section name: a site bar "The Valley Post | Home".
    return len(items) >= MENU_MIN_ITEMS or any(is_nav_word(item) for item in items)


def menu_runs(lines: list[str]) -> list[list[int]]:
    """Runs of at least MENU_MIN_ITEMS consecutive menu items (blank lines do not break a run)."""
    return _menu_runs([is_menu_item(line) if line.strip() else None for line in lines])


def _menu_runs(menu_items: list[bool | None]) -> list[list[int]]:
    """The runs of `menu_runs`, from each line's `is_menu_item` (None: a blank line)."""
    runs: list[list[int]] = []
    run: list[int] = []
    for index, menu_item in enumerate(menu_items):
        if menu_item is None:
            continue
        if menu_item:
            run.append(index)
            continue
        if len(run) >= MENU_MIN_ITEMS:
            runs.append(run)
        run = []
    if len(run) >= MENU_MIN_ITEMS:
        runs.append(run)
    return runs


def is_keyword_list(line: str) -> bool:
    """Items between commas or hashtags with no stop word and no sentence end: a tag list without its label."""
    if ends_sentence(line) or len(_KEYWORD_SEPARATORS.findall(line)) < KEYWORD_LIST_MIN_ITEMS - 1:
        return False
    return stop_word_share(_normalized(line).split()) == 0.0


def is_comment_heading(line: str) -> bool:
    if word_count(line) > CTA_MAX_WORDS:
        return False
    return numbers_as_zero(_normalized(line)) in line_vocabulary().comment_headings


def is_list_heading(line: str) -> bool:
    return word_count(line) <= CTA_MAX_WORDS and _normalized(line) in line_vocabulary().list_headings


@functools.lru_cache(maxsize=1 << 14)  # menus and section names in the window recur in every page
def _is_headline_candidate(line: str) -> bool:
    words = word_count(line)
    return (
        MIN_HEADLINE_WORDS <= words <= MAX_HEADLINE_WORDS
        and phrase_match(line) is None
        and not is_nav_word(line)
        and not is_share_bar(line)
        and not is_menu_line(line)
        and not is_call_to_action(line)
        and not _LINK.match(line)
        and not has_tracking_token(line)
        and parse_date_line(line) is None  # the dearest test last
    )


def find_headline(lines: list[str], excluded: frozenset[int] = frozenset()) -> tuple[int | None, tuple[int, ...]]:
    """The headline's first index and the indices of all its copies near the top.

    A line printed twice near the top is the headline (templates print it in the breadcrumb or
    title bar and again above the article); otherwise the first line that can be a headline and
    is not inside a menu. `excluded` lines (known template text of the source) are never the headline.
    """
    window = [i for i in range(min(len(lines), HEADLINE_SEARCH_LINES)) if lines[i].strip()]
    # Candidates are judged lazily: a headline printed twice ends the search before the lines below it.
    candidates = []
    first_words: dict[int, str | None] = {}
    for i in window:
        if i in excluded or not _is_headline_candidate(lines[i]):
            continue
        candidates.append(i)
        key = _normalized(lines[i])
        key_first_word = key.split(" ", 1)[0]
        if not first_words:
            first_words = {j: normalized_first_word(lines[j]) for j in window}
        copies = tuple(j for j in window if j == i or _is_copy(lines[j], first_words[j], key, key_first_word))
        if len(copies) > 1:
            return i, copies
    if not candidates:
        return None, ()
    menu_items = _menu_items_above_headline(lines, candidates)
    first = next((i for i in candidates if i not in menu_items), None)
    return (first, (first,)) if first is not None else (None, ())


def _menu_items_above_headline(lines: list[str], candidates: list[int]) -> set[int]:
    """Menu items that cannot be the headline. A short headline right under a menu reads as the menu's
    last item: that item is the headline unless a headline-like line (no paragraph, no byline) follows it."""
    items: set[int] = set()
    for run in menu_runs(lines[:HEADLINE_SEARCH_LINES]):
        items.update(run[:-1])
        following = next((i for i in range(run[-1] + 1, len(lines)) if lines[i].strip()), None)
        if following in candidates and not is_paragraph(lines[following]) and not is_byline(lines[following]):
            items.add(run[-1])
    return items


def _first_paragraph_after(lines: list[str], start: int) -> int:
    return next((index for index in range(start, len(lines)) if is_paragraph(lines[index])), len(lines))


def is_byline(line: str) -> bool:
    """A short attribution line: "By Jane Doe, The Courier", "وكالات- كتابات:", "عدن تايم/سكاي نيوز"."""
    return (
        0 < word_count(line) <= MAX_BYLINE_WORDS
        and not ends_sentence(line.rstrip().rstrip(":"))
        and (_BY_PREFIX.match(line) is not None or has_media_word(line))
    )


def _date_line_indices(dated: tuple[tuple[int, DateLine], ...], header_end: int) -> tuple[int, ...]:
    """Lines that are a date: anywhere when they are nothing else, in the header with a few words more."""
    return tuple(
        index
        for index, parsed in dated
        if parsed.leftover_words <= (MAX_LEFTOVER_WORDS_HEADER if index < header_end else 0)
    )


def analyse_page(
    lines: list[str], not_headlines: frozenset[int] = frozenset(), dated: tuple[tuple[int, DateLine], ...] | None = None
) -> PageLayout:
    """Headline, header zone, date lines, bylines and the attributed source of a page.
    `dated`: the page's `text/dates.page_date_lines`, when the caller has them."""
    headline_index, copies = find_headline(lines, not_headlines)
    body_start = (copies[-1] + 1) if copies else 0
    header_end = _first_paragraph_after(lines, body_start)
    date_lines = _date_line_indices(page_date_lines(lines) if dated is None else dated, header_end)

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
    facts = list(map(line_facts, lines))
    reasons = [_reason(index, line, layout, first_headline) for index, line in enumerate(facts)]
    _mark_menus(facts, reasons, layout)
    _mark_comments(facts, reasons)
    _mark_related_links(facts, reasons)
    _mark_footer_run(facts, reasons)
    return reasons


def _reason(index: int, facts: LineFacts, layout: PageLayout, first_headline: int) -> str | None:
    if facts.blank:
        return None
    if index in layout.headline_copies:
        return REASON_HEADLINE_COPY
    if index in layout.date_line_indices:
        return REASON_DATE
    if index in layout.byline_indices:
        return REASON_BYLINE
    reason = facts.reason
    if reason is not _UNDECIDED:
        return reason
    if index < first_headline:
        return REASON_HEADER
    return REASON_KEYWORDS if facts.keyword_list else None


def _local_reason(line: str, words: int, paragraph: bool) -> str | None:
    """The rules of `_reason` that look at the line alone; `_UNDECIDED` when its position decides."""
    if _phrase_match(line, words):
        return REASON_PHRASE
    if is_marked_caption(line):
        return REASON_CAPTION
    if paragraph:  # the rules below are for short lines; a paragraph is the article's
        return None
    if is_share_bar(line):
        return REASON_SHARE
    if is_tracking_line(line):
        return REASON_TRACKING
    if is_link_line(line):
        return REASON_LINK
    if is_caption(line):
        return REASON_CAPTION
    if is_call_to_action(line):
        return REASON_CTA
    if is_menu_line(line):
        return REASON_MENU
    return _UNDECIDED


def _mark_menus(facts: list[LineFacts], reasons: list[str | None], layout: PageLayout) -> None:
    for run in _menu_runs([None if line.blank else line.menu_item for line in facts]):
        for index in run:
            if reasons[index] is None and index != layout.headline_index:
                reasons[index] = REASON_MENU


def _mark_comments(facts: list[LineFacts], reasons: list[str | None]) -> None:
    """Everything under a comments heading that follows the article is reader comments; above the
    article, a comments heading is a link to them."""
    seen_paragraph = False
    for index, line in enumerate(facts):
        if line.comment_heading:
            if seen_paragraph:
                for following in range(index, len(facts)):
                    if not facts[following].blank and reasons[following] is None:
                        reasons[following] = REASON_COMMENTS
                return
            reasons[index] = reasons[index] or REASON_COMMENTS
        seen_paragraph = seen_paragraph or (line.paragraph and reasons[index] is None)


def _mark_related_links(facts: list[LineFacts], reasons: list[str | None]) -> None:
    """Short lines under a "read also" / "related" heading are links, up to the next paragraph."""
    for index, reason in enumerate(reasons):
        if reason is None or not facts[index].list_heading:
            continue
        for following in range(index + 1, len(facts)):
            line = facts[following]
            if line.blank or reasons[following] is not None:
                continue
            if line.paragraph or line.words > FOOTER_RUN_MAX_WORDS:
                break
            reasons[following] = REASON_RELATED


def _mark_footer_run(facts: list[LineFacts], reasons: list[str | None]) -> None:
    """Short unpunctuated lines after the article's last sentence are footer links, except a list
    (numbered items, "key: value" lines) and the heading right above it."""
    last_sentence = next((i for i in range(len(facts) - 1, -1, -1) if reasons[i] is None and facts[i].article_sentence), None)
    if last_sentence is None:
        return
    following = [i for i in range(last_sentence + 1, len(facts)) if not facts[i].blank]
    for position, index in enumerate(following):
        line = facts[index]
        if reasons[index] is not None or line.words > FOOTER_RUN_MAX_WORDS or line.ends_sentence:
            continue
        next_index = following[position + 1] if position + 1 < len(following) else None
        if line.list_line or (next_index is not None and facts[next_index].list_line and reasons[next_index] is None):
            continue
        reasons[index] = REASON_FOOTER


def _is_article_sentence(line: str, paragraph: bool) -> bool:
    """A paragraph, or a shorter sentence written as prose (enough stop words)."""
    if paragraph:
        return True
    if not ends_sentence(line) or word_count(line) < PROSE_MIN_WORDS:
        return False
    return stop_word_share(_normalized(line).split()) >= PROSE_MIN_STOP_SHARE


def _is_list_line(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and (
        _LIST_ITEM.match(stripped) is not None or (":" in stripped and _KEY_VALUE.match(stripped) is not None)
    )


# A site's menu, footer and share lines recur in every page: what a line is on its own (wherever it
# stands) is worked out once per distinct line and worker, and a page only combines these facts.
_UNDECIDED = "?"  # a short line no rule names: header above the headline, else a keyword list or kept
# No rule tells apart lines longer than this many words: a paragraph's words are counted up to here.
_WORDS_COUNTED = MAX_PREFIX_PHRASE_WORDS


class LineFacts:
    """What a line is on its own: the position-independent parts of every rule above."""

    __slots__ = ("blank", "words", "ends_sentence", "paragraph", "reason", "keyword_list", "comment_heading", "list_heading",
                 "article_sentence", "list_line", "menu_item", "template_line")

    def __init__(self, line: str):
        self.blank = blank = not line.strip()
        self.words = words = len(line.split(None, _WORDS_COUNTED))  # the word count, up to _WORDS_COUNTED + 1
        self.ends_sentence = ends = ends_sentence(line)
        self.paragraph = paragraph = words >= PARAGRAPH_ANY_WORDS or (words >= PARAGRAPH_MIN_WORDS and ends)
        self.reason = reason = None if blank else _local_reason(line, words, paragraph)
        self.keyword_list = reason is _UNDECIDED and is_keyword_list(line)
        # The word limits first: most lines are longer than any heading.
        short = words <= CTA_MAX_WORDS
        self.comment_heading = short and is_comment_heading(line)
        self.list_heading = short and words > 0 and is_list_heading(line)
        self.article_sentence = paragraph or _is_article_sentence(line, False)
        self.list_line = not blank and _is_list_line(line)
        self.menu_item = words <= MENU_ITEM_MAX_WORDS and is_menu_item(line)
        # a template candidate: not blank and not a paragraph (the headline is left out by the caller)
        self.template_line = not blank and not paragraph


_FACTS: dict[str, LineFacts] = {}
_FACTS_LIMIT = 1 << 15


def line_facts(line: str) -> LineFacts:
    """The facts of a line, kept per worker (up to a limit, then started afresh)."""
    facts = _FACTS.get(line)
    if facts is None:
        if len(_FACTS) >= _FACTS_LIMIT:
            _FACTS.clear()
        facts = _FACTS[line] = LineFacts(line)
    return facts


def is_template_candidate(line: str) -> bool:
    """Not blank and not a paragraph: `line_facts(line).template_line`, without working out the
    other facts of a line not seen yet (a paragraph is known from its first words)."""
    facts = _FACTS.get(line)
    if facts is not None:
        return facts.template_line
    words = len(line.split(None, PARAGRAPH_ANY_WORDS))  # exact up to PARAGRAPH_ANY_WORDS
    return words > 0 and words < PARAGRAPH_ANY_WORDS and not (words >= PARAGRAPH_MIN_WORDS and ends_sentence(line))
