"""ClassifyTopic: IPTC Media Topics top-level code of each document, through Beam's RunInference.

`TopicModelHandler` is a RunInference `ModelHandler`: the model (the one shipped in
`transforms/models/topic/` unless a path is given: newsbeam's own, or a scikit-learn or ONNX model with
a label map, see `transforms.text.topics.load_topic_model`) loads once per worker and documents are
classified in batches from their cleaned headline and body. Below `min_score` the topic is
null rather than a guess. Counts documents left without a topic.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.ml.inference.base import ModelHandler, PredictionResult, RunInference

from transforms.stage import METRICS_NAMESPACE
from transforms.text.topics import DEFAULT_MIN_SCORE as DEFAULT_MIN_TOPIC_SCORE
from transforms.text.topics import OnnxTopicModel, SklearnTopicModel, TopicModel, load_topic_model

AnyTopicModel = TopicModel | SklearnTopicModel | OnnxTopicModel


class TopicModelHandler(ModelHandler[Any, PredictionResult, AnyTopicModel]):
    def __init__(self, model_path: str | None = None, min_score: float = DEFAULT_MIN_TOPIC_SCORE, max_batch_size: int = 256):
        super().__init__()
        self.model_path = model_path
        self.min_score = min_score
        self.max_batch_size = max_batch_size

    def load_model(self) -> AnyTopicModel:
        return load_topic_model(self.model_path)

    def run_inference(self, batch: Sequence[Any], model: AnyTopicModel, inference_args=None) -> Iterable[PredictionResult]:
        predictions = model.predict([doc.title or "" for doc in batch], [doc.body for doc in batch], min_score=self.min_score)
        return [PredictionResult(doc, prediction) for doc, prediction in zip(batch, predictions)]

    def get_num_bytes(self, batch: Sequence[Any]) -> int:
        # RunInference's default pickles every batch only to measure it.
        return sum(len(doc.title or "") + len(doc.body) for doc in batch)

    def batch_elements_kwargs(self):
        return {"max_batch_size": self.max_batch_size}

    def get_metrics_namespace(self) -> str:
        return f"{METRICS_NAMESPACE}_topic"


class AttachTopicFn(beam.DoFn):
    def __init__(self):
        super().__init__()
        self.no_topic = Metrics.counter(METRICS_NAMESPACE, "documents_without_topic")

    def process(self, result: PredictionResult):
        doc, prediction = result.example, result.inference
        doc.topic = prediction.code
        doc.topic_label = prediction.label
        doc.topic_score = float(prediction.score) if prediction.code else None
        doc.topic_candidates = [(code, float(score)) for code, score in prediction.candidates]
        if doc.topic is None:
            self.no_topic.inc()
        yield doc


class ClassifyTopic(beam.PTransform):
    def __init__(self, model_path: str | None = None, min_score: float = DEFAULT_MIN_TOPIC_SCORE):
        super().__init__()
        self.handler = TopicModelHandler(model_path, min_score)

    def expand(self, docs):
        return docs | "RunTopicModel" >> RunInference(self.handler) | "AttachTopic" >> beam.ParDo(AttachTopicFn())
