"""Arbitrary bytes and Unicode at the reader and the text stages: nothing escapes a DoFn, and
every input is accounted for."""

from __future__ import annotations

import io

import pytest
from apache_beam.io.filesystem import FileMetadata
from apache_beam.pvalue import TaggedOutput
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import read_manifest, run_cli
from transforms.boilerplate import StripBoilerplateFn
from transforms.document import DeadLetter, Document
from transforms.extract import ExtractMetadataFn
from transforms.formats import FORMATS, Record, RecordError, open_decompressed, read_records, sniff
from transforms.language import DetectLanguageFn
from transforms.read import FILES_DECODED, DecodeFileFn, to_document

_FORMATS = st.sampled_from(FORMATS)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=4096), input_format=_FORMATS)
def test_readers_turn_any_bytes_into_records_or_errors(data, input_format):
    try:
        stream, _ = open_decompressed(io.BytesIO(data), f"fuzz.{input_format}")
        _, stream = sniff(stream)
        outcomes = list(read_records(stream, input_format))
    except (ValueError, OSError, EOFError) as error:  # a whole-file failure: one dead letter
        assert str(error) or type(error).__name__
        return
    except Exception as error:  # noqa: BLE001 - warcio's own parse errors are whole-file failures too
        assert type(error).__module__.startswith("warcio"), repr(error)
        return
    for outcome in outcomes:
        assert isinstance(outcome, (Record, RecordError))


@pytest.fixture(scope="module")
def decode_file_fn():
    fn = DecodeFileFn()
    fn.setup()
    yield fn
    fn.teardown()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), name=st.sampled_from(["a.txt", "a.jsonl", "a.html", "a.warc", "a.txt.gz", "a"]))
def test_decode_file_fn_yields_only_documents_and_dead_letters(decode_file_fn, tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    outputs = list(decode_file_fn.process(FileMetadata(str(path), len(data))))
    # the last output says the file is done, for WriteRun's check that every matched file was read
    tags = [getattr(output, "tag", None) for output in outputs]
    assert tags[-1] == FILES_DECODED and FILES_DECODED not in tags[:-1]
    outputs = outputs[:-1]
    assert outputs, "a file must give at least one document or dead letter"
    for output in outputs:
        if isinstance(output, TaggedOutput):
            assert isinstance(output.value, DeadLetter) and output.value.error
        else:
            assert isinstance(output, Document)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=2000), title=st.one_of(st.none(), st.text(max_size=80)))
def test_text_stages_never_raise_out_of_their_dofn(text, title):
    docs = [to_document("fuzz.txt", text, {"format": "jsonl", "title": title} if title is not None else {"format": "txt"})]
    for stage in (ExtractMetadataFn(None), StripBoilerplateFn(), DetectLanguageFn()):
        if hasattr(stage, "setup"):
            stage.setup()
        following = []
        for doc in docs:
            outputs = list(stage.process(doc))
            assert len(outputs) == 1  # the document, filtered, or a dead letter: never lost, never doubled
            following += [output for output in outputs if isinstance(output, Document)]
        docs = following


# A pipeline run costs seconds, so each example is one run over many arbitrary files.
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.one_of(st.binary(max_size=600), st.text(max_size=600).map(lambda t: t.encode("utf-8"))), min_size=12, max_size=30))
def test_pipeline_accounts_for_every_arbitrary_input(tmp_path_factory, files):
    inputs = tmp_path_factory.mktemp("fuzz-in")
    for index, data in enumerate(files):
        (inputs / f"f{index}.{['txt', 'jsonl', 'html', 'bin'][index % 4]}").write_bytes(data)
    output = tmp_path_factory.mktemp("fuzz-out")
    assert run_cli("--input", str(inputs), "--output", str(output)) == 0
    counts = read_manifest(output)["counts"]
    assert counts["read"] >= len(files)  # every file gives at least one document or dead letter
    assert counts["read"] == counts["written"] + counts["duplicates_folded"] + counts["filtered"] + counts["errors"]
