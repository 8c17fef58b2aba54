"""Unnamed speakers are named as the text describes them, and a person is not the body beside their title."""
from __future__ import annotations

import pytest

from analysis import analyze


def speakers(text: str) -> list[str]:
    return [s.speaker for s in analyze(text).statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "A person familiar with the negotiations said the deal would be signed on Friday.",
            "person familiar with the negotiations",
            id="participle phrase stays",
        ),
        pytest.param(
            "Sources close to the mayor said she would not seek a second term.",
            "Sources close to the mayor",
            id="adjective phrase stays",
        ),
        pytest.param(
            "Residents who lost their homes in the flood said the council had ignored the warnings.",
            "Residents who lost their homes in the flood",
            id="restrictive relative clause stays",
        ),
        pytest.param(
            "The self-described moderate said the bill went too far.",
            "self-described moderate",
            id="hyphenated word keeps its hyphen",
        ),
        pytest.param(
            "Officials, who were at the scene, said the ferry had been overloaded.",
            "Officials",
            id="remark set off by commas is left out",
        ),
    ],
)
def test_an_unnamed_speaker_is_the_description_as_written(text, expected):
    assert speakers(text) == [expected]


def test_coordinated_descriptions_stay_two_speakers():
    got = speakers("The harbour master and the ferry operators said the port would reopen on Monday.")
    assert got == ["harbour master", "ferry operators"]


def test_an_adviser_is_not_the_person_advised():
    text = (
        "Maria Lopez opened her campaign in Leeds on Monday.\n\n"
        "A senior Maria Lopez adviser said the campaign would spend more on television."
    )
    assert speakers(text) == ["senior Maria Lopez adviser"]


def test_a_spokesman_still_speaks_for_the_body():
    text = (
        "Northwind Shipping cancelled two sailings on Monday.\n\n"
        "A Northwind Shipping spokesman said the ships would sail again on Friday."
    )
    assert speakers(text) == ["Northwind Shipping"]


def test_an_administration_is_the_body_of_the_person_who_leads_it():
    text = (
        "President Daniel Okafor signed the order on Monday.\n\n"
        "The Okafor administration said the order would take effect in March."
    )
    assert speakers(text) == ["Daniel Okafor administration"]


def test_a_group_named_after_an_organisation_speaks_for_itself():
    text = (
        "The Harbour Workers Union called a strike on Monday.\n\n"
        "Members of the Harbour Workers Union said they would stay out until Friday."
    )
    assert speakers(text) == ["Members of the Harbour Workers Union"]


def test_the_members_named_after_a_comma_stay_in_the_description():
    got = speakers("Other candidates, including Maria Lopez and Daniel Okafor, said the vote was rigged.")
    assert got == ["Other candidates, including Maria Lopez and Daniel Okafor"]


def test_the_words_between_an_owner_and_the_noun_stay():
    text = "Maria Lopez opened her campaign on Monday. Maria Lopez's right-hand man said the vote would be close."
    assert speakers(text) == ["Maria Lopez's right-hand man"]


def test_a_document_keeps_the_bodies_coordinated_inside_it():
    got = speakers("A survey by the Harbour Trust and the City Council shows that the bridge is unsafe.")
    assert got == ["survey by the Harbour Trust and the City Council"]


def test_a_speaker_owned_by_a_pronoun_is_written_as_the_text_has_it():
    """ "his lawyer" may be anyone's lawyer: the pronoun stays rather than a guessed owner."""
    text = "Daniel Okafor was charged on Monday. His lawyer said he would plead not guilty."
    assert speakers(text) == ["His lawyer"]


def test_a_count_before_the_owner_stays():
    text = "Maria Lopez opened her campaign on Monday. Many Maria Lopez supporters said the vote would be close."
    assert speakers(text) == ["Many Maria Lopez supporters"]


def test_an_owner_keeps_the_possessive_as_written():
    text = "Daniel Moss opened his campaign on Monday. Daniel Moss’ campaign said the vote would be close."
    assert speakers(text) == ["Daniel Moss' campaign"]
