"""The Arabic-by-script shortcut is taken only where it is certain."""

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.text.script import MIN_ARABIC_SHARE, MIN_LETTERS, arabic_by_script


def test_arabic_text_is_recognised_by_its_letters():
    assert arabic_by_script("قال وزير المالية إن الحكومة ستقدم دعما ماليا للمزارعين في المناطق الريفية خلال العام المقبل.")


def test_other_arabic_script_languages_and_mixed_or_short_text_go_to_the_detector():
    assert not arabic_by_script("وزیر امور خارجه ایران گفت که مذاکرات هسته‌ای ادامه خواهد یافت و پیشرفت داشته است.")  # Persian
    assert not arabic_by_script("وزیر اعظم نے کہا کہ حکومت کسانوں کی مدد کرے گی اور نئے منصوبے شروع ہوں گے۔")  # Urdu
    assert not arabic_by_script("The minister said the plan would help farmers in rural areas next year.")
    assert not arabic_by_script("وزير المالية")  # too few letters to be sure
    assert not arabic_by_script("قال الوزير in a statement that the government would support farmers and rural areas")


# Words mixed so that letter counts near 20 and Arabic shares near 90% come up often.
_TOKENS = ["وزير", "المالية", "في", "ءىة", "a", "é", "bc", "۱٢", "12", "،", "ًّ", "ـ", "\u200c", "\n", "پ", "گک"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=25).map(" ".join))
def test_the_fast_count_follows_the_rule_letter_by_letter(text):
    letters = [c for c in text if c.isalpha()]
    arabic = [c for c in letters if "\u0621" <= c <= "\u063a" or "\u0641" <= c <= "\u064a"]
    other_script = any("\u0679" <= c <= "\u06d5" or "\u06ee" <= c <= "\u06ff" for c in text)
    expected = len(letters) >= MIN_LETTERS and not other_script and len(arabic) >= MIN_ARABIC_SHARE * len(letters)
    assert arabic_by_script(text) == expected
