"""`newsbeam watch`: new files are processed exactly once, also across kills and restarts."""

from __future__ import annotations

import collections
import os
import shutil
import signal
import subprocess
import sys
import time

from pipeline.cli import main
from tests.conftest import REPO, SAMPLE_DIR, read_rows
from tests.test_dedup import article_body, page


def watch_once(inputs, output) -> int:
    return main(["watch", "--input", str(inputs), "--output", str(output), "--once", "--runner", "FnApiRunner"])


def input_counts(output) -> collections.Counter:
    """How many rows each input file produced, plus how many times it was folded into a row."""
    counts = collections.Counter()
    for row in read_rows(output):
        counts[os.path.basename(row["input_path"])] += 1
        counts.update(os.path.basename(path) for path in row["duplicate_of_paths"])
    return counts


def test_each_new_file_is_processed_once(tmp_path):
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for name in ("en_sport.txt", "ar_sport.txt"):
        shutil.copy(SAMPLE_DIR / name, inputs / name)
    assert watch_once(inputs, output) == 0
    assert watch_once(inputs, output) == 0  # nothing new: no new run
    assert len(list((output / "_runs").glob("watch-*.json"))) == 1
    shutil.copy(SAMPLE_DIR / "en_undated.txt", inputs / "en_undated.txt")
    assert watch_once(inputs, output) == 0
    assert len(list((output / "_runs").glob("watch-*.json"))) == 2
    assert input_counts(output) == {"en_sport.txt": 1, "ar_sport.txt": 1, "en_undated.txt": 1}


def test_a_story_republished_later_folds_into_the_row_written_earlier(tmp_path):
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "first.txt").write_text(page("Council approves budget", article_body(5), "2 May 2024"))
    assert watch_once(inputs, output) == 0
    (inputs / "again.txt").write_text(page("Council approves budget", article_body(5), "3 May 2024", header="Search"))
    assert watch_once(inputs, output) == 0
    rows = read_rows(output)
    assert [os.path.basename(r["input_path"]) for r in rows] == ["first.txt"]


def test_files_of_an_unfinished_run_are_removed_and_its_inputs_processed_again(tmp_path):
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copy(SAMPLE_DIR / "en_sport.txt", inputs / "en_sport.txt")
    assert watch_once(inputs, output) == 0
    # A run killed after committing a partition file but before writing its manifest.
    written = next(output.glob("source=*/date=*/part-watch-*.parquet"))
    orphan = written.parent / "part-watch-20260101T000000Z-dead00-00000.parquet"
    shutil.copy(written, orphan)
    (output / "_temporary" / "watch-20260101T000000Z-dead00").mkdir(parents=True)
    (output / "_temporary" / "watch-20260101T000000Z-dead00" / "x.parquet").write_bytes(b"partial")
    state_orphan = output / "_dedup_state" / "fingerprints-watch-20260101T000000Z-dead00-00000.parquet"
    shutil.copy(next((output / "_dedup_state").glob("fingerprints-*.parquet")), state_orphan)
    shutil.copy(SAMPLE_DIR / "ar_sport.txt", inputs / "ar_sport.txt")

    assert watch_once(inputs, output) == 0
    assert not orphan.exists() and not state_orphan.exists()
    assert not list((output / "_temporary").glob("watch-*/*")) if (output / "_temporary").exists() else True
    assert input_counts(output) == {"en_sport.txt": 1, "ar_sport.txt": 1}


def test_killing_the_watcher_mid_run_loses_and_repeats_nothing(tmp_path):
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    names = sorted(path.name for path in SAMPLE_DIR.glob("*.txt"))
    for name in names:
        shutil.copy(SAMPLE_DIR / name, inputs / name)
    watcher = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "watch", "--input", str(inputs), "--output", str(output),
         "--interval", "0.2", "--max-files-per-run", "5"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if list(output.glob("source=*/date=*/part-watch-*.parquet")) or (output / "_temporary").exists():
                break
            time.sleep(0.05)
        assert watcher.poll() is None, "the watcher exited before it could be killed"
    finally:
        watcher.send_signal(signal.SIGKILL)
        watcher.wait()

    assert watch_once(inputs, output) == 0
    counts = input_counts(output)
    # Every input once: written, or folded into another row (the sample has two duplicate pairs).
    assert counts == {name: 1 for name in names}
