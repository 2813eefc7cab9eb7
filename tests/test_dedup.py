"""Deduplication: URL keys, MinHash, and the fold decisions seen in the pipeline's output."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import weakref
import zlib

import apache_beam as beam
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.testing.util import assert_that, equal_to

from tests.conftest import read_jsonl, read_manifest, read_rows, run_cli
import transforms.dedup as dedup
from transforms.dedup import (
    DedupConfig,
    DedupHeadlines,
    DedupStateMismatch,
    Fingerprint,
    BatchCandidateKeysFn,
    as_candidate,
    candidate_keys,
    cluster_fingerprints,
    connected_components,
    edges_in_group,
    edges_of_batches,
    fingerprint_document,
    fold_in_memory,
    ReadDedupState,
    check_state_folder,
    paragraph_keys,
)
from transforms.schema import DEDUP_STATE_SCHEMA
from transforms.document import Document, stable_doc_id
from transforms.stage import FOLDED
from transforms.text.minhash import MinHasher, estimated_jaccard, paragraph_word_hashes, similar_pairs, word_hashes
from transforms.text.normalize import words
from transforms.text.similarity import jaccard, shingles
from transforms.text.urls import normalize_url

WORDS = (
    "harbour council minister budget storm river school market police court election farmers bridge "
    "hospital museum festival coast railway drought league stadium factory export bank inflation rain "
    "village mayor report workers strike talks border treaty vaccine teachers students fire flood road"
).split()


def paragraph(rng: random.Random, words: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def article_body(seed: int, paragraphs: int = 6) -> list[str]:
    rng = random.Random(seed)
    return [paragraph(rng) for _ in range(paragraphs)]


def page(headline: str, body: list[str], date_line: str | None = None, header: str = "Menu", footer: str = "Share this article") -> str:
    lines = [header, headline, headline]
    if date_line:
        lines.append(date_line)
    return "\n".join(lines + [""] + body + ["", footer]) + "\n"


@pytest.mark.parametrize(
    "a, b",
    [
        ("https://www.example.com/news/story-1/", "http://example.com/news/story-1"),
        ("https://example.com/a?utm_source=x&id=7&fbclid=abc", "https://example.com/a?id=7"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82", "https://example.com/العراق"),
        ("https://EXAMPLE.com/story#comments", "https://example.com/story"),
        ("https://m.example.com/story/amp", "https://example.com/story"),
    ],
)
def test_normalize_url_folds_spellings_of_one_address(a, b):
    assert normalize_url(a) == normalize_url(b)


def test_normalize_url_keeps_different_articles_apart():
    assert normalize_url("https://example.com/a?id=7") != normalize_url("https://example.com/a?id=8")
    assert normalize_url("https://example.com/a") != normalize_url("https://other.com/a")
    assert normalize_url("mailto:x@example.com") is None and normalize_url("") is None


def test_minhash_is_deterministic_and_estimates_jaccard():
    text_a = " ".join(article_body(1))
    text_b = " ".join(article_body(1)[:4] + article_body(2)[:2])
    first, second = MinHasher(), MinHasher()
    assert np.array_equal(first.signature(text_a), second.signature(text_a))
    true = jaccard(shingles(text_a), shingles(text_b))
    estimate = estimated_jaccard(first.signature(text_a), first.signature(text_b))
    assert abs(true - estimate) < 0.12
    assert first.band_hashes(first.signature(text_a).tobytes()) == second.band_hashes(second.signature(text_a).tobytes())


def test_similar_pairs_finds_only_pairs_above_the_threshold():
    signatures = np.array([[1, 2, 3, 4], [1, 2, 3, 9], [7, 7, 7, 7]], dtype=np.uint32)
    few_shingles = np.array([5, 5, 5])  # too few for containment: Jaccard alone decides
    assert similar_pairs(signatures, few_shingles, 0.75) == [(0, 1)]
    assert similar_pairs(signatures, few_shingles, 0.8) == []


def _doc(name, title, body, url=None, published=None):
    text = f"{title}\n{body}\n{name}"
    return Document(doc_id=stable_doc_id(text), input_path=f"/in/{name}", raw_text=text, title=title, body=body,
                    url=url, published_at=published)


def test_same_url_is_the_same_article_even_after_an_edit():
    body = "\n".join(article_body(3))
    docs = [
        _doc("first.txt", "Council approves budget", body, url="https://www.example.com/news/42/?utm_medium=rss",
             published=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)),
        _doc("rescrape.txt", "Council approves the 2024 budget", "\n".join(article_body(4)), url="http://example.com/news/42",
             published=dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)),
    ]
    with beam.Pipeline(runner="FnApiRunner") as p:
        result = p | beam.Create(docs) | DedupHeadlines()
        assert_that(result.documents | beam.Map(lambda d: (os.path.basename(d.input_path), d.duplicate_count)),
                    equal_to([("first.txt", 1)]), label="survivors")
        assert_that(result.folded | beam.Map(lambda f: (os.path.basename(f.input_path), f.reason)),
                    equal_to([("rescrape.txt", "same article URL")]), label="folds")


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def test_identical_files_under_two_names_give_one_row(inputs, tmp_path):
    text = page("Storm closes the harbour", article_body(10), "12 March 2024")
    (inputs / "a.txt").write_text(text)
    (inputs / "b.txt").write_text(text)
    assert run_cli("--input", str(inputs), "--output", str(tmp_path / "out")) == 0
    rows = read_rows(tmp_path / "out")
    assert [(os.path.basename(r["input_path"]), r["duplicate_count"]) for r in rows] == [("a.txt", 1)]
    assert [f["reason"] for f in read_jsonl(tmp_path / "out", "_duplicates")] == ["identical text"]


def test_a_three_copy_chain_is_one_cluster(inputs, tmp_path):
    a, b, c = article_body(20, paragraphs=10), article_body(21, paragraphs=2), article_body(22, paragraphs=2)
    first, middle, last = a, a[2:] + b, a[4:] + b + c
    hasher = MinHasher()
    hashes = [hasher.shingle_hashes(" ".join(text)) for text in (first, middle, last)]
    signatures = np.stack([hasher.signature_of_hashes(h) for h in hashes])
    counts = np.array([h.size for h in hashes])
    assert similar_pairs(signatures, counts, 0.7) == [(0, 1), (1, 2)]  # a chain: first and last are not similar
    (inputs / "1.txt").write_text(page("Floods reach the delta", first, "1 May 2024"))
    (inputs / "2.txt").write_text(page("Delta floods: thousands leave", middle, "2 May 2024"))
    (inputs / "3.txt").write_text(page("Thousands leave the delta", last, "3 May 2024"))
    assert run_cli("--input", str(inputs), "--output", str(tmp_path / "out"), "--dedup-near-similarity", "0.7") == 0
    rows = read_rows(tmp_path / "out")
    assert len(rows) == 1
    assert os.path.basename(rows[0]["input_path"]) == "1.txt"  # the earliest published survives
    assert rows[0]["duplicate_count"] == 2


def test_a_copy_cut_short_is_contained_in_the_original():
    hasher = MinHasher()
    full = " ".join(article_body(50, paragraphs=10))
    short = " ".join(article_body(50, paragraphs=10)[:4])
    hashes = [hasher.shingle_hashes(full), hasher.shingle_hashes(short)]
    signatures = np.stack([hasher.signature_of_hashes(h) for h in hashes])
    counts = np.array([h.size for h in hashes])
    assert estimated_jaccard(signatures[0], signatures[1]) < 0.6
    assert similar_pairs(signatures, counts, 0.8) == [(0, 1)]


@pytest.mark.parametrize("seed", [60, 63])
def test_same_headline_over_a_story_sharing_some_stock_paragraphs_is_not_folded(seed):
    # The short story repeats 3 of the long one's 10 paragraphs: containment 0.6, Jaccard 0.25.
    long_story = article_body(seed, paragraphs=10)
    short_story = long_story[:3] + article_body(seed + 100, paragraphs=2)
    cut_copy = long_story[3:7]
    day = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)
    docs = [
        _doc("long.txt", "Weather today in Northgate", "\n".join(long_story), published=day),
        _doc("other-day.txt", "Weather today in Northgate", "\n".join(short_story), published=day + dt.timedelta(days=1)),
        _doc("cut-copy.txt", "Weather today in Northgate", "\n".join(cut_copy), published=day + dt.timedelta(days=2)),
    ]
    with beam.Pipeline(runner="FnApiRunner") as p:
        result = p | beam.Create(docs) | DedupHeadlines()
        assert_that(result.documents | beam.Map(lambda d: os.path.basename(d.input_path)),
                    equal_to(["long.txt", "other-day.txt"]), label="survivors")
        assert_that(result.folded | beam.Map(lambda f: (os.path.basename(f.input_path), f.reason)),
                    equal_to([("cut-copy.txt", "same headline and body")]), label="folds")


def test_the_band_two_documents_met_in_does_not_count_towards_their_similarity():
    def candidate(doc_id: str, signature: np.ndarray) -> bytes:
        fingerprint = Fingerprint(doc_id, f"/in/{doc_id}", "src", None, "title:x", signature.astype("<u4").tobytes(),
                                  5, (), None, 100)
        return as_candidate(fingerprint)

    first = np.arange(64, dtype=np.uint32)
    second = first.copy()
    second[8:24] += 100  # band 0 (rows 0-7) equal, 40 of the other 56 rows equal: 48/64 = 0.75 in all
    config = DedupConfig(min_near_similarity=0.73)
    members = [candidate("a", first), candidate("b", second)]
    assert list(edges_in_group("para:0f0f0f0f", members, config)) == [("a", "b", "near-duplicate body")]
    assert list(edges_in_group("band:0:0f0f0f0f", members, config)) == []  # 40/56 = 0.71


def test_survivor_is_earliest_then_longest_and_reruns_agree(inputs, tmp_path):
    body = article_body(30)
    (inputs / "late.txt").write_text(page("Rail strike ends", body, "9 June 2024"))
    (inputs / "early.txt").write_text(page("Rail strike ends", body, "8 June 2024", header="Home", footer="Read more:"))
    (inputs / "undated.txt").write_text(page("Rail strike ends", body + ["One more closing paragraph that only this copy has, with extra words."]))
    survivors = []
    for run in ("one", "two"):
        assert run_cli("--input", str(inputs), "--output", str(tmp_path / run)) == 0
        rows = read_rows(tmp_path / run)
        assert len(rows) == 1
        survivors.append((rows[0]["doc_id"], os.path.basename(rows[0]["input_path"]), rows[0]["duplicate_count"]))
    assert survivors[0] == survivors[1]
    assert survivors[0][1:] == ("early.txt", 2)


def test_incremental_run_folds_copies_of_stories_written_before(inputs, tmp_path):
    state = tmp_path / "state"
    first_batch, second_batch = inputs / "day1", inputs / "day2"
    first_batch.mkdir()
    second_batch.mkdir()
    (first_batch / "story.txt").write_text(page("Museum reopens after repairs", article_body(40), "4 July 2024"))
    (first_batch / "other.txt").write_text(page("Bridge tolls to rise", article_body(41), "4 July 2024"))
    (second_batch / "republished.txt").write_text(
        page("Museum reopens after repairs", article_body(40), "5 July 2024", header="Search", footer="Tags: museum")
    )
    (second_batch / "new.txt").write_text(page("Teachers vote on new contract", article_body(42), "5 July 2024"))

    assert run_cli("--input", str(first_batch), "--output", str(tmp_path / "out1"), "--dedup-state", str(state)) == 0
    first_rows = {os.path.basename(r["input_path"]): r for r in read_rows(tmp_path / "out1")}
    assert run_cli("--input", str(second_batch), "--output", str(tmp_path / "out2"), "--dedup-state", str(state)) == 0

    second_rows = read_rows(tmp_path / "out2")
    assert [os.path.basename(r["input_path"]) for r in second_rows] == ["new.txt"]
    folds = read_jsonl(tmp_path / "out2", "_duplicates")
    assert [(os.path.basename(f["input_path"]), f["folded_into_doc_id"]) for f in folds] == [
        ("republished.txt", first_rows["story.txt"]["doc_id"])
    ]
    manifest = read_manifest(tmp_path / "out2")
    assert manifest["counts"]["duplicates_folded"] == 1 and manifest["counts"]["written"] == 1
    assert len(manifest["dedup_state_files"]) == 1
    assert len(list(state.glob("fingerprints-*.parquet"))) == 2
    assert not (state / "_temporary").exists() or not any((state / "_temporary").iterdir())

    # The same input again: everything is already written.
    assert run_cli("--input", str(second_batch), "--output", str(tmp_path / "out3"), "--dedup-state", str(state)) == 0
    counts = read_manifest(tmp_path / "out3")["counts"]
    assert counts["written"] == 0 and counts["duplicates_folded"] == 2


def test_a_state_written_with_other_fingerprint_settings_is_refused(inputs, tmp_path, capsys):
    state = tmp_path / "state"
    (inputs / "story.txt").write_text(page("Museum reopens after repairs", article_body(40), "4 July 2024"))
    assert run_cli("--input", str(inputs), "--output", str(tmp_path / "out1"), "--dedup-state", str(state)) == 0
    capsys.readouterr()

    status = run_cli("--input", str(inputs), "--output", str(tmp_path / "out2"), "--dedup-state", str(state),
                     "--dedup-minhash-perm", "128")
    assert status == 2
    error = capsys.readouterr().err
    assert "fingerprint settings" in error and "'num_perm': 64" in error and "'num_perm': 128" in error
    assert not (tmp_path / "out2").exists() or not list((tmp_path / "out2").rglob("*.parquet"))


def test_a_state_file_without_settings_is_refused_by_the_worker_too(tmp_path):
    state_file = tmp_path / "fingerprints-old-00000.parquet"
    pq.write_table(pa.Table.from_pylist([], schema=DEDUP_STATE_SCHEMA), state_file)
    with pytest.raises(DedupStateMismatch, match="fingerprint_format': 1"):
        check_state_folder(str(tmp_path), DedupConfig())
    with pytest.raises(Exception, match="fingerprint settings"):
        with beam.Pipeline("FnApiRunner") as p:
            p | ReadDedupState(str(tmp_path), DedupConfig())


def test_generic_headline_over_different_stories_is_not_folded(inputs, tmp_path):
    for day in range(5):
        (inputs / f"weather{day}.txt").write_text(page("طقس اليوم", article_body(100 + day), f"{day + 1} March 2024"))
    assert run_cli("--input", str(inputs), "--output", str(tmp_path / "out")) == 0
    assert len(read_rows(tmp_path / "out")) == 5


def test_shingle_hashes_are_the_distinct_shingles_in_order():
    hasher = MinHasher()
    text = "the cat sat on the mat and the cat sat on the mat again"
    tokens = text.split()
    hashes = hasher.shingle_hashes(text)
    assert hashes.tolist() == sorted(set(hashes.tolist()))
    assert hashes.size == len({tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)})
    assert hasher.shingle_hashes("one").size == 1
    assert hasher.shingle_hashes("").size == 0
    assert hasher.shingle_hashes("...").size == 0


def test_word_hashes_are_the_hashes_of_the_normalised_words():
    text = "«أخبار» U.S. — Économie   2024 ٢٠٢٤"
    assert word_hashes(text) == [zlib.crc32(word.encode("utf-8")) for word in words(text)]
    assert words(text) == ["اخبار", "u", "s", "economie", "2024", "2024"]


def test_paragraph_keys_ignore_formatting_but_not_words():
    twelve = "one two three four five six seven eight nine ten eleven twelve"
    same = "One, two; three four five six seven eight nine ten eleven twelve!"
    assert paragraph_keys(*paragraph_word_hashes(twelve)) == paragraph_keys(*paragraph_word_hashes(same))
    assert paragraph_keys(*paragraph_word_hashes(twelve + " more")) != paragraph_keys(*paragraph_word_hashes(twelve))
    assert paragraph_keys(*paragraph_word_hashes("too short to be a key")) == ()


def test_paragraph_word_hashes_split_the_words_at_line_ends():
    body, starts = paragraph_word_hashes("First line, here.\n\nSecond line\n...\n")
    assert body.tolist() == word_hashes("First line here Second line")
    assert [body[start:end].tolist() for start, end in zip(starts, starts[1:])] == [
        word_hashes("first line here"), [], word_hashes("second line"), [], []
    ]


def test_similar_pairs_decides_a_pair_alone_as_within_a_larger_group():
    rng = np.random.default_rng(3)
    far = np.full(56, 7, dtype=np.uint8)
    for _ in range(300):
        first = rng.integers(0, 256, 56, dtype=np.uint8)
        second = np.where(rng.random(56) < rng.random(), first, rng.integers(0, 256, 56, dtype=np.uint8)).astype(np.uint8)
        counts = rng.integers(1, 400, 2)
        threshold = float(rng.choice([0.5, 0.8]))
        alone = similar_pairs(np.stack([first, second]), counts, threshold)
        in_group = similar_pairs(np.stack([first, second, far]), np.append(counts, 1), threshold)
        assert alone == [pair for pair in in_group if pair == (0, 1)]


def _stories_with_every_kind_of_copy(seed: int) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for index in range(120):
        body = article_body(index % 70, paragraphs=rng.choice([1, 3, 6]))
        if index >= 70 and rng.random() < 0.5:
            body = body[1:] + [paragraph(rng)]  # a near-duplicate of an earlier story
        url = f"https://example.com/news/{rng.randrange(40)}" if rng.random() < 0.4 else None
        docs.append(_doc(f"{index}.txt", rng.choice(["Storm closes the harbour", f"Story {index}"]), "\n".join(body), url=url))
    return docs + [docs[3], _doc("empty.txt", "Nothing", ""), _doc("empty2.txt", "Nothing", "...")]


def test_cluster_fingerprints_groups_exactly_the_candidate_keys(monkeypatch):
    docs = _stories_with_every_kind_of_copy(5)
    config = DedupConfig(min_near_similarity=0.6)
    minhasher = config.minhasher()
    fingerprints = [fingerprint_document(doc, minhasher) for doc in docs]
    groups: dict[str, list[bytes]] = {}
    for fingerprint in fingerprints:
        for key in candidate_keys(fingerprint, minhasher):
            groups.setdefault(key, []).append(as_candidate(fingerprint))
    shared = {key: members for key, members in groups.items() if len(members) > 1}
    assert {key.split(":")[0] for key in shared} == {"url", "head", "band", "para"}
    by_dict = connected_components(edge for key, members in shared.items() for edge in edges_in_group(key, members, config))
    assert len(set(by_dict.values())) > 10
    seen = {}

    def recorded(key, members, config):
        seen[key] = list(members)
        return edges_in_group(key, members, config)

    monkeypatch.setattr(dedup, "edges_in_group", recorded)
    assert cluster_fingerprints(fingerprints, config) == by_dict
    assert seen == shared


def test_batched_candidate_keys_find_the_same_clusters_as_one_group_per_key():
    config = DedupConfig(min_near_similarity=0.6)
    minhasher = config.minhasher()
    fingerprints = [fingerprint_document(doc, minhasher) for doc in _stories_with_every_kind_of_copy(5)]
    batch_fn = BatchCandidateKeysFn(config, buckets=7, batch_size=10)  # small: a key's rows span batches
    batch_fn.setup()
    batch_fn.start_bundle()
    batches = [batch for fingerprint in fingerprints for batch in batch_fn.process(fingerprint)]
    batches += [windowed.value for windowed in batch_fn.finish_bundle()]
    by_bucket: dict[int, list] = {}
    for bucket, batch in batches:
        by_bucket.setdefault(bucket, []).append(batch)
    assert set(by_bucket) == set(range(7)) and max(map(len, by_bucket.values())) > 1
    assert sum(len(candidates) for _, (_, _, candidates) in batches) == sum(len(candidate_keys(fp, minhasher)) for fp in fingerprints)
    edges = [edge for bucket_batches in by_bucket.values() for edge in edges_of_batches(bucket_batches, config)]
    clusters = connected_components(edges)
    assert len(set(clusters.values())) > 10
    assert clusters == cluster_fingerprints(fingerprints, config)


def test_members_cross_the_members_join_as_primitives_and_keep_their_rank():
    from apache_beam.coders import typecoders

    from transforms.dedup import StoryMember

    riyadh = dt.timezone(dt.timedelta(hours=3))
    members = [
        StoryMember("b", "b.txt", "site", dt.datetime(2024, 3, 12, 10, 0, tzinfo=riyadh), 900),
        StoryMember("a", "a.txt", "site", dt.datetime(2024, 3, 12, 7, 0, 0, 1, tzinfo=dt.timezone.utc), 900),
        StoryMember("c", "c.txt", "site", None, 5000),
        StoryMember("d", "d.txt", "other", dt.datetime(2024, 3, 13, tzinfo=dt.timezone.utc), 10, already_written=True),
    ]
    coder = typecoders.registry.get_coder(object).get_impl()
    crossed = []
    for member in members:
        encoded = coder.encode(member.as_primitives())
        assert b"\x80\x05" not in encoded  # no pickle inside
        crossed.append(StoryMember.from_primitives(coder.decode(encoded)))
    assert [member.published_at for member in crossed] == [member.published_at for member in members]  # same instants
    assert sorted(crossed, key=lambda member: member.rank) == sorted(members, key=lambda member: member.rank)
    assert [member.doc_id for member in sorted(crossed, key=lambda member: member.rank)] == ["d", "b", "a", "c"]


def test_fingerprints_cross_the_reshuffle_as_primitives_unchanged():
    from apache_beam.coders import typecoders

    riyadh = dt.timezone(dt.timedelta(hours=3))
    minhasher = DedupConfig().minhasher()
    fingerprint = fingerprint_document(
        _doc("a.txt", "Riyadh hosts the summit", "\n".join(article_body(7)), url="https://example.com/a"), minhasher
    )
    fingerprints = [
        dataclasses.replace(fingerprint, published_at=dt.datetime(2024, 3, 12, 10, 0, tzinfo=riyadh)),
        dataclasses.replace(fingerprint, doc_id="b", url_key=None, published_at=None, already_written=True),
    ]
    coder = typecoders.registry.get_coder(object).get_impl()
    for original in fingerprints:
        encoded = coder.encode(original.as_primitives())
        assert b"\x80\x05" not in encoded  # no pickle inside
        crossed = Fingerprint.from_primitives(coder.decode(encoded))
        assert crossed == original  # equal fields; a datetime compares by its instant
        assert crossed.member().rank == original.member().rank


def _cleaned_document(name: str, body: list[str], day: int, url: str | None = None) -> Document:
    text = "\n".join(body)
    return Document(doc_id=stable_doc_id(name + text), input_path=f"/in/{name}", raw_text="", url=url, title=name,
                    body=text, source_slug="harbour-news", published_at=dt.datetime(2024, 5, day, tzinfo=dt.timezone.utc))


def test_folding_in_memory_can_free_its_inputs_without_changing_a_decision():
    # The benchmarks' plain loop lets dedup free each document once decided (see fold_in_memory).
    def documents():
        story = article_body(70, paragraphs=8)
        return [
            _cleaned_document("original.txt", story, 1),
            _cleaned_document("copy.txt", story, 2),
            _cleaned_document("cut-short.txt", story[:6], 3),
            _cleaned_document("other.txt", article_body(71, paragraphs=8), 2),
            _cleaned_document("same-url-a.txt", article_body(72), 4, url="https://example.com/story-9"),
            _cleaned_document("same-url-b.txt", article_body(73), 5, url="http://www.example.com/story-9/"),
        ]

    def outcome(outputs):
        return sorted(
            (output.value.input_path, output.value.folded_into_path) if getattr(output, "tag", None) == FOLDED
            else (output.input_path, output.duplicate_count)
            for output in outputs
        )

    kept, released = documents(), documents()
    expected = outcome(fold_in_memory(kept, DedupConfig()))
    assert expected == [
        ("/in/copy.txt", "/in/original.txt"),
        ("/in/cut-short.txt", "/in/original.txt"),
        ("/in/original.txt", 2),
        ("/in/other.txt", 0),
        ("/in/same-url-a.txt", 1),
        ("/in/same-url-b.txt", "/in/same-url-a.txt"),
    ]
    assert len(kept) == 6
    inputs = [weakref.ref(doc) for doc in released]
    assert outcome(fold_in_memory(released, DedupConfig(), release_inputs=True)) == expected
    assert released == [] and all(doc() is None for doc in inputs)  # nothing inside dedup still holds one
