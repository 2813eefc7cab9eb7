"""NewsOptions: every user-facing option of `newsbeam run`, documented, in one place.

They are Beam pipeline options, so they travel with the job to any runner and mix freely with
Beam's own (`--runner`, `--direct_num_workers`, `--s3_endpoint_url`, ...).
"""

from __future__ import annotations

import argparse

from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from transforms.classify import DEFAULT_MIN_TOPIC_SCORE
from transforms.dedup import (
    DEFAULT_BANDS,
    DEFAULT_MIN_HEADLINE_SIMILARITY,
    DEFAULT_MIN_NEAR_SIMILARITY,
    DEFAULT_NUM_PERM,
)
from transforms.text.sources import SourceMap, check_path_template, parse_source_map
from transforms.text.templates import DEFAULT_MIN_DOCUMENTS, DEFAULT_MIN_SHARE
from transforms.write import DEFAULT_MAX_ROWS_PER_FILE, DEFAULT_WRITE_BUFFER_MB
from transforms.write_streaming import DEFAULT_WINDOW_SECONDS

DEFAULT_RUNNER = "FnApiRunner"
DEFAULT_WATCH_INTERVAL_SECONDS = 60.0
DEFAULT_DEDUP_TTL_DAYS = 7.0


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{text} is not between 0 and 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError(f"{text} is not a positive number")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(f"{text} is not a positive integer")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(f"{text} is negative")
    return value


def load_source_map(path: str) -> SourceMap:
    """The alias -> canonical map in a local or remote (s3://...) CSV or JSON file."""
    with FileSystems.open(path) as handle:
        return parse_source_map(handle.read().decode("utf-8"), path)


def _source_map_file(path: str) -> str:
    try:
        load_source_map(path)
    except Exception as error:  # noqa: BLE001 - a missing or malformed map is a usage error
        raise argparse.ArgumentTypeError(f"{path!r} is not a usable source map: {error}") from error
    return path


def _path_template(template: str) -> str:
    try:
        return check_path_template(template)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


_fraction.__name__ = "fraction between 0 and 1"
_positive_int.__name__ = "positive integer"
_non_negative_int.__name__ = "non-negative integer"
_positive_float.__name__ = "positive number"


class NewsOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        group = parser.add_argument_group("input and output") if hasattr(parser, "add_argument_group") else parser
        group.add_argument(
            "--input",
            dest="input",
            action="append",
            metavar="PATH_OR_GLOB",
            help="Raw news to read: a file, a directory (read recursively) or a glob such as "
            "'data/2024-*/*.txt'. Local paths and any Beam file system (s3://...). Repeat to read "
            "several. Names starting with '.' or '_' are skipped.",
        )
        group.add_argument(
            "--output",
            dest="output",
            metavar="DIR",
            help="Where the Parquet dataset goes: DIR/source=<slug>/date=<YYYY-MM-DD>/part-<run>-<n>.parquet, "
            "plus DIR/_errors/, DIR/_filtered/, DIR/_duplicates/ (JSONL) and the run manifest DIR/_runs/<run>.json.",
        )
        group.add_argument(
            "--encoding",
            dest="encoding",
            default=None,
            help="Decode every input with this encoding (e.g. cp1256) instead of detecting it "
            "(default: UTF-8, else detected by charset-normalizer).",
        )
        group.add_argument(
            "--format",
            dest="input_format",
            choices=("auto", "txt", "html", "jsonl", "warc"),
            default="auto",
            help="Read every input as this format instead of detecting it (default: auto: WARC and HTML "
            "by their content, otherwise by extension: .txt, .html/.htm, .jsonl/.json, .warc; gzip, "
            "bzip2 and zstd compression are undone by their content whatever the name).",
        )
        group.add_argument(
            "--mode",
            dest="mode",
            choices=("append", "overwrite"),
            default="append",
            help="append (default): add this run's part files next to what is there. overwrite: replace "
            "every partition this run writes (source=/date= folder) with this run's files; other "
            "partitions are left alone.",
        )
        group.add_argument(
            "--source-from-path",
            dest="source_from_path",
            type=_path_template,
            default=None,
            metavar="TEMPLATE",
            help="Take the source from the input path when the document's metadata names none: a template "
            "matched against the end of the path, with {source} for the source and * for any one name, "
            "e.g. '{source}/*' (the folder holding the file) or '{source}-*.txt'. Attributions in the page "
            "text ('Source:', 'المصدر:', bylines) are used only when this does not match.",
        )
        group.add_argument(
            "--source-map",
            dest="source_map",
            type=_source_map_file,
            default=None,
            metavar="FILE",
            help="Merge aliases of one outlet: a CSV file of 'alias,canonical' rows or a JSON object "
            "{\"alias\": \"canonical\"}. An alias matches a source's name (ignoring case, accents and Arabic "
            "letter variants) or its slug; the row then gets the canonical name, and its slug "
            "(the domain when the canonical name is a domain).",
        )
        stages = parser.add_argument_group("stages") if hasattr(parser, "add_argument_group") else parser
        stages.add_argument(
            "--dedup-headline-similarity",
            dest="dedup_headline_similarity",
            type=_fraction,
            default=DEFAULT_MIN_HEADLINE_SIMILARITY,
            help="Two documents with the same normalised headline are one story when the estimated "
            "Jaccard similarity of their bodies' word 3-grams is at least this (default: %(default)s). "
            "The same headline over a different story (a daily 'Weather today') stays two rows.",
        )
        stages.add_argument(
            "--dedup-near-similarity",
            dest="dedup_near_similarity",
            type=_fraction,
            default=DEFAULT_MIN_NEAR_SIMILARITY,
            help="Documents with different headlines are one story when their bodies' estimated Jaccard "
            "similarity is at least this (near-duplicates: another site's copy, an edited headline; "
            "default: %(default)s).",
        )
        stages.add_argument(
            "--dedup-minhash-perm",
            dest="dedup_minhash_perm",
            type=_positive_int,
            default=DEFAULT_NUM_PERM,
            help="MinHash values per body (one-permutation MinHash bins; default: %(default)s). More is a finer "
            "similarity estimate.",
        )
        stages.add_argument(
            "--dedup-minhash-bands",
            dest="dedup_minhash_bands",
            type=_positive_int,
            default=DEFAULT_BANDS,
            help="LSH bands (must divide --dedup-minhash-perm; default: %(default)s). More bands find more "
            "near-duplicate candidates at lower similarity, at the cost of more comparisons.",
        )
        stages.add_argument(
            "--dedup-state",
            dest="dedup_state",
            default=None,
            metavar="DIR",
            help="Folder (local or s3://) keeping the fingerprints of every row already written. With it, "
            "a run folds new copies of stories written by earlier runs instead of writing them again, "
            "and adds the fingerprints of its own rows when it commits. Use the same folder on every run. "
            "A state written with another --dedup-minhash-perm (or by a newsbeam with another fingerprint "
            "format) is refused before the run starts.",
        )
        stages.add_argument(
            "--topic-model",
            dest="topic_model",
            default=None,
            metavar="DIR",
            help="Topic model directory to use instead of the one shipped with newsbeam: one written by "
            "'newsbeam train-topics', a scikit-learn model (sklearn_model.joblib: a fitted pipeline whose "
            "predict_proba takes 'title\\nbody' strings) or an ONNX model (model.onnx, run with onnxruntime; "
            "its input is a string tensor of 'title\\nbody' texts), each of the last two with labels.json "
            "mapping its classes to IPTC qcodes.",
        )
        stages.add_argument(
            "--min-topic-score",
            dest="min_topic_score",
            type=_fraction,
            default=DEFAULT_MIN_TOPIC_SCORE,
            help="Below this probability the topic is left null instead of guessed (default: %(default)s).",
        )
        stages.add_argument(
            "--template-min-docs",
            dest="template_min_docs",
            type=_non_negative_int,
            default=DEFAULT_MIN_DOCUMENTS,
            help="A short line (not the headline, not a paragraph) that one source prints in at least this many "
            "of its documents in the run, under different headlines, is that site's template (menus, footers, "
            "promos) and is removed from the body with the reason 'template' (default: %(default)s; 0 turns "
            "the rule off).",
        )
        stages.add_argument(
            "--template-min-share",
            dest="template_min_share",
            type=_fraction,
            default=DEFAULT_MIN_SHARE,
            help="A template line (see --template-min-docs) must also be in at least this share of its source's "
            "documents in the run (default: %(default)s). Raise it to keep short lines a large source repeats "
            "in only some of its stories.",
        )
        stages.add_argument(
            "--keep-removed",
            dest="keep_removed",
            action="store_true",
            default=False,
            help="Also write the removed boilerplate lines, each prefixed with its reason, in the "
            "list column removed_lines (default: the column is null).",
        )
        stages.add_argument(
            "--max-rows-per-file",
            dest="max_rows_per_file",
            type=_positive_int,
            default=DEFAULT_MAX_ROWS_PER_FILE,
            help="Start a new Parquet file in a partition after this many rows (default: %(default)s).",
        )
        stages.add_argument(
            "--write-buffer-mb",
            dest="write_buffer_mb",
            type=_positive_int,
            default=DEFAULT_WRITE_BUFFER_MB,
            metavar="MB",
            help="Memory for rows waiting to be written, per worker. When it is full, the partitions "
            "holding the most rows are written out, so a large run may leave several files in a "
            "partition; raise it for fewer, larger files (default: %(default)s).",
        )
        stages.add_argument(
            "--run-id",
            dest="run_id",
            default=None,
            help="Name of this run in file names, the run_id column and the manifest "
            "(default: UTC time and a random suffix, e.g. 20240125T102900Z-3f9a1c).",
        )
        streaming = parser.add_argument_group("streaming (with --streaming)") if hasattr(parser, "add_argument_group") else parser
        streaming.add_argument(
            "--watch-interval",
            dest="watch_interval",
            type=_positive_float,
            default=DEFAULT_WATCH_INTERVAL_SECONDS,
            metavar="SECONDS",
            help="How often the inputs are listed for new files (default: %(default)s).",
        )
        streaming.add_argument(
            "--window-seconds",
            dest="window_seconds",
            type=_positive_int,
            default=DEFAULT_WINDOW_SECONDS,
            help="Length of the fixed windows the stream is written in; each window (and each late "
            "pane of it) commits its own files (default: %(default)s, 5 minutes).",
        )
        streaming.add_argument(
            "--dedup-ttl-days",
            dest="dedup_ttl_days",
            type=_positive_float,
            default=DEFAULT_DEDUP_TTL_DAYS,
            metavar="DAYS",
            help="How long a story is remembered to fold later copies; also how late data may arrive and "
            "still be written (default: %(default)s).",
        )
