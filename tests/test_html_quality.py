"""The HTML quality harness: our news pages through the real pipeline, scored against their article bodies."""

from __future__ import annotations

import pytest

from benchmarks.quality.html import PIPELINE, TRAFILATURA, evaluate, expected_pages

# Floors a little under today's scores (overall word F1 0.989, every language 0.988 or more), so that
# a change to the HTML reader or the line rules that loses article text or keeps page chrome fails here.
MIN_OVERALL_WORD_F1 = 0.96
MIN_WORD_F1_PER_LANGUAGE = 0.85
MIN_WORD_RECALL = 0.98
# Every headline and every stated publication day is found (the undated page: see the last test).
MIN_TITLES_RIGHT = 15
MIN_DATES_RIGHT = 14


@pytest.fixture(scope="module")
def result() -> dict:
    return evaluate()


def test_the_pages_cover_three_languages_with_five_pages_each():
    languages = [page["language"] for page in expected_pages().values()]
    assert {language: languages.count(language) for language in set(languages)} == {"ar": 5, "en": 5, "fr": 5}


def test_every_page_becomes_exactly_one_row(result):
    assert {page.name: page.rows for page in result["pages"] if page.rows != 1} == {}


def test_the_body_holds_the_article_and_little_else(result):
    overall = result["overall"][PIPELINE]
    assert overall.f1 >= MIN_OVERALL_WORD_F1, overall
    assert overall.recall >= MIN_WORD_RECALL, overall
    for language, systems in result["languages"].items():
        assert systems[PIPELINE].f1 >= MIN_WORD_F1_PER_LANGUAGE, (language, systems[PIPELINE])


def test_our_line_rules_improve_on_trafilatura_alone(result):
    ours, alone = result["overall"][PIPELINE], result["overall"][TRAFILATURA]
    assert ours.precision > alone.precision, (ours, alone)
    assert ours.recall >= alone.recall - 0.005, (ours, alone)


def test_headlines_and_publication_days_are_found(result):
    """The undated page (ar_5) is given 2024-01-01 today, guessed from its footer's copyright year."""
    overall = result["overall"][PIPELINE]
    assert overall.titles_right >= MIN_TITLES_RIGHT, overall
    assert overall.dates_right >= MIN_DATES_RIGHT, overall
