"""Boilerplate rules one by one (each with a line it removes and one it keeps), the per-source
template rule (pure parts and through the pipeline), and the menu-aware headline."""

from __future__ import annotations

import pytest

from tests.conftest import read_rows, run_cli
from transforms.templates import LineSpreadFn
from transforms.text.line_vocabulary import stop_word_share
from transforms.text.lines import (
    analyse_page,
    boilerplate_reasons,
    find_headline,
    is_call_to_action,
    is_marked_caption,
    is_menu_line,
    phrase_match,
)
from transforms.text.normalize import words
from transforms.text.templates import (
    LineSpread,
    TemplateThresholds,
    candidate_keys,
    is_template,
    line_template_keys,
    mark_template_lines,
    template_key,
    template_line_indices,
)

PARAGRAPH = (
    "The harbour authority closed the port on Tuesday after waves damaged the outer breakwater and two cranes."
)
SECOND_PARAGRAPH = "Engineers expect the first repairs to finish by Thursday, the authority said in a short statement."


def reasons_on_page(lines: list[str]) -> dict[str, str | None]:
    layout = analyse_page(lines)
    return dict(zip(lines, boilerplate_reasons(lines, layout)))


def article(*middle: str, after: tuple[str, ...] = ()) -> list[str]:
    """A page: headline, a paragraph, the lines under test, a paragraph, then `after`."""
    return ["A storm closes the harbour for two days", PARAGRAPH, *middle, SECOND_PARAGRAPH, *after]


# One positive (removed with the reason) and one negative (kept) line per single-line rule, each
# placed between two paragraphs of an article.
SINGLE_LINE_RULES = [
    ("phrase", "Advertisement", "Advertising revenue fell by a third."),
    ("phrase", "اقرأ أيضا: ارتفاع أسعار الأعلاف", "وقرأ الوزير البيان أمام النواب."),
    ("share-bar", "Facebook Twitter WhatsApp", "Facebook fined over data breach"),
    ("tracking-code", "c2FoaWw6ZW46MTA5Mw== Sahil Press", "The code 4471 opened the vault."),
    ("tracking-code", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "Hash browns were served."),
    ("link", "newsdesk@harbour.example", "She wrote to the newsdesk the next day."),
    ("link", "Follow @harbourledger", "Harbour ledger reopens"),
    ("caption", "Photo: Jane Doe / Harbour Ledger", "Photographers gathered at the pier."),
    ("caption", "Cranes lie on the quay after the storm (Photo: Reuters)", "Cranes lie on the quay after the storm"),
    ("caption", "صورة أرشيفية", "صورة قاتمة لمستقبل الميناء"),
    ("caption", "Le port après la tempête (AFP)", "Le port après la tempête"),
    ("call-to-action", "Morning briefing in your inbox — subscribe", "Why the port matters"),
    ("call-to-action", "انضموا إلى قناتنا على تيليجرام", "تابع الوزير جولته في الميناء"),
    ("call-to-action", "Gérer mes cookies et mon consentement", "Le maire répond aux pêcheurs"),
    ("menu", "Home | News | Sport | Weather", "Wind, rain and fog"),
    ("keyword-list", "storm, harbour, cranes, breakwater, port authority", "Storm, rain and the harbour"),
]


@pytest.mark.parametrize("reason, removed, kept", SINGLE_LINE_RULES)
def test_each_line_rule_removes_its_line_and_keeps_a_look_alike(reason, removed, kept):
    assert reasons_on_page(article(removed))[removed] == reason
    assert reasons_on_page(article(kept))[kept] is None


def test_header_lines_above_the_headline_go_but_a_paragraph_there_stays():
    lines = ["Harbour Ledger", "A storm closes the harbour for two days", "A storm closes the harbour for two days",
             PARAGRAPH]
    assert reasons_on_page(lines)["Harbour Ledger"] == "header"
    lines = [PARAGRAPH, "A storm closes the harbour for two days", "A storm closes the harbour for two days",
             SECOND_PARAGRAPH]
    assert reasons_on_page(lines)[PARAGRAPH] is None


def test_date_byline_and_headline_copy():
    lines = ["A storm closes the harbour for two days", "By Jane Doe, The Harbour Ledger", "12 March 2024",
             "A storm closes the harbour for two days", PARAGRAPH, "12 March 2024 was the windiest day of the year so far."]
    reasons = boilerplate_reasons(lines, analyse_page(lines))
    assert reasons[1:4] == ["byline", "date-line", "headline-copy"]
    assert reasons[4] is None and reasons[5] is None


def test_a_run_of_short_lines_is_a_menu_but_one_subheading_is_not():
    menu = ["Quayside", "Harbour Life", "Markets and Moorings", "Tide Tables"]
    reasons = reasons_on_page(article(*menu))
    assert [reasons[item] for item in menu] == ["menu"] * 4
    assert reasons_on_page(article("Repairs begin"))["Repairs begin"] is None


def test_numbered_list_items_and_key_value_lines_are_not_a_menu():
    items = ["1. Close the gates", "2. Move the boats", "3. Call the pilot"]
    assert all(reason is None for line, reason in reasons_on_page(article(*items)).items() if line in items)
    results = ["Gold: Kenya", "Silver: Ethiopia", "Bronze: Uganda"]
    assert all(reason is None for line, reason in reasons_on_page(article(*results)).items() if line in results)


def test_comments_section_goes_to_the_end_but_not_before_the_article():
    comments = ["12 comments", "Sam, Leeds", "This is exactly what the council promised us last winter, and nothing happened."]
    reasons = reasons_on_page(article(after=tuple(comments)))
    assert [reasons[line] for line in comments] == ["comments", "comments", "comments"]
    lines = ["A storm closes the harbour for two days", "Comments", PARAGRAPH, SECOND_PARAGRAPH]
    reasons = reasons_on_page(lines)
    assert reasons[PARAGRAPH] is None and reasons[SECOND_PARAGRAPH] is None


def test_links_under_a_related_heading_go_up_to_the_next_paragraph():
    page = article("Related stories", "", "Port fees to rise next year", "", "Is the pier safe?")
    reasons = reasons_on_page(page)
    assert reasons["Port fees to rise next year"] == reasons["Is the pier safe?"] == "related-link"
    assert reasons[SECOND_PARAGRAPH] is None
    # A "read also" link in the running text is not a heading: the subheading after it stays.
    reasons = reasons_on_page(article("Read also: Port fees to rise next year", "Repairs begin"))
    assert reasons["Read also: Port fees to rise next year"] == "phrase"
    assert reasons["Repairs begin"] is None


def test_short_unpunctuated_lines_after_the_last_paragraph_are_footer_but_a_closing_sentence_stays():
    reasons = reasons_on_page(article(after=("Harbour Ledger Ltd", "He declined to comment.")))
    assert reasons["Harbour Ledger Ltd"] == "footer"
    assert reasons["He declined to comment."] is None


def test_subheadings_quotes_numbered_lists_and_short_paragraphs_are_kept():
    kept = ["What happens next", '"We will rebuild," she said.', "1. Close the gates", "The vote is on Friday."]
    reasons = reasons_on_page(article(kept[0], PARAGRAPH + " Again.", kept[1], kept[2], kept[3]))
    assert [reasons[line] for line in kept] == [None] * 4


def test_stop_word_share_tells_prose_from_titles():
    assert stop_word_share(words("The port was closed after the storm.")) > 0.3
    assert stop_word_share(words("Harbour Storm Cranes Breakwater")) == 0.0
    assert stop_word_share(words("وقال الوزير إن الميناء سيفتح في الأسبوع المقبل")) > 0.2
    assert stop_word_share(words("Le port a été fermé après la tempête")) > 0.3


def test_headline_skips_a_menu_above_it_but_a_short_headline_under_a_menu_is_found():
    lines = ["Harbour Life", "Markets and Moorings", "Tide Tables", "A storm closes the harbour for two days", PARAGRAPH]
    assert find_headline(lines) == (3, (3,))
    lines = ["Skip to content", "Menu", "Search", "Weather", "Weather today", "Published: 8 February 2024", PARAGRAPH]
    assert find_headline(lines) == (4, (4,))
    assert find_headline(lines, excluded=frozenset({4}))[0] != 4


# The per-source template rule, pure parts.

def test_template_key_folds_case_and_punctuation_but_not_numbers():
    assert template_key("© Harbour Ledger.") == template_key("© harbour ledger")
    assert template_key("Harbour Ledger") != template_key("Harbour Gazette")
    assert template_key("3 people were hurt.") != template_key("5 people were hurt.")
    assert template_key("   ") is None


def test_candidates_are_short_lines_not_the_headline_nor_paragraphs():
    lines = ["A storm closes the harbour for two days", "", "Our reporters walk the quays every morning.", PARAGRAPH]
    assert set(candidate_keys(lines, analyse_page(lines))) == {2}


def test_extract_carries_the_template_keys_so_later_stages_reuse_them():
    import datetime as dt

    from transforms.document import Document
    from transforms.extract import ExtractMetadataFn

    lines = ["A storm closes the harbour for two days", "", "Our reporters walk the quays every morning.", PARAGRAPH]
    doc = next(ExtractMetadataFn(dt.date(2024, 4, 15)).process_document(Document("d", "p.txt", "\n".join(lines))))
    assert doc.layout.template_keys == line_template_keys(lines) == ((0, template_key(lines[0])), (2, template_key(lines[2])))
    assert candidate_keys(lines, doc.layout) == candidate_keys(lines, analyse_page(lines)) == {2: template_key(lines[2])}
    keys = frozenset({template_key(lines[0])})
    assert template_line_indices(lines, keys, doc.layout) == template_line_indices(lines, keys) == {0}


def test_template_thresholds_need_distinct_headlines_and_a_share():
    thresholds = TemplateThresholds(min_documents=5, min_share=0.2)
    assert is_template(LineSpread(30, frozenset(range(5))), 30, thresholds)
    assert not is_template(LineSpread(30, frozenset(range(4))), 30, thresholds)  # copies of a few stories
    assert not is_template(LineSpread(5, frozenset(range(5))), 100, thresholds)  # 5% of a large source


def test_line_spread_combiner_counts_documents_and_caps_headlines():
    combine = LineSpreadFn(headline_cap=3)
    parts = []
    for headlines in ([1, 1, 2], [3, 4, 5]):
        accumulator = combine.create_accumulator()
        for headline in headlines:
            accumulator = combine.add_input(accumulator, headline)
        parts.append(accumulator)
    spread = combine.extract_output(combine.merge_accumulators(parts))
    assert spread.documents == 6 and len(spread.headlines) == 3


def test_template_lines_are_marked_unless_another_rule_or_the_headline_has_them():
    lines = ["A storm closes the harbour for two days", PARAGRAPH, "Our reporters walk the quays every morning.",
             "Share this article"]
    layout = analyse_page(lines)
    reasons = boilerplate_reasons(lines, layout)
    keys = frozenset({template_key(lines[0]), template_key(lines[2]), template_key(lines[3])})
    assert mark_template_lines(reasons, layout, template_line_indices(lines, keys)) == 1
    assert reasons == ["headline-copy", None, "template", "phrase"]  # the headline is the title, not body
    assert template_line_indices(lines, frozenset()) == frozenset()


# The template rule through the pipeline: 30 articles of one source share a navigation block and a
# footer that no phrase list knows.

NAV = ["Harbour Life", "Markets and Moorings", "Letters to the Keeper", "Tide Tables"]
FOOTER = ["Our reporters walk the quays every morning.", "The Harbourview Gazette",
          "Printed above the old net loft since 1911.", "Lamp Street Press Collective"]
SUBHEADINGS = ["What the crews say", "Costs and delays", "A longer season", "The council's view", "Next steps",
               "Lessons from the winter", "Money for the slipway", "The view from the pier", "Old rules, new boats",
               "Waiting for the tide"]
BOATS = ["the Marigold", "the Kestrel", "the Saltwind", "the Corran", "the Brightwater", "the Islay Rose"]


def _harbour_article(i: int) -> tuple[str, list[str], list[str]]:
    boat = BOATS[i % len(BOATS)]
    headline = f"Crew of {boat} lands a record catch on voyage number {i} of the season"
    body = [
        f"The crew of {boat} returned on voyage {i} with the largest catch the harbour has logged this year, "
        f"the harbourmaster told a meeting of {20 + i} skippers on the north quay.",
        SUBHEADINGS[i % len(SUBHEADINGS)],
        f"Skippers said the early start to voyage {i} paid off, although fuel costs rose by {i % 7 + 2} percent "
        "and two engines needed repairs before the boats could leave again.",
        f'"Voyage {i} was the one we waited for," the skipper of {boat} said.',
        f"The fish market reopens on day {i + 1} of the season.",
    ]
    page = [*NAV, headline, *body, *FOOTER]
    return headline, page, body


@pytest.fixture(scope="module")
def harbour_run(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("harbour-in")
    (inputs / "harbourview").mkdir()
    expected = {}
    for i in range(30):
        headline, page, body = _harbour_article(i)
        (inputs / "harbourview" / f"story-{i:02d}.txt").write_text("\n".join(page) + "\n", encoding="utf-8")
        expected[f"story-{i:02d}.txt"] = (headline, body)
    output = tmp_path_factory.mktemp("harbour-out")
    assert run_cli("--input", str(inputs), "--output", str(output), "--source-from-path", "{source}/*",
                   "--keep-removed", "--dedup-near-similarity", "1.0") == 0
    return inputs, expected, {row["input_path"].rsplit("/", 1)[1]: row for row in read_rows(output)}


def test_a_source_s_shared_navigation_and_footer_all_go_and_its_articles_stay(harbour_run):
    _, expected, rows = harbour_run
    assert set(rows) == set(expected)
    for name, (headline, body) in expected.items():
        row = rows[name]
        assert row["title"] == headline, name
        assert row["body"].split("\n") == body, name
        assert row["boilerplate_lines_removed"] == len(NAV) + len(FOOTER), name
        assert "[template] Our reporters walk the quays every morning." in row["removed_lines"], name
        assert "[template] Printed above the old net loft since 1911." in row["removed_lines"], name


def test_without_the_template_rule_the_footer_sentences_stay(harbour_run, tmp_path):
    inputs, _, _ = harbour_run
    output = tmp_path / "out"
    assert run_cli("--input", str(inputs), "--output", str(output), "--source-from-path", "{source}/*",
                   "--template-min-docs", "0", "--dedup-near-similarity", "1.0") == 0
    for row in read_rows(output):
        assert "Our reporters walk the quays every morning." in row["body"].split("\n")
        # Without --keep-removed the removed lines are counted, and their text is not written.
        assert row["boilerplate_lines_removed"] >= len(NAV) and row["removed_lines"] is None


def test_a_line_opening_with_a_camera_emoji_is_a_caption_however_long():
    assert is_marked_caption("📸 The minister (left) meets his counterpart at the ministry in the capital on Monday, " * 2)
    assert not is_marked_caption("The minister met his counterpart 📸 at the ministry on Monday.")


def test_follow_prompts_and_print_promos_go_but_a_sentence_about_following_a_debate_stays():
    assert is_call_to_action("Follow Harbourline on WhatsApp for the latest business news.")
    assert is_call_to_action("Suivez-nous sur Telegram pour ne rien manquer.")
    assert not is_call_to_action("Residents said they would follow the debate closely.")
    assert phrase_match("This article first appeared in the November issue of our magazine. Subscribe to the print edition.")
    assert phrase_match("Cet article est paru dans notre édition du week-end.")
    assert not phrase_match("The article first appeared to be a hoax, the editor said.")


def test_a_site_bar_with_a_section_name_is_a_menu_not_the_headline():
    lines = ["صحيفة الوادي | الرئيسية", "", "وزير المالية يعلن خطة جديدة لدعم المزارعين في المناطق الريفية", "",
             "قال وزير المالية إن الحكومة ستقدم دعما ماليا للمزارعين في المناطق الريفية خلال العام المقبل، وذلك في إطار خطة شاملة."]
    assert find_headline(lines)[0] == 2
    assert boilerplate_reasons(lines, analyse_page(lines))[0] is not None
    assert not is_menu_line("Politics | Parliament passes a new election law")  # a section-prefixed headline
