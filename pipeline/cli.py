"""`newsbeam run`: parse flags, check inputs and output, run the pipeline, print the summary."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import os
import re
import sys

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
# Beam warns about things that are expected here: Google Cloud client libraries newsbeam does
# not use, memory stats on this platform, and an empty JSONL output (a run without errors).
_EXPECTED_WARNINGS = ("apitools not found", "Resource module is not available")
logging.getLogger().addFilter(lambda record: not record.getMessage().startswith(_EXPECTED_WARNINGS))
logging.getLogger("apache_beam.io.filebasedsink").setLevel(logging.ERROR)

import apache_beam as beam  # noqa: E402
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions  # noqa: E402

from pipeline import graph
from pipeline.manifest import format_summary, new_run_id, read_manifest
from pipeline.options import DEFAULT_RUNNER, NewsOptions
from pipeline.train_topics import TrainingDataError, add_train_parser, train_command
from pipeline.watch import add_watch_parser, watch_command
from transforms.dedup import DedupStateMismatch, check_state_folder
from transforms.read import is_hidden
from transforms.write import TEMPORARY_DIR, RunInfo, remove_run_files, remove_tree

RUN_DESCRIPTION = """\
Read raw news files, strip boilerplate, extract headline, date and source, fold duplicate
stories, detect the language, classify the IPTC topic, and write Parquet partitioned by
source and date.

example:
  newsbeam run --input sample/news --output out/
  newsbeam run --input 's3://bucket/raw/2024-*/*.txt' --output s3://bucket/news/ \\
      --s3_endpoint_url http://127.0.0.1:9000 --runner DataflowRunner ...
"""

BEAM_OPTIONS_HELP = f"""\
Apache Beam options pass through unchanged, for example:
  --runner NAME             runner to use (default: {DEFAULT_RUNNER}, Beam's in-process runner; the
                            plain DirectRunner first tries to download Prism, which fails offline)
  --direct_num_workers N    parallel workers for the local runner (with --direct_running_mode
                            multi_processing to use several cores)
  --s3_endpoint_url URL, --s3_access_key_id ID, --s3_secret_access_key KEY, --s3_region_name NAME,
  --s3_disable_ssl          S3 access (otherwise the usual AWS environment variables and profiles)
  --temp_location, --project, --region, ...  options of cloud runners
See https://beam.apache.org/documentation/runtime/ for the full list.

exit status: 0 on success; 2 for a usage error (bad option, no input files, output not
writable); 1 when the pipeline fails.
"""


class UsageError(Exception):
    """A problem with the command line, reported as one line with exit status 2."""


class OneLineErrorParser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="newsbeam",
        description="newsbeam: a stream-processing pipeline on Apache Beam that turns raw news into "
        "clean, deduplicated, Hive-partitioned Parquet.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineErrorParser)
    commands.required = True
    run = commands.add_parser(
        "run",
        help="run the batch pipeline over input files",
        description=RUN_DESCRIPTION,
        epilog=BEAM_OPTIONS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    NewsOptions._add_argparse_args(run)
    add_watch_parser(commands)
    add_train_parser(commands)
    return parser


BEAM_DASK_RUNNER = "apache_beam.runners.dask.dask_runner.DaskRunner"


def load_runner(beam_args: list[str]) -> None:
    """Imports a runner given by module path, so its options (e.g. --dask_client_address) are known."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--runner", default="")
    runner = parser.parse_known_args(beam_args)[0].runner
    if runner == BEAM_DASK_RUNNER:
        raise UsageError(
            f"Beam's {runner} mixes up a step's outputs and drops finish_bundle output; "
            "use --runner pipeline.dask_runner.DaskRunner (see README, 'Running on Dask')"
        )
    if "." in runner:
        try:
            importlib.import_module(runner.rsplit(".", 1)[0])
        except ImportError as error:
            hint = " (pip install 'newsbeam[dask]')" if "dask" in runner.lower() else ""
            raise UsageError(f"--runner {runner!r} cannot be loaded: {error}{hint}") from error


def _beam_parser() -> argparse.ArgumentParser:
    """Every option any PipelineOptions class knows, to reject misspelt options up front."""
    from apache_beam.options.pipeline_options import _BeamArgumentParser

    parser = _BeamArgumentParser(allow_abbrev=False)
    seen = {}
    for cls in PipelineOptions.__subclasses__():
        seen.setdefault(str(cls), cls)
    for cls in seen.values():
        cls._add_argparse_args(parser)
    return parser


def absolute_unless_remote(path: str) -> str:
    return path if "://" in path else os.path.abspath(os.path.expanduser(path))


def expand_input(value: str) -> str:
    """A directory becomes `dir/**`; a file or a glob stays as it is. Local paths become absolute."""
    if "://" not in value:
        value = os.path.abspath(os.path.expanduser(value))
        if os.path.isdir(value):
            return os.path.join(value, "**")
        return value
    if value.endswith("/"):
        return value + "**"
    if not any(char in value for char in "*?[") and not FileSystems.exists(value):
        return value + "/**"  # an object-store "folder": a prefix with no object of its own
    return value


def check_inputs(patterns: list[str]) -> None:
    for pattern in patterns:
        try:
            readable = _matches_a_readable_file(pattern)
        except Exception as error:  # noqa: BLE001 - any failure to list is a usage problem
            raise UsageError(f"--input {pattern!r} cannot be listed: {error}") from error
        if not readable:
            raise UsageError(f"--input {pattern!r} matches no files")


def _matches_a_readable_file(pattern: str) -> bool:
    """Lists only the first match, and the whole pattern only when that one is hidden: the run
    lists every file again, and a pattern over a million objects need not be listed twice."""

    def readable(metadata) -> bool:
        return not is_hidden(metadata.path) and metadata.size_in_bytes >= 0

    first = FileSystems.match([pattern], limits=[1])[0].metadata_list
    if not first or readable(first[0]):
        return bool(first)
    return any(map(readable, FileSystems.match([pattern])[0].metadata_list))


def check_output(output: str) -> None:
    probe = FileSystems.join(output, f".newsbeam-write-test-{os.getpid()}")
    try:
        if "://" not in output:
            if os.path.exists(output) and not os.path.isdir(output):
                raise UsageError(f"--output {output!r} is a file, not a directory")
            os.makedirs(output, exist_ok=True)
        with FileSystems.create(probe) as handle:
            handle.write(b"ok")
        FileSystems.delete([probe])
    except UsageError:
        raise
    except Exception as error:  # noqa: BLE001
        raise UsageError(f"--output {output!r} is not writable: {str(error).splitlines()[0]}") from error


def run_command(argv: list[str]) -> int:
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    load_runner(rest)
    _, unknown = _beam_parser().parse_known_args(rest)
    if unknown:
        raise UsageError(f"unrecognized option {unknown[0]!r} (see 'newsbeam run --help')")
    if not args.input:
        raise UsageError("--input is required (see 'newsbeam run --help')")
    if not args.output:
        raise UsageError("--output is required (see 'newsbeam run --help')")
    if args.run_id and not re.fullmatch(r"[A-Za-z0-9._-]+", args.run_id):
        raise UsageError(f"--run-id {args.run_id!r} may only contain letters, digits, '.', '_' and '-'")

    options = PipelineOptions(argv[1:] if argv and argv[0] == "run" else argv)
    if not options.view_as(StandardOptions).runner:
        options.view_as(StandardOptions).runner = DEFAULT_RUNNER
    news = options.view_as(NewsOptions)
    FileSystems.set_options(options)  # the --s3_* options, for listing inputs and probing the output
    patterns = [expand_input(value) for value in news.input]
    output = absolute_unless_remote(news.output)
    if news.dedup_minhash_perm % news.dedup_minhash_bands:
        raise UsageError(
            f"--dedup-minhash-bands {news.dedup_minhash_bands} must divide --dedup-minhash-perm {news.dedup_minhash_perm}"
        )
    streaming = options.view_as(StandardOptions).streaming
    if streaming and options.view_as(StandardOptions).runner.rsplit(".", 1)[-1] in StandardOptions.LOCAL_RUNNERS:
        raise UsageError(
            "--streaming needs a streaming runner (DataflowRunner, FlinkRunner, ...): Beam's local runners "
            "cannot watch for new files. Locally, use 'newsbeam watch'."
        )
    if not streaming:  # a stream may start before its first file arrives
        check_inputs(patterns)
    check_output(output)
    if news.dedup_state:
        try:
            check_state_folder(absolute_unless_remote(news.dedup_state), graph.dedup_config(news))
        except DedupStateMismatch as mismatch:
            raise UsageError(str(mismatch)) from None

    started_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    run = RunInfo(
        run_id=news.run_id or new_run_id(started_at),
        output=output,
        started_at=started_at,
        inputs=tuple(patterns),
        keep_removed=news.keep_removed,
        max_rows_per_file=news.max_rows_per_file,
        write_buffer_mb=news.write_buffer_mb,
        dedup_state=absolute_unless_remote(news.dedup_state) if news.dedup_state else None,
        mode=news.mode,
        options=tuple(
            sorted(
                (key, str(value))
                for key, value in vars(args).items()
                if key not in ("command", "input", "output") and value is not None
            )
        ),
    )
    if streaming:
        return submit_streaming(options, patterns, run, news)
    try:
        with beam.Pipeline(options=options) as p:
            graph.build(p, patterns, run, news)
    except Exception as error:  # noqa: BLE001 - one line for the user; the log has the rest
        logging.getLogger("newsbeam").debug("pipeline failed", exc_info=True)
        remove_run_files(output, run.run_id, run.dedup_state)
        remove_tree(FileSystems.join(output, TEMPORARY_DIR, run.run_id))
        message = str(error).strip().splitlines()
        print(f"newsbeam: error: pipeline failed: {type(error).__name__}: {message[-1] if message else ''}", file=sys.stderr)
        return 1
    print(format_summary(read_manifest(run.manifest_path), run.manifest_path))
    return 0


def submit_streaming(options: PipelineOptions, patterns: list[str], run: RunInfo, news) -> int:
    """Starts the unbounded job and returns: it runs on the cluster until cancelled there."""
    p = beam.Pipeline(options=options)
    graph.build_streaming(graph.watch_files(p, patterns, news.watch_interval), run, news)
    result = p.run()
    print(f"newsbeam streaming run {run.run_id} submitted ({result.state}): watching {', '.join(patterns)}; "
          f"each {news.window_seconds}-second window commits its files and a manifest under "
          f"{FileSystems.join(run.output, '_runs', run.run_id)}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "run":
            return run_command(argv)
        if argv and argv[0] == "train-topics":
            args = build_parser().parse_args(argv)
            if not args.data or not args.out:
                raise UsageError("--data and --out are required (see 'newsbeam train-topics --help')")
            return train_command(args)
        if argv and argv[0] == "watch":
            args, passthrough = build_parser().parse_known_args(argv)
            if not args.input or not args.output:
                raise UsageError("--input and --output are required (see 'newsbeam watch --help')")
            return watch_command(args, passthrough, run_command, expand_input, absolute_unless_remote)
        build_parser().parse_args(argv)  # prints help, or fails with a usage error
        return 0
    except (UsageError, TrainingDataError) as error:
        print(f"newsbeam: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
