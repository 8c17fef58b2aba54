"""The date, outlet and title a plain text states at its top: front matter and datelines.

Front matter is a run of `key: value` lines that opens the file (or the same inside `---` lines): `date:`,
`outlet:` or `source:`, `title:`, `author:` (the keys of a table's columns, readers.tables.FIELD_ALIASES).
A dateline opens the story's first paragraph ("ROTTERDAM, March 4, 2026 — …"), or a line holds only a date
("March 4, 2026", "4 March 2026", "2026-03-04").

A date is taken only when it gives day, month and year. A dateline without a year ("ROTTERDAM, March 4 —")
leaves the article undated: the year is not guessed from today's date, nor from other dates in the story; the
uploader's batch date fills it in when the analyst gives one. Nothing here changes the text: offsets of the
analysis index the text as read. Dates are read by `dateparser` with its English data only, which is installed
with the package: nothing is downloaded.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from .readers.tables import match_fields

HEAD_LINES = 6  # the non-blank lines searched for a dateline or a date line
FRONT_LINES = 12  # the most key: value lines front matter may have
MAX_FRONT_CHARS = 2000
MAX_DATE_CHARS = 60  # a dateline's date part, or a date line, is short
YEARS = range(1900, 2101)

_KEY_VALUE = re.compile(r"[ \t]*([A-Za-z][\w .-]{0,30}?)[ \t]*:[ \t]*(.*?)[ \t]*")
_DASH = re.compile(r"\s(?:—|–|--|-)\s")  # the dash that closes a dateline
_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
_LETTERS = re.compile(r"[A-Za-z]{3,}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Header:
    """What the top of a text says about it; None where it says nothing. `front_end` is where front matter
    ends in the text (0: none)."""

    date: str | None = None  # YYYY-MM-DD
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    front_end: int = 0


def read_header(text: str) -> Header:
    """The front matter's fields, and the date of a dateline or a date line when the front matter gives none."""
    fields, end = front_matter(text)
    day = _full_date(fields["date"]) if fields.get("date") else None
    if day is None:
        day = dateline_date(text[end:])
    return Header(date=day, outlet=fields.get("outlet") or None, title=fields.get("title") or None,
                  author=fields.get("author") or None, front_end=end)


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """({field: value}, end offset) of the `key: value` lines that open the text, inside `---` lines or not.
    Only keys that name an article field count; a first line that is not one means there is no front matter."""
    head = text[:MAX_FRONT_CHARS]
    lines = head.splitlines(keepends=True)
    fenced = bool(lines) and lines[0].strip() == "---"
    values: dict[str, str] = {}
    offset = len(lines[0]) if fenced else 0
    for line in lines[int(fenced):FRONT_LINES + int(fenced)]:
        if fenced and line.strip() == "---":
            offset += len(line)
            break
        m = _KEY_VALUE.fullmatch(line.rstrip("\r\n"))
        if not m or not match_fields([m.group(1)]) or "text" in match_fields([m.group(1)]):
            if fenced:
                return {}, 0  # an unclosed or foreign block: not front matter
            break
        values[m.group(1)] = m.group(2).strip("\"'")
        offset += len(line)
    else:
        if fenced:
            return {}, 0
    if not values:
        return {}, 0
    return {field: values[key] for field, key in match_fields(values).items()}, offset


def dateline_date(text: str) -> str | None:
    """The full date (YYYY-MM-DD) of a dateline or a line that holds only a date, among the first lines."""
    lines = [line.strip() for line in text[:4000].splitlines() if line.strip()][:HEAD_LINES]
    for line in lines:
        for candidate in _candidates(line):
            if day := _full_date(candidate):
                return day
    return None


def _candidates(line: str) -> list[str]:
    """The parts of a line that may hold its date: the whole line when short, and the comma-separated tails of
    a dateline ("ROTTERDAM, March 4, 2026" → "2026", "March 4, 2026", …)."""
    out = [line] if len(line) <= MAX_DATE_CHARS else []
    dash = _DASH.search(line[: MAX_DATE_CHARS + 40])
    if dash and line[:1].isupper():
        parts = line[: dash.start()].split(",")
        out += [",".join(parts[i:]).strip() for i in range(1, len(parts))]
    return [c for c in out if len(c) <= MAX_DATE_CHARS and _YEAR.search(c) and (_LETTERS.search(c) or _ISO.search(c))]


def _full_date(value: str) -> str | None:
    """YYYY-MM-DD when `value` is a date with day, month and year; None otherwise (never a guessed part)."""
    value = value.strip()
    if not value or len(value) > MAX_DATE_CHARS or not _YEAR.search(value):
        return None
    if _ISO.match(value):  # 2026-03-04, or 2026-03-04T10:00:00Z in front matter
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return None
        return day.isoformat() if day.year in YEARS else None
    parsed = _parser()(value, languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"], "STRICT_PARSING": True,
        "DATE_ORDER": "MDY"})
    return parsed.date().isoformat() if parsed is not None and parsed.year in YEARS else None


@functools.cache
def _parser():
    """dateparser.parse, imported once and only when a text has a date to read (the import takes ~0.3 s)."""
    import dateparser

    return dateparser.parse
