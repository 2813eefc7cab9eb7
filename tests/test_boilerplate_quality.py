"""The boilerplate quality harness on our labelled pages, the sample and (when present) the seeds."""

from __future__ import annotations

from benchmarks.quality.boilerplate import evaluate, our_pages
from tests.conftest import SEEDS_DIR

# Floors a little under today's scores, so that a rule change that loses article text or lets
# boilerplate through fails here. The target on held-out real pages is content-line F1 >= 0.90.
MIN_F1_PER_LANGUAGE = 0.93
MIN_RECALL_PER_LANGUAGE = 0.97


def test_our_pages_cover_three_languages_with_ten_pages_each():
    languages = [page.language for page in our_pages()]
    assert {language: languages.count(language) for language in set(languages)} == {"ar": 10, "en": 10, "fr": 10}


def test_content_line_f1_per_language_stays_above_its_floor():
    result = evaluate(SEEDS_DIR)
    for language, score in result["languages"].items():
        assert score.f1 >= MIN_F1_PER_LANGUAGE, (language, score, result["errors"])
        assert score.recall >= MIN_RECALL_PER_LANGUAGE, (language, score, result["errors"])
    assert result["collections"]["sample"].f1 == 1.0
