"""Transcript turns: a paragraph that opens with a speaker's label in capitals and a colon ("SMITH: We will
not sign it.") is a statement of that speaker, its content the rest of the paragraph."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ...types import Statement
from ..actors import ActorIndex
from ..headlines import headline_labels
from .quoting import QUOTE_MARKS

# A label of one to three words in capitals ("JONES", "JAKE TAPPER", "O'BRIEN") opening a paragraph, after an
# optional opening quote mark, then a colon and the words said.
TURN = re.compile(
    rf"^[ \t]*[{QUOTE_MARKS}]?((?:[A-Z][A-Z.'’-]*[ \t]+){{0,2}}[A-Z][A-Z.'’-]*[A-Z])[ \t]*:[ \t]+(\S[^\n]*)$",
    re.MULTILINE,
)
MIN_TURN_WORDS = 3
# A round-up line that gives a name in title case after a dash, then a colon ("BUDGET TALKS - Jane Roe: “…”").
# Only a label that names a person the article knows counts, so "Update: …" and list intros are left alone.
NAME_LINE = re.compile(
    r"^(?:[^\n]*?[ \t][-–—][ \t]+)[ \t]*((?:[A-Z][\w.'’-]*[ \t]+){0,2}[A-Z][\w'’-]*[a-z])[ \t]*:[ \t]+(\S[^\n]*)$",
    re.MULTILINE,
)


def transcript_turns(doc: Doc, text: str, actors: ActorIndex) -> list[Statement]:
    """A statement for each transcript turn whose label names a person: the person the article names with that
    surname, or the label itself in title case; and for each round-up line that gives a known person's name after
    a dash, then a colon. Labels of a story ("UPDATE:", "ANALYSIS:") name no one."""
    out = []
    turns = [(m, _turn_speaker(doc, m.group(1), m.start(1), actors)) for m in TURN.finditer(text)]
    named = [(m, _named_speaker(doc, m.group(1), m.start(1), actors)) for m in NAME_LINE.finditer(text)]
    for m, speaker in turns + named:
        label, said = m.group(1), m.group(2).rstrip().rstrip(QUOTE_MARKS).rstrip()
        if label.lower() in headline_labels() or len(said.split()) < MIN_TURN_WORDS:
            continue
        if speaker is None:
            continue
        content_start = m.start(2)
        quoted = said[0] in QUOTE_MARKS
        if quoted:
            said = said.lstrip(QUOTE_MARKS).lstrip()
            content_start = m.end(2) - len(m.group(2).lstrip(QUOTE_MARKS).lstrip())
        out.append(
            Statement(
                speaker=speaker,
                cue=":",
                stance="say",
                target=None,
                content=said,
                direct=quoted,
                start=m.start(1),
                end=content_start + len(said),
                cue_start=m.end(1),
                cue_end=m.end(1) + 1,
                content_start=content_start,
                content_end=content_start + len(said),
                speaker_text=label,
                sentence=text[m.start(1) : content_start + len(said)],
            )
        )
    return out


def _named_speaker(doc: Doc, label: str, start: int, actors: ActorIndex) -> str | None:
    """The person a title-case label names: an actor entity the label ends with, or a known person's surname."""
    return _turn_speaker(doc, label, start, actors, titled=False)


def _turn_speaker(doc: Doc, label: str, start: int, actors: ActorIndex, titled: bool = True) -> str | None:
    """The person a label names; failing an entity or a known surname, the label in title case if titled."""
    span = doc.char_span(start, start + len(label), alignment_mode="expand")
    if span is None or not len(span):
        return None
    e = actors.entity_at(span[-1])
    if e is not None and e.start in actors.ent_actor:
        name = actors.ent_actor[e.start]
        return name if actors.clusters[name].type == "PERSON" else None
    if not titled:
        return actors.by_surname(label.split()[-1])
    name = " ".join(w.capitalize() for w in label.split())
    return actors.by_surname(name.split()[-1]) or name
