"""Full-text search over a corpus's statements and article texts, through the database's own index.

SQLite: two FTS5 tables (statements: content, sentence, speaker, target; articles: title, text), kept in step
with the store's tables by triggers. Their rows are numbered through `search_keys` (article hash, statement idx;
idx -1 is the article itself), since the store's tables have text keys and VACUUM may renumber their rowids.
PostgreSQL: GIN indexes on the tsvector of the same columns (the 'simple' configuration: no stemming, no stop
words, as FTS5's unicode61 tokenizer), which PostgreSQL keeps up to date by itself.

Queries: words (all must occur), "a phrase" (adjacent words, in order) and prefixes (negotiat*). The user's text
is never passed to the database as query syntax: it is cut into plain words first (letters and digits only),
and only those are put into an FTS5 or tsquery expression, so unbalanced quotes, operators, NEAR(, a lone *,
control characters or 10 kB of text cannot raise.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .dialect import SQLITE, Connection, Dialect

log = logging.getLogger("analysis.store")

MAX_QUERY_CHARS = 500  # longer queries are cut: nobody types more, and the index is not made to parse essays
MAX_TERMS = 12
MAX_WORDS = 8  # per phrase
ARTICLE_ROW = -1  # the idx of an article's own row in search_keys

_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")  # a word: letters and digits, as FTS5's unicode61 tokenizer cuts text
_PREFIX = re.compile(r"[^\W_]\*+$")  # a word ending in * (right after a letter or digit)

# PostgreSQL: one expression per table ({p}: the table's alias in a query, none in the index); queries repeat it
# exactly, so the planner uses the index.
_PG_STATEMENTS = ("to_tsvector('simple', COALESCE({p}content, '') || ' ' || COALESCE({p}sentence, '') || ' ' || "
                  "COALESCE({p}speaker, '') || ' ' || COALESCE({p}target, ''))")
_PG_ARTICLES = "to_tsvector('simple', COALESCE({p}title, '') || ' ' || {p}text)"

_SQLITE_INDEX = (
    "CREATE TABLE IF NOT EXISTS search_keys (id INTEGER PRIMARY KEY, article_hash TEXT NOT NULL, "
    "idx INTEGER NOT NULL, UNIQUE (article_hash, idx))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(content, sentence, speaker, target, prefix='2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, prefix='2 3')",
    # last_insert_rowid() inside a trigger is the row the trigger itself just inserted.
    """CREATE TRIGGER IF NOT EXISTS statements_fts_insert AFTER INSERT ON statements BEGIN
        INSERT INTO search_keys(article_hash, idx) VALUES (new.article_hash, new.idx);
        INSERT INTO statements_fts(rowid, content, sentence, speaker, target)
            VALUES (last_insert_rowid(), new.content, new.sentence, new.speaker, new.target);
    END""",
    """CREATE TRIGGER IF NOT EXISTS statements_fts_delete AFTER DELETE ON statements BEGIN
        DELETE FROM statements_fts WHERE rowid =
            (SELECT id FROM search_keys WHERE article_hash = old.article_hash AND idx = old.idx);
        DELETE FROM search_keys WHERE article_hash = old.article_hash AND idx = old.idx;
    END""",
    """CREATE TRIGGER IF NOT EXISTS statements_fts_update AFTER UPDATE OF content, sentence, speaker, target
    ON statements BEGIN
        UPDATE statements_fts SET content = new.content, sentence = new.sentence, speaker = new.speaker,
            target = new.target
            WHERE rowid = (SELECT id FROM search_keys WHERE article_hash = new.article_hash AND idx = new.idx);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO search_keys(article_hash, idx) VALUES (new.hash, -1);
        INSERT INTO articles_fts(rowid, title, text) VALUES (last_insert_rowid(), new.title, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = (SELECT id FROM search_keys WHERE article_hash = old.hash AND idx = -1);
        DELETE FROM search_keys WHERE article_hash = old.hash AND idx = -1;
    END""",
)
_SQLITE_FILL = (  # the rows stored before the index existed
    "DELETE FROM statements_fts", "DELETE FROM articles_fts", "DELETE FROM search_keys",
    "INSERT INTO search_keys(article_hash, idx) SELECT article_hash, idx FROM statements",
    "INSERT INTO search_keys(article_hash, idx) SELECT hash, -1 FROM articles",
    "INSERT INTO statements_fts(rowid, content, sentence, speaker, target) "
    "SELECT k.id, s.content, s.sentence, s.speaker, s.target "
    "FROM statements s JOIN search_keys k ON k.article_hash = s.article_hash AND k.idx = s.idx",
    "INSERT INTO articles_fts(rowid, title, text) SELECT k.id, a.title, a.text "
    "FROM articles a JOIN search_keys k ON k.article_hash = a.hash AND k.idx = -1",
)
_PG_INDEX = (  # PostgreSQL builds them over the rows already there, and keeps them up to date
    f"CREATE INDEX IF NOT EXISTS statements_search ON statements USING GIN ({_PG_STATEMENTS.format(p='')})",
    f"CREATE INDEX IF NOT EXISTS articles_search ON articles USING GIN ({_PG_ARTICLES.format(p='')})",
)


_SQLITE_STATEMENTS = (
    "SELECT k.article_hash AS a, k.idx AS i FROM statements_fts f JOIN search_keys k ON k.id = f.rowid "
    "JOIN corpus_articles ca ON ca.article_hash = k.article_hash "
    "WHERE statements_fts MATCH ? AND ca.corpus_id = ? ORDER BY ca.position, k.idx")
_SQLITE_ARTICLES = (
    "SELECT k.article_hash AS a FROM articles_fts f JOIN search_keys k ON k.id = f.rowid "
    "JOIN corpus_articles ca ON ca.article_hash = k.article_hash "
    "WHERE articles_fts MATCH ? AND ca.corpus_id = ? ORDER BY ca.position")
_PG_FIND_STATEMENTS = (
    "SELECT s.article_hash AS a, s.idx AS i FROM statements s "
    "JOIN corpus_articles ca ON ca.article_hash = s.article_hash "
    f"WHERE {_PG_STATEMENTS.format(p='s.')} @@ to_tsquery('simple', ?) AND ca.corpus_id = ? "
    "ORDER BY ca.position, s.idx")
_PG_FIND_ARTICLES = (
    "SELECT a.hash AS a FROM articles a JOIN corpus_articles ca ON ca.article_hash = a.hash "
    f"WHERE {_PG_ARTICLES.format(p='a.')} @@ to_tsquery('simple', ?) AND ca.corpus_id = ? ORDER BY ca.position")


@dataclass(frozen=True)
class Term:
    """One part of a query: a word or a phrase (its words, lower-cased), and whether its last word is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class SearchResult:
    """What a search found in one corpus, in the corpus's order.

    `statements` are (article id, statement idx) pairs, at most `limit` of them; `total` counts them all.
    `articles` are the ids of the articles whose title or text matches (at most `limit`); `total_articles`
    counts them all. `indexed` is False when the database has no search index (nothing was searched).
    """

    terms: tuple[Term, ...]
    statements: tuple[tuple[str, int], ...] = ()
    total: int = 0
    articles: tuple[str, ...] = ()
    total_articles: int = 0
    indexed: bool = True


def parse(query: object) -> tuple[Term, ...]:
    """The user's query as terms: "…" makes a phrase (an unclosed quote runs to the end), a trailing * a prefix;
    everything but letters and digits separates words. Anything that is not text gives no terms."""
    if not isinstance(query, str):
        return ()
    text = "".join(c if c.isprintable() else " " for c in query[:MAX_QUERY_CHARS])
    terms: list[Term] = []
    for m in _TERM.finditer(text):
        phrase, word = m.group(1), m.group(2)
        words = tuple(w.lower() for w in _WORD.findall(phrase if phrase is not None else word))[:MAX_WORDS]
        if not words:
            continue
        term = Term(words, prefix=phrase is None and _PREFIX.search(word) is not None)
        if term not in terms:
            terms.append(term)
    return tuple(terms[:MAX_TERMS])


def fts5_query(terms: tuple[Term, ...]) -> str:
    """The terms as an FTS5 MATCH expression: each a quoted string (words only: nothing to escape), ANDed."""
    return " ".join('"' + " ".join(t.words) + '"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: tuple[Term, ...]) -> str:
    """The terms as a PostgreSQL tsquery: words quoted (letters and digits only), phrases with <->, prefixes :*."""
    return " & ".join("(" + " <-> ".join(f"'{w}'" for w in t.words) + (":*" if t.prefix else "") + ")"
                      for t in terms)


def install(con: Connection, dialect: Dialect) -> None:
    """Create the search index and fill it from the rows already stored (schema version 5); safe to run again.

    A SQLite built without FTS5 gets no index (search then falls back to scanning the statements)."""
    if dialect is not SQLITE:
        for statement in _PG_INDEX:
            con.execute(statement)
        return
    try:
        con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS fts5_probe USING fts5(x)")
        con.execute("DROP TABLE fts5_probe")
    except Exception as err:
        if "fts5" not in str(err):
            raise
        log.warning("this SQLite has no FTS5: search scans the statements instead of an index")
        return
    for statement in (*_SQLITE_INDEX, *_SQLITE_FILL):
        con.execute(statement)


def has_index(con: Connection, dialect: Dialect) -> bool:
    """Whether the database has the search index (schema version 5 on a SQLite with FTS5, or PostgreSQL)."""
    if dialect is SQLITE:
        sql = "SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('statements_fts', 'articles_fts')"
    else:
        sql = "SELECT COUNT(*) AS n FROM pg_indexes WHERE indexname IN ('statements_search', 'articles_search')"
    return con.execute(sql).fetchone()["n"] == 2


def search(store, corpus_id: int, query: str, limit: int | None = None) -> SearchResult:
    """Search a corpus's statements (content, sentence, speaker, target) and article texts (title, text).

    Args:
        store: the Store.
        query: what the analyst typed (see parse); a query with no words finds nothing.
        limit: at most this many statements and articles are returned (None: all); the totals count all.
    """
    terms = parse(query)
    if not terms:
        return SearchResult(terms)
    if store.dialect is SQLITE:
        match, statements, articles = fts5_query(terms), _SQLITE_STATEMENTS, _SQLITE_ARTICLES
    else:
        match, statements, articles = tsquery(terms), _PG_FIND_STATEMENTS, _PG_FIND_ARTICLES
    with store._reading() as con:
        if not has_index(con, store.dialect):
            return SearchResult(terms, indexed=False)
        found = [(r["a"], r["i"]) for r in con.execute(statements, (match, corpus_id))]
        texts = [r["a"] for r in con.execute(articles, (match, corpus_id))]
    return SearchResult(terms, tuple(found[:limit]), len(found), tuple(texts[:limit]), len(texts))
