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


def transcript_turns(doc: Doc, text: str, actors: ActorIndex) -> list[Statement]:
    """A statement for each transcript turn whose label names a person: the person the article names with that
    surname, or the label itself in title case. Labels of a story ("UPDATE:", "ANALYSIS:") name no one."""
    out = []
    for m in TURN.finditer(text):
        label, said = m.group(1), m.group(2).rstrip().rstrip(QUOTE_MARKS).rstrip()
        if label.lower() in headline_labels() or len(said.split()) < MIN_TURN_WORDS:
            continue
        speaker = _turn_speaker(doc, label, m.start(1), actors)
        if speaker is None:
            continue
        content_start = m.start(2)
        out.append(
            Statement(
                speaker=speaker,
                cue=":",
                stance="say",
                target=None,
                content=said,
                direct=False,
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


def _turn_speaker(doc: Doc, label: str, start: int, actors: ActorIndex) -> str | None:
    span = doc.char_span(start, start + len(label), alignment_mode="expand")
    if span is None or not len(span):
        return None
    e = actors.entity_at(span[-1])
    if e is not None and e.start in actors.ent_actor:
        name = actors.ent_actor[e.start]
        return name if actors.clusters[name].type == "PERSON" else None
    titled = " ".join(w.capitalize() for w in label.split())
    return actors.by_surname(titled.split()[-1]) or titled
