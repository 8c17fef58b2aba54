"""Corpora, articles and their analyses in one SQLite file (stdlib sqlite3, WAL, parameterised SQL only).

Layout:
    corpora          one row per corpus (name, creation time, a revision bumped on every change)
    articles         one row per distinct text, keyed by its content hash, with metadata and text
    corpus_articles  which articles a corpus holds, in upload order
    analyses         the engine's record (Analysis.to_dict() as JSON) per article, with the engine version
    statements       flat copy of every statement, for aggregation
    actors           flat copy of every actor per article
    locations        flat copy of every place per article

Writes of one upload happen in one transaction: a failure leaves nothing behind and other corpora untouched.
User data is stored as JSON and columns only; nothing is pickled.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from .highlight import statement_context
from .types import Analysis, Article

DEFAULT_PATH = "data/wsw.sqlite3"
SCHEMA_VERSION = 1
ARTICLE_FIELDS = ("title", "date", "outlet", "author", "url", "source", "language")

# Modules of the analysis package that do not change what the engine finds.
_NOT_ENGINE = {"store", "tables", "charts", "highlight", "demo", "bench_dashboard", "ingest", "readers", "errors",
               "__main__"}

_NOT_ENGINE_DATA = {"world-110m.json", "LICENSE.world-atlas"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corpora (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS articles (
    hash TEXT PRIMARY KEY,
    title TEXT, date TEXT, outlet TEXT, author TEXT, url TEXT, source TEXT, language TEXT,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corpus_articles (
    corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
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
    name TEXT NOT NULL, country TEXT, lat REAL, lon REAL, kind TEXT, mentions INTEGER NOT NULL, aliases TEXT NOT NULL,
    PRIMARY KEY (article_hash, idx)
);
"""

STATEMENT_COLUMNS = (
    "speaker", "speaker_text", "cue", "stance", "target", "content", "direct", "negated", "location", "sentence",
    "start", "end", "cue_start", "cue_end", "content_start", "content_end",
)


try:
    from .ingest import content_hash
except ImportError:  # the store also works where ingestion's readers are not installed

    def content_hash(text: str) -> str:
        """Hex SHA-256 of an article text: the key of the article everywhere in the store."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def engine_version() -> str:
    """Version stamp of the engine: its configured model plus a digest of the engine's source files.

    Any change to the engine's code or model makes stored analyses stale, so they are analysed again.
    """
    from . import config

    here = Path(__file__).parent
    sources = [p for p in here.glob("*.py") if p.stem not in _NOT_ENGINE]
    sources += [p for p in (here / "data").rglob("*") if p.is_file() and p.name not in _NOT_ENGINE_DATA]
    digest = hashlib.sha256()
    for path in sorted(sources):
        digest.update(str(path.relative_to(here)).encode())
        digest.update(path.read_bytes())
    declared = getattr(config, "ENGINE_VERSION", "")
    return f"{declared}+{config.MODEL_NAME}-{config.MODEL_VERSION}+{digest.hexdigest()[:12]}".lstrip("+")


@dataclass(frozen=True)
class CorpusInfo:
    """One corpus as listed in the sidebar."""

    id: int
    name: str
    created: str
    builtin: bool
    revision: int
    articles: int


class CorpusNameError(ValueError):
    """A corpus name that is empty or already taken."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The dashboard's database. Each call opens its own short-lived connection, so one Store serves all threads.

    Args:
        path: file of the SQLite database; its folder is created when missing.
    """

    def __init__(self, path: str | Path = DEFAULT_PATH):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)
            con.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA synchronous=NORMAL")
        with closing(con):
            yield con

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed as a whole, or rolled back as a whole."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # Reading -------------------------------------------------------------------------------------------

    def corpora(self) -> list[CorpusInfo]:
        """Every corpus, newest first, with its article count."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT c.id, c.name, c.created, c.builtin, c.revision, COUNT(ca.article_hash) AS articles "
                "FROM corpora c LEFT JOIN corpus_articles ca ON ca.corpus_id = c.id "
                "GROUP BY c.id ORDER BY c.builtin DESC, c.created DESC, c.id DESC"
            ).fetchall()
        return [CorpusInfo(r["id"], r["name"], r["created"], bool(r["builtin"]), r["revision"], r["articles"])
                for r in rows]

    def corpus(self, corpus_id: int) -> CorpusInfo | None:
        """One corpus by id, or None."""
        return next((c for c in self.corpora() if c.id == corpus_id), None)

    def meta(self, key: str) -> str | None:
        with self._connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def article_ids(self, corpus_id: int) -> list[str]:
        """Content hashes of a corpus's articles, in upload order."""
        with self._connect() as con:
            return [r[0] for r in con.execute(
                "SELECT article_hash FROM corpus_articles WHERE corpus_id = ? ORDER BY position", (corpus_id,))]

    def mark_builtin_done(self) -> None:
        """Record that the built-in corpus was set up, so it is not created (again) on start."""
        with self._transaction() as con:
            con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('builtin_created', ?)", (_now(),))

    def analysed(self, hashes: Iterable[str], engine_version: str) -> set[str]:
        """The hashes among `hashes` that already have an analysis by this engine version."""
        hashes = list(hashes)
        found: set[str] = set()
        with self._connect() as con:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i:i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(r[0] for r in con.execute(
                    f"SELECT article_hash FROM analyses WHERE engine_version = ? AND article_hash IN ({marks})",
                    (engine_version, *chunk)))
        return found

    def stale_articles(self, corpus_id: int, engine_version: str) -> list[Article]:
        """Articles of a corpus with no analysis, or one made by another engine version."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT a.* FROM corpus_articles ca JOIN articles a ON a.hash = ca.article_hash "
                "LEFT JOIN analyses an ON an.article_hash = a.hash "
                "WHERE ca.corpus_id = ? AND (an.engine_version IS NULL OR an.engine_version != ?) "
                "ORDER BY ca.position", (corpus_id, engine_version)).fetchall()
        return [_article(r) for r in rows]

    def article(self, article_hash: str) -> Analysis | None:
        """One article with its analysis (an Analysis with no statements when it has not been analysed)."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM articles WHERE hash = ?", (article_hash,)).fetchone()
            if row is None:
                return None
            rec = con.execute("SELECT record FROM analyses WHERE article_hash = ?", (article_hash,)).fetchone()
        article = _article(row)
        if rec is None:
            return Analysis(article=article)
        return replace(Analysis.from_dict(json.loads(rec["record"]), text=article.text), article=article)

    def rows(self, corpus_id: int) -> dict[str, list[dict]]:
        """Flat rows of a corpus for the tables: articles, statements, actors and locations."""
        out: dict[str, list[dict]] = {}
        with self._connect() as con:
            out["articles"] = [dict(r) for r in con.execute(
                "SELECT a.hash AS article_id, a.title, a.date, a.outlet, a.author, a.url, a.source, a.language, "
                "ca.position, LENGTH(a.text) AS chars, "
                "(SELECT COUNT(*) FROM statements s WHERE s.article_hash = a.hash) AS statements "
                "FROM corpus_articles ca JOIN articles a ON a.hash = ca.article_hash "
                "WHERE ca.corpus_id = ? ORDER BY ca.position", (corpus_id,))]
            for table in ("statements", "actors", "locations"):
                out[table] = [dict(r) for r in con.execute(
                    f"SELECT t.article_hash AS article_id, t.* FROM {table} t "  # table names are fixed above
                    "JOIN corpus_articles ca ON ca.article_hash = t.article_hash "
                    "WHERE ca.corpus_id = ? ORDER BY ca.position, t.idx", (corpus_id,))]
        for row in out["statements"] + out["actors"] + out["locations"]:
            row.pop("article_hash", None)
        for row in out["actors"] + out["locations"]:
            row["aliases"] = json.loads(row["aliases"])
        for row in out["statements"]:
            row["direct"] = bool(row["direct"])
            row["negated"] = bool(row["negated"])
        return out

    # Writing -------------------------------------------------------------------------------------------

    def create_corpus(self, name: str, articles: Sequence[Article], analyses: Iterable[Analysis] = (), *,
                      engine_version: str, builtin: bool = False) -> int:
        """Create a corpus of `articles` and store the new `analyses` of some of them, in one transaction.

        Articles already in the store (same text) are shared, not copied. Returns the new corpus id.

        Raises:
            CorpusNameError: when `name` is empty or another corpus has it.
        """
        name = _clean_name(name)
        with self._transaction() as con:
            if con.execute("SELECT 1 FROM corpora WHERE name = ?", (name,)).fetchone():
                raise CorpusNameError(f"A corpus named {name!r} already exists; choose another name.")
            corpus_id = con.execute("INSERT INTO corpora(name, created, builtin) VALUES (?, ?, ?)",
                                    (name, _now(), int(builtin))).lastrowid
            self._link(con, corpus_id, articles)
            self._save_analyses(con, analyses, engine_version)
            if builtin:
                con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('builtin_created', ?)", (_now(),))
        return corpus_id

    def replace_articles(self, corpus_id: int, articles: Sequence[Article], analyses: Iterable[Analysis] = (), *,
                         engine_version: str) -> None:
        """Make a corpus hold exactly `articles`, storing new `analyses`, in one transaction."""
        with self._transaction() as con:
            con.execute("DELETE FROM corpus_articles WHERE corpus_id = ?", (corpus_id,))
            self._link(con, corpus_id, articles)
            self._save_analyses(con, analyses, engine_version)
            con.execute("UPDATE corpora SET revision = revision + 1 WHERE id = ?", (corpus_id,))
            self._drop_orphans(con)

    def save_analyses(self, analyses: Iterable[Analysis], *, engine_version: str) -> int:
        """Store (new or fresher) analyses of articles already in the store, in one transaction."""
        with self._transaction() as con:
            return self._save_analyses(con, analyses, engine_version)

    def rename_corpus(self, corpus_id: int, name: str) -> None:
        """Rename a corpus.

        Raises:
            CorpusNameError: when `name` is empty or another corpus has it.
        """
        name = _clean_name(name)
        with self._transaction() as con:
            if con.execute("SELECT 1 FROM corpora WHERE name = ? AND id != ?", (name, corpus_id)).fetchone():
                raise CorpusNameError(f"A corpus named {name!r} already exists; choose another name.")
            con.execute("UPDATE corpora SET name = ?, revision = revision + 1 WHERE id = ?", (name, corpus_id))

    def delete_corpus(self, corpus_id: int) -> None:
        """Delete a corpus, and the articles no other corpus holds."""
        with self._transaction() as con:
            con.execute("DELETE FROM corpus_articles WHERE corpus_id = ?", (corpus_id,))
            con.execute("DELETE FROM corpora WHERE id = ?", (corpus_id,))
            self._drop_orphans(con)

    @staticmethod
    def _link(con: sqlite3.Connection, corpus_id: int, articles: Sequence[Article]) -> None:
        for position, article in enumerate(articles):
            h = content_hash(article.text)
            con.execute(
                "INSERT OR IGNORE INTO articles(hash, title, date, outlet, author, url, source, language, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (h, *(getattr(article, f) for f in ARTICLE_FIELDS), article.text))
            con.execute("INSERT OR IGNORE INTO corpus_articles(corpus_id, article_hash, position) VALUES (?, ?, ?)",
                        (corpus_id, h, position))

    @staticmethod
    def _save_analyses(con: sqlite3.Connection, analyses: Iterable[Analysis], engine_version: str) -> int:
        count = 0
        touched: list[str] = []
        for analysis in analyses:
            text = analysis.article.text
            h = content_hash(text)
            if con.execute("SELECT 1 FROM articles WHERE hash = ?", (h,)).fetchone() is None:
                raise KeyError(f"article {h[:12]} is not in the store; add it to a corpus before its analysis")
            record = json.dumps(analysis.to_dict(), ensure_ascii=False)
            con.execute("INSERT OR REPLACE INTO analyses(article_hash, engine_version, analysed, record) "
                        "VALUES (?, ?, ?, ?)", (h, engine_version, _now(), record))
            for table in ("statements", "actors", "locations"):
                con.execute(f"DELETE FROM {table} WHERE article_hash = ?", (h,))  # fixed table names
            con.executemany(
                "INSERT INTO statements(article_hash, idx, speaker, speaker_text, cue, stance, target, content, "
                "direct, negated, location, sentence, start, \"end\", cue_start, cue_end, content_start, content_end, "
                "context, context_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(h, i, *(getattr(s, c) for c in STATEMENT_COLUMNS), *statement_context(text, s))
                 for i, s in enumerate(analysis.statements)])
            con.executemany(
                "INSERT INTO actors(article_hash, idx, name, type, aliases, role, mentions) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(h, i, a.name, a.type, json.dumps(list(a.aliases), ensure_ascii=False), a.role, a.mentions)
                 for i, a in enumerate(analysis.actors)])
            con.executemany(
                "INSERT INTO locations(article_hash, idx, name, country, lat, lon, kind, mentions, aliases) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(h, i, x.name, x.country, x.lat, x.lon, x.kind, x.mentions,
                  json.dumps(list(x.aliases), ensure_ascii=False)) for i, x in enumerate(analysis.locations)])
            touched.append(h)
            count += 1
        for i in range(0, len(touched), 500):
            chunk = touched[i:i + 500]
            con.execute(
                "UPDATE corpora SET revision = revision + 1 WHERE id IN (SELECT corpus_id FROM corpus_articles "
                f"WHERE article_hash IN ({','.join('?' * len(chunk))}))", chunk)
        return count

    @staticmethod
    def _drop_orphans(con: sqlite3.Connection) -> None:
        orphans = "SELECT hash FROM articles WHERE hash NOT IN (SELECT article_hash FROM corpus_articles)"
        for table in ("statements", "actors", "locations", "analyses"):
            con.execute(f"DELETE FROM {table} WHERE article_hash IN ({orphans})")  # fixed table names
        con.execute(f"DELETE FROM articles WHERE hash IN ({orphans})")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise CorpusNameError("A corpus needs a name; got an empty one.")
    if len(name) > 120:
        raise CorpusNameError(f"A corpus name has at most 120 characters; got {len(name)}.")
    return name


def _article(row: Mapping) -> Article:
    return Article(text=row["text"], **{f: row[f] for f in ARTICLE_FIELDS if f != "source"},
                   source=row["source"] or "")
