"""Unit tests for the topic classifier core (transforms.text.topics / topic_training).

Self-contained: the texts below are written for these tests, nothing is read from ../shared.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from transforms.text.normalize import normalize_for_matching
from transforms.text.topic_training import train_model as train_model_impl
from transforms.text.topics import (
    DEFAULT_MIN_SCORE,
    SHIPPED_MODEL_DIR,
    FeatureConfig,
    TopicModel,
    TopicPrediction,
    feature_matrix,
    featurize,
    leads,
    normalize_text,
    train_model,
)

SPORT = "medtop:15000000"
ECONOMY = "medtop:04000000"

EN_FOOTBALL = (
    "United beat City 2-1 in derby thriller",
    "A late goal from the striker gave United a 2-1 win over City in the Premier League on Sunday. "
    "The home side equalised after the break through a header from a corner, and the goalkeeper made "
    "two fine saves before the winner in stoppage time. The coach praised his players and the fans after "
    "the match, which leaves the club three points behind the league leaders.",
)
EN_RATES = (
    "Central bank raises interest rates to curb inflation",
    "The central bank raised its benchmark interest rate by a quarter of a percentage point on Thursday, "
    "saying inflation remained too high. Economists had expected the increase. The bank said growth had "
    "slowed and that borrowing costs for mortgages and business loans would rise. Shares fell and the "
    "currency strengthened against the dollar after the decision.",
)
AR_FOOTBALL = (
    "الأهلي يفوز على الزمالك بهدفين مقابل هدف في الدوري",
    "حقق فريق الأهلي فوزا مثيرا على الزمالك بهدفين مقابل هدف في المباراة التي جمعتهما مساء الأحد ضمن "
    "منافسات الدوري الممتاز. وسجل المهاجم هدف الفوز في الدقائق الأخيرة بعد تمريرة من لاعب الوسط، فيما "
    "تصدى حارس المرمى لركلة جزاء. وقال المدرب بعد المباراة إن اللاعبين قدموا أداء قويا أمام الجماهير "
    "وإن الفريق يسعى للمنافسة على لقب البطولة هذا الموسم.",
)
AR_RATES = (
    "البنك المركزي يرفع سعر الفائدة لمواجهة التضخم",
    "قرر البنك المركزي رفع أسعار الفائدة الرئيسية بمقدار ربع نقطة مئوية، مشيرا إلى أن معدل التضخم ما "
    "زال مرتفعا. وقال محافظ البنك إن القرار يهدف إلى الحفاظ على استقرار العملة المحلية وأسعار الصرف، "
    "وتوقع خبراء الاقتصاد أن ترتفع تكلفة القروض على الشركات والأفراد، فيما تراجعت أسهم البنوك في "
    "البورصة بعد الإعلان عن القرار وارتفع سعر الدينار أمام الدولار.",
)


@pytest.fixture(scope="module")
def shipped() -> TopicModel:
    return TopicModel.load()


# ---- shipped model --------------------------------------------------------------------------------


def test_shipped_model_files_are_not_pickles():
    files = sorted(p.name for p in SHIPPED_MODEL_DIR.iterdir())
    assert "model.npz" in files and "metadata.json" in files and "MODEL_CARD.md" in files
    with np.load(SHIPPED_MODEL_DIR / "model.npz", allow_pickle=False) as data:
        assert all(data[k].dtype != object for k in data.files)
    meta = json.loads((SHIPPED_MODEL_DIR / "metadata.json").read_text(encoding="utf-8"))
    assert len(meta["iptc_labels_en"]) == 17 and len(meta["iptc_labels_ar"]) == 17
    size = sum(p.stat().st_size for p in SHIPPED_MODEL_DIR.iterdir())
    assert size < 4_000_000


def test_load_default_is_shipped_dir(shipped):
    again = TopicModel.load(SHIPPED_MODEL_DIR)
    assert again.classes == shipped.classes
    assert SPORT in shipped.classes and ECONOMY in shipped.classes


@pytest.mark.parametrize(
    "doc,expected",
    [(EN_FOOTBALL, SPORT), (EN_RATES, ECONOMY), (AR_FOOTBALL, SPORT), (AR_RATES, ECONOMY)],
    ids=["en-football", "en-rates", "ar-football", "ar-rates"],
)
def test_shipped_model_predicts_obvious_topics(shipped, doc, expected):
    (pred,) = shipped.predict([doc[0]], [doc[1]], min_score=0.0)
    assert pred.code == expected, pred
    assert pred.label == shipped.labels_en[expected]
    assert pred.candidates[0] == (pred.code, pred.score)
    assert 0.0 < pred.score <= 1.0


def test_batch_equals_single(shipped):
    docs = [EN_FOOTBALL, EN_RATES, AR_FOOTBALL, AR_RATES]
    batch = shipped.predict([d[0] for d in docs], [d[1] for d in docs])
    single = [shipped.predict([d[0]], [d[1]])[0] for d in docs]
    assert batch == single


def test_prediction_shape(shipped):
    (pred,) = shipped.predict([EN_RATES[0]], [EN_RATES[1]])
    assert isinstance(pred, TopicPrediction)
    assert len(pred.candidates) == 3
    scores = [s for _, s in pred.candidates]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) <= 1.0 + 1e-6


def test_empty_and_tiny_texts_do_not_crash(shipped):
    titles = ["", "", "   ", "Goal", "", "هدف", "!!!", None]
    bodies = ["", "word", "\n\t", "", "كلمة", "", "...", None]
    preds = shipped.predict(titles, bodies)
    assert len(preds) == len(titles)
    for i in (0, 2, 6, 7):  # nothing that normalises to a word
        assert preds[i].code is None and preds[i].label is None
        assert preds[i].score == 0.0 and preds[i].candidates == ()
    for i in (1, 3, 4, 5):
        assert 0.0 < preds[i].score <= 1.0 and len(preds[i].candidates) == 3
    assert shipped.predict([], []) == []


def test_high_min_score_gives_no_code(shipped):
    (pred,) = shipped.predict([EN_FOOTBALL[0]], [EN_FOOTBALL[1]], min_score=1.01)
    assert pred.code is None and pred.label is None
    assert pred.score > 0.0 and pred.candidates[0][0] == SPORT


def test_long_body_is_truncated(shipped):
    long_body = EN_FOOTBALL[1] + " " + " ".join([EN_RATES[1]] * 100)
    (a,) = shipped.predict([EN_FOOTBALL[0]], [long_body])
    cut = shipped.feature_config.max_body_chars
    (b,) = shipped.predict([EN_FOOTBALL[0]], [long_body[:cut]])
    assert a == b


# ---- features -------------------------------------------------------------------------------------


def test_normalize_text_matches_normalize_for_matching():
    for text in [AR_RATES[1], EN_FOOTBALL[1], "Ça va? «مرحبًا» ١٢٣ — e-mail!", "", "  ", "a\nb"]:
        assert normalize_text(text) == " ".join(normalize_for_matching(text).split())


def test_features_count_like_char_wb_and_words():
    def entries(cfg):
        return sum(b.nnz for b in featurize(["hello world"], ["ab c"], cfg))

    base = dict(script_weight=0.0, alternate_sign=False)
    # char_wb 2-4 n-grams of "hello world ab c": 39, as scikit-learn's analyzer="char_wb" counts them
    assert entries(FeatureConfig(word_weight=0, char_ngram_range=(2, 4), **base)) == 39
    assert entries(FeatureConfig(word_weight=0, char_ngram_range=(3, 5), **base)) == 28
    assert entries(FeatureConfig(char_weight=0, word_ngram_range=(1, 1), **base)) == 4
    assert entries(FeatureConfig(char_weight=0, **base)) == 4 + 3  # unigrams + bigrams
    assert entries(FeatureConfig(word_weight=0, char_weight=0)) == 1  # the script indicator
    # each block is L2-normalised (duplicates counted as distinct entries)
    x = feature_matrix(["hello world"], ["ab c"], FeatureConfig(word_weight=0, **base))
    assert abs(float(x.multiply(x).sum()) - 1.0) < 1e-5


def test_scripts():
    from transforms.text.topics import document_scripts

    assert document_scripts(["Hello", "مرحبا", "", "123"], ["world", "", "", ""], FeatureConfig()) == [
        "latin", "ar", "none", "none",
    ]


def test_feature_hashing_is_stable():
    # bucket numbers must never change silently: a shipped model depends on them
    x = feature_matrix(["Hello"], ["world"], FeatureConfig(alternate_sign=False))
    assert x.nnz > 0
    y = feature_matrix(["Hello"], ["world"], FeatureConfig(alternate_sign=False))
    assert (x != y).nnz == 0
    assert list(x.indices[:3]) == list(y.indices[:3])


# ---- training -------------------------------------------------------------------------------------

SYNTHETIC = [
    ("match report", "the team scored a goal in the second half and won the cup final", SPORT),
    ("league title", "the striker and the goalkeeper helped the club win the league match", SPORT),
    ("coach sacked", "the club sacked its coach after the team lost another football match", SPORT),
    ("فوز الفريق", "سجل المهاجم هدفا في المباراة وفاز الفريق بالكأس", SPORT),
    ("interest rates", "the central bank raised interest rates as inflation rose and shares fell", ECONOMY),
    ("market falls", "stocks and the currency fell after the bank said growth and trade slowed", ECONOMY),
    ("company profits", "the firm reported higher profits and sales and its shares rose on the market", ECONOMY),
    ("رفع الفائدة", "رفع البنك المركزي سعر الفائدة بسبب التضخم وتراجعت الاسهم في البورصة", ECONOMY),
    ("election", "the minister and the party won the vote in parliament after the election", "medtop:11000000"),
    ("government", "the president appointed a new prime minister and government cabinet", "medtop:11000000"),
    ("الانتخابات", "فاز الحزب في الانتخابات البرلمانية وشكل الوزير الحكومة الجديدة", "medtop:11000000"),
]
SMALL = FeatureConfig(n_features_log2=14)  # small for speed; at 2**12 char 3-5-grams collide too often


def _train(**kw):
    return train_model_impl(
        SYNTHETIC, feature_config=SMALL, labels_en={SPORT: "sport", ECONOMY: "economy"}, **kw
    )


def test_training_is_deterministic():
    a, b = _train(), _train()
    assert a.classes == b.classes
    assert np.array_equal(a.coef, b.coef) and np.array_equal(a.intercept, b.intercept)
    titles = ["cup final", "inflation", "", "الحكومة"]
    bodies = ["the team won", "bank rates", "", "الوزير"]
    assert a.predict(titles, bodies, min_score=0.0) == b.predict(titles, bodies, min_score=0.0)
    # the wrapper in topics.py trains the same model
    c = train_model(SYNTHETIC, feature_config=SMALL, labels_en={SPORT: "sport", ECONOMY: "economy"})
    assert np.array_equal(a.coef, c.coef)


def test_trained_model_learns_synthetic_topics():
    m = _train()
    preds = m.predict(["the goalkeeper", "central bank"], ["scored a goal in the match", "inflation and shares"],
                      min_score=0.0)
    assert [p.code for p in preds] == [SPORT, ECONOMY]
    assert preds[0].label == "sport"


@pytest.mark.parametrize("weight_dtype", ["int8", "float16", "float32"])
def test_save_load_round_trip(tmp_path, weight_dtype):
    m = _train(weight_dtype=weight_dtype)
    m.save(tmp_path / "model")
    loaded = TopicModel.load(tmp_path / "model")
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == ["metadata.json", "model.npz"]
    assert loaded.classes == m.classes and loaded.feature_config == m.feature_config
    titles = ["cup final", "inflation", "", "رفع الفائدة", "x"]
    bodies = ["the team won the match", "bank rates and shares", "", "البنك المركزي", ""]
    # the loaded model scores with the quantised weights; `quantized()` is what saving does
    expected = m.quantized().predict(titles, bodies, min_score=0.0)
    assert loaded.predict(titles, bodies, min_score=0.0) == expected
    if weight_dtype == "float32":
        assert m.predict(titles, bodies, min_score=0.0) == expected
    # and a second round trip is exact
    loaded.save(tmp_path / "again")
    again = TopicModel.load(tmp_path / "again")
    assert np.array_equal(again.coef, loaded.coef)
    assert again.predict(titles, bodies, min_score=0.0) == expected


def test_default_min_score_is_sane():
    assert 0.0 < DEFAULT_MIN_SCORE < 1.0


# ---- fast scoring ---------------------------------------------------------------------------------

MIXED = [
    (EN_FOOTBALL[0], EN_FOOTBALL[1] + " " + AR_RATES[1]),
    (AR_RATES[0], AR_RATES[1]),
    ("", "word"),
    ("Title only", ""),
    ("e-mail, co-operation... — «مرحبًا» ١٢٣ don't", "Ça va? São Paulo naïve café 3.5% x_y ﷺ !!! - ..."),
    ("!!!", "... --- ..."),
    ("", ""),
    ("WORD word Word", "word word word word"),
]


@pytest.mark.parametrize("config", [FeatureConfig(), FeatureConfig(char_ngram_range=(3, 4), title_weight=2.0,
                                                                    max_body_chars=50, alternate_sign=False)])
def test_token_table_scores_equal_the_feature_matrix(config):
    # TopicModel scores through a per-token table; training sees `featurize`: they must agree
    rng = np.random.default_rng(0)
    model = TopicModel(classes=("a", "b", "c"), coef=rng.normal(size=(3, config.n_features)),
                       intercept=np.zeros(3), feature_config=config)
    titles, bodies = [t for t, _ in MIXED], [b for _, b in MIXED]
    fast, fast_nonempty, fast_scripts = model._scorer.scores(titles, bodies)
    reference = np.zeros_like(fast)
    for block in featurize(titles, bodies, config):
        reference += block @ model._w
    assert np.allclose(fast, reference, rtol=1e-5, atol=1e-4)
    assert fast_nonempty.tolist() == [True, True, True, True, True, False, False, True]
    from transforms.text.topics import document_scripts

    assert [("none", "ar", "latin")[i] for i in fast_scripts] == document_scripts(titles, bodies, config)


@pytest.mark.parametrize("lead_chars", [1, 5, 12, 40, 2000])
def test_leads_scored_from_the_token_table_equal_the_leads_text(lead_chars):
    # the token table scores each lead from the article's own tokens; training scores `leads`' text
    config = FeatureConfig(max_body_chars=50, lead_chars=lead_chars, lead_weight=0.5)
    rng = np.random.default_rng(1)
    model = TopicModel(classes=("a", "b", "c"), coef=rng.normal(size=(3, config.n_features)),
                       intercept=rng.normal(size=3), feature_config=config)
    titles = [t for t, _ in MIXED] + ["headline", "headline", "headline"]
    bodies = [b for _, b in MIXED] + ["  spaced   out\n\nlines ", None, "x" * 60 + " tail"]
    fast = model.decision_function(titles, bodies)
    reference, _, scripts = model._reference_scores(titles, bodies)
    reference[~model._mask[scripts]] = -np.inf
    assert np.allclose(fast, reference, rtol=1e-5, atol=1e-4)
    cut = leads(bodies, config)
    assert all(lead == "" or (body or "").startswith(lead) for lead, body in zip(cut, bodies))
    assert leads(["Cup final tonight"], dataclasses.replace(config, lead_chars=5)) == ["Cup final"]
    assert leads(["Cup final tonight"], dataclasses.replace(config, lead_chars=4)) == ["Cup "]


def test_token_table_eviction_keeps_predictions(shipped):
    small = TopicModel.load()
    small._scorer.limit = 40
    docs = [EN_FOOTBALL, EN_RATES, AR_FOOTBALL, AR_RATES] * 3
    for doc in docs:
        assert small.predict([doc[0]], [doc[1]]) == shipped.predict([doc[0]], [doc[1]])
    assert len(small._scorer.ids) < 4 * 40


# ---- training options -----------------------------------------------------------------------------


def test_iptc_pseudo_documents(tmp_path):
    from transforms.text.topic_training import IPTC_CORPUS, iptc_examples

    path = tmp_path / "subtopics.json"
    path.write_text(json.dumps({
        SPORT: {"subtopics": [
            {"qcode": "medtop:1", "label_en": "cricket", "definition_en": "A bat and ball game", "retired": None},
            {"qcode": "medtop:2", "label_en": "old sport", "definition_en": "gone", "retired": "2020-01-01"},
        ]},
        ECONOMY: {"subtopics": [{"qcode": "medtop:3", "label_en": "markets", "definition_en": None, "retired": None}]},
    }))
    examples = iptc_examples(path, [SPORT])
    assert [(e.title, e.body, e.code, e.corpus, e.language) for e in examples] == [
        ("cricket", "A bat and ball game", SPORT, IPTC_CORPUS, "en")
    ]
    assert [e.body for e in iptc_examples(path, [ECONOMY])] == [""]


def test_pseudo_documents_are_trained_on_but_never_held_out():
    from transforms.text.topic_training import Example, TrainConfig, cross_validate, design

    def example(i, corpus, title_body_code, language):
        title, body, code = title_body_code
        return Example(f"{corpus}-{i}", title, body, code, corpus, "x", corpus, language)

    examples = [example(i, "a" if i % 2 else "b", doc, "en") for i, doc in enumerate(SYNTHETIC * 2)]
    examples.append(example(0, "iptc", ("football", "a team sport with a ball and goals", SPORT), "en"))
    d = design([e.title for e in examples], [e.body for e in examples], SMALL, TrainConfig())
    cv = cross_validate(examples, d, "corpus", TrainConfig(), log=None)
    assert [f["group"] for f in cv.folds] == ["a", "b"]
    assert not cv.evaluated[-1] and np.isneginf(cv.decision[-1]).all()
    assert cv.evaluated[:-1].all()


def test_class_weights_balanced_per_language():
    from transforms.text.topic_training import TrainConfig, sample_weights

    codes = [SPORT] * 6 + [ECONOMY] * 2 + [SPORT] * 2
    corpora = ["ant"] * 6 + ["ant"] * 2 + ["bbc"] * 2
    totals = {}
    w = sample_weights(codes, corpora, TrainConfig(class_weight="balanced_per_language"))
    for wi, c, k in zip(w, codes, corpora):
        totals[(c, k)] = totals.get((c, k), 0.0) + wi
    assert np.allclose(list(totals.values()), len(codes) / 3)
    with pytest.raises(ValueError):
        sample_weights(codes, corpora, TrainConfig(class_weight="unknown"))


def test_several_seeds_average_the_weights():
    from transforms.text.topic_training import TrainConfig, fit_linear

    titles, bodies, codes = zip(*SYNTHETIC)
    x = feature_matrix(titles, bodies, SMALL)
    weights = np.ones(len(codes))
    fits = [fit_linear(x, codes, weights, TrainConfig(random_state=seed, seeds=1)) for seed in (0, 1)]
    classes, coef, intercept = fit_linear(x, codes, weights, TrainConfig(seeds=2))
    assert classes == fits[0][0]
    assert not np.allclose(fits[0][1], fits[1][1])
    assert np.allclose(coef, (fits[0][1] + fits[1][1]) / 2, atol=1e-6)
    assert np.allclose(intercept, (fits[0][2] + fits[1][2]) / 2, atol=1e-6)


def test_lead_copies_and_lead_scores():
    """A lead copy is the headline and the words that start in the first `lead_chars` of the body;
    cross-validation also scores the held-out articles cut to their lead."""
    from transforms.text.topic_training import Example, TrainConfig, augmented, cross_validate, design

    examples = [
        Example(f"d{i}", title, body, code, "a" if i % 2 else "b", "x", "a" if i % 2 else "b", "en")
        for i, (title, body, code) in enumerate(SYNTHETIC * 2)
    ]
    titles, bodies = [e.title for e in examples], [e.body for e in examples]
    config = TrainConfig(lead_copy_weight=0.25)
    lead10 = dataclasses.replace(SMALL, lead_chars=10)
    d = design(titles, bodies, lead10, config)
    whole_words = [" ".join(b.split()[: len(b[:10].split())]) for b in bodies]
    assert (d.ngrams_lead != feature_matrix(titles, whole_words, SMALL)).nnz == 0
    rows = np.arange(len(examples))
    codes, corpora = [e.code for e in examples], [e.corpus for e in examples]
    x, all_codes, weights = augmented(
        d.ngrams, [(d.ngrams_title, 0.5), (d.ngrams_lead, 0.25)], d.has_body, rows, codes, corpora, config
    )
    with_body = int(d.has_body.sum())
    assert x.shape[0] == len(rows) + 2 * with_body and len(all_codes) == x.shape[0]
    assert np.allclose(weights[-with_body:], weights[: len(rows)][d.has_body] * 0.25)
    assert design(titles, bodies, SMALL, TrainConfig()).ngrams_lead is None  # off by default

    short = TrainConfig()
    cv = cross_validate(examples, design(titles, bodies, lead10, short, with_leads=True), "corpus", short, log=None)
    assert cv.decision_lead is not None and np.isfinite(cv.decision_lead).any()
    assert not np.allclose(cv.decision_lead[np.isfinite(cv.decision)], cv.decision[np.isfinite(cv.decision)])


def test_lead_weight_adds_the_leads_scores(tmp_path):
    """With `lead_weight` w, an article scores as itself plus w times its headline and the words that start
    in its first `lead_chars` characters: a long article whose lead is about sport leans to sport. Older
    models have no lead scores."""
    plain = _train()
    lead_model = dataclasses.replace(plain, feature_config=dataclasses.replace(SMALL, lead_weight=0.5, lead_chars=40))
    title = "weekend news"
    body = "the striker scored a goal and the team won the match. " + "the central bank raised interest rates " * 3
    assert body[:40].endswith(" w")  # character 40 cuts "won": the lead keeps the word whole
    lead = "the striker scored a goal and the team won"
    expected = plain.decision_function([title], [body]) + 0.5 * plain.decision_function([title], [lead])
    assert np.allclose(lead_model.decision_function([title], [body]), expected, atol=1e-5)
    sport = list(plain.classes).index(SPORT)
    assert lead_model.predict_proba([title], [body])[0, sport] > plain.predict_proba([title], [body])[0, sport]
    # a headline alone is its own lead: the same top class; empty and missing bodies do not crash
    headlines = ["cup final", "interest rates", ""]
    assert [p.code for p in lead_model.predict(headlines, ["", None, ""], min_score=0.0)] == [
        p.code for p in plain.predict(headlines, ["", "", ""], min_score=0.0)
    ]

    lead_model.save(tmp_path / "lead")
    assert TopicModel.load(tmp_path / "lead").feature_config.lead_weight == 0.5
    plain.save(tmp_path / "plain")
    meta_path = tmp_path / "plain" / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    for key in ("lead_weight", "lead_chars"):
        del meta["feature_config"][key]  # as saved before leads were scored
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert TopicModel.load(tmp_path / "plain").feature_config.lead_weight == 0.0
