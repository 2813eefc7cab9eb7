"""Sources: resolution order, registered domains, path templates, slugs and the alias map."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.cli import main
from tests.conftest import SAMPLE_DIR, by_file, read_rows, run_cli
from transforms.text.sources import (
    Source,
    parse_source_map,
    registered_domain,
    resolve_source,
    slugify_source,
    source_from_path,
)


def test_metadata_source_keeps_its_name_and_takes_the_url_s_registered_domain_as_slug():
    source = resolve_source({"source": "Al Ahram", "url": "https://english.ahram.org.eg/News/1.aspx"}, text_source="كتابات")
    assert source == Source(name="Al Ahram", slug="ahram.org.eg")


def test_a_source_domain_in_metadata_is_the_slug_even_without_a_url():
    assert resolve_source({"source": "www.Example-Courier.co.uk"}) == Source("www.Example-Courier.co.uk", "example-courier.co.uk")


def test_the_url_alone_gives_name_and_slug():
    assert resolve_source({"url": "https://news.bbc.co.uk/2024/01/25/x"}, text_source="Reuters") == Source("bbc.co.uk", "bbc.co.uk")


def test_path_template_beats_the_text_attribution_and_the_text_is_the_fallback():
    path = "/data/raw/sahil-press/2024/page.txt"
    assert resolve_source({}, "عدن تايم", path, "{source}/*/*") == Source("sahil-press", "sahil-press")
    assert resolve_source({}, "عدن تايم", path, "{source}-*.txt") == Source("عدن تايم", "adn-taym")
    assert resolve_source({}, "عدن تايم", path) == Source("عدن تايم", "adn-taym")
    assert resolve_source({}, None, path) == Source(None, "unknown")


@pytest.mark.parametrize(
    "path, template, expected",
    [
        ("/in/alnakheel/a.txt", "{source}/*", "alnakheel"),
        ("s3://bucket/raw/harbour-ledger/2024/01/a.txt", "{source}/*/*/*", "harbour-ledger"),
        ("/in/courier-0042.txt", "{source}-*.txt", "courier"),
        ("/in/courier-0042.html", "{source}-*.txt", None),
    ],
)
def test_source_from_path_templates(path, template, expected):
    assert source_from_path(path, template) == expected


@pytest.mark.parametrize(
    "value, domain",
    [
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("arabic.cnn.com", "cnn.com"),
        ("http://sub.example.com.eg:8080/x", "example.com.eg"),
        ("Sky News Arabia", None),
        ("http://192.168.1.10/x", None),
        ("localhost", None),
    ],
)
def test_registered_domains_from_the_bundled_suffix_list(value, domain):
    assert registered_domain(value) == domain


def test_arabic_slugs_are_the_same_for_every_spelling_of_one_name():
    spellings = ["وكالة النخيل للأنباء", "وكاله النخيل للانباء", "وَكالةُ النَّخيل للأنباء", "وكالـــة النخيل للأنباء"]
    assert {slugify_source(name) for name in spellings} == {"wkalh-alnkhyl-llanba"}
    for name in spellings:
        assert all(ch.isascii() and (ch.isalnum() or ch in ".-") for ch in slugify_source(name))


def test_source_map_merges_aliases_by_name_and_by_slug():
    source_map = parse_source_map("alias,canonical\nساحل برس,sahilpress.com\nSahil Press,sahilpress.com\n", "map.csv")
    assert source_map.apply(Source("ساحل  بـرس", slugify_source("ساحل برس"))) == Source("sahilpress.com", "sahilpress.com")
    assert source_map.apply(Source(None, "sahil-press")) == Source("sahilpress.com", "sahilpress.com")
    assert source_map.apply(Source("Other", "other")) == Source("Other", "other")
    from_json = parse_source_map(json.dumps({"The Courier": "Northgate Courier"}), "map.json")
    assert from_json.apply(Source("the courier", "the-courier")) == Source("Northgate Courier", "northgate-courier")


@pytest.mark.parametrize(
    "text, name, message",
    [
        ("a,b,c\n", "m.csv", "two columns"),
        ("{not json", "m.json", "not valid JSON"),
        ('["a", "b"]', "m.json", "one object"),
    ],
)
def test_malformed_source_maps_say_what_is_wrong(text, name, message):
    with pytest.raises(ValueError, match=message):
        parse_source_map(text, name)


def test_bad_source_options_are_usage_errors(tmp_path, capsys):
    bad_map = tmp_path / "map.csv"
    bad_map.write_text("only-one-column\n", encoding="utf-8")
    base = ["run", "--input", str(SAMPLE_DIR), "--output", str(tmp_path / "out")]
    assert main([*base, "--source-map", str(bad_map)]) == 2
    assert "two columns" in capsys.readouterr().err
    assert main([*base, "--source-from-path", "*/*"]) == 2
    assert "{source}" in capsys.readouterr().err


def test_path_template_and_source_map_through_the_pipeline(tmp_path):
    inputs = tmp_path / "in"
    for outlet, page in (("courier", "en_undated.txt"), ("the-courier", "en_economy_updated.txt"), ("ledger", "ar_sport.txt")):
        (inputs / outlet).mkdir(parents=True)
        shutil.copy(SAMPLE_DIR / page, inputs / outlet / page)
    source_map = tmp_path / "outlets.json"
    source_map.write_text(json.dumps({"the-courier": "Northgate Courier", "courier": "Northgate Courier"}), encoding="utf-8")
    output = tmp_path / "out"
    assert run_cli("--input", str(inputs), "--output", str(output), "--source-from-path", "{source}/*",
                   "--source-map", str(source_map)) == 0
    rows = by_file(read_rows(output))
    assert {name: (row["source"], row["source_name"]) for name, row in rows.items()} == {
        "en_undated.txt": ("northgate-courier", "Northgate Courier"),
        "en_economy_updated.txt": ("northgate-courier", "Northgate Courier"),
        "ar_sport.txt": ("ledger", "ledger"),
    }
