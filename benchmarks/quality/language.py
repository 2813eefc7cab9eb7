"""Language detection quality and speed: the DetectLanguage stage against langdetect alone.

    python -m benchmarks.quality.language [--data ../shared/data] [--docs 2000] [--repeat 5]

"old" is the stage before CLD2 (Arabic by script, else langdetect with seed 0, first 500
characters); "new" is `DetectLanguageFn` as it is. For each set of texts it prints how often new
agrees with old and, where the language is known, the accuracy of each, with a few of the
disagreements. The sets: the benchmark generator's Arabic and English articles after read +
extract + clean (the pipeline's own mix, also the speed test), whole articles and headlines alone
from the labelled corpora in ../shared/data (bbc, redditnews2022 English; ant, saudinewsnet,
egynews2013 Arabic), the labelled boilerplate pages (ar, en, fr), and `language_texts.json`, our
own headlines, paragraphs and mixed texts in 25 languages.

Speed is documents per CPU-second (time.process_time, the best of `--repeat` passes: the machine is
shared) over the generator's cleaned documents, the stage's per-document work only.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import glob
import gzip
import json
import os
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import DEFAULT_SEED, document_index, document_story, generate_corpus, outlets
from benchmarks.quality.boilerplate import our_pages
from transforms.document import Document
from transforms.language import MAX_CHARS, DetectLanguageFn
from transforms.text.script import arabic_by_script

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
OWN_TEXTS = Path(__file__).resolve().parent / "language_texts.json"
CORPORA = {"bbc": "en", "redditnews2022": "en", "ant": "ar", "saudinewsnet": "ar", "egynews2013": "ar"}
SHOWN_DISAGREEMENTS = 3


@dataclasses.dataclass
class Score:
    texts: int = 0
    agree: int = 0
    labelled: int = 0
    old_right: int = 0
    new_right: int = 0
    disagreements: list = dataclasses.field(default_factory=list)

    def line(self, name: str) -> str:
        text = f"{name:<28} {self.texts:>6}  agree {self.agree / self.texts:7.2%}"
        if self.labelled:
            text += f"  accuracy old {self.old_right / self.labelled:7.2%}  new {self.new_right / self.labelled:7.2%}"
        return text


def old_language(doc: Document) -> str | None:
    """The stage before CLD2."""
    from langdetect import detect
    from langdetect.lang_detect_exception import LangDetectException

    text = f"{doc.title or ''}\n{doc.body}"[:MAX_CHARS]
    if arabic_by_script(text):
        return "ar"
    try:
        return detect(text)
    except LangDetectException:
        return None


def new_language(fn: DetectLanguageFn, doc: Document) -> str | None:
    (out,) = fn.process(doc)
    return out.language


def _doc(name: str, title: str | None, body: str) -> Document:
    return Document(doc_id=name, input_path=name, raw_text="", title=title, body=body)


def generator_docs(docs: int, corpus_dir: str) -> list[tuple[Document, str]]:
    """The generator's documents as the stage sees them (read, extracted, cleaned), with their language."""
    from benchmarks.plain import StageClock, read_and_clean

    generate_corpus(corpus_dir, docs)
    sources = outlets(DEFAULT_SEED)
    paths = sorted(glob.glob(os.path.join(corpus_dir, "shard-*", "doc-*")))
    cleaned = read_and_clean(paths, dt.date(2024, 3, 31), StageClock(), collections.Counter())
    return [(doc, document_story(DEFAULT_SEED, document_index(doc.input_path), sources)[1].language) for doc in cleaned]


def corpus_sets(data_dir: Path) -> dict[str, list[tuple[Document, str]]]:
    sets = {}
    for name, language in CORPORA.items():
        with gzip.open(data_dir / name / f"{name}.jsonl.gz", "rt", encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle]
        if any(row["text"] for row in rows):
            sets[f"{name} articles"] = [(_doc(f"{name}/{row['id']}", row["title"], row["text"]), language) for row in rows]
        sets[f"{name} headlines"] = [(_doc(f"{name}/{row['id']}/t", None, row["title"]), language)
                                     for row in rows if row["title"]]
    return sets


def labelled_page_set() -> list[tuple[Document, str]]:
    return [(_doc(page.name, None, "\n".join(line for line, label in zip(page.lines, page.labels) if label != "drop")),
             page.language) for page in our_pages()]


def own_sets() -> dict[str, list[tuple[Document, str]]]:
    texts = json.loads(OWN_TEXTS.read_text(encoding="utf-8"))["texts"]
    sets = collections.defaultdict(list)
    for index, item in enumerate(texts):
        sets[f"own {item['kind']}s"].append((_doc(f"own/{index}", None, item["text"]), item["language"]))
    return dict(sets)


def score(fn: DetectLanguageFn, pairs: list[tuple[Document, str | None]]) -> Score:
    result = Score()
    for doc, language in pairs:
        old, new = old_language(doc), new_language(fn, doc)
        result.texts += 1
        result.agree += old == new
        if language:
            result.labelled += 1
            result.old_right += old == language
            result.new_right += new == language
        if old != new:
            result.disagreements.append((language, old, new, f"{doc.title or ''} {doc.body}".strip()[:90]))
    return result


def docs_per_cpu_second(detect, docs: list[Document], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for doc in docs:
            detect(doc)
        best = min(best, time.process_time() - started)
    return len(docs) / best


def evaluate(data_dir: Path, docs: int, repeat: int, corpus_dir: str) -> tuple[dict[str, Score], dict[str, float]]:
    fn = DetectLanguageFn()
    fn.setup()
    generated = generator_docs(docs, corpus_dir)
    sets = {"generator (cleaned)": generated, **corpus_sets(data_dir), "boilerplate pages": labelled_page_set(), **own_sets()}
    scores = {name: score(fn, pairs) for name, pairs in sets.items()}
    speed_docs = [doc for doc, _ in generated]
    speed = {"old": docs_per_cpu_second(old_language, speed_docs, repeat),
             "new": docs_per_cpu_second(lambda doc: new_language(fn, doc), speed_docs, repeat)}
    return scores, speed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", type=int, default=2000, help="generator documents")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", default=os.path.join(tempfile.gettempdir(), "newsbeam-language-corpus"),
                        help="where the generator corpus is written or reused")
    args = parser.parse_args(argv)
    scores, speed = evaluate(args.data, args.docs, args.repeat, args.corpus)
    for name, result in scores.items():
        print(result.line(name))
        for language, old, new, text in result.disagreements[:SHOWN_DISAGREEMENTS]:
            print(f"    true {language} old {old} new {new}: {text!r}")
    print(f"\ndocs per CPU-second on {args.docs} generator documents (best of {args.repeat}): "
          f"old {speed['old']:,.0f}  new {speed['new']:,.0f}  x{speed['new'] / speed['old']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
