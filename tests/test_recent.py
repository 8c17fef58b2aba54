"""The corpora opened most recently, and what a starting server prepares from them (server.warm_corpora)."""
from __future__ import annotations

import pytest

import server
import ui
from analysis import layered
from analysis.store import Store, recent
from analysis.tools.bench_dashboard import store_synthetic


def test_opened_corpora_come_newest_first_each_once_and_only_so_many(store, monkeypatch):
    assert recent.recent(store) == []
    for corpus_id in (3, 5, 3, 7):
        recent.opened(store, corpus_id)
    assert recent.recent(store) == [7, 3, 5]
    assert recent.recent(store, 2) == [7, 3]
    monkeypatch.setattr(recent, "KEEP", 2)
    recent.opened(store, 9)
    assert recent.recent(store) == [9, 7]


def test_a_mangled_record_reads_as_no_corpus_opened(tmp_path):
    store = Store(tmp_path / "w.db")
    for mangled in ("{not json", '{"a": 1}', '[1, "two", true, 4.5, 3]'):
        with store._transaction() as con:
            store._set_meta(con, recent.KEY, mangled)
        assert recent.recent(store) == ([1, 3] if mangled.startswith("[") else [])
    recent.opened(store, 2)
    assert recent.recent(store) == [2, 1, 3]


def test_the_server_prepares_the_most_recently_opened_corpora_then_the_newest(store):
    store.mark_builtin_done()
    ids = [store_synthetic(store, f"Corpus {i}", 2, seed=i) for i in range(4)]
    assert [c.id for c in recent.to_prepare(store, 2)] == [ids[3], ids[2]]  # none opened yet: the newest
    recent.opened(store, ids[0])
    recent.opened(store, 999)  # a corpus deleted since
    assert [c.id for c in recent.to_prepare(store, 3)] == [ids[0], ids[3], ids[2]]
    store.delete_corpus(ids[0])
    assert [c.id for c in recent.to_prepare(store, 1)] == [ids[3]]


@pytest.fixture
def fresh_caches():
    ui.corpus_layers.clear()
    ui.filter_options.clear()
    yield
    ui.corpus_layers.clear()
    ui.filter_options.clear()


def test_a_prepared_corpus_is_not_loaded_again_by_its_first_page(tmp_path, monkeypatch, fresh_caches):
    db = tmp_path / "wsw.sqlite3"
    monkeypatch.setenv("WSW_DB", str(db))
    store = Store(db)
    store.mark_builtin_done()
    first, second = store_synthetic(store, "First", 3, seed=1), store_synthetic(store, "Second", 3, seed=2)
    recent.opened(store, first)
    loads = []
    monkeypatch.setattr(layered, "load", lambda s, cid, real=layered.load: loads.append(cid) or real(s, cid))
    assert server.warm_corpora(n=1) == [first]
    info = store.corpus(first)
    ui.corpus_layers(ui.get_store(ui.db_url()).url, first, info.revision)
    assert loads == [first]  # the page's call found it prepared
    assert server.warm_corpora(n=2) == [first, second] and loads == [first, second]


def test_a_database_that_cannot_be_read_prepares_nothing_and_says_why(tmp_path, monkeypatch, caplog, fresh_caches):
    (tmp_path / "not-a-db").write_text("this is no database")
    monkeypatch.setenv("WSW_DB", str(tmp_path / "not-a-db"))
    ui.get_store.clear()
    assert server.warm_corpora() == []
    assert "could not prepare the corpora at start-up" in caplog.text
    ui.get_store.clear()
