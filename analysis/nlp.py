"""Loading the spaCy pipeline once per process."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .config import MODEL_NAME


@lru_cache(maxsize=1)
def load_pipeline(name: str = MODEL_NAME) -> Language:
    """Load the English pipeline installed as a Python package (never downloaded at run time).

    Raises:
        OSError: when the model package is not installed.
    """
    return spacy.load(name)
