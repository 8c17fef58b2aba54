"""Round-up lines: a dash, then a person's name and a colon, then the words said ("FERRY FARES - Brooks: …")."""

from __future__ import annotations

from analysis import analyze

ROUNDUP = (
    "Mayor Daniel Brooks spoke at the ferry hearing on Tuesday.\n\n"
    "FERRY FARES WILL RISE IN SPRING - Brooks: “The company has asked for more than the law allows.”\n\n"
    "Related: ferry timetable - Update: new sailings from 10:30 on weekdays.\n\n"
    "Three things matter - cost: the fares, the boats and the crews.\n"
)


def test_a_roundup_line_is_a_statement_of_the_person_named_after_the_dash():
    found = [s for s in analyze(ROUNDUP).statements if s.cue == ":"]
    assert [(s.speaker, s.content, s.direct) for s in found] == [
        ("Daniel Brooks", "The company has asked for more than the law allows.", True),
    ]
    s = found[0]
    assert ROUNDUP[s.content_start : s.content_end] == s.content
    assert ROUNDUP[s.cue_start : s.cue_end] == ":"


def test_a_dash_and_colon_before_no_known_person_is_no_statement():
    text = "The ferry board met.\n\nFARES - Update: new sailings from 10:30 on weekdays and weekends.\n"
    assert [s for s in analyze(text).statements if s.cue == ":"] == []
