"""An ONNX topic model (a scikit-learn text pipeline converted by skl2onnx) through `--topic-model`."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

onnxruntime = pytest.importorskip("onnxruntime")
skl2onnx = pytest.importorskip("skl2onnx")

from skl2onnx.common.data_types import StringTensorType  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from tests.conftest import read_rows, run_cli  # noqa: E402
from tests.test_dedup import page  # noqa: E402
from transforms.classify import TopicModelHandler  # noqa: E402
from transforms.text.topics import OnnxTopicModel  # noqa: E402

VOCABULARY = {
    "ports": "harbour ships cranes port dock ferry captain cargo pier tide quay vessel".split(),
    "baking": "bread oven flour bakery loaf dough pastry yeast crust baker sugar butter".split(),
    "rain": "rain storm cloud wind forecast thunder flood drizzle sky umbrella cold front".split(),
}
CODES = {"ports": "medtop:04000000", "baking": "medtop:10000000", "rain": "medtop:17000000"}


def texts(rng: random.Random, label: str, n: int, words: int = 30) -> list[str]:
    return [" ".join(rng.choice(VOCABULARY[label]) for _ in range(words)) for _ in range(n)]


@pytest.fixture(scope="module")
def fitted():
    rng = random.Random(5)
    x, y = [], []
    for label in VOCABULARY:
        x += texts(rng, label, 20)
        y += [label] * 20
    return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=200)).fit(x, y)


def export(pipeline, directory, zipmap: bool, label_order) -> str:
    directory.mkdir()
    # skl2onnx's default locale (en_US.UTF-8) is often not installed; the test texts are ASCII
    options = {id(pipeline.steps[0][1]): {"locale": "C.UTF-8"}}
    if not zipmap:
        options[id(pipeline.steps[-1][1])] = {"zipmap": False}
    onx = skl2onnx.convert_sklearn(pipeline, initial_types=[("text", StringTensorType([None, 1]))], options=options)
    (directory / "model.onnx").write_bytes(onx.SerializeToString())
    (directory / "labels.json").write_text(json.dumps({label: CODES[label] for label in label_order}))
    return str(directory)


@pytest.mark.parametrize("zipmap", [True, False], ids=["zipmap", "tensor"])
def test_onnx_model_predicts_like_the_scikit_learn_model(tmp_path, fitted, zipmap):
    # a tensor output's columns follow labels.json, so its keys are written in the model's class order
    order = list(fitted.classes_) if not zipmap else ["rain", "ports", "baking"]
    model = TopicModelHandler(export(fitted, tmp_path / "onnx", zipmap, order)).load_model()
    assert isinstance(model, OnnxTopicModel)
    rng = random.Random(11)
    titles = ["", "Ships in port", "", "Weather"]
    bodies = [" ".join(texts(rng, "baking", 1)), " ".join(texts(rng, "ports", 1)), "", " ".join(texts(rng, "rain", 1))]
    predictions = model.predict(titles, bodies, min_score=0.0)

    expected = fitted.predict_proba([f"{t}\n{b}" for t, b in zip(titles, bodies)])
    assert [p.code for p in predictions] == ["medtop:10000000", "medtop:04000000", None, "medtop:17000000"]
    assert predictions[2].score == 0.0 and predictions[2].candidates == ()  # empty text
    assert predictions[3].label == "weather"
    for i in (0, 1, 3):
        got = dict(predictions[i].candidates)
        for j, label in enumerate(fitted.classes_):
            assert got[CODES[label]] == pytest.approx(expected[i, j], abs=1e-4)
    high = model.predict(titles[:1], bodies[:1], min_score=1.01)[0]
    assert high.code is None and high.candidates[0][0] == "medtop:10000000"


def test_labels_that_do_not_match_the_onnx_classes_are_an_error(tmp_path, fitted):
    model_dir = export(fitted, tmp_path / "onnx", True, ["ports", "baking"])
    model = TopicModelHandler(model_dir).load_model()
    with pytest.raises(ValueError, match="differ from labels.json"):
        model.predict(["t"], ["bread oven"])
    (tmp_path / "onnx" / "labels.json").write_text(json.dumps({"ports": "medtop:99000000"}))
    with pytest.raises(ValueError, match="not an IPTC top-level qcode"):
        TopicModelHandler(model_dir).load_model()


def test_onnx_model_in_the_pipeline(tmp_path, fitted):
    model_dir = export(fitted, tmp_path / "onnx", True, list(fitted.classes_))
    inputs = tmp_path / "in"
    inputs.mkdir()
    rng = random.Random(4)
    body = [" ".join(rng.choice(VOCABULARY["rain"]) for _ in range(40)) + "." for _ in range(4)]
    (inputs / "rain.txt").write_text(page("Storm and rain in the forecast", body, "3 May 2024"))
    assert run_cli("--input", str(inputs), "--output", str(tmp_path / "out"), "--topic-model", model_dir) == 0
    row = read_rows(tmp_path / "out")[0]
    assert row["topic"] == "medtop:17000000" and row["topic_label"] == "weather"
    assert np.isclose(sum(c["score"] for c in row["topic_candidates"]), 1.0, atol=1e-3)
