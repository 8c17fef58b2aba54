"""Quotation spans in raw text: curly, straight, angle and low-high quotes, the double apostrophe ('' ... '')
and single outer quotes (‘...’ and '...'), including quotes that run over sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", "``": "''", "‹": "›"}
STRAIGHT = '"'
DOUBLE_APOSTROPHE = "''"  # a house style of some newspapers: ''We will win,'' she said.
SINGLE_OPEN_CLOSE = {"‘": "’", "'": "'"}
# An opening straight quote sits at a start or after a space/bracket; a closing one follows a word or punctuation.
_MARK = re.compile("[" + re.escape("".join({*OPEN_CLOSE, *SINGLE_OPEN_CLOSE, STRAIGHT, "`"})) + "]")


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
    """Quotations in text order. An opening double mark left unclosed closes at the end of its paragraph,
    unless the next paragraph reopens it (the news convention for a quote over several paragraphs).

    Single marks (‘...’, '...') count only as outer quotes of two words or more that close in their own
    paragraph, so apostrophes ("it's", "the ’90s", "rock 'n' roll") are never taken for quotations."""
    quotes: list[Quote] = []
    i, n = 0, len(text)
    while i < n:
        mark = _MARK.search(text, i)  # jump to the next character that may open a quotation
        if mark is None:
            break
        i = mark.start()
        opener, closer = _opening(text, i)
        if closer is None:
            i += 1
            continue
        inner = i + len(opener)
        if closer in SINGLE_OPEN_CLOSE.values() and opener in SINGLE_OPEN_CLOSE:
            j = _find_single_close(text, inner, closer)
            if j is None or len(text[inner:j].split()) < 2:
                i += 1
                continue
        else:
            j = _find_close(text, inner, closer)
        if j is None:
            i += 1
            continue
        inner_s, inner_e = _strip(text, inner, j)
        closed = text.startswith(closer, j) or closer in {"”", STRAIGHT} and text[j : j + 1] in {"”", STRAIGHT}
        if inner_e > inner_s:
            quotes.append(Quote(inner_s, inner_e, i, j + len(closer) if closed else j))
        i = j + (len(closer) if closed else 1)
    return quotes


def _opening(text: str, i: int) -> tuple[str, str | None]:
    """(opening mark, its closing mark) when a quotation opens at i, else ("", None)."""
    ch = text[i]
    pair = text[i : i + 2]
    if pair in OPEN_CLOSE:
        return pair, OPEN_CLOSE[pair]
    if pair == DOUBLE_APOSTROPHE:
        return (pair, pair) if _opens(text, i, 2) else ("", None)
    if ch in OPEN_CLOSE:
        return ch, OPEN_CLOSE[ch]
    if ch == STRAIGHT:
        return (ch, ch) if _opens(text, i) else ("", None)
    if ch in SINGLE_OPEN_CLOSE and _opens(text, i) and i + 1 < len(text) and text[i + 1].isalpha():
        return ch, SINGLE_OPEN_CLOSE[ch]
    return "", None


def _opens(text: str, i: int, width: int = 1) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[i + width] if i + width < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:") and not nxt.isspace() and nxt not in "'\""


def _closes_single(text: str, k: int) -> bool:
    """A single mark closes after a word or punctuation and before anything but a letter ("don't" is no close)."""
    prev = text[k - 1]
    nxt = text[k + 1] if k + 1 < len(text) else " "
    return not prev.isspace() and not nxt.isalnum()


def _find_single_close(text: str, k: int, closer: str) -> int | None:
    """Offset of the closing single mark in the same paragraph, or None."""
    n = len(text)
    while k < n:
        ch = text[k]
        if ch == "\n":
            return None
        if ch == closer and _closes_single(text, k) and not text.startswith(DOUBLE_APOSTROPHE, k):
            return k
        k += 1
    return None


def _reopens(text: str, m: int) -> bool:
    """A paragraph starting at m opens with a double quotation mark."""
    return text.startswith(DOUBLE_APOSTROPHE, m) or text[m] in OPEN_CLOSE or text[m] == STRAIGHT


def _closes_straight(text: str, k: int) -> bool:
    """A straight mark at k closes: it follows a word or punctuation and comes before a space, punctuation or
    the end of the text."""
    nxt = text[k + 1] if k + 1 < len(text) else " "
    return k > 0 and not text[k - 1].isspace() and (nxt.isspace() or nxt in ",.;:!?)—–-")


def _find_close(text: str, k: int, closer: str) -> int | None:
    """Offset of the closing mark, or of the end of an unclosed paragraph (None when the quote is empty)."""
    n = len(text)
    symmetric = closer in {STRAIGHT, DOUBLE_APOSTROPHE}
    # “...," she said and "...” she said: quotations opened and closed by different marks, as careless copy has
    # them; a straight pair inside a curly quotation (“it is "fine" now”) is a quotation within it
    other = {"”": STRAIGHT, STRAIGHT: "”"}.get(closer)
    stop = re.compile(re.escape(closer) + (f"|{other}" if other else "") + "|\n")
    nested = False
    while k < n:
        found = stop.search(text, k)  # only a closing mark or a line end can end the quotation
        if found is None:
            k = n
            break
        k = found.start()
        ch = text[k]
        if text.startswith(closer, k) and (not symmetric or not _opens(text, k, len(closer))):
            return k
        if ch == other == STRAIGHT:
            if _opens(text, k) and not nested:
                nested = True
            elif nested:
                nested = False
            elif _closes_straight(text, k):
                return k
        elif ch == other:
            return k
        if ch == "\n":
            # A quote over several paragraphs reopens at the next paragraph's start; otherwise it ends here.
            m = k
            while m < n and text[m].isspace():
                m += 1
            if m < n and _reopens(text, m):
                k = m + (2 if text.startswith(DOUBLE_APOSTROPHE, m) or text.startswith("``", m) else 1)
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
