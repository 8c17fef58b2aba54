"""The SQLite store: schema, one-transaction uploads, sharing of articles, re-analysis, rename and delete."""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import replace

import pytest

from analysis.bench_dashboard import synthetic_corpus
from analysis.store import CorpusNameError, Store, content_hash, engine_version
from analysis.types import Analysis, Article

V = "test-engine-1"


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "db" / "wsw.sqlite3")


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(12, seed=3)


def test_schema_is_created_with_wal(store):
    with sqlite3.connect(store.path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"corpora", "articles", "corpus_articles", "analyses", "statements", "actors", "locations"} <= tables
    assert mode == "wal"
    assert store.meta("schema") == "1"


def test_create_corpus_round_trip(store, corpus):
    cid = store.create_corpus("Syria talks", [a.article for a in corpus], corpus, engine_version=V)
    [info] = store.corpora()
    assert (info.id, info.name, info.articles, info.builtin) == (cid, "Syria talks", 12, False)
    rows = store.rows(cid)
    assert len(rows["articles"]) == 12
    assert len(rows["statements"]) == sum(len(a.statements) for a in corpus)
    assert len(rows["actors"]) == sum(len(a.actors) for a in corpus)
    first = corpus[0]
    back = store.article(content_hash(first.article.text))
    assert back == first
    assert rows["articles"][0]["title"] == first.article.title
    stmt = rows["statements"][0]
    assert stmt["speaker"] == first.statements[0].speaker
    assert isinstance(stmt["direct"], bool)
    assert stmt["context"] == first.statements[0].sentence


def test_records_are_json_not_pickles(store, corpus):
    store.create_corpus("c", [a.article for a in corpus[:2]], corpus[:2], engine_version=V)
    with sqlite3.connect(store.path) as con:
        record, version = con.execute("SELECT record, engine_version FROM analyses LIMIT 1").fetchone()
    assert json.loads(record)["statements"]
    assert version == V


def test_articles_are_shared_between_corpora(store, corpus):
    articles = [a.article for a in corpus[:4]]
    a = store.create_corpus("A", articles, corpus[:4], engine_version=V)
    b = store.create_corpus("B", articles[:2], engine_version=V)
    assert store.analysed([content_hash(x.text) for x in articles], V) == {content_hash(x.text) for x in articles}
    store.delete_corpus(a)
    assert [c.name for c in store.corpora()] == ["B"]
    assert len(store.rows(b)["statements"]) == sum(len(x.statements) for x in corpus[:2])
    with sqlite3.connect(store.path) as con:
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
        assert con.execute("SELECT COUNT(*) FROM analyses").fetchone()[0] == 2


def test_failed_upload_leaves_nothing_behind(store, corpus):
    keep = store.create_corpus("Keep", [a.article for a in corpus[:3]], corpus[:3], engine_version=V)
    before = store.rows(keep)

    def analyses():
        yield corpus[3]
        raise RuntimeError("engine failed half-way")

    with pytest.raises(RuntimeError):
        store.create_corpus("Broken", [a.article for a in corpus[3:6]], analyses(), engine_version=V)
    assert [c.name for c in store.corpora()] == ["Keep"]
    assert store.rows(keep) == before
    with sqlite3.connect(store.path) as con:
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3


def test_analysis_of_unknown_article_is_refused(store, corpus):
    with pytest.raises(KeyError, match="not in the store"):
        store.save_analyses([corpus[0]], engine_version=V)


@pytest.mark.parametrize("name", ["", "   "])
def test_corpus_needs_a_name(store, name):
    with pytest.raises(CorpusNameError, match="needs a name"):
        store.create_corpus(name, [], engine_version=V)


def test_names_are_unique_and_rename(store):
    a = store.create_corpus("One", [Article(text="First text.")], engine_version=V)
    store.create_corpus("Two", [Article(text="Second text.")], engine_version=V)
    with pytest.raises(CorpusNameError, match="already exists"):
        store.create_corpus("One", [], engine_version=V)
    with pytest.raises(CorpusNameError, match="already exists"):
        store.rename_corpus(a, "Two")
    revision = store.corpus(a).revision
    store.rename_corpus(a, "  One   renamed ")
    assert store.corpus(a).name == "One renamed"
    assert store.corpus(a).revision == revision + 1


def test_stale_analyses_are_found_and_replaced(store, corpus):
    cid = store.create_corpus("c", [a.article for a in corpus[:3]], corpus[:3], engine_version="old")
    assert len(store.stale_articles(cid, "new")) == 3
    assert store.stale_articles(cid, "old") == []
    revision = store.corpus(cid).revision
    fresh = [replace(a, statements=a.statements[:1]) for a in corpus[:3]]
    store.save_analyses(fresh, engine_version="new")
    assert store.stale_articles(cid, "new") == []
    assert len(store.rows(cid)["statements"]) == 3
    assert store.corpus(cid).revision > revision


def test_articles_without_analysis_are_stale(store):
    cid = store.create_corpus("c", [Article(text="Plain text.", title="T")], engine_version=V)
    [stale] = store.stale_articles(cid, V)
    assert stale.title == "T"
    assert store.article(content_hash("Plain text.")) == Analysis(article=stale)


def test_replace_articles_of_builtin_corpus(store, corpus):
    cid = store.create_corpus("Demo", [a.article for a in corpus[:2]], corpus[:2], engine_version=V, builtin=True)
    assert store.meta("builtin_created")
    store.replace_articles(cid, [a.article for a in corpus[1:4]], corpus[2:4], engine_version=V)
    assert store.article_ids(cid) == [content_hash(a.article.text) for a in corpus[1:4]]
    assert store.corpora()[0].builtin
    assert store.article(content_hash(corpus[0].article.text)) is None  # dropped with its only corpus


def test_sql_values_are_parameters(store):
    name = "x'); DROP TABLE corpora; --"
    cid = store.create_corpus(name, [Article(text="Robert'); DROP TABLE articles; --", title="'; --")],
                              engine_version=V)
    assert store.corpus(cid).name == name
    assert store.rows(cid)["articles"][0]["title"] == "'; --"


def test_store_is_usable_from_threads(store, corpus):
    cid = store.create_corpus("c", [a.article for a in corpus], corpus, engine_version=V)
    results = []
    threads = [threading.Thread(target=lambda: results.append(len(store.rows(cid)["statements"]))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and results[0] > 0


def test_engine_version_names_the_model():
    from analysis.config import MODEL_NAME

    assert MODEL_NAME in engine_version()
