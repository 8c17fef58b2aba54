"""Statements in the headline: "Minister says talks will resume", "Roe: the board is stalling".

Headline copy is terse and often in title case, so the model may take the cue for part of a name ("Kerry Says"
as one person). A headline statement whose speaker ends in its own cue word is given back the name alone,
resolved to the actor of that surname in the article. A headline "NAME: WORDS" (a speaker, a colon, what they
said) is a statement too when the words before the colon name an actor of the article or a document ("Poll:"),
not a label ("The Latest:", "Watch:", "Bombshell:"); "Roe on the strike: ..." and "Roe to the board: ..." are Roe's.
A headline that puts its speaker last ("Talks will resume, minister says") is a statement of that speaker.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..config import DATA_DIR
from ..types import Statement
from .actors import ActorIndex, clean_name
from .documents import document_nouns
from .lexicon import Lexicon, load_lexicon
from .names import role_nouns
from .nlp import headline

LABELS_PATH = DATA_DIR / "headline_labels.txt"
MAX_SPEAKER_WORDS = 5
MIN_CONTENT_WORDS = 3
_COLON = re.compile(r"\A\s*([^:\n]{2,60}?)\s*:\s+(\S.*?)\s*\Z")
# "Roe on the strike:", "Roe to the board:", "A lesson from Roe:": the name before (or after "from") the phrase
_TOPIC = re.compile(r"\s+(to|on|about|over|after|at|in|for|from|by)\s+", re.I)
# "Talks will resume, minister says.": what was said, a comma, the speaker, one cue word
_SPEAKER_LAST = re.compile(r"\A\s*(\S.*?\S),\s+([^,]{2,60}?)\s+([A-Za-z]+)[.!]?\s*\Z")


@lru_cache(maxsize=1)
def headline_labels() -> frozenset[str]:
    """Words before a colon that label a story instead of naming a speaker (data/headline_labels.txt)."""
    lines = LABELS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def headline_statements(
    text: str, statements: list[Statement], actors: ActorIndex, lexicon: Lexicon | None = None
) -> list[Statement]:
    """The statements with the headline's ones mended, plus a "NAME: WORDS" headline and a headline that names
    its speaker last as statements.

    text: the Doc's text (read once by the caller: Doc.text joins every token at each access)."""
    title = headline(text)
    if title is None:
        return statements
    start = text.index(title)
    end = start + len(title)
    out = [_mend_speaker(s, actors, text, title, start) if s.start < end else s for s in statements]
    in_title = [s for s in out if s.start < end]
    colon = _colon_statement(title, start, actors)
    if colon is not None and not any(s.cue_start < colon.cue_start for s in in_title):
        out.append(colon)  # a statement found inside the words after the colon is reported by the name before it
    elif not in_title:
        last = _speaker_last(title, start, actors, lexicon or load_lexicon())
        if last is not None:
            out.append(last)
    return sorted(out, key=lambda s: (s.start, s.cue_start, s.speaker or ""))


def _mend_speaker(s: Statement, actors: ActorIndex, text: str, title: str, offset: int) -> Statement:
    """ "Kerry Says" said → Kerry (John Kerry when the article names him); "The Latest: Kerry says", whose
    speaker the model took to be the label, → the words between the label's colon and the cue."""
    words = (s.speaker or "").split()
    cue = s.cue.split()[-1].lower() if s.cue else ""
    if (s.speaker or "").lower() in headline_labels() and ":" in title:
        colon = offset + title.index(":")
        who = text[colon + 1 : s.cue_start].strip()
        if colon < s.cue_start and who[:1].isupper() and len(who.split()) <= MAX_SPEAKER_WORDS:
            return replace(s, speaker=_canonical(clean_name(who), actors), speaker_text=who)
        return s
    if len(words) < 2 or words[-1].lower() != cue:
        return s
    name = " ".join(words[:-1])
    return replace(s, speaker=_canonical(name, actors))


def _canonical(name: str, actors: ActorIndex) -> str:
    """The article's actor that this headline name stands for: a person's full name ending in it, else the
    actor that has it as a form, else the name as written."""
    return _known(name, actors) or name


def _known(name: str, actors: ActorIndex, body: int | None = None) -> str | None:
    """The article's person, body or country that a headline name stands for, None when it names none.
    body: where the story starts after its headline, to ask for an actor that the story mentions too (the
    model may take a title-case phrase of the headline alone for a name)."""
    words = name.split()
    if not words:
        return None
    found = [a for a in actors.actors() if body is None or _in_story(a.name, actors, body)]
    for actor in found:
        full = actor.name.split()
        if actor.type == "PERSON" and len(full) > len(words) and full[-len(words) :] == words:
            return actor.name
    for actor in found:
        if actor.name == name or name in actor.aliases:
            return actor.name
    return None


def _in_story(name: str, actors: ActorIndex, body: int) -> bool:
    c = actors.clusters.get(name)
    return c is not None and (c.mentions > 1 or actors.doc[c.first].idx >= body)


def _colon_speaker(who: str, actors: ActorIndex, body: int) -> tuple[str, str | None] | None:
    """(speaker, target) of the words before a headline's colon, None when they name no one: an actor of the
    article ("Roe", "Roe on the strike", "Roe to the board" aimed at the board, "A lesson from Roe"), the
    leading name of a phrase ("Roe Answers Critics"), or a document or role noun ("Poll", "Judge")."""
    name = clean_name(who)
    topic = _TOPIC.search(name)
    if topic is not None and topic.group(1).lower() in {"from", "by"}:
        known = _known(clean_name(name[topic.end() :]), actors, body)
        if known:
            return known, None
    known = _known(name, actors, body)
    if known:
        return known, None
    if topic is not None:
        before, after = name[: topic.start()], clean_name(name[topic.end() :])
        known = _known(before, actors, body)
        if known:
            to = (_known(after, actors) or after) if topic.group(1).lower() == "to" else None
            return known, to
    words = name.split()
    for n in range(len(words) - 1, 0, -1):
        known = _known(" ".join(words[:n]), actors, body)
        if known:
            return known, None
    head = words[-1].lower() if words else ""
    if head in document_nouns() or role_nouns().get(head) == "person":
        return name, None
    return None


def _colon_statement(title: str, offset: int, actors: ActorIndex) -> Statement | None:
    match = _COLON.match(title)
    if match is None:
        return None
    who, said = match.group(1), match.group(2)
    words = who.split()
    if (
        len(words) > MAX_SPEAKER_WORDS + 2
        or not who[0].isupper()
        or who.lower().strip(" .") in headline_labels()
        or len(said.split()) < MIN_CONTENT_WORDS
    ):
        return None
    speaker = _colon_speaker(who, actors, offset + len(title))
    if speaker is None:
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
        speaker=speaker[0],
        cue=":",
        stance="say",
        target=speaker[1],
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


def _speaker_last(title: str, offset: int, actors: ActorIndex, lexicon: Lexicon) -> Statement | None:
    """ "Talks will resume, minister says.": a headline whose last word is a cue and whose speaker follows the
    last comma is that speaker's statement of the words before the comma."""
    match = _SPEAKER_LAST.match(title)
    if match is None:
        return None
    said, who, cue = match.group(1), match.group(2), match.group(3)
    low = cue.lower()
    forms = [low, low[:-1], low[:-2]] if low.endswith("s") else []
    entry = next((c for f in forms for c in lexicon.candidates(f) if c.phrase == f and not c.evidence), None)
    if entry is None or len(who.split()) > MAX_SPEAKER_WORDS or len(said.split()) < MIN_CONTENT_WORDS:
        return None
    if not (who[:1].isupper() or role_nouns().get(who.split()[-1].lower()) == "person"):
        return None
    content = said.strip()
    quoted = content[:1] in "“\"‘'" and content[-1:] in "”\"’'"
    if quoted:
        content = content[1:-1]
    c_start = offset + match.start(1) + (1 if quoted else 0)
    cue_start = offset + match.start(3)
    return Statement(
        speaker=_canonical(clean_name(who), actors),
        cue=cue,
        stance=entry.stance,
        target=None,
        content=content,
        direct=quoted,
        start=offset,
        end=offset + len(title),
        cue_start=cue_start,
        cue_end=cue_start + len(cue),
        content_start=c_start,
        content_end=c_start + len(content),
        speaker_text=who,
        sentence=title,
    )
