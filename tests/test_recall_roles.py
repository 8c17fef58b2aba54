"""Statements whose cue hangs where the parser puts it in news copy: after "by saying", on a noun ("polls
showing"), in a relative clause, and cues that judge the actor they name."""
from __future__ import annotations

import pytest

from analysis import analyze

LEAD = "The council met on Monday.\n\n"


def rows(text: str) -> list[tuple]:
    return [(s.speaker, s.stance, s.content) for s in analyze(LEAD + text).statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Tom Smith responded by saying he would never quit the race.",
                     [("Tom Smith", "say", "he would never quit the race")], id="by-saying"),
        pytest.param("Jane Roe drew boos upon saying that the mayor had lied.",
                     [("Jane Roe", "say", "the mayor had lied")], id="upon-saying"),
    ],
)
def test_cue_after_a_preposition_belongs_to_the_verb_it_modifies(text, expected):
    assert rows(text) == expected


def test_a_reason_for_saying_is_no_statement():
    assert rows("The reason for saying that the plan failed is unclear.") == []


def test_participle_on_a_noun_has_that_noun_as_speaker():
    found = rows("Tom Smith signed a letter calling for a new vote on the budget.")
    assert [(stance, content) for _, stance, content in found] == [("urge", "a new vote on the budget")]
    assert found[0][0].lower().endswith("letter")


def test_a_group_backing_a_candidate_says_nothing():
    assert rows("Jane Roe gave money to a committee backing Tom Smith.") == []


def test_relative_clause_with_that_after_the_cue_is_reported():
    assert rows("Tom Smith, who noted that the price of farms had fallen, left early.") == [
        ("Tom Smith", "say", "the price of farms had fallen")
    ]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        pytest.param("Jane Roe endorsed Tom Smith last week.", "support", id="endorse"),
        pytest.param("Jane Roe praised Tom Smith on Friday.", "support", id="praise"),
        pytest.param("Jane Roe thanked Tom Smith on Friday.", "support", id="thank"),
        pytest.param("Jane Roe attacked Tom Smith on Friday.", "accuse", id="attack"),
    ],
)
def test_a_judging_cue_is_about_the_actor_it_names(text, stance):
    assert rows(text) == [("Jane Roe", stance, "Tom Smith")]


def test_support_is_still_no_statement():
    assert rows("Most voters in the town support Jane Roe.") == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param("Jane Roe called for a ban on cars in the city center.", "a ban on cars in the city center",
                     id="call-for"),
        pytest.param("Jane Roe tweeted a photo of the flooded road.", "a photo of the flooded road", id="tweet"),
        pytest.param("Jane Roe mentioned the closure of the library.", "the closure of the library", id="mention"),
    ],
)
def test_object_of_a_cue_is_what_was_said(text, content):
    assert [c for _, _, c in rows(text)] == [content]
