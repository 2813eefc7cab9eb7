"""The pipeline graph, with every newsbeam option set, survives Beam's portable representation.

Portable runners (Dataflow, Flink, Spark, Dask via the job service) receive the pipeline as a
runner API proto: every transform by name, every DoFn pickled. A graph that cannot make that
round trip cannot leave this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.pipeline import PipelineVisitor

from pipeline import graph
from pipeline.options import NewsOptions
from tests.conftest import SAMPLE_DIR
from transforms.write import RunInfo

# The stages a user sees in a runner's UI; the batch job reads the --dedup-state fingerprints too.
BATCH_STAGES = {
    "ReadNews", "ReadDedupState", "ExtractMetadata", "StripBoilerplate", "DedupHeadlines", "DetectLanguage",
    "ClassifyTopic", "WriteRun",
}
STREAMING_STAGES = {
    "WatchInput0", "DecodeFiles", "ExtractMetadata", "StripBoilerplate", "StreamingDedup", "DetectLanguage",
    "ClassifyTopic", "WriteWindows",
}


def news_option_actions() -> list[argparse.Action]:
    parser = argparse.ArgumentParser(add_help=False)
    NewsOptions._add_argparse_args(parser)
    return parser._actions


def every_option_set(paths: dict[str, str]) -> list[str]:
    """argv giving each NewsOptions option a value: a path from `paths` for options without a
    default, a choice other than the default, the flag itself, or else the default spelled out."""
    argv = []
    for action in news_option_actions():
        flag = action.option_strings[0]
        if action.nargs == 0:
            argv.append(flag)
        elif action.choices:
            argv += [flag, [choice for choice in action.choices if choice != action.default][-1]]
        elif action.default is not None:
            argv += [flag, str(action.default)]
        else:
            assert action.dest in paths, f"give the new option {flag} a value in this test"
            argv += [flag, paths[action.dest]]
    return argv


def batch_graph(p, patterns, run, news):
    graph.build(p, patterns, run, news)


def streaming_graph(p, patterns, run, news):
    graph.build_streaming(graph.watch_files(p, patterns, news.watch_interval), run, news)


class LeafDoFns(PipelineVisitor):
    """full label of every primitive transform -> its DoFn (None for primitives other than ParDo)."""

    def __init__(self):
        self.found: dict[str, beam.DoFn | None] = {}

    def visit_transform(self, node):
        self.found[node.full_label] = getattr(node.transform, "fn", None)


def leaf_dofns(pipeline: beam.Pipeline) -> dict[str, beam.DoFn | None]:
    visitor = LeafDoFns()
    pipeline.visit(visitor)
    return visitor.found


def class_names(dofns: dict[str, beam.DoFn | None]) -> dict[str, str | None]:
    return {label: type(fn).__name__ if fn is not None else None for label, fn in dofns.items()}


@pytest.mark.parametrize(
    "build, stages",
    [
        pytest.param(batch_graph, BATCH_STAGES, id="batch"),
        pytest.param(streaming_graph, STREAMING_STAGES, id="streaming"),
    ],
)
def test_the_graph_with_every_option_round_trips_through_the_runner_api(build, stages, tmp_path):
    source_map = tmp_path / "sources.csv"
    source_map.write_text("alias,canonical\nNorthgate,The Northgate Courier\n", encoding="utf-8")
    topic_model = tmp_path / "model"
    argv = every_option_set(
        {
            "input": str(SAMPLE_DIR / "*.txt"),
            "output": str(tmp_path / "out"),
            "encoding": "utf-8",
            "source_from_path": "{source}/*",
            "source_map": str(source_map),
            "dedup_state": str(tmp_path / "state"),
            "topic_model": str(topic_model),
            "run_id": "portable",
        }
    )
    options = PipelineOptions(argv + ["--runner", "FnApiRunner"])
    news = options.view_as(NewsOptions)
    run = RunInfo(
        run_id=news.run_id,
        output=news.output,
        started_at=dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc),
        inputs=tuple(news.input),
        keep_removed=news.keep_removed,
        max_rows_per_file=news.max_rows_per_file,
        write_buffer_mb=news.write_buffer_mb,
        dedup_state=news.dedup_state,
        mode=news.mode,
    )
    original = beam.Pipeline(options=options)
    build(original, list(news.input), run, news)

    proto = original.to_runner_api()
    restored = beam.Pipeline.from_runner_api(proto, original.runner, options)

    (root,) = proto.root_transform_ids
    top_level = {proto.components.transforms[t].unique_name for t in proto.components.transforms[root].subtransforms}
    assert stages <= top_level
    restored_dofns = leaf_dofns(restored)
    assert class_names(restored_dofns) == class_names(leaf_dofns(original))
    # The run's settings travel inside the pickled DoFns that write and commit.
    carried = [fn.run for fn in restored_dofns.values() if isinstance(getattr(fn, "run", None), RunInfo)]
    assert carried and all(restored_run == run for restored_run in carried)
