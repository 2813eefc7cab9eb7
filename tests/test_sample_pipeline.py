"""The bundled sample corpus through the whole pipeline: what a user sees in the output."""

from __future__ import annotations

import datetime as dt
import glob
import os

import duckdb
import pyarrow.dataset as pads
import pytest

from tests.conftest import SAMPLE_DIR, by_file, read_jsonl, read_manifest, read_rows, run_cli
from transforms.schema import HIVE_NULL_PARTITION, PARTITIONING

VOLATILE_COLUMNS = ("run_id", "ingested_at")


@pytest.fixture(scope="module")
def rows(sample_run):
    return read_rows(sample_run)


@pytest.fixture(scope="module")
def survivors(rows):
    return by_file(rows)


def _folded_paths(rows):
    return {os.path.basename(path) for row in rows for path in row["duplicate_of_paths"]}


def test_every_input_is_written_or_folded(rows, sample_expected):
    written = {os.path.basename(row["input_path"]) for row in rows}
    assert written | _folded_paths(rows) == set(sample_expected)
    assert not written & _folded_paths(rows)


def test_headline_body_and_date_match_the_page(rows, sample_expected, survivors):
    for name, row in survivors.items():
        expected = sample_expected[name]
        assert row["title"] == expected["title"], name
        assert row["body"].split("\n") == expected["paragraphs"], name
        expected_date = dt.date.fromisoformat(expected["published_date"]) if expected["published_date"] else None
        assert row["date"] == expected_date, name
        assert (row["published_at"] is None) == (expected_date is None), name


def test_no_boilerplate_line_survives_and_the_headline_appears_once(survivors, sample_expected):
    for name, row in survivors.items():
        body_lines = set(row["body"].split("\n"))
        for line in sample_expected[name]["boilerplate_lines"]:
            assert line.strip() not in body_lines, (name, line)
        assert row["title"] not in body_lines, name
        assert row["boilerplate_lines_removed"] == len(row["removed_lines"]) > 0


def test_same_story_from_two_outlets_is_folded_into_one_row(rows, sample_expected):
    groups: dict[str, set[str]] = {}
    for name, expected in sample_expected.items():
        if expected["duplicate_group"]:
            groups.setdefault(expected["duplicate_group"], set()).add(name)
    assert len(groups) == 2
    for members in groups.values():
        row_for_group = [row for row in rows if os.path.basename(row["input_path"]) in members]
        assert len(row_for_group) == 1, members
        survivor = row_for_group[0]
        assert survivor["duplicate_count"] == len(members) - 1
        assert {os.path.basename(p) for p in survivor["duplicate_of_paths"]} == members - {
            os.path.basename(survivor["input_path"])
        }


def test_a_daily_headline_over_different_stories_is_not_folded(survivors):
    for pair in (("ar_weather_1.txt", "ar_weather_2.txt"), ("en_weather_1.txt", "en_weather_2.txt")):
        first, second = (survivors[name] for name in pair)
        assert first["title"] == second["title"]
        assert first["duplicate_count"] == second["duplicate_count"] == 0


def test_undated_pages_land_in_the_hive_null_partition(sample_run, survivors):
    for name in ("ar_undated.txt", "en_undated.txt"):
        row = survivors[name]
        assert row["date"] is None and row["published_at"] is None and row["date_source"] is None
        source = row["source"]
        assert glob.glob(str(sample_run / f"source={source}" / f"date={HIVE_NULL_PARTITION}" / "part-sample-run-*.parquet"))


def test_a_last_updated_header_is_not_the_publication_date(survivors):
    assert survivors["ar_politics_updated.txt"]["date"] == dt.date(2024, 3, 6)
    assert survivors["en_economy_updated.txt"]["date"] == dt.date(2024, 4, 18)


def test_language_source_and_topic_are_filled(survivors, sample_expected):
    for name, row in survivors.items():
        expected = sample_expected[name]
        assert row["language"] == expected["language"], name
        assert row["source"] != "unknown" and row["source_name"], name
        assert row["source_name"] in expected["source"] or expected["source"] in row["source_name"], name
        assert row["topic"] is None or row["topic"].startswith("medtop:"), name
        if row["topic"]:
            assert row["topic_label"] and 0.0 < row["topic_score"] <= 1.0
    assert survivors["en_sport.txt"]["topic"] == "medtop:15000000"
    assert survivors["ar_sport.txt"]["topic"] == "medtop:15000000"


def test_manifest_counts_add_up_and_match_the_files(sample_run, rows):
    manifest = read_manifest(sample_run)
    counts = manifest["counts"]
    assert counts["read"] == len(list(SAMPLE_DIR.glob("*.txt")))
    assert counts["read"] == counts["written"] + counts["duplicates_folded"] + counts["filtered"] + counts["errors"]
    assert counts["written"] == len(rows)
    assert counts["duplicates_folded"] == len(read_jsonl(sample_run, "_duplicates")) == 2
    assert counts["errors"] == len(read_jsonl(sample_run, "_errors")) == 0
    assert sum(manifest["rows_per_source"].values()) == len(rows)
    parquet_files = sorted(
        os.path.relpath(path, sample_run) for path in glob.glob(str(sample_run / "source=*" / "date=*" / "*.parquet"))
    )
    assert sorted(f for f in manifest["files"] if f.endswith(".parquet")) == parquet_files
    assert not (sample_run / "_temporary").exists()


def test_folded_copies_point_at_the_row_they_went_into(sample_run, rows):
    ids = {row["doc_id"]: row for row in rows}
    for record in read_jsonl(sample_run, "_duplicates"):
        survivor = ids[record["folded_into_doc_id"]]
        assert record["input_path"] in survivor["duplicate_of_paths"]
        assert survivor["input_path"] == record["folded_into_path"]


def test_duckdb_reads_the_dataset_with_null_dates(sample_run, rows):
    query = f"""
        SELECT count(*) AS n, count(date) AS dated, count(*) FILTER (WHERE date IS NULL) AS undated
        FROM read_parquet('{sample_run}/**/*.parquet', hive_partitioning = true)
    """
    n, dated, undated = duckdb.connect().execute(query).fetchone()
    assert n == len(rows)
    assert undated == sum(1 for row in rows if row["date"] is None) == 2
    assert dated == n - undated
    date_type = duckdb.connect().execute(
        f"SELECT typeof(date) FROM read_parquet('{sample_run}/**/*.parquet', hive_partitioning = true) "
        "WHERE date IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    assert date_type == "DATE"


def test_pyarrow_needs_the_explicit_partitioning_when_every_row_is_undated(tmp_path):
    output = tmp_path / "out"
    assert run_cli("--input", str(SAMPLE_DIR / "en_undated.txt"), "--output", str(output)) == 0
    dataset = pads.dataset(str(output), format="parquet", partitioning=PARTITIONING, ignore_prefixes=["_", "."])
    table = dataset.to_table()
    assert table.num_rows == 1
    assert str(table.schema.field("date").type) == "date32[day]"
    assert table.column("date").null_count == 1


def test_a_second_run_gives_identical_rows(sample_run, rows, tmp_path):
    output = tmp_path / "again"
    assert run_cli("--input", str(SAMPLE_DIR), "--output", str(output), "--keep-removed") == 0

    def stable(table_rows):
        return sorted(
            ({k: v for k, v in row.items() if k not in VOLATILE_COLUMNS} for row in table_rows),
            key=lambda row: row["doc_id"],
        )

    assert stable(read_rows(output)) == stable(rows)
