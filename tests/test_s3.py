"""Acceptance on S3: moto in server mode on 127.0.0.1, started here; nothing else is contacted."""

from __future__ import annotations

import socket
from pathlib import Path

import boto3
import botocore.loaders
import pytest
from moto.server import ThreadedMotoServer

from tests.conftest import read_jsonl, read_manifest, read_rows, run_cli
from tests.news_inputs import text_page, write_mixed_corpus
from tests.test_mixed_inputs import check_mixed_run

BUCKET = "newsbeam-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def shared_botocore_models(monkeypatch):
    """Beam makes a new boto3 session for every S3 operation, and each parses botocore's JSON
    models again (~10 s per pipeline run here). Share the parsed models between sessions to keep
    the tests fast; the requests sent are unchanged."""
    parsed: dict = {}
    load = botocore.loaders.Loader.load_data_with_path

    def load_once(self, name):
        key = (tuple(self.search_paths), name)
        if key not in parsed:
            parsed[key] = load(self, name)
        return parsed[key]

    monkeypatch.setattr(botocore.loaders.Loader, "load_data_with_path", load_once)


@pytest.fixture
def s3(moto_endpoint, monkeypatch, tmp_path):
    """A fresh bucket; the AWS chain sees test credentials only and never looks for EC2 metadata."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def upload(client, folder: Path, prefix: str) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            client.upload_file(str(path), BUCKET, f"{prefix}/{path.relative_to(folder)}")


def download(client, prefix: str, folder: Path) -> list[str]:
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix + "/"):
        for item in page.get("Contents", []):
            key = item["Key"]
            keys.append(key[len(prefix) + 1:])
            target = folder / key[len(prefix) + 1:]
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(BUCKET, key, str(target))
    return sorted(keys)


def s3_options(endpoint: str) -> list[str]:
    return ["--s3_endpoint_url", endpoint, "--s3_disable_ssl", "--s3_region_name", "us-east-1"]


def test_mixed_inputs_from_s3_to_s3_with_beam_credential_options(s3, moto_endpoint, tmp_path, monkeypatch):
    expected = write_mixed_corpus(tmp_path / "in")
    upload(s3, tmp_path / "in", "raw")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    assert run_cli(
        "--input", f"s3://{BUCKET}/raw", "--output", f"s3://{BUCKET}/news", "--run-id", "s3mixed",
        *s3_options(moto_endpoint), "--s3_access_key_id", "testing", "--s3_secret_access_key", "testing",
    ) == 0

    local = tmp_path / "out"
    keys = download(s3, "news", local)
    assert not [key for key in keys if key.startswith("_temporary")]
    rows = read_rows(local)
    manifest = read_manifest(local)
    check_mixed_run(rows, manifest, read_jsonl(local, "_errors"), expected)
    assert {row["input_path"].split("/raw/")[0] for row in rows} == {f"s3://{BUCKET}"}
    assert sorted(manifest["files"]) == sorted(key for key in keys if not key.startswith("_runs/"))


def test_overwrite_on_s3_replaces_the_partitions_it_writes_with_credentials_from_the_environment(s3, moto_endpoint, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.txt").write_text(text_page("en", "Firstport"), encoding="utf-8")
    upload(s3, first, "raw")
    output = f"s3://{BUCKET}/news"
    options = s3_options(moto_endpoint)
    assert run_cli("--input", f"s3://{BUCKET}/raw/", "--output", output, "--run-id", "one", *options) == 0
    assert run_cli("--input", f"s3://{BUCKET}/raw/a.txt", "--output", output, "--run-id", "two", "--mode", "overwrite", *options) == 0

    keys = download(s3, "news", tmp_path / "out")
    parts = [key for key in keys if key.endswith(".parquet")]
    assert len(parts) == 1 and "part-two-" in parts[0]
    assert len(read_rows(tmp_path / "out")) == 1
