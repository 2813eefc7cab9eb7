"""python -m benchmarks.quality.dates [--baseline] [--show-misses]: print the date scores per language."""

from __future__ import annotations

import argparse

from benchmarks.quality.dates import (
    evaluate,
    format_scores,
    load_snippets,
    predict_dateparser_first_match,
    predict_with_dateparser_on_header_lines,
)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality.dates", description=__doc__)
    parser.add_argument("--baseline", action="store_true", help="also score the two dateparser variants")
    parser.add_argument("--show-misses", action="store_true", help="list the snippets newsbeam gets wrong or leaves null")
    args = parser.parse_args()
    snippets = load_snippets()
    scores, misses = evaluate(snippets)
    print(format_scores("newsbeam (transforms/text/dates.py)", scores))
    if args.show_misses:
        for snippet, got in misses:
            print(f"  miss {snippet['id']}: expected {snippet['expected_date']}, got {got} - {snippet['note']}")
    if args.baseline:
        print(format_scores("baseline: first line dateparser reads", evaluate(snippets, predict_dateparser_first_match)[0]))
        print(format_scores("newsbeam + dateparser on unread header lines",
                            evaluate(snippets, predict_with_dateparser_on_header_lines)[0]))


if __name__ == "__main__":
    main()
