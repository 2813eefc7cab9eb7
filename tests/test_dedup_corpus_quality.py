"""Dedup against the benchmark corpus' own truth: copies fold, same-headline decoys do not."""

from __future__ import annotations

from benchmarks.corpus import generate_corpus
from benchmarks.quality.dedup_corpus import evaluate


def test_copies_fold_and_daily_headlines_over_new_stories_do_not(tmp_path):
    generate_corpus(str(tmp_path / "corpus"), docs=3000)
    scores = evaluate(str(tmp_path / "corpus"))
    decoys = scores["kinds"]["recurring_headline"]
    assert decoys >= 30, scores
    # Before the containment floor, a third of these decoys folded into another day's story.
    assert scores["wrong_folds_of_recurring_headlines"] <= 0.02 * decoys, scores
    assert scores["precision"] >= 0.995, scores
    assert scores["recall"] >= 0.98, scores
