"""Documents as speakers (analysis.engine.documents): "a poll shows", "records show", "according to the report"."""
from __future__ import annotations

import pytest

from analysis import analyze
from analysis.engine.documents import document_nouns

LEAD = "The race for the county seat is close.\n\n"


def rows(text: str) -> list[tuple]:
    return [(s.speaker, s.cue, s.stance, s.content) for s in analyze(LEAD + text).statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "A new Ridgeway poll released Sunday shows that Jane Roe leads by four points.",
            [("new Ridgeway poll released Sunday", "shows", "report", "Jane Roe leads by four points")],
            id="poll-shows-that",
        ),
        pytest.param(
            "Court records show the company paid no tax for a decade.",
            [("Court records", "show", "report", "the company paid no tax for a decade")],
            id="records-show",
        ),
        pytest.param(
            "The bridge will close in May, according to the report.",
            [("report", "according to", "say", "The bridge will close in May")],
            id="according-to-the-report",
        ),
    ],
)
def test_a_document_speaks_as_itself(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Jane Roe showed the crowd a video of the rally.", id="person-shows"),
        pytest.param("He showed no sign of leaving the race.", id="pronoun-shows"),
    ],
)
def test_evidence_cue_needs_a_document(text):
    assert rows(text) == []


def test_document_nouns_are_data():
    nouns = document_nouns()
    assert {"poll", "records", "report", "survey"} <= nouns
    assert "minister" not in nouns


def test_what_a_poll_shows_of_a_person_is_content_not_a_target(nlp):
    from analysis.engine.statements import find_statements

    found = [(s.cue, s.target, s.content) for s in find_statements(nlp("Polls show Ruiz up by ten points."))]
    assert found == [("show", None, "Ruiz up by ten points")]
    found = [(s.target, s.content) for s in find_statements(nlp("A new poll shows Ana Ruiz with a big lead."))]
    assert found == [(None, "Ana Ruiz with a big lead")]
