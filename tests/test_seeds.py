"""The five real seed pages (../shared/seeds) through the whole pipeline."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import by_file, read_manifest, read_rows, run_cli

# What a reader calls boilerplate on each page (header bars, dates and bylines that are metadata, a
# photo caption, "related" lists, tags, share prompts, the tracking code with its signature).
BOILERPLATE = {
    "000_83ec0591c9cd1c4d.txt": ["aXA6IDMuMTM4LjExOC4xOTQg جزيرة ام اند امز"],
    "001_d647934a0683ee08.txt": [
        "السياسية “جدار نيوز”",
        "11 أغسطس 2023",
        # The photo caption under the date: not article text.
        "📸الصورة وزير الدفاع العراقي ثابت العباسي (إلى اليسار) ووزير الدفاع الأمريكي لويد أوستن (يمين) يلتقيان في البنتاغون في 7 أغسطس 2023 في أرلينغتون ، فيرجينيا.", "مقالات ذات صلة", "زر الذهاب إلى الأعلى", "آخر الأخبار"],
    "002_8cb95a9eb40e0622.txt": [
        "آخر تحديث :الجمعة - 19 ديسمبر 2025 - 08:28 ص",
        "عرب وعالم",
        "الخميس - 25 يناير 2024 - 10:29 م بتوقيت عدن",
        "عدن تايم/سكاي نيوز",
    ],
    "003_ea332c4c9957a7af.txt": [
        "تاريخ النشر: 5th, May 2024 GMT",
        "تابع أحدث الأخبار عبر تطبيق",
        "المصدر: البوابة نيوز",
        "إقرأ أيضاً:",
    ],
    "004_7f9b371b52a31392.txt": ["21 سبتمبر، 2024 5:13 م", "Search", "Close this search box.", "وكالات- كتابات:", "أخبار ذات صلة"],
}
TAG_LINE_PREFIX = "كلمات دلالية:"
PUBLICATION_DATES = {
    "000_83ec0591c9cd1c4d.txt": None,
    "001_d647934a0683ee08.txt": dt.date(2023, 8, 11),
    "002_8cb95a9eb40e0622.txt": dt.date(2024, 1, 25),
    "003_ea332c4c9957a7af.txt": dt.date(2024, 5, 5),
    "004_7f9b371b52a31392.txt": dt.date(2024, 9, 21),
}
POLITICS_OR_CONFLICT = {"medtop:11000000", "medtop:16000000"}


@pytest.fixture(scope="module")
def seed_rows(seeds_dir, tmp_path_factory):
    output = tmp_path_factory.mktemp("seeds-out")
    assert run_cli("--input", str(seeds_dir), "--output", str(output)) == 0
    return output, by_file(read_rows(output))


def test_one_row_per_seed(seed_rows, seeds_dir):
    output, rows = seed_rows
    assert set(rows) == {path.name for path in seeds_dir.glob("*.txt")}
    counts = read_manifest(output)["counts"]
    assert counts["read"] == counts["written"] == 5


def test_headline_appears_exactly_once(seed_rows, seeds_dir):
    _, rows = seed_rows
    for name, row in rows.items():
        first_line = next(line.strip() for line in (seeds_dir / name).read_text(encoding="utf-8").splitlines()
                          if line.strip() and line.strip() not in BOILERPLATE[name])
        assert row["title"] == first_line, name
        assert row["title"] not in row["body"], name


def test_boilerplate_gone_and_every_paragraph_kept(seed_rows, seeds_dir):
    _, rows = seed_rows
    for name, row in rows.items():
        body_lines = row["body"].split("\n")
        for line in BOILERPLATE[name]:
            assert line not in body_lines, (name, line)
        assert not any(line.startswith(TAG_LINE_PREFIX) for line in body_lines), name
        assert not any("aXA6IDMuMTM4LjExOC4xOTQg" in line for line in body_lines), name
        page_lines = [line.strip() for line in (seeds_dir / name).read_text(encoding="utf-8").splitlines()]
        expected_body = [
            line for line in page_lines
            if line and line != row["title"] and line not in BOILERPLATE[name] and not line.startswith(TAG_LINE_PREFIX)
        ]
        assert body_lines == expected_body, name


def test_subheadings_are_kept(seed_rows):
    _, rows = seed_rows
    assert "جولات تفاوض" in rows["002_8cb95a9eb40e0622.txt"]["body"].split("\n")
    assert "طبيعة المحادثات.." in rows["004_7f9b371b52a31392.txt"]["body"].split("\n")


def test_publication_dates_and_not_the_last_updated_header(seed_rows):
    _, rows = seed_rows
    for name, expected in PUBLICATION_DATES.items():
        assert rows[name]["date"] == expected, name
        assert (rows[name]["published_at"] is None) == (expected is None), name
    assert rows["003_ea332c4c9957a7af.txt"]["date_source"] == "text-label"
    # 22:29 in Aden (UTC+3) is 19:29 UTC on the same day.
    published = rows["002_8cb95a9eb40e0622.txt"]["published_at"]
    assert (published.hour, published.minute) == (19, 29)


def test_sources_attributed_in_the_text(seed_rows):
    _, rows = seed_rows
    assert rows["000_83ec0591c9cd1c4d.txt"]["source"] == "unknown"
    assert rows["003_ea332c4c9957a7af.txt"]["source_name"] == "البوابة نيوز"
    assert rows["004_7f9b371b52a31392.txt"]["source_name"] == "كتابات"
    assert rows["002_8cb95a9eb40e0622.txt"]["source_name"] == "عدن تايم"


def test_language_and_topic(seed_rows):
    _, rows = seed_rows
    for name, row in rows.items():
        assert row["language"] == "ar", name
        assert row["topic"] in POLITICS_OR_CONFLICT, (name, row["topic"], row["topic_score"])
