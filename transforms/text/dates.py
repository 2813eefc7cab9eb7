"""Date grammar for news pages, and the choice of the publication date among all the evidence.

Text lines are parsed with our own grammar; month names (Egyptian/Gulf, Levantine/Iraqi, Maghreb,
English, French), Hijri months, weekdays, am/pm words and time-zone phrases are data in
`lexicons/dates.json`, so a language is added by data. dateparser does not know the Levantine
names, reads the Arabic "م"/"ص" times wrongly, and a first-match dateparser scan of a page's lines
lands on menus, "last updated" bars and event dates. Measured on our labelled set
(`python -m benchmarks.quality.dates --baseline`, 121 snippets, 97 of them dated): a first-match
dateparser scan is exact on 36.1% of dated snippets and wrong on 10.7% of all; this module is
exact on 97.9% and wrong on 0.8%. Adding dateparser on the short header lines our grammar cannot
read changed no snippet (same 97.9% / 0.8%), so text lines never go to dateparser; that also keeps
the text stage fast. dateparser is used only for the raw metadata value (`parse_date_value`): one
string per document, in formats of every kind (epoch seconds, "Thursday, Jan 25th 2024"...), and
only when our grammar cannot read it.

A Hijri date ("15 رمضان 1445 هـ") counts only on a line that states no Gregorian date; it is
converted with the Umm al-Qura calendar (hijridate).

Which date is the publication date (`resolve_publication_date`), strongest evidence first:

1. metadata: the publisher's own date (JSONL `published`/`date_publish`, HTML meta / JSON-LD as
   trafilatura finds it; for WARC records the page's date, never the WARC-Date).
   Exception: when it is given in UTC (or with no zone) and the page's own labelled or header
   date is one day off, the page's day wins: the metadata was converted to UTC before being
   written, and the partition day is the day in the page's own time zone.
2. text-label: a date after "تاريخ النشر", "نشر في", "Published", "Publié le" in the page header.
   A labelled date lower on the page ranks after the header dates (rank 4), and counts only when
   it is the page's only labelled day.
3. url: `/2024/01/25/` or `2024-01-25` in the article URL (CMS paths are set at publication).
4. text-header: an unlabelled date line between the top and the first paragraph; one below the
   headline beats one above it (the "today is ..." bar over the menu), the nearest one wins.
5. path: `/2024/01/25/` in the input file path (a mirrored site). A single `2024-01-25` folder is
   usually the day of the crawl, so it is not evidence.
6. text-body: a line that is a date and nothing else, below the first paragraph, when the body
   holds only one such day (several distinct days are a list of related links or events).

Never the publication date: "last updated" dates, dates inside sentences (events), dates after
`not_after` (the run day) or after the crawl (a WARC-Date is when the page was fetched, so it is
only an upper bound, never the date itself). A labelled or header date that agrees with the URL
or path keeps its time. No evidence means None: we never invent a date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from transforms.text.lexicons import date_lexicon, line_lexicon
from transforms.text.normalize import fold_arabic_and_digits, normalize_for_matching, strip_accents

LABEL_PUBLISHED = "published"
LABEL_UPDATED = "updated"

DATE_SOURCE_METADATA = "metadata"
DATE_SOURCE_LABEL = "text-label"
DATE_SOURCE_URL = "url"
DATE_SOURCE_HEADER = "text-header"
DATE_SOURCE_PATH = "path"
DATE_SOURCE_BODY = "text-body"

# A date line may carry a few other words (a byline before the date, a city): at most this many.
MAX_LEFTOVER_WORDS_HEADER = 4
# Longer lines are paragraphs: a date inside them is an event, not the page's date.
MAX_DATE_LINE_CHARS = 200
# The crawl (WARC-Date) may be stamped in UTC a day before the page's own calendar day.
CRAWL_DATE_SLACK = dt.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class DateLine:
    """What a line says about a date: the day, the time and zone if stated, and its label."""

    day: dt.date
    time: dt.time | None
    zone: dt.tzinfo | None
    label: str | None
    leftover_words: int

    def published_at(self) -> dt.datetime:
        """The instant in UTC. A time without a zone is taken as UTC; a bare day is midnight UTC."""
        local = dt.datetime.combine(self.day, self.time or dt.time(0, 0))
        if self.zone is None:
            return local.replace(tzinfo=dt.timezone.utc)
        return local.replace(tzinfo=self.zone).astimezone(dt.timezone.utc)

    def in_utc_or_no_zone(self) -> bool:
        if self.zone is None:
            return True
        offset = dt.datetime.combine(self.day, self.time or dt.time(0, 0)).replace(tzinfo=self.zone).utcoffset()
        return offset == dt.timedelta(0)


@dataclasses.dataclass(frozen=True)
class PublicationDate:
    day: dt.date
    published_at: dt.datetime
    date_source: str
    line_index: int | None = None


def _light_normalize(text: str) -> str:
    """Folded letters, digits and case, punctuation kept (the grammar needs ':' and '-')."""
    if text.isascii():  # NFKC, the Arabic folds and accents leave ASCII as it is
        return text.casefold()
    return strip_accents(fold_arabic_and_digits(unicodedata.normalize("NFKC", text))).casefold()


_DIGIT_PLANES_END = 0x20000


@functools.lru_cache(maxsize=1)
def _digits() -> re.Pattern:
    """Any character `str.isdigit` accepts (decimal digits, superscripts, circled digits...)."""
    # `\d` is the decimal digits; the others are few and come in runs. A class of ranges is searched
    # some 20x faster than one of ~800 single characters.
    # Unicode has digits in planes 0 and 1 only (tests/test_dates.py checks all of it): 8x less to scan.
    ranges: list[list[int]] = []
    for code in (ord(c) for c in map(chr, range(_DIGIT_PLANES_END)) if c.isdigit() and not c.isdecimal()):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile(r"[\d" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


# Every pattern of the grammar needs a four-digit year: a line without one states no date.
_FOUR_DIGITS = re.compile(r"\d{4}")
# The years the Gregorian patterns and the Hijri pattern need: a line without one has no such date.
_GREGORIAN_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")
_HIJRI_YEAR = re.compile(r"1[3-5]\d\d(?!\d)")


def _alternation(names) -> str:
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)


@functools.lru_cache(maxsize=None)
def _grammar() -> dict[str, re.Pattern]:
    lexicon = date_lexicon()
    month = _alternation(lexicon.months)
    sep = r"[\s,،./\-–]*"
    month_pair = rf"(?P<m>{month})(?:\s*/\s*(?:{month}))?"
    ordinal = r"(?:st|nd|rd|th|er)?"
    # Gregorian years only: "1445/09/15" on an Arabic page is a Hijri date, not the year 1445.
    year = r"(?P<y>(?:19|20)\d\d)(?!\d)"
    arabic_meridiem = _alternation(k for k in lexicon.meridiem if not k.isascii())
    return {
        "day_month_year": re.compile(rf"(?<!\d)(?P<d>\d{{1,2}}){ordinal}(?:\s+of)?{sep}{month_pair}\b{sep}{year}"),
        "month_day_year": re.compile(rf"\b{month_pair}{sep}(?P<d>\d{{1,2}}){ordinal}\b{sep}{year}"),
        "iso": re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        "numeric_day_first": re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})[-/.](?P<mo>\d{{1,2}})[-/.]{year}"),
        "hijri": re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}}){sep}(?P<m>{_alternation(lexicon.hijri_months)})\b{sep}"
            r"(?P<y>1[3-5]\d\d)(?!\d)(?:\s*ه(?!\w))?"
        ),
        "time": re.compile(
            r"(?<![\d:])(?P<h>\d{1,2})(?::|\s?h\s?)(?P<mi>\d{2})(?!\d)(?::\d{2}(?:\.\d+)?)?(?P<utc>z(?!\w))?"
            rf"(?:\s*(?P<mer>a\.?\s?m\.?|p\.?\s?m\.?|{arabic_meridiem})(?!\w))?"
        ),
        "offset": re.compile(r"(?P<named>\b(?:gmt|utc)\s*)?(?P<sign>[+-])\s?(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?(?!\d)"),
        "zone": re.compile(rf"(?:^|[\s(])(?P<z>{_alternation(lexicon.timezones)})(?!\w)"),
    }


@dataclasses.dataclass(frozen=True)
class _Mention:
    day: dt.date
    start: int
    end: int


_GREGORIAN_PATTERNS = ("day_month_year", "month_day_year", "iso", "numeric_day_first")


def _hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    from hijridate import Hijri  # imported here: only pages with a Hijri-only date need it

    try:
        gregorian = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(gregorian.year, gregorian.month, gregorian.day)


def _mentions(text: str, pattern_names, hijri: bool = False) -> list[_Mention]:
    """Non-overlapping full dates in `text`, patterns tried in order of how specific they are."""
    grammar = _grammar()
    lexicon = date_lexicon()
    found: list[_Mention] = []
    for name in pattern_names:
        for match in grammar[name].finditer(text):
            if any(match.start() < m.end and m.start < match.end() for m in found):
                continue
            parts = match.groupdict()
            day, year = int(parts["d"]), int(parts["y"])
            months = lexicon.hijri_months if hijri else lexicon.months
            month = months[re.sub(r"\s+", " ", parts["m"])] if parts.get("m") else int(parts["mo"])
            if name == "numeric_day_first" and month > 12 and day <= 12:
                day, month = month, day
            if hijri:
                converted = _hijri_to_gregorian(year, month, day)
            else:
                try:
                    converted = dt.date(year, month, day)
                except ValueError:
                    converted = None
            if converted is not None:
                found.append(_Mention(converted, match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _time_near(text: str, start: int, end: int, before_from: int) -> tuple[dt.time, re.Match] | None:
    """The time stated after the date (up to `end`), else the last one just before it."""
    pattern = _grammar()["time"]
    match = pattern.search(text, start, end)
    if match is None:
        earlier = list(pattern.finditer(text, before_from, start))
        match = earlier[-1] if earlier else None
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["mi"])
    meridiem = date_lexicon().meridiem.get(normalize_for_matching(match["mer"] or ""))
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute), match


def _zone_near(text: str, start: int, end: int, time_match: re.Match | None):
    """A zone in the date's segment: "GMT+3" anywhere, "+03:00"/"Z" right after a time, "بتوقيت عدن"."""
    grammar = _grammar()
    if time_match is not None and time_match["utc"]:
        return dt.timezone.utc, []
    offset = grammar["offset"].search(text, start, end)
    right_after_time = (
        offset is not None and time_match is not None and not text[time_match.end():offset.start()].strip()
    )
    if offset and (offset["named"] or right_after_time):
        minutes = int(offset["oh"]) * 60 + int(offset["om"] or 0)
        sign = -1 if offset["sign"] == "-" else 1
        return dt.timezone(sign * dt.timedelta(minutes=minutes)), [offset.span()]
    named = grammar["zone"].search(text, start, end)
    if named:
        zone_name = date_lexicon().timezones[re.sub(r"\s+", " ", named["z"])]
        return ZoneInfo(zone_name), [named.span("z")]
    return None, []


@functools.lru_cache(maxsize=1)
def _label_needles() -> tuple[tuple[str, str, str], ...]:
    """(" label ", kind, label) of the "updated" then the "published" labels, in lexicon order."""
    lexicon = line_lexicon()
    return tuple(
        (f" {label} ", kind, label)
        for kind, labels in ((LABEL_UPDATED, lexicon.updated_labels), (LABEL_PUBLISHED, lexicon.published_labels))
        for label in labels
    )


@functools.lru_cache(maxsize=1 << 12)  # the text before a date is mostly a site's fixed label
def _last_label(segment: str) -> tuple[str | None, str | None]:
    """The kind and phrase of the last "published"/"updated" label in a stretch of text."""
    normalized = f" {normalize_for_matching(segment)} "
    best = (-1, None, None)
    for needle, kind, label in _label_needles():
        position = normalized.rfind(needle)
        end = position + len(label)
        if position >= 0 and (end > best[0] or (end == best[0] and len(label) > len(best[2]))):
            best = (end, kind, label)
    return best[1], best[2]


@functools.lru_cache(maxsize=16384)
def parse_date_line(line: str) -> DateLine | None:
    """The date a short line states, or None when the line states no full date.

    A line may state several dates ("Published 12 March 2024 | Updated 13 March 2024"): each gets
    the label written before it, and the line's date is the first labelled "published", else the
    first unlabelled, else the first one. `leftover_words` counts the words that are not a date,
    time, zone, label or weekday.
    """
    if _digits().search(line) is None:
        return None
    text = _light_normalize(line)
    if _FOUR_DIGITS.search(text) is None:
        return None
    gregorian = _mentions(text, _GREGORIAN_PATTERNS) if _GREGORIAN_YEAR.search(text) else []
    hijri = _mentions(text, ("hijri",), hijri=True) if _HIJRI_YEAR.search(text) else []
    hijri = [h for h in hijri if not any(h.start < g.end and g.start < h.end for g in gregorian)]
    mentions = gregorian or hijri
    if not mentions:
        return None
    blanked = [(m.start, m.end) for m in gregorian + hijri]
    labels = []
    candidates = []
    for index, mention in enumerate(mentions):
        segment_start = mentions[index - 1].end if index else 0
        segment_end = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        time_found = _time_near(text, mention.end, segment_end, segment_start)
        time, time_match = time_found if time_found else (None, None)
        if time_match is not None:
            blanked.append(time_match.span())
        zone_from = time_match.end() if time_match is not None else mention.end
        zone, zone_spans = _zone_near(text, zone_from, segment_end, time_match)
        blanked.extend(zone_spans)
        kind, phrase = _last_label(text[segment_start:mention.start])
        if phrase:
            labels.append(phrase)
        candidates.append((mention, time, zone, kind))
    characters = list(text)
    for start, end in blanked:
        characters[start:end] = " " * (end - start)
    rest = "".join(characters)
    rest = f" {normalize_for_matching(rest)} "
    for phrase in labels:
        rest = rest.replace(f" {phrase} ", " ", 1)
    weekdays = date_lexicon().weekdays
    leftover = sum(1 for word in rest.split() if word not in weekdays and len(word) > 1)
    chosen = (
        next((c for c in candidates if c[3] == LABEL_PUBLISHED), None)
        or next((c for c in candidates if c[3] is None), None)
        or candidates[0]
    )
    mention, time, zone, kind = chosen
    return DateLine(day=mention.day, time=time, zone=zone, label=kind, leftover_words=leftover)


def page_date_lines(lines: list[str]) -> tuple[tuple[int, DateLine], ...]:
    """(index, its date) of each line that states a date and is short enough to be a date line.
    The page analysis and the date choice both use them: callers work them out once per page."""
    found = []
    for index, line in enumerate(lines):
        if not line.strip() or len(line) > MAX_DATE_LINE_CHARS:
            continue
        parsed = parse_date_line(line)
        if parsed is not None:
            found.append((index, parsed))
    return tuple(found)


def _day_candidates(lines: list[str], not_after: dt.date | None, dated: tuple[tuple[int, DateLine], ...] | None):
    for index, parsed in page_date_lines(lines) if dated is None else dated:
        if parsed.label == LABEL_UPDATED:
            continue
        if not_after is not None and parsed.day > not_after:
            continue
        yield index, parsed


def _nearest_header_date(header: list[tuple[int, DateLine]], headline_index: int | None):
    """Below the headline beats above it; among either, the date nearest the headline."""
    if headline_index is None:
        return header[0]
    below = [c for c in header if c[0] > headline_index]
    if below:
        return below[0]
    return header[-1]


def find_publication_date(
    lines: list[str],
    header_end: int,
    not_after: dt.date | None = None,
    headline_index: int | None = None,
    dated: tuple[tuple[int, DateLine], ...] | None = None,
) -> PublicationDate | None:
    """The publication date the page's text states (ranks 2, 4 and 6 of the module docstring).

    `header_end` is the index of the first body paragraph: date lines above it are header dates.
    A labelled date below the header counts only when it is the page's only labelled day.
    `dated`: the page's `page_date_lines`, when the caller has them.
    """
    labelled, header, body = [], [], []
    for index, parsed in _day_candidates(lines, not_after, dated):
        in_header = index < header_end
        if parsed.label == LABEL_PUBLISHED and parsed.leftover_words <= MAX_LEFTOVER_WORDS_HEADER:
            labelled.append((index, parsed, in_header))
        elif in_header and parsed.leftover_words <= MAX_LEFTOVER_WORDS_HEADER:
            header.append((index, parsed))
        elif not in_header and parsed.leftover_words == 0:
            body.append((index, parsed))
    labelled_in_header = [(i, p) for i, p, in_header in labelled if in_header]
    if labelled_in_header:
        index, parsed = labelled_in_header[0]
        return _from_line(index, parsed, DATE_SOURCE_LABEL)
    if header:
        index, parsed = _nearest_header_date(header, headline_index)
        return _from_line(index, parsed, DATE_SOURCE_HEADER)
    if len({p.day for _, p, _ in labelled}) == 1:
        index, parsed, _ = labelled[0]
        return _from_line(index, parsed, DATE_SOURCE_LABEL)
    if not labelled and len({p.day for _, p in body}) == 1:
        index, parsed = body[0]
        return _from_line(index, parsed, DATE_SOURCE_BODY)
    return None


def _from_line(index: int, parsed: DateLine, source: str) -> PublicationDate:
    return PublicationDate(day=parsed.day, published_at=parsed.published_at(), date_source=source, line_index=index)


@functools.lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # slow to import and to warm up: loaded once per process, and only if needed

    return dateparser


# Relative dates ("3 hours ago") need a reference we do not have, so only absolute parsers.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "TIMEZONE": "UTC",
}


def parse_date_value(raw) -> DateLine | None:
    """A metadata date value (ISO 8601, RFC 2822, epoch seconds, free text) -> its DateLine."""
    if isinstance(raw, (dt.datetime, dt.date)):
        raw = raw.isoformat()
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    parsed = parse_date_line(text)
    if parsed is not None and parsed.label != LABEL_UPDATED:
        return parsed
    if len(text) > MAX_DATE_LINE_CHARS:
        return None
    value = _dateparser().parse(text, settings=_DATEPARSER_SETTINGS)
    if value is None:
        return None
    has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
    return DateLine(
        day=value.date(),
        time=value.time().replace(second=0, microsecond=0) if has_time else None,
        zone=value.tzinfo,
        label=None,
        leftover_words=0,
    )


_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?=/|$|[-_.])"
    r"|(?<![\d])(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)(?!\d)"
)
_PATH_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/")


def _date_from_match(match: re.Match | None) -> dt.date | None:
    if match is None:
        return None
    year = match.group("y") or match.groupdict().get("y2")
    month = match.group("m") or match.groupdict().get("m2")
    day = match.group("d") or match.groupdict().get("d2")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_from_url(url: str | None) -> dt.date | None:
    """`/2024/01/25/` or `2024-01-25` in a URL's path. A year and month alone are not a date."""
    if not url:
        return None
    return _date_from_match(_URL_DATE.search(unquote(urlsplit(url).path)))


def date_from_path(path: str | None) -> dt.date | None:
    """`/2024/01/25/` among an input path's folders (a mirrored site), else None."""
    if not path:
        return None
    return _date_from_match(_PATH_DATE.search(path.replace("\\", "/")))


def _midnight(day: dt.date, source: str) -> PublicationDate:
    return PublicationDate(day=day, published_at=dt.datetime.combine(day, dt.time(0, 0), dt.timezone.utc), date_source=source)


def _text_value(value) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def date_evidence_from_metadata(metadata: dict) -> tuple[str | None, str | None]:
    """(publisher's date, crawl date) from a reader's `Document.metadata`.

    Readers put the input's raw date in `published` (JSONL `published`/`date_publish`, the HTML
    page's meta date) and the date found in the HTML, when it differs, in `page_published`. For
    WARC records (`format` "warc") `published` is the WARC-Date, the moment the crawler fetched
    the page: the crawl date, not the publication date; the page's own date is `page_published`.
    """
    published = _text_value(metadata.get("published"))
    page_published = _text_value(metadata.get("page_published"))
    if str(metadata.get("format", "")).lower() == "warc":
        return page_published, published
    return published or page_published, None


def resolve_publication_date(
    lines: list[str],
    header_end: int,
    headline_index: int | None = None,
    *,
    published: str | None = None,
    crawled: str | None = None,
    url: str | None = None,
    input_path: str | None = None,
    not_after: dt.date | None = None,
    dated: tuple[tuple[int, DateLine], ...] | None = None,
) -> PublicationDate | None:
    """The publication date from every piece of evidence, by the precedence in the module docstring.
    `dated`: the page's `page_date_lines`, when the caller has them."""
    crawl = parse_date_value(crawled) if crawled else None
    if crawl is not None:
        crawl_bound = crawl.day + CRAWL_DATE_SLACK
        not_after = crawl_bound if not_after is None else min(not_after, crawl_bound)

    def acceptable(day: dt.date | None) -> bool:
        return day is not None and (not_after is None or day <= not_after)

    text = find_publication_date(lines, header_end, not_after=not_after, headline_index=headline_index, dated=dated)
    strong_text = text if text and text.date_source in (DATE_SOURCE_LABEL, DATE_SOURCE_HEADER) else None

    meta = parse_date_value(published) if published else None
    if meta is not None and acceptable(meta.day):
        if strong_text and meta.in_utc_or_no_zone() and abs((strong_text.day - meta.day).days) == 1:
            return strong_text
        return PublicationDate(day=meta.day, published_at=meta.published_at(), date_source=DATE_SOURCE_METADATA)
    if text and text.date_source == DATE_SOURCE_LABEL and text.line_index is not None and text.line_index < header_end:
        return text
    for day, source in ((date_from_url(url), DATE_SOURCE_URL), (date_from_path(input_path), DATE_SOURCE_PATH)):
        if not acceptable(day):
            continue
        if text and text.day == day:
            return text
        if source == DATE_SOURCE_URL or not strong_text:
            return _midnight(day, source)
    return text


def page_publication_date(
    lines: list[str],
    header_end: int,
    headline_index: int | None,
    metadata: dict,
    input_path: str,
    not_after: dt.date | None = None,
    dated: tuple[tuple[int, DateLine], ...] | None = None,
):
    """`resolve_publication_date` with the evidence a reader put in a document's metadata."""
    published, crawled = date_evidence_from_metadata(metadata)
    return resolve_publication_date(
        lines,
        header_end,
        headline_index,
        published=published,
        crawled=crawled,
        url=metadata.get("url"),
        input_path=input_path,
        not_after=not_after,
        dated=dated,
    )
