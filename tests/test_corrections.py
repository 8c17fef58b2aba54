"""Corrections as a layer: applied over the engine's statements and re-anchored after a re-analysis."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import corrections as cx
from analysis.corrections import ADD, EDIT, REJECT, Correction

TEXT = ("Mara Holt accused the port board of stalling. The board denied it. "
        "Union leader Eko Dahl urged calm on Tuesday.")


def rows(*spans) -> pd.DataFrame:
    """Statements of one article: (idx, start, end, cue_start, cue_end, speaker, stance)."""
    return pd.DataFrame([{"article_id": "h1", "idx": i, "start": s, "end": e, "cue_start": cs, "cue_end": ce,
                          "speaker": sp, "stance": st, "target": None, "content": TEXT[s:e],
                          "title": "Port talks"}
                         for i, s, e, cs, ce, sp, st in spans])


# The engine as it was, and after a change: the first statement is the same, the third grows by its time
# phrase, and the second is no longer found.
BEFORE = rows((0, 0, 45, 10, 18, "Mara Holt", "accuse"), (1, 46, 66, 56, 62, "port board", "deny"),
              (2, 67, 100, 85, 90, "Eko Dahl", "urge"))
AFTER = rows((0, 0, 45, 10, 18, "Mara Holt", "accuse"), (1, 67, 111, 85, 90, "Eko Dahl", "urge"))


def fix(start, end, cue_start, cue_end, action=EDIT, created="2026-03-01T10:00:00Z", author="ana", **changes):
    return Correction("h1", start, end, cue_start, cue_end, action, tuple(changes.items()), author, created)


def test_corrections_anchor_to_the_same_span_a_shifted_one_or_are_reported():
    kept = fix(0, 45, 10, 18, target="the port board")
    grown = fix(67, 100, 85, 90, speaker="Eko Dahl (union)")
    lost = fix(46, 66, 56, 62, stance="warn")
    anchored = cx.anchor([kept, grown, lost], AFTER)
    assert [(a.statement, a.how) for a in anchored] == [(0, "same"), (1, "shifted"), (None, "unanchored")]
    assert anchored[1].overlap == pytest.approx(33 / 44, abs=1e-3)
    result = cx.apply(AFTER, anchored)
    assert [a.correction for a in result.unanchored] == [lost]  # listed for review, never dropped
    assert result.statements.loc[0, "target"] == "the port board" and result.statements["corrected"].tolist() == [
        True, True]
    assert result.statements.loc[1, "speaker"] == "Eko Dahl (union)"
    # Stored back under the new span, so the next re-analysis starts from there; the rest unchanged.
    assert [(c.start, c.end) for c in cx.moved(anchored, AFTER)] == [(0, 45), (67, 111), (46, 66)]


def test_a_little_overlap_is_not_the_same_statement():
    far = fix(30, 70, 56, 62, speaker="Someone")
    [a] = cx.anchor([far], AFTER)
    assert a.how == "unanchored" and a.overlap < cx.MIN_OVERLAP


def test_two_editors_changing_different_fields_both_stand_and_the_later_wins_a_field():
    first = fix(0, 45, 10, 18, created="2026-03-01T10:00:00Z", author="ana", speaker="M. Holt", stance="warn")
    second = fix(0, 45, 10, 18, created="2026-03-01T10:00:05Z", author="bo", target="the board")
    third = fix(0, 45, 10, 18, created="2026-03-01T10:00:09Z", author="bo", stance="accuse")
    out = cx.apply(BEFORE, cx.anchor([third, first, second], BEFORE)).statements
    assert out.loc[0, ["speaker", "target", "stance"]].tolist() == ["M. Holt", "the board", "accuse"]


def test_a_rejected_statement_leaves_every_view_and_an_added_one_joins_it():
    not_one = fix(46, 66, 56, 62, action=REJECT)
    missed = fix(67, 100, 85, 90, action=ADD, speaker="Eko Dahl", stance="urge", target="dockers")
    engine = rows((0, 0, 45, 10, 18, "Mara Holt", "accuse"), (1, 46, 66, 56, 62, "port board", "deny"))
    anchored = cx.anchor([not_one, missed], engine)
    assert [a.how for a in anchored] == ["same", "added"]
    out = cx.apply(engine, anchored, {1: {"title": "Strike day"}}).statements
    assert out["speaker"].tolist() == ["Mara Holt", "Eko Dahl"]
    added = out.iloc[1]
    assert added["corrected"] and added["target"] == "dockers" and added["title"] == "Strike day"
    assert added["idx"] >= 10**6  # never mistaken for an engine statement
    # Once a newer engine finds the added statement itself, the analyst's fields apply to it: no duplicate.
    found = cx.anchor([missed], AFTER)
    assert [(a.statement, a.how) for a in found] == [(1, "shifted")]
    assert len(cx.apply(AFTER, found).statements) == 2


@pytest.mark.parametrize("kwargs, words", [
    ({"action": "delete"}, "one of edit, reject, add"),
    ({"changes": (("text", "x"),)}, "cannot set text"),
    ({"changes": (("stance", "shout"),)}, "'shout' is not a stance"),
    ({"start": 9, "end": 3}, "must run forwards"),
])
def test_a_malformed_correction_is_refused_with_its_reason(kwargs, words):
    base = {"article": "h1", "start": 0, "end": 45, "cue_start": 10, "cue_end": 18}
    with pytest.raises(ValueError, match=words):
        Correction(**{**base, **kwargs})
