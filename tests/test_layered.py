"""The corpus as every page shows it: corrections applied, actors linked across articles, decisions on top; and
the dashboard agrees with `extract --link` on the corpus-level names."""
from __future__ import annotations

import pytest

from analysis import layered
from analysis.__main__ import _linked
from analysis.access import Principal
from analysis.corrections import ADD, EDIT, MERGE, REJECT, Correction, Decision
from analysis.store import Store
from analysis.store.layers import Layers
from analysis.types import Actor, Analysis, Article, Statement

ANA = Principal("ana@example.org")
FIRST = "Tove Brandt accused the ferry company of delays. The company denied it."
SECOND = "Brandt warned passengers on Friday. Harbour staff said little. Ferries will run late."


def statement(text: str, speaker: str | None, cue: str, stance: str, target: str | None, sentence: str) -> Statement:
    start = text.index(sentence)
    cue_start = text.index(cue, start)
    content_start = cue_start + len(cue) + 1
    end = start + len(sentence)
    return Statement(speaker, cue, stance, target, text[content_start:end - 1], False, start, end, cue_start,
                     cue_start + len(cue), content_start, end - 1)


def analyses() -> list[Analysis]:
    one, two = Article(text=FIRST, source="one.txt", title="Ferries"), Article(text=SECOND, source="two.txt",
                                                                               title="Late ferries")
    return [
        Analysis(article=one, statements=(
            statement(FIRST, "Tove Brandt", "accused", "accuse", "ferry company", FIRST[:49]),
            statement(FIRST, "ferry company", "denied", "deny", None, "The company denied it."),
        ), actors=(Actor("Tove Brandt", "PERSON"), Actor("ferry company", "ORG"))),
        Analysis(article=two, statements=(
            statement(SECOND, "Brandt", "warned", "warn", None, "Brandt warned passengers on Friday."),
            statement(SECOND, "Harbour staff", "said", "say", None, "Harbour staff said little."),
        ), actors=(Actor("Brandt", "PERSON"), Actor("Harbour staff", "GROUP"))),
    ]


@pytest.fixture()
def stored(tmp_path):
    store = Store(str(tmp_path / "l.db"))
    found = analyses()
    cid = store.create_corpus("Ferries", [a.article for a in found], found, engine_version="v1", owner=ANA.user)
    yield store, cid
    store.close()


def by_content(frames) -> dict:
    return {r["content"]: r for r in frames.statements.to_dict("records")}


def test_the_dashboard_and_extract_link_agree_on_every_speaker(stored):
    store, cid = stored
    shown = layered.load(store, cid).frames.statements
    cli = [s.speaker for a in _linked(analyses()) for s in a.statements]
    assert sorted(shown["speaker"]) == sorted(cli)
    assert shown["speaker"].tolist().count("Tove Brandt") == 2  # "Brandt" of the second article
    assert not shown["corrected"].any()


def test_corrections_then_linking_then_decisions_reach_the_frames(stored):
    store, cid = stored
    layers = Layers(store)
    one, two = store.article_ids(cid)
    s = FIRST.index("The company")
    layers.add_correction(cid, Correction(one, s, s + 22, s + 12, s + 18, EDIT, (("target", "Brandt"),)), by=ANA)
    h = SECOND.index("Harbour")
    layers.add_correction(cid, Correction(two, h, h + 26, h + 14, h + 18, REJECT), by=ANA)
    f = SECOND.index("Ferries")
    layers.add_correction(cid, Correction(two, f, len(SECOND), f + 8, f + 12, ADD, (
        ("speaker", "ferry company"), ("cue", "will"), ("stance", "warn"))), by=ANA)
    layers.add_decision(cid, Decision(MERGE, "ferry company", "Nordvik Ferries"), by=ANA)
    shown = layered.load(store, cid)
    rows = by_content(shown.frames)
    assert rows["it"]["target"] == "Tove Brandt" and rows["it"]["corrected"]  # the typed name is linked too
    assert rows["it"]["speaker"] == "Nordvik Ferries"  # and the merge applies over it
    assert "Harbour staff" not in set(shown.frames.statements["speaker"])
    added = rows["Ferries will run late."]
    assert added["speaker"] == "Nordvik Ferries" and added["corrected"] and added["title"] == "Late ferries"
    assert added["sentence"] == "Ferries will run late."
    assert shown.frames.statements["corrected"].sum() == 2 and shown.unanchored == ()


def test_an_edit_of_an_added_statement_changes_it_and_a_rejection_takes_it_back():
    add = Correction("h", 10, 30, 12, 16, ADD, (("speaker", "A"), ("stance", "say")), created="1")
    edit = Correction("h", 10, 30, 12, 16, EDIT, (("speaker", "B"),), created="2")
    other = Correction("h", 40, 50, 41, 44, EDIT, (("speaker", "C"),), created="3")
    [folded, kept] = layered.folded([add, edit, other])
    assert dict(folded.changes) == {"speaker": "B", "stance": "say"} and folded.action == ADD and kept == other
    assert layered.folded([add, edit, Correction("h", 10, 30, 12, 16, REJECT, created="4")]) == []


def test_a_correction_nothing_carries_is_listed_not_applied(stored):
    store, cid = stored
    one = store.article_ids(cid)[0]
    Layers(store).add_correction(cid, Correction(one, 60, 70, 61, 63, EDIT, (("speaker", "Nobody"),)), by=ANA)
    shown = layered.load(store, cid)
    assert [a.correction.changes for a in shown.unanchored] == [(("speaker", "Nobody"),)]
    assert "Nobody" not in set(shown.frames.statements["speaker"])
