"""Decisions and corrections stored per corpus, on SQLite and PostgreSQL: rights, authors, concurrency, and
corrections that follow their statements through a re-analysis."""
from __future__ import annotations

import threading

import pytest

from analysis import corrections as cx
from analysis.access import Principal
from analysis.corrections import EDIT, MERGE, REJECT, SPLIT, Correction, Decision
from analysis.errors import AccessDenied, ChangedMeanwhile
from analysis.store import Store
from analysis.store.layers import Layers
from analysis.tables import corpus_frames
from analysis.types import Analysis, Article, Statement

ANA, BO, CY = Principal("ana@example.org"), Principal("bo@example.org"), Principal("cy@example.org")
TEXT = "Mara Holt accused the port board of stalling. The board denied it on Monday."


def analysis(article: Article, second_end: int) -> Analysis:
    first = Statement("Mara Holt", "accused", "accuse", "port board", TEXT[10:45], False, 0, 45, 10, 17, 18, 45)
    second = Statement("port board", "denied", "deny", None, "it", False, 46, second_end, 56, 62, 63, 65)
    return Analysis(article=article, statements=(first, second))


def corpus(store: Store) -> tuple[int, str]:
    article = Article(text=TEXT, source="port.txt", title="Port")
    cid = store.create_corpus("Port", [article], [analysis(article, 65)], engine_version="v1", owner=ANA.user)
    share = store.create_share_link(cid, can_edit=True, by=ANA)
    return cid, share


def test_owners_and_editors_correct_viewers_cannot(store):
    cid, edit_token = corpus(store)
    layers = Layers(store)
    editor = Principal(BO.user, (edit_token,))
    viewer = Principal(CY.user, (store.create_share_link(cid, can_edit=False, by=ANA),))
    before = store.corpus(cid).revision
    stamped = layers.add_decision(cid, Decision(MERGE, "port board", "Harbour Board"), by=editor)
    assert stamped.author == BO.user and stamped.created
    assert store.corpus(cid).revision == before + 1  # views keyed by revision refresh
    with pytest.raises(AccessDenied):
        layers.add_decision(cid, Decision(SPLIT, "port board"), by=viewer)
    with pytest.raises(AccessDenied):
        layers.add_correction(cid, Correction("h", 0, 45, 10, 17, REJECT), by=viewer)
    assert [(d.kind, d.author) for d in layers.decisions(cid)] == [(MERGE, BO.user)]


def test_two_editors_at_once_lose_nothing(store):
    cid, edit_token = corpus(store)
    editors = [ANA, Principal(BO.user, (edit_token,))]
    article = store.article_ids(cid)[0]
    errors = []

    def work(who: Principal, n: int) -> None:
        other = Store(store.url)  # each editor has a connection of their own, as two servers would
        try:
            for i in range(n):
                Layers(other).add_correction(cid, Correction(article, 0, 45, 10, 17, EDIT,
                                                             (("target", f"{who.user} {i}"),)), by=who)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            other.close()

    threads = [threading.Thread(target=work, args=(who, 15)) for who in editors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    stored = Layers(store).corrections(cid)
    assert len(stored) == 30 and {c.author for c in stored} == {ANA.user, BO.user}


def test_a_correction_follows_its_statement_through_a_reanalysis_and_a_lost_one_is_kept(store):
    cid, _ = corpus(store)
    layers = Layers(store)
    article = store.article_ids(cid)[0]
    layers.add_correction(cid, Correction(article, 0, 45, 10, 17, EDIT, (("target", "the port board"),)), by=ANA)
    layers.add_correction(cid, Correction(article, 46, 65, 56, 62, EDIT, (("stance", "warn"),)), by=ANA)
    layers.add_correction(cid, Correction(article, 20, 30, 20, 24, REJECT), by=ANA)  # nothing there
    # A newer engine: the second statement now runs to the end of the sentence.
    [art] = [a for a in [store.article(article).article]]
    store.save_analyses([analysis(art, 77)], engine_version="v2")
    frames = corpus_frames(store.rows(cid))
    anchored = cx.anchor(layers.corrections(cid), frames.statements)
    assert [a.how for a in anchored] == ["same", "shifted", "unanchored"]
    assert layers.move(cid, cx.moved(anchored, frames.statements)) == 1
    again = cx.anchor(layers.corrections(cid), frames.statements)
    assert [a.how for a in again] == ["same", "same", "unanchored"]  # the next re-analysis starts from there
    result = cx.apply(frames.statements, again)
    assert result.statements["stance"].tolist() == ["accuse", "warn"] and len(result.unanchored) == 1
    assert len(layers.corrections(cid)) == 3  # never dropped


def test_deleting_a_corpus_takes_its_layers_with_it(store):
    cid, _ = corpus(store)
    Layers(store).add_decision(cid, Decision(SPLIT, "Mara Holt"), by=ANA)
    store.delete_corpus(cid, by=ANA)
    assert Layers(store).decisions(cid) == []


def test_the_history_lists_both_layers_and_undo_takes_back_only_the_last_change_seen(store):
    cid, edit_token = corpus(store)
    layers = Layers(store)
    article = store.article_ids(cid)[0]
    editor = Principal(BO.user, (edit_token,))
    viewer = Principal(CY.user, (store.create_share_link(cid, can_edit=False, by=ANA),))
    layers.add_decision(cid, Decision(MERGE, "port board", "Harbour Board"), by=ANA)
    layers.add_correction(cid, Correction(article, 0, 45, 10, 17, EDIT, (("stance", "warn"),)), by=editor)
    history = layers.history(cid)
    assert [(c.layer, c.author) for c in history] == [("decision", ANA.user), ("correction", BO.user)]
    seen = history[-1].key
    with pytest.raises(AccessDenied):
        layers.undo(cid, seen, by=viewer)
    layers.add_decision(cid, Decision(SPLIT, "Mara Holt"), by=ANA)  # someone else, meanwhile
    with pytest.raises(ChangedMeanwhile):
        layers.undo(cid, seen, by=editor)
    assert len(layers.history(cid)) == 3  # nothing taken back
    before = store.corpus(cid).revision
    layers.undo(cid, layers.history(cid)[-1].key, by=editor)
    assert store.corpus(cid).revision == before + 1
    layers.undo(cid, layers.history(cid)[-1].key, by=ANA)
    assert [c.item.kind for c in layers.history(cid)] == [MERGE] and layers.corrections(cid) == []
    layers.undo(cid, layers.history(cid)[-1].key, by=ANA)
    with pytest.raises(ChangedMeanwhile):  # nothing left to undo
        layers.undo(cid, seen, by=ANA)
