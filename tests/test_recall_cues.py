"""Light-verb phrases and stance verbs of campaign copy from the packaged lexicon."""
from __future__ import annotations

import pytest

from analysis import analyze

LEAD = "The council met on Monday.\n\n"


def rows(text: str) -> list[tuple]:
    return [(s.speaker, s.stance, s.content) for s in analyze(LEAD + text).statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Jane Roe offered advice to the new members of the board.",
                     ("Jane Roe", "say", "advice to the new members of the board"), id="offer"),
        pytest.param("Jane Roe shared her views on the new bridge.", ("Jane Roe", "say", "her views on the new bridge"),
                     id="share"),
        pytest.param("Jane Roe made clear that she would not run again.",
                     ("Jane Roe", "say", "she would not run again"), id="make-clear"),
        pytest.param("Jane Roe floated the idea of a second bridge.",
                     ("Jane Roe", "say", "the idea of a second bridge"), id="float"),
        pytest.param("Jane Roe advocated a tax on empty homes.", ("Jane Roe", "urge", "a tax on empty homes"),
                     id="advocate"),
        pytest.param("Jane Roe knocked the budget as a waste of money.",
                     ("Jane Roe", "accuse", "the budget as a waste of money"), id="knock"),
    ],
)
def test_campaign_cues(text, expected):
    assert rows(text) == [expected]


def test_the_way_a_speaker_put_it():
    assert rows("The plan, as Jane Roe put it, was a bridge too far.") == [
        ("Jane Roe", "say", "The plan was a bridge too far")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Jane Roe posted a video of the flooded road.", ("Jane Roe", "say", "a video of the flooded road"),
                     id="post"),
        pytest.param("Jane Roe noted the long delays at the new bridge.",
                     ("Jane Roe", "say", "the long delays at the new bridge"), id="note"),
    ],
)
def test_what_was_posted_or_noted_is_the_object(text, expected):
    assert rows(text) == [expected]


def test_a_finding_without_that_is_a_finding():
    assert rows("The Daily Planet found most schools are short of teachers.") == [
        ("Daily Planet", "report", "most schools are short of teachers")
    ]


def test_finding_a_thing_is_no_finding():
    assert rows("The Daily Planet found the car abandoned near the river.") == []
