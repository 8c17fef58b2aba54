"""Quotation spans in raw text: curly, straight and angle quotes, including quotes that run over sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'
# An opening straight quote sits at a start or after a space/bracket; a closing one follows a word or punctuation.
_PARA = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Quote:
    """Character offsets of the quoted text (without the marks) and of the whole quotation with marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def find_quotes(text: str) -> list[Quote]:
    """Quotations in text order. An opening mark left unclosed closes at the end of its paragraph,
    unless the next paragraph reopens it (the news convention for a quote over several paragraphs)."""
    quotes: list[Quote] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        closer = OPEN_CLOSE.get(ch)
        if closer is None and ch == STRAIGHT and _opens(text, i):
            closer = STRAIGHT
        if closer is None:
            i += 1
            continue
        j = _find_close(text, i + 1, closer)
        if j is None:
            i += 1
            continue
        inner_s, inner_e = _strip(text, i + 1, j)
        closed = j < n and text[j] == closer
        if inner_e > inner_s:
            quotes.append(Quote(inner_s, inner_e, i, j + 1 if closed else j))
        i = j + 1
    return quotes


def _opens(text: str, i: int) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:") and not nxt.isspace()


def _find_close(text: str, k: int, closer: str) -> int | None:
    """Offset of the closing mark, or of the end of an unclosed paragraph (None when the quote is empty)."""
    n = len(text)
    while k < n:
        ch = text[k]
        if ch == closer and (closer != STRAIGHT or not _opens(text, k)):
            return k
        if ch == "\n":
            # A quote over several paragraphs reopens at the next paragraph's start; otherwise it ends here.
            m = k
            while m < n and text[m].isspace():
                m += 1
            if m < n and (text[m] in OPEN_CLOSE or text[m] == STRAIGHT):
                k = m + 1
                continue
            return k
        k += 1
    return n if k > 0 else None


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim spaces and a trailing comma inside the marks: “... ,” → ..."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e
