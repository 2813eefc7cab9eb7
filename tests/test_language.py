"""DetectLanguage: CLD2 where it is sure, the Arabic script rule above it, langdetect for the rest."""

from __future__ import annotations

import json

import pytest

from benchmarks.quality.language import OWN_TEXTS
from transforms import language
from transforms.document import Document
from transforms.language import DetectLanguageFn
from transforms.text.language_id import LANGDETECT_CODES, cld2_language

# An English report quoting Arabic: CLD2 gives English only 60% (it counts bytes), so langdetect decides.
ENGLISH_QUOTING_ARABIC = (
    "Residents of the coastal town said the storm had flooded dozens of homes overnight and cut power to the "
    "harbour district, while rescue teams worked through the morning to reach families on the northern road. "
    "A local official told reporters: \"غمرت المياه عشرات المنازل وانقطعت الكهرباء عن الحي القديم، ونعمل على "
    "إيصال المساعدات.\""
)


@pytest.fixture(scope="module")
def fn():
    stage = DetectLanguageFn()
    stage.setup()
    return stage


def detect(fn, body: str, title: str | None = None) -> str | None:
    (doc,) = fn.process(Document(doc_id="d", input_path="d", raw_text="", title=title, body=body))
    return doc.language


def test_our_texts_in_25_languages_get_their_language(fn):
    texts = json.loads(OWN_TEXTS.read_text(encoding="utf-8"))["texts"]
    assert len({item["language"] for item in texts}) >= 25
    wrong = [(item["language"], detect(fn, item["text"]), item["text"][:40]) for item in texts
             if detect(fn, item["text"]) != item["language"]]
    assert wrong == []


def test_cld2_codes_are_written_as_langdetect_writes_them():
    assert cld2_language("הממשלה אישרה ביום ראשון את תקציב המדינה לשנה הבאה לאחר דיון ארוך.") == "he"
    assert cld2_language("国务院周三发布了一项新的经济刺激计划，重点支持中小企业和基础设施建设。") == "zh-cn"
    assert cld2_language("行政院週三宣布新的經濟振興方案，重點支持中小企業與基礎建設。") == "zh-tw"
    assert {"he", "zh-cn", "zh-tw", "en", "ar", "fa"} <= LANGDETECT_CODES


def test_cld2_leaves_mixed_unsure_and_unreadable_text_to_langdetect(fn):
    assert cld2_language(ENGLISH_QUOTING_ARABIC) is None
    assert detect(fn, ENGLISH_QUOTING_ARABIC) == "en"
    assert cld2_language("Bonjour") is None  # not reliable
    # CLD2 refuses control characters and lone surrogates; langdetect still answers.
    with_nul = "Le gouvernement annonce une hausse\x00 du salaire minimum pour le mois prochain"
    assert cld2_language(with_nul) is None
    assert detect(fn, with_nul) == "fr"
    assert cld2_language("The minister said \ud800 the plan would help farmers in rural areas.") is None


def test_arabic_by_script_overrides_what_cld2_says(fn, monkeypatch):
    monkeypatch.setattr(language, "cld2_language", lambda text: "fa")
    assert detect(fn, "قال وزير المالية إن الحكومة ستقدم دعما ماليا للمزارعين في المناطق الريفية.") == "ar"
    assert detect(fn, "The minister said the plan would help farmers in rural areas next year.") == "fa"


def test_text_without_letters_has_no_language(fn):
    assert detect(fn, "2024-03-05 12:30 — 1,250 / 3.5%", title="###") is None
    assert detect(fn, "") is None


def test_only_the_first_characters_are_read(fn):
    assert detect(fn, "Le conseil municipal a voté le budget de la ville mardi soir. " * 10 + "ذهب " * 500) == "fr"


def test_same_answers_on_every_call_and_in_every_detector_instance(fn):
    texts = ["Breaking news", "وزير المالية", "Bonjour", ENGLISH_QUOTING_ARABIC, "Merkez Bankası faiz oranlarını sabit tuttu"]
    other = DetectLanguageFn()
    other.setup()
    first = [detect(fn, text) for text in texts]
    assert [detect(fn, text) for text in texts] == first
    assert [detect(other, text) for text in texts] == first
