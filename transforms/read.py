"""ReadNews: input patterns -> one `Document` per article, as each input file is read.

Takes file paths or globs (local, s3:// or any Beam file system); a directory must already be
expanded to `dir/**` by the caller. Each file is decompressed by its magic bytes (gzip, bzip2,
zstd), its format is detected (`transforms.formats`) unless forced, and its records are read
one at a time: a JSONL or WARC file of any size is streamed. HTML (pages, `html` fields, WARC
responses) goes through trafilatura in a child process with a time limit per page.

Emits `Document`s on the main output and a `DeadLetter` for every file or record that cannot be
used (empty, binary, corrupt, unreadable, vanished, a malformed JSONL line, a page with no
article), with the path, the stage "read" and where in the file. Counts files and records.
"""

from __future__ import annotations

from typing import NamedTuple

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.document import DeadLetter, Document, pack, stable_doc_id, unpack
from transforms.formats import AUTO, Record, RecordError, detect_format, open_decompressed, read_records, sniff
from transforms.formats.base import RECORD_POSITION
from transforms.formats.html import EXTRACT_ARTICLE, EXTRACTION_TIMEOUT_SECONDS
from transforms.formats.isolated import IsolatedFunction
from transforms.stage import DEAD_LETTERS, DOCUMENTS, METRICS_NAMESPACE, describe_error, use_bulk_gc_thresholds

STAGE = "read"
# DecodeFileFn's output of one element per file it finished (read or failed): WriteRun checks
# that every matched file was opened.
FILES_DECODED = "files_decoded"


class NoRecordsError(ValueError):
    """A file that holds no article record at all, which would otherwise vanish without a trace."""


def is_hidden(path: str) -> bool:
    """Dot-files and `_`-prefixed names (our own `_errors`, `_runs`, `_SUCCESS`...) are not input."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.startswith((".", "_"))


def to_document(path: str, text: str, metadata: dict) -> Document:
    """A Document for one record; the title and url the input states are the row's."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = " ".join((metadata.get("title") or "").split()) or None
    return Document(
        doc_id=stable_doc_id(text),
        input_path=path,
        raw_text=text,
        metadata=metadata,
        title=title,
        url=metadata.get("url") or None,
    )


def with_extracted_html(record: Record, article: dict) -> dict:
    """The record's own metadata, completed by what the extractor found in the HTML."""
    metadata = dict(record.metadata)
    for key in ("title", "url", "published", "source", "language"):
        if not metadata.get(key) and article.get(key):
            metadata[key] = article[key]
    if article.get("published") and metadata.get("published") != article["published"]:
        metadata["page_published"] = article["published"]
    return metadata


class DecodeFileFn(beam.DoFn):
    """One matched file -> its Documents, and a DeadLetter per unusable file or record."""

    def __init__(self, encoding: str | None = None, input_format: str = AUTO):
        super().__init__()
        self.encoding = encoding
        self.input_format = input_format
        self.extract_html = None
        self._filesystems = {}
        self.files_read = Metrics.counter(METRICS_NAMESPACE, "files_read")
        self.records_read = Metrics.counter(METRICS_NAMESPACE, "records_read")
        self.failed = Metrics.counter(METRICS_NAMESPACE, "read_errors")

    def setup(self):
        use_bulk_gc_thresholds()
        self.extract_html = IsolatedFunction(EXTRACT_ARTICLE, EXTRACTION_TIMEOUT_SECONDS)

    def teardown(self):
        if self.extract_html is not None:
            self.extract_html.close()

    def process(self, metadata):
        path = metadata.path
        try:
            with self._open(path) as raw:
                stream, _ = open_decompressed(raw, path)
                head, stream = sniff(stream)
                input_format = detect_format(path, head) if self.input_format == AUTO else self.input_format
                self.files_read.inc()
                outcomes = 0
                for record in read_records(stream, input_format, self.encoding):
                    outcomes += 1
                    yield self._document_or_dead_letter(path, record)
            if not outcomes:
                raise NoRecordsError(f"no {input_format} records in the file (empty, or only blank lines or crawl records)")
        except Exception as error:  # noqa: BLE001 - an unreadable file (or its unread rest) is a dead letter
            self.failed.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, DeadLetter(path, STAGE, describe_error(error)))
        yield beam.pvalue.TaggedOutput(FILES_DECODED, 1)

    def _open(self, path: str):
        # FileSystems.open looks the file system up among all of Beam's plugins on every call,
        # 12 us of a local page's 80: the file system of each scheme is looked up once per worker.
        scheme = FileSystems.get_scheme(path)
        filesystem = self._filesystems.get(scheme)
        if filesystem is None:
            filesystem = self._filesystems[scheme] = FileSystems.get_filesystem(path)
        return filesystem.open(path, compression_type=CompressionTypes.UNCOMPRESSED)

    def _document_or_dead_letter(self, path: str, record: Record | RecordError):
        if isinstance(record, Record) and record.html is not None:
            record = self._extracted(record)
        if isinstance(record, RecordError):
            self.failed.inc()
            return beam.pvalue.TaggedOutput(DEAD_LETTERS, DeadLetter(path, STAGE, record.describe()))
        self.records_read.inc()
        return to_document(path, record.text, record.metadata)

    def _extracted(self, record: Record) -> Record | RecordError:
        if self.extract_html is None:  # process() called without setup()
            self.setup()
        try:
            article = self.extract_html(record.html, record.metadata.get("url"))
        except Exception as error:  # noqa: BLE001 - one page that cannot be extracted is one dead letter
            return RecordError(_where(record), f"HTML extraction failed: {describe_error(error)}")
        return Record(metadata=with_extracted_html(record, article), text=article["text"])


def _where(record: Record) -> str:
    position = record.metadata.get(RECORD_POSITION)
    if position is None:
        return "page"
    return f"line {position}" if record.metadata.get("format") == "jsonl" else f"WARC record at byte {position}"


class ReadOutputs(NamedTuple):
    documents: beam.PCollection
    dead_letters: beam.PCollection
    files_matched: beam.PCollection  # one element per distinct input file
    files_decoded: beam.PCollection  # one element per file DecodeFiles finished


class ReadNews(beam.PTransform):
    def __init__(self, patterns: list[str], encoding: str | None = None, input_format: str = AUTO):
        super().__init__()
        self.patterns = list(patterns)
        self.encoding = encoding
        self.input_format = input_format

    def expand(self, pbegin):
        files = (
            pbegin
            | "InputPatterns" >> beam.Create(self.patterns)
            | "MatchFiles" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
            | "SkipHiddenFiles" >> beam.Filter(lambda metadata: not is_hidden(metadata.path))
            | "DistinctFiles" >> beam.Map(lambda metadata: (metadata.path, metadata))
            | "GroupByPath" >> beam.CombinePerKey(lambda values: next(iter(values)))
            | "Metadata" >> beam.Values()
        )
        read = files | "DecodeFiles" >> beam.ParDo(DecodeFileFn(self.encoding, self.input_format)).with_outputs(
            DEAD_LETTERS, FILES_DECODED, main=DOCUMENTS
        )
        # One large JSONL or WARC file yields many documents on one worker: spread those out. A file
        # that is one document was spread by GroupByPath already; shuffling it again would only make
        # a local runner hold the whole input in memory once more.
        records, pages = read[DOCUMENTS] | "ByContainer" >> beam.Partition(
            lambda doc, _: 0 if RECORD_POSITION in doc.metadata else 1, 2
        )
        spread_records = records | "PackRecords" >> beam.Map(pack) | "SpreadRecords" >> beam.Reshuffle()
        # A local runner holds a Flatten's whole output until the next stage runs: packed, the
        # documents take 2.5x less memory there.
        documents = (
            (spread_records, pages | "PackPages" >> beam.Map(pack))
            | "AllDocuments" >> beam.Flatten()
            | "UnpackDocuments" >> beam.Map(unpack)
        )
        return ReadOutputs(documents, read[DEAD_LETTERS], files, read[FILES_DECODED])
