"""Dedup quality on the benchmark corpus, whose generator knows every document's story.

`benchmarks.corpus` writes exact copies and near-duplicates (another outlet's page with an added
closing line) of earlier originals, and "recurring headline" decoys: a new story under a daily
headline such as "Weather today in Northgate", which must never fold. Its stories are written
from stock sentences, so two different stories share 15-20% of their word 3-grams: a harder
negative than most real pairs.

    python -m benchmarks.quality.dedup_corpus --corpus DIR

runs the plain loop's read, extract+clean and dedup (`fold_in_memory`) over the corpus' `.txt`
files and prints, as JSON: the folds, the wrong folds (a document folded into another story) by
reason, precision (right folds / folds) and recall (right folds / documents that repeat a story
already in the run).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re

from benchmarks.corpus import _earlier_original, _kind, read_manifest
from benchmarks.plain import corpus_paths
from benchmarks.speed_extract import decoded_documents, extract_and_clean
from transforms.dedup import DedupConfig, fold_in_memory
from transforms.stage import FOLDED

COPIES = ("exact_duplicate", "near_duplicate")


def story_of(path: str, seed: int) -> tuple[int, str]:
    """(index of the original story, kind) of the document a corpus file holds."""
    index = int(re.search(r"doc-(\d+)", os.path.basename(path)).group(1))
    kind = _kind(seed, index)
    return (_earlier_original(seed, index) if kind in COPIES else index), kind


def evaluate(corpus: str, config: DedupConfig = DedupConfig()) -> dict:
    seed = read_manifest(corpus)["parameters"]["seed"]
    docs = extract_and_clean(decoded_documents(corpus_paths(corpus)), collections.Counter())
    stories = {doc.input_path: story_of(doc.input_path, seed) for doc in docs}
    # Every document of a story but one should fold (copies of an original read from HTML or JSONL,
    # not in this run, fold into each other).
    copies = sum(count - 1 for count in collections.Counter(story for story, _ in stories.values()).values())
    folds = [output.value for output in fold_in_memory(docs, config) if getattr(output, "tag", None) == FOLDED]
    wrong = [fold for fold in folds if stories[fold.input_path][0] != stories[fold.folded_into_path][0]]
    right = len(folds) - len(wrong)
    return {
        "documents": len(docs),
        "kinds": dict(collections.Counter(kind for _, kind in stories.values())),
        "foldable_copies": copies,
        "folds": len(folds),
        "wrong_folds": len(wrong),
        "wrong_folds_by_reason": dict(collections.Counter(fold.reason for fold in wrong)),
        "wrong_folds_of_recurring_headlines": sum(1 for fold in wrong if stories[fold.input_path][1] == "recurring_headline"),
        "precision": right / len(folds) if folds else 1.0,
        "recall": right / copies if copies else 1.0,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="a folder written by benchmarks.corpus")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.corpus), indent=2))


if __name__ == "__main__":
    main()
