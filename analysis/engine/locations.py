"""Places named in a parsed Doc, geocoded offline."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from ..types import Location
from . import countries, places
from .actors import ActorIndex, clean_name, role_nouns
from .places import PLACE_LABELS

CONTEXT_LABELS = {"NORP"}  # "Syrian": no place, but it tells which country the article is about
MAX_COUNTRY_TOKENS = 4  # "Bosnia and Herzegovina"; longer names tagged PERSON or ORG are no country
LOCATIVE = {"in", "at", "near", "outside", "from", "to", "across", "around", "inside", "into"}


def place_mentions(
    doc: Doc, actors: ActorIndex | None = None, used: frozenset[str] = frozenset()
) -> list[Span | tuple[str, str]]:
    """Place-name mentions in text order: entities tagged as places, plus names after a locative preposition
    that the model tagged as something else or not at all ("in Mathare", "in Pernambuco"); those are kept
    only when the gazetteer knows them. A name the actor index holds for a person is no place ("Rojas"
    tagged GPE once is the minister); one it holds for a body is a place only if the gazetteer knows it."""
    out: list[tuple[int, Span | tuple[str, str]]] = []
    seen = set()
    nouns = role_nouns()
    for e in doc.ents:
        if e.label_ in {"PERSON", "ORG"} and _country_or_capital(e) and not _a_persons_name(e, actors):
            seen.update(range(e.start, e.end))  # "Slovakia's prime minister" tagged ORG, "Warsaw" tagged PERSON
            out.append((e.start, (clean_name(e.text), "ORG")))
            continue
        if e.label_ in {"PERSON", "ORG"} and len(e) > 1 and actors is not None and actors.actor_type(e, used) is None:
            seen.update(range(e.start, e.end))  # counted once, not again after a locative preposition below
            out.append((e.start, (e.text, "ORG")))  # "Porto Alegre" tagged PERSON: a place if the gazetteer knows it
            continue
        if e.label_ in PLACE_LABELS | CONTEXT_LABELS:
            seen.update(range(e.start, e.end))
            kind = actors.actor_type(e, used) if actors is not None else None
            if kind == "ORG":
                out.append((e.start, (e.text, "ORG")))  # a place only if the gazetteer knows it
            elif kind != "PERSON":
                out.append((e.start, e))
    for tok in doc:
        if tok.i in seen or tok.dep_ != "pobj" or tok.pos_ != "PROPN" or tok.head.lower_ not in LOCATIVE:
            continue
        if tok.lower_ in nouns or (
            actors is not None and actors.actor_type(tok.doc[tok.i : tok.i + 1], used) == "PERSON"
        ):
            continue
        start = tok.i
        while (
            start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" and start - 1 not in seen
        ):
            start -= 1
        span = doc[start : tok.i + 1]
        out.append((start, (span.text, "ORG")))  # kept only when the gazetteer knows the name
    return [m for _, m in sorted(out, key=lambda x: x[0])]


def _country_or_capital(e: Span) -> bool:
    """A country or a capital, whatever the model tagged it: the name of a place before anything else."""
    return len(e) <= MAX_COUNTRY_TOKENS and _is_country_or_capital(clean_name(e.text))


@lru_cache(maxsize=4096)
def _is_country_or_capital(name: str) -> bool:
    return bool(name) and bool(countries.country_for(name) or countries.capital_country(name))


def _a_persons_name(e: Span, actors: ActorIndex | None) -> bool:
    """The name (or surname) of a person the article names in full: "Jordan" after "Michael Jordan"."""
    if actors is None:
        return False
    name = clean_name(e.text)
    return any(a.type == "PERSON" and a.name != name and a.name.split()[-1] == name for a in actors.actors())


def find_locations(doc: Doc, actors: ActorIndex | None = None, used: frozenset[str] = frozenset()) -> list[Location]:
    """Every place the text names, in order of first mention, with country and coordinates when known.

    used: the actors that speak or are addressed, whose names are never places.
    """
    return places.resolve_places(place_mentions(doc, actors, used))
