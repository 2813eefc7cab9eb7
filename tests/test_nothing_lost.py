"""Bad input next to good input: every document is written, folded, filtered or a dead letter."""

from __future__ import annotations

import gzip
import shutil

import pytest
from apache_beam.io.localfilesystem import LocalFileSystem

from transforms.language import DetectLanguageFn
from transforms.read import DecodeFileFn
from transforms.write import DocumentsLostError, check_every_document_accounted

from tests.conftest import SAMPLE_DIR, read_jsonl, read_manifest, read_rows, run_cli


def test_bad_files_become_dead_letters_and_good_ones_are_written(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE_DIR / "en_sport.txt", inputs / "good.txt")
    (inputs / "nested").mkdir()
    shutil.copy(SAMPLE_DIR / "ar_sport.txt", inputs / "nested" / "good_ar.txt")
    with gzip.open(inputs / "nested" / "zipped.txt.gz", "wb") as handle:
        handle.write((SAMPLE_DIR / "en_economy_updated.txt").read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (inputs / "only_boilerplate.txt").write_text("Search\nMenu\nA headline that is alone\nShare this article\n")
    (inputs / ".hidden.txt").write_text("not read")
    output = tmp_path / "out"

    assert run_cli("--input", str(inputs), "--output", str(output)) == 0

    counts = read_manifest(output)["counts"]
    errors = read_jsonl(output, "_errors")
    filtered = read_jsonl(output, "_filtered")
    rows = read_rows(output)
    assert counts == {"read": 6, "written": 3, "duplicates_folded": 0, "filtered": 1, "errors": 2}
    assert counts["read"] == counts["written"] + counts["duplicates_folded"] + counts["filtered"] + counts["errors"]
    assert len(rows) == counts["written"]
    assert {e["input_path"].rsplit("/", 1)[1]: (e["stage"], e["error"]) for e in errors} == {
        "empty.txt": ("read", "NotTextError: empty file"),
        "image.txt": ("read", "NotTextError: binary file: looks like a PNG image"),
    }
    assert [f["input_path"].rsplit("/", 1)[1] for f in filtered] == ["only_boilerplate.txt"]
    assert filtered[0]["reason"] == "no article text left after boilerplate removal"
    assert {r["input_path"].rsplit("/", 1)[1] for r in rows} == {"good.txt", "good_ar.txt", "zipped.txt.gz"}


def test_a_file_given_twice_is_read_once(tmp_path):
    output = tmp_path / "out"
    one = SAMPLE_DIR / "en_sport.txt"
    assert run_cli("--input", str(one), "--input", str(SAMPLE_DIR / "en_*.txt"), "--output", str(output)) == 0
    counts = read_manifest(output)["counts"]
    assert counts["read"] == len(list(SAMPLE_DIR.glob("en_*.txt")))


def test_a_run_that_fails_while_committing_leaves_no_partition_files(tmp_path, monkeypatch, capsys):
    real_rename = LocalFileSystem.rename

    def rename_one_then_fail(self, sources, destinations):
        real_rename(self, sources[:1], destinations[:1])
        if len(sources) > 1:
            raise IOError("disk full while committing")

    monkeypatch.setattr(LocalFileSystem, "rename", rename_one_then_fail)
    assert "pipeline failed" in _failed_run_error(tmp_path, capsys)


def _failed_run_error(tmp_path, capsys) -> str:
    """Runs the sample, which must fail and leave no file; returns what it printed on stderr."""
    output = tmp_path / "out"
    assert run_cli("--input", str(SAMPLE_DIR), "--output", str(output), "--run-id", "doomed") == 1
    leftovers = [p for p in output.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert leftovers == []
    return capsys.readouterr().err


@pytest.mark.parametrize(
    "step, path_of, message",
    [
        # A document that vanishes between stages (as in a runner that drops elements).
        (DetectLanguageFn, lambda doc: doc.input_path, "documents went missing in the runner"),
        # A file lost before it is read leaves counts that add up: only the file count shows it.
        (DecodeFileFn, lambda metadata: metadata.path, "files went missing in the runner"),
    ],
    ids=["document-lost-between-stages", "matched-file-never-read"],
)
def test_a_run_that_loses_an_input_fails_and_commits_nothing(tmp_path, monkeypatch, capsys, step, path_of, message):
    real_process = step.process

    def drop_the_sport_story(self, element):
        if "sport" not in path_of(element):
            yield from real_process(self, element)

    monkeypatch.setattr(step, "process", drop_the_sport_story)
    error = _failed_run_error(tmp_path, capsys)
    assert "DocumentsLostError" in error and message in error, error


def test_the_count_check_names_what_is_missing():
    check_every_document_accounted(read=10, written=6, folded=2, filtered=1, errors=1)
    with pytest.raises(DocumentsLostError, match=r"10 documents were read but 8 reached an output .* 2 documents went missing"):
        check_every_document_accounted(read=10, written=5, folded=2, filtered=1, errors=0)
