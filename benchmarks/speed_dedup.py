"""CPU time of the dedup stage alone: `transforms.dedup.fold_in_memory` over cleaned documents.

    .venv/bin/python -m benchmarks.speed_dedup --corpus DIR [--limit N] [--repeat R] [--cleaned FILE]

Reads, extracts and cleans the corpus' `.txt` files first (not timed), then runs the plain loop's
dedup call (fingerprints, candidate groups, edges, clusters, survivors, and packing documents for
the join) over every cleaned document, and prints documents per CPU-second
(`time.process_time`). The first repeat runs with empty per-process caches, as a fresh worker
does; later repeats show the warm rate. The machine is shared: run it several times.
`--cleaned FILE` pickles the cleaned documents to FILE the first time and reads them from it
afterwards (give it the same --corpus and --limit), so repeated runs at 200,000 documents skip the
read and clean, minutes each.

Before timing, the cleaned documents are moved out of the garbage collector's view (`gc.freeze`):
a runner holds a stage's input encoded, as bytes the collector never scans, but this script holds
it as objects, and at 200,000 documents the collector's passes over them took a quarter of the
time. `--no-freeze` times it with them in view.
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import pickle
import sys
import time

from benchmarks.plain import corpus_paths
from benchmarks.speed_extract import decoded_documents, extract_and_clean
from transforms.dedup import DedupConfig, fold_in_memory
from transforms.stage import DOCUMENTS, FOLDED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="a folder written by benchmarks.corpus")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs over the same documents (default 2)")
    parser.add_argument("--no-freeze", action="store_true", help="leave the input documents in the collector's view")
    parser.add_argument("--cleaned", default=None, help="a pickle of the cleaned documents: read if it exists, else written")
    args = parser.parse_args(argv)
    if args.cleaned and os.path.exists(args.cleaned):
        with open(args.cleaned, "rb") as handle:
            cleaned = pickle.load(handle)
    else:
        cleaned = extract_and_clean(decoded_documents(corpus_paths(args.corpus)[: args.limit]), collections.Counter())
        if args.cleaned:
            with open(args.cleaned, "wb") as handle:
                pickle.dump(cleaned, handle, pickle.HIGHEST_PROTOCOL)
    if not args.no_freeze:
        gc.collect()
        gc.freeze()
    config = DedupConfig()
    for attempt in range(1, args.repeat + 1):
        started = time.process_time()
        outputs = fold_in_memory(cleaned, config)
        seconds = time.process_time() - started
        tags = collections.Counter(getattr(output, "tag", DOCUMENTS) for output in outputs)
        print(f"run {attempt} ({'cold' if attempt == 1 else 'warm'} caches): {len(cleaned)} documents -> "
              f"{tags[DOCUMENTS]} rows + {tags[FOLDED]} folded, {seconds:.3f} CPU s, "
              f"{len(cleaned) / seconds:,.0f} docs per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
