"""Publication dates: every date form, each once where it is right and once beside a decoy that must lose."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.quality.dates import evaluate, load_snippets
from transforms.text.dates import (
    _DIGIT_PLANES_END,
    _digits,
    date_evidence_from_metadata,
    date_from_path,
    date_from_url,
    parse_date_line,
    parse_date_value,
    resolve_publication_date,
)
from transforms.text.lines import analyse_page

AR_BODY = [
    "أعلنت وزارة الزراعة أن موسم حصاد القمح بدأ هذا الأسبوع في المحافظات الشمالية، وسط توقعات بإنتاج وفير هذا العام.",
    "وقال المتحدث باسم الوزارة إن فرق الإرشاد انتشرت في القرى لمساعدة المزارعين على تقدير مواعيد الحصاد والتخزين.",
]
EN_BODY = [
    "The regional council approved a plan on Tuesday to rebuild the old harbour wall, which was damaged by winter storms.",
    "Engineers told councillors that the first phase would take about eight months and keep the fishing fleet working.",
]
FR_BODY = [
    "Le conseil municipal a adopté mardi soir un plan de rénovation du marché couvert, fermé depuis deux ans pour travaux.",
    "Selon l'adjoint chargé des travaux, le chantier devrait durer une dizaine de mois et s'achever avant l'été prochain.",
]
AR_HEADLINE = "الحكومة تبدأ موسم حصاد القمح في المحافظات الشمالية"
EN_HEADLINE = "Council approves plan to rebuild harbour wall"
FR_HEADLINE = "Le marché couvert rouvrira avant l'été"
RUN_DAY = dt.date(2025, 12, 31)


def page_date(lines, metadata=None, input_path="/in/page.txt", not_after=RUN_DAY):
    """The date ExtractMetadata gives a page: same calls, same order."""
    metadata = metadata or {}
    layout = analyse_page(lines)
    published, crawled = date_evidence_from_metadata(metadata)
    return resolve_publication_date(
        lines, layout.header_end, layout.headline_index, published=published, crawled=crawled,
        url=metadata.get("url"), input_path=input_path, not_after=not_after,
    )


def day_of(lines, **evidence):
    found = page_date(lines, **evidence)
    return found.day if found else None


# Each form: the page where it is the publication date, and a page where a decoy must lose to it.
FORMS = [
    ("Egyptian/Gulf month",
     ["الرئيسية", "أخبار", AR_HEADLINE, "الخميس 25 يناير 2024", *AR_BODY], dt.date(2024, 1, 25),
     ["آخر تحديث: السبت 27 يناير 2024", "الرئيسية", AR_HEADLINE, "الخميس 25 يناير 2024", *AR_BODY]),
    ("Levantine month",
     [AR_HEADLINE, "3 كانون الثاني 2024", *AR_BODY], dt.date(2024, 1, 3),
     [AR_HEADLINE, "3 كانون الثاني 2024", *AR_BODY, "وكان الوزير قد زار المنطقة في 1 شباط 2023 ووعد بتوسيع شبكة الري فيها."]),
    ("Levantine month without the article",
     [AR_HEADLINE, "9 تشرين ثاني 2024", *AR_BODY], dt.date(2024, 11, 9),
     [AR_HEADLINE, "نشر في: 9 تشرين ثاني 2024", *AR_BODY, "8 تشرين ثاني 2024"]),
    ("Maghreb month",
     [AR_HEADLINE, "الأحد 7 جويلية 2024", *AR_BODY], dt.date(2024, 7, 7),
     [AR_HEADLINE, "الأحد 7 جويلية 2024", *AR_BODY, "أخبار ذات صلة", "ارتفاع أسعار الأعلاف", "5 جويلية 2024",
      "تعاونيات زراعية تطلب الدعم", "2 جويلية 2024"]),
    ("Moroccan month",
     [AR_HEADLINE, "الرباط: 14 شتنبر 2024", *AR_BODY], dt.date(2024, 9, 14),
     [AR_HEADLINE, "آخر تحديث 15 شتنبر 2024", "الرباط: 14 شتنبر 2024", *AR_BODY]),
    ("Arabic-Indic digits",
     [AR_HEADLINE, "١٢ آذار ٢٠٢٤", *AR_BODY], dt.date(2024, 3, 12),
     ["١٣ آذار ٢٠٢٤", "الرئيسية", "اقتصاد", AR_HEADLINE, "١٢ آذار ٢٠٢٤", *AR_BODY]),
    ("weekday prefix with comma",
     [AR_HEADLINE, "الإثنين, 2 ديسمبر 2024 - 3:07 م", *AR_BODY], dt.date(2024, 12, 2),
     [AR_HEADLINE, "الإثنين, 2 ديسمبر 2024 - 3:07 م", "موعد المؤتمر: 12 مارس 2027", *AR_BODY]),
    ("paired month names",
     [AR_HEADLINE, "14 حزيران/يونيو 2024 | 18:20", *AR_BODY], dt.date(2024, 6, 14),
     ["آخر تحديث 15 حزيران/يونيو 2024", AR_HEADLINE, "14 حزيران/يونيو 2024 | 18:20", *AR_BODY]),
    ("Arabic label with diacritics",
     [AR_HEADLINE, "نُشر في: ٢٢ أيلول ٢٠٢٣ - ٠٩:٤٥ ص", *AR_BODY], dt.date(2023, 9, 22),
     ["الأحد 24 أيلول 2023", AR_HEADLINE, "نُشر في: ٢٢ أيلول ٢٠٢٣ - ٠٩:٤٥ ص", *AR_BODY]),
    ("published and updated on one line",
     [AR_HEADLINE, "تاريخ النشر 22/09/2023 - آخر تحديث 24/09/2023", *AR_BODY], dt.date(2023, 9, 22),
     [AR_HEADLINE, "آخر تحديث 24/09/2023 | تاريخ النشر 22/09/2023", *AR_BODY]),
    ("English ordinal with GMT",
     [AR_HEADLINE, "تاريخ النشر: 5th, May 2024 GMT", *AR_BODY], dt.date(2024, 5, 5),
     ["Updated 6th, May 2024 GMT", AR_HEADLINE, "تاريخ النشر: 5th, May 2024 GMT", *AR_BODY]),
    ("English month first",
     [EN_HEADLINE, "Published: March 12, 2024", *EN_BODY], dt.date(2024, 3, 12),
     ["Wednesday, March 13, 2024", "News", "Sport", EN_HEADLINE, "Published: March 12, 2024", *EN_BODY]),
    ("'the 5th of May'",
     [EN_HEADLINE, "Sunday, the 5th of May, 2024", *EN_BODY], dt.date(2024, 5, 5),
     [EN_HEADLINE, "Sunday, the 5th of May, 2024", *EN_BODY, "Comments", "Great news! 7th of May, 2024"]),
    ("byline with a date",
     [EN_HEADLINE, "By Jane Doe | March 12, 2024", *EN_BODY], dt.date(2024, 3, 12),
     [EN_HEADLINE, "By Jane Doe | March 12, 2024", *EN_BODY,
      "The wall was first built on 3 June 1921, the council's records show, and repaired twice since then."]),
    ("updated before published on one line",
     [EN_HEADLINE, "Updated 19 April 2024 — first published 18 April 2024", *EN_BODY], dt.date(2024, 4, 18),
     ["Last updated: 19 April 2024", EN_HEADLINE, "Published 18 April 2024 | Updated 19 April 2024, 09:00 GMT", *EN_BODY]),
    ("French with 'à 14h30'",
     [FR_HEADLINE, "Publié le 3 février 2024 à 14h30", *FR_BODY], dt.date(2024, 2, 3),
     [FR_HEADLINE, "Publié le 3 février 2024 à 14h30, mis à jour le 4 février 2024 à 09h00", *FR_BODY]),
    ("French '1er' and abbreviations",
     [FR_HEADLINE, "Par Marie Dupont - 1er mars 2024", *FR_BODY], dt.date(2024, 3, 1),
     ["Mis à jour le 2 mars 2024", FR_HEADLINE, "1er mars 2024", *FR_BODY]),
    ("ISO with offset",
     [EN_HEADLINE, "2024-03-12T14:05:00+03:00", *EN_BODY], dt.date(2024, 3, 12),
     [EN_HEADLINE, "Last modified: 2024-03-14T08:00:00+03:00", "2024-03-12T14:05:00+03:00", *EN_BODY]),
    ("numeric day first",
     [AR_HEADLINE, "10/06/2024", *AR_BODY], dt.date(2024, 6, 10),
     [AR_HEADLINE, "10/06/2024", *AR_BODY, "12/06/2024", "15/06/2024"]),
    ("Hijri date alone (Umm al-Qura)",
     [AR_HEADLINE, "15 رمضان 1445 هـ", *AR_BODY], dt.date(2024, 3, 25),
     [AR_HEADLINE, "15 رمضان 1445 هـ", *AR_BODY, "وكانت الوزارة قد أطلقت البرنامج في 1 محرم 1440 هـ بمشاركة عشرات الجمعيات الزراعية."]),
    ("Hijri beside Gregorian",
     [AR_HEADLINE, "الاثنين 15 رمضان 1445 هـ الموافق 25 مارس 2024 م", *AR_BODY], dt.date(2024, 3, 25),
     ["آخر تحديث 16 رمضان 1445 هـ", AR_HEADLINE, "الاثنين 15 رمضان 1445 هـ الموافق 25 مارس 2024 م", *AR_BODY]),
]


@pytest.mark.parametrize("form, page, day, decoy_page", FORMS, ids=[form[0] for form in FORMS])
def test_each_date_form_is_read_and_beats_its_decoy(form, page, day, decoy_page):
    assert day_of(page) == day
    assert day_of(decoy_page) == day


@pytest.mark.parametrize(
    "line, hour, minute",
    [
        ("الخميس - 25 يناير 2024 - 10:29 م بتوقيت عدن", 19, 29),  # 22:29 in Aden = 19:29 UTC
        ("الأحد 5 مايو 2024 الساعة 10:00 صباحا", 10, 0),
        ("12:05 ص 5 مايو 2024", 0, 5),
        ("May 5, 2024 11:45 p.m. GMT", 23, 45),
        ("Tue, 05 May 2024 14:05:00 +0000", 14, 5),
        ("5 mai 2024 à 9h30 (heure de Paris)", 7, 30),
    ],
)
def test_times_am_pm_words_and_zones(line, hour, minute):
    parsed = parse_date_line(line)
    assert (parsed.published_at().hour, parsed.published_at().minute) == (hour, minute)


def test_the_day_is_the_page_s_own_day_not_the_utc_day():
    late = day_and_instant([AR_HEADLINE, "السبت 2 مارس 2024 - 11:50 م بتوقيت مكة", *AR_BODY])
    assert late == (dt.date(2024, 3, 2), dt.datetime(2024, 3, 2, 20, 50, tzinfo=dt.timezone.utc))
    early = day_and_instant([AR_HEADLINE, "الأحد 3 مارس 2024 - 01:30 ص بتوقيت مكة", *AR_BODY])
    assert early == (dt.date(2024, 3, 3), dt.datetime(2024, 3, 2, 22, 30, tzinfo=dt.timezone.utc))
    evening_new_york = day_and_instant([EN_HEADLINE, "May 4, 2024 11:45 p.m. EDT", *EN_BODY])
    assert evening_new_york == (dt.date(2024, 5, 4), dt.datetime(2024, 5, 5, 3, 45, tzinfo=dt.timezone.utc))


def day_and_instant(lines, **evidence):
    found = page_date(lines, **evidence)
    return found.day, found.published_at


@pytest.mark.parametrize(
    "lines",
    [
        [AR_HEADLINE, "منذ 3 ساعات", *AR_BODY],
        [EN_HEADLINE, "2 hours ago", *EN_BODY],
        ["Last updated: 2024-04-19", EN_HEADLINE, *EN_BODY],
        [AR_HEADLINE, *AR_BODY, "وكان الوزير قد زار المستشفى في 12 فبراير 2023 وتعهد بتوسيع أقسام الطوارئ خلال عام."],
        [FR_HEADLINE, "Salon de l'habitat : 20 juin 2027", *FR_BODY],
        [FR_HEADLINE, "Octobre 2024", *FR_BODY],
        [EN_HEADLINE, *EN_BODY, "Related stories", "Port fees to rise", "3 June 2024", "New ferry route", "28 May 2024"],
    ],
    ids=["relative-ar", "relative-en", "only-updated", "event-in-sentence", "future-event", "month-only", "dated-links"],
)
def test_no_publication_date_means_null_not_a_guess(lines):
    assert page_date(lines) is None


def test_metadata_date_beats_the_text_and_says_so():
    found = page_date([EN_HEADLINE, "June 4, 2024", *EN_BODY],
                      metadata={"published": "2024-06-03T18:00:00+02:00", "format": "jsonl"})
    assert (found.day, found.date_source) == (dt.date(2024, 6, 3), "metadata")
    assert found.published_at == dt.datetime(2024, 6, 3, 16, 0, tzinfo=dt.timezone.utc)


def test_metadata_in_utc_one_day_off_yields_to_the_page_s_own_day():
    lines = [FR_HEADLINE, "Publié le 21 juin 2024 à 00h30", *FR_BODY]
    found = page_date(lines, metadata={"published": "2024-06-20T22:30:00Z", "format": "html"})
    assert (found.day, found.date_source) == (dt.date(2024, 6, 21), "text-label")
    far_off = page_date(lines, metadata={"published": "2024-06-10T22:30:00Z", "format": "html"})
    assert (far_off.day, far_off.date_source) == (dt.date(2024, 6, 10), "metadata")


def test_metadata_values_in_other_formats():
    assert parse_date_value("1727767800").day == dt.date(2024, 10, 1)  # epoch seconds, through dateparser
    assert parse_date_value("Tue, 01 Oct 2024 07:30:00 +0100").published_at() == dt.datetime(
        2024, 10, 1, 6, 30, tzinfo=dt.timezone.utc)
    assert parse_date_value("2024-10-01").day == dt.date(2024, 10, 1)
    assert parse_date_value("not a date") is None


def test_a_warc_date_is_the_crawl_not_the_publication_date():
    crawl = {"published": "2024-02-10T04:11:09Z", "format": "warc"}
    assert page_date([AR_HEADLINE, *AR_BODY], metadata=crawl) is None
    assert page_date([AR_HEADLINE, "15 فبراير 2024", *AR_BODY], metadata=crawl) is None  # after the crawl
    found = page_date([AR_HEADLINE, "8 فبراير 2024", *AR_BODY], metadata=crawl)
    assert (found.day, found.date_source) == (dt.date(2024, 2, 8), "text-header")
    with_page_date = page_date([AR_HEADLINE, *AR_BODY], metadata={**crawl, "page_published": "2024-02-07"})
    assert (with_page_date.day, with_page_date.date_source) == (dt.date(2024, 2, 7), "metadata")
    page_date_after_crawl = {**crawl, "page_published": "2024-03-01"}
    assert page_date([AR_HEADLINE, "8 فبراير 2024", *AR_BODY], metadata=page_date_after_crawl).day == dt.date(2024, 2, 8)


def test_url_date_beats_an_unlabelled_header_date_but_not_a_label():
    url = {"url": "https://www.example-courier.co.uk/2024/10/01/vaccination", "format": "html"}
    assert page_date([EN_HEADLINE, *EN_BODY], metadata=url).date_source == "url"
    header = page_date([EN_HEADLINE, "October 2, 2024", *EN_BODY], metadata=url)
    assert (header.day, header.date_source) == (dt.date(2024, 10, 1), "url")
    labelled = page_date([EN_HEADLINE, "Published: 30 September 2024", *EN_BODY], metadata=url)
    assert (labelled.day, labelled.date_source) == (dt.date(2024, 9, 30), "text-label")
    agreeing = page_date([EN_HEADLINE, "October 1, 2024 09:15 GMT", *EN_BODY], metadata=url)
    assert agreeing.published_at == dt.datetime(2024, 10, 1, 9, 15, tzinfo=dt.timezone.utc)


def test_dates_in_urls_and_paths():
    assert date_from_url("https://x.example/news/2024/01/25/title") == dt.date(2024, 1, 25)
    assert date_from_url("https://x.example/2024-01-25-title.html") == dt.date(2024, 1, 25)
    assert date_from_url("https://x.example/2024/01/title") is None
    assert date_from_path("/mirror/x.example/2024/01/25/page.txt") == dt.date(2024, 1, 25)
    assert date_from_path("/raw/2024-01-25/page.txt") is None  # a crawl-day folder
    found = page_date([AR_HEADLINE, *AR_BODY], input_path="/mirror/x.example/2024/02/08/dates.txt")
    assert (found.day, found.date_source) == (dt.date(2024, 2, 8), "path")
    header = page_date([AR_HEADLINE, "9 فبراير 2024", *AR_BODY], input_path="/mirror/x.example/2024/02/08/dates.txt")
    assert (header.day, header.date_source) == (dt.date(2024, 2, 9), "text-header")


def test_a_labelled_date_at_the_foot_counts_when_it_is_the_only_one():
    found = page_date([AR_HEADLINE, *AR_BODY, "نشر بتاريخ: 18 يوليو 2024"])
    assert (found.day, found.date_source) == (dt.date(2024, 7, 18), "text-label")


def test_the_labelled_quality_set_meets_its_floors():
    scores, misses = evaluate(load_snippets())
    overall = scores["all"]
    assert overall.snippets >= 100 and {"ar", "en", "fr"} <= set(scores)
    assert overall.exact_rate >= 0.9, misses
    assert overall.wrong_rate < 0.03, misses
    for language in ("ar", "en", "fr"):
        assert scores[language].exact_rate >= 0.9, (language, misses)


def test_the_digit_prefilter_knows_every_digit_of_unicode():
    beyond = [code for code in range(_DIGIT_PLANES_END, 0x110000) if chr(code).isdigit()]
    assert beyond == []
    assert all(_digits().match(chr(code)) for code in range(_DIGIT_PLANES_END) if chr(code).isdigit())
