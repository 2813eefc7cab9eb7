"""Which outlet a document comes from, its partition slug, and aliases of one outlet.

`resolve_source` takes the first evidence there is, in this order:

1. metadata: the reader's `source` (JSONL `source`/`source_domain`, HTML site name) and the
   registered domain of the article URL (`news.example.co.uk` -> `example.co.uk`, by the Public
   Suffix List snapshot bundled with tldextract, never fetched);
2. the input path, through a `--source-from-path` template such as `{source}/*`;
3. an attribution in the page text (below);
4. `unknown`.

The slug is the registered domain whenever one is known (from the URL, or a source value that is
itself a domain); otherwise the slugified name. `source_name` keeps the display form: the
metadata name, else the domain, else the name as the path or the page gives it. A source map
(`--source-map`) then turns any alias, matched by name or by slug, into its canonical outlet.

Attribution lines look like "المصدر: البوابة نيوز", "Source: Harbour Ledger", an agency byline
such as "وكالات- كتابات:" or "عدن تايم/سكاي نيوز", or a quoted outlet name after a section word
("السياسية “جدار نيوز”"). Generic parts ("وكالات", "agencies", "staff") are not a source.

Slugs are lower-case ASCII `[a-z0-9.-]`: safe in any file system, object store and warehouse.
Arabic names are transliterated letter by letter with a fixed table, so one outlet always gets
the same slug; `source_name` keeps the display form.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import re
import unicodedata
from urllib.parse import urlsplit

from transforms.text.lexicons import line_lexicon
from transforms.text.normalize import (
    normalize_arabic,
    normalize_for_matching,
    normalized_first_word,
    normalized_start,
    strip_accents,
)

UNKNOWN_SOURCE = "unknown"
MAX_SOURCE_WORDS = 6

_TRANSLITERATION = str.maketrans(
    {
        "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
        "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a",
        "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
        "ي": "y", "ء": "", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
    }
)

_QUOTED = re.compile(r"[\"“”«»„'‘’]\s*([^\"“”«»„'‘’]{2,60}?)\s*[\"“”«»„'‘’]")
_PART_SEPARATORS = re.compile(r"\s*[/|\-–—:،,]\s*")
_BY_PREFIX = re.compile(r"^\s*(by|par)\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 12)  # a run has few sources, each named in many documents
def slugify_source(name: str | None) -> str:
    """A stable partition value for a source name or domain; `unknown` when there is none."""
    if not name:
        return UNKNOWN_SOURCE
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^www\.", "", text).split("/")[0] if re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text) else text
    text = strip_accents(normalize_arabic(text)).translate(_TRANSLITERATION)
    text = text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9.]+", "-", text).strip("-.")
    return slug or UNKNOWN_SOURCE


def _is_generic(part: str) -> bool:
    words = normalize_for_matching(part).split()
    return not words or all(word in line_lexicon().media_words for word in words)


def _clean_name(name: str) -> str | None:
    name = name.strip().strip(".:،,-–—")
    name = re.sub(r"\s+", " ", name).strip()
    if not name or len(name.split()) > MAX_SOURCE_WORDS:
        return None
    return name


_LABEL_SEPARATOR = re.compile(r"[:：\-–]")


@functools.lru_cache(maxsize=None)
def _source_label_starts() -> tuple[tuple[str, ...], int, frozenset[str]]:
    """The labels each followed by a space, how many normalised characters decide a match, and
    the labels' first words."""
    starts = tuple(label + " " for label in line_lexicon().source_labels)
    return starts, max(map(len, starts)), frozenset(start.split(" ", 1)[0] for start in starts)


def source_from_label(line: str) -> str | None:
    """"المصدر: X" / "Source: X" -> X."""
    separator = _LABEL_SEPARATOR.search(line)
    if separator is None:  # checked first: it is cheaper than normalising, and without it there is no name
        return None
    starts, decisive_chars, first_words = _source_label_starts()
    first = normalized_first_word(line)
    if first is not None and first not in first_words:
        return None
    if normalized_start(line, decisive_chars)[0].startswith(starts):
        return _clean_name(line[separator.end():])
    return None


def has_media_word(line: str) -> bool:
    media = line_lexicon().media_words
    return any(word in media for word in normalize_for_matching(line).split())


def source_from_byline(line: str) -> str | None:
    """The outlet named by a short byline/attribution line, or None."""
    quoted = _QUOTED.search(line)
    if quoted and not _is_generic(quoted.group(1)):
        return _clean_name(quoted.group(1))
    if _BY_PREFIX.match(line):
        parts = [p for p in re.split(r"\s*[,|]\s*", _BY_PREFIX.sub("", line)) if p.strip()]
        return _clean_name(parts[-1]) if len(parts) > 1 and not _is_generic(parts[-1]) else None
    parts = [p for p in _PART_SEPARATORS.split(line) if p.strip()]
    for part in parts:
        if not _is_generic(part):
            return _clean_name(part)
    return None


_DOMAIN_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:/.*)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _domain_extractor():
    import tldextract  # the Public Suffix List snapshot is loaded once per process (worker)

    # No list URLs and no cache: the snapshot bundled with the package, never a download.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(value: str | None) -> str | None:
    """The registered domain of a URL or host name (`https://news.example.co.uk/x` -> `example.co.uk`).

    None for values that are not a host under a public suffix (an outlet's name, an IP, localhost).
    """
    if not value or not _DOMAIN_LIKE.match(value.strip()):
        return None
    text = value.strip()
    host = urlsplit(text if "://" in text else f"//{text}").hostname
    if not host:
        return None
    return _registered_domain_of_host(host)


@functools.lru_cache(maxsize=1 << 12)  # a source's articles share a host
def _registered_domain_of_host(host: str) -> str | None:
    return _domain_extractor()(host).top_domain_under_public_suffix.lower() or None


@functools.lru_cache(maxsize=16)
def _template_regex(template: str) -> re.Pattern:
    segments = [segment for segment in template.replace("\\", "/").split("/") if segment]
    parts = []
    for segment in segments:
        pieces = re.split(r"(\{source\}|\*)", segment)
        translated = "".join(
            "(?P<source>[^/]+?)" if piece == "{source}" else "[^/]*" if piece == "*" else re.escape(piece)
            for piece in pieces
        )
        parts.append(translated)
    return re.compile("(?:^|/)" + "/".join(parts) + "$")


def check_path_template(template: str) -> str:
    """The template itself when it names `{source}` exactly once; ValueError otherwise."""
    if template.count("{source}") != 1:
        raise ValueError(f"{template!r} must contain {{source}} exactly once, e.g. '{{source}}/*'")
    return template


def source_from_path(path: str | None, template: str | None) -> str | None:
    """The `{source}` part of an input path under a template matched against the path's end.

    `{source}/*` takes the folder that holds the file; `*/{source}/*/*` the folder two above it;
    `{source}-*.txt` the start of the file name. `*` stands for one name, or part of one.
    """
    if not path or not template:
        return None
    match = _template_regex(template).search(path.replace("\\", "/"))
    if match is None:
        return None
    return _clean_name(match.group("source"))


@dataclasses.dataclass(frozen=True)
class Source:
    name: str | None
    slug: str


class SourceMap:
    """Aliases of one outlet -> its canonical name, matched by normalised name or by slug."""

    def __init__(self, aliases: dict[str, str]):
        self.canonical_by_key: dict[str, str] = {}
        for alias, canonical in aliases.items():
            for key in (normalize_for_matching(alias), slugify_source(alias)):
                if key and key != UNKNOWN_SOURCE:
                    self.canonical_by_key[key] = canonical.strip()

    def __len__(self) -> int:
        return len(self.canonical_by_key)

    def apply(self, source: Source) -> Source:
        for key in (normalize_for_matching(source.name or ""), source.slug):
            canonical = self.canonical_by_key.get(key)
            if canonical:
                return Source(name=canonical, slug=registered_domain(canonical) or slugify_source(canonical))
        return source


def parse_source_map(text: str, file_name: str = "") -> SourceMap:
    """A source map from JSON (`{"alias": "canonical", ...}`) or CSV (`alias,canonical` rows).

    The format is JSON when the file name ends in `.json` or the text starts with `{`. A CSV
    header row `alias,canonical` is skipped. Raises ValueError, saying what is wrong, otherwise.
    """
    text = text.lstrip("\ufeff")
    if file_name.lower().endswith(".json") or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON: {error}") from error
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError('a JSON source map is one object of "alias": "canonical" strings')
        return SourceMap(data)
    aliases = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) != 2 or not all(cells):
            raise ValueError(f"line {number}: expected two columns, alias,canonical")
        if number == 1 and [cell.lower() for cell in cells] == ["alias", "canonical"]:
            continue
        aliases[cells[0]] = cells[1]
    return SourceMap(aliases)


def resolve_source(
    metadata: dict,
    text_source: str | None = None,
    input_path: str | None = None,
    path_template: str | None = None,
    source_map: SourceMap | None = None,
) -> Source:
    """The document's source, by the order in the module docstring, with aliases merged."""
    named = str(metadata.get("source") or "").strip() or None
    domain = registered_domain(named) or registered_domain(metadata.get("url"))
    if named or domain:
        source = Source(name=named or domain, slug=domain or slugify_source(named))
    else:
        name = source_from_path(input_path, path_template) or text_source
        source = Source(name=name, slug=slugify_source(name))
    return source_map.apply(source) if source_map else source
