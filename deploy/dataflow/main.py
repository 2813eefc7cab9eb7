"""Flex Template entry point: turns the template's parameters into `newsbeam run` options.

Dataflow's launcher runs `python main.py --input=... --keep_removed=true --runner=DataflowRunner
--project=... --temp_location=... ...`: each template parameter (named after the option's dest,
see metadata.json) as `--name=value`, then Beam's own options. A parameter becomes the
`newsbeam run` option it mirrors (a flag when its value is true or absent); Beam's options pass
through. Airflow's BeamRunPythonPipelineOperator calls it the same way (deploy/airflow/).
"""

from __future__ import annotations

import argparse
import sys

from pipeline.cli import main as newsbeam
from pipeline.options import NewsOptions

TRUE_VALUES = ("true", "1", "yes")


def news_option_actions() -> list[argparse.Action]:
    parser = argparse.ArgumentParser(add_help=False)
    NewsOptions._add_argparse_args(parser)
    return parser._actions


def to_run_args(template_args: list[str]) -> list[str]:
    actions = {action.dest: action for action in news_option_actions()}
    run_args = ["run"]
    for arg in template_args:
        name, has_value, value = arg[2:].partition("=") if arg.startswith("--") else ("", "", "")
        action = actions.get(name)
        if action is None:
            run_args.append(arg)  # a Beam option, or the value of the option before it
        elif action.nargs == 0:
            if not has_value or value.strip().lower() in TRUE_VALUES:
                run_args.append(action.option_strings[0])
        elif has_value:
            run_args += [action.option_strings[0], value]
        else:
            run_args.append(action.option_strings[0])  # its value is the next argument
    return run_args


if __name__ == "__main__":
    sys.exit(newsbeam(to_run_args(sys.argv[1:])))
