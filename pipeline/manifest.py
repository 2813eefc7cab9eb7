"""Run ids, reading a run's manifest back, and the end-of-run summary printed to the user."""

from __future__ import annotations

import datetime as dt
import json
import secrets

from apache_beam.io.filesystems import FileSystems

from transforms.write import DUPLICATES_DIR, ERRORS_DIR, FILTERED_DIR

SUMMARY_TOP = 10


def new_run_id(now: dt.datetime) -> str:
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def read_manifest(path: str) -> dict:
    with FileSystems.open(path) as handle:
        return json.loads(handle.read().decode("utf-8"))


def _top(counter: dict) -> str:
    items = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{name} {count}" for name, count in items[:SUMMARY_TOP])
    rest = len(items) - SUMMARY_TOP
    return shown + (f", ... ({rest} more)" if rest > 0 else "") if items else "-"


def format_summary(manifest: dict, manifest_path: str) -> str:
    counts = manifest["counts"]
    output = manifest["output"].rstrip("/")
    lines = [
        f"newsbeam run {manifest['run_id']}: "
        f"read {counts['read']}, written {counts['written']}, duplicates folded {counts['duplicates_folded']}, "
        f"filtered {counts['filtered']}, errors {counts['errors']}",
        f"  per source: {_top(manifest['rows_per_source'])}",
        f"  per topic:  {_top(manifest['rows_per_topic'])}",
        f"  output:     {output}/source=*/date=*/part-{manifest['run_id']}-*.parquet",
        f"  manifest:   {manifest_path}",
    ]
    side_files = {
        ERRORS_DIR: counts["errors"],
        FILTERED_DIR: counts["filtered"],
        DUPLICATES_DIR: counts["duplicates_folded"],
    }
    for folder, count in side_files.items():
        if count:
            lines.append(f"  {folder + ':':<11} {output}/{folder}/{manifest['run_id']}-*.jsonl ({count})")
    return "\n".join(lines)
