"""`python -m benchmarks.run --docs N`: how fast newsbeam is, against a plain loop and peers.

    .venv/bin/python -m benchmarks.run --docs 10000 --json out/bench-10000.json
    .venv/bin/python -m benchmarks.run --docs 200000 --baseline out/bench-10000.json --no-peers

1. Generates the seeded corpus of `benchmarks.corpus` (or reuses it) under --work-dir.
2. Runs `python -m pipeline run` (the `newsbeam` command) on it in a subprocess, once per
   --workers value: 1 = Beam's in-process FnApiRunner, k > 1 = `--direct_num_workers k
   --direct_running_mode multi_processing`. Wall time includes starting Python and importing Beam.
   Peak RSS is the largest sum of RSS over the process and all its children, sampled every 0.1 s
   with psutil (shared pages of forked workers count once per process); without psutil, the
   largest single child process from getrusage(RUSAGE_CHILDREN).
3. Runs `benchmarks.plain` (the same per-document code, no runner) in this process over the same
   files. Its time per stage gives the stage shares: the Beam run does the same work per stage
   plus the runner's cost. Beam/plain compares Beam's wall time minus startup with the loop's.
4. Runs the peers (`benchmarks.peers`): trafilatura on HTML renderings of the stories of the
   first 2,000 documents' text pages, and datatrove over the same text files.
5. Prints a table and the targets of issue 6 as PASS/FAIL; --json writes all of it.

With `--rounds R`, steps 2 and 3 run R times in turn and the report gives the medians, and
Beam/plain as the median of the R back-to-back pairs: this machine's speed drifts by up to 1.4x
between spells of minutes (benchmarks/README.md, sessions 12-14).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import glob
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq

from benchmarks import peers
from benchmarks.corpus import DEFAULT_SEED, document_index, generate_corpus
from benchmarks.plain import STAGES, StageClock, corpus_paths, read_and_clean, run_plain

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WORK_DIR = os.path.join(tempfile.gettempdir(), "newsbeam-bench")
NEWSBEAM = [sys.executable, "-m", "pipeline"]
RSS_SAMPLE_SECONDS = 0.1
TRAFILATURA_DOCS = 2000
MB = 1_000_000
DEFAULT_SHARE = 0.05  # of the corpus written as .html, and as .jsonl

TARGET_DOCS_PER_CORE = 1000
TARGET_BEAM_OVER_PLAIN = 1.3
TARGET_TWO_WORKER_SPEEDUP = 1.6
# Decimal, as the report's MB column (and stricter than 3 GiB).
TARGET_RSS_BYTES_AT_200K = 3 * 10**9
TARGET_THROUGHPUT_DROP = 0.20
RSS_TARGET_DOCS = 200_000


def supported_formats() -> list[str]:
    """txt, plus html / jsonl once the installed reader knows them (transforms/formats/ or --format)."""
    help_text = subprocess.run([*NEWSBEAM, "run", "--help"], capture_output=True, text=True, cwd=REPO).stdout
    formats_dir = REPO / "transforms" / "formats"
    module_names = " ".join(os.listdir(formats_dir)) if formats_dir.is_dir() else ""
    has_format_option = "--format" in help_text
    return ["txt"] + [fmt for fmt in ("html", "jsonl")
                      if fmt in module_names or (has_format_option and fmt in help_text.lower())]


def _tree_rss(process) -> int:
    import psutil

    try:
        root = psutil.Process(process.pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
    except psutil.Error:
        return 0


def _kill_tree(process) -> None:
    import psutil

    try:
        tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    except psutil.Error:
        return
    for member in tree:
        try:
            member.kill()
        except psutil.Error:
            pass


def measure_command(command: list[str], timeout: float, max_rss_bytes: float) -> dict:
    """Wall time, CPU time and peak RSS of a subprocess and its children.

    With psutil, the run is killed once its tree's RSS passes `max_rss_bytes` (the machine is shared).
    """
    if importlib.util.find_spec("psutil"):
        rss_source = "psutil: largest sum over the process tree"
    else:
        rss_source = "getrusage(RUSAGE_CHILDREN): largest single child process so far"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, killed_for_memory = [0], []

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process))
            if peak[0] > max_rss_bytes and not killed_for_memory:
                killed_for_memory.append(time.perf_counter() - started)
                _kill_tree(process)
            time.sleep(RSS_SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True) if rss_source.startswith("psutil") else None
    if sampler:
        sampler.start()
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        stderr += f"\nbenchmark: killed after the {timeout:.0f} s timeout"
    wall = time.perf_counter() - started
    if sampler:
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not sampler:
        peak[0] = after.ru_maxrss * 1024
    if killed_for_memory:
        stderr += f"\nbenchmark: killed after {killed_for_memory[0]:.0f} s at {peak[0] / 10**9:.1f} GB RSS (--max-rss-gb)"
    return {
        "returncode": process.returncode,
        "wall_s": wall,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss_bytes": peak[0],
        "load_average_1min": [load_before, os.getloadavg()[0]],
        "peak_rss_source": rss_source,
        "stderr_tail": stderr.strip().splitlines()[-5:],
    }


def parquet_rows(output: str, manifest: dict) -> int:
    return sum(pq.ParquetFile(os.path.join(output, name)).metadata.num_rows
               for name in manifest["files"] if name.endswith(".parquet") and name.startswith("source="))


def run_beam(inputs: list[str], output: str, workers: int, topic_model: str | None, timeout: float,
             max_rss_bytes: float) -> dict:
    shutil.rmtree(output, ignore_errors=True)
    command = [*NEWSBEAM, "run", *[arg for pattern in inputs for arg in ("--input", pattern)],
               "--output", output, "--run-id", f"bench-w{workers}", "--runner", "FnApiRunner"]
    if topic_model:
        command += ["--topic-model", topic_model]
    if workers > 1:
        command += ["--direct_num_workers", str(workers), "--direct_running_mode", "multi_processing"]
    result = {"workers": workers, "mode": "in-process" if workers == 1 else "multi-process",
              "command": " ".join(command), **measure_command(command, timeout, max_rss_bytes)}
    manifests = glob.glob(os.path.join(output, "_runs", "*.json"))
    if result["returncode"] == 0 and manifests:
        with open(manifests[0], encoding="utf-8") as handle:
            manifest = json.load(handle)
        result["manifest_counts"] = manifest["counts"]
        result["parquet_rows"] = parquet_rows(output, manifest)
    return result


def startup_seconds() -> float:
    """Starting Python and importing the pipeline: part of every Beam run's wall time."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pipeline.cli, pipeline.graph"], cwd=REPO, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def machine() -> dict:
    cpu = platform.processor()
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    import apache_beam

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory / 1024**3, 1),
            "python": platform.python_version(), "apache_beam": apache_beam.__version__, "platform": platform.platform()}


def _target(name: str, threshold: str, value, passed: bool | None, note: str = "") -> dict:
    status = "N/A" if passed is None else "PASS" if passed else "FAIL"
    return {"target": name, "threshold": threshold, "value": value, "status": status, "note": note}


def evaluate_targets(report: dict, baseline: dict | None) -> list[dict]:
    runs = {run["workers"]: run for run in report["beam"] if "docs_per_s" in run}
    one, two = runs.get(1), runs.get(2)
    targets = [
        _target("docs/s per core, in-process", f">= {TARGET_DOCS_PER_CORE}",
                one and one["docs_per_s_per_core"], one and one["docs_per_s_per_core"] >= TARGET_DOCS_PER_CORE),
        _target("in-process Beam time / plain loop time", f"<= {TARGET_BEAM_OVER_PLAIN}",
                report.get("beam_over_plain"),
                report.get("beam_over_plain") and report["beam_over_plain"] <= TARGET_BEAM_OVER_PLAIN),
        _target("2-worker throughput / 1-worker throughput", f">= {TARGET_TWO_WORKER_SPEEDUP}",
                one and two and two["docs_per_s"] / one["docs_per_s"],
                one and two and two["docs_per_s"] / one["docs_per_s"] >= TARGET_TWO_WORKER_SPEEDUP),
    ]
    docs = report["benchmark"]["docs"]
    # One row per run: a multi-process run's peak is that of the runner and all its workers.
    for count, run in sorted(runs.items()):
        peak = run["peak_rss_bytes"]
        mode = "in-process" if count == 1 else f"{count} workers, whole process tree"
        targets.append(_target(f"peak RSS at {RSS_TARGET_DOCS:,} docs ({mode})", "<= 3 GB", peak / 10**9,
                               peak <= TARGET_RSS_BYTES_AT_200K if docs >= RSS_TARGET_DOCS else None,
                               "" if docs >= RSS_TARGET_DOCS else f"this run has {docs:,} docs"))
    base_runs = {run["workers"]: run for run in (baseline or {}).get("beam", []) if "docs_per_s" in run}
    if one and 1 in base_runs:
        base, base_docs = base_runs[1], baseline["benchmark"]["docs"]
        rss_growth = one["peak_rss_bytes"] / base["peak_rss_bytes"]
        targets.append(_target("peak RSS grows sub-linearly with N (in-process)", f"< {docs / base_docs:.1f}x",
                               rss_growth, rss_growth < docs / base_docs, f"vs N={base_docs:,}"))
        change = one["docs_per_s"] / base["docs_per_s"]
        targets.append(_target("docs/s vs the smaller N (in-process)", f"within {TARGET_THROUGHPUT_DROP:.0%}",
                               change, abs(1 - change) <= TARGET_THROUGHPUT_DROP, f"vs N={base_docs:,}"))
    else:
        targets.append(_target("RSS growth and docs/s vs a smaller N", "needs --baseline", None, None))
    return targets


def _median_by(items: list[dict], key: str) -> dict:
    return sorted(items, key=lambda item: item[key])[(len(items) - 1) // 2]


def measure_beam(inputs: list[str], output: str, workers: int, topic_model: str | None, timeout: float,
                 max_rss_bytes: float, input_bytes: int) -> dict:
    run = run_beam(inputs, output, workers, topic_model, timeout, max_rss_bytes)
    if "manifest_counts" in run:
        read = run["manifest_counts"]["read"]
        run["docs_per_s"] = read / run["wall_s"]
        run["mb_per_s"] = input_bytes / MB / run["wall_s"]
        run["docs_per_s_per_core"] = run["docs_per_s"] / workers
        run["docs_per_cpu_s"] = read / run["cpu_s"]
    return run


def measure_plain(paths: list[str], output: str, topic_model: str | None) -> dict:
    shutil.rmtree(output, ignore_errors=True)  # the plain loop does not commit: its files stay where written
    plain = run_plain(paths, output, topic_model)
    plain["docs_per_s"] = plain["documents_read"] / plain["total_seconds"]
    plain["docs_per_cpu_s"] = plain["documents_read"] / plain["cpu_seconds"]
    plain["stage_shares"] = {stage: seconds / plain["total_seconds"] for stage, seconds in plain["stage_seconds"].items()}
    return plain


def benchmark(docs: int, workers: list[int], work_dir: str, seed: int, topic_model: str | None, with_peers: bool,
              html_share: float, jsonl_share: float, timeout: float, max_rss_bytes: float, baseline: dict | None,
              rounds_count: int = 1) -> dict:
    corpus_dir = os.path.join(work_dir, f"corpus-{docs}-{seed}-h{html_share}-j{jsonl_share}")
    corpus = generate_corpus(corpus_dir, docs, seed, html_share, jsonl_share)
    formats = supported_formats()
    paths = corpus_paths(corpus_dir, tuple(fmt for fmt in formats if corpus["documents_by_format"][fmt]))
    inputs = [os.path.join(corpus_dir, "shard-*", f"*.{fmt}") for fmt in formats if corpus["documents_by_format"][fmt]]
    input_bytes = sum(corpus["bytes_by_format"][fmt] for fmt in formats)
    report = {
        "benchmark": {"docs": docs, "seed": seed, "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                      "machine": machine(), "topic_model": topic_model or "shipped",
                      "command": " ".join(["python -m benchmarks.run", *sys.argv[1:]])},
        "corpus": {"path": corpus_dir, **corpus, "formats_in_run": formats, "input_bytes": input_bytes},
        "startup_s": startup_seconds(),
    }
    rounds = []
    # Rounds alternate Beam and the plain loop, so each Beam / plain pair runs back to back: this
    # machine's speed drifts between spells of minutes (benchmarks/README.md, sessions 12-14).
    for _ in range(rounds_count):
        beam_runs = [measure_beam(inputs, os.path.join(work_dir, f"out-{docs}-w{count}"), count, topic_model, timeout,
                                  max_rss_bytes, input_bytes) for count in workers]
        plain = measure_plain(paths, os.path.join(work_dir, f"out-{docs}-plain"), topic_model)
        in_process = next((run for run in beam_runs if run["workers"] == 1 and "docs_per_s" in run), None)
        rounds.append({"beam": beam_runs, "plain": plain,
                       "beam_over_plain": in_process and (in_process["wall_s"] - report["startup_s"]) / plain["total_seconds"]})
    # Each run's row is its median round by docs/s (the slower middle one for an even count); Beam / plain
    # is the median of the rounds' back-to-back ratios. A failed run in any round is the one reported.
    report["beam"] = [next((run for run in runs if "docs_per_s" not in run), None) or _median_by(runs, "docs_per_s")
                      for runs in zip(*(round_["beam"] for round_ in rounds))]
    report["plain"] = plain = _median_by([round_["plain"] for round_ in rounds], "docs_per_s")
    in_process = next((run for run in report["beam"] if run["workers"] == 1 and "docs_per_s" in run), None)
    ratios = [round_["beam_over_plain"] for round_ in rounds if round_["beam_over_plain"] is not None]
    if in_process and len(ratios) == len(rounds):
        report["beam_over_plain"] = statistics.median(ratios)
    if rounds_count > 1:
        report["rounds"] = [{"docs_per_s": {run["workers"]: run.get("docs_per_s") for run in round_["beam"]},
                             "plain_docs_per_s": round_["plain"]["docs_per_s"],
                             "beam_over_plain": round_["beam_over_plain"]} for round_ in rounds]

    if with_peers:
        report["peers"] = run_peers(corpus_dir, work_dir, docs, seed, plain, in_process)
    report["targets"] = evaluate_targets(report, baseline)
    return report


def run_peers(corpus_dir: str, work_dir: str, docs: int, seed: int, plain: dict, in_process: dict | None) -> dict:
    """Each peer next to our time for the same documents and the stages it shares with us."""
    sample_docs = min(docs, TRAFILATURA_DOCS)
    html_dir = os.path.join(work_dir, f"corpus-{sample_docs}-{seed}-html")
    generate_corpus(html_dir, sample_docs, seed, html_share=1.0)
    # The text pages among the first documents, and the HTML renderings of the same stories.
    text_pages = [path for path in corpus_paths(corpus_dir) if document_index(path) < sample_docs]
    stories = {document_index(path) for path in text_pages}
    html_pages = [path for path in corpus_paths(html_dir, ("html",)) if document_index(path) in stories]
    html = peers.run_trafilatura(html_pages)
    if "seconds" in html:
        clock = StageClock()
        read_and_clean(text_pages, dt.date.today(), clock, collections.Counter())
        our_seconds = clock.seconds["read"] + clock.seconds["extract+clean"]
        html["ours_read_extract_clean_s_on_same_stories_as_text"] = our_seconds
        html["ours_over_theirs"] = our_seconds / html["seconds"]
    text = peers.run_datatrove(corpus_dir, os.path.join(work_dir, "out-datatrove"), os.path.join(work_dir, "datatrove-logs"))
    if "seconds" in text:  # per document: datatrove reads the .txt files, we read every format in the run
        theirs = text["seconds"] / text["rows_written"]
        same_stages = sum(plain["stage_seconds"][stage] for stage in ("read", "extract+clean", "write"))
        text["ours_read_extract_clean_write_ms_per_doc"] = 1000 * same_stages / plain["documents_read"]
        text["theirs_ms_per_doc"] = 1000 * theirs
        text["ours_over_theirs_same_stages"] = same_stages / plain["documents_read"] / theirs
        if in_process:
            text["ours_end_to_end_ms_per_doc"] = 1000 * in_process["wall_s"] / in_process["manifest_counts"]["read"]
            text["ours_over_theirs_end_to_end"] = text["ours_end_to_end_ms_per_doc"] / text["theirs_ms_per_doc"]
    return {"trafilatura": html, "datatrove": text}

def format_report(report: dict) -> str:
    corpus = report["corpus"]
    lines = [
        f"newsbeam benchmark: {report['benchmark']['docs']:,} docs (seed {report['benchmark']['seed']}), "
        f"{corpus['input_bytes'] / MB:.1f} MB in formats {', '.join(corpus['formats_in_run'])}, "
        f"{report['benchmark']['machine']['cores']} cores, {report['benchmark']['machine']['cpu']}",
        f"startup (python + imports, included in Beam wall times): {report['startup_s']:.1f} s; "
        f"load = 1-minute load average before->after each run (other work on the machine slows wall times)",
        "",
        f"{'run':<26}{'wall s':>9}{'cpu s':>9}{'docs/s':>9}{'MB/s':>8}{'docs/s/core':>13}{'docs/cpu-s':>12}"
        f"{'peak RSS MB':>13}{'load':>11}  written",
    ]
    for run in report["beam"]:
        label = f"beam {run['mode']} x{run['workers']}"
        if "docs_per_s" not in run:
            lines.append(f"{label:<26} FAILED (exit {run['returncode']}): {' | '.join(run['stderr_tail'])}")
            continue
        load = "{:.1f}->{:.1f}".format(*run["load_average_1min"])
        lines.append(f"{label:<26}{run['wall_s']:>9.1f}{run['cpu_s']:>9.1f}{run['docs_per_s']:>9.0f}{run['mb_per_s']:>8.2f}"
                     f"{run['docs_per_s_per_core']:>13.0f}{run['docs_per_cpu_s']:>12.0f}{run['peak_rss_bytes'] / MB:>13.0f}"
                     f"{load:>11}  {run['manifest_counts']['written']:,}")
    plain = report["plain"]
    lines.append(f"{'plain loop (no runner)':<26}{plain['total_seconds']:>9.1f}{plain['cpu_seconds']:>9.1f}"
                 f"{plain['docs_per_s']:>9.0f}{'':>8}{plain['docs_per_s']:>13.0f}{plain['docs_per_cpu_s']:>12.0f}{'':>24}"
                 f"  {plain['rows_written']:,}")
    if "beam_over_plain" in report:
        lines.append(f"Beam in-process / plain loop (Beam wall minus startup): {report['beam_over_plain']:.2f}x")
    if "rounds" in report:
        lines.append(f"{len(report['rounds'])} rounds, each Beam run then the plain loop; the rows above are the medians:")
        for number, round_ in enumerate(report["rounds"], 1):
            beam = ", ".join(f"x{count} {'failed' if rate is None else f'{rate:.0f}'}"
                             for count, rate in round_["docs_per_s"].items())
            ratio = "-" if round_["beam_over_plain"] is None else f"{round_['beam_over_plain']:.2f}x"
            lines.append(f"  round {number}: Beam docs/s {beam}; plain loop {round_['plain_docs_per_s']:.0f}; "
                         f"Beam / plain {ratio}")
    lines += ["", "stage shares (time of each stage in the plain loop, the same per-document code):"]
    for stage in STAGES:
        lines.append(f"  {stage:<15}{plain['stage_seconds'][stage]:>9.2f} s{plain['stage_shares'][stage]:>8.1%}")
    for name, peer in report.get("peers", {}).items():
        if "skipped" in peer:
            lines.append(f"peer {name}: skipped: {peer['skipped']}")
        elif name == "trafilatura":
            lines.append(f"peer trafilatura {peer['version']}: {peer['documents']:,} HTML pages in {peer['seconds']:.1f} s; "
                         f"ours (read+extract+clean, same stories as text) {peer['ours_read_extract_clean_s_on_same_stories_as_text']:.1f} s"
                         f" -> ours/theirs {peer['ours_over_theirs']:.2f}")
        else:
            end_to_end = (f"; end to end {peer['ours_end_to_end_ms_per_doc']:.1f} ms -> {peer['ours_over_theirs_end_to_end']:.1f}"
                          if "ours_end_to_end_ms_per_doc" in peer else "")
            lines.append(f"peer datatrove {peer['version']}: reader->filters->parquet {peer['theirs_ms_per_doc']:.2f} ms/doc "
                         f"({peer['rows_written']:,} .txt files); ours read+extract+clean+write "
                         f"{peer['ours_read_extract_clean_write_ms_per_doc']:.1f} ms/doc -> ours/theirs "
                         f"{peer['ours_over_theirs_same_stages']:.1f}{end_to_end}")
    lines += ["", "targets (issue 6):"]
    width = max(len(target["target"]) for target in report["targets"])
    for target in report["targets"]:
        value = "-" if target["value"] is None else f"{target['value']:.3f}"
        note = f"  ({target['note']})" if target["note"] else ""
        lines.append(f"  {target['status']:<5}{target['target']:<{width}}{target['threshold']:>18}  {value}{note}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, required=True, help="corpus size N")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (1 = in-process; default 1,2)")
    parser.add_argument("--json", dest="json_path", help="also write the full report as JSON here")
    parser.add_argument("--work-dir", default=DEFAULT_WORK_DIR, help="corpora and outputs (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--topic-model", default=None, help="topic model directory (default: the shipped one)")
    parser.add_argument("--no-peers", dest="peers", action="store_false", help="skip trafilatura and datatrove")
    parser.add_argument("--html-share", type=float, default=DEFAULT_SHARE, help="share of the corpus written as .html "
                        "(read only when the installed reader supports it; default: %(default)s)")
    parser.add_argument("--jsonl-share", type=float, default=DEFAULT_SHARE, help="share written as .jsonl records "
                        "(likewise; default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per pipeline run")
    parser.add_argument("--max-rss-gb", type=float, default=16, help="kill a pipeline run whose process tree passes "
                        "this RSS, in GB of 10^9 bytes (default: %(default)s; needs psutil)")
    parser.add_argument("--baseline", help="a --json report at a smaller N, for the RSS and docs/s growth targets")
    parser.add_argument("--rounds", type=int, default=1, help="run the Beam runs and the plain loop this many times, "
                        "in turn, and report the medians (default: %(default)s). This machine's speed drifts "
                        "between spells of minutes; Beam / plain is then the median of back-to-back pairs")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    baseline = None
    if args.baseline:
        with open(args.baseline, encoding="utf-8") as handle:
            baseline = json.load(handle)
    report = benchmark(args.docs, [int(w) for w in args.workers.split(",")], args.work_dir, args.seed, args.topic_model,
                       args.peers, args.html_share, args.jsonl_share, args.timeout, args.max_rss_gb * 10**9, baseline,
                       args.rounds)
    print(format_report(report))
    if args.json_path:
        os.makedirs(os.path.dirname(os.path.abspath(args.json_path)), exist_ok=True)
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2, default=str)
    return 0 if all(run.get("returncode") == 0 for run in report["beam"]) else 1


if __name__ == "__main__":
    sys.exit(main())
