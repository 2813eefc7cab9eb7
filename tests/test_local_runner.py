"""The local runner's gRPC data plane delivers every byte of a bundle's input (pipeline/local_runner.py)."""

import time

from apache_beam.runners.portability.fn_api_runner import worker_handlers
from apache_beam.runners.worker import data_plane

from pipeline import local_runner
from tests.conftest import SAMPLE_DIR, read_manifest, read_rows, run_cli


def test_bundle_input_written_while_a_send_waits_is_delivered(monkeypatch):
    local_runner.disable_timed_flushes()
    # What the runner's gRPC server creates for each worker.
    channel = data_plane.BeamFnDataServicer(worker_handlers.DATA_BUFFER_TIME_LIMIT_MS).get_conn_by_worker_id("worker_0")
    delivered = []

    def send_waiting_for_room(element):  # a full send queue, as when a large bundle goes out
        time.sleep(0.05)
        delivered.append(len(element.data))

    monkeypatch.setattr(channel, "_enqueue_to_send", send_waiting_for_room)
    stream = channel.output_stream("bundle_1", "ReadNews/AllDocuments/Read")
    written = 0
    writing_until = time.monotonic() + 1.6  # past Beam's timed flush (every 1.0 s) when it is on
    while time.monotonic() < writing_until:
        stream.write(b"x" * 1000)
        written += 1000
        time.sleep(0.002)
    stream.close()
    assert sum(delivered) == written


def test_two_worker_processes_write_what_the_in_process_run_writes(tmp_path, sample_run):
    output = tmp_path / "out"
    assert run_cli("--input", str(SAMPLE_DIR), "--output", str(output), "--run-id", "two-workers", "--keep-removed",
                   "--direct_num_workers", "2", "--direct_running_mode", "multi_processing") == 0
    assert worker_handlers.DATA_BUFFER_TIME_LIMIT_MS == 0

    def written(output):
        return sorted((row["doc_id"], row["title"], row["body"], row["topic"]) for row in read_rows(output))

    assert written(output) == written(sample_run)
    counts = read_manifest(output)["counts"]
    assert counts == read_manifest(sample_run)["counts"]
    assert counts["read"] == counts["written"] + counts["duplicates_folded"] + counts["filtered"] + counts["errors"]
