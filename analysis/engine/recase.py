"""Title-case headlines, parsed as sentence case and given back their own letters.

The model learned from sentence-case copy. On "Kerry Warns Russia Over Syria" it takes "Kerry Warns Russia" for
one person, and the confusion spills into the first line of the body. So the text is parsed with the common words
of such a headline in lower case ("Kerry warns Russia over Syria"), then the Doc is rebuilt over the text as
written with the annotations of that parse. Only letters change case, so every offset stays the same.

A headline word is common when the body writes it in lower case more often than capitalised, when it is a
function word the body never capitalises inside a sentence, or when it is an inflection of a cue ("Warns").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from .nlp import headline

MIN_TITLE_WORDS = 3
TITLE_SHARE = 0.75  # of the headline's words of four letters or more, this share must be capitalised
WORD = re.compile(r"\b[A-Za-z]+(?:['’][a-z]+)?\b")
SUFFIXES = ("", "s", "es", "ed", "d", "ing")
ANNOTATIONS = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]


def sentence_case(text: str, is_cue: Callable[[str], bool] = lambda w: False) -> str:
    """The text with the common words of a title-case headline in lower case; the text itself otherwise.

    is_cue: whether a lower-case word is a cue lemma ("warn"), so that its inflections are lowered too.
    """
    title = headline(text)
    if title is None:
        return text
    words = list(WORD.finditer(title))
    long_words = [m.group() for m in words if len(m.group()) >= 4]
    if len(words) < MIN_TITLE_WORDS or not long_words:
        return text
    if sum(w[0].isupper() for w in long_words) < TITLE_SHARE * len(long_words):
        return text
    start = text.index(title)
    body = text[start + len(title) :]
    out = list(text)
    for m in words[1:]:  # the first word is capitalised as any sentence's is
        word = m.group()
        if len(word) < 2 or not word[0].isupper() or not word[1:].islower():
            continue  # "A", "US", "McCain": as written
        low = word.lower()
        if _common(low, word, body, is_cue):
            out[start + m.start()] = low[0]
    return "".join(out)


def _common(low: str, word: str, body: str, is_cue: Callable[[str], bool]) -> bool:
    lower = len(re.findall(rf"\b{re.escape(low)}\b", body))
    capital_inside = len(re.findall(rf"(?<=[a-z,;] ){re.escape(word)}\b", body))
    if lower > capital_inside:
        return True
    if capital_inside:
        return False
    return low in STOP_WORDS or any(low.endswith(s) and is_cue(low[: len(low) - len(s)]) for s in SUFFIXES if s)


def with_text(doc: Doc, text: str) -> Doc:
    """The parsed Doc over the text as written: the same tokens and annotations, the original letters."""
    if doc.text == text:
        return doc
    words = [text[t.idx : t.idx + len(t)] for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    out = Doc(doc.vocab, words=words, spaces=spaces)
    out.from_array(ANNOTATIONS, doc.to_array(ANNOTATIONS))
    return out
