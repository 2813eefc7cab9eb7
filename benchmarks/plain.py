"""The reference: the pipeline's own per-document code in a plain Python loop, no Beam runner.

    .venv/bin/python -m benchmarks.plain --corpus DIR --output DIR [--topic-model DIR] [--formats txt,html,jsonl]
    .venv/bin/python -m cProfile -o plain.prof -m benchmarks.plain --corpus DIR --output DIR

Each stage calls the very methods the Beam stages run (`DecodeFileFn.process`,
`ExtractMetadataFn`/`StripBoilerplateFn.process`, dedup's `fingerprint_document`,
`cluster_fingerprints`, `decide_cluster` and `ApplyDecisionsFn`, `DetectLanguageFn.process`,
`TopicModelHandler.run_inference` in batches of the handler's size, `WriteParquetShardsFn`), outside
any pipeline: Beam's metric counters are no-ops there. So the difference to a Beam run is the
runner's own cost, and the time of each stage here is that stage's share of the work. Like the
pipeline's shuffles, dedup holds every cleaned document until it has decided.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import glob
import json
import os
import sys
import time

from apache_beam.io.filesystem import FileMetadata
from apache_beam.pvalue import TaggedOutput

from pipeline.graph import FUTURE_DATE_SLACK
from transforms.boilerplate import StripBoilerplateFn
from transforms.classify import DEFAULT_MIN_TOPIC_SCORE, AttachTopicFn, TopicModelHandler
from transforms.dedup import DedupConfig, fold_in_memory
from transforms.templates import learn_templates_in_memory
from transforms.text.templates import TemplateThresholds
from transforms.extract import ExtractMetadataFn
from transforms.language import DetectLanguageFn
from transforms.read import FILES_DECODED, DecodeFileFn
from transforms.stage import DEAD_LETTERS, FILTERED, FOLDED
from transforms.write import RunInfo, WriteParquetShardsFn

STAGES = ("read", "extract+clean", "dedup", "language", "classify", "write")


class StageClock:
    """Seconds spent per stage, added up over every call."""

    def __init__(self):
        self.seconds = dict.fromkeys(STAGES, 0.0)

    @contextlib.contextmanager
    def __call__(self, stage: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started


def _split(outputs, counts: collections.Counter) -> list:
    """The main-output elements of a DoFn call; tagged outputs are only counted by tag."""
    main = []
    for output in outputs:
        if isinstance(output, TaggedOutput):
            counts[output.tag] += 1
        else:
            main.append(output)
    return main


def fold_duplicates(docs: list, config: DedupConfig, counts: collections.Counter) -> list:
    """DedupHeadlines without a runner; folds are only counted. Empties `docs`: each document is
    freed once its decision is applied, as a runner drops a join's group."""
    return _split(fold_in_memory(docs, config, release_inputs=True), counts)


def read_and_clean(paths: list[str], run_day: dt.date, clock: StageClock, counts: collections.Counter) -> list:
    """ReadNews, ExtractMetadata, LearnSourceTemplates and StripBoilerplate over `paths`: the
    cleaned documents. Templates are learned from every extracted document first, as in Beam."""
    read_fn = DecodeFileFn()
    read_fn.setup()  # as on a worker: the garbage collector's thresholds, the HTML extractor
    extract_fn = ExtractMetadataFn(run_day + FUTURE_DATE_SLACK)
    clean_fn = StripBoilerplateFn(keep_removed=False)  # as `newsbeam run` without --keep-removed
    extracted = []
    for path in paths:
        with clock("read"):
            outcomes = list(read_fn.process(FileMetadata(path, 0)))
        counts["read"] += sum(getattr(outcome, "tag", None) != FILES_DECODED for outcome in outcomes)
        for doc in _split(outcomes, counts):
            with clock("extract+clean"):
                extracted += _split(extract_fn.process(doc), counts)
    read_fn.teardown()  # the HTML extractor's child process, started on the first page
    with clock("extract+clean"):
        templates = collections.defaultdict(list, learn_templates_in_memory(extracted, TemplateThresholds()))
        clean_fn.start_bundle()
        return [cleaned for doc in extracted for cleaned in _split(clean_fn.process(doc, templates), counts)]


def run_plain(paths: list[str], output: str, topic_model: str | None = None,
              min_topic_score: float = DEFAULT_MIN_TOPIC_SCORE, dedup: DedupConfig = DedupConfig()) -> dict:
    """Runs every stage over `paths`; returns counts, seconds per stage and the total."""
    started_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    run = RunInfo(run_id="plain", output=output, started_at=started_at, inputs=tuple(paths))
    clock, counts = StageClock(), collections.Counter()
    total_started, cpu_started = time.perf_counter(), time.process_time()
    cleaned = read_and_clean(paths, started_at.date(), clock, counts)
    with clock("dedup"):
        survivors = fold_duplicates(cleaned, dedup, counts)

    language_fn = DetectLanguageFn()
    handler = TopicModelHandler(topic_model, min_topic_score)
    attach_fn = AttachTopicFn()
    write_fn = WriteParquetShardsFn(run)
    with clock("language"):
        language_fn.setup()
    with clock("classify"):
        model = handler.load_model()
    write_fn.start_bundle()
    shards = []
    batch_size = handler.batch_elements_kwargs()["max_batch_size"]
    for start in range(0, len(survivors), batch_size):
        with clock("language"):
            batch = [d for doc in survivors[start:start + batch_size] for d in _split(language_fn.process(doc), counts)]
        with clock("classify"):
            batch = [d for result in handler.run_inference(batch, model) for d in attach_fn.process(result)]
        with clock("write"):
            shards += [shard for doc in batch for shard in write_fn.process(doc)]
    with clock("write"):
        shards += [windowed.value for windowed in write_fn.finish_bundle()]

    return {
        "documents_read": counts["read"],
        "rows_written": sum(shard.rows for shard in shards),
        "duplicates_folded": counts[FOLDED],
        "filtered": counts[FILTERED],
        "errors": counts[DEAD_LETTERS],
        "stage_seconds": clock.seconds,
        "total_seconds": time.perf_counter() - total_started,
        "cpu_seconds": time.process_time() - cpu_started,
    }


def corpus_paths(corpus: str, extensions: tuple[str, ...] = ("txt",)) -> list[str]:
    """The corpus files of these extensions, in a fixed order."""
    return sorted(path for ext in extensions for path in glob.glob(os.path.join(corpus, "shard-*", f"*.{ext}")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="a folder written by benchmarks.corpus")
    parser.add_argument("--output", required=True, help="where the Parquet shards go")
    parser.add_argument("--topic-model", default=None, help="topic model directory (default: the shipped one)")
    parser.add_argument("--formats", default="txt", help="file extensions to read (default: txt)")
    args = parser.parse_args(argv)
    result = run_plain(corpus_paths(args.corpus, tuple(args.formats.split(","))), args.output, args.topic_model)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
