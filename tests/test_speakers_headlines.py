"""Headline speakers: a label before the colon names no one, a name before it does, and a speaker named last."""
from __future__ import annotations

import pytest

from analysis import analyze
from analysis.engine.actors import ActorIndex
from analysis.engine.headlines import headline_statements
from analysis.engine.nlp import load_pipeline
from analysis.types import Statement

KEYS = ("speaker", "cue", "target", "content")


def rows(text: str) -> list[tuple]:
    title_end = text.index("\n")
    return [tuple(getattr(s, k) for k in KEYS) for s in analyze(text).statements if s.start < title_end]


def nlp_doc(text: str):
    return load_pipeline()(text)


BODY = "\n\nMaria Lopez, the mayor of Leeds, spoke to reporters on Tuesday about the harbour bridge."


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param(
            "Lopez on the Bridge: The City Cannot Wait Any Longer",
            [("Maria Lopez", ":", None, "The City Cannot Wait Any Longer")],
            id="name and topic before the colon",
        ),
        pytest.param(
            "Lopez to Harbour Board: Open the Books Before the Vote",
            [("Maria Lopez", ":", "Harbour Board", "Open the Books Before the Vote")],
            id="name and addressee before the colon",
        ),
        pytest.param(
            "A Warning From Lopez: The Bridge Will Close in Winter",
            [("Maria Lopez", ":", None, "The Bridge Will Close in Winter")],
            id="name after from",
        ),
        pytest.param("Bombshell: The Bridge Will Close in Winter", [], id="exclamation before the colon"),
        pytest.param("Bridges and Budgets: The Long Road to a Vote", [], id="a story title before the colon"),
    ],
)
def test_colon_headline_speaker(title, expected):
    assert rows(title + BODY) == expected


def test_the_label_is_not_the_speaker_of_a_verb_cue():
    """When the model takes "The Latest" for the subject of "urges", the words after the colon are the speaker."""
    text = "The Latest: Lopez urges council to fund the bridge" + BODY
    analysis = analyze(text)
    cue_start = text.index("urges")
    wrong = Statement(
        speaker="Latest", cue="urges", stance="urge", target=None, content="council to fund the bridge",
        direct=False, start=0, end=text.index("\n"), cue_start=cue_start, cue_end=cue_start + 5,
        content_start=cue_start + 6, content_end=text.index("\n"), speaker_text="The Latest",
    )
    index = ActorIndex(nlp_doc(text))
    got = headline_statements(text, [wrong], index)
    assert [(s.speaker, s.speaker_text) for s in got] == [("Maria Lopez", "Lopez")]
    assert "Maria Lopez" in {a.name for a in analysis.actors}


def test_speaker_named_after_the_words_said():
    got = rows("Mayor Hid Budget Gap From Council, Former City Auditor Says." + BODY)
    assert got == [("Former City Auditor", "Says", None, "Mayor Hid Budget Gap From Council")]


def test_a_comma_headline_without_a_cue_is_no_statement():
    assert rows("Mayor Hid Budget Gap From Council, Former City Auditor Leaves." + BODY) == []
