"""WriteParquetShardsFn keeps its row buffer within --write-buffer-mb and loses no row doing so."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
from apache_beam.utils.windowed_value import WindowedValue

from transforms.document import Document
from transforms.write import RunInfo, WriteParquetShardsFn

STARTED = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def _documents(count: int, sources: int, body_chars: int) -> list[Document]:
    return [
        Document(
            doc_id=f"doc-{index:04d}",
            input_path=f"/in/{index}.txt",
            raw_text="",
            title=f"Story {index}",
            body=f"Paragraph of story {index}. " + "x" * body_chars,
            source_slug=f"site-{index % sources}",
            published_date=dt.date(2026, 1, 1 + index % 3),
        )
        for index in range(count)
    ]


def _write(docs: list[Document], run: RunInfo) -> tuple[list, int]:
    """All shards the DoFn emits, and the most bytes it ever held buffered."""
    write = WriteParquetShardsFn(run)
    write.start_bundle()
    shards, most_buffered = [], 0
    for doc in docs:
        shards += list(write.process(doc))
        most_buffered = max(most_buffered, write.total_buffered_bytes)
    shards += [output.value if isinstance(output, WindowedValue) else output for output in write.finish_bundle()]
    return shards, most_buffered


def test_a_full_buffer_writes_the_fullest_partitions_early_and_every_row_once(tmp_path):
    run = RunInfo(run_id="r", output=str(tmp_path), started_at=STARTED, inputs=(), write_buffer_mb=1)
    docs = _documents(count=240, sources=4, body_chars=20_000)  # about 10 MB of rows in 12 partitions

    shards, most_buffered = _write(docs, run)

    assert most_buffered <= 1024 * 1024 + 30_000  # the limit plus the one row that crossed it
    assert len(shards) > 12  # partitions were flushed more than once
    written_ids = [doc_id for shard in shards for doc_id in pq.read_table(shard.temp_path)["doc_id"].to_pylist()]
    assert sorted(written_ids) == sorted(doc.doc_id for doc in docs)
    assert sum(shard.rows for shard in shards) == len(docs)
    for shard in shards:
        table = pq.read_table(shard.temp_path)
        source, day = shard.partition.split("/")
        expected = {(f"source=site-{int(i.split('-')[1]) % 4}", f"date=2026-01-0{1 + int(i.split('-')[1]) % 3}")
                    for i in table["doc_id"].to_pylist()}
        assert expected == {(source, day)}


def test_under_the_buffer_limit_each_partition_gets_one_file(tmp_path):
    run = RunInfo(run_id="r", output=str(tmp_path), started_at=STARTED, inputs=())
    docs = _documents(count=240, sources=4, body_chars=2_000)

    shards, _ = _write(docs, run)

    assert len(shards) == 12
    assert sorted(shard.partition for shard in shards) == sorted({
        f"source=site-{i % 4}/date=2026-01-0{1 + i % 3}" for i in range(240)
    })
    assert sum(shard.rows for shard in shards) == 240


def test_files_keep_statistics_for_pruning_columns_but_not_whole_bodies(tmp_path):
    run = RunInfo(run_id="r", output=str(tmp_path), started_at=STARTED, inputs=())
    docs = _documents(count=30, sources=1, body_chars=3_000)
    for index, doc in enumerate(docs):
        doc.published_at = dt.datetime(2026, 1, 1 + index % 3, 8, tzinfo=dt.timezone.utc)
        doc.language = "en"

    shards, _ = _write(docs, run)

    for shard in shards:
        row_group = pq.ParquetFile(shard.temp_path).metadata.row_group(0)
        chunks = {row_group.column(i).path_in_schema: row_group.column(i) for i in range(row_group.num_columns)}
        # A warehouse skips files by these: a day's rows have that day's timestamps only.
        published = chunks["published_at"].statistics
        assert published.has_min_max and published.min.date() == published.max.date()
        assert chunks["language"].statistics.has_min_max
        # Min/max of the body would copy two whole articles into the footer of every file.
        assert not chunks["body"].is_stats_set
        assert chunks["body"].compression == "ZSTD"
        assert chunks["body"].total_compressed_size < sum(len(doc.body) for doc in docs) // 3 / 4
