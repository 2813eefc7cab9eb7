"""Date grammar for the date lines of news pages, and the choice of the publication date.

We parse with our own grammar rather than dateparser because dateparser does not know the
Levantine/Iraqi month names (كانون الثاني، شباط، آذار ...), reads Arabic "م"/"ص" times wrongly and,
in `search_dates` mode, finds dates in ordinary words; month names, weekdays and time-zone
phrases are data in `lexicons/dates.json`.

Contract of `find_publication_date`: a labelled publication date ("تاريخ النشر", "Published")
beats a date line in the page header (between the top and the first paragraph), which beats a
standalone date line in the body. "Last updated" headers and dates inside sentences are never the
publication date, nor is a date after `not_after`. No evidence means None: we never invent a date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from zoneinfo import ZoneInfo

from transforms.text.lexicons import date_lexicon, line_lexicon
from transforms.text.normalize import fold_digits, normalize_arabic, normalize_for_matching, strip_accents

LABEL_PUBLISHED = "published"
LABEL_UPDATED = "updated"

DATE_SOURCE_LABEL = "text-label"
DATE_SOURCE_HEADER = "text-header"
DATE_SOURCE_BODY = "text-body"

# A date line may carry a few other words (a byline before the date, a city): at most this many.
MAX_LEFTOVER_WORDS_HEADER = 4


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


@dataclasses.dataclass(frozen=True)
class PublicationDate:
    day: dt.date
    published_at: dt.datetime
    date_source: str
    line_index: int


def _light_normalize(text: str) -> str:
    """Folded letters, digits and case, punctuation kept (the grammar needs ':' and '-')."""
    text = unicodedata.normalize("NFKC", text)
    return strip_accents(normalize_arabic(fold_digits(text))).casefold()


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
    return {
        "day_month_year": re.compile(rf"(?<!\d)(?P<d>\d{{1,2}}){ordinal}{sep}{month_pair}\b{sep}(?P<y>\d{{4}})(?!\d)"),
        "month_day_year": re.compile(rf"\b{month_pair}{sep}(?P<d>\d{{1,2}}){ordinal}\b{sep}(?P<y>\d{{4}})(?!\d)"),
        "iso": re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        "numeric_day_first": re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<mo>\d{1,2})[-/.](?P<y>\d{4})(?!\d)"),
        "time": re.compile(
            r"(?<!\d)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?(?:\s*(?P<mer>a\.?\s?m\.?|p\.?\s?m\.?|ص|م)(?!\w))?"
        ),
        "offset": re.compile(r"(?:\b(?:gmt|utc)\s*)?(?P<sign>[+-])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?\b"),
        "zone": re.compile(rf"(?:^|\s)(?P<z>{_alternation(lexicon.timezones)})(?!\w)"),
    }


def _match_day(text: str) -> tuple[dt.date, re.Match] | None:
    grammar = _grammar()
    months = date_lexicon().months
    for name in ("day_month_year", "month_day_year", "iso", "numeric_day_first"):
        for match in grammar[name].finditer(text):
            parts = match.groupdict()
            if parts.get("m"):
                month = months[re.sub(r"\s+", " ", parts["m"])]
            else:
                month = int(parts["mo"])
            day, year = int(parts["d"]), int(parts["y"])
            if name == "numeric_day_first" and month > 12 and day <= 12:
                day, month = month, day
            try:
                return dt.date(year, month, day), match
            except ValueError:
                continue
    return None


def _match_time(text: str) -> tuple[dt.time, re.Match] | None:
    match = _grammar()["time"].search(text)
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["mi"])
    meridiem = (match["mer"] or "").replace(".", "").replace(" ", "")
    if meridiem in ("pm", "م") and hour < 12:
        hour += 12
    elif meridiem in ("am", "ص") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute), match


def _match_zone(text: str, after: int, has_time: bool) -> tuple[dt.tzinfo, list[tuple[int, int]]] | None:
    """A zone stated after position `after`: "GMT+3", "+03:00" right after a time, or "بتوقيت عدن"."""
    grammar = _grammar()
    spans = []
    offset = grammar["offset"].search(text, after)
    named = grammar["zone"].search(text)
    if named:
        spans.append(named.span("z"))
    if offset and ("gmt" in offset.group(0) or "utc" in offset.group(0) or has_time):
        minutes = int(offset["oh"]) * 60 + int(offset["om"] or 0)
        sign = -1 if offset["sign"] == "-" else 1
        spans.append(offset.span())
        return dt.timezone(sign * dt.timedelta(minutes=minutes)), spans
    if named:
        zone_name = date_lexicon().timezones[re.sub(r"\s+", " ", named["z"])]
        return ZoneInfo(zone_name), spans
    return None


def _label_of(normalized_line: str) -> tuple[str | None, str]:
    """The line's label kind and the line with the label removed."""
    lexicon = line_lexicon()
    for kind, labels in ((LABEL_UPDATED, lexicon.updated_labels), (LABEL_PUBLISHED, lexicon.published_labels)):
        for label in labels:
            if normalized_line == label or normalized_line.startswith(label + " "):
                return kind, normalized_line[len(label):]
    return None, normalized_line


def parse_date_line(line: str) -> DateLine | None:
    """The date a short line states, or None when the line states no full date."""
    text = _light_normalize(line)
    found = _match_day(text)
    if not found:
        return None
    day, day_match = found
    spans = [day_match.span()]
    time_found = _match_time(text)
    time = None
    zone_search_from = day_match.end()
    if time_found:
        time, time_match = time_found
        spans.append(time_match.span())
        zone_search_from = max(zone_search_from, time_match.end())
    zone_found = _match_zone(text, zone_search_from, time is not None)
    zone = None
    if zone_found:
        zone, zone_spans = zone_found
        spans.extend(zone_spans)
    rest = "".join(" " if any(a <= i < b for a, b in spans) else ch for i, ch in enumerate(text))
    label, rest = _label_of(normalize_for_matching(rest))
    weekdays = date_lexicon().weekdays
    leftover = [w for w in rest.split() if w not in weekdays and len(w) > 1]
    return DateLine(day=day, time=time, zone=zone, label=label, leftover_words=len(leftover))


def is_date_line(line: str, max_leftover_words: int = 0) -> bool:
    """True for a line that is a date (and a label, weekday, time or zone) and little else."""
    parsed = parse_date_line(line)
    return parsed is not None and parsed.leftover_words <= max_leftover_words


def find_publication_date(
    lines: list[str],
    header_end: int,
    not_after: dt.date | None = None,
) -> PublicationDate | None:
    """The publication date a page states, by the precedence in the module docstring.

    `header_end` is the index of the first body paragraph: date lines above it are header dates.
    """
    best: tuple[int, int, DateLine, str] | None = None
    for index, line in enumerate(lines):
        if not line.strip() or len(line) > 200:
            continue
        parsed = parse_date_line(line)
        if parsed is None or parsed.label == LABEL_UPDATED:
            continue
        if not_after is not None and parsed.day > not_after:
            continue
        if parsed.label == LABEL_PUBLISHED and parsed.leftover_words <= MAX_LEFTOVER_WORDS_HEADER:
            rank, source = 0, DATE_SOURCE_LABEL
        elif index < header_end and parsed.leftover_words <= MAX_LEFTOVER_WORDS_HEADER:
            rank, source = 1, DATE_SOURCE_HEADER
        elif parsed.leftover_words == 0:
            rank, source = 2, DATE_SOURCE_BODY
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, index, parsed, source)
    if best is None:
        return None
    _, index, parsed, source = best
    return PublicationDate(day=parsed.day, published_at=parsed.published_at(), date_source=source, line_index=index)
