"""Writes metadata.json, the Flex Template's parameter spec, from `newsbeam run`'s options.

    .venv/bin/python deploy/dataflow/make_metadata.py      # after adding or changing an option

One parameter per NewsOptions option, named after its dest (`source_from_path`), labelled with
its flag, with its help text; choices and flags become regexes. tests/test_deploy.py fails when
the file and the options disagree.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))  # main.py beside this file

from main import news_option_actions  # noqa: E402

METADATA = pathlib.Path(__file__).resolve().parent / "metadata.json"
REQUIRED = ("input", "output")


def parameter(action) -> dict:
    help_text = " ".join((action.help or "").split()).replace("%(default)s", str(action.default))
    entry = {
        "name": action.dest,
        "label": action.option_strings[0],
        "helpText": help_text,
        "isOptional": action.dest not in REQUIRED,
    }
    if action.nargs == 0:
        entry["regexes"] = ["^(true|false)$"]
    elif action.choices:
        entry["regexes"] = ["^(" + "|".join(re.escape(choice) for choice in action.choices) + ")$"]
    return entry


def metadata() -> dict:
    return {
        "name": "newsbeam",
        "description": "Raw news files -> clean, deduplicated, topic-classified Parquet partitioned by source and "
        "date (one `newsbeam run`; --input takes one path or glob here).",
        "streaming": False,
        "parameters": [parameter(action) for action in news_option_actions()],
    }


if __name__ == "__main__":
    METADATA.write_text(json.dumps(metadata(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {METADATA}")
