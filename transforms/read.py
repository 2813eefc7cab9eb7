"""ReadNews: input patterns -> one `Document` per input file.

Takes file paths or globs (local or any Beam file system); a directory must already be expanded
to `dir/**` by the caller. Files are opened through Beam's FileSystems, so `.gz`/`.bz2` are
decompressed by extension. Emits `Document`s on the main output and a `DeadLetter` for every
file that cannot be read or decoded (empty, binary, unreadable, vanished). Counts files read.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.document import DeadLetter, Document, stable_doc_id
from transforms.stage import DEAD_LETTERS, DOCUMENTS, METRICS_NAMESPACE, describe_error
from transforms.text.decode import decode_text

STAGE = "read"


def is_hidden(path: str) -> bool:
    """Dot-files and `_`-prefixed names (our own `_errors`, `_runs`, `_SUCCESS`...) are not input."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.startswith((".", "_"))


class DecodeFileFn(beam.DoFn):
    def __init__(self, encoding: str | None = None):
        super().__init__()
        self.encoding = encoding
        self.read_count = Metrics.counter(METRICS_NAMESPACE, "files_read")
        self.failed = Metrics.counter(METRICS_NAMESPACE, "read_errors")

    def process(self, metadata):
        path = metadata.path
        try:
            with FileSystems.open(path, compression_type=CompressionTypes.AUTO) as handle:
                text = decode_text(handle.read(), self.encoding)
        except Exception as error:  # noqa: BLE001 - every unreadable file is a dead letter
            self.failed.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, DeadLetter(path, STAGE, describe_error(error)))
            return
        self.read_count.inc()
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        yield Document(doc_id=stable_doc_id(text), input_path=path, raw_text=text, lines=text.split("\n"))


class ReadNews(beam.PTransform):
    def __init__(self, patterns: list[str], encoding: str | None = None):
        super().__init__()
        self.patterns = list(patterns)
        self.encoding = encoding

    def expand(self, pbegin):
        return (
            pbegin
            | "InputPatterns" >> beam.Create(self.patterns)
            | "MatchFiles" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
            | "SkipHiddenFiles" >> beam.Filter(lambda metadata: not is_hidden(metadata.path))
            | "DistinctFiles" >> beam.Map(lambda metadata: (metadata.path, metadata))
            | "GroupByPath" >> beam.CombinePerKey(lambda values: next(iter(values)))
            | "Metadata" >> beam.Values()
            | "DecodeFiles" >> beam.ParDo(DecodeFileFn(self.encoding)).with_outputs(DEAD_LETTERS, main=DOCUMENTS)
        )
