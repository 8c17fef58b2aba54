"""Places named in a parsed Doc, geocoded offline."""
from __future__ import annotations

from spacy.tokens import Doc

from . import places
from .actors import clean_name
from .types import Location

PLACE_LABELS = {"GPE", "LOC", "FAC"}


def find_locations(doc: Doc) -> list[Location]:
    """Every place the text names, in order of first mention, with country and coordinates when known."""
    mentions = [clean_name(e.text) for e in doc.ents if e.label_ in PLACE_LABELS]
    return places.resolve_places([m for m in mentions if m])
