"""Boilerplate lines of a news page (related links, editor's notes, corrections, photo captions, bylines) are
not the story: a statement that begins on one is dropped. The line patterns are data (data/boilerplate.txt)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..config import DATA_DIR
from ..errors import LexiconError
from ..types import Statement

BOILERPLATE_PATH = DATA_DIR / "boilerplate.txt"
MAX_BYLINE_WORDS = 6
_BYLINE = re.compile(r"(?i)\Aby\s+[A-Z][\w.'’-]*(\s+[\w.'’-]+)*\s*\Z")


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes, fragments): a line starting with a prefix, or holding a fragment, is boilerplate.

    Raises:
        LexiconError: on a row whose kind is neither prefix nor contains.
    """
    prefixes, fragments = [], []
    for n, line in enumerate(BOILERPLATE_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, words = line.partition("\t")
        if kind not in {"prefix", "contains"} or not words.strip():
            raise LexiconError(f"{BOILERPLATE_PATH}, line {n}: expected 'prefix|contains<TAB>words', got {line!r}")
        (prefixes if kind == "prefix" else fragments).append(words.strip().lower())
    return tuple(prefixes), tuple(fragments)


def is_boilerplate(line: str) -> bool:
    """Is this line of the text a related link, a note, a correction, a caption or a byline?"""
    line = line.strip().lstrip("*•#>-–— ").lower()
    prefixes, fragments = boilerplate_patterns()
    if line.startswith(prefixes) or any(f in line for f in fragments):
        return True
    return bool(_BYLINE.match(line)) and len(line.split()) <= MAX_BYLINE_WORDS


def drop_boilerplate(text: str, statements: list[Statement]) -> list[Statement]:
    """The statements that do not begin on a boilerplate line."""
    out = []
    for s in statements:
        start = text.rfind("\n", 0, s.start) + 1
        end = text.find("\n", start)
        if not is_boilerplate(text[start : end if end >= 0 else len(text)]):
            out.append(s)
    return out
