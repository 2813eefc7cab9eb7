"""DetectLanguage on labelled news (needs ../shared/data): as good as langdetect alone or better."""

from __future__ import annotations

import pytest

from benchmarks.quality.language import DEFAULT_DATA, corpus_sets, labelled_page_set, score
from transforms.language import DetectLanguageFn

PER_SET = 400


@pytest.fixture(scope="module")
def scores():
    if not (DEFAULT_DATA / "bbc" / "bbc.jsonl.gz").exists():
        pytest.skip(f"corpora not found under {DEFAULT_DATA} (they live in ../shared/data beside the repo)")
    fn = DetectLanguageFn()
    fn.setup()
    sets = {name: pairs[:PER_SET] for name, pairs in corpus_sets(DEFAULT_DATA).items()}
    return {name: score(fn, pairs) for name, pairs in {**sets, "boilerplate pages": labelled_page_set()}.items()}


def test_whole_articles_get_the_answer_langdetect_gave(scores):
    for name, result in scores.items():
        if not name.endswith("headlines"):
            assert result.agree == result.texts, (name, result.disagreements)
            assert result.new_right == result.labelled, (name, result.disagreements)


def test_headlines_are_right_at_least_as_often_as_with_langdetect(scores):
    for name, result in scores.items():
        if name.endswith("headlines"):
            assert result.new_right >= result.old_right, (name, result.disagreements)
            assert result.new_right >= 0.95 * result.labelled, (name, result.disagreements)
