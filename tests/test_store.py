"""The store on SQLite and on PostgreSQL: schema and migration, one-transaction uploads, sharing of articles,
re-analysis, rename and delete, owners and share links, concurrent writers and a writer killed mid-upload.

Every test taking `store` or `target` runs once per backend; the PostgreSQL runs use a throwaway cluster
(conftest.postgres_server) and are skipped where PostgreSQL is not installed, except under CI.
"""
from __future__ import annotations

import json
import logging
import signal
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.access import LOCAL, AccessDenied, Principal, token_hash
from analysis.engine.version import engine_version
from analysis.store import SCHEMA_VERSION, CorpusNameError, SchemaError, Store, content_hash
from analysis.tools.bench_dashboard import synthetic_corpus
from analysis.types import Actor, Analysis, Article

V = "test-engine-1"
ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path):
    """Where a new, empty store lives: a SQLite file, or the URL of a new PostgreSQL database."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    return str(tmp_path / "db" / "wsw.sqlite3")


@pytest.fixture
def store(target):
    s = Store(target)
    yield s
    s.close()


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(12, seed=3)


def scalar(store: Store, sql: str, *params):
    """The first value of the first row of a query (tests only; the store's own reads are its methods)."""
    with store._connect() as con:
        row = con.execute(sql, params).fetchone()
    return next(iter(row.values()))


def count(store: Store, table: str) -> int:
    return scalar(store, f"SELECT COUNT(*) AS n FROM {table}")


# Schema and migration ---------------------------------------------------------------------------------------


def test_schema_is_created_with_wal(tmp_path):
    store = Store(tmp_path / "db" / "wsw.sqlite3")
    with sqlite3.connect(store.path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"corpora", "articles", "corpus_articles", "analyses", "statements", "actors", "locations",
            "share_links", "schema_version"} <= tables
    assert mode == "wal"
    assert store.schema_version() == SCHEMA_VERSION


def test_opening_again_changes_nothing(store, target, corpus):
    cid = store.create_corpus("c", [a.article for a in corpus[:2]], corpus[:2], engine_version=V)
    again = Store(target)
    assert again.schema_version() == SCHEMA_VERSION
    assert count(again, "schema_version") == SCHEMA_VERSION
    assert again.rows(cid) == store.rows(cid)
    again.close()


def test_replicas_starting_at_once_create_one_schema(target):
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def start():
        barrier.wait()
        try:
            Store(target).close()
        except BaseException as err:  # collected: an exception in a thread would not fail the test
            errors.append(err)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = Store(target)
    assert store.schema_version() == SCHEMA_VERSION
    assert count(store, "schema_version") == SCHEMA_VERSION


def test_version_1_database_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as con:
        con.executescript((ROOT / "tests/data/schema_v1.sql").read_text())
        con.execute("INSERT INTO corpora(id, name, created, builtin) VALUES (1, 'Demo', '2026-01-01', 1), "
                    "(2, 'Mine', '2026-01-02', 0)")
        old = content_hash("Old text.")
        con.execute("INSERT INTO articles(hash, title, text) VALUES (?, 'T', 'Old text.')", (old,))
        con.execute("INSERT INTO corpus_articles VALUES (2, ?, 0)", (old,))
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.meta("schema") is None
    assert [(c.id, c.name, c.owner, c.articles) for c in store.corpora()] == [(1, "Demo", LOCAL, 0),
                                                                             (2, "Mine", LOCAL, 1)]
    assert store.check() == []
    # Names are now unique per owner, not across the whole database.
    other = store.create_corpus("Mine", [Article(text="New text.")], engine_version=V, owner="alice@example.org")
    assert store.corpus(other).owner == "alice@example.org"
    assert Store(path).schema_version() == SCHEMA_VERSION


def test_newer_schema_is_refused(store, target):
    with store._connect() as con:
        con.execute("INSERT INTO schema_version(version, applied) VALUES (?, ?)", (SCHEMA_VERSION + 1, "later"))
    with pytest.raises(SchemaError, match=f"schema version {SCHEMA_VERSION + 1}; this code knows versions up to"):
        Store(target)


def test_repr_hides_the_password():
    from analysis.store.dialect import mask as _mask

    assert _mask("postgresql://wsw:s3cret@db.example:5432/news") == "postgresql://wsw:***@db.example:5432/news"
    assert _mask("data/wsw.sqlite3") == "data/wsw.sqlite3"


# Corpora, articles, analyses -----------------------------------------------------------------------------


def test_create_corpus_round_trip(store, corpus):
    cid = store.create_corpus("Syria talks", [a.article for a in corpus], corpus, engine_version=V)
    [info] = store.corpora()
    assert (info.id, info.name, info.articles, info.builtin, info.owner) == (cid, "Syria talks", 12, False, LOCAL)
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
    assert rows["locations"][0]["lat"] == first.locations[0].lat  # double precision on both backends


def test_records_are_json_not_pickles(store, corpus):
    store.create_corpus("c", [a.article for a in corpus[:2]], corpus[:2], engine_version=V)
    with store._connect() as con:
        row = con.execute("SELECT record, engine_version FROM analyses").fetchone()
    assert json.loads(row["record"])["statements"]
    assert row["engine_version"] == V


def test_no_pickle_in_the_code_but_the_signed_snapshots():
    for path in [*ROOT.glob("analysis/*.py"), ROOT / "ui.py", ROOT / "dashboard.py", *ROOT.glob("pages/*.py")]:
        source = path.read_text()
        assert "persist=" not in source, path
        if path.name == "snapshot.py":  # unpickles only what checks against the database's own key
            assert source.index("hmac.compare_digest") < source.index("pickle.load(")
        else:
            assert "import pickle" not in source, path


def test_articles_are_shared_between_corpora(store, corpus):
    articles = [a.article for a in corpus[:4]]
    a = store.create_corpus("A", articles, corpus[:4], engine_version=V)
    b = store.create_corpus("B", articles[:2], engine_version=V)
    assert store.analysed([content_hash(x.text) for x in articles], V) == {content_hash(x.text) for x in articles}
    store.delete_corpus(a)
    assert [c.name for c in store.corpora()] == ["B"]
    assert len(store.rows(b)["statements"]) == sum(len(x.statements) for x in corpus[:2])
    assert count(store, "articles") == 2
    assert count(store, "analyses") == 2


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
    assert count(store, "articles") == 3
    assert store.check() == []


def test_analysis_of_unknown_article_is_refused(store, corpus):
    with pytest.raises(KeyError, match="not in the store"):
        store.save_analyses([corpus[0]], engine_version=V)


def test_nul_characters_are_refused_on_both_backends(store):
    with pytest.raises(ValueError, match=r"'bad.txt' contains a NUL character"):
        store.create_corpus("c", [Article(text="a\x00b", source="bad.txt")], engine_version=V)
    assert store.corpora() == []


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


def test_add_articles_appends_new_ones(store, corpus):
    cid = store.create_corpus("c", [a.article for a in corpus[:3]], corpus[:3], engine_version=V)
    added = store.add_articles(cid, [a.article for a in corpus[2:5]], corpus[3:5], engine_version=V)
    assert added == 2
    assert store.article_ids(cid) == [content_hash(a.article.text) for a in corpus[:5]]
    assert store.stale_articles(cid, V) == []


INJECTIONS = ["x'); DROP TABLE corpora; --", "Robert'); DROP TABLE articles;--", "'; DELETE FROM analyses; --",
              "\" OR 1=1 --", "%s %(x)s ? $1"]


def test_sql_values_are_parameters(store):
    name = "x'); DROP TABLE corpora; --"
    cid = store.create_corpus(name, [Article(text="Robert'); DROP TABLE articles; --", title="'; --")],
                              engine_version=V)
    assert store.corpus(cid).name == name
    assert store.rows(cid)["articles"][0]["title"] == "'; --"


@pytest.mark.parametrize("probe", INJECTIONS)
def test_hostile_values_come_back_unchanged(store, probe):
    article = Article(text=f"{probe} said the minister.", title=probe, outlet=probe, author=probe, source=probe)
    analysis = Analysis(article=article, actors=(Actor(name=probe, type="PERSON", aliases=(probe,), role=probe,
                                                       mentions=1),))
    cid = store.create_corpus(probe, [article], [analysis], engine_version=V, owner=probe)
    store.rename_corpus(cid, probe + " 2", by=Principal(probe))
    assert [c.name for c in store.corpora(visible_to=Principal(probe))] == [probe + " 2"]
    rows = store.rows(cid)
    assert rows["articles"][0]["title"] == rows["articles"][0]["outlet"] == probe
    assert rows["actors"][0]["name"] == rows["actors"][0]["role"] == probe and rows["actors"][0]["aliases"] == [probe]
    assert store.article(content_hash(article.text)).article == article
    assert store.grants([probe]) == {}
    assert store.check() == []


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


# Owners and share links ---------------------------------------------------------------------------------


ALICE, BOB = Principal("alice@example.org"), Principal("bob@example.org")


def test_each_user_sees_their_own_corpora_and_the_demo(store):
    demo = store.create_corpus("Demo", [Article(text="Demo text.")], engine_version=V, builtin=True)
    a = store.create_corpus("Syria", [Article(text="Alice's text.")], engine_version=V, owner=ALICE.user)
    b = store.create_corpus("Syria", [Article(text="Bob's text.")], engine_version=V, owner=BOB.user)  # same name
    assert [c.id for c in store.corpora(visible_to=ALICE)] == [demo, a]
    assert [c.id for c in store.corpora(visible_to=BOB)] == [demo, b]
    assert store.role(a, ALICE) == "owner" and store.role(a, BOB) is None
    assert store.role(demo, ALICE) == "viewer" and store.role(demo, Principal(LOCAL)) == "owner"
    with pytest.raises(AccessDenied, match=r"Corpus \d+ is not open to 'bob@example.org'"):
        store.delete_corpus(a, by=BOB)
    with pytest.raises(AccessDenied, match="not open to"):
        store.rename_corpus(a, "Mine now", by=BOB)
    with pytest.raises(AccessDenied, match="not open to"):
        store.add_articles(a, [Article(text="Intruder.")], engine_version=V, by=BOB)
    with pytest.raises(AccessDenied, match="is viewer of corpus .* may not delete it; only owner may"):
        store.delete_corpus(demo, by=ALICE)
    assert store.corpus(a).name == "Syria" and store.article_ids(a) == [content_hash("Alice's text.")]


def test_share_links_open_a_corpus_read_only_or_for_editing(store):
    a = store.create_corpus("Alice's", [Article(text="Alice's text.")], engine_version=V, owner=ALICE.user)
    with pytest.raises(AccessDenied, match="not open to"):
        store.create_share_link(a, by=BOB)
    view = store.create_share_link(a, by=ALICE)
    edit = store.create_share_link(a, can_edit=True, by=ALICE)
    assert len(view) >= 32 and view != edit
    viewer, editor = Principal(BOB.user, (view,)), Principal(BOB.user, (edit,))
    assert [c.id for c in store.corpora(visible_to=viewer)] == [a]
    assert store.role(a, viewer) == "viewer" and store.role(a, editor) == "editor"
    with pytest.raises(AccessDenied, match="is viewer of corpus .* may not rename it; only owner or editor may"):
        store.rename_corpus(a, "Bob's now", by=viewer)
    with pytest.raises(AccessDenied, match="may not add"):
        store.add_articles(a, [Article(text="Bob's text.")], engine_version=V, by=viewer)
    store.rename_corpus(a, "Renamed by Bob", by=editor)
    assert store.add_articles(a, [Article(text="Bob's text.")], engine_version=V, by=editor) == 1
    with pytest.raises(AccessDenied, match="is editor of corpus .* may not delete it"):
        store.delete_corpus(a, by=editor)
    with pytest.raises(AccessDenied, match="may not share"):
        store.create_share_link(a, by=editor)
    # Only hashes are kept: the database alone opens nothing.
    with store._connect() as con:
        stored = {r["token_hash"] for r in con.execute("SELECT token_hash FROM share_links")}
    assert stored == {token_hash(view), token_hash(edit)} and not {view, edit} & stored


def test_revoked_links_open_nothing(store):
    a = store.create_corpus("Alice's", [Article(text="Alice's text.")], engine_version=V, owner=ALICE.user)
    token = store.create_share_link(a, by=ALICE)
    [link] = store.share_links(a)
    assert (link.corpus_id, link.can_edit, link.created_by) == (a, False, ALICE.user)
    with pytest.raises(AccessDenied):
        store.revoke_share_link(link.id, by=Principal(BOB.user, (token,)))
    store.revoke_share_link(link.id, by=ALICE)
    assert store.share_links(a) == [] and store.grants([token]) == {}
    assert store.corpora(visible_to=Principal(BOB.user, (token,))) == []
    assert store.grants(["made-up-token"]) == {}


def test_deleting_a_corpus_deletes_its_links(store):
    a = store.create_corpus("Alice's", [Article(text="Alice's text.")], engine_version=V, owner=ALICE.user)
    store.create_share_link(a, by=ALICE)
    store.delete_corpus(a, by=ALICE)
    assert count(store, "share_links") == 0 and store.check() == []


def test_reassign_hands_corpora_over(store):
    demo = store.create_corpus("Demo", [Article(text="Demo.")], engine_version=V, builtin=True)
    mine = store.create_corpus("Mine", [Article(text="Mine.")], engine_version=V)
    assert store.reassign(LOCAL, "team") == 1
    assert store.corpus(mine).owner == "team" and store.corpus(demo).owner == LOCAL
    store.create_corpus("Mine", [Article(text="Again.")], engine_version=V)
    store.create_corpus("Mine", [Article(text="Other.")], engine_version=V, owner="other")
    with pytest.raises(CorpusNameError, match="'team' already has a corpus named 'Mine'"):
        store.reassign(LOCAL, "team")


# Logging ------------------------------------------------------------------------------------------------


def test_log_lines_name_corpora_and_counts_but_no_article_text(store, corpus, caplog):
    caplog.set_level(logging.INFO, logger="analysis.store")
    cid = store.create_corpus("Logged", [a.article for a in corpus[:3]], corpus[:3], engine_version=V,
                              owner=ALICE.user)
    token = store.create_share_link(cid, by=ALICE)
    store.rename_corpus(cid, "Logged again", by=ALICE)
    store.delete_corpus(cid, by=ALICE)
    lines = [r.getMessage() for r in caplog.records if r.name == "analysis.store"]
    text = "\n".join(lines)
    assert f"corpus created: id={cid} name='Logged' owner='alice@example.org' articles=3" in text
    assert f"corpus deleted: id={cid} name='Logged again' articles=3" in text and "user='alice@example.org'" in text
    assert "share link created" in text and token not in text
    for a in corpus[:3]:
        for sentence in a.article.text.split(". "):
            if len(sentence) > 20:
                assert sentence not in text
        assert a.article.title not in text


# Concurrent writers and a killed writer --------------------------------------------------------------------


def test_two_uploads_at_once_both_land_and_share_articles(target):
    """Upload A is inside its transaction when upload B starts; B waits for A, then adds only what is new."""
    Store(target).close()
    analyses = synthetic_corpus(90, seed=21)
    first, second = analyses[:60], analyses[30:]  # 30 articles in both
    inside = threading.Event()
    errors: list[BaseException] = []

    def slow(items):
        for i, item in enumerate(items):
            yield item
            if i == 5:
                inside.set()  # A holds the write lock now; give B time to start and wait for it
                threading.Event().wait(0.5)

    def upload(name, items, gate=None):
        try:
            if gate:
                gate.wait(30)
            Store(target).create_corpus(name, [a.article for a in items], slow(items) if not gate else items,
                                        engine_version=V, owner=ALICE.user)
        except BaseException as err:  # collected: an exception in a thread would not fail the test
            errors.append(err)

    threads = [threading.Thread(target=upload, args=("A", first)),
               threading.Thread(target=upload, args=("B", second, inside))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = Store(target)
    got = {c.name: c for c in store.corpora()}
    assert got["A"].articles == 60 and got["B"].articles == 60
    assert store.article_ids(got["B"].id) == [content_hash(a.article.text) for a in second]
    assert count(store, "articles") == count(store, "analyses") == 90
    assert count(store, "statements") == sum(len(a.statements) for a in analyses)
    assert store.check() == []


CHILD = """
import sys, time
from analysis.tools.bench_dashboard import synthetic_corpus
from analysis.store import Store

store = Store(sys.argv[1])
corpus = synthetic_corpus(int(sys.argv[2]), seed=99)

def slowly():
    for i, analysis in enumerate(corpus):
        if i == 20:
            print("writing", flush=True)
        yield analysis
        time.sleep(0.005)  # keep the transaction open long enough to be killed inside it

store.create_corpus("Interrupted", [a.article for a in corpus], slowly(), engine_version="v")
print("done", flush=True)
"""


def test_a_writer_killed_mid_upload_leaves_a_sound_store(store, target, corpus):
    keep = store.create_corpus("Keep", [a.article for a in corpus], corpus, engine_version=V)
    before = store.rows(keep)
    child = subprocess.Popen([sys.executable, "-c", CHILD, target, "400"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "writing", child.stderr.read()
        threading.Event().wait(0.3)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert "done" not in child.stdout.read()
    store.close()
    reopened = Store(target)
    assert reopened.check() == []
    names = {c.name: c for c in reopened.corpora()}
    assert "Interrupted" not in names or names["Interrupted"].articles == 400
    assert names["Keep"].articles == len(corpus) and reopened.rows(keep) == before
    # The store takes writes again at once (no lock left behind by the dead writer).
    reopened.create_corpus("After", [Article(text="After the crash.")], engine_version=V)
