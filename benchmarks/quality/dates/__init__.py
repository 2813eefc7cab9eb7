"""Date quality harness: our labelled snippets through the publication-date logic, scored per language.

`snippets.jsonl` holds page excerpts we wrote ourselves, modelled on real layouts (menus above
the date, "last updated" bars, bylines with dates, dated related links and comments, event dates
in the body, metadata and URL evidence). Each record: `id`, `lang`, `note`, `lines`,
`expected_date` ("YYYY-MM-DD", or null when the page states no publication date), and optionally
`metadata` (as a reader fills `Document.metadata`) and `input_path`.

Scores, per language and overall:
- exact: dated snippets given the right day, over dated snippets;
- wrong: snippets given a day that is not the expected one (any day for an undated snippet), over all;
- null: dated snippets given no day, over dated snippets.

`--baseline` adds two comparisons: a first-match dateparser scan of the lines (what a naive
extractor does), and our logic with dateparser tried on the short header lines our grammar
cannot read (the measurement behind using dateparser only for metadata values).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from transforms.text.dates import MAX_LEFTOVER_WORDS_HEADER, page_publication_date, parse_date_line
from transforms.text.lines import analyse_page

SNIPPETS = Path(__file__).with_name("snippets.jsonl")
# The harness runs as if on this day, so "future" means the same thing on every machine.
RUN_DAY = dt.date(2025, 12, 31)
NOT_AFTER = RUN_DAY + dt.timedelta(days=1)


def load_snippets(path: Path = SNIPPETS) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predict(snippet: dict) -> dt.date | None:
    """The day newsbeam gives the snippet, by the same calls ExtractMetadata makes."""
    lines = snippet["lines"]
    metadata = snippet.get("metadata", {})
    layout = analyse_page(lines)
    found = page_publication_date(
        lines,
        layout.header_end,
        layout.headline_index,
        metadata,
        snippet.get("input_path", f"/snippets/{snippet['id']}.txt"),
        not_after=NOT_AFTER,
    )
    return found.day if found else None


@dataclasses.dataclass
class Score:
    snippets: int = 0
    dated: int = 0
    exact: int = 0
    wrong: int = 0
    null_on_dated: int = 0

    def add(self, expected: dt.date | None, got: dt.date | None) -> None:
        self.snippets += 1
        self.dated += expected is not None
        self.exact += expected is not None and got == expected
        self.wrong += got is not None and got != expected
        self.null_on_dated += expected is not None and got is None

    @property
    def exact_rate(self) -> float:
        return self.exact / self.dated if self.dated else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.snippets if self.snippets else 0.0

    @property
    def null_rate(self) -> float:
        return self.null_on_dated / self.dated if self.dated else 0.0


def evaluate(
    snippets: list[dict], predictor: Callable[[dict], dt.date | None] = predict
) -> tuple[dict[str, Score], list[tuple[dict, dt.date | None]]]:
    """Scores per language (and "all"), and the snippets the predictor got wrong or left null."""
    scores: dict[str, Score] = {}
    misses = []
    for snippet in snippets:
        expected = dt.date.fromisoformat(snippet["expected_date"]) if snippet["expected_date"] else None
        got = predictor(snippet)
        for key in (snippet["lang"], "all"):
            scores.setdefault(key, Score()).add(expected, got)
        if got != expected:
            misses.append((snippet, got))
    return scores, misses


def _dateparser():
    import dateparser

    return dateparser


def predict_dateparser_first_match(snippet: dict) -> dt.date | None:
    """Baseline: the first line dateparser reads as a date, as a naive extractor would."""
    settings = {"RELATIVE_BASE": dt.datetime.combine(RUN_DAY, dt.time(12, 0))}
    for line in snippet["lines"]:
        value = _dateparser().parse(line, languages=[snippet["lang"]], settings=settings)
        if value is not None:
            return value.date()
    return None


def predict_with_dateparser_on_header_lines(snippet: dict) -> dt.date | None:
    """Ours, but when our logic finds no date, dateparser on short header lines we cannot read."""
    ours = predict(snippet)
    if ours is not None:
        return ours
    lines = snippet["lines"]
    layout = analyse_page(lines)
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["custom-formats", "absolute-time"]}
    for index in range(layout.header_end):
        line = lines[index]
        if parse_date_line(line) is not None or not any(ch.isdigit() for ch in line):
            continue
        if len(line.split()) > MAX_LEFTOVER_WORDS_HEADER + 4:
            continue
        value = _dateparser().parse(line, languages=[snippet["lang"]], settings=settings)
        if value is not None and value.date() <= NOT_AFTER:
            return value.date()
    return None


def format_scores(title: str, scores: dict[str, Score]) -> str:
    rows = [f"{title}", f"  {'lang':<5}{'snippets':>9}{'dated':>7}{'exact':>8}{'wrong':>8}{'null':>8}"]
    for key in sorted(scores, key=lambda k: (k == "all", k)):
        s = scores[key]
        rows.append(
            f"  {key:<5}{s.snippets:>9}{s.dated:>7}{s.exact_rate:>8.1%}{s.wrong_rate:>8.1%}{s.null_rate:>8.1%}"
        )
    return "\n".join(rows)
