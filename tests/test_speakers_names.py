"""Names of speakers as the model tags them, mended: a spaced dash never lies inside a name."""
from __future__ import annotations

import pytest

from analysis import analyze
from analysis.engine.names import _with_untagged_orgs
from analysis.engine.nlp import load_pipeline


def test_an_entity_across_a_spaced_dash_keeps_the_part_with_its_head():
    doc = load_pipeline()("Strong Start, Weak - Okafor said the debate had gone well for him.")
    assert "Weak - Okafor" in {e.text for e in doc.ents}  # the model's slip that the rule mends
    assert "Okafor" in {e.text for e in _with_untagged_orgs(doc)}
    assert [s.speaker for s in analyze(doc.text).statements] == ["Okafor"]


def test_a_hyphenated_name_stays_whole():
    text = "Anna Lind-Okafor said the debate had gone well."
    assert [s.speaker for s in analyze(text).statements] == ["Anna Lind-Okafor"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Hacker Guccifer Claims Access To Server\n\nThe hacker known as Guccifer said on Tuesday that the server "
            "was open. Guccifer told reporters he had seen the files.",
            "Guccifer",
            id="a common noun capitalised by the headline is not part of the name",
        ),
        pytest.param(
            "Mayor Ana Silva spoke on Monday. The mayor of the town, Silva, said homes were lost.",
            "Ana Silva",
            id="a title before the name still joins",
        ),
    ],
)
def test_longer_name_with_a_common_word(text, expected):
    assert [s.speaker for s in analyze(text).statements][-1] == expected
