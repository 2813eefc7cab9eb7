"""Acceptance on local disk: every format, compressed and not, in several encodings, in one run."""

from __future__ import annotations

import os

from tests.conftest import read_jsonl, read_manifest, read_rows, run_cli
from tests.news_inputs import write_mixed_corpus


def check_mixed_run(rows: list[dict], manifest: dict, errors: list[dict], expected: dict[str, dict]) -> None:
    counts = manifest["counts"]
    assert errors == []
    assert counts == {"read": len(expected), "written": len(expected), "duplicates_folded": 0, "filtered": 0, "errors": 0}
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == set(expected)
    for title, want in expected.items():
        row = by_title[title]
        assert row["language"] == want["language"], title
        assert os.path.basename(row["input_path"]) == want["file"], title
        assert row["url"] == want.get("url"), title
        assert title not in row["body"].split("\n"), f"headline copy left in the body of {title}"
        assert len(row["body"].split("\n")) == 3, (title, row["body"])


def test_every_format_and_encoding_in_one_run(tmp_path):
    expected = write_mixed_corpus(tmp_path / "in")
    output = tmp_path / "out"

    assert run_cli("--input", str(tmp_path / "in"), "--output", str(output), "--run-id", "mixed") == 0

    rows = read_rows(output)
    check_mixed_run(rows, read_manifest(output), read_jsonl(output, "_errors"), expected)
    by_title = {row["title"]: row for row in rows}
    assert by_title["أخبار مدينة الميناء اليوم"]["body"].startswith("قال مسؤولون في الميناء اليوم إن")  # mojibake repaired
    assert by_title["Des nouvelles de la ville de Valmont"]["body"].startswith("Les responsables de Valmont ont annoncé")
    assert str(by_title["Des nouvelles de la ville de Montclair"]["published_at"].date()) == "2024-03-05"
