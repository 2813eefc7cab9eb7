"""Dedup recall and precision on copies built from ANT articles (needs ../shared/data/ant)."""

from __future__ import annotations

import pytest

from benchmarks.quality.dedup import DEFAULT_DATA, evaluate


@pytest.fixture(scope="module")
def scores():
    if not (DEFAULT_DATA / "ant" / "ant.jsonl.gz").exists():
        pytest.skip(f"ANT corpus not found under {DEFAULT_DATA} (it lives in ../shared/data beside the repo)")
    return evaluate(DEFAULT_DATA, articles=800)


def test_dedup_finds_copies_without_folding_different_stories(scores):
    assert scores["recall"] >= 0.95, scores
    assert scores["precision"] >= 0.99, scores
    assert scores["recurring_title_documents"] > 0


def test_every_kind_of_copy_is_mostly_found(scores):
    for kind, recall in scores["recall_per_kind"].items():
        assert recall >= 0.9, (kind, recall)
