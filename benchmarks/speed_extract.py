"""CPU time of the extract+clean stage alone: ExtractMetadataFn, template learning and StripBoilerplateFn.

    .venv/bin/python -m benchmarks.speed_extract --corpus DIR [--limit N]

Decodes the corpus' `.txt` files first (not timed), then runs the very calls of the plain loop's
extract+clean stage (`benchmarks/plain.read_and_clean`) over every document, once, in this fresh
process (so per-worker caches start empty, as in a pipeline), and prints documents per CPU-second
(`time.process_time`, which other load on the machine changes little). Run it several times and
take the best: the machine is shared.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import sys
import time

from apache_beam.io.filesystem import FileMetadata

from benchmarks.plain import _split, corpus_paths
from pipeline.graph import FUTURE_DATE_SLACK
from transforms.boilerplate import StripBoilerplateFn
from transforms.extract import ExtractMetadataFn
from transforms.read import DecodeFileFn
from transforms.templates import learn_templates_in_memory
from transforms.text.templates import TemplateThresholds

RUN_DAY = dt.date(2024, 4, 15)


def decoded_documents(paths: list[str]) -> list:
    """The read stage's documents for `paths`."""
    read_fn = DecodeFileFn()
    counts = collections.Counter()
    docs = [doc for path in paths for doc in _split(read_fn.process(FileMetadata(path, 0)), counts)]
    read_fn.teardown()
    return docs


def extract_and_clean(docs: list, counts: collections.Counter) -> list:
    """The cleaned documents: the plain loop's extract+clean calls over `docs`."""
    extract_fn = ExtractMetadataFn(RUN_DAY + FUTURE_DATE_SLACK)
    clean_fn = StripBoilerplateFn(keep_removed=False)  # as `newsbeam run` without --keep-removed
    extracted = [out for doc in docs for out in _split(extract_fn.process(doc), counts)]
    templates = collections.defaultdict(list, learn_templates_in_memory(extracted, TemplateThresholds()))
    clean_fn.start_bundle()
    return [out for doc in extracted for out in _split(clean_fn.process(doc, templates), counts)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="a folder written by benchmarks.corpus")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    args = parser.parse_args(argv)
    docs = decoded_documents(corpus_paths(args.corpus)[: args.limit])
    counts = collections.Counter()
    started = time.process_time()
    cleaned = extract_and_clean(docs, counts)
    seconds = time.process_time() - started
    print(f"{len(docs)} documents, {len(cleaned)} cleaned, {dict(counts)}: {seconds:.3f} CPU s, "
          f"{len(docs) / seconds:,.0f} docs per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
