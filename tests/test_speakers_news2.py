"""Speakers in news copy: people described beside a person are not that person, and an act of speech is made
by the one who issued it. Sentences written for these tests."""
from __future__ import annotations

import pytest

from analysis import analyze


def speakers(text: str) -> list[str]:
    return [s.speaker for s in analyze(text).statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Governor Ana Silva opened the bridge on Monday. A spokesman for Silva said the toll would be dropped.",
            "spokesman for Silva",
            id="a person's spokesman is not the person",
        ),
        pytest.param(
            "Senator Mark Dunn spoke in Dover. Dunn aides said he would run again.",
            "Dunn aides",
            id="a person's aides are not the person",
        ),
        pytest.param(
            "Former official Peter Hale spoke on Monday. Federal officials said the rules had been followed.",
            "Federal officials",
            id="many officials are not one official named before",
        ),
        pytest.param(
            "Jane Roe, the senator, spoke in Dover. A senator said the vote was close.",
            "senator",
            id="an indefinite description introduces someone new",
        ),
    ],
)
def test_described_people_stay_as_written(text, expected):
    assert speakers(text) == [expected]


def test_a_definite_description_still_points_back():
    assert speakers("Jane Roe, the senator, spoke in Dover. The senator said the vote was close.") == ["Jane Roe"]


def test_a_body_still_speaks_through_its_spokesperson():
    assert speakers("A NASA spokesperson said the launch was delayed.") == ["NASA"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Senator Mark Dunn spoke in Dover. On Friday, Dunn issued a statement saying the vote was rigged.",
            "Mark Dunn",
            id="issued a statement saying",
        ),
        pytest.param(
            "The Harbour Workers Union met on Monday. The union released a statement saying the strike would go on.",
            "Harbour Workers Union",
            id="released a statement saying",
        ),
        pytest.param(
            "Mayor Ana Silva spoke on Monday. Her statement said the bridge would open in May.",
            "Ana Silva",
            id="a possessor's statement",
        ),
        pytest.param(
            "A statement from the Harbour Workers Union said the strike would go on.",
            "Harbour Workers Union",
            id="a statement from a body",
        ),
        pytest.param(
            "Mark Dunn spoke on Monday. His statement said the bridge would open in May.",
            "Mark Dunn",
            id="his statement",
        ),
        pytest.param(
            "Mark Dunn pivoted with every answer to talk about the levee.",
            "Mark Dunn",
            id="with every answer",
        ),
        pytest.param(
            "Mark Dunn spoke. The mayor responded to a statement from the union saying the strike would go on.",
            "union",
            id="a reply to a statement is not its maker",
        ),
    ],
)
def test_an_act_of_speech_is_made_by_its_maker(text, expected):
    assert speakers(text) == [expected]


def test_a_statement_with_no_maker_speaks_as_written():
    assert speakers("The statement urged voters to stay calm.") == ["statement"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Mark J. Dunn spoke on Monday. Mr. Dunn said the law was clear.", "Mark J. Dunn", id="Mr."),
        pytest.param("Senator Mark Dunn spoke. Sen. Dunn said the law was clear.", "Mark Dunn", id="Sen."),
        pytest.param("Sen. Mark Dunn spoke. Mark Dunn said the law was clear.", "Mark Dunn", id="title dropped"),
        pytest.param("Ana Silva spoke on Monday. Dr. Silva said the clinic was full.", "Ana Silva", id="Dr."),
    ],
)
def test_a_courtesy_title_joins_the_full_name(text, expected):
    assert speakers(text) == [expected]


def test_mr_and_mrs_of_one_surname_stay_apart():
    text = "Michelle Obama spoke. Mrs. Obama said it was late. Mr. Obama said the museum was open."
    assert speakers(text) == ["Mrs. Obama", "Mr. Obama"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Those around him said he was tired.", "Those around him", id="around"),
        pytest.param("Those close to the mayor said she was tired.", "Those close to the mayor", id="close to"),
        pytest.param("Those with knowledge of the talks said the deal was near.", "Those with knowledge of the talks",
                     id="with"),
        pytest.param("Many living near the plant said the air was bad.", "Many living near the plant", id="participle"),
    ],
)
def test_a_group_keeps_the_words_that_say_who_they_are(text, expected):
    assert speakers(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The governor of Texas said the border was closed.", "governor of Texas", id="not the state"),
        pytest.param("The attorney general of New York said the school had misled students.",
                     "attorney general of New York", id="not the city"),
        pytest.param("Ana Silva, the mayor of Chicago, spoke on Monday. The mayor of Chicago said the city was safe.",
                     "Ana Silva", id="the office holder named before"),
        pytest.param("Russia's envoy said the talks would resume.", "Russia", id="a possessor is still the state"),
    ],
)
def test_an_office_of_a_place_is_held_by_a_person(text, expected):
    assert speakers(text) == [expected]
