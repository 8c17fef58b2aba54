"""Loading the spaCy pipeline once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import MODEL_NAME

HEADLINE_STOP_WORDS = 20  # a first line that ends with a full stop is a headline only when it is this short


def headline(text: str) -> str | None:
    """The headline: a first line of at most 200 characters followed by more text, with no final stop, or a
    short one with a final stop standing alone as its own paragraph ("Council backs new bridge.")."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if not rest.strip() or not 0 < len(first) <= 200:
        return None
    if not first.endswith((".", "!", "?", "”", '"')):
        return first
    if first.endswith(".") and rest.startswith("\n") and len(first.split()) <= HEADLINE_STOP_WORDS:
        return first
    return None


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so a headline or a paragraph never runs into the next."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_pipeline(name: str = MODEL_NAME) -> Language:
    """Load the English pipeline installed as a Python package (never downloaded at run time).

    Raises:
        OSError: when the model package is not installed.
    """
    nlp = spacy.load(name)
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
