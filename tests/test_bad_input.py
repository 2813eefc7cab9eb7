"""Each kind of bad input ends as a dead letter with its path, stage and reason, while every good
document of the same run is written, and read = written + folded + filtered + errors."""

from __future__ import annotations

import gzip
import io
import os
import zipfile

import pytest
from apache_beam.io.localfilesystem import LocalFileSystem

import transforms.boilerplate
from tests.conftest import read_jsonl, read_manifest, read_rows, run_cli
from tests.news_inputs import article, html_page, jsonl_lines, text_page, warc_bytes

FIFTY_MB = 50 * 1024 * 1024


def _error_by_file(errors: list[dict]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for error in errors:
        found.setdefault(os.path.basename(error["input_path"]), []).append((error["stage"], error["error"]))
    return {name: sorted(entries) for name, entries in found.items()}


@pytest.fixture
def bad_run(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(text_page("en", "Goodhaven"), encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("story.txt", text_page("en", "Zipton"))
    (inputs / "archive.txt").write_bytes(archive.getvalue())
    (inputs / "truncated.txt.gz").write_bytes(gzip.compress(text_page("en", "Cutoff").encode("utf-8"))[:-30])
    corrupt = text_page("ar", "المنتصف").encode("utf-8")
    (inputs / "corrupt_utf8.txt").write_bytes(corrupt[:200] + b"\xff\xfe" + corrupt[200:])
    (inputs / "one_huge_line.txt").write_bytes(b"word " * (FIFTY_MB // 5))
    (inputs / "mixed.jsonl").write_bytes(
        jsonl_lines([{"title": article("en", "Lineone")[0], "text": "\n".join(article("en", "Lineone")[1])}])
        + b'{"title": "broken", "text": \n'
        + b"[1, 2, 3]\n"
        + jsonl_lines([{"title": "no text here", "url": "https://example.org/x"}])
        + b"\n"
        + jsonl_lines([{"maintext": "\n".join(article("fr", "Lignesix")[1]), "title": article("fr", "Lignesix")[0]}])
        + b'{"text": "' + b"x" * (11 * 1024 * 1024) + b'"}\n'
    )
    (inputs / "no_article.html").write_text(
        "<!DOCTYPE html><html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    (inputs / "crawl.warc.gz").write_bytes(
        warc_bytes(
            [("https://crawl.example/good", html_page("en", "Crawlfield"))],
            extra=[("https://crawl.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
                   ("https://crawl.example/data.json", "application/json", b'{"a": 1}')],
        )
    )
    (inputs / "vanishes.txt").write_text(text_page("en", "Gonetown"), encoding="utf-8")
    (inputs / "explodes.txt").write_text(text_page("en", "Boomtown"), encoding="utf-8")

    real_open = LocalFileSystem.open

    def open_after_deleting(filesystem, path, *args, **kwargs):
        if path.endswith("vanishes.txt"):
            os.remove(path)  # the file disappears between listing and reading
        return real_open(filesystem, path, *args, **kwargs)

    real_reasons = transforms.boilerplate.boilerplate_reasons

    def reasons_that_fail_for_boomtown(lines, layout):
        if any("Boomtown" in line for line in lines):
            raise RuntimeError("injected failure for Boomtown")
        return real_reasons(lines, layout)

    monkeypatch.setattr(LocalFileSystem, "open", open_after_deleting)
    monkeypatch.setattr(transforms.boilerplate, "boilerplate_reasons", reasons_that_fail_for_boomtown)
    output = tmp_path / "out"
    assert run_cli("--input", str(inputs), "--output", str(output), "--run-id", "bad") == 0
    return output


def test_every_bad_input_is_a_dead_letter_and_every_good_document_is_written(bad_run):
    counts = read_manifest(bad_run)["counts"]
    errors = _error_by_file(read_jsonl(bad_run, "_errors"))
    titles = {row["title"] for row in read_rows(bad_run)}

    assert titles == {
        article("en", "Goodhaven")[0],
        article("en", "Lineone")[0],
        article("fr", "Lignesix")[0],
        article("en", "Crawlfield")[0],
    }
    assert counts["read"] == counts["written"] + counts["duplicates_folded"] + counts["filtered"] + counts["errors"]
    assert counts == {"read": 19, "written": 4, "duplicates_folded": 0, "filtered": 0, "errors": 15}
    assert errors["empty.txt"] == [("read", "NotTextError: empty file")]
    assert errors["photo.txt"] == [("read", "NotTextError: binary file: looks like a JPEG image")]
    assert errors["archive.txt"] == [("read", "NotTextError: binary file: looks like a zip archive")]
    [(stage, reason)] = errors["truncated.txt.gz"]
    assert stage == "read" and reason.startswith("CorruptInputError: truncated or corrupt gzip data")
    [(stage, reason)] = errors["corrupt_utf8.txt"]
    assert stage == "read" and "not valid UTF-8 (invalid start byte at byte 200, line 3)" in reason
    assert errors["one_huge_line.txt"] == [("read", "RecordTooLargeError: larger than 10 MiB; not read")]
    assert errors["mixed.jsonl"] == [
        ("read", "line 2: invalid JSON (Expecting value at character 30)"),
        ("read", "line 3: a JSON list, not an object"),
        ("read", "line 4: no article text: none of the fields text, maintext or html holds a non-empty string"),
        ("read", "line 7: longer than 10 MiB; skipped"),
    ]
    assert errors["no_article.html"] == [
        ("read", "page: HTML extraction failed: NoArticleError: no article text found in the HTML (1 words of main text)")
    ]
    warc_reasons = [reason.split(" ", 5)[-1] for _, reason in errors["crawl.warc.gz"]]  # after "WARC record at byte N"
    assert all(reason.startswith("WARC record at byte ") for _, reason in errors["crawl.warc.gz"])
    assert sorted(warc_reasons) == [
        "(https://crawl.example/data.json): not HTML but application/json",
        "(https://crawl.example/logo.png): not HTML but image/png",
    ]
    [(stage, reason)] = errors["vanishes.txt"]
    assert stage == "read" and reason.startswith(("FileNotFoundError", "BeamIOError", "IOError", "OSError"))
    assert errors["explodes.txt"] == [("boilerplate", "RuntimeError: injected failure for Boomtown")]
