"""Peers on the same documents: trafilatura on HTML pages, datatrove reader -> filters -> Parquet.

Each function returns {"documents", "seconds", ...} or {"skipped": why} when the peer cannot run
here (not installed: `pip install -e '.[bench]'`).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import io
import os
import shutil
import time

import pyarrow.parquet as pq

MIN_DATATROVE_TEXT_CHARS = 200


def run_trafilatura(html_paths: list[str]) -> dict:
    """trafilatura.extract (main text, title, date) on each page, read from disk."""
    try:
        import trafilatura
    except ImportError as error:
        return {"skipped": f"trafilatura is not installed ({error})"}
    started = time.perf_counter()
    extracted = 0
    for path in html_paths:
        with open(path, encoding="utf-8") as handle:
            page = handle.read()
        extracted += trafilatura.extract(page, output_format="json", with_metadata=True) is not None
    return {"documents": len(html_paths), "extracted": extracted, "seconds": time.perf_counter() - started,
            "version": importlib.metadata.version("trafilatura")}


def run_datatrove(corpus: str, output: str, work_dir: str) -> dict:
    """datatrove: a one-document-per-file reader over `shard-*/*.txt` -> RegexFilter and
    LambdaFilter -> ParquetWriter, one task in this process.

    datatrove ships no reader for plain text files, so the reader is its `BaseDiskReader` with
    `read_file` yielding the file's text. Its language and quality filters (Gopher, C4, FastText)
    download tokenizer or model data at run time, which this machine cannot; the two filters used
    need none.
    """
    try:
        from datatrove.executor import LocalPipelineExecutor
        from datatrove.pipeline.filters import LambdaFilter, RegexFilter
        from datatrove.pipeline.readers.base import BaseDiskReader
        from datatrove.pipeline.writers import ParquetWriter
    except ImportError as error:
        return {"skipped": f"datatrove is not installed ({error})"}

    class TextFileReader(BaseDiskReader):
        name = "text files"

        def read_file(self, filepath: str):
            with self.data_folder.open(filepath, "r", encoding="utf-8") as handle:
                document = self.get_document_from_dict({"text": handle.read(), "id": filepath}, filepath, 0)
            if document:
                yield document

    for folder in (output, work_dir):
        shutil.rmtree(folder, ignore_errors=True)
    pipeline = [
        TextFileReader(corpus, glob_pattern="shard-*/*.txt", recursive=True),
        RegexFilter(r"(?i)we use cookies|cookie settings"),  # drop cookie-wall pages
        LambdaFilter(lambda document: len(document.text) >= MIN_DATATROVE_TEXT_CHARS),
        ParquetWriter(output, compression="zstd"),
    ]
    started = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):  # its per-task log and stats; also kept in work_dir
        LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=work_dir).run()
    seconds = time.perf_counter() - started
    rows = sum(pq.ParquetFile(os.path.join(folder, name)).metadata.num_rows
               for folder, _, names in os.walk(output) for name in names if name.endswith(".parquet"))
    return {"seconds": seconds, "rows_written": rows, "version": importlib.metadata.version("datatrove")}
