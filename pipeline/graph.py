"""The pipeline graph: Read -> Extract -> Clean -> Dedup -> Language -> Classify -> Write."""

from __future__ import annotations

import datetime as dt

import apache_beam as beam

from pipeline.options import load_source_map
from transforms.boilerplate import StripBoilerplate
from transforms.classify import ClassifyTopic
from transforms.dedup import DedupConfig, DedupHeadlines, ReadDedupState, WriteDedupStateShardsFn
from transforms.extract import ExtractMetadata
from transforms.language import DetectLanguage
from transforms.read import ReadNews
from transforms.write import RunInfo, WriteRun

# A page dated after the run day (plus a day of time-zone slack) is not stating its publication date.
FUTURE_DATE_SLACK = dt.timedelta(days=1)


def build(p: beam.Pipeline, patterns: list[str], run: RunInfo, news) -> beam.PCollection:
    """Adds the whole job to `p`; returns the PCollection holding the run manifest."""
    read = p | "ReadNews" >> ReadNews(patterns, encoding=news.encoding, input_format=news.input_format)
    source_map = load_source_map(news.source_map) if news.source_map else None
    extracted = read.documents | "ExtractMetadata" >> ExtractMetadata(
        run.started_at.date() + FUTURE_DATE_SLACK, news.source_from_path, source_map
    )
    cleaned = extracted.documents | "StripBoilerplate" >> StripBoilerplate()
    dedup_config = DedupConfig(
        min_headline_similarity=news.dedup_headline_similarity,
        min_near_similarity=news.dedup_near_similarity,
        num_perm=news.dedup_minhash_perm,
        bands=news.dedup_minhash_bands,
    )
    already_written = p | "ReadDedupState" >> ReadDedupState(run.dedup_state) if run.dedup_state else None
    deduped = cleaned.documents | "DedupHeadlines" >> DedupHeadlines(dedup_config, already_written)
    languages = deduped.documents | "DetectLanguage" >> DetectLanguage()
    classified = languages.documents | "ClassifyTopic" >> ClassifyTopic(news.topic_model, news.min_topic_score)

    dead_letters = (
        read.dead_letters,
        extracted.dead_letters,
        cleaned.dead_letters,
        languages.dead_letters,
    ) | "AllDeadLetters" >> beam.Flatten()
    read_outcomes = (read.documents, read.dead_letters) | "AllReadOutcomes" >> beam.Flatten()
    return {
        "documents": classified,
        "dead_letters": dead_letters,
        "filtered": cleaned.filtered,
        "folded": deduped.folded,
        "read": read_outcomes,
        "state_files": (
            deduped.state_rows | "WriteDedupState" >> beam.ParDo(WriteDedupStateShardsFn(run.dedup_state_temporary_dir))
            if run.dedup_state
            else p | "NoDedupStateFiles" >> beam.Create([])
        ),
    } | "WriteRun" >> WriteRun(run)
