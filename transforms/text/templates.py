"""Template lines: text a source repeats in many of its documents (menus, footers, promos).

The idea of C4 and CCNet, per source: within one run, a line whose normalised text appears in
many documents of the same source is the site's template, not article text. The counting is a
Beam aggregation (`transforms/templates.py`); this module holds its pure parts: the line key,
which lines are candidates, the threshold test and the marking of a page's template lines.

Only short lines are candidates: the headline and lines long enough to be real paragraphs
(`is_paragraph`) are never dropped by this rule alone, so a background paragraph a source
repeats in every story on a topic stays in each of them.
"""

from __future__ import annotations

import dataclasses
import hashlib

from transforms.text.lines import PageLayout, is_template_candidate
from transforms.text.normalize import normalize_for_matching

REASON_TEMPLATE = "template"
DEFAULT_MIN_DOCUMENTS = 5
DEFAULT_MIN_SHARE = 0.05


@dataclasses.dataclass(frozen=True)
class TemplateThresholds:
    """A line is template text when it is in at least `min_documents` documents of the source with
    different headlines, and in at least `min_share` of the source's documents in the run."""

    min_documents: int = DEFAULT_MIN_DOCUMENTS
    min_share: float = DEFAULT_MIN_SHARE


@dataclasses.dataclass(frozen=True)
class LineSpread:
    """How widely one line of one source is spread: documents holding it, and up to a cap the
    distinct headlines of those documents (so copies of one story do not make a line template)."""

    documents: int
    headlines: frozenset[int]


def _hash63(text: str) -> int:
    """63 bits: the key then fits a signed 64-bit integer, which Beam's coders write as a varint;
    a larger int falls back to pickle (about 6 per document, in the template-learning shuffle)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def template_key(line: str) -> int | None:
    """A 63-bit key of the line's normalised text; None when empty. Numbers are not folded: a short
    sentence that differs from another only in its numbers ("3 people were hurt.") is news."""
    normalized = normalize_for_matching(line)
    return _hash63(normalized) if normalized else None


def headline_key(title: str | None, doc_id: str) -> int:
    """What tells two stories apart: the normalised headline, or the document when it has none."""
    normalized = normalize_for_matching(title) if title else ""
    return _hash63(normalized or f"doc:{doc_id}")


# A source's template lines recur in every one of its pages: the keys of candidate lines are kept
# per worker (up to a limit, then started afresh), so a line seen before is one lookup.
_CANDIDATE_KEYS: dict[str, int] = {}
_CANDIDATE_KEYS_LIMIT = 1 << 16


def line_template_keys(lines: list[str]) -> tuple[tuple[int, int], ...]:
    """(line index, template key) of every line the rule may drop: not blank, not a paragraph.
    ExtractMetadata keeps them on the page layout, so later stages do not work them out again."""
    keys = []
    known = _CANDIDATE_KEYS
    for index, line in enumerate(lines):
        key = known.get(line)
        if key is None:
            if not is_template_candidate(line):
                continue
            key = template_key(line)
            if key is None:
                continue
            if len(known) >= _CANDIDATE_KEYS_LIMIT:
                known.clear()
            known[line] = key
        keys.append((index, key))
    return tuple(keys)


def _line_keys(lines: list[str], layout: PageLayout | None) -> tuple[tuple[int, int], ...]:
    known = layout.template_keys if layout is not None else None
    return line_template_keys(lines) if known is None else known


def candidate_keys(lines: list[str], layout: PageLayout | None) -> dict[int, int]:
    """Line index -> template key for every line the rule may drop: not blank, not the headline,
    not a paragraph. A key repeated on the page is counted once per document by the caller."""
    headline = layout.headline_index if layout else None
    return {index: key for index, key in _line_keys(lines, layout) if index != headline}


def is_template(spread: LineSpread, source_documents: int, thresholds: TemplateThresholds) -> bool:
    return (
        len(spread.headlines) >= thresholds.min_documents
        and source_documents > 0
        and spread.documents / source_documents >= thresholds.min_share
    )


def template_line_indices(
    lines: list[str], source_template_keys: frozenset[int], layout: PageLayout | None = None
) -> frozenset[int]:
    """Indices of the candidate lines (the headline included) whose key is one of the source's template keys."""
    if not source_template_keys:
        return frozenset()
    return frozenset(index for index, key in _line_keys(lines, layout) if key in source_template_keys)


def mark_template_lines(reasons: list[str | None], layout: PageLayout, template_lines: frozenset[int]) -> int:
    """Gives the template reason to the kept template lines other than the headline; returns how
    many it marked. Lines another rule removed keep that rule's reason."""
    marked = 0
    for index in template_lines:
        if reasons[index] is None and index != layout.headline_index:
            reasons[index] = REASON_TEMPLATE
            marked += 1
    return marked
