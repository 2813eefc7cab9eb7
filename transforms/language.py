"""DetectLanguage: ISO 639-1 code of the cleaned headline and body, with langdetect.

langdetect is random unless its seed is fixed, so `setup()` sets `DetectorFactory.seed = 0`
on every worker and loads the language profiles once. Only the first `MAX_CHARS` characters
are read: enough for a stable answer, and the cost stays flat for long articles. Text with no
letters gets a null language. Counts documents per outcome.
"""

from __future__ import annotations

import threading

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.stage import DEAD_LETTERS, DOCUMENTS, METRICS_NAMESPACE, StageFn

MAX_CHARS = 1000
# langdetect publishes its shared factory before loading the profiles into it: a worker running
# several threads (Dask's default) could detect with half-loaded profiles. Load them once, locked.
_PROFILES_LOADING = threading.Lock()


class DetectLanguageFn(StageFn):
    stage = "language"

    def __init__(self):
        super().__init__()
        self.undetected = Metrics.counter(METRICS_NAMESPACE, "language_undetected")

    def setup(self):
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory

        with _PROFILES_LOADING:
            DetectorFactory.seed = 0
            init_factory()

    def process_document(self, doc):
        from langdetect import detect
        from langdetect.lang_detect_exception import LangDetectException

        text = f"{doc.title or ''}\n{doc.body}"[:MAX_CHARS]
        try:
            doc.language = detect(text)
        except LangDetectException:
            doc.language = None
            self.undetected.inc()
        yield doc


class DetectLanguage(beam.PTransform):
    def expand(self, docs):
        return docs | "DetectLanguage" >> beam.ParDo(DetectLanguageFn()).with_outputs(DEAD_LETTERS, main=DOCUMENTS)
