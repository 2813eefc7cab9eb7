"""WriteWindows: a stream's rows and side records, one set of files per window, each file atomic.

The batch WriteRun commits once at the end; a stream has no end, so here every window commits
on its own. When a window closes (and again for each late pane), its rows are grouped by
partition and each group is written to `OUTPUT/_temporary/<run>/` and then renamed to
`OUTPUT/source=<slug>/date=<day>/part-<run>-<window start>-<pane>-<id>.parquet`: same layout and
schema as batch, and a reader never sees a half-written file. Dead letters, filtered and folded
records go to `OUTPUT/_errors/`, `_filtered/`, `_duplicates/` the same way (JSONL), and each pane
ends with a manifest `OUTPUT/_runs/<run>/<window start>-<pane>-<id>.json` with its counts and files.
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import json
import uuid

import apache_beam as beam
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.transforms import trigger, window
from apache_beam.utils.windowed_value import PaneInfoTiming

from transforms.schema import PARQUET_WRITE_OPTIONS, partition_dir, rows_to_table, to_row
from transforms.write import DUPLICATES_DIR, ERRORS_DIR, FILTERED_DIR, RUNS_DIR, RunInfo

DEFAULT_WINDOW_SECONDS = 300
# Late data (behind the watermark) is still written, in a late pane, for this long.
DEFAULT_ALLOWED_LATENESS_SECONDS = 7 * 24 * 3600

_SIDE_FOLDERS = {"dead_letters": ERRORS_DIR, "filtered": FILTERED_DIR, "folded": DUPLICATES_DIR}


def window_stream(pcoll, window_seconds: int, allowed_lateness_seconds: int, label: str):
    """Fixed windows that fire when the watermark passes and again for every late element."""
    return pcoll | label >> beam.WindowInto(
        window.FixedWindows(window_seconds),
        trigger=trigger.AfterWatermark(late=trigger.AfterCount(1)),
        accumulation_mode=trigger.AccumulationMode.DISCARDING,
        allowed_lateness=allowed_lateness_seconds,
    )


def _commit(temporary: str, final: str, payload: bytes) -> str:
    with FileSystems.create(temporary) as handle:
        handle.write(payload)
    try:
        FileSystems.mkdirs(final.rsplit("/", 1)[0])
    except IOError:
        pass  # exists already, or an object store without folders
    FileSystems.rename([temporary], [final])
    return final


def _iso(timestamp) -> str:
    return timestamp.to_utc_datetime().replace(tzinfo=dt.timezone.utc).isoformat()


def _pane_name(win, pane) -> str:
    return f"{win.start.to_utc_datetime().strftime('%Y%m%dT%H%M%SZ')}-{pane.index}"


def _group_key(kind: str, record) -> tuple[str, str]:
    if kind == "documents":
        return kind, partition_dir(record.source_slug, record.published_date)
    return kind, _SIDE_FOLDERS[kind]


class WriteGroupFn(beam.DoFn):
    """One pane of one partition (or one side folder) -> one committed file and its count."""

    def __init__(self, run: RunInfo):
        super().__init__()
        self.run = run

    def process(self, keyed, win=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        (kind, folder), records = keyed
        records = list(records)
        run = self.run
        name = f"{run.run_id}-{_pane_name(win, pane)}-{uuid.uuid4().hex[:8]}"
        if kind == "documents":
            buffer = io.BytesIO()
            rows = [to_row(doc, run.run_id, run.started_at, run.keep_removed) for doc in records]
            pq.write_table(rows_to_table(rows), buffer, **PARQUET_WRITE_OPTIONS)
            final, payload = run.path(folder, f"part-{name}.parquet"), buffer.getvalue()
        else:
            lines = (json.dumps(r.to_json(), ensure_ascii=False, sort_keys=True) for r in records)
            final, payload = run.path(folder, f"{name}.jsonl"), ("\n".join(lines) + "\n").encode("utf-8")
        temporary = FileSystems.join(run.temporary_dir, final.rsplit("/", 1)[-1])
        yield None, (kind, _commit(temporary, final, payload), len(records))


class WritePaneManifestFn(beam.DoFn):
    """All files of one window pane -> its manifest, written after them."""

    def __init__(self, run: RunInfo):
        super().__init__()
        self.run = run

    def process(self, keyed, win=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        _, committed = keyed
        counts = collections.Counter()
        for kind, _, count in committed:
            counts[kind] += count
        name = f"{_pane_name(win, pane)}-{uuid.uuid4().hex[:8]}"
        manifest = {
            "run_id": self.run.run_id,
            "window_start": _iso(win.start),
            "window_end": _iso(win.end),
            "pane": {"index": pane.index, "timing": PaneInfoTiming.to_string(pane.timing).lower()},
            "counts": {
                "written": counts["documents"],
                "duplicates_folded": counts["folded"],
                "filtered": counts["filtered"],
                "errors": counts["dead_letters"],
            },
            "files": sorted(path for _, path, _ in committed),
        }
        yield _commit(
            FileSystems.join(self.run.temporary_dir, f"manifest-{name}.json"),
            self.run.path(RUNS_DIR, self.run.run_id, f"{name}.json"),
            json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"),
        )


class WriteWindows(beam.PTransform):
    """Input: a dict with windowed `documents`, `dead_letters`, `filtered`, `folded`.
    Output: the paths of the pane manifests written."""

    def __init__(self, run: RunInfo):
        super().__init__()
        self.run = run

    def expand(self, pcolls):
        keyed = [
            pcolls[kind] | f"Key{kind.title().replace('_', '')}" >> beam.Map(
                lambda record, kind=kind: (_group_key(kind, record), (kind, record))
            )
            for kind in ("documents", "dead_letters", "filtered", "folded")
        ]
        return (
            keyed
            | "AllRecords" >> beam.Flatten()
            | "RecordsOnly" >> beam.MapTuple(lambda key, tagged: (key, tagged[1]))
            | "GroupByPartition" >> beam.GroupByKey()
            | "WriteFiles" >> beam.ParDo(WriteGroupFn(self.run))
            | "GroupPane" >> beam.GroupByKey()
            | "WriteManifest" >> beam.ParDo(WritePaneManifestFn(self.run))
        )
