"""`newsbeam train-topics`, and a model trained by it changing the pipeline's topics."""

from __future__ import annotations

import json
import random

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from pipeline.cli import main
from tests.conftest import read_rows, run_cli
from tests.test_dedup import page

HARBOUR = "harbour ships cranes port dock ferry captain cargo pier tide quay vessel".split()
BAKERY = "bread oven flour bakery loaf dough pastry yeast crust baker sugar butter".split()
WEATHER = "medtop:17000000"  # a topic the shipped model has never been trained on
EDUCATION = "medtop:05000000"


def labelled_file(path, seed=3):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(60):
            vocabulary, topic = (HARBOUR, WEATHER) if i % 2 else (BAKERY, EDUCATION)
            text = " ".join(rng.choice(vocabulary) for _ in range(80))
            title = " ".join(rng.choice(vocabulary) for _ in range(6))
            handle.write(json.dumps({"title": title, "text": text, "topic": topic}) + "\n")
    return path


def test_a_model_trained_on_our_labels_changes_the_topics_written(tmp_path):
    model_dir = tmp_path / "model"
    assert main(["train-topics", "--data", str(labelled_file(tmp_path / "labelled.jsonl")), "--out", str(model_dir)]) == 0
    inputs = tmp_path / "in"
    inputs.mkdir()
    rng = random.Random(9)
    body = [" ".join(rng.choice(HARBOUR) for _ in range(40)) + "." for _ in range(4)]
    (inputs / "harbour.txt").write_text(page("Cargo vessel docks at the harbour quay", body, "3 May 2024"))

    assert run_cli("--input", str(inputs), "--output", str(tmp_path / "shipped")) == 0
    assert run_cli("--input", str(inputs), "--output", str(tmp_path / "ours"), "--topic-model", str(model_dir)) == 0
    shipped_topic = read_rows(tmp_path / "shipped")[0]["topic"]
    ours = read_rows(tmp_path / "ours")[0]
    assert ours["topic"] == WEATHER and ours["topic_label"] == "weather"
    assert shipped_topic != WEATHER


def test_training_is_deterministic(tmp_path):
    data = str(labelled_file(tmp_path / "labelled.jsonl"))
    for out in ("a", "b"):
        assert main(["train-topics", "--data", data, "--out", str(tmp_path / out)]) == 0
    assert (tmp_path / "a" / "model.npz").read_bytes() == (tmp_path / "b" / "model.npz").read_bytes()


def test_labels_through_a_label_map_and_a_bad_code_is_a_one_line_error(tmp_path, capsys):
    data = tmp_path / "own.jsonl"
    rows = [{"title": "t", "text": " ".join(HARBOUR), "label": "ships"}, {"title": "t", "text": " ".join(BAKERY), "label": "food"}]
    data.write_text("\n".join(json.dumps(r) for r in rows * 10))
    mapping = tmp_path / "map.csv"
    mapping.write_text("ships,medtop:04000000\nfood,medtop:10000000\n")
    assert main(["train-topics", "--data", str(data), "--label-map", str(mapping), "--out", str(tmp_path / "m")]) == 0
    mapping.write_text("ships,medtop:99000000\nfood,medtop:10000000\n")
    assert main(["train-topics", "--data", str(data), "--label-map", str(mapping), "--out", str(tmp_path / "m2")]) == 2
    err = capsys.readouterr().err.strip()
    assert "not an IPTC Media Topics top-level qcode" in err and len(err.splitlines()) == 1


def test_a_scikit_learn_model_with_a_label_map_is_accepted(tmp_path):
    rng = random.Random(4)
    texts = [" ".join(rng.choice(HARBOUR if i % 2 else BAKERY) for _ in range(50)) for i in range(40)]
    labels = ["ports" if i % 2 else "baking" for i in range(40)]
    model_dir = tmp_path / "sk"
    model_dir.mkdir()
    joblib.dump(make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(texts, labels), model_dir / "sklearn_model.joblib")
    (model_dir / "labels.json").write_text(json.dumps({"ports": WEATHER, "baking": EDUCATION}))
    inputs = tmp_path / "in"
    inputs.mkdir()
    body = [" ".join(rng.choice(BAKERY) for _ in range(40)) + "." for _ in range(4)]
    (inputs / "bakery.txt").write_text(page("Bakery loaf prices and the new oven", body, "3 May 2024"))
    assert run_cli("--input", str(inputs), "--output", str(tmp_path / "out"), "--topic-model", str(model_dir),
                   "--min-topic-score", "0.5") == 0
    row = read_rows(tmp_path / "out")[0]
    assert row["topic"] == EDUCATION and row["topic_label"] == "education"
    assert [c["topic"] for c in row["topic_candidates"]] == [EDUCATION, WEATHER]
