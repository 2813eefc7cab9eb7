"""A seeded corpus of invented raw news pages for the benchmarks.

    .venv/bin/python -m benchmarks.corpus --docs 10000 --out /tmp/newsbeam-bench/corpus-10000
    .venv/bin/python -m benchmarks.corpus --docs 1000 --out DIR --html-share 0.1 --jsonl-share 0.1

Every page is built from the word lists and sentence templates in this file (nothing is copied
from real sites): Arabic and English articles of about 3 KB of body text, each under the header
and footer of one of a set of invented outlets (menus, "آخر تحديث" / "Last updated" bars, section
names, bylines, "read also" lists, share bars, tags, copyright lines, tracking codes), the
headline often printed twice, and the date in the forms real sites use (Egyptian/Gulf, Levantine
and Maghreb month names, Arabic-Indic digits, "Published: ...", "تاريخ النشر", ISO stamps).

Document `i` depends only on (seed, i), so the corpus is the same on every run and never held in
memory: files are written as they are generated, 1,000 to a `shard-NNNNN/` folder. Of the
documents, about 5% are exact copies of an earlier page (same bytes), 5% are near-duplicates (the
same story syndicated by another outlet, one sentence added), 2% reuse a recurring headline
("Weather today in ...") over a different story, and 10% state no date.

`--html-share` / `--jsonl-share` write that share of the documents as `.html` pages or as records
in one `records.jsonl` per shard (fields text, title, url, source, published). `_corpus.json`,
written last, records the parameters and the counts; a folder whose `_corpus.json` matches the
parameters is reused as it is.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import html
import json
import os
import random
import shutil
import sys

CORPUS_FORMAT = 3
FILES_PER_SHARD = 1000
MANIFEST_NAME = "_corpus.json"
JSONL_NAME = "records.jsonl"
DEFAULT_SEED = 20240312
TARGET_BODY_BYTES = 3000

SHARE_EXACT_DUPLICATE = 0.05
SHARE_NEAR_DUPLICATE = 0.05
SHARE_RECURRING_HEADLINE = 0.02
SHARE_UNDATED = 0.10
DUPLICATE_LOOKBACK = 2000  # a copy points at one of the previous this-many documents
# Publication dates fall in one month, as in a month's crawl: 24 outlets x 30 days = 720 partitions.
CRAWL_START = dt.datetime(2024, 3, 1)
CRAWL_DAYS = 30

# ------------------------------------------------------------------------------------------------
# Word lists and templates (our own, invented).

AR = {
    "first_names": ["سالم", "هدى", "خالد", "ريم", "مازن", "نورة", "فراس", "ليلى", "يوسف", "سعاد", "عمر", "منى",
                    "طارق", "دينا", "باسل", "رنا", "حسام", "سلمى", "وليد", "جمانة"],
    "family_names": ["العبدلي", "المنصوري", "الزعبي", "الحسيني", "القاسم", "الشمري", "الحداد", "العطار", "البناء",
                     "الكردي", "الصافي", "الدباغ", "النعيمي", "السعدي", "الخطيب", "الحلبي", "الرفاعي", "التميمي"],
    "figures": ["بنسبة {n} في المئة", "خلال {n} يوما", "بقيمة {n} مليون دينار", "لصالح {n} أسرة",
                "بعد {n} ساعة من النقاش", "بمشاركة {n} شخصا", "على مساحة {n} هكتارا"],
    "roles": ["وزير المالية", "رئيس البلدية", "مدير الهيئة", "المتحدث باسم الوزارة", "رئيس الاتحاد",
              "الخبير الاقتصادي", "مديرة المستشفى", "رئيس الجامعة", "محافظ المدينة", "رئيس النقابة"],
    "places": ["وادي السدر", "مدينة الواحة", "الساحل الشرقي", "جبل الريحان", "مرفأ النخيل", "سهل الزيتون",
               "حي القلعة", "بلدة العين", "الجزيرة الخضراء", "ضاحية الورود", "ميناء الفنار", "هضبة السنديان"],
    "weekdays": ["الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
    "topics": {
        "economy": {
            "subjects": ["التعاونية الزراعية", "غرفة التجارة", "البنك المركزي", "شركة الموانئ", "صندوق التنمية",
                         "مصنع الإسمنت", "سوق الخضار المركزي", "هيئة الاستثمار"],
            "verbs": ["أعلنت", "كشفت", "أقرت", "بحثت", "أطلقت", "راجعت", "وقعت"],
            "objects": ["خطة لخفض تكاليف الشحن", "اتفاقية لتصدير التمور", "برنامجا لدعم المشاريع الصغيرة",
                        "زيادة في أسعار الأعلاف", "حزمة قروض ميسرة للمزارعين", "مشروعا لتوسعة المخازن",
                        "تقريرا عن نمو الصادرات", "رسوما جديدة على الاستيراد"],
            "details": ["بنسبة تقارب الربع", "خلال الموسم المقبل", "بعد ثلاث سنوات من المفاوضات",
                        "بتمويل مشترك مع القطاع الخاص", "على مراحل تمتد حتى نهاية العام"],
            "sub": ["أسعار أفضل للمنتجين", "مخاوف التجار", "خطة التمويل"],
        },
        "politics": {
            "subjects": ["مجلس النواب", "الحكومة المحلية", "لجنة الحوار الوطني", "وزارة الخارجية", "المجلس البلدي",
                         "الأحزاب المعارضة", "هيئة الانتخابات"],
            "verbs": ["ناقش", "أقر", "رفض", "أجّل", "اقترح", "صادق على", "دعا إلى"],
            "objects": ["مشروع قانون الانتخابات", "موازنة العام المقبل", "تعديلات على قانون البلديات",
                        "خطة لإصلاح الإدارة العامة", "اتفاقا لتبادل الأسرى", "جدولا زمنيا للمشاورات"],
            "details": ["في جلسة استمرت ساعات", "وسط خلافات بين الكتل", "بأغلبية ضئيلة",
                        "بعد ضغوط من المجتمع المدني", "قبل انتهاء الدورة التشريعية"],
            "sub": ["مواقف الكتل النيابية", "الخطوات المقبلة", "ردود الفعل"],
        },
        "sport": {
            "subjects": ["نادي الفنار", "منتخب الشباب", "فريق الواحة", "اتحاد كرة السلة", "نادي النخيل الرياضي",
                         "بطلة ألعاب القوى"],
            "verbs": ["حقق", "خسر", "تأهل إلى", "أعلن", "ضمن", "استعاد"],
            "objects": ["لقب الدوري المحلي", "المباراة النهائية", "بطاقة التأهل إلى البطولة القارية",
                        "صدارة الترتيب", "عقد المدرب الجديد", "الميدالية الذهبية"],
            "details": ["بهدفين مقابل هدف", "في الدقائق الأخيرة", "أمام جمهور غفير", "بعد موسم صعب",
                        "رغم غياب عدد من اللاعبين"],
            "sub": ["أداء اللاعبين", "تصريحات المدرب", "المباراة المقبلة"],
        },
        "health": {
            "subjects": ["وزارة الصحة", "مستشفى الواحة العام", "مركز الأبحاث الطبية", "نقابة الأطباء",
                         "مديرية الرعاية الأولية"],
            "verbs": ["أطلقت", "حذرت من", "افتتحت", "أعلنت", "وسعت"],
            "objects": ["حملة تطعيم موسمية", "ارتفاع حالات الإنفلونزا", "قسما جديدا للطوارئ",
                        "برنامجا للكشف المبكر", "نقصا في بعض الأدوية"],
            "details": ["في المناطق الريفية", "قبل حلول الشتاء", "بالتعاون مع المدارس", "على مدى أسبوعين",
                        "لجميع الفئات العمرية"],
            "sub": ["نصائح للمواطنين", "أرقام الحملة", "خطة الوزارة"],
        },
        "culture": {
            "subjects": ["دار الثقافة", "مهرجان المسرح", "المكتبة الوطنية", "جمعية الفنون", "متحف المدينة"],
            "verbs": ["افتتح", "استضاف", "أعلن", "نظم", "كرّم"],
            "objects": ["معرضا للمخطوطات النادرة", "أمسية شعرية", "ورشة للخط العربي", "جائزة الرواية الأولى",
                        "عروضا لفرق شبابية"],
            "details": ["بحضور جمهور واسع", "لمدة ستة أسابيع", "بمشاركة فنانين من عدة دول",
                        "في دورته العاشرة", "بدعم من البلدية"],
            "sub": ["برنامج الفعاليات", "آراء الزوار", "جوائز الدورة"],
        },
        "science": {
            "subjects": ["فريق من الباحثين", "جامعة الساحل", "مرصد الجبل الفلكي", "مختبر المياه", "وكالة الفضاء"],
            "verbs": ["طور", "رصد", "نشر", "اختبر", "اكتشف"],
            "objects": ["تقنية لتحلية المياه بالطاقة الشمسية", "نوعا جديدا من النباتات الصحراوية",
                        "دراسة عن تغير المناخ", "قمرا صناعيا صغيرا", "نظاما للإنذار المبكر بالفيضانات"],
            "details": ["بتكلفة منخفضة", "بعد تجارب استمرت عامين", "في مجلة علمية محكمة",
                        "بالتعاون مع جامعات أجنبية", "لأول مرة في المنطقة"],
            "sub": ["نتائج الدراسة", "التطبيقات العملية", "الخطوات المقبلة"],
        },
    },
    "connectors": ["وقال", "وأوضح", "وأضاف", "وأكد", "وأشار", "من جهته، قال", "في المقابل، رأى"],
    "quote_tail": ["أن هذه الخطوة تأتي في إطار خطة أوسع تهدف إلى تحسين الخدمات المقدمة للمواطنين",
                   "أن النتائج الأولية مشجعة لكنها تحتاج إلى مزيد من المتابعة والتقييم",
                   "أن التحديات ما زالت كبيرة في ظل ارتفاع الأسعار وتراجع الموارد",
                   "أن العمل سيستمر بالتنسيق مع الجهات المعنية حتى تحقيق الأهداف المرسومة",
                   "أن المرحلة المقبلة تتطلب التزاما صارما بالمعايير والجداول الزمنية"],
    "context": ["ويأتي ذلك بعد أشهر من النقاش بين الأطراف المعنية حول أفضل السبل لمعالجة المشكلة",
                "ويرى مراقبون أن القرار قد يفتح الباب أمام خطوات مماثلة في مناطق أخرى",
                "وكانت تقارير سابقة قد أشارت إلى تراجع ملحوظ في المؤشرات خلال العام الماضي",
                "ويتوقع أن تظهر نتائج هذه الإجراءات بشكل أوضح خلال الأشهر القليلة المقبلة",
                "وشهدت المنطقة خلال السنوات الأخيرة تحولات كبيرة انعكست على حياة السكان اليومية"],
    "weather_headline": "طقس اليوم في {place}: أجواء متقلبة ورياح نشطة",
    "near_duplicate_tail": "وتابعت وسائل الإعلام المحلية تطورات الخبر طوال اليوم.",
}

EN = {
    "first_names": ["Owen", "Alison", "Maya", "Daniel", "Priya", "Tom", "Grace", "Samuel", "Hannah", "Victor", "Ruth",
                    "Leo", "Nadia", "Felix", "Irene", "Kwame", "Lucia", "Marcus", "Sofia", "Ethan"],
    "family_names": ["Pritchard", "Crumb", "Okafor", "Reyes", "Nair", "Hallett", "Lindqvist", "Osei", "Brook",
                     "Almeida", "Mbeki", "Carraway", "Whitlock", "Duarte", "Fenwick", "Haddad", "Kowalski", "Moreau"],
    "figures": ["by {n} per cent", "within {n} days", "worth {n} million dollars", "for {n} families",
                "after {n} hours of debate", "with {n} people taking part", "across {n} hectares"],
    "roles": ["the finance minister", "the mayor", "the agency's director", "a ministry spokesperson",
              "the union leader", "an independent economist", "the hospital's chief executive",
              "the university's vice-chancellor", "the county commissioner", "the head coach"],
    "places": ["Linbury", "Harwell", "Northgate", "Eastmere", "Kestrel Bay", "Oakridge", "Millford",
               "Saltmarsh", "Brackenfield", "Westhaven", "Ashcombe", "Redwater"],
    "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "topics": {
        "economy": {
            "subjects": ["The bakery chain", "The regional port authority", "The central bank",
                         "The farmers' cooperative", "A local brewery", "The chamber of commerce", "The county council"],
            "verbs": ["announced", "unveiled", "approved", "postponed", "revised", "signed"],
            "objects": ["plans to open twelve new shops", "a deal to export dried fruit", "a cut in business rates",
                        "a loan scheme for small firms", "a freeze on hiring", "new warehouse capacity",
                        "a report on rising exports"],
            "details": ["despite rising energy costs", "over the next eighteen months", "after three years of talks",
                        "with support from private investors", "in stages until the end of the year"],
            "sub": ["Betting on the high street", "Traders' concerns", "Paying for the plan"],
        },
        "politics": {
            "subjects": ["The parliament", "The regional government", "The opposition parties", "The city council",
                         "The electoral commission", "The foreign ministry"],
            "verbs": ["debated", "passed", "rejected", "delayed", "proposed", "backed"],
            "objects": ["a new election law", "next year's budget", "changes to local government",
                        "a plan to reform the civil service", "a timetable for talks", "a bill on housing"],
            "details": ["in a session that lasted hours", "amid deep divisions", "by a narrow majority",
                        "after pressure from campaigners", "before the summer recess"],
            "sub": ["Where the parties stand", "What happens next", "Reaction"],
        },
        "sport": {
            "subjects": ["Kestrel Bay United", "The under-21 side", "Oakridge Rovers", "The national relay team",
                         "The basketball federation", "Harwell Athletic"],
            "verbs": ["won", "lost", "reached", "secured", "reclaimed", "announced"],
            "objects": ["the league title", "the cup final", "a place in the continental championship",
                        "top spot in the table", "a new head coach", "the gold medal"],
            "details": ["with two late goals", "in front of a record crowd", "after a difficult season",
                        "despite several injuries", "on penalties"],
            "sub": ["Players' performance", "What the coach said", "The next fixture"],
        },
        "health": {
            "subjects": ["The health ministry", "Eastmere General Hospital", "The medical research centre",
                         "The doctors' association", "The primary care trust"],
            "verbs": ["launched", "warned of", "opened", "reported", "expanded"],
            "objects": ["a seasonal vaccination drive", "a rise in flu cases", "a new emergency ward",
                        "an early screening programme", "shortages of some medicines"],
            "details": ["in rural areas", "ahead of the winter", "together with local schools", "over two weeks",
                        "for all age groups"],
            "sub": ["Advice for patients", "The numbers", "The ministry's plan"],
        },
        "culture": {
            "subjects": ["The city museum", "The theatre festival", "The national library", "The arts society",
                         "The poetry circle"],
            "verbs": ["opened", "hosted", "announced", "organised", "honoured"],
            "objects": ["an exhibition of rare manuscripts", "an evening of poetry", "a calligraphy workshop",
                        "a prize for first novels", "performances by young companies"],
            "details": ["before a large audience", "for six weeks", "with artists from several countries",
                        "in its tenth edition", "with support from the council"],
            "sub": ["The programme", "What visitors said", "This year's prizes"],
        },
        "science": {
            "subjects": ["A team of researchers", "Saltmarsh University", "The mountain observatory",
                         "The water laboratory", "The space agency"],
            "verbs": ["developed", "observed", "published", "tested", "discovered"],
            "objects": ["a solar-powered desalination method", "a new species of desert plant",
                        "a study on changing rainfall", "a small research satellite", "an early warning system for floods"],
            "details": ["at low cost", "after two years of trials", "in a peer-reviewed journal",
                        "with partners abroad", "for the first time in the region"],
            "sub": ["What the study found", "Practical uses", "Next steps"],
        },
    },
    "connectors": ["said", "explained", "added", "stressed", "noted", "argued"],
    "quote_tail": ["the move was part of a wider plan to improve services for residents",
                   "the early results were encouraging but needed closer monitoring",
                   "the challenges remained large at a time of rising prices and shrinking budgets",
                   "work would continue with the agencies involved until the targets were met",
                   "the coming months would require strict attention to standards and deadlines"],
    "context": ["The decision follows months of discussion between the parties about how best to tackle the problem",
                "Observers believe the move could open the door to similar steps in other districts",
                "Earlier reports had pointed to a marked decline in the main indicators over the past year",
                "The effects of the measures are expected to become clearer over the next few months",
                "The area has seen large changes in recent years that have shaped the daily lives of residents"],
    "weather_headline": "Weather today in {place}: changeable skies and strong winds",
    "near_duplicate_tail": "Local media followed developments throughout the day.",
}

AR_MONTHS = {
    "egyptian": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "levantine": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
                  "تشرين الثاني", "كانون الأول"],
    "maghreb": ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
}
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
AR_ZONES = ["بتوقيت مكة", "بتوقيت القاهرة", "بتوقيت بغداد", "بتوقيت بيروت", "بتوقيت غرينتش"]

AR_OUTLET_KINDS = ["صحيفة", "بوابة", "وكالة", "موقع", "شبكة"]
AR_OUTLET_NAMES = ["الوادي", "الساحل", "النخيل", "الفنار", "الواحة", "السنديان", "الريحان", "المرفأ"]
AR_OUTLET_SUFFIXES = ["نيوز", "برس", "الإخبارية", "اليوم", "تايم"]
AR_OUTLET_DOMAINS = ["wadi", "sahil", "nakheel", "fanar", "waha", "sindian", "rayhan", "marfa"]
EN_OUTLET_FIRST = ["Northgate", "Harbour", "Eastmere", "Kestrel", "Millford", "Saltmarsh", "Redwater", "Oakridge"]
EN_OUTLET_SECOND = ["Courier", "Ledger", "Herald", "Gazette", "Post", "Chronicle", "Times", "Observer"]

# Date styles: how an outlet prints its publication date (all forms real sites use).
AR_DATE_STYLES = ("weekday-time-zone", "published-label-slashes", "levantine-indic", "published-iso",
                  "maghreb", "weekday-comma")
EN_DATE_STYLES = ("published-label", "month-day-year", "weekday-abbrev-utc", "iso-stamp", "posted-on")


@dataclasses.dataclass(frozen=True)
class Outlet:
    language: str
    name: str
    domain: str
    date_style: str
    headline_twice: bool
    updated_bar: bool
    byline_style: str


def outlets(seed: int) -> list[Outlet]:
    """The invented outlets of a corpus: the same list for the same seed."""
    rng = random.Random(f"outlets:{seed}")
    made = []
    for index in range(24):
        if index % 2 == 0:
            kind, name = AR_OUTLET_KINDS[index // 2 % 5], AR_OUTLET_NAMES[index // 2 % 8]
            full = f"{kind} {name} {AR_OUTLET_SUFFIXES[index // 2 % 5]}" if index % 4 == 0 else f"{kind} {name}"
            domain = f"{AR_OUTLET_DOMAINS[index // 2 % 8]}-{index}.example"
            language, styles = "ar", AR_DATE_STYLES
        else:
            full = f"The {EN_OUTLET_FIRST[index // 2 % 8]} {EN_OUTLET_SECOND[(index // 2 + index // 16) % 8]}"
            domain = f"{full.lower().replace('the ', '').replace(' ', '')}{index}.example"
            language, styles = "en", EN_DATE_STYLES
        made.append(Outlet(language, full, domain, styles[index // 2 % len(styles)], rng.random() < 0.6, rng.random() < 0.35,
                      rng.choice(["agency", "author", "label"])))
    return made


# ------------------------------------------------------------------------------------------------
# One story: headline, paragraphs, date. Rendered later as a text page, an HTML page or a record.


@dataclasses.dataclass
class Story:
    language: str
    topic: str
    headline: str
    paragraphs: list[str]  # a paragraph, or a subheading (no final full stop)
    published: dt.datetime | None
    outlet: Outlet


def _rng(seed: int, index: int, purpose: str) -> random.Random:
    return random.Random(f"{purpose}:{seed}:{index}")


def _kind(seed: int, index: int) -> str:
    draw = _rng(seed, index, "kind").random()
    if index == 0 or draw >= SHARE_EXACT_DUPLICATE + SHARE_NEAR_DUPLICATE + SHARE_RECURRING_HEADLINE:
        return "original"
    if draw < SHARE_EXACT_DUPLICATE:
        return "exact_duplicate"
    if draw < SHARE_EXACT_DUPLICATE + SHARE_NEAR_DUPLICATE:
        return "near_duplicate"
    return "recurring_headline"


def _earlier_original(seed: int, index: int) -> int:
    """An earlier document generated as an original, for a copy to repeat."""
    rng = _rng(seed, index, "copy-of")
    candidate = index - rng.randint(1, min(index, DUPLICATE_LOOKBACK))
    while candidate > 0 and _kind(seed, candidate) != "original":
        candidate -= 1
    return candidate


def _person(rng: random.Random, words: dict) -> str:
    return f"{rng.choice(words['first_names'])} {rng.choice(words['family_names'])}"


def _figure(rng: random.Random, words: dict) -> str:
    return rng.choice(words["figures"]).format(n=rng.randint(2, 950))


def _sentence(rng: random.Random, words: dict, topic: dict) -> str:
    """One sentence from a template; names and figures keep unrelated stories apart."""
    if words is AR:
        shape = rng.randrange(3)
        if shape == 0:
            return (f"{rng.choice(words['connectors'])} {rng.choice(words['roles'])} {_person(rng, words)} "
                    f"{rng.choice(words['quote_tail'])}، {rng.choice(topic['details'])} {_figure(rng, words)}.")
        if shape == 1:
            return (f"{rng.choice(words['context'])}، فيما {rng.choice(topic['verbs'])} {rng.choice(topic['subjects'])} "
                    f"{rng.choice(topic['objects'])} في {rng.choice(words['places'])}.")
        return (f"{rng.choice(topic['subjects'])} {rng.choice(topic['verbs'])} {rng.choice(topic['objects'])} "
                f"{_figure(rng, words)}، و{rng.choice(words['quote_tail'])} بحسب {_person(rng, words)}.")
    shape = rng.randrange(3)
    if shape == 0:
        return (f"{_person(rng, words)}, {rng.choice(words['roles'])}, {rng.choice(words['connectors'])} "
                f"that {rng.choice(words['quote_tail'])}, {rng.choice(topic['details'])} {_figure(rng, words)}.")
    if shape == 1:
        return (f"{rng.choice(words['context'])}, while {rng.choice(topic['subjects']).lower()} in "
                f"{rng.choice(words['places'])} {rng.choice(topic['verbs'])} {rng.choice(topic['objects'])}.")
    return (f"{rng.choice(topic['subjects'])} {rng.choice(topic['verbs'])} {rng.choice(topic['objects'])} "
            f"{_figure(rng, words)}, and {_person(rng, words)} {rng.choice(words['connectors'])} "
            f"that {rng.choice(words['quote_tail'])}.")


def _headline(rng: random.Random, language: str, topic: dict) -> str:
    if language == "ar":
        place = rng.choice(AR["places"])
        return f"{rng.choice(topic['subjects'])} في {place} {rng.choice(topic['verbs'])} {rng.choice(topic['objects'])}"
    place = rng.choice(EN["places"])
    return f"{place}: {rng.choice(topic['subjects']).lower()} {rng.choice(topic['verbs'])} {rng.choice(topic['objects'])}"


def _related_headline(story: Story, rng: random.Random) -> str:
    topics = (AR if story.language == "ar" else EN)["topics"]
    return _headline(rng, story.language, topics[story.topic])


def _story(seed: int, index: int, outlets: list[Outlet]) -> Story:
    """The original story of document `index` (what a copy of it repeats)."""
    rng = _rng(seed, index, "story")
    outlet = rng.choice(outlets)
    words = AR if outlet.language == "ar" else EN
    topic_name = rng.choice(sorted(words["topics"]))
    topic = words["topics"][topic_name]
    headline = _headline(rng, outlet.language, topic)
    headline += f" {_figure(rng, words)}"
    paragraphs, size = [], 0
    target = TARGET_BODY_BYTES * rng.uniform(0.8, 1.2)
    while size < target:
        paragraph = " ".join(_sentence(rng, words, topic) for _ in range(rng.randint(2, 3)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8"))
        if len(paragraphs) == 2 and rng.random() < 0.6:
            paragraphs.append(rng.choice(topic["sub"]))
    published = None
    if rng.random() >= SHARE_UNDATED:
        published = CRAWL_START + dt.timedelta(minutes=rng.randrange(CRAWL_DAYS * 24 * 60))
    return Story(outlet.language, topic_name, headline, paragraphs, published, outlet)


def document_story(seed: int, index: int, outlets: list[Outlet]) -> tuple[str, Story, int]:
    """(kind, story, page_key) of document `index`: an original, or a copy of an earlier one.

    `page_key` seeds the page's own details (byline, footer): an exact copy shares its original's.
    """
    kind = _kind(seed, index)
    if kind == "original":
        return kind, _story(seed, index, outlets), index
    original = _earlier_original(seed, index)
    source = _story(seed, original, outlets)
    if kind == "exact_duplicate":
        return kind, source, original
    if kind == "near_duplicate":
        rng = _rng(seed, index, "syndication")
        syndicator = rng.choice([o for o in outlets if o.language == source.language and o != source.outlet])
        words = AR if source.language == "ar" else EN
        paragraphs = source.paragraphs[:-1] + [source.paragraphs[-1] + " " + words["near_duplicate_tail"]]
        return kind, dataclasses.replace(source, paragraphs=paragraphs, outlet=syndicator), index
    story = _story(seed, index, outlets)
    words = AR if story.language == "ar" else EN
    place = words["places"][index % 3]
    return kind, dataclasses.replace(story, headline=words["weather_headline"].format(place=place)), index


# ------------------------------------------------------------------------------------------------
# Rendering.


def _date_line(story: Story, when: dt.datetime, style: str) -> str:
    if story.language == "ar":
        weekday = AR["weekdays"][(when.weekday() + 1) % 7]  # the Arabic list starts on Sunday
        hour12 = when.hour % 12 or 12
        meridiem = "ص" if when.hour < 12 else "م"
        if style == "weekday-time-zone":
            return (f"{weekday} {when.day} {AR_MONTHS['egyptian'][when.month - 1]} {when.year} - "
                    f"{hour12:02d}:{when.minute:02d} {meridiem} {AR_ZONES[when.day % len(AR_ZONES)]}")
        if style == "published-label-slashes":
            return f"تاريخ النشر: {when.day:02d}/{when.month:02d}/{when.year}"
        if style == "levantine-indic":
            text = f"{weekday} {when.day} {AR_MONTHS['levantine'][when.month - 1]} {when.year} - {hour12:02d}:{when.minute:02d} {meridiem}"
            return text.translate(ARABIC_INDIC)
        if style == "published-iso":
            return f"نشر في {when:%Y-%m-%d %H:%M}"
        if style == "maghreb":
            return f"{when.day} {AR_MONTHS['maghreb'][when.month - 1]} {when.year}"
        return f"{weekday}، {when.day} {AR_MONTHS['egyptian'][when.month - 1]} {when.year}"
    if style == "published-label":
        return f"Published: {when.day} {EN_MONTHS[when.month - 1]} {when.year} {when:%H:%M} GMT"
    if style == "month-day-year":
        return f"{EN_MONTHS[when.month - 1]} {when.day}, {when.year}"
    weekday = EN["weekdays"][when.weekday()]
    if style == "weekday-abbrev-utc":
        return f"{weekday} {when.day} {EN_MONTHS[when.month - 1][:3]} {when.year} {when:%H:%M} UTC"
    if style == "iso-stamp":
        return f"{when:%Y-%m-%dT%H:%M:00Z}"
    return f"Posted on {when.day} {EN_MONTHS[when.month - 1]} {when.year}"


def _byline(story: Story, rng: random.Random) -> str:
    outlet = story.outlet
    if story.language == "ar":
        if outlet.byline_style == "agency":
            return f"{outlet.name.split()[-1]}/وكالات"
        if outlet.byline_style == "label":
            return f"المصدر: {outlet.name}"
        return f"كتب: {_person(rng, AR)}"
    if outlet.byline_style == "agency":
        return f"{outlet.name} staff and agencies"
    if outlet.byline_style == "label":
        return f"Source: {outlet.name}"
    return f"By {_person(rng, EN)}, {outlet.name}"


def _tracking_code(rng: random.Random) -> str:
    return hashlib.sha256(str(rng.random()).encode()).hexdigest()


def render_text(story: Story, index: int) -> str:
    """The page as a scraper saves it: header, headline (often twice), date, byline, body, footer."""
    rng = random.Random(f"page:{index}")
    outlet, ar = story.outlet, story.language == "ar"
    words = AR if ar else EN
    lines = [f"{outlet.name} | الرئيسية" if ar else "Skip to content", "القائمة" if ar else "Menu", "بحث" if ar else "Search", ""]
    if outlet.updated_bar and story.published:
        updated = story.published + dt.timedelta(hours=rng.randint(1, 30))
        lines += [f"آخر تحديث: {_date_line(story, updated, 'weekday-time-zone')}" if ar
                  else f"Last updated: {updated:%Y-%m-%d %H:%M} GMT", ""]
    section = {"economy": ("اقتصاد", "Business"), "politics": ("سياسة", "Politics"), "sport": ("رياضة", "Sport"),
               "health": ("صحة", "Health"), "culture": ("ثقافة", "Culture"), "science": ("تكنولوجيا", "Science")}[story.topic]
    lines += [section[0] if ar else section[1], "", story.headline, ""]
    if outlet.headline_twice:
        lines += [story.headline, ""]
    if story.published:
        lines += [_date_line(story, story.published, outlet.date_style), ""]
    lines += [_byline(story, rng), ""]
    for paragraph in story.paragraphs:
        lines += [paragraph, ""]
    other = _related_headline(story, rng)
    if ar:
        lines += ["أخبار ذات صلة", f"اقرأ أيضا: {other}", "شارك هذا الخبر", "فيسبوك تويتر واتساب",
                  f"كلمات دلالية: {section[0]}، {rng.choice(words['places'])}", f"جميع الحقوق محفوظة © {outlet.name}"]
    else:
        lines += ["Share this article", "Related stories", f"Read more: {other}",
                  f"Tags: {section[1]}, {rng.choice(words['places'])}", f"© {outlet.name}. All rights reserved."]
    if rng.random() < 0.3:
        lines.append(f"{_tracking_code(rng)} {outlet.name.split()[-1]}")
    return "\n".join(lines) + "\n"


def render_html(story: Story, index: int) -> str:
    """The page as HTML: nav, article with h1/time/byline/paragraphs, aside, footer."""
    rng = random.Random(f"page:{index}")
    outlet, ar = story.outlet, story.language == "ar"
    e = html.escape
    parts = [f'<!DOCTYPE html>\n<html lang="{story.language}" dir="{"rtl" if ar else "ltr"}"><head><meta charset="utf-8">',
             f"<title>{e(story.headline)} | {e(outlet.name)}</title>"]
    if story.published:
        parts.append(f'<meta property="article:published_time" content="{story.published:%Y-%m-%dT%H:%M:00Z}">')
    nav = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة"] if ar else ["Home", "Politics", "Business", "Sport", "Culture"]
    parts.append("</head><body><header><nav><ul>" + "".join(f'<li><a href="/{i}">{e(n)}</a></li>' for i, n in enumerate(nav))
                 + "</ul></nav></header><main><article>")
    parts.append(f"<h1>{e(story.headline)}</h1>")
    if story.published:
        parts.append(f'<time datetime="{story.published:%Y-%m-%dT%H:%M:00Z}">{e(_date_line(story, story.published, outlet.date_style))}</time>')
    parts.append(f'<p class="byline">{e(_byline(story, rng))}</p>')
    for paragraph in story.paragraphs:
        parts.append(f"<p>{e(paragraph)}</p>" if paragraph.endswith(".") else f"<h2>{e(paragraph)}</h2>")
    other = _related_headline(story, rng)
    related = "أخبار ذات صلة" if ar else "Related stories"
    share = "شارك هذا الخبر" if ar else "Share this article"
    parts.append(f'</article><aside><h3>{related}</h3><ul><li><a href="/related/{index}">{e(other)}</a></li></ul></aside>'
                 f'<div class="share">{share}</div></main><footer><p>© {e(outlet.name)}</p></footer></body></html>\n')
    return "\n".join(parts)


def render_record(story: Story, index: int) -> dict:
    """The page as a scraper's JSONL record: text, title, url, source, published."""
    return {
        "text": "\n".join(story.paragraphs),
        "title": story.headline,
        "url": f"https://{story.outlet.domain}/{story.topic}/{index}",
        "source": story.outlet.name,
        "published": story.published.strftime("%Y-%m-%dT%H:%M:00Z") if story.published else None,
    }


# ------------------------------------------------------------------------------------------------
# Writing a corpus.


def _format(seed: int, index: int, html_share: float, jsonl_share: float) -> str:
    draw = _rng(seed, index, "format").random()
    return "html" if draw < html_share else "jsonl" if draw < html_share + jsonl_share else "txt"


def shard_dir(root: str, index: int) -> str:
    return os.path.join(root, f"shard-{index // FILES_PER_SHARD:05d}")


def document_index(path: str) -> int:
    """The index of the document a `doc-NNNNNNN.ext` file holds."""
    return int(os.path.basename(path).split(".")[0].split("-")[1])


def read_manifest(root: str) -> dict | None:
    path = os.path.join(root, MANIFEST_NAME)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def generate_corpus(root: str, docs: int, seed: int = DEFAULT_SEED, html_share: float = 0.0,
                    jsonl_share: float = 0.0) -> dict:
    """Writes the corpus under `root` (or reuses it when `_corpus.json` matches); returns the manifest."""
    parameters = {"format": CORPUS_FORMAT, "docs": docs, "seed": seed, "html_share": html_share, "jsonl_share": jsonl_share}
    existing = read_manifest(root)
    if existing and existing["parameters"] == parameters:
        return existing
    if os.path.exists(root):
        shutil.rmtree(root)
    sources = outlets(seed)
    counts = {"txt": 0, "html": 0, "jsonl": 0}
    bytes_by_format = {"txt": 0, "html": 0, "jsonl": 0}
    kinds = {"original": 0, "exact_duplicate": 0, "near_duplicate": 0, "recurring_headline": 0}
    undated = 0
    records = None
    for index in range(docs):
        folder = shard_dir(root, index)
        if index % FILES_PER_SHARD == 0:
            os.makedirs(folder)
            if records:
                records.close()
            records = None
        kind, story, page_key = document_story(seed, index, sources)
        kinds[kind] += 1
        undated += story.published is None
        fmt = _format(seed, index, html_share, jsonl_share)
        if fmt == "jsonl":
            if records is None:
                records = open(os.path.join(folder, JSONL_NAME), "w", encoding="utf-8")
            line = json.dumps(render_record(story, page_key), ensure_ascii=False) + "\n"
            records.write(line)
            data = line.encode("utf-8")
        else:
            page = render_html(story, page_key) if fmt == "html" else render_text(story, page_key)
            data = page.encode("utf-8")
            with open(os.path.join(folder, f"doc-{index:07d}.{fmt}"), "wb") as handle:
                handle.write(data)
        counts[fmt] += 1
        bytes_by_format[fmt] += len(data)
    if records:
        records.close()
    manifest = {"parameters": parameters, "documents": docs, "documents_by_format": counts,
                "bytes_by_format": bytes_by_format, "kinds": kinds, "undated": undated}
    with open(os.path.join(root, MANIFEST_NAME), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, required=True, help="number of documents (1 to 1,000,000 and more)")
    parser.add_argument("--out", required=True, help="corpus folder (replaced unless its _corpus.json matches)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--html-share", type=float, default=0.0, help="share of documents written as .html")
    parser.add_argument("--jsonl-share", type=float, default=0.0, help="share written as records in .jsonl")
    args = parser.parse_args(argv)
    manifest = generate_corpus(args.out, args.docs, args.seed, args.html_share, args.jsonl_share)
    json.dump(manifest, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
