"""Statements in the headline: "Minister says talks will resume", "Roe: the board is stalling".

Headline copy is terse and often in title case, so the model may take the cue for part of a name ("Kerry Says"
as one person). A headline statement whose speaker ends in its own cue word is given back the name alone,
resolved to the actor of that surname in the article. A headline "NAME: WORDS" (a speaker, a colon, what they
said) is a statement too, unless the words before the colon label the story ("The Latest:", "Watch:").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..config import DATA_DIR
from ..types import Statement
from .actors import ActorIndex, clean_name
from .nlp import headline

LABELS_PATH = DATA_DIR / "headline_labels.txt"
MAX_SPEAKER_WORDS = 5
MIN_CONTENT_WORDS = 3
_COLON = re.compile(r"\A\s*([^:\n]{2,60}?)\s*:\s+(\S.*?)\s*\Z")


@lru_cache(maxsize=1)
def headline_labels() -> frozenset[str]:
    """Words before a colon that label a story instead of naming a speaker (data/headline_labels.txt)."""
    lines = LABELS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def headline_statements(text: str, statements: list[Statement], actors: ActorIndex) -> list[Statement]:
    """The statements with the headline's ones mended, plus a "NAME: WORDS" headline as a statement.

    text: the Doc's text (read once by the caller: Doc.text joins every token at each access)."""
    title = headline(text)
    if title is None:
        return statements
    start = text.index(title)
    end = start + len(title)
    out = [_mend_speaker(s, actors) if s.start < end else s for s in statements]
    if not any(s.start < end for s in out):
        colon = _colon_statement(title, start, actors)
        if colon is not None:
            out.append(colon)
    return sorted(out, key=lambda s: (s.start, s.cue_start, s.speaker or ""))


def _mend_speaker(s: Statement, actors: ActorIndex) -> Statement:
    """ "Kerry Says" said → Kerry (John Kerry when the article names him)."""
    words = (s.speaker or "").split()
    cue = s.cue.split()[-1].lower() if s.cue else ""
    if len(words) < 2 or words[-1].lower() != cue:
        return s
    name = " ".join(words[:-1])
    return replace(s, speaker=_canonical(name, actors))


def _canonical(name: str, actors: ActorIndex) -> str:
    """The article's actor that this headline name stands for: a person's full name ending in it, else the
    actor that has it as a form, else the name as written."""
    words = name.split()
    for actor in actors.actors():
        full = actor.name.split()
        if actor.type == "PERSON" and len(full) > len(words) and full[-len(words):] == words:
            return actor.name
    for actor in actors.actors():
        if actor.name == name or name in actor.aliases:
            return actor.name
    return name


def _colon_statement(title: str, offset: int, actors: ActorIndex) -> Statement | None:
    match = _COLON.match(title)
    if match is None:
        return None
    who, said = match.group(1), match.group(2)
    words = who.split()
    if (
        len(words) > MAX_SPEAKER_WORDS
        or not who[0].isupper()
        or who.lower().strip(" .") in headline_labels()
        or len(said.split()) < MIN_CONTENT_WORDS
    ):
        return None
    c_start = offset + match.start(2)
    c_end = offset + match.end(2)
    content = said.rstrip(" .")
    c_end -= len(said) - len(content)
    colon = offset + match.end(1) + title[match.end(1):].index(":")
    quoted = content[:1] in "“\"‘'" and content[-1:] in "”\"’'"
    if quoted:
        content = content[1:-1]
    return Statement(
        speaker=_canonical(clean_name(who), actors),
        cue=":",
        stance="say",
        target=None,
        content=content,
        direct=quoted,
        start=offset,
        end=offset + len(title),
        cue_start=colon,
        cue_end=colon + 1,
        content_start=c_start,
        content_end=c_end,
        speaker_text=who,
        sentence=title,
    )
