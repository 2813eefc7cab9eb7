"""Boilerplate quality: precision, recall and F1 of the article lines the line rules keep, per language.

    .venv/bin/python -m benchmarks.quality.boilerplate [--seeds ../shared/seeds] [--show-errors]
    .venv/bin/python -m benchmarks.quality.boilerplate --speed 20000 [--corpus DIR]

Labelled pages, each line `title` (the headline: the row's title, not scored), `keep` (article
text: paragraphs, subheadings, quotes, lists) or `drop` (everything else):

- `boilerplate_pages/*.json`: our own pages in Arabic, English and French, written for this
  harness after the templates of real kinds of sites (agencies, newspapers, broadcasters, blogs,
  magazines; menus, cookie banners, captions, related lists, comments, footers).
- `sample/EXPECTED.json`: the bundled sample, whose paragraphs and boilerplate are listed there.
- the five seed pages in ../shared/seeds (skipped when absent), labelled here by the exact lines
  a reader calls boilerplate.

A page goes through `analyse_page` and `boilerplate_reasons`, as in the pipeline; a line is kept
when it gets no reason and is not the headline. Positive class = article line: precision is the
share of kept lines that are article text, recall the share of article lines kept. The per-source
template rule is not scored here (it needs many pages of one site; tests/test_boilerplate.py
covers it).

`--speed N` times the StripBoilerplate stage's text logic (the page layout as ExtractMetadata
leaves it, then the line rules and the template lookup) on N pages of the benchmark corpus
(`benchmarks.corpus`, about 3 KB of article text each), on one core.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import tempfile
import time
from pathlib import Path

from transforms.text.lines import analyse_page, boilerplate_reasons

REPO = Path(__file__).resolve().parents[2]
PAGES_DIR = Path(__file__).resolve().parent / "boilerplate_pages"
SAMPLE_DIR = REPO / "sample" / "news"
SAMPLE_EXPECTED = REPO / "sample" / "EXPECTED.json"
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"

TITLE, KEEP, DROP = "title", "keep", "drop"
# What a reader calls boilerplate on each seed page (exact lines), beside its headline (first line).
SEED_BOILERPLATE = {
    "000_83ec0591c9cd1c4d.txt": ["aXA6IDMuMTM4LjExOC4xOTQg جزيرة ام اند امز"],
    "001_d647934a0683ee08.txt": [
        "السياسية “جدار نيوز”", "11 أغسطس 2023", "مقالات ذات صلة", "زر الذهاب إلى الأعلى", "آخر الأخبار",
        # The photo caption. The seed test pins it in the body; it is a caption all the same.
        "📸الصورة وزير الدفاع العراقي ثابت العباسي (إلى اليسار) ووزير الدفاع الأمريكي لويد أوستن (يمين) يلتقيان في البنتاغون في 7 أغسطس 2023 في أرلينغتون ، فيرجينيا.",
    ],
    "002_8cb95a9eb40e0622.txt": [
        "آخر تحديث :الجمعة - 19 ديسمبر 2025 - 08:28 ص", "عرب وعالم",
        "الخميس - 25 يناير 2024 - 10:29 م بتوقيت عدن", "عدن تايم/سكاي نيوز",
    ],
    "003_ea332c4c9957a7af.txt": [
        "تاريخ النشر: 5th, May 2024 GMT", "تابع أحدث الأخبار عبر تطبيق", "المصدر: البوابة نيوز", "إقرأ أيضاً:",
        "كلمات دلالية: الحكومة العراقية قوات التحالف الدولي عودة داعش الإرهابي قوة المهام المشترکة التحالف الدولى",
    ],
    "004_7f9b371b52a31392.txt": [
        "21 سبتمبر، 2024 5:13 م", "Search", "Close this search box.", "وكالات- كتابات:", "أخبار ذات صلة",
    ],
}


@dataclasses.dataclass(frozen=True)
class LabelledPage:
    name: str
    collection: str  # ours, sample or seeds
    language: str
    lines: tuple[str, ...]
    labels: tuple[str, ...]


@dataclasses.dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    pages: int = 0
    headlines_right: int = 0

    def add(self, other: "Score") -> None:
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    @property
    def precision(self) -> float:
        kept = self.true_positives + self.false_positives
        return self.true_positives / kept if kept else 1.0

    @property
    def recall(self) -> float:
        article = self.true_positives + self.false_negatives
        return self.true_positives / article if article else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def our_pages() -> list[LabelledPage]:
    pages = []
    for path in sorted(PAGES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        labels, lines = zip(*data["lines"])
        pages.append(LabelledPage(path.stem, "ours", data["language"], tuple(lines), tuple(labels)))
    return pages


def _label_by_title(lines: list[str], title: str, article: set[str]) -> tuple[str, ...]:
    """The first copy of the title is the title, its other copies and every non-article line are boilerplate."""
    labels, title_seen = [], False
    for line in (line.strip() for line in lines):
        if line == title and not title_seen:
            labels.append(TITLE)
            title_seen = True
        else:
            labels.append(KEEP if line in article else DROP)
    return tuple(labels)


def sample_pages() -> list[LabelledPage]:
    pages = []
    for entry in json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8")):
        lines = [line for line in (SAMPLE_DIR / entry["file"]).read_text(encoding="utf-8").splitlines() if line.strip()]
        labels = _label_by_title(lines, entry["title"], set(entry["paragraphs"]))
        pages.append(LabelledPage(entry["file"], "sample", entry["language"], tuple(lines), labels))
    return pages


def seed_pages(seeds_dir: Path) -> list[LabelledPage]:
    if not seeds_dir.is_dir():
        return []
    pages = []
    for name, boilerplate in SEED_BOILERPLATE.items():
        lines = [line for line in (seeds_dir / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        title = next(line.strip() for line in lines if line.strip() not in boilerplate)
        article = {line.strip() for line in lines if line.strip() not in boilerplate and line.strip() != title}
        pages.append(LabelledPage(name, "seeds", "ar", tuple(lines), _label_by_title(lines, title, article)))
    return pages


def kept_lines(lines: list[str]) -> tuple[int | None, list[bool]]:
    """The headline's index and, per line, whether the line rules keep it in the body."""
    layout = analyse_page(lines)
    reasons = boilerplate_reasons(lines, layout)
    return layout.headline_index, [reason is None and index != layout.headline_index and bool(lines[index].strip())
                                   for index, reason in enumerate(reasons)]


def score_page(page: LabelledPage) -> tuple[Score, list[str]]:
    headline, kept = kept_lines(list(page.lines))
    score = Score(pages=1, headlines_right=int(headline is not None and page.labels[headline] == TITLE))
    errors = []
    for line, label, keep in zip(page.lines, page.labels, kept):
        if label == TITLE:
            continue
        if keep and label == KEEP:
            score.true_positives += 1
        elif keep:
            score.false_positives += 1
            errors.append(f"  kept boilerplate: {line}")
        elif label == KEEP:
            score.false_negatives += 1
            errors.append(f"  dropped article:  {line}")
    return score, errors


def evaluate(seeds_dir: Path = DEFAULT_SEEDS) -> dict:
    """Scores per language and per collection, and the misjudged lines of each page."""
    by_language: dict[str, Score] = collections.defaultdict(Score)
    by_collection: dict[str, Score] = collections.defaultdict(Score)
    overall = Score()
    errors = {}
    for page in our_pages() + sample_pages() + seed_pages(seeds_dir):
        score, page_errors = score_page(page)
        for total in (by_language[page.language], by_collection[page.collection], overall):
            total.add(score)
        if page_errors:
            errors[page.name] = page_errors
    return {"languages": dict(by_language), "collections": dict(by_collection), "overall": overall, "errors": errors}


def _row(name: str, score: Score) -> str:
    return (f"{name:<10} {score.pages:>5} {score.true_positives + score.false_negatives:>8} {score.precision:>9.3f} "
            f"{score.recall:>7.3f} {score.f1:>6.3f} {score.headlines_right:>4}/{score.pages}")


def print_report(result: dict, show_errors: bool) -> None:
    print(f"{'':<10} {'pages':>5} {'article':>8} {'precision':>9} {'recall':>7} {'F1':>6} headline")
    for name, score in sorted(result["languages"].items()):
        print(_row(name, score))
    for name, score in sorted(result["collections"].items()):
        print(_row(name, score))
    print(_row("all", result["overall"]))
    if show_errors:
        for name, errors in result["errors"].items():
            print(name)
            print("\n".join(errors))


def measure_speed(documents: int, corpus: str | None) -> dict:
    """Documents per second of StripBoilerplate's text work on one core, the layout given."""
    from benchmarks.corpus import generate_corpus
    from benchmarks.plain import corpus_paths
    from transforms.text.templates import template_line_indices, template_key

    corpus = corpus or os.path.join(tempfile.gettempdir(), "newsbeam-bench", f"corpus-{documents}")
    generate_corpus(corpus, documents)
    pages = [Path(path).read_text(encoding="utf-8").splitlines() for path in corpus_paths(corpus)[:documents]]
    layouts = [analyse_page(lines) for lines in pages]
    # A source's template keys as the side input holds them: here, each page's own footer lines.
    templates = frozenset(template_key(line) for lines in pages[:50] for line in lines[-3:] if line.strip())
    started = time.perf_counter()
    for lines, layout in zip(pages, layouts):
        boilerplate_reasons(lines, layout)
        template_line_indices(lines, templates)
    seconds = time.perf_counter() - started
    body_bytes = sum(len("\n".join(lines).encode("utf-8")) for lines in pages) / len(pages)
    return {"documents": len(pages), "seconds": seconds, "documents_per_second": len(pages) / seconds,
            "mean_page_bytes": body_bytes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the seed pages (skipped when absent)")
    parser.add_argument("--show-errors", action="store_true", help="list every misjudged line")
    parser.add_argument("--speed", type=int, metavar="N", help="also time the text stage on N corpus pages")
    parser.add_argument("--corpus", help="corpus folder for --speed (default: a temporary folder, reused)")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"seed pages not found at {args.seeds}: scoring without them")
    print_report(evaluate(args.seeds), args.show_errors)
    if args.speed:
        speed = measure_speed(args.speed, args.corpus)
        print(f"text stage: {speed['documents']} pages of {speed['mean_page_bytes']:.0f} bytes in "
              f"{speed['seconds']:.2f} s = {speed['documents_per_second']:.0f} documents/s on one core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
