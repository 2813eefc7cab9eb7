"""The pipeline graph: Read -> Extract -> Clean -> Dedup -> Language -> Classify -> Write.

Batch and streaming share every stage but three: how files are found (matched once, or watched
with MatchContinuously), how copies are folded (DedupHeadlines over the whole input, or
StreamingDedup with state that expires), and how output is committed (once per run, or once
per window pane).
"""

from __future__ import annotations

import datetime as dt

import apache_beam as beam
from apache_beam.io import fileio

from pipeline import local_runner
from pipeline.options import load_source_map
from transforms.boilerplate import StripBoilerplate
from transforms.classify import ClassifyTopic
from transforms.dedup import DedupConfig, DedupHeadlines, ReadDedupState, WriteDedupStateShardsFn
from transforms.extract import ExtractMetadata
from transforms.language import DetectLanguage
from transforms.read import FILES_DECODED, DecodeFileFn, ReadNews, is_hidden
from transforms.stage import DEAD_LETTERS, DOCUMENTS
from transforms.text.templates import TemplateThresholds
from transforms.streaming_dedup import StreamingDedup
from transforms.write import RunInfo, WriteRun
from transforms.write_streaming import WriteWindows, window_stream

# A page dated after the run day (plus a day of time-zone slack) is not stating its publication date.
FUTURE_DATE_SLACK = dt.timedelta(days=1)


def dedup_config(news) -> DedupConfig:
    return DedupConfig(
        min_headline_similarity=news.dedup_headline_similarity,
        min_near_similarity=news.dedup_near_similarity,
        num_perm=news.dedup_minhash_perm,
        bands=news.dedup_minhash_bands,
    )


def template_thresholds(news) -> TemplateThresholds | None:
    if news.template_min_docs == 0:
        return None
    return TemplateThresholds(min_documents=news.template_min_docs, min_share=news.template_min_share)


def _extract_and_clean(documents, run: RunInfo, news, templates: TemplateThresholds | None = None):
    source_map = load_source_map(news.source_map) if news.source_map else None
    extracted = documents | "ExtractMetadata" >> ExtractMetadata(
        run.started_at.date() + FUTURE_DATE_SLACK, news.source_from_path, source_map
    )
    cleaned = extracted.documents | "StripBoilerplate" >> StripBoilerplate(templates, news.keep_removed)
    return extracted, cleaned


def _language_and_topic(documents, news):
    languages = documents | "DetectLanguage" >> DetectLanguage()
    classified = languages.documents | "ClassifyTopic" >> ClassifyTopic(news.topic_model, news.min_topic_score)
    return languages, classified


def build(p: beam.Pipeline, patterns: list[str], run: RunInfo, news) -> beam.PCollection:
    """Adds the batch job to `p`; returns the PCollection holding the run manifest."""
    local_runner.disable_timed_flushes()
    read = p | "ReadNews" >> ReadNews(patterns, encoding=news.encoding, input_format=news.input_format)
    extracted, cleaned = _extract_and_clean(read.documents, run, news, template_thresholds(news))
    already_written = p | "ReadDedupState" >> ReadDedupState(run.dedup_state, dedup_config(news)) if run.dedup_state else None
    deduped = cleaned.documents | "DedupHeadlines" >> DedupHeadlines(dedup_config(news), already_written)
    languages, classified = _language_and_topic(deduped.documents, news)

    dead_letters = (
        read.dead_letters,
        extracted.dead_letters,
        cleaned.dead_letters,
        languages.dead_letters,
    ) | "AllDeadLetters" >> beam.Flatten()
    # One small mark per input document read or failed, counted for the manifest: flattening the
    # documents themselves would make a local runner hold all of them once more just to count them.
    read_outcomes = (
        read.documents | "MarkDocumentsRead" >> beam.Map(lambda _: 1),
        read.dead_letters | "MarkReadErrors" >> beam.Map(lambda _: 1),
    ) | "AllReadOutcomes" >> beam.Flatten()
    return {
        "documents": classified,
        "dead_letters": dead_letters,
        "filtered": cleaned.filtered,
        "folded": deduped.folded,
        "read": read_outcomes,
        "files_matched": read.files_matched,
        "files_decoded": read.files_decoded,
        "state_files": (
            deduped.state_rows
            | "WriteDedupState" >> beam.ParDo(WriteDedupStateShardsFn(run.dedup_state_temporary_dir, dedup_config(news)))
            if run.dedup_state
            else p | "NoDedupStateFiles" >> beam.Create([])
        ),
    } | "WriteRun" >> WriteRun(run)


def watch_files(p: beam.Pipeline, patterns: list[str], interval_seconds: float) -> beam.PCollection:
    """File metadata of every file that appears under `patterns`, as it appears (each file once)."""
    found = [
        p | f"WatchInput{index}" >> fileio.MatchContinuously(pattern, interval=interval_seconds)
        for index, pattern in enumerate(patterns)
    ]
    return found | "AllWatchedInputs" >> beam.Flatten() | "SkipHiddenFiles" >> beam.Filter(lambda m: not is_hidden(m.path))


def build_streaming(files: beam.PCollection, run: RunInfo, news) -> beam.PCollection:
    """Adds the streaming job over `files` (file metadata arriving over time, e.g. `watch_files`);
    returns the PCollection of pane manifests written."""
    local_runner.disable_timed_flushes()
    read = files | "DecodeFiles" >> beam.ParDo(DecodeFileFn(news.encoding, news.input_format)).with_outputs(
        DEAD_LETTERS, FILES_DECODED, main=DOCUMENTS
    )
    extracted, cleaned = _extract_and_clean(read.documents, run, news)
    deduped = cleaned.documents | "StreamingDedup" >> StreamingDedup(
        dedup_config(news), dt.timedelta(days=news.dedup_ttl_days)
    )
    # Dedup needs the global window (its state outlives any window); everything after it is
    # windowed, so that batching for the topic model happens within a window too.
    lateness = int(dt.timedelta(days=news.dedup_ttl_days).total_seconds())

    def windowed(pcoll, label):
        return window_stream(pcoll, news.window_seconds, lateness, label)

    early_dead_letters = (
        read.dead_letters,
        extracted.dead_letters,
        cleaned.dead_letters,
    ) | "EarlyDeadLetters" >> beam.Flatten()
    languages, classified = _language_and_topic(windowed(deduped.documents, "WindowDocuments"), news)
    windowed_streams = {
        "documents": classified,
        "dead_letters": (windowed(early_dead_letters, "WindowDeadLetters"), languages.dead_letters)
        | "AllDeadLetters" >> beam.Flatten(),
        "filtered": windowed(cleaned.filtered, "WindowFiltered"),
        "folded": windowed(deduped.folded, "WindowFolded"),
    }
    return windowed_streams | "WriteWindows" >> WriteWindows(run)
