"""Cues of news reporting from the packaged lexicon: judgement verbs with a stance, social media, quote styles."""
from __future__ import annotations

import pytest

from analysis import analyze

LEAD = "The council met on Monday.\n\n"


def rows(text: str) -> list[tuple]:
    return [(s.speaker, s.stance, s.direct) for s in analyze(LEAD + text).statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Jane Roe hammered the board for its long delays.", [("Jane Roe", "accuse", False)], id="hammer"),
        pytest.param("Jane Roe blasted the board over the delays.", [("Jane Roe", "accuse", False)], id="blast"),
        pytest.param("Jane Roe lauded the plan as a model for the region.", [("Jane Roe", "support", False)],
                     id="laud"),
        pytest.param("Jane Roe vowed to reopen the library by June.", [("Jane Roe", "promise", False)], id="vow"),
        pytest.param("Jane Roe tweeted that the vote had been rigged.", [("Jane Roe", "say", False)], id="tweet"),
        pytest.param("Jane Roe posted that the vote had been rigged.", [("Jane Roe", "say", False)], id="post"),
        pytest.param("Jane Roe wrote on Facebook that the vote had been rigged.", [("Jane Roe", "say", False)],
                     id="wrote-on-facebook"),
        pytest.param("Jane Roe continued: “We will not give up on this town.”", [("Jane Roe", "say", True)],
                     id="continued-with-quote"),
    ],
)
def test_news_cues(text, expected):
    assert rows(text) == expected


def test_continue_without_a_clause_is_no_statement():
    assert rows("Jane Roe continued to work on the budget.") == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("''We will not give up on this town,'' said Jane Roe.", id="double-apostrophes"),
        pytest.param("Jane Roe said: « We will not give up on this town ».", id="guillemets"),
        pytest.param("„We will not give up on this town“, said Jane Roe.", id="low-high"),
        pytest.param("‘We will not give up on this town,’ said Jane Roe.", id="single-curly"),
        pytest.param("'We will not give up on this town,' said Jane Roe.", id="single-straight"),
    ],
)
def test_quote_styles_are_direct(text):
    assert rows(text) == [("Jane Roe", "say", True)]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param("Jane Roe reminded voters that the library had closed twice.", "the library had closed twice",
                     id="remind that"),
        pytest.param("Jane Roe implied that the vote had been rigged.", "the vote had been rigged", id="imply that"),
        pytest.param("Jane Roe compared the new depot to a prison.", "the new depot to a prison", id="compare"),
        pytest.param("Jane Roe likened the budget to a shell game.", "the budget to a shell game", id="liken"),
        pytest.param("Jane Roe laid out her plan for the harbour.", "her plan for the harbour", id="lay out"),
    ],
)
def test_reporting_verbs_of_political_copy(text, content):
    assert [s.content for s in analyze(LEAD + text).statements] == [content]


def test_remind_without_a_clause_is_no_statement():
    assert rows("The old mill reminded Jane Roe of her childhood.") == []
