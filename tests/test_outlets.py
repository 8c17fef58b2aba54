"""Outlets compared, on a small frame of statements written for the project."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import outlets
from analysis.tables import UNKNOWN_SPEAKER

ROWS = [  # outlet, speaker, stance, direct
    ("Harbour Post", "Marta Ellingsen", "accuse", True),
    ("Harbour Post", "Marta Ellingsen", "say", False),
    ("Harbour Post", "Port Authority", "deny", False),
    ("Harbour Post", UNKNOWN_SPEAKER, "say", False),
    ("Coast Radio", "Marta Ellingsen", "say", True),
    ("Coast Radio", "Dock Workers Union", "urge", True),
    ("Coast Radio", "Dock Workers Union", "warn", False),
    (None, "Port Authority", "say", False),
]


@pytest.fixture
def statements() -> pd.DataFrame:
    return pd.DataFrame([{"article_id": f"a{i % 3}", "outlet": o, "speaker": s, "stance": st, "direct": d}
                         for i, (o, s, st, d) in enumerate(ROWS)])


def test_outlets_counts_statements_and_groups_missing_outlets(statements):
    table = outlets.outlets(statements)
    assert table["outlet"].tolist() == ["Harbour Post", "Coast Radio", outlets.NO_OUTLET]
    assert table["statements"].tolist() == [4, 3, 1]


def test_share_of_voice_is_a_share_of_each_outlets_statements(statements):
    share = outlets.share_of_voice(statements, top_n=2)
    assert set(share["speaker"]) == {"Marta Ellingsen", "Dock Workers Union"}  # a tie goes alphabetically
    post = share[(share["outlet"] == "Harbour Post") & (share["speaker"] == "Marta Ellingsen")].iloc[0]
    assert post["statements"] == 2 and post["share"] == pytest.approx(2 / 4)
    assert UNKNOWN_SPEAKER not in set(outlets.share_of_voice(statements, top_n=10)["speaker"])


def test_citation_counts_quotations_and_reported_speech(statements):
    cited = outlets.citation(statements).set_index("outlet")
    assert cited.loc["Coast Radio", "direct"] == 2 and cited.loc["Coast Radio", "reported"] == 1
    assert cited.loc["Harbour Post", "direct_share"] == pytest.approx(0.25)


def test_stance_mix_shares_add_up_per_outlet_and_per_speaker(statements):
    mix = outlets.stance_mix(statements)
    assert mix.groupby("outlet")["share"].sum().round(9).eq(1).all()
    by_speaker = outlets.stance_mix(statements, by_speaker=True)
    assert by_speaker.groupby(["outlet", "speaker"])["share"].sum().round(9).eq(1).all()
    post = mix[mix["outlet"] == "Harbour Post"]["stance"].tolist()
    assert post == ["say", "accuse", "deny"]  # the engine's stance order


def test_story_gap_lists_speakers_only_one_outlet_quotes(statements):
    gap = outlets.story_gap(statements)
    assert gap.values.tolist() == [["Dock Workers Union", "Coast Radio", 2]]  # Port Authority is in two "outlets"
    assert outlets.story_gap(statements[statements["outlet"] == "Coast Radio"]).empty  # one outlet: no gap


def test_empty_statements_give_empty_frames_and_charts_draw():
    empty = pd.DataFrame(columns=["article_id", "outlet", "speaker", "stance", "direct"])
    for fn in (outlets.outlets, outlets.share_of_voice, outlets.citation, outlets.stance_mix, outlets.story_gap):
        assert fn(empty).empty
    frame = pd.DataFrame([{"article_id": "a", "outlet": "X", "speaker": "Y", "stance": "say", "direct": True}])
    assert outlets.share_chart(outlets.share_of_voice(frame)).to_dict()["mark"]["type"] == "rect"
    assert outlets.stance_chart(outlets.stance_mix(frame)).to_dict()["mark"]["type"] == "bar"
