"""Cues of news copy added to the lexicon: forms the model lemmatises wrongly, chants and recitals, refusals."""
from __future__ import annotations

import pytest

from analysis.engine.statements import find_statements


@pytest.mark.parametrize(
    ("text", "cue", "stance", "content", "direct"),
    [
        ("Jane Roe retweeted a video of the rally.", "retweeted", "say", "a video of the rally", False),
        ("Tom Hill griped that the council never listens.", "griped", "accuse", "the council never listens", False),
        ("Tom Hill sniped that the council never listens.", "sniped", "accuse", "the council never listens", False),
        ("The crowd chanted “Build the bridge” as the mayor spoke.", "chanted", "say", "Build the bridge", True),
        ("Jane Roe recited the names of the victims.", "recited", "say", "the names of the victims", False),
        ("The council said no to the new stadium.", "said no to", "deny", "the new stadium", False),
    ],
)
def test_news_cues(nlp, text, cue, stance, content, direct):
    (s,) = find_statements(nlp(text))
    assert (s.cue, s.stance, s.content, s.direct) == (cue, stance, content, direct)
