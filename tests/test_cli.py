"""The command line: help, exit codes and one-line errors a user sees."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from pipeline.cli import main
from pipeline.options import NewsOptions
from tests.conftest import REPO, SAMPLE_DIR

def _news_option_actions():
    parser = argparse.ArgumentParser()
    NewsOptions._add_argparse_args(parser)
    return [action for action in parser._actions if action.option_strings and action.dest != "help"]


def test_run_help_explains_every_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    actions = _news_option_actions()
    assert {"--input", "--output", "--dedup-state", "--keep-removed"} <= {a.option_strings[0] for a in actions}
    for action in actions:
        assert action.option_strings[0] in text
        assert action.help and len(action.help) > 20, action.option_strings
    for option in ["--runner", "--direct_num_workers", "--s3_endpoint_url"]:
        assert option in text, option


def test_python_dash_m_pipeline_is_the_same_command():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0 and "run" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--input", "/nonexistent/*.txt", "--output", "{out}"], "matches no files"),
        (["--input", str(SAMPLE_DIR), "--output", "/proc/newsbeam-not-writable"], "is not writable"),
        (["--input", str(SAMPLE_DIR), "--output", "{out}", "--no-such-option"], "unrecognized option '--no-such-option'"),
        (["--input", str(SAMPLE_DIR), "--output", "{out}", "--dedup-near-similarity", "2"], "--dedup-near-similarity"),
        (["--input", str(SAMPLE_DIR), "--output", "{out}", "--dedup-minhash-bands", "7"], "must divide"),
        (["--output", "{out}"], "--input is required"),
        (["--input", str(SAMPLE_DIR)], "--output is required"),
        (["--input", str(SAMPLE_DIR), "--output", "{out}", "--run-id", "../x"], "--run-id"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message, tmp_path, capsys):
    args = [arg.replace("{out}", str(tmp_path / "out")) for arg in args]
    assert main(["run", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err


def test_a_pattern_that_matches_only_hidden_files_is_refused(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / ".draft.txt").write_text("a hidden file is never read")
    assert main(["run", "--input", str(inputs / "*.txt"), "--output", str(tmp_path / "out")]) == 2
    assert "matches no files" in capsys.readouterr().err
    (inputs / "article.txt").write_text("Headline\nA visible page.\n")
    assert main(["run", "--input", str(inputs / "*.txt"), "--output", str(tmp_path / "out"),
                 "--runner", "FnApiRunner"]) == 0


def test_output_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["run", "--input", str(SAMPLE_DIR), "--output", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err
