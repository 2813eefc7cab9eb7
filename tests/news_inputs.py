"""Invented articles and builders for every input format the reader supports (our own words)."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import random
from pathlib import Path

import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Word banks for invented articles: each article draws its own sentences, so no two are near
# duplicates of each other (the dedup stage would fold them).
_WORDS = {
    "en": ("council harbour ferry school budget river bridge market farmers weather storm road museum library "
           "hospital nurses teachers students train station festival concert garden park police fire volunteers "
           "residents mayor minister report survey prices bread fuel water electricity football match team coach "
           "season players stadium tickets fans record rain snow wind coast island village mountain valley").split(),
    "fr": ("conseil port ferry école budget rivière pont marché agriculteurs météo tempête route musée bibliothèque "
           "hôpital infirmières enseignants élèves train gare festival concert jardin parc police pompiers bénévoles "
           "habitants maire ministre rapport enquête prix pain carburant eau électricité football match équipe "
           "entraîneur saison joueurs stade billets supporters pluie neige vent côte île village montagne vallée").split(),
    "ar": ("المجلس الميناء العبارة المدرسة الميزانية النهر الجسر السوق المزارعون الطقس العاصفة الطريق المتحف المكتبة "
           "المستشفى الممرضات المعلمون الطلاب القطار المحطة المهرجان الحفل الحديقة الشرطة الإطفاء المتطوعون السكان "
           "المحافظ الوزير التقرير الاستطلاع الأسعار الخبز الوقود المياه الكهرباء المباراة الفريق المدرب الموسم "
           "اللاعبون الملعب التذاكر الجمهور المطر الثلج الرياح الساحل الجزيرة القرية الجبل الوادي").split(),
}
_GLUE = {
    "en": ("in", "and", "with", "for", "after", "near", "of", "the"),
    "fr": ("dans", "et", "avec", "pour", "après", "près", "de", "le", "la", "les"),
    "ar": ("في", "مع", "بعد", "قرب", "على", "من", "إلى", "و"),
}
_OPENERS = {
    "en": "Officials in {town} said on Monday that",
    "fr": "Les responsables de {town} ont annoncé lundi que",
    "ar": "قال مسؤولون في {town} اليوم إن",
}
_TITLES = {
    "en": "News from the town of {town}",
    "fr": "Des nouvelles de la ville de {town}",
    "ar": "أخبار مدينة {town} اليوم",
}


def article(language: str, town: str) -> tuple[str, list[str]]:
    """(title, three paragraphs) of an invented article in `language` about `town`."""
    rng = random.Random(f"{language}-{town}")
    paragraphs = []
    for index in range(3):
        words = [rng.choice(_WORDS[language]) if i % 2 == 0 else rng.choice(_GLUE[language]) for i in range(16)]
        opener = _OPENERS[language].format(town=town) + " " if index == 0 else ""
        paragraphs.append(opener + " ".join(words) + ".")
    return _TITLES[language].format(town=town), paragraphs


def text_page(language: str, town: str) -> str:
    title, paragraphs = article(language, town)
    return "\n".join([title, title, *paragraphs, ""])


def html_page(language: str, town: str, charset: str = "utf-8", site: str = "The Quay Courier",
              url: str | None = None, date: str = "2024-03-05") -> str:
    title, paragraphs = article(language, town)
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="{charset}"><title>{title}</title>'
        f'<meta property="og:site_name" content="{site}"><meta property="article:published_time" content="{date}T08:00:00Z">'
        f"{canonical}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Share this article</footer></body></html>"
    )


def jsonl_lines(records: list[dict]) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")


def warc_bytes(pages: list[tuple[str, str]], extra: list[tuple[str, str, bytes]] = (), gzip_records: bool = True) -> bytes:
    """A WARC with a warcinfo record, then a request and an HTML response per (url, html), then
    `extra` (url, content type, payload) responses."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "newsbeam tests"}))
    responses = [(url, "text/html; charset=utf-8", html.encode("utf-8")) for url, html in pages] + list(extra)
    for url, content_type, payload in responses:
        request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers))
    return buffer.getvalue()


def compress(data: bytes, kind: str) -> bytes:
    if kind == "gzip":
        return gzip.compress(data)
    if kind == "bzip2":
        return bz2.compress(data)
    if kind == "zstd":
        return zstandard.ZstdCompressor().compress(data)
    raise ValueError(kind)


def mojibake_cp1256(text: str) -> str:
    """UTF-8 text as it looks after a wrong decode as Windows-1256 (and saved again)."""
    return text.encode("utf-8").decode("cp1256")


def write_mixed_corpus(folder: Path) -> dict[str, dict]:
    """Every format, compressed and not, in several encodings. Returns the expected rows keyed by
    title: language, and the url / input file name where the input states them."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict] = {}

    def expect(language, town, file, **fields):
        expected[article(language, town)[0]] = {"language": language, "file": file, **fields}

    (folder / "en_plain.txt").write_text(text_page("en", "Northbay"), encoding="utf-8")
    expect("en", "Northbay", "en_plain.txt")
    (folder / "ar_windows.txt").write_bytes(text_page("ar", "الواحة").encode("cp1256"))
    expect("ar", "الواحة", "ar_windows.txt")
    (folder / "ar_iso.txt").write_bytes(text_page("ar", "الجزيرة").encode("iso-8859-6"))
    expect("ar", "الجزيرة", "ar_iso.txt")
    (folder / "fr_latin1.txt").write_bytes(text_page("fr", "Valmont").encode("latin-1"))
    expect("fr", "Valmont", "fr_latin1.txt")
    (folder / "en_utf16.txt").write_bytes(text_page("en", "Eastwick").encode("utf-16"))
    expect("en", "Eastwick", "en_utf16.txt")
    (folder / "ar_bom.txt.gz").write_bytes(compress(b"\xef\xbb\xbf" + text_page("ar", "السهل").encode("utf-8"), "gzip"))
    expect("ar", "السهل", "ar_bom.txt.gz")
    (folder / "ar_mojibake.txt").write_text(mojibake_cp1256(text_page("ar", "الميناء")), encoding="utf-8")
    expect("ar", "الميناء", "ar_mojibake.txt")

    url = "https://quay-courier.example/news/ferry-harbourside"
    (folder / "page.html").write_text(html_page("en", "Harbourside", url=url), encoding="utf-8")
    expect("en", "Harbourside", "page.html", url=url)
    (folder / "page_ar.htm.bz2").write_bytes(compress(html_page("ar", "الربوة", charset="windows-1256").encode("cp1256"), "bzip2"))
    expect("ar", "الربوة", "page_ar.htm.bz2")

    generic_url = "https://valley-news.example/schools-montclair"
    (folder / "generic.jsonl").write_bytes(jsonl_lines([
        {"title": article("fr", "Montclair")[0], "text": "\n".join(article("fr", "Montclair")[1]),
         "url": generic_url, "source": "Valley News", "published": "2024-03-05"},
        {"html": html_page("en", "Westport"), "url": "https://quay-courier.example/westport"},
    ]))
    expect("fr", "Montclair", "generic.jsonl", url=generic_url)
    expect("en", "Westport", "generic.jsonl", url="https://quay-courier.example/westport")
    newsplease = [
        {"title": article(language, town)[0], "maintext": "\n".join(article(language, town)[1]),
         "date_publish": "2024-03-06 09:30:00", "source_domain": "river-post.example",
         "url": f"https://river-post.example/{index}", "language": language}
        for index, (language, town) in enumerate([("en", "Riverton"), ("ar", "النخيل")])
    ]
    (folder / "newsplease.json.zst").write_bytes(compress(jsonl_lines(newsplease), "zstd"))
    expect("en", "Riverton", "newsplease.json.zst", url="https://river-post.example/0")
    expect("ar", "النخيل", "newsplease.json.zst", url="https://river-post.example/1")

    warc_pages = [(f"https://crawl.example/{town}", html_page(language, town)) for language, town in [("en", "Lakeside"), ("fr", "Bellerive")]]
    (folder / "crawl.warc.gz").write_bytes(warc_bytes(warc_pages))
    expect("en", "Lakeside", "crawl.warc.gz", url="https://crawl.example/Lakeside")
    expect("fr", "Bellerive", "crawl.warc.gz", url="https://crawl.example/Bellerive")
    return expected
