"""The batch pipeline on a dask.distributed cluster gives the same dataset as the in-process runner."""

from __future__ import annotations

from pathlib import Path

import distributed
import pytest

from pipeline.cli import BEAM_DASK_RUNNER, main
from tests.conftest import SAMPLE_DIR, read_manifest, read_rows
from tests.test_sample_pipeline import VOLATILE_COLUMNS


DASK_RUNNER = "pipeline.dask_runner.DaskRunner"


@pytest.fixture(scope="module")
def dask_scheduler():
    """Two workers in threads of this process, reached over TCP like remote ones: elements are
    serialised between workers and DoFns run concurrently in one Python process."""
    with distributed.LocalCluster(
        host="127.0.0.1", protocol="tcp", n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def stable(rows):
    return sorted(
        ({key: value for key, value in row.items() if key not in VOLATILE_COLUMNS} for row in rows),
        key=lambda row: row["doc_id"],
    )


def test_the_sample_on_a_dask_cluster_gives_the_in_process_runners_rows(sample_run, dask_scheduler, tmp_path):
    reference = read_manifest(sample_run)
    topic_model = reference["options"].get("topic_model")  # the reference run's model, whichever it used
    output = tmp_path / "dask"
    status = main(
        ["run", "--input", str(SAMPLE_DIR), "--output", str(output), "--keep-removed", "--run-id", "dask-run"]
        + (["--topic-model", topic_model] if topic_model else [])
        + ["--runner", DASK_RUNNER, "--dask_client_address", dask_scheduler]
    )

    assert status == 0
    assert stable(read_rows(output)) == stable(read_rows(sample_run))
    manifest = read_manifest(output)
    assert manifest["counts"] == reference["counts"]
    assert manifest["rows_per_source"] == reference["rows_per_source"]
    # Every step ran once: no second set of shards or JSONL files, no write's leftover temp folder.
    on_disk = {str(path.relative_to(output)) for path in output.rglob("*") if not path.is_relative_to(output / "_runs")}
    committed = set(manifest["files"])
    folders = {str(parent) for name in committed for parent in Path(name).parents if str(parent) != "."}
    assert on_disk == committed | folders


def test_beams_own_dask_runner_is_refused_with_the_one_to_use(tmp_path, capsys):
    status = main(["run", "--input", str(SAMPLE_DIR), "--output", str(tmp_path), "--runner", BEAM_DASK_RUNNER])

    assert status == 2
    assert DASK_RUNNER in capsys.readouterr().err
