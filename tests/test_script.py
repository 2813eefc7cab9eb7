"""The Arabic-by-script shortcut is taken only where it is certain."""

from transforms.text.script import arabic_by_script


def test_arabic_text_is_recognised_by_its_letters():
    assert arabic_by_script("قال وزير المالية إن الحكومة ستقدم دعما ماليا للمزارعين في المناطق الريفية خلال العام المقبل.")


def test_other_arabic_script_languages_and_mixed_or_short_text_go_to_the_detector():
    assert not arabic_by_script("وزیر امور خارجه ایران گفت که مذاکرات هسته‌ای ادامه خواهد یافت و پیشرفت داشته است.")  # Persian
    assert not arabic_by_script("وزیر اعظم نے کہا کہ حکومت کسانوں کی مدد کرے گی اور نئے منصوبے شروع ہوں گے۔")  # Urdu
    assert not arabic_by_script("The minister said the plan would help farmers in rural areas next year.")
    assert not arabic_by_script("وزير المالية")  # too few letters to be sure
    assert not arabic_by_script("قال الوزير in a statement that the government would support farmers and rural areas")
