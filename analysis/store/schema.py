"""The store's tables, and the migrations that bring an older database up to date."""
from __future__ import annotations

import logging
import sqlite3
import time
from contextlib import suppress
from datetime import UTC, datetime

from ..access import LOCAL
from ..errors import STORE_BUSY, STORE_TOO_OLD_TO_READ, SchemaError, StoreError
from .dialect import SQLITE, Connection, Dialect
from .search import install as install_search

log = logging.getLogger("analysis.store")  # one logger for the whole store package

SCHEMA_VERSION = 6  # 4: actor decisions and corrections (store/layers.py); 5: the search index (store/search.py);
# 6: the upload jobs analysed in the background (store/jobs.py)

# The current schema. {id} is the dialect's auto-numbered primary key. DOUBLE PRECISION gets REAL affinity in
# SQLite and keeps coordinates exact in PostgreSQL (whose REAL is single precision).
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corpora (
    id {id},
    owner TEXT NOT NULL DEFAULT 'local',
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0,
    UNIQUE (owner, name)
);
CREATE TABLE IF NOT EXISTS articles (
    hash TEXT PRIMARY KEY,
    title TEXT, date TEXT, outlet TEXT, author TEXT, url TEXT, source TEXT, language TEXT,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corpus_articles (
    corpus_id BIGINT NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
    article_hash TEXT NOT NULL REFERENCES articles(hash),
    position INTEGER NOT NULL,
    PRIMARY KEY (corpus_id, article_hash)
);
CREATE INDEX IF NOT EXISTS corpus_articles_by_article ON corpus_articles(article_hash);
CREATE TABLE IF NOT EXISTS analyses (
    article_hash TEXT PRIMARY KEY REFERENCES articles(hash) ON DELETE CASCADE,
    engine_version TEXT NOT NULL,
    analysed TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS statements (
    article_hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT, speaker_text TEXT, cue TEXT NOT NULL, stance TEXT NOT NULL, target TEXT,
    content TEXT NOT NULL, direct INTEGER NOT NULL, negated INTEGER NOT NULL, location TEXT, sentence TEXT,
    start INTEGER, "end" INTEGER, cue_start INTEGER, cue_end INTEGER, content_start INTEGER, content_end INTEGER,
    context TEXT NOT NULL, context_start INTEGER,
    PRIMARY KEY (article_hash, idx)
);
CREATE TABLE IF NOT EXISTS actors (
    article_hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL, type TEXT, aliases TEXT NOT NULL, role TEXT, mentions INTEGER NOT NULL,
    PRIMARY KEY (article_hash, idx)
);
CREATE TABLE IF NOT EXISTS locations (
    article_hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL, country TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, kind TEXT,
    mentions INTEGER NOT NULL, aliases TEXT NOT NULL,
    PRIMARY KEY (article_hash, idx)
);
CREATE TABLE IF NOT EXISTS share_links (
    id {id},
    corpus_id BIGINT NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    can_edit INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS share_links_by_corpus ON share_links(corpus_id);
CREATE TABLE IF NOT EXISTS revoked_tickets (id TEXT PRIMARY KEY, expires BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS actor_decisions (
    id {id},
    corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    author TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actor_decisions_by_corpus ON actor_decisions(corpus_id);
CREATE TABLE IF NOT EXISTS corrections (
    id {id},
    corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
    article_hash TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    cue_start INTEGER NOT NULL,
    cue_end INTEGER NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL,
    author TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_by_corpus ON corrections(corpus_id);
CREATE TABLE IF NOT EXISTS jobs (
    id {id},
    corpus_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    made_corpus INTEGER NOT NULL DEFAULT 0,
    base INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    analysed INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    finished TEXT,
    lease_owner TEXT,
    lease_until DOUBLE PRECISION
);
CREATE INDEX IF NOT EXISTS jobs_by_corpus ON jobs(corpus_id);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state);
CREATE TABLE IF NOT EXISTS job_items (
    job_id BIGINT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    hash TEXT NOT NULL,
    title TEXT, date TEXT, outlet TEXT, author TEXT, url TEXT, source TEXT, language TEXT,
    text TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (job_id, position)
);
"""

STATEMENT_COLUMNS = (
    "speaker", "speaker_text", "cue", "stance", "target", "content", "direct", "negated", "location", "sentence",
    "start", "end", "cue_start", "cue_end", "content_start", "content_end",
)
FLAT_TABLES = ("statements", "actors", "locations")  # fixed names, the only ones ever put into SQL text


def now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_schema(con: Connection, dialect: Dialect, location: str, *, read_only: bool = False) -> None:
    """Create the schema, or bring an older one up to SCHEMA_VERSION; safe when replicas start at once.

    A database already at SCHEMA_VERSION is only read: no write lock, so opening it never waits for a writer.
    """
    if dialect is SQLITE and not read_only:
        _wal(con)
    if _version(con, dialect, location) == SCHEMA_VERSION:
        return
    if read_only:
        raise StoreError(STORE_TOO_OLD_TO_READ)
    if dialect is SQLITE:
        con.execute("PRAGMA foreign_keys=OFF")
    for statement in dialect.begin_write:
        con.execute(statement)
    try:
        upgrade(con, dialect, location)
    except BaseException:
        with suppress(Exception):
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _version(con: Connection, dialect: Dialect, location: str) -> int | None:
    """The schema version, read without any lock; None when there is no schema yet. A database made by a newer
    version of this code raises SchemaError here, read-only or not."""
    try:
        version = con.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()["v"]
    except Exception as err:
        if "no such table" not in str(err) and "does not exist" not in str(err):
            raise
        return None  # a new database (PostgreSQL's autocommit leaves no failed transaction behind)
    if version is not None and version > SCHEMA_VERSION:
        upgrade(con, dialect, location)  # says which versions, in the words migrations use
    return version


def _wal(con: Connection, tries: int = 200) -> None:
    """Put a SQLite file in WAL mode (readers then never wait for a writer), unless it is already. Switching
    needs a moment alone with the file, and SQLite does not wait for it: another process opening the same new
    file gets "locked" at once, so try again for a few seconds."""
    for _ in range(tries):
        try:
            if con.execute("PRAGMA journal_mode").fetchone()["journal_mode"] == "wal" or \
                    con.execute("PRAGMA journal_mode=WAL").fetchone()["journal_mode"] == "wal":
                return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err):
                raise
        time.sleep(0.02)
    raise StoreError(STORE_BUSY)


def upgrade(con: Connection, dialect: Dialect, location: str) -> None:
    """Create the schema, or bring an older one up to SCHEMA_VERSION, inside the caller's write transaction."""
    schema = SCHEMA.format(id=dialect.id_column)
    con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
    current = con.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()["v"]
    if current is None:
        # Version 1 kept its number in meta, before schema_version existed (SQLite files only).
        legacy = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        current = int(legacy["value"]) if legacy else 0
    if current > SCHEMA_VERSION:
        raise SchemaError(f"{location} has schema version {current}; this code knows versions up to "
                          f"{SCHEMA_VERSION}: upgrade the dashboard before opening it.")
    if current == SCHEMA_VERSION:
        return
    if current == 1:
        if dialect is not SQLITE:
            raise SchemaError(f"{location} has schema version 1, which only SQLite files ever had.")
        _corpora_with_owners(con, schema)
    con.script(schema)
    install_search(con, dialect)  # built over the rows already stored, then kept up to date
    con.execute("DELETE FROM meta WHERE key = 'schema'")
    for version in range(max(current, 0) + 1, SCHEMA_VERSION + 1):
        con.execute("INSERT INTO schema_version(version, applied) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (version, now()))
    log.info("schema of %s at version %d (was %d)", location, SCHEMA_VERSION, current)

def _corpora_with_owners(con: Connection, schema: str) -> None:
    """Version 1 → 2: corpora get an owner (existing ones belong to LOCAL) and names unique per owner.

    SQLite cannot drop a UNIQUE constraint, so the table is rebuilt (foreign keys are off meanwhile).
    """
    create = next(s for s in schema.split(";") if "TABLE IF NOT EXISTS corpora " in s)
    con.execute(create.replace("IF NOT EXISTS corpora ", "corpora_v2 "))
    con.execute("INSERT INTO corpora_v2(id, owner, name, created, builtin, revision) "
                "SELECT id, ?, name, created, builtin, revision FROM corpora", (LOCAL,))
    con.execute("DROP TABLE corpora")
    con.execute("ALTER TABLE corpora_v2 RENAME TO corpora")
    broken = con.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise SchemaError(f"migration to version 2 left {len(broken)} dangling references: {broken[:3]}")


# Consistency rules checked on both dialects: what is wrong → a query counting the rows where it is.
INTEGRITY_RULES = {
    "corpus links to a missing article":
        "SELECT COUNT(*) AS n FROM corpus_articles ca LEFT JOIN articles a ON a.hash = ca.article_hash "
        "WHERE a.hash IS NULL",
    "corpus link to a missing corpus":
        "SELECT COUNT(*) AS n FROM corpus_articles ca LEFT JOIN corpora c ON c.id = ca.corpus_id "
        "WHERE c.id IS NULL",
    "article in no corpus":
        "SELECT COUNT(*) AS n FROM articles WHERE hash NOT IN (SELECT article_hash FROM corpus_articles)",
    "statements without an analysis":
        "SELECT COUNT(*) AS n FROM statements s LEFT JOIN analyses an ON an.article_hash = s.article_hash "
        "WHERE an.article_hash IS NULL",
    "share link to a missing corpus":
        "SELECT COUNT(*) AS n FROM share_links l LEFT JOIN corpora c ON c.id = l.corpus_id "
        "WHERE c.id IS NULL",
}
