"""Transcript turns: a paragraph opening with a speaker's label in capitals and a colon is that speaker's."""
from __future__ import annotations

from analysis import analyze

TRANSCRIPT = (
    "Mayor Daniel Brooks spoke to the host on Sunday. A partial transcript follows.\n\n"
    '"BRANDT: Will the bridge open in May as the city promised?\n\n'
    '"BROOKS: Well, look, the steel arrives late, so June is more likely.\n\n'
    "UPDATE: The office later issued a correction.\n"
)


def test_each_turn_is_a_statement_of_its_label():
    turns = [s for s in analyze(TRANSCRIPT).statements if s.cue == ":"]
    assert [(s.speaker, s.content, s.direct) for s in turns] == [
        ("Brandt", "Will the bridge open in May as the city promised?", False),
        ("Daniel Brooks", "Well, look, the steel arrives late, so June is more likely.", False),
    ]
    for s in turns:  # offsets index the text read
        assert TRANSCRIPT[s.content_start : s.content_end] == s.content
        assert TRANSCRIPT[s.cue_start : s.cue_end] == ":"


def test_a_label_in_running_text_or_a_short_line_is_no_turn():
    text = "The council met on Monday.\n\nNOTE: Closed.\n\nThe vote, in short: the bridge will open in June.\n"
    assert [s for s in analyze(text).statements if s.cue == ":"] == []
