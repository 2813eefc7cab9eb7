"""Pure text logic: normalisation, date grammar, sources, line rules, decoding. No Beam."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from transforms.text.dates import find_publication_date, parse_date_line
from transforms.text.decode import NotTextError, decode_text
from transforms.text.lines import analyse_page, boilerplate_reasons, find_headline
from transforms.text.normalize import (
    _MATCHING_TABLE,
    fold_arabic_and_digits,
    normalize_for_matching,
    normalized_first_word,
)
from transforms.text.similarity import headline_key, jaccard, shingles
from transforms.text.sources import slugify_source, source_from_byline, source_from_label


@pytest.mark.parametrize(
    "a, b",
    [
        ("إقرأ أيضاً:", "اقرأ ايضا"),  # hamza forms, tanween, punctuation
        ("الـــعراق", "العراق"),  # tatweel
        ("مستشفى", "مستشفي"),  # alif maqsura
        ("المهمة", "المھمة"),  # ta marbuta and heh doachashmee
        ("قوة المهام المشترکة", "قوه المهام المشتركه"),  # Persian kaf
        ("١١٠ آلاف", "110 الاف"),  # Arabic-Indic digits
        ("۱۲", "12"),  # Persian digits
        ("«جدول زمني»", '"جدول زمني"'),  # quotes
        ("Élysée  Palace", "elysee palace"),  # accents, case, whitespace
    ],
)
def test_normalize_for_matching_folds_variants(a, b):
    assert normalize_for_matching(a) == normalize_for_matching(b)


def test_normalize_keeps_different_words_apart():
    assert normalize_for_matching("طقس اليوم") != normalize_for_matching("طقس الغد")


@pytest.mark.parametrize(
    "line, day, label",
    [
        ("11 أغسطس 2023", dt.date(2023, 8, 11), None),
        ("الخميس - 25 يناير 2024 - 10:29 م بتوقيت عدن", dt.date(2024, 1, 25), None),
        ("تاريخ النشر: 5th, May 2024 GMT", dt.date(2024, 5, 5), "published"),
        ("21 سبتمبر، 2024 5:13 م", dt.date(2024, 9, 21), None),
        ("آخر تحديث :الجمعة - 19 ديسمبر 2025 - 08:28 ص", dt.date(2025, 12, 19), "updated"),
        ("١٢ آذار ٢٠٢٤", dt.date(2024, 3, 12), None),  # Levantine month, Arabic-Indic digits
        ("3 كانون الثاني 2020", dt.date(2020, 1, 3), None),
        ("الأحد 7 جويلية 2024", dt.date(2024, 7, 7), None),  # Maghreb month
        ("Published: March 12, 2024", dt.date(2024, 3, 12), "published"),
        ("Publié le 3 février 2024", dt.date(2024, 2, 3), "published"),
        ("Last updated: 2024-04-19", dt.date(2024, 4, 19), "updated"),
        ("25/01/2024", dt.date(2024, 1, 25), None),
    ],
)
def test_date_lines(line, day, label):
    parsed = parse_date_line(line)
    assert parsed is not None and parsed.day == day and parsed.label == label


def test_time_and_zone_give_the_utc_instant_but_the_local_day():
    parsed = parse_date_line("الأحد 3 مارس 2024 - 01:30 ص بتوقيت مكة")
    assert parsed.day == dt.date(2024, 3, 3)
    assert parsed.published_at() == dt.datetime(2024, 3, 2, 22, 30, tzinfo=dt.timezone.utc)
    offset = parse_date_line("Published: 2024-03-12T14:05:00+03:00")
    assert offset.published_at() == dt.datetime(2024, 3, 12, 11, 5, tzinfo=dt.timezone.utc)


def test_no_date_in_a_sentence_without_one():
    assert parse_date_line("قال المسؤول إن المحادثات ستستمر حتى الإعلان.") is None
    assert parse_date_line("The minister spoke on Monday about the budget.") is None


def test_last_updated_header_loses_to_the_publication_line():
    lines = ["آخر تحديث: الجمعة 19 ديسمبر 2025", "headline of the story here", "الخميس 25 يناير 2024", "A paragraph " * 10 + "."]
    found = find_publication_date(lines, header_end=3)
    assert found.day == dt.date(2024, 1, 25) and found.date_source == "text-header"


def test_labelled_date_beats_an_earlier_header_date():
    lines = ["21 سبتمبر 2024", "Headline words here", "Published: 20 September 2024", "Body text " * 12 + "."]
    assert find_publication_date(lines, header_end=3).day == dt.date(2024, 9, 20)


def test_only_an_updated_date_means_no_publication_date():
    assert find_publication_date(["Last updated: 2024-04-19", "Headline here", "Body " * 30], header_end=2) is None


def test_a_future_date_is_not_the_publication_date():
    lines = ["Headline here", "12 March 2031", "Body " * 30]
    assert find_publication_date(lines, header_end=2, not_after=dt.date(2026, 1, 1)) is None


def test_sources_from_labels_and_bylines():
    assert source_from_label("المصدر: البوابة نيوز") == "البوابة نيوز"
    assert source_from_label("Source: The Harbour Ledger") == "The Harbour Ledger"
    assert source_from_byline("وكالات- كتابات:") == "كتابات"
    assert source_from_byline("عدن تايم/سكاي نيوز") == "عدن تايم"
    assert source_from_byline("السياسية “جدار نيوز”") == "جدار نيوز"
    assert source_from_byline("By Jane Doe, The Harbour Ledger") == "The Harbour Ledger"
    assert source_from_byline("By Jane Doe, Staff Writer") is None
    assert source_from_byline("وكالات") is None


@pytest.mark.parametrize(
    "name, slug",
    [
        ("https://www.Example.com/news/1", "example.com"),
        ("The Harbour Ledger", "the-harbour-ledger"),
        ("عدن تايم", "adn-taym"),
        ("Le Monde Afrique", "le-monde-afrique"),
        ("Économie & Co", "economie-co"),
        (None, "unknown"),
        ("///", "unknown"),
    ],
)
def test_source_slugs_are_safe_and_stable(name, slug):
    assert slugify_source(name) == slug


def test_repeated_line_near_the_top_is_the_headline_not_a_nav_word():
    lines = ["آخر تحديث: 19 ديسمبر 2025", "", "عرب وعالم", "", "«جدول زمني» لانسحاب التحالف", "", "25 يناير 2024",
             "«جدول زمني» لانسحاب التحالف", "paragraph " * 30]
    assert find_headline(lines) == (4, (4, 7))


def test_headline_skips_menus_search_boxes_and_dates():
    lines = ["Skip to content", "Menu", "Search", "", "Weather", "", "Weather today", "Published: 8 February 2024",
             "Fog will linger across the valley for most of the morning, the forecasters said today."]
    index, copies = find_headline(lines)
    assert lines[index] == "Weather today" and copies == (6,)


def test_line_rules_drop_boilerplate_and_keep_article_lines():
    lines = [
        "Search",
        "A storm closes the harbour for two days",
        "By Jane Doe | March 12, 2024",
        "The harbour authority closed the port on Tuesday after waves damaged the outer breakwater and two cranes.",
        "Repairs begin",
        "Engineers expect the first repairs to finish by Thursday, the authority said in a short statement.",
        "Share this article",
        "Facebook Twitter WhatsApp",
        "Read more:",
        "Port fees to rise next year",
        "Tags: harbour, storm, port",
        "cGFnZS0xMjM0NTY3ODkwYWJj Harbour Ledger",
        "© 2024 The Harbour Ledger. All rights reserved.",
    ]
    layout = analyse_page(lines)
    reasons = boilerplate_reasons(lines, layout)
    kept = [line for index, (line, reason) in enumerate(zip(lines, reasons)) if reason is None and index != layout.headline_index]
    assert lines[layout.headline_index] == "A storm closes the harbour for two days"
    assert kept == [lines[3], "Repairs begin", lines[5]]
    assert reasons[11] == "tracking-code"
    assert reasons[9] == "related-link"


def test_similarity_keys():
    assert headline_key("«طقس اليوم»", "x") == headline_key("طقس اليوم", "y")
    assert headline_key(None, "same body") == headline_key("", "Same body!")
    a = shingles("the storm closed the harbour for two days on the coast")
    assert jaccard(a, a) == 1.0
    assert jaccard(a, shingles("fog lingers in the valley until late morning today")) == 0.0


def test_decode_utf8_bom_utf16_and_legacy_arabic():
    text = "العراق يؤكد شراكة استراتيجية مع الولايات المتحدة في محاربة الإرهاب"
    assert decode_text(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-16")) == text
    assert decode_text(((text + " ") * 5).encode("cp1256")).startswith(text)  # detected, not given
    assert decode_text(text.encode("cp1256"), encoding="cp1256") == text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
        (b"PK\x03\x04" + b"\x00" * 40, "zip archive"),
        (b"abc\x00def", "NUL bytes"),
    ],
)
def test_decode_refuses_what_is_not_text(data, reason):
    with pytest.raises(NotTextError, match=reason):
        decode_text(data)


FIRST_WORD_LINES = [
    "Read more: the minister said",
    "  Leading spaces, then words",
    "\tA tab first and then words",
    "إقرأ أيضاً: الوزير يقول",
    "الـــعراق يعلن",
    "«جدول زمني» جديد",
    "Élysée Palace statement",
    "— dash first",
    "... dots",
    "ﷺ expands under NFKC",
    "a-b c",
    "١١٠ آلاف",
    "word",
    "",
    " ",
]


@pytest.mark.parametrize("line", FIRST_WORD_LINES)
def test_the_cheap_first_word_is_the_first_word_of_the_matching_form(line):
    first = normalized_first_word(line)
    if first is not None:
        assert first == normalize_for_matching(line).split(" ", 1)[0]


def test_folding_arabic_and_digits_is_the_matching_table():
    text = "".join(map(chr, range(0x0600, 0x0700))) + "0123 ٠١٢٣ ۰۱۲۳ ـــ ک ی ھ ە abc"
    assert fold_arabic_and_digits(text) == text.translate(_MATCHING_TABLE)


@pytest.mark.parametrize(
    "line",
    [
        "a1b2c3d4e5f6g7h8Z",  # base64-like, 17 characters
        "ref: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "id 123e4567-e89b-12d3-a456-426614174000",
        "aB3/+aB3/+aB3/+aB3==",
        "short a1b2c3d4e5f6g7 token",  # 14 characters: not one
        "Subscribe to our newsletter",
    ],
)
def test_the_long_token_prefilter_keeps_every_tracking_token(line):
    from transforms.text.lines import _TRACKING_TOKEN, has_tracking_token

    assert has_tracking_token(line) == (_TRACKING_TOKEN.search(line) is not None)


@pytest.mark.parametrize(
    "line", ["Home | News | Sport", "الرئيسية » أخبار » محليات", "Home News Sport", "World / Europe / France", "a > b > c"]
)
def test_the_separator_prefilter_does_not_change_menu_lines(line):
    from transforms.text.lines import MENU_ITEM_MAX_WORDS, MENU_MIN_ITEMS, _MENU_SEPARATORS, is_menu_line, is_nav_word, word_count

    items = [item for item in _MENU_SEPARATORS.split(line.strip()) if item.strip()]
    expected = len(items) >= 2 and all(word_count(item) <= MENU_ITEM_MAX_WORDS for item in items) and (
        len(items) >= MENU_MIN_ITEMS or any(is_nav_word(item) for item in items)
    )
    assert is_menu_line(line) == expected


def test_line_facts_count_words_as_far_as_the_rules_look():
    from transforms.text.lines import LineFacts

    long_line = " ".join(["word"] * 80)
    facts = LineFacts(long_line)
    assert facts.paragraph and facts.words > 30 and facts.reason is None
    assert LineFacts("Home News Sport").words == 3
