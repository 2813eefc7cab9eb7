"""The format readers, decoding and the HTML time limit as plain functions, and --mode on disk."""

from __future__ import annotations

import io
import json

import pytest

from tests.conftest import read_rows, run_cli
from tests.news_inputs import article, compress, html_page, mojibake_cp1256, text_page
from transforms.extract import layout_for_stated_title
from transforms.formats import CorruptInputError, Record, RecordError, detect_format, open_decompressed, read_records, sniff
from transforms.formats.base import RecordTooLargeError, read_limited
from transforms.formats.html import NoArticleError, extract_article
from transforms.formats.jsonl import read_jsonl
from transforms.formats.isolated import CallTimeoutError, IsolatedFunction
from transforms.text.decode import NotTextError, decode_text, repair_mojibake
from transforms.text.lines import analyse_page


def records(data: bytes, input_format: str, name: str = "input") -> list:
    stream, _ = open_decompressed(io.BytesIO(data), name)
    _, stream = sniff(stream)
    return list(read_records(stream, input_format))


@pytest.mark.parametrize(
    "name, head, expected",
    [
        ("a.txt", b"Headline\nBody", "txt"),
        ("a.TXT.gz", b"Headline", "txt"),
        ("page.htm", b"anything", "html"),
        ("saved.txt", b"<!DOCTYPE html><html><body>", "html"),
        ("dump.json", b'{"title": "x"}', "jsonl"),
        ("noext", b'  {"title": "x"}', "jsonl"),
        ("crawl.bin", b"WARC/1.0\r\nWARC-Type: warcinfo", "warc"),
        ("CC-NEWS-1.warc.gz", b"WARC/1.1\r\n", "warc"),
        ("noext", b"Just a page of text", "txt"),
    ],
)
def test_format_is_detected_by_content_then_extension(name, head, expected):
    assert detect_format(name, head) == expected


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "zstd"])
def test_compression_is_undone_by_magic_bytes_whatever_the_name(kind):
    page = text_page("en", "Packton").encode("utf-8")
    [record] = records(compress(page, kind), "txt", name="page.txt")
    assert record.text == page.decode("utf-8")


def test_a_name_that_promises_compression_the_bytes_do_not_have_is_an_error():
    with pytest.raises(CorruptInputError, match="named as gzip data"):
        open_decompressed(io.BytesIO(b"plain text"), "page.txt.gz")


def test_jsonl_is_read_line_by_line_without_reading_the_whole_file():
    line = json.dumps({"title": "T", "text": "word " * 200}).encode("utf-8") + b"\n"
    data = line * 20_000  # ~20 MB

    class CountingStream(io.BytesIO):
        read_bytes = 0

        def read(self, size=-1):
            chunk = super().read(size)
            CountingStream.read_bytes += len(chunk)
            return chunk

    stream, _ = open_decompressed(CountingStream(data), "big.jsonl")
    _, stream = sniff(stream)
    first = next(iter(read_records(stream, "jsonl")))
    assert isinstance(first, Record) and first.metadata["record"] == 1
    assert CountingStream.read_bytes < 3 * 1024 * 1024


def test_jsonl_news_please_fields_and_utf16():
    line = {"maintext": "Body line.", "title": "A title", "date_publish": "2024-03-06 09:30:00",
            "source_domain": "river-post.example", "url": "https://river-post.example/1", "language": "en"}
    [record] = records((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-16"), "jsonl")
    assert record.text == "Body line."
    assert record.metadata == {"format": "jsonl", "record": 1, "title": "A title", "url": "https://river-post.example/1",
                               "published": "2024-03-06 09:30:00", "source": "river-post.example", "language": "en"}


@pytest.mark.parametrize("encoding", ["cp1256", "iso-8859-6"])
def test_legacy_arabic_encodings_are_detected(encoding):
    page = text_page("ar", "الرمال")
    assert decode_text(page.encode(encoding)) == page


def test_latin1_utf16_without_bom_and_forced_encoding():
    page = text_page("fr", "Beauval")
    assert decode_text(page.encode("latin-1")) == page
    assert decode_text(page.encode("utf-16-le")) == page
    assert decode_text(page.encode("cp1252"), encoding="cp1252") == page
    with pytest.raises(NotTextError, match="not valid utf-8"):
        decode_text(page.encode("latin-1"), encoding="utf-8")


def test_mojibake_is_repaired_and_clean_text_is_left_alone():
    arabic, french = text_page("ar", "الساحل"), text_page("fr", "Clairval")
    assert repair_mojibake(mojibake_cp1256(arabic)) == arabic
    assert repair_mojibake(french.encode("utf-8").decode("latin-1")) == french
    assert repair_mojibake(french.encode("utf-8").decode("cp1252")) == french
    assert repair_mojibake(arabic) == arabic and repair_mojibake(french) == french


def test_html_charset_declared_in_meta_is_used():
    page = html_page("ar", "الوادي", charset="windows-1256").encode("cp1256")
    [record] = records(page, "html", name="page.html")
    assert article("ar", "الوادي")[0] in record.html


def test_extract_article_keeps_text_and_metadata():
    found = extract_article(html_page("en", "Portmoor", url="https://quay.example/p"))
    assert found["title"] == article("en", "Portmoor")[0]
    assert found["url"] == "https://quay.example/p" and found["source"] == "The Quay Courier"
    assert found["published"] == "2024-03-05"
    assert article("en", "Portmoor")[1][0] in found["text"]
    with pytest.raises(NoArticleError):
        extract_article("<html><body><nav>Home</nav></body></html>")


def test_isolated_function_stops_a_call_that_takes_too_long_and_recovers():
    sleep = IsolatedFunction("time:sleep", timeout_seconds=0.5)
    try:
        with pytest.raises(CallTimeoutError):
            sleep(30)
        assert sleep(0.01) is None
    finally:
        sleep.close()


def test_a_stated_title_marks_its_copies_and_no_article_line_becomes_a_headline():
    title, paragraphs = article("en", "Tideway")
    lines = ["Short first line", *paragraphs]
    layout = layout_for_stated_title(analyse_page(lines), lines, title)
    assert layout.headline_index is None and layout.headline_copies == ()
    lines = [title, "Menu", title, *paragraphs]
    layout = layout_for_stated_title(analyse_page(lines), lines, title)
    assert layout.headline_copies == (0, 2)


def test_warc_records_that_are_not_articles_are_errors_and_crawl_records_are_skipped():
    from tests.news_inputs import warc_bytes

    data = warc_bytes([("https://c.example/a", html_page("en", "Warcby"))], extra=[("https://c.example/i", "image/gif", b"GIF89a")])
    outcomes = records(data, "warc", name="c.warc.gz")
    assert [type(o) for o in outcomes] == [Record, RecordError]
    assert outcomes[0].metadata["url"] == "https://c.example/a" and outcomes[0].metadata["published"]
    assert outcomes[1].reason == "not HTML but image/gif"


def test_modes_append_and_overwrite_on_disk(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(text_page("en", "Modeville"), encoding="utf-8")
    output = tmp_path / "out"
    assert run_cli("--input", str(inputs), "--output", str(output), "--run-id", "r1") == 0
    assert run_cli("--input", str(inputs), "--output", str(output), "--run-id", "r2") == 0
    assert len(read_rows(output)) == 2  # append adds part files
    parts_before = sorted(p.name for p in output.rglob("part-*.parquet"))
    assert run_cli("--input", str(inputs), "--output", str(output), "--run-id", "r3", "--mode", "overwrite") == 0
    assert [p.name for p in output.rglob("part-*.parquet")] == ["part-r3-00000.parquet"]
    manifest = json.loads((output / "_runs" / "r3.json").read_text())
    assert manifest["mode"] == "overwrite"
    assert sorted(name.rsplit("/", 1)[1] for name in manifest["replaced_files"]) == parts_before
    assert len(read_rows(output)) == 1


def test_a_pretty_printed_article_and_a_json_array_are_read_whole():
    article = {"title": "Harbour reopens", "maintext": "The harbour reopened on Monday after repairs.", "url": "https://example.com/a"}
    pretty = json.dumps(article, indent=2).encode("utf-8")
    records = list(read_jsonl(io.BufferedReader(io.BytesIO(pretty))))
    assert [r.metadata["title"] for r in records] == ["Harbour reopens"]
    array = json.dumps([article, {"title": "no text"}, dict(article, title="Second")], indent=1).encode("utf-8")
    records = list(read_jsonl(io.BufferedReader(io.BytesIO(array))))
    assert [getattr(r, "metadata", {}).get("title") for r in records] == ["Harbour reopens", None, "Second"]
    assert "record 2" in records[1].describe()


def test_a_bare_copyright_year_is_not_a_publication_date():
    body = "".join(f"<p>The harbour council met on Monday to discuss repairs to the outer wall, number {i}.</p>" for i in range(6))
    page = f"<html><head><title>Harbour repairs</title></head><body><article><h1>Harbour repairs</h1>{body}</article><footer>© 2024 Harbour Ledger</footer></body></html>"
    assert extract_article(page)["published"] is None
    dated = page.replace("<h1>Harbour repairs</h1>", '<h1>Harbour repairs</h1><time datetime="2024-01-01">1 January 2024</time>')
    assert extract_article(dated)["published"] == "2024-01-01"


def test_json_lines_are_not_mistaken_for_one_document_when_the_buffer_ends_mid_line():
    line = json.dumps({"title": "Harbour reopens", "text": "The harbour reopened on Monday after repairs. " * 40})
    data = ("\n".join([line] * 3) + "\n").encode("utf-8")
    small_buffer = io.BufferedReader(io.BytesIO(data), buffer_size=256)  # peek sees part of the first line
    assert [r.metadata["title"] for r in read_jsonl(small_buffer)] == ["Harbour reopens"] * 3


@pytest.mark.parametrize("size", [64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 3 * 64 * 1024 + 7])
def test_a_page_around_the_first_read_size_is_read_whole(size):
    text = ("news line\n" * (size // 10 + 1))[:size]
    [record] = records(text.encode("utf-8"), "txt")
    assert record.text == text


@pytest.mark.parametrize("size, too_large", [(1000, False), (1001, True), (70_000, True)])
def test_the_record_limit_holds_past_the_first_read(size, too_large):
    stream = io.BufferedReader(io.BytesIO(b"x" * size))
    if too_large:
        with pytest.raises(RecordTooLargeError):
            read_limited(stream, limit=1000)
    else:
        assert len(read_limited(stream, limit=1000)) == size
