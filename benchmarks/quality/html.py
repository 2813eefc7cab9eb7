"""HTML quality: word-level precision, recall and F1 of the `body` against human-written article bodies.

    .venv/bin/python -m benchmarks.quality.html [--show-errors]

`html_pages/` holds our own news pages (invented text, five Arabic, five English, five French)
built after real kinds of site templates: a news agency, a newspaper with comments, a broadcaster,
a magazine on a blog engine and a regional portal. They carry meta tags, JSON-LD on some, menus,
breadcrumbs, cookie banners, share bars, photo and video captions with credits, inline "read also"
links, newsletter boxes, related and most-read lists, comments and footers. `html_pages/expected.json`
gives, per file, the headline, the article body a reader sees (paragraphs, subheadings, quotes and
list items, in order), the publication day (null when the page states none) and the language.

The pages go through the real pipeline once (`newsbeam run` on the folder, in-process runner), so the
score is what the `body` column holds: trafilatura's main text (`transforms/formats/html.py`) after
our line rules (`transforms/text/lines.py`). For comparison, trafilatura alone is the text, title and
date `extract_article` returns, before any of our rules.

Scores, per page then summed per language and overall:

- words: the body as a bag of normalised words (`transforms.text.normalize.words`); matched words
  are the multiset overlap with the expected body. Precision = matched / extracted words, recall =
  matched / expected words, F1 from the summed counts (pages with more words weigh more).
- title: the headline's normalised words equal the expected headline's.
- date: the row's `date` partition (trafilatura alone: its date) equals the expected day, or both
  are null.

A page that produced no row scores as an empty body with no title and no date.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import io
import json
import tempfile
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "html_pages"
EXPECTED_FILE = PAGES_DIR / "expected.json"
PIPELINE, TRAFILATURA = "newsbeam", "trafilatura"
MOST_COMMON_ERRORS = 8


@dataclasses.dataclass(frozen=True)
class Extraction:
    title: str | None
    body: str
    published: str | None  # YYYY-MM-DD


NOTHING_EXTRACTED = Extraction(title=None, body="", published=None)


@dataclasses.dataclass
class Score:
    pages: int = 0
    matched_words: int = 0
    extracted_words: int = 0
    expected_words: int = 0
    titles_right: int = 0
    dates_right: int = 0

    def add(self, other: "Score") -> None:
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    @property
    def precision(self) -> float:
        return self.matched_words / self.extracted_words if self.extracted_words else 0.0

    @property
    def recall(self) -> float:
        return self.matched_words / self.expected_words if self.expected_words else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclasses.dataclass(frozen=True)
class PageResult:
    name: str
    language: str
    rows: int  # rows the pipeline wrote for the page
    scores: dict[str, Score]  # per system
    missing_words: dict[str, list[tuple[str, int]]]  # per system: expected words it lost, most often first
    extra_words: dict[str, list[tuple[str, int]]]  # per system: words it kept that are not article


def expected_pages(pages_dir: Path = PAGES_DIR) -> dict[str, dict]:
    return json.loads((pages_dir / EXPECTED_FILE.name).read_text(encoding="utf-8"))


def pipeline_rows(pages_dir: Path) -> dict[str, list[Extraction]]:
    """The rows `newsbeam run` writes for the folder, per input file name."""
    import pyarrow.dataset as pads

    from pipeline.cli import main
    from transforms.schema import PARTITIONING

    rows: dict[str, list[Extraction]] = collections.defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="newsbeam-html-quality-") as output:
        with contextlib.redirect_stdout(io.StringIO()):  # the run's summary; the report says what matters
            status = main(["run", "--input", str(pages_dir), "--output", output, "--runner", "FnApiRunner"])
        if status != 0:
            raise RuntimeError(f"newsbeam run failed on {pages_dir} with exit status {status}")
        dataset = pads.dataset(output, format="parquet", partitioning=PARTITIONING, ignore_prefixes=["_", "."])
        for row in dataset.to_table(columns=["input_path", "title", "body", "date"]).to_pylist():
            published = row["date"].isoformat() if row["date"] is not None else None
            rows[Path(row["input_path"]).name].append(Extraction(row["title"], row["body"] or "", published))
    return rows


def trafilatura_alone(path: Path) -> Extraction:
    """What our HTML reader's trafilatura call returns for the page, before any of our rules."""
    from transforms.formats.html import NoArticleError, decode_html, extract_article

    try:
        article = extract_article(decode_html(path.read_bytes()))
    except NoArticleError:
        return NOTHING_EXTRACTED
    return Extraction(article["title"], article["text"], (article["published"] or "")[:10] or None)


def score_extraction(extraction: Extraction, expected: dict) -> tuple[Score, collections.Counter, collections.Counter]:
    """The page's score and the words missing from and added to the expected body."""
    from transforms.text.normalize import words

    got = collections.Counter(words(extraction.body))
    wanted = collections.Counter(words("\n".join(expected["body"])))
    score = Score(
        pages=1,
        matched_words=sum((got & wanted).values()),
        extracted_words=sum(got.values()),
        expected_words=sum(wanted.values()),
        titles_right=int(extraction.title is not None and words(extraction.title) == words(expected["title"])),
        dates_right=int(extraction.published == expected["published"]),
    )
    return score, wanted - got, got - wanted


def evaluate(pages_dir: Path = PAGES_DIR) -> dict:
    """Per-page results and the summed scores per language and system, and overall per system."""
    expected = expected_pages(pages_dir)
    rows = pipeline_rows(pages_dir)
    pages = []
    by_language: dict[str, dict[str, Score]] = collections.defaultdict(lambda: collections.defaultdict(Score))
    overall: dict[str, Score] = collections.defaultdict(Score)
    for name, page in sorted(expected.items()):
        extractions = {PIPELINE: rows[name][0] if rows.get(name) else NOTHING_EXTRACTED,
                       TRAFILATURA: trafilatura_alone(pages_dir / name)}
        scores, missing, extra = {}, {}, {}
        for system, extraction in extractions.items():
            scores[system], lost, added = score_extraction(extraction, page)
            missing[system] = lost.most_common(MOST_COMMON_ERRORS)
            extra[system] = added.most_common(MOST_COMMON_ERRORS)
            by_language[page["language"]][system].add(scores[system])
            overall[system].add(scores[system])
        pages.append(PageResult(name, page["language"], len(rows.get(name, [])), scores, missing, extra))
    return {"pages": pages, "languages": {language: dict(systems) for language, systems in by_language.items()},
            "overall": dict(overall)}


def _row(name: str, system: str, score: Score) -> str:
    return (f"{name:<8} {system:<12} {score.pages:>5} {score.expected_words:>6} {score.precision:>9.3f} "
            f"{score.recall:>7.3f} {score.f1:>6.3f} {score.titles_right:>4}/{score.pages:<3} {score.dates_right:>3}/{score.pages}")


def _words(counts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{word} x{count}" if count > 1 else word for word, count in counts) or "-"


def print_report(result: dict, show_errors: bool) -> None:
    print(f"{'':<8} {'system':<12} {'pages':>5} {'words':>6} {'precision':>9} {'recall':>7} {'F1':>6} {'title':>8} {'date':>6}")
    for language, systems in sorted(result["languages"].items()):
        for system in (PIPELINE, TRAFILATURA):
            print(_row(language, system, systems[system]))
    for system in (PIPELINE, TRAFILATURA):
        print(_row("all", system, result["overall"][system]))
    unwritten = [page.name for page in result["pages"] if page.rows != 1]
    if unwritten:
        print("pages without exactly one row: " + ", ".join(unwritten))
    if show_errors:
        for page in result["pages"]:
            print(f"\n{page.name} ({page.rows} row{'s' if page.rows != 1 else ''})")
            for system in (PIPELINE, TRAFILATURA):
                score = page.scores[system]
                print(f"  {system:<12} P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f} "
                      f"title {'ok' if score.titles_right else 'wrong'}, date {'ok' if score.dates_right else 'wrong'}")
                print(f"    missing: {_words(page.missing_words[system])}")
                print(f"    extra:   {_words(page.extra_words[system])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=PAGES_DIR, help="a folder of pages with its expected.json")
    parser.add_argument("--show-errors", action="store_true", help="per page, the words most often missing and extra")
    args = parser.parse_args(argv)
    print_report(evaluate(args.pages), args.show_errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
