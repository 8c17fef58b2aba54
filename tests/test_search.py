"""Full-text search through the database's own index, on SQLite (FTS5) and PostgreSQL (tsvector): words,
phrases and prefixes, the index kept in step with uploads and deletions, a database migrated from version 4,
and hostile queries that never raise."""
from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from analysis.store import SCHEMA_VERSION, Store, content_hash
from analysis.store import search as search_module
from analysis.store.search import Term, parse, search
from analysis.types import Analysis, Article, Statement

V = "test-engine"
TEXT_A = ("Mara Holt accused the port board of stalling the harbour talks. "
          "The board said negotiations would resume on Monday.")
TEXT_B = "Ivo Brandt urged the ferry union to accept the offer. The union denied any harbour deal was close."


def statement(text: str, speaker: str, cue: str, stance: str, target: str | None, content: str) -> Statement:
    start = text.index(content)
    cue_at = text.index(cue)
    sentence_start = text.rfind(". ", 0, cue_at) + 2 if ". " in text[:cue_at] else 0
    sentence_end = text.index(".", start + len(content) - 1) + 1
    return Statement(speaker, cue, stance, target, content, False, sentence_start, sentence_end, cue_at,
                     cue_at + len(cue), start, start + len(content), sentence=text[sentence_start:sentence_end])


def analysed(text: str, title: str) -> tuple[Article, Analysis]:
    article = Article(text=text, title=title, outlet="Coast Courier", date="2026-03-02")
    if text is TEXT_A:
        statements = (statement(text, "Mara Holt", "accused", "accuse", "port board", "of stalling the harbour talks"),
                      statement(text, "port board", "said", "say", None, "negotiations would resume on Monday"))
    else:
        statements = (statement(text, "Ivo Brandt", "urged", "urge", "ferry union", "to accept the offer"),
                      statement(text, "ferry union", "denied", "deny", None, "any harbour deal was close"))
    return article, Analysis(article=article, statements=statements)


@pytest.fixture
def corpus(store) -> int:
    (a, x), (b, y) = analysed(TEXT_A, "Harbour talks stall"), analysed(TEXT_B, "Ferry offer")
    return store.create_corpus("Coast", [a, b], [x, y], engine_version=V)


def found(store, corpus_id, query) -> list[tuple[str, int]]:
    return list(search(store, corpus_id, query).statements)


A, B = content_hash(TEXT_A), content_hash(TEXT_B)


def test_words_phrases_and_prefixes_over_content_sentence_speaker_and_target(store, corpus):
    assert found(store, corpus, "harbour") == [(A, 0), (B, 1)]  # in order of the corpus, then of the text
    assert found(store, corpus, "HARBOUR talks") == [(A, 0)]  # every word must occur; case does not matter
    assert found(store, corpus, '"harbour talks"') == [(A, 0)]
    assert found(store, corpus, '"talks harbour"') == []  # a phrase keeps its order
    assert found(store, corpus, "negotiat*") == [(A, 1)]  # a prefix (in the content)
    assert found(store, corpus, "negotiat") == []  # a word is whole without its *
    assert found(store, corpus, "brandt") == [(B, 0)]  # the speaker
    assert found(store, corpus, '"ferry union"') == [(B, 0), (B, 1)]  # the target of one, the speaker of the other
    assert found(store, corpus, "monday") == [(A, 1)]  # the sentence
    result = search(store, corpus, "harbour", limit=1)
    assert result.statements == ((A, 0),) and result.total == 2
    assert (result.articles, result.total_articles) == ((A,), 2)  # article texts: both name the harbour
    assert search(store, corpus, "stall").articles == (A,)  # the title: "Harbour talks stall"
    assert search(store, corpus, "offer").articles == (B,)
    assert search(store, corpus, "stall").statements == ()  # "stalling" is another word


def test_a_search_sees_only_its_corpus(store, corpus):
    b, y = analysed(TEXT_B, "Ferry offer")
    other = store.create_corpus("Other", [b], [y], engine_version=V)  # shares article B
    assert found(store, other, "harbour") == [(B, 1)]
    assert found(store, corpus, "harbour") == [(A, 0), (B, 1)]


def test_the_index_follows_reanalysis_and_deletion(store, corpus):
    article, analysis = analysed(TEXT_A, "Harbour talks stall")
    fewer = Analysis(article=article, statements=analysis.statements[1:])
    store.save_analyses([fewer], engine_version="newer")
    assert found(store, corpus, "stalling") == []
    assert found(store, corpus, "negotiations") == [(A, 0)]  # renumbered by the new analysis
    b, y = analysed(TEXT_B, "Ferry offer")
    other = store.create_corpus("Other", [b], [y], engine_version=V)
    store.delete_corpus(corpus)  # article A goes, B stays with the other corpus
    assert found(store, other, "harbour") == [(B, 1)]
    assert search(store, other, "harbour").articles == (B,)
    assert search(store, corpus, "harbour").total == 0
    assert store.check() == []


def test_a_version_4_database_gets_the_index_over_its_rows(tmp_path):
    path = tmp_path / "v4.db"
    store = Store(path)
    (a, x), (b, y) = analysed(TEXT_A, "Harbour talks stall"), analysed(TEXT_B, "Ferry offer")
    corpus = store.create_corpus("Coast", [a, b], [x, y], engine_version=V)
    store.close()
    with closing(sqlite3.connect(path, isolation_level=None)) as con:  # as version 4 left it: no index at all
        for name in ("statements_fts_insert", "statements_fts_delete", "statements_fts_update",
                     "articles_fts_insert", "articles_fts_delete"):
            con.execute(f"DROP TRIGGER {name}")
        for table in ("statements_fts", "articles_fts", "search_keys"):
            con.execute(f"DROP TABLE {table}")
        con.execute("DELETE FROM schema_version WHERE version >= 5")
    old = Store(path)
    assert old.schema_version() == SCHEMA_VERSION
    with old._connect() as con:
        assert search_module.has_index(con, old.dialect)
    assert found(old, corpus, "harbour") == [(A, 0), (B, 1)]
    assert search(old, corpus, "offer").articles == (B,)


def test_without_an_index_nothing_is_searched_and_the_caller_is_told(tmp_path):
    path = tmp_path / "bare.db"
    store = Store(path)
    (a, x) = analysed(TEXT_A, "Harbour talks stall")
    corpus = store.create_corpus("Coast", [a], [x], engine_version=V)
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        con.execute("DROP TABLE articles_fts")
    result = search(store, corpus, "harbour")
    assert not result.indexed and result.statements == ()


def test_the_query_is_cut_into_plain_words():
    assert parse('harbour "port  board" negotiat* *') == (
        Term(("harbour",)), Term(("port", "board")), Term(("negotiat",), prefix=True))
    assert parse('"unclosed phrase') == (Term(("unclosed", "phrase")),)
    assert parse("NEAR(a b) OR c AND NOT d") == (Term(("near", "a")), Term(("b",)), Term(("or",)), Term(("c",)),
                                                 Term(("and",)), Term(("not",)), Term(("d",)))
    assert parse("well-known") == (Term(("well", "known")),)
    assert parse("x\x00y") == (Term(("x",)), Term(("y",)))
    assert parse("* ** \" ' ( ) : ^ -") == ()
    assert parse(None) == () and parse(42) == ()
    assert len(parse("w " * 5000)) <= 1 and len(parse(" ".join(f"w{i}" for i in range(100)))) == 12
    assert search_module.fts5_query(parse('a "b c" d*')) == '"a" "b c" "d"*'
    assert search_module.tsquery(parse('a "b c" d*')) == "('a') & ('b' <-> 'c') & ('d':*)"


HOSTILE = ['"', '""', '"""', "*", "**", "a*b*", "NEAR(", "NEAR(a b, 2)", "a OR", "AND", "NOT a", "-a", "^a",
           "content:a", "{content}: a", "a:*", "'", "a' | 'b", "!a & b", "<->", "a <-> b", "(a", "a)", "\x00",
           "x" * 10_000, "é" * 3000, "\u202e\u200b", "\\", "%", "?", "$1", "' OR 1=1 --", "\n\t\r"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(store, corpus, query):
    result = search(store, corpus, query)
    assert result.total == len(result.statements)


@settings(max_examples=200, deadline=None)
@given(hs.text(max_size=60))
def test_any_text_parses_into_words_that_are_safe_in_both_query_languages(query):
    for term in parse(query):
        assert term.words and all(w.isalnum() and w == w.lower() and '"' not in w and "'" not in w
                                  for w in term.words)


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> tuple[Store, int]:
    store = Store(tmp_path_factory.mktemp("search") / "s.db")
    a, x = analysed(TEXT_A, "Harbour talks stall")
    yield store, store.create_corpus("Coast", [a], [x], engine_version=V)
    store.close()


@settings(max_examples=60, deadline=None)
@given(hs.text(alphabet=hs.sampled_from('ab "*()-:^\'\\\x00é'), max_size=20))
def test_any_query_runs_on_sqlite(shared, query):
    result = search(*shared, query)
    assert result.indexed and result.total == len(result.statements)


def test_postgresql_answers_from_its_gin_indexes(request):
    store = Store(request.getfixturevalue("postgres_url"))
    a, x = analysed(TEXT_A, "Harbour talks stall")
    corpus = store.create_corpus("Coast", [a], [x], engine_version=V)
    plans = []
    with store._connect() as con:
        con.execute("SET enable_seqscan = off")  # a table this small is read whole otherwise
        for sql in (search_module._PG_FIND_STATEMENTS, search_module._PG_FIND_ARTICLES):
            rows = con.execute("EXPLAIN " + sql, (search_module.tsquery(parse("harbour")), corpus)).fetchall()
            plans.append(" ".join(r["QUERY PLAN"] for r in rows))
        con.execute("RESET enable_seqscan")
    assert "statements_search" in plans[0] and "articles_search" in plans[1]
    store.close()
