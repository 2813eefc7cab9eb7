"""`newsbeam watch`: process new input files as they arrive, without a streaming runner.

Every `--interval` seconds: find the input files no earlier watch run has processed, run the
batch pipeline on exactly those files, and repeat. The record of what was processed is the runs'
own manifests (`OUTPUT/_runs/watch-*.json`, written last by each run, listing its input files),
so it can never disagree with the output.

Restart-safe: a watch run killed before its manifest was written may have committed some
files. On start, and before every run, files of watch runs that have no manifest are deleted,
together with their dedup-state fingerprints. Their inputs are then not in any manifest and are
processed again. So every file is processed exactly once, however often the watcher is killed.
By default the runs share `OUTPUT/_dedup_state`, so a story republished in a later file folds
into the row written earlier.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import time

from apache_beam.io.filesystems import FileSystems

from pipeline.manifest import new_run_id
from transforms.read import is_hidden
from transforms.write import RUNS_DIR, run_file_patterns

WATCH_RUN_PREFIX = "watch-"
DEFAULT_INTERVAL_SECONDS = 60
DEFAULT_DEDUP_STATE_DIR = "_dedup_state"
_RUN_ID_IN_NAME = re.compile(r"(watch-[0-9TZ]+-[0-9a-f]+)")

log = logging.getLogger("newsbeam.watch")

WATCH_DESCRIPTION = """\
Process new files as they arrive: every --interval seconds, run the pipeline on the input files
that no earlier watch run processed. Each file is processed exactly once, also when the watcher is
killed and restarted. Options after the watch options (for example --dedup-headline-similarity or
Beam options) are passed to every run.

example:
  newsbeam watch --input incoming/ --output warehouse/news --interval 60
"""


def add_watch_parser(commands) -> None:
    watch = commands.add_parser(
        "watch",
        help="process new input files every --interval seconds (exactly once, restart-safe)",
        description=WATCH_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    watch.add_argument("--input", action="append", metavar="PATH_OR_GLOB",
                       help="Where new files arrive: a directory (read recursively), a file or a glob. Repeatable.")
    watch.add_argument("--output", metavar="DIR", help="The dataset to add to, as for 'newsbeam run'.")
    watch.add_argument("--interval", type=float, default=DEFAULT_INTERVAL_SECONDS, metavar="SECONDS",
                       help="Seconds between looks for new files (default: %(default)s).")
    watch.add_argument("--once", action="store_true",
                       help="Look once, process what is new, and exit (for cron or a scheduler).")
    watch.add_argument("--max-files-per-run", type=int, default=10_000, metavar="N",
                       help="Process at most this many new files per run; the rest wait for the next look "
                       "(default: %(default)s).")


def _list(pattern: str) -> list[str]:
    return [metadata.path for metadata in FileSystems.match([pattern])[0].metadata_list]


def completed_watch_runs(output: str) -> dict[str, dict]:
    runs = {}
    for path in _list(FileSystems.join(output, RUNS_DIR, f"{WATCH_RUN_PREFIX}*.json")):
        with FileSystems.open(path) as handle:
            manifest = json.loads(handle.read().decode("utf-8"))
        runs[manifest["run_id"]] = manifest
    return runs


def remove_unfinished_runs(output: str, dedup_state: str | None) -> list[str]:
    """Deletes every file of a watch run that has no manifest; returns what was deleted."""
    finished = set(completed_watch_runs(output))
    orphans: dict[str, str] = {}
    for pattern in run_file_patterns(output, f"{WATCH_RUN_PREFIX}*", dedup_state):
        for path in _list(pattern):
            match = _RUN_ID_IN_NAME.search(path.rsplit("/", 2)[-2] + "/" + path.rsplit("/", 1)[-1])
            if match and match.group(1) not in finished:
                orphans[path] = match.group(1)
    if orphans:
        FileSystems.delete(list(orphans))
        log.warning("removed %d files of %d unfinished watch runs", len(orphans), len(set(orphans.values())))
    return sorted(orphans)


def pending_files(patterns: list[str], output: str) -> list[str]:
    processed = {path for manifest in completed_watch_runs(output).values() for path in manifest["inputs"]}
    found = set()
    for pattern in patterns:
        found.update(path for path in _list(pattern) if not is_hidden(path))
    return sorted(found - processed)


def watch_command(args, passthrough: list[str], run_command, expand_input, absolute_unless_remote) -> int:
    """Runs `run_command` (newsbeam run) on new files until killed, or once with --once."""
    output = absolute_unless_remote(args.output)
    patterns = [expand_input(value) for value in args.input]
    if "--dedup-state" not in passthrough:
        passthrough += ["--dedup-state", FileSystems.join(output, DEFAULT_DEDUP_STATE_DIR)]
    dedup_state = absolute_unless_remote(passthrough[passthrough.index("--dedup-state") + 1])
    while True:
        remove_unfinished_runs(output, dedup_state)
        new_files = pending_files(patterns, output)[: args.max_files_per_run]
        if new_files:
            run_id = WATCH_RUN_PREFIX + new_run_id(dt.datetime.now(dt.timezone.utc))
            inputs = [part for path in new_files for part in ("--input", path)]
            status = run_command(["run", *inputs, "--output", output, "--run-id", run_id, *passthrough])
            if status != 0:
                return status
        if args.once:
            return 0
        time.sleep(args.interval)
