"""Statements in headlines (analysis.engine.headlines), through the whole pipeline."""
from __future__ import annotations

import pytest

from analysis import analyze

KEYS = ("speaker", "cue", "stance", "content")


def rows(text: str) -> list[tuple]:
    return [tuple(getattr(s, k) for k in KEYS) for s in analyze(text).statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Kerry Says Talks With Russia Have Failed\nJohn Kerry said on Monday that the talks had failed.",
            [("John Kerry", "Says", "say", "Talks With Russia Have Failed"),
             ("John Kerry", "said", "say", "the talks had failed")],
            id="title-case cue taken back from the name",
        ),
        pytest.param(
            "Lopez: The Board Has Failed the City\n\nMaria Lopez, the mayor, spoke on Tuesday.",
            [("Maria Lopez", ":", "say", "The Board Has Failed the City")],
            id="name colon words",
        ),
        pytest.param(
            "Union accuses board of stalling.\n\nThe union met on Monday.",
            [("Union", "accuses", "accuse", "stalling")],
            id="headline with a full stop",
        ),
    ],
)
def test_headline_statements(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The Latest: Council to vote on the bridge plan\n\nThe council met.", id="label-colon"),
        pytest.param("Analysis: Why the bridge plan matters now\n\nThe council met.", id="analysis-colon"),
    ],
)
def test_label_before_a_colon_is_no_speaker(text):
    assert rows(text) == []
