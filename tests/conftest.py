"""Shared fixtures: paths to the bundled sample and the seeds, and a helper that runs the CLI."""

from __future__ import annotations

import glob
import json
import os
from pathlib import Path

import pyarrow.dataset as pads
import pytest

from pipeline.cli import main
from transforms.schema import PARTITIONING

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "sample" / "news"
SAMPLE_EXPECTED = REPO / "sample" / "EXPECTED.json"
SEEDS_DIR = REPO.parent / "shared" / "seeds"


def run_cli(*args: str) -> int:
    return main(["run", *args, "--runner", "FnApiRunner"])


def read_rows(output: Path) -> list[dict]:
    dataset = pads.dataset(str(output), format="parquet", partitioning=PARTITIONING, exclude_invalid_files=False,
                           ignore_prefixes=["_", "."])
    return dataset.to_table().to_pylist()


def read_manifest(output: Path) -> dict:
    manifests = sorted(glob.glob(str(output / "_runs" / "*.json")))
    assert len(manifests) == 1, manifests
    return json.loads(Path(manifests[0]).read_text(encoding="utf-8"))


def read_jsonl(output: Path, folder: str) -> list[dict]:
    records = []
    for path in sorted(glob.glob(str(output / folder / "*.jsonl"))):
        records += [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line]
    return records


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS_DIR} (they live in ../shared/seeds beside the repo)")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def sample_expected() -> dict[str, dict]:
    return {entry["file"]: entry for entry in json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8"))}


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """The bundled sample through the whole pipeline once, shared by the tests that read it."""
    output = tmp_path_factory.mktemp("sample-out")
    assert run_cli("--input", str(SAMPLE_DIR), "--output", str(output), "--run-id", "sample-run", "--keep-removed") == 0
    return output


def by_file(rows: list[dict]) -> dict[str, dict]:
    return {os.path.basename(row["input_path"]): row for row in rows}
