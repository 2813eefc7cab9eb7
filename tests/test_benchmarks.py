"""Smoke test of the benchmark harness: the corpus generator and `benchmarks.run` at a tiny N.

Checks that the report has its fields and that its numbers agree with each other; never timing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from benchmarks import run as bench
from benchmarks.corpus import MANIFEST_NAME, document_story, generate_corpus, outlets
from transforms.text.topics import SHIPPED_MODEL_DIR, train_model

TOPIC_CODES = {"economy": "medtop:04000000", "politics": "medtop:11000000", "sport": "medtop:15000000",
               "health": "medtop:07000000", "culture": "medtop:01000000", "science": "medtop:13000000"}


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def topic_model(tmp_path_factory) -> str:
    """The shipped model, or else a small one trained on generated stories."""
    if (SHIPPED_MODEL_DIR / "metadata.json").exists():
        return str(SHIPPED_MODEL_DIR)
    stories = [document_story(1, index, outlets(1))[1] for index in range(120)]
    model = train_model([(s.headline, "\n".join(s.paragraphs), TOPIC_CODES[s.topic]) for s in stories])
    path = tmp_path_factory.mktemp("topic-model")
    model.save(path)
    return str(path)


def test_corpus_is_seeded_sharded_and_reused(tmp_path):
    first = generate_corpus(str(tmp_path / "a"), 50, seed=7, html_share=0.2, jsonl_share=0.2)
    second = generate_corpus(str(tmp_path / "b"), 50, seed=7, html_share=0.2, jsonl_share=0.2)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert first == second
    assert sum(first["documents_by_format"].values()) == 50 == sum(first["kinds"].values())
    assert all(first["documents_by_format"][fmt] > 0 for fmt in ("txt", "html", "jsonl"))
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [MANIFEST_NAME, "shard-00000"]

    records = (tmp_path / "a" / "shard-00000" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert set(json.loads(records[0])) == {"text", "title", "url", "source", "published"}
    page = next((tmp_path / "a" / "shard-00000").glob("*.txt")).read_text(encoding="utf-8")
    assert 2500 < len(page.encode("utf-8")) < 8000

    manifest = tmp_path / "a" / MANIFEST_NAME
    modified = os.stat(manifest).st_mtime_ns
    assert generate_corpus(str(tmp_path / "a"), 50, seed=7, html_share=0.2, jsonl_share=0.2) == first
    assert os.stat(manifest).st_mtime_ns == modified
    assert generate_corpus(str(tmp_path / "a"), 50, seed=8)["parameters"]["seed"] == 8


def test_benchmark_report_at_tiny_n(tmp_path, topic_model, capsys):
    report_path = tmp_path / "report.json"
    stale = tmp_path / "work" / "out-200-plain" / "_temporary" / "plain" / "earlier-run.parquet"
    stale.parent.mkdir(parents=True)
    pq.write_table(pa.table({"doc_id": ["from an earlier run"]}), stale)
    status = bench.main(["--docs", "200", "--workers", "1", "--no-peers", "--work-dir", str(tmp_path / "work"),
                         "--topic-model", topic_model, "--json", str(report_path), "--rounds", "2"])
    assert status == 0, capsys.readouterr()
    assert "targets (issue 6):" in capsys.readouterr().out
    report = json.loads(report_path.read_text(encoding="utf-8"))

    assert report["benchmark"]["docs"] == 200
    [beam] = report["beam"]
    counts, plain = beam["manifest_counts"], report["plain"]
    in_run = sum(report["corpus"]["documents_by_format"][fmt] for fmt in report["corpus"]["formats_in_run"])
    assert counts["read"] == in_run == plain["documents_read"]
    assert counts["read"] == counts["written"] + counts["duplicates_folded"] + counts["filtered"] + counts["errors"]
    assert beam["parquet_rows"] == counts["written"] == plain["rows_written"]
    plain_files = list((tmp_path / "work" / "out-200-plain").rglob("*.parquet"))
    assert sum(pq.ParquetFile(path).metadata.num_rows for path in plain_files) == plain["rows_written"]
    assert counts["duplicates_folded"] == plain["duplicates_folded"] > 0
    assert beam["docs_per_s"] > 0 and beam["mb_per_s"] > 0 and beam["docs_per_s_per_core"] == beam["docs_per_s"]
    assert 0 < beam["peak_rss_bytes"] < 24 * 1024**3
    assert beam["cpu_s"] > 0 and beam["wall_s"] > report["startup_s"] > 0

    assert set(plain["stage_seconds"]) == set(bench.STAGES)
    assert 0.5 < sum(plain["stage_shares"].values()) <= 1.0
    assert report["beam_over_plain"] > 0
    # Two rounds, Beam then the plain loop each time: the rows are medians, the ratio the pairs' median.
    rounds = report["rounds"]
    assert len(rounds) == 2 and all(r["docs_per_s"]["1"] > 0 and r["plain_docs_per_s"] > 0 for r in rounds)
    assert report["beam_over_plain"] == pytest.approx(sum(r["beam_over_plain"] for r in rounds) / 2)
    assert beam["docs_per_s"] == min(r["docs_per_s"]["1"] for r in rounds)  # the slower middle of two
    assert plain["docs_per_s"] == min(r["plain_docs_per_s"] for r in rounds)
    statuses = {target["target"]: target["status"] for target in report["targets"]}
    assert set(statuses.values()) <= {"PASS", "FAIL", "N/A"}
    assert statuses["2-worker throughput / 1-worker throughput"] == "N/A"
    assert statuses["peak RSS at 200,000 docs (in-process)"] == "N/A"  # a 200-document run
    assert "peers" not in report


def test_memory_target_is_judged_per_run():
    def run(workers, docs_per_s, peak_gb):
        return {"workers": workers, "docs_per_s": docs_per_s, "docs_per_s_per_core": docs_per_s / workers,
                "peak_rss_bytes": peak_gb * 10**9}

    report = {"benchmark": {"docs": 200_000}, "beam_over_plain": 1.2, "beam": [run(1, 600, 2.9), run(2, 990, 5.1)]}
    statuses = {target["target"]: target["status"] for target in bench.evaluate_targets(report, None)}
    assert statuses["peak RSS at 200,000 docs (in-process)"] == "PASS"
    assert statuses["peak RSS at 200,000 docs (2 workers, whole process tree)"] == "FAIL"
    assert statuses["2-worker throughput / 1-worker throughput"] == "PASS"


def test_speed_dedup_reuses_its_pickle_of_cleaned_documents(tmp_path, capsys):
    from benchmarks import speed_dedup

    corpus = tmp_path / "corpus"
    generate_corpus(str(corpus), 60, seed=7)
    cleaned = tmp_path / "cleaned.pkl"
    arguments = ["--corpus", str(corpus), "--repeat", "1", "--cleaned", str(cleaned)]
    assert speed_dedup.main(arguments) == 0 and cleaned.exists()
    first = capsys.readouterr().out
    (corpus / MANIFEST_NAME).unlink()  # the second run reads the pickle, not the corpus
    for shard in corpus.glob("shard-*"):
        for path in shard.iterdir():
            path.unlink()
    assert speed_dedup.main(arguments) == 0
    second = capsys.readouterr().out
    assert first.startswith("run 1 (cold caches): ") and " rows + " in first
    assert first.split(" folded,")[0] == second.split(" folded,")[0]
