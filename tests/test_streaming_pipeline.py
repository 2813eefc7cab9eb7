"""The streaming pipeline with TestStream: files arriving over time, copies in later windows, late files."""

from __future__ import annotations

import datetime as dt
import glob
import json

import apache_beam as beam
from apache_beam.io.filesystem import FileMetadata
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_stream import TestStream as FileArrivals
from apache_beam.transforms.window import TimestampedValue

from pipeline import graph
from pipeline.options import NewsOptions
from tests.conftest import read_rows
from tests.test_dedup import article_body, page
from transforms.write import RunInfo


def arrival(path, seconds):
    return TimestampedValue(FileMetadata(str(path), path.stat().st_size, seconds), seconds)


def test_stream_writes_each_window_and_folds_copies_across_windows_and_late_files(tmp_path):
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    files = {
        "a.txt": page("Storm closes the harbour", article_body(1), "12 March 2024"),
        "b.txt": page("Storm closes the harbour", article_body(1), "12 March 2024", header="Search", footer="Tags: storm"),
        "c.txt": page("Teachers vote on a new contract", article_body(2), "13 March 2024"),
        "d.txt": page("Teachers vote on a new contract", article_body(2), "13 March 2024", header="Home"),
        "empty.txt": "",
    }
    for name, text in files.items():
        (inputs / name).write_text(text)
    stream = (
        FileArrivals()
        .advance_watermark_to(0)
        .add_elements([arrival(inputs / "a.txt", 10), arrival(inputs / "empty.txt", 20)])
        .advance_watermark_to(400)
        .add_elements([arrival(inputs / "b.txt", 410), arrival(inputs / "c.txt", 450)])
        .advance_watermark_to(1000)
        .add_elements([arrival(inputs / "d.txt", 100)])  # late: its window [0, 300) has closed
        .advance_watermark_to_infinity()
    )
    options = PipelineOptions(["--input", str(inputs), "--output", str(output), "--window-seconds", "300"],
                              runner="BundleBasedDirectRunner")
    options.view_as(StandardOptions).streaming = True
    news = options.view_as(NewsOptions)
    run = RunInfo(run_id="stream-test", output=str(output), started_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                  inputs=(str(inputs),))
    with beam.Pipeline(options=options) as p:
        graph.build_streaming(p | stream, run, news)

    rows = read_rows(output)
    assert sorted(row["input_path"].rsplit("/", 1)[1] for row in rows) == ["a.txt", "c.txt"]
    manifests = [json.loads(open(path).read()) for path in glob.glob(str(output / "_runs" / "stream-test" / "*.json"))]
    totals = {key: sum(m["counts"][key] for m in manifests) for key in ("written", "duplicates_folded", "errors", "filtered")}
    assert totals == {"written": 2, "duplicates_folded": 2, "errors": 1, "filtered": 0}
    windows = {(m["window_start"], m["pane"]["timing"]) for m in manifests}
    assert ("1970-01-01T00:00:00+00:00", "late") in windows  # the late copy got its own pane
    assert len({start for start, _ in windows}) == 2
    written_files = {path for m in manifests for path in m["files"]}
    on_disk = set(glob.glob(str(output / "source=*" / "date=*" / "*.parquet"))) | set(glob.glob(str(output / "_*" / "*.jsonl")))
    assert written_files == on_disk
