"""Consistency check for the bundled sample corpus (sample/news + EXPECTED.json).

Run: .venv/bin/python sample/check_sample.py   (exits non-zero on failure)
"""
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEWS = HERE / "news"
TERMINAL = (".", "!", "?", "؟")

EN_MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October "
    "November December".split())}
AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10,
    "تشرين الثاني": 11, "كانون الأول": 12,
}
INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")

errors = []


def err(msg):
    errors.append(msg)


def dates_in(line):
    s = line.translate(INDIC)
    found = set()
    for y, m, d in re.findall(r"(\d{4})-(\d{2})-(\d{2})", s):
        found.add(date(int(y), int(m), int(d)))
    for d, mon, y in re.findall(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", s):
        if mon in EN_MONTHS:
            found.add(date(int(y), EN_MONTHS[mon], int(d)))
    for mon, d, y in re.findall(r"([A-Z][a-z]+) (\d{1,2}), (\d{4})", s):
        if mon in EN_MONTHS:
            found.add(date(int(y), EN_MONTHS[mon], int(d)))
    for mon, n in AR_MONTHS.items():
        for d, y in re.findall(r"(\d{1,2}) " + mon + r" (\d{4})", s):
            found.add(date(int(y), n, int(d)))
    return found


def main():
    expected = json.loads((HERE / "EXPECTED.json").read_text(encoding="utf-8"))
    by_file = {e["file"]: e for e in expected}
    if len(by_file) != len(expected):
        err("duplicate file entries in EXPECTED.json")
    on_disk = {p.name for p in NEWS.glob("*.txt")}
    if on_disk != set(by_file):
        err(f"files on disk {sorted(on_disk ^ set(by_file))} differ from EXPECTED.json")
    langs = Counter(e["language"] for e in expected)
    print(f"{len(expected)} files, languages: {dict(langs)}")

    keys = {"file", "title", "published_date", "source", "language",
            "boilerplate_lines", "paragraphs", "duplicate_group"}
    for e in expected:
        f = e["file"]
        if set(e) != keys:
            err(f"{f}: keys {sorted(set(e) ^ keys)}")
        raw = (NEWS / f).read_bytes()
        try:
            text = raw.decode("utf-8", errors="strict")
        except UnicodeDecodeError as ex:
            err(f"{f}: not valid UTF-8 ({ex})")
            continue
        if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw:
            err(f"{f}: BOM or CR present")
        if not f.startswith(e["language"] + "_"):
            err(f"{f}: language {e['language']} does not match file name")

        lines = [ln for ln in text.split("\n") if ln.strip()]
        for ln in lines:
            if ln != ln.strip():
                err(f"{f}: line has surrounding whitespace: {ln!r}")
        title, bp, paras = e["title"], e["boilerplate_lines"], e["paragraphs"]
        # each line belongs to exactly one category
        cats = [{title}, set(bp), set(paras)]
        for i in range(3):
            for j in range(i + 1, 3):
                if cats[i] & cats[j]:
                    err(f"{f}: line in two categories: {cats[i] & cats[j]}")
        n_title = lines.count(title)
        if n_title < 1:
            err(f"{f}: title not found")
        if Counter(lines) != Counter([title] * n_title + bp + paras):
            diff = (Counter(lines) - Counter([title] * n_title + bp + paras)) + \
                   (Counter([title] * n_title + bp + paras) - Counter(lines))
            err(f"{f}: lines not covered exactly once: {list(diff)}")
        if [ln for ln in lines if ln in set(paras)] != paras:
            err(f"{f}: paragraphs not in file order")
        if [ln for ln in lines if ln in set(bp)] != bp:
            err(f"{f}: boilerplate not in file order")
        if title.endswith(TERMINAL):
            err(f"{f}: title ends with punctuation")

        # paragraph / subheading shape
        full = 0
        for p in paras:
            n = len(p.split())
            if p.endswith(TERMINAL):
                full += 1
                if not 15 <= n <= 60:
                    err(f"{f}: paragraph has {n} words: {p[:40]}")
            elif not 2 <= n <= 6:
                err(f"{f}: subheading has {n} words: {p}")
        if not 3 <= full <= 8:
            err(f"{f}: {full} full paragraphs")

        # dates
        all_dates = set().union(*(dates_in(ln) for ln in lines))
        pd = e["published_date"]
        if pd is None:
            if all_dates or re.search(r"\d{4}", text.translate(INDIC)):
                err(f"{f}: undated file mentions a date/year: {all_dates}")
        else:
            bp_dates = set().union(*(dates_in(ln) for ln in bp))
            if date.fromisoformat(pd) not in bp_dates:
                err(f"{f}: published_date {pd} not found in boilerplate {bp_dates}")
            for p in paras + [title]:
                if dates_in(p):
                    err(f"{f}: body/title contains a full date: {p[:40]}")

        # source attribution
        if e["source"] is not None and not any(e["source"] in ln for ln in bp):
            err(f"{f}: source {e['source']!r} not in any boilerplate line")

    # duplicate groups: identical title and paragraphs, different outlets
    groups = {}
    for e in expected:
        if e["duplicate_group"]:
            groups.setdefault(e["duplicate_group"], []).append(e)
    for g, members in groups.items():
        if len(members) < 2:
            err(f"group {g} has one member")
        a = members[0]
        for b in members[1:]:
            if a["title"] != b["title"] or a["paragraphs"] != b["paragraphs"]:
                err(f"group {g}: {a['file']} and {b['file']} differ in title/paragraphs")
            if a["source"] == b["source"] or a["boilerplate_lines"] == b["boilerplate_lines"]:
                err(f"group {g}: {a['file']} and {b['file']} share source/boilerplate")
    print("duplicate groups:", {g: [m["file"] for m in ms] for g, ms in groups.items()})

    # same title without a group must not share any paragraph
    by_title = {}
    for e in expected:
        by_title.setdefault(e["title"], []).append(e)
    for t, ms in by_title.items():
        if len(ms) > 1 and len({m["duplicate_group"] for m in ms}) == 1 \
                and ms[0]["duplicate_group"] is None:
            paras = [set(m["paragraphs"]) for m in ms]
            if set.intersection(*paras):
                err(f"same-title non-duplicates share paragraphs: {[m['file'] for m in ms]}")
            print(f"same title, different stories: {[m['file'] for m in ms]}")

    if errors:
        print("FAILED")
        for m in errors:
            print(" -", m)
        sys.exit(1)
    print("OK: all checks passed")


if __name__ == "__main__":
    main()
