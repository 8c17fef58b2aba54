"""The whole reported clause: past ", but" and ", because", around an attribution set off by commas and after
"as X noted"."""
from __future__ import annotations

import pytest

from analysis import analyze

LEAD = "The council met on Monday.\n\n"


def rows(text: str) -> list[tuple]:
    return [(s.speaker, s.content, s.direct) for s in analyze(LEAD + text).statements]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param("Tom Smith said she had ''steady hands, but most of all, she has a good heart.''",
                     "she had ''steady hands, but most of all, she has a good heart", id="but"),
        pytest.param('Jane Roe wrote that such a request was "futile," because the police already hold the records.',
                     'such a request was "futile," because the police already hold the records', id="because"),
    ],
)
def test_the_clause_goes_on_past_a_comma(text, content):
    assert [c for _, c, _ in rows(text)] == [content]


def test_a_second_cue_after_but_is_its_own_statement():
    assert rows("Tom Smith said the plan failed, and Jane Roe said it would be fixed.") == [
        ("Tom Smith", "the plan failed", False),
        ("Jane Roe", "it would be fixed", False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Voters, Jane Roe suggested, do not have to worry that big banks can sway the council.",
                     ("Jane Roe", "Voters do not have to worry that big banks can sway the council", False),
                     id="speaker-as-apposition"),
        pytest.param("Tom Smith, Jane Roe said, has created a strange new kind of politics.",
                     ("Jane Roe", "Tom Smith has created a strange new kind of politics", False), id="name-first"),
    ],
)
def test_an_attribution_set_off_by_commas_is_cut_out_of_the_content(text, expected):
    assert rows(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("As Jane Roe noted, people involved in the case could still face sanctions.",
                     ("Jane Roe", "people involved in the case could still face sanctions", False), id="fronted"),
        pytest.param("The bridge will close in May, as Tom Smith predicted last year.",
                     ("Tom Smith", "The bridge will close in May", False), id="after"),
    ],
)
def test_as_x_noted_reports_the_clause_it_modifies(text, expected):
    assert rows(text) == [expected]


def test_as_she_spoke_says_when_not_what():
    assert rows("As Jane Roe spoke, the crowd cheered.") == []
