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


def test_sentences_split_a_text_into_spans_without_the_spaces_between():
    text = "Port Strike\n\nMara Holt said “Enough.” The board denied it! Talks resume on 3 May.\nVik agreed."
    spans = cx.sentences(text)
    assert [text[s:e] for s, e in spans] == ["Port Strike", "Mara Holt said “Enough.”", "The board denied it!",
                                             "Talks resume on 3 May.", "Vik agreed."]


def test_an_edit_keeps_only_what_differs_and_finds_the_content_in_the_statement():
    row = BEFORE.iloc[0].to_dict()
    assert cx.edited("h1", row, TEXT, speaker="Mara Holt", stance="accuse", target="", content=row["content"]) is None
    fixed = cx.edited("h1", row, TEXT, speaker="", stance="warn", target="port board", content="the port board")
    assert dict(fixed.changes) == {"stance": "warn", "target": "port board", "content": "the port board",
                                   "content_start": 18, "content_end": 32}
    assert (fixed.start, fixed.end, fixed.cue_start, fixed.cue_end, fixed.action) == (0, 45, 10, 18, EDIT)
    with pytest.raises(ValueError, match="words of the statement"):
        cx.edited("h1", row, TEXT, speaker="", stance="accuse", target="", content="Eko Dahl")


def test_an_added_statement_needs_a_speaker_and_a_cue_from_its_sentence():
    sentence = cx.sentences(TEXT)[2]
    made = cx.added("h1", TEXT, sentence, speaker="Eko Dahl", cue="URGED", stance="urge", target=" ")
    assert made.action == ADD and (made.start, made.end) == sentence and TEXT[made.cue_start:made.cue_end] == "urged"
    assert dict(made.changes)["target"] is None and dict(made.changes)["content"] == TEXT[sentence[0]:sentence[1]]
    with pytest.raises(ValueError, match="cue must be words"):
        cx.added("h1", TEXT, sentence, speaker="Eko Dahl", cue="accused", stance="urge")
    with pytest.raises(ValueError, match="Name the speaker"):
        cx.added("h1", TEXT, sentence, speaker=" ", cue="urged", stance="urge")


def test_each_change_is_described_in_one_line():
    from analysis.corrections import MERGE, TYPE, Decision

    assert cx.describe(Decision(MERGE, "Holt", "Mara Holt")) == "merge Holt into Mara Holt"
    assert cx.describe(Decision(TYPE, "Port board", "organisation")) == "type of Port board: organisation"
    assert cx.describe(fix(0, 45, 10, 18, target=None, stance="warn")) == "edit: target → none, stance → warn"
    assert cx.describe(fix(0, 45, 10, 18, action=REJECT)) == "not a statement"
    assert cx.describe(fix(0, 9, 3, 5, action=ADD, speaker="Eko Dahl", content_start=0)) == (
        "added statement: speaker → Eko Dahl")
