"""Dedup quality: recall and precision of same-story pairs on copies built from ANT articles.

ANT (../shared/data/ant, Apache-2.0, Chouigui et al. 2017) has one publisher and unique article ids,
so the true duplicates are made here, the way they arrive in real feeds: the same article with
another site's boilerplate left in, an edited headline, a rewritten lede, a shortened body, or
an edited headline AND a dropped lede. The negatives are what must never fold: ANT's own recurring
titles ("طقس اليوم الثلاثاء") over different texts, and every other pair of distinct articles.

    python -m benchmarks.quality.dedup [--articles 2000] [--data ../shared/data]

prints pairwise precision and recall overall and per kind of copy, for the default thresholds.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import itertools
import json
import random
from pathlib import Path

from transforms.dedup import DedupConfig, cluster_fingerprints, fingerprint_document
from transforms.document import Document, stable_doc_id
from transforms.text.minhash import MinHasher

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FOOTERS = ["شارك هذا الخبر على فيسبوك وتويتر", "تابعونا على تطبيق الهاتف لآخر الأخبار", "جميع الحقوق محفوظة للموقع"]
HEADLINE_EDITS = ["عاجل: ", "بالفيديو: ", "", " (تحديث)", " - تفاصيل"]


def load_articles(data_dir: Path, limit: int, seed: int) -> tuple[list[dict], list[list[dict]]]:
    """Sampled articles with a body of a few sentences, and ANT's recurring-title groups."""
    with gzip.open(data_dir / "ant" / "ant.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    usable = [row for row in rows if row["title"] and len(row["text"].split()) >= 60]
    by_title = collections.defaultdict(list)
    for row in usable:
        by_title[row["title"]].append(row)
    recurring = [group for group in by_title.values() if len({r["text"] for r in group}) > 1]
    rng = random.Random(seed)
    return rng.sample(usable, min(limit, len(usable))), recurring


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    if len(parts) >= 3:
        return parts
    sentences = [s.strip() + "." for s in text.replace("\n", " ").split(".") if s.strip()]
    return sentences or [text]


def make_copies(article: dict, rng: random.Random) -> dict[str, tuple[str, str]]:
    """Kinds of copy -> (title, body); every one is the same story as the original."""
    title, paragraphs = article["title"], _paragraphs(article["text"])
    edited_title = rng.choice(HEADLINE_EDITS[:2]) + title + rng.choice(HEADLINE_EDITS[2:])
    rewritten_lede = "وفي تطور جديد، أفادت مصادر متطابقة بأن " + " ".join(paragraphs[0].split()[::-1][:12]) + "."
    keep = max(1, int(len(paragraphs) * 0.75))
    return {
        "other site's footer": (title, "\n".join(paragraphs + [rng.choice(FOOTERS)])),
        "edited headline": (edited_title, "\n".join(paragraphs)),
        "rewritten lede": (title, "\n".join([rewritten_lede] + paragraphs[1:])),
        "shortened body": (title, "\n".join(paragraphs[:keep])),
        "edited headline, lede dropped": (edited_title, "\n".join(paragraphs[1:])),
    }


def _document(name: str, title: str, body: str) -> Document:
    return Document(doc_id=stable_doc_id(f"{name}\n{title}\n{body}"), input_path=name, raw_text="", title=title, body=body)


def evaluate(data_dir: Path, articles: int = 2000, seed: int = 7, config: DedupConfig = DedupConfig()) -> dict:
    sample, recurring = load_articles(data_dir, articles, seed)
    rng = random.Random(seed)
    docs: list[Document] = []
    story_of: dict[str, str] = {}
    kind_of: dict[str, str] = {}
    for index, article in enumerate(sample):
        original = _document(f"a{index}", article["title"], article["text"])
        docs.append(original)
        story_of[original.doc_id] = f"a{index}"
        for kind, (title, body) in make_copies(article, rng).items():
            copy = _document(f"a{index}/{kind}", title, body)
            docs.append(copy)
            story_of[copy.doc_id] = f"a{index}"
            kind_of[copy.doc_id] = kind
    sampled_ids = {row["id"] for row in sample}
    recurring_docs = 0
    for group_index, group in enumerate(recurring):
        for member_index, row in enumerate(group):
            if row["id"] in sampled_ids:
                continue
            doc = _document(f"r{group_index}.{member_index}", row["title"], row["text"])
            docs.append(doc)
            story_of[doc.doc_id] = f"r{group_index}.{member_index}"
            recurring_docs += 1

    minhasher: MinHasher = config.minhasher()
    clusters = cluster_fingerprints((fingerprint_document(d, minhasher) for d in docs), config)
    members = collections.defaultdict(list)
    for doc in docs:
        members[clusters.get(doc.doc_id, (doc.doc_id, None))[0]].append(doc.doc_id)

    predicted = {tuple(sorted(pair)) for group in members.values() for pair in itertools.combinations(group, 2)}
    by_story = collections.defaultdict(list)
    for doc_id, story in story_of.items():
        by_story[story].append(doc_id)
    truth = {tuple(sorted(pair)) for group in by_story.values() for pair in itertools.combinations(group, 2)}
    found = predicted & truth
    per_kind = collections.Counter()
    per_kind_found = collections.Counter()
    for a, b in truth:
        kind = kind_of.get(a) or kind_of.get(b)
        if (a in kind_of) != (b in kind_of):  # original vs a copy: the pair that kind is about
            per_kind[kind] += 1
            per_kind_found[kind] += (a, b) in found
    return {
        "documents": len(docs),
        "recurring_title_documents": recurring_docs,
        "true_pairs": len(truth),
        "predicted_pairs": len(predicted),
        "precision": len(found) / len(predicted) if predicted else 1.0,
        "recall": len(found) / len(truth) if truth else 1.0,
        "wrong_folds": len(predicted - truth),
        "recall_per_kind": {kind: per_kind_found[kind] / per_kind[kind] for kind in sorted(per_kind)},
        "config": vars(config) if hasattr(config, "__dict__") else str(config),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--headline-similarity", type=float, default=DedupConfig().min_headline_similarity)
    parser.add_argument("--near-similarity", type=float, default=DedupConfig().min_near_similarity)
    parser.add_argument("--bands", type=int, default=DedupConfig().bands)
    parser.add_argument("--perm", type=int, default=DedupConfig().num_perm)
    args = parser.parse_args(argv)
    config = DedupConfig(args.headline_similarity, args.near_similarity, args.perm, args.bands)
    print(json.dumps(evaluate(args.data, args.articles, config=config), ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
