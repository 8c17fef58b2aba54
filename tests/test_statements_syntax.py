"""Statement rules for syntax the cue verb alone does not show: noun cues, round-up lines, attributions that
interrupt a clause, one statement per act of speech, and speakers that are shares of a group or party members."""

from __future__ import annotations

import pytest

from analysis.engine.statements import find_statements
from analysis.engine.statements.words import noun_cues

KEYS = ("speaker", "cue", "stance", "content", "direct")


def rows(statements) -> list[tuple]:
    return [tuple(getattr(s, k) for k in KEYS) for s in statements]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "The board met on Friday. It rejected the guild's allegation that the vote had been rigged.",
            ("guild", "allegation", "accuse", "the vote had been rigged", False),
            id="possessive noun cue with a that-clause",
        ),
        pytest.param(
            "Officials ignored the union's demand that wages rise by ten percent.",
            ("union", "demand", "insist", "wages rise by ten percent", False),
            id="demand that",
        ),
    ],
)
def test_noun_cue(nlp, text, expected):
    assert expected in rows(find_statements(nlp(text)))


def test_noun_without_owner_or_clause_is_no_statement(nlp):
    found = rows(find_statements(nlp("The claim was old news. A warning sign stood by the road.")))
    assert not [r for r in found if r[1] in {"claim", "warning"}]


def test_noun_cues_have_known_stances():
    stances = {"say", "accuse", "urge", "insist", "agree", "support", "deny", "warn", "ask", "report", "promise"}
    assert noun_cues() and set(noun_cues().values()) <= stances


def test_round_up_line_gives_the_person_before_the_colon(nlp):
    text = "Early verdicts\n\nPeter Lund, The Harbour Gazette: \"The new bridge is a costly mistake for the town.\"\n"
    (s,) = [s for s in find_statements(nlp(text)) if s.cue == ":"]
    assert (s.speaker, s.content, s.direct) == ("Peter Lund", "The new bridge is a costly mistake for the town", True)
    assert s.content in text[s.content_start : s.content_end]


def test_attribution_interrupting_its_clause(nlp):
    text = "By then, the auditors said, the town had spent most of its reserves."
    (s,) = find_statements(nlp(text))
    assert s.speaker == "auditors"
    assert "the town had spent most of its reserves" in s.content


def test_stance_inside_own_report_is_one_statement(nlp):
    text = "Maria Ortiz says she supports the plan to widen the coast road."
    found = find_statements(nlp(text))
    assert [(s.speaker, s.cue) for s in found] == [("Maria Ortiz", "says")]


def test_nested_report_by_another_speaker_stays(nlp):
    text = "Maria Ortiz said that Tom Berg had warned the council that the dam would fail."
    assert {s.speaker for s in find_statements(nlp(text))} == {"Maria Ortiz", "Tom Berg"}


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("A survey of parents was published. Forty-two percent said the schools were too crowded.",
         "Forty-two percent"),
        ("Senator Ada Kim spoke first. The Ohio Republican said that the plan would fail.", "Ohio Republican"),
        ("Senator Marco Diaz spoke in Tampa. The Florida senator said that the vote would be close.", "Marco Diaz"),
        ("Martin Kell toured Ohio. Martin Kell's campaign says it will move staff there.", "Martin Kell's campaign"),
        ("Martin Kell toured Ohio. The Kell campaign said the move was planned.", "Martin Kell campaign"),
    ],
    ids=["share of a group", "party member from a state", "role noun from a state", "a person's body", "compound"],
)
def test_descriptive_speaker(nlp, text, speaker):
    assert find_statements(nlp(text))[-1].speaker == speaker


def test_reported_clause_keeps_the_rest_hung_on_the_cue(nlp):
    text = "Lena Holt added that she was the only mayor to spend her entire life “fighting to defend the harbour.”"
    (s,) = [s for s in find_statements(nlp(text)) if s.cue == "added"]
    assert s.content == "she was the only mayor to spend her entire life “fighting to defend the harbour"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Reading from a statement, Maria Lopez repeatedly criticised the board.", id="participle"),
        pytest.param("Even before the votes are counted, a group of local leaders is calling a meeting.", id="clause"),
        pytest.param("After a long night at the depot, the drivers said nothing.", id="prepositional phrase"),
    ],
)
def test_a_fronted_modifier_of_the_cue_is_not_its_content(nlp, text):
    fronted = text.split(",")[0]
    assert not [r for r in rows(find_statements(nlp(text))) if r[3] == fronted]


def test_a_fronted_condition_that_belongs_to_the_clause_stays(nlp):
    found = rows(find_statements(nlp("If the vote fails, the union will strike, Lopez warned.")))
    assert ("Lopez", "warned", "warn", "If the vote fails, the union will strike", False) in found
