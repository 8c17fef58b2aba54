"""Corpora, articles and their analyses in SQLite (one file, WAL) or PostgreSQL, with parameterised SQL only.

`Store("data/wsw.sqlite3")` opens a SQLite file; `Store("postgresql://user:pass@host/db")` a PostgreSQL
database. One code path serves both; the dialects differ only in how they connect, their placeholders, their
auto-numbered ids, and how a writer takes the write lock (see Dialect).

Layout:
    corpora          one row per corpus (owner, name, creation time, a revision bumped on every change)
    articles         one row per distinct text, keyed by its content hash, with metadata and text
    corpus_articles  which articles a corpus holds, in upload order
    analyses         the engine's record (Analysis.to_dict() as JSON) per article, with the engine version
    statements       flat copy of every statement, for aggregation
    actors           flat copy of every actor per article
    locations        flat copy of every place per article
    share_links      links that open a corpus to others: the SHA-256 of each token, never the token
    revoked_tickets  the password gate's tickets ended by signing out, until they would have expired anyway
    schema_version   the migrations applied

Writes of one upload happen in one transaction, and writers take turns (SQLite: BEGIN IMMEDIATE with a busy
timeout; PostgreSQL: a transaction-scoped advisory lock), so two uploads at once both land whole, a failure
or a killed process leaves nothing behind, and other corpora stay untouched. Reads never wait for writers,
nor does opening a database that needs no migration. A SQLite file the OS does not let us write opens
read-only (`Store.read_only`). Every database fault is a StoreError in the user's words (details: the log).
User data is stored as JSON and columns only; nothing is pickled.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import secrets
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from .. import access, errors
from ..access import LOCAL, Principal
from ..config import DEFAULT_DB_PATH as DEFAULT_PATH
from ..errors import CorpusNameError, StoreError
from ..types import Analysis, Article
from .dialect import POSTGRESQL, SQLITE, URL_SCHEMES, Connection, fault_message, mask
from .records import article_from_row, drop_orphans, link_articles, save_analyses
from .schema import FLAT_TABLES, INTEGRITY_RULES, open_schema
from .schema import now as _now

log = logging.getLogger("analysis.store")  # one logger for the whole store package

POOL_SIZE = 8  # idle connections kept per Store


@dataclass(frozen=True)
class CorpusInfo:
    """One corpus as listed in the sidebar."""

    id: int
    name: str
    created: str
    builtin: bool
    revision: int
    articles: int
    owner: str = LOCAL


@dataclass(frozen=True)
class ShareLink:
    """A link that opens a corpus to whoever holds its token (the token itself is not kept)."""

    id: int
    corpus_id: int
    can_edit: bool
    created: str
    created_by: str


# The store --------------------------------------------------------------------------------------------------


class Store:
    """The dashboard's database. Connections are pooled and used by one call at a time, so one Store serves
    every thread.

    Args:
        target: a PostgreSQL URL (postgresql://…), or the file of a SQLite database (its folder is created
            when missing). The schema is created, or migrated, on opening.

    Raises:
        SchemaError: when the database was made by a newer version of this code.
        StoreError: when the database cannot be opened (unreachable, busy migrating, read-only and too old).
    """

    def __init__(self, target: str | Path = DEFAULT_PATH):
        self.url = str(target)
        self.read_only = False  # a SQLite file the OS does not let this process write: every write is refused
        if self.url.startswith(URL_SCHEMES):
            self.dialect, self.path = POSTGRESQL, None
        else:
            self.dialect, self.path = SQLITE, Path(target)
            if self.path.exists():
                self.read_only = not os.access(self.path, os.W_OK)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
        self._pool: queue.LifoQueue[Connection] = queue.LifoQueue(maxsize=POOL_SIZE)
        self._migrate()

    def __repr__(self) -> str:
        return f"Store({mask(self.url)!r})"

    @property
    def location(self) -> str:
        """Where the data lives, with any password masked: safe to log and to show."""
        return mask(self.url)

    def close(self) -> None:
        """Close the idle connections (calls made afterwards open new ones)."""
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return

    # Connections and transactions ---------------------------------------------------------------------

    def _open(self) -> Connection:
        with self._faults():
            return Connection(self.dialect, self.dialect.connect(self.url if self.path is None else str(self.path),
                                                                 read_only=self.read_only))

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """Database faults in the block come out as a StoreError in the user's words; the detail is logged."""
        try:
            yield
        except Exception as err:
            if (message := fault_message(err)) is None:
                raise
            log.warning("database fault on %s: %s: %s", self.location, type(err).__name__, str(err).strip()[:300])
            raise StoreError(message) from err

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A pooled connection; it goes back to the pool only when the block ended cleanly outside a transaction.
        Database faults inside the block come out as StoreError."""
        try:
            con = self._pool.get_nowait()
        except queue.Empty:
            con = self._open()
        clean = False
        try:
            with self._faults():
                yield con
            clean = True
        finally:
            if clean and self.dialect.idle(con.raw):
                try:
                    self._pool.put_nowait(con)
                except queue.Full:
                    con.close()
            else:
                con.close()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction, after any other writer's: committed as a whole, or rolled back as a whole."""
        if self.read_only:
            raise StoreError(errors.STORE_READ_ONLY)
        with self._connect() as con:
            for statement in self.dialect.begin_write:
                con.execute(statement)
            try:
                yield con
            except BaseException:
                with suppress(Exception):  # a dead connection has nothing to roll back; it is discarded
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A read transaction: several queries that see the same state even while others write."""
        with self._connect() as con:
            con.execute(self.dialect.begin_read)
            try:
                yield con
            finally:
                with suppress(Exception):
                    con.execute("ROLLBACK")

    # Schema -------------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Create the schema, or bring an older one up to SCHEMA_VERSION (schema.open_schema)."""
        con = self._open()  # not pooled: SQLite's table rebuild needs foreign keys off for this connection
        try:
            with self._faults():
                open_schema(con, self.dialect, self.location, read_only=self.read_only)
        finally:
            con.close()

    def schema_version(self) -> int:
        """The schema version of the database."""
        with self._connect() as con:
            return con.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()["v"]

    def check(self) -> list[str]:
        """Problems found in the database (an empty list when it is sound).

        SQLite's own integrity and foreign-key checks, then the same consistency rules on both dialects.
        """
        problems: list[str] = []
        with self._reading() as con:
            if self.dialect is SQLITE:
                problems += [r["integrity_check"] for r in con.execute("PRAGMA integrity_check")
                             if r["integrity_check"] != "ok"]
                problems += [f"foreign key: {r}" for r in con.execute("PRAGMA foreign_key_check")]
            for what, sql in INTEGRITY_RULES.items():
                n = con.execute(sql).fetchone()["n"]
                if n:
                    problems.append(f"{n} × {what}")
        return problems

    # Reading -------------------------------------------------------------------------------------------

    _CORPUS_SELECT = (
        "SELECT c.id, c.owner, c.name, c.created, c.builtin, c.revision, COUNT(ca.article_hash) AS articles "
        "FROM corpora c LEFT JOIN corpus_articles ca ON ca.corpus_id = c.id ")

    def corpora(self, *, visible_to: Principal | None = None) -> list[CorpusInfo]:
        """Corpora, newest first (the built-in one first), with their article counts.

        Args:
            visible_to: only the corpora this principal may read: their own, the built-in demo, and those
                their share tokens open. None lists every corpus (for maintenance and tests).
        """
        order = "GROUP BY c.id ORDER BY c.builtin DESC, c.created DESC, c.id DESC"
        with self._reading() as con:
            if visible_to is None:
                rows = con.execute(self._CORPUS_SELECT + order).fetchall()
            else:
                # Filtered in SQL, so other people's corpora never leave the database; role_for has the last word.
                grants = self._grants(con, visible_to.tokens)
                shared = sorted(grants)
                marks = ",".join("?" * len(shared)) or "NULL"
                rows = con.execute(self._CORPUS_SELECT + f"WHERE c.owner = ? OR c.builtin = 1 OR c.id IN ({marks}) "
                                   + order, (visible_to.user, *shared)).fetchall()
        corpora = [_corpus(r) for r in rows]
        if visible_to is None:
            return corpora
        return [c for c in corpora if access.role_for(c.owner, c.builtin, visible_to.user, grants.get(c.id))]

    def corpus(self, corpus_id: int) -> CorpusInfo | None:
        """One corpus by id, or None."""
        with self._connect() as con:
            row = con.execute(self._CORPUS_SELECT + "WHERE c.id = ? GROUP BY c.id", (corpus_id,)).fetchone()
        return _corpus(row) if row else None

    def role(self, corpus_id: int, by: Principal) -> str | None:
        """The role (access.OWNER, EDITOR, VIEWER) `by` has on a corpus, or None when it is not open to them."""
        with self._connect() as con:
            return self._role(con, corpus_id, by)

    def grants(self, tokens: Iterable[str]) -> dict[int, str]:
        """Corpus id → "edit" or "view" for the share tokens that are valid (unknown or revoked ones are left out)."""
        with self._connect() as con:
            return self._grants(con, tokens)

    def share_links(self, corpus_id: int) -> list[ShareLink]:
        """The live share links of a corpus, oldest first."""
        with self._connect() as con:
            rows = con.execute("SELECT id, corpus_id, can_edit, created, created_by FROM share_links "
                               "WHERE corpus_id = ? ORDER BY id", (corpus_id,)).fetchall()
        return [ShareLink(r["id"], r["corpus_id"], bool(r["can_edit"]), r["created"], r["created_by"]) for r in rows]

    def meta(self, key: str) -> str | None:
        with self._connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def secret(self, name: str) -> bytes:
        """A random 32-byte key kept in the database under `name`, made on first use; every replica sharing the
        database gets the same one (it signs the password gate's tickets)."""
        key = f"secret:{name}"
        value = self.meta(key)
        if value is None:
            with self._transaction() as con:
                con.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                            (key, secrets.token_hex(32)))
                value = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()["value"]
        return bytes.fromhex(value)

    def revoke_ticket(self, ticket: str | None) -> None:
        """End a password-gate ticket for every browser that holds a copy (expired ones are forgotten)."""
        if (parts := access.ticket_id(ticket)) is not None:
            with self._transaction() as con:
                con.execute("DELETE FROM revoked_tickets WHERE expires < ?", (int(time.time()),))
                con.execute("INSERT INTO revoked_tickets(id, expires) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", parts)

    def ticket_revoked(self, ticket: str | None) -> bool:
        """Whether a password-gate ticket was revoked (a malformed one counts as revoked)."""
        if (parts := access.ticket_id(ticket)) is None:
            return True
        with self._connect() as con:
            return con.execute("SELECT 1 FROM revoked_tickets WHERE id = ?", (parts[0],)).fetchone() is not None

    def article_ids(self, corpus_id: int) -> list[str]:
        """Content hashes of a corpus's articles, in upload order."""
        with self._connect() as con:
            return [r["article_hash"] for r in con.execute(
                "SELECT article_hash FROM corpus_articles WHERE corpus_id = ? ORDER BY position", (corpus_id,))]

    def mark_builtin_done(self) -> None:
        """Record that the built-in corpus was set up, so it is not created (again) on start."""
        with self._transaction() as con:
            self._set_meta(con, "builtin_created", _now())

    def analysed(self, hashes: Iterable[str], engine_version: str) -> set[str]:
        """The hashes among `hashes` that already have an analysis by this engine version."""
        hashes = list(hashes)
        found: set[str] = set()
        with self._connect() as con:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i:i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(r["article_hash"] for r in con.execute(
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
        return [article_from_row(r) for r in rows]

    def article(self, article_hash: str) -> Analysis | None:
        """One article with its analysis (an Analysis with no statements when it has not been analysed)."""
        with self._reading() as con:
            row = con.execute("SELECT * FROM articles WHERE hash = ?", (article_hash,)).fetchone()
            if row is None:
                return None
            rec = con.execute("SELECT record FROM analyses WHERE article_hash = ?", (article_hash,)).fetchone()
        article = article_from_row(row)
        if rec is None:
            return Analysis(article=article)
        return replace(Analysis.from_dict(json.loads(rec["record"]), text=article.text), article=article)

    def rows(self, corpus_id: int) -> dict[str, list[dict]]:
        """Flat rows of a corpus for the tables: articles, statements, actors and locations."""
        out: dict[str, list[dict]] = {}
        with self._reading() as con:
            out["articles"] = [dict(r) for r in con.execute(
                "SELECT a.hash AS article_id, a.title, a.date, a.outlet, a.author, a.url, a.source, a.language, "
                "ca.position, LENGTH(a.text) AS chars, "
                "(SELECT COUNT(*) FROM statements s WHERE s.article_hash = a.hash) AS statements "
                "FROM corpus_articles ca JOIN articles a ON a.hash = ca.article_hash "
                "WHERE ca.corpus_id = ? ORDER BY ca.position", (corpus_id,))]
            for table in FLAT_TABLES:
                out[table] = [dict(r) for r in con.execute(
                    f"SELECT t.article_hash AS article_id, t.* FROM {table} t "
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
                      engine_version: str, builtin: bool = False, owner: str = LOCAL,
                      hashes: Mapping[str, str] | None = None) -> int:
        """Create a corpus of `articles` and store the new `analyses` of some of them, in one transaction.

        Articles already in the store (same text) are shared, not copied. Returns the new corpus id.

        Args:
            owner: who the corpus belongs to (see access.py); the built-in demo belongs to LOCAL.
            hashes: the content hashes of the texts (text -> hash) when the caller has them, so that no text
                is hashed twice; texts missing from it are hashed here.

        Raises:
            CorpusNameError: when `name` is empty or `owner` has another corpus of that name.
        """
        name = _clean_name(name)
        with self._transaction() as con:
            self._name_is_free(con, owner, name)
            corpus_id = con.execute("INSERT INTO corpora(owner, name, created, builtin) VALUES (?, ?, ?, ?) "
                                    "RETURNING id", (owner, name, _now(), int(builtin))).fetchone()["id"]
            linked = link_articles(con, corpus_id, articles, hashes=hashes)
            saved = save_analyses(con, analyses, engine_version, hashes)
            if builtin:
                self._set_meta(con, "builtin_created", _now())
        log.info("corpus created: id=%d name=%r owner=%r articles=%d new_analyses=%d",
                 corpus_id, name, owner, linked, saved)
        return corpus_id

    def add_articles(self, corpus_id: int, articles: Sequence[Article], analyses: Iterable[Analysis] = (), *,
                     engine_version: str, by: Principal | None = None,
                     hashes: Mapping[str, str] | None = None) -> int:
        """Add `articles` to the end of a corpus (those it holds already are skipped), in one transaction.

        Args:
            by: who asks; they must own the corpus or hold a share link that grants editing. None skips the
                check (for trusted callers such as maintenance scripts).
            hashes: as for create_corpus.

        Returns:
            How many articles the corpus gained.
        """
        with self._transaction() as con:
            self._require(con, corpus_id, by, "add")
            start = con.execute("SELECT COALESCE(MAX(position) + 1, 0) AS p FROM corpus_articles "
                                "WHERE corpus_id = ?", (corpus_id,)).fetchone()["p"]
            before = len(self._article_hashes(con, corpus_id))
            link_articles(con, corpus_id, articles, start=start, hashes=hashes)
            saved = save_analyses(con, analyses, engine_version, hashes)
            added = len(self._article_hashes(con, corpus_id)) - before
            con.execute("UPDATE corpora SET revision = revision + 1 WHERE id = ?", (corpus_id,))
        log.info("articles added: corpus=%d added=%d new_analyses=%d user=%r",
                 corpus_id, added, saved, by.user if by else None)
        return added

    def replace_articles(self, corpus_id: int, articles: Sequence[Article], analyses: Iterable[Analysis] = (), *,
                         engine_version: str, hashes: Mapping[str, str] | None = None) -> None:
        """Make a corpus hold exactly `articles`, storing new `analyses`, in one transaction (for the demo)."""
        with self._transaction() as con:
            con.execute("DELETE FROM corpus_articles WHERE corpus_id = ?", (corpus_id,))
            linked = link_articles(con, corpus_id, articles, hashes=hashes)
            save_analyses(con, analyses, engine_version, hashes)
            con.execute("UPDATE corpora SET revision = revision + 1 WHERE id = ?", (corpus_id,))
            drop_orphans(con)
        log.info("corpus articles replaced: id=%d articles=%d", corpus_id, linked)

    def save_analyses(self, analyses: Iterable[Analysis], *, engine_version: str,
                      hashes: Mapping[str, str] | None = None) -> int:
        """Store (new or fresher) analyses of articles already in the store, in one transaction."""
        with self._transaction() as con:
            return save_analyses(con, analyses, engine_version, hashes)

    def rename_corpus(self, corpus_id: int, name: str, *, by: Principal | None = None) -> None:
        """Rename a corpus.

        Args:
            by: who asks (owner, or editor through a share link); None skips the check.

        Raises:
            CorpusNameError: when `name` is empty or the owner has another corpus of that name.
            access.AccessDenied: when `by` may not rename it.
        """
        name = _clean_name(name)
        with self._transaction() as con:
            self._require(con, corpus_id, by, "rename")
            row = con.execute("SELECT owner, name FROM corpora WHERE id = ?", (corpus_id,)).fetchone()
            if row is None:
                return
            self._name_is_free(con, row["owner"], name, but=corpus_id)
            con.execute("UPDATE corpora SET name = ?, revision = revision + 1 WHERE id = ?", (name, corpus_id))
        log.info("corpus renamed: id=%d from=%r to=%r user=%r", corpus_id, row["name"], name, by.user if by else None)

    def delete_corpus(self, corpus_id: int, *, by: Principal | None = None) -> None:
        """Delete a corpus, its share links, and the articles no other corpus holds.

        Args:
            by: who asks (only the owner may); None skips the check.

        Raises:
            access.AccessDenied: when `by` may not delete it.
        """
        with self._transaction() as con:
            self._require(con, corpus_id, by, "delete")
            row = con.execute("SELECT name FROM corpora WHERE id = ?", (corpus_id,)).fetchone()
            articles = len(self._article_hashes(con, corpus_id))
            con.execute("DELETE FROM share_links WHERE corpus_id = ?", (corpus_id,))
            for layer in ("actor_decisions", "corrections"):  # fixed names: the analyst's layers go with it
                con.execute(f"DELETE FROM {layer} WHERE corpus_id = ?", (corpus_id,))
            con.execute("DELETE FROM corpus_articles WHERE corpus_id = ?", (corpus_id,))
            con.execute("DELETE FROM corpora WHERE id = ?", (corpus_id,))
            dropped = drop_orphans(con)
        if row:
            log.info("corpus deleted: id=%d name=%r articles=%d articles_dropped=%d user=%r",
                     corpus_id, row["name"], articles, dropped, by.user if by else None)

    def create_share_link(self, corpus_id: int, *, can_edit: bool = False, by: Principal | None = None) -> str:
        """Make a share link for a corpus and return its token (shown once: only its hash is kept).

        Args:
            can_edit: whether holders may add files and rename the corpus, besides reading it.
            by: who asks (only the owner may); None skips the check.
        """
        token = access.new_token()
        with self._transaction() as con:
            self._require(con, corpus_id, by, "share")
            link_id = con.execute(
                "INSERT INTO share_links(corpus_id, token_hash, can_edit, created, created_by) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (corpus_id, access.token_hash(token), int(can_edit), _now(), by.user if by else LOCAL),
            ).fetchone()["id"]
        log.info("share link created: corpus=%d link=%d can_edit=%s user=%r",
                 corpus_id, link_id, can_edit, by.user if by else None)
        return token

    def revoke_share_link(self, link_id: int, *, by: Principal | None = None) -> None:
        """Revoke a share link: its token opens nothing from now on.

        Args:
            by: who asks (only the owner of the link's corpus may); None skips the check.
        """
        with self._transaction() as con:
            row = con.execute("SELECT corpus_id FROM share_links WHERE id = ?", (link_id,)).fetchone()
            if row is None:
                return
            self._require(con, row["corpus_id"], by, "share")
            con.execute("DELETE FROM share_links WHERE id = ?", (link_id,))
        log.info("share link revoked: corpus=%d link=%d user=%r", row["corpus_id"], link_id, by.user if by else None)

    def reassign(self, old_owner: str, new_owner: str) -> int:
        """Hand every corpus of `old_owner` (but the built-in demo) to `new_owner`; returns how many moved.

        For example the corpora made while the dashboard ran open belong to "local"; once a password gate is set
        up, `reassign("local", "team")` gives them to the team.

        Raises:
            CorpusNameError: when `new_owner` already has a corpus of the same name as one of them.
        """
        with self._transaction() as con:
            clash = con.execute(
                "SELECT a.name FROM corpora a JOIN corpora b ON a.name = b.name "
                "WHERE a.owner = ? AND a.builtin = 0 AND b.owner = ?", (old_owner, new_owner)).fetchone()
            if clash:
                raise CorpusNameError(f"{new_owner!r} already has a corpus named {clash['name']!r}; rename one first.")
            moved = con.execute("UPDATE corpora SET owner = ? WHERE owner = ? AND builtin = 0",
                                (new_owner, old_owner)).rowcount
        log.info("corpora reassigned: from=%r to=%r corpora=%d", old_owner, new_owner, moved)
        return moved

    # Helpers run inside a transaction -------------------------------------------------------------------

    def _role(self, con: Connection, corpus_id: int, by: Principal) -> str | None:
        row = con.execute("SELECT owner, builtin FROM corpora WHERE id = ?", (corpus_id,)).fetchone()
        if row is None:
            return None
        return access.role_for(row["owner"], bool(row["builtin"]), by.user,
                               self._grants(con, by.tokens).get(corpus_id))

    def _require(self, con: Connection, corpus_id: int, by: Principal | None, action: str) -> None:
        if by is not None:
            access.require(self._role(con, corpus_id, by), action, corpus_id, by.user)

    @staticmethod
    def _grants(con: Connection, tokens: Iterable[str]) -> dict[int, str]:
        hashes = sorted({access.token_hash(t) for t in tokens if t})[:100]
        if not hashes:
            return {}
        rows = con.execute(f"SELECT corpus_id, can_edit FROM share_links WHERE token_hash IN "
                           f"({','.join('?' * len(hashes))})", hashes).fetchall()
        grants: dict[int, str] = {}
        for r in rows:
            if r["can_edit"] or r["corpus_id"] not in grants:
                grants[r["corpus_id"]] = "edit" if r["can_edit"] else "view"
        return grants

    @staticmethod
    def _name_is_free(con: Connection, owner: str, name: str, but: int = -1) -> None:
        if con.execute("SELECT 1 FROM corpora WHERE owner = ? AND name = ? AND id != ?", (owner, name, but)).fetchone():
            raise CorpusNameError(f"A corpus named {name!r} already exists; choose another name.")

    @staticmethod
    def _set_meta(con: Connection, key: str, value: str) -> None:
        con.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value))

    @staticmethod
    def _article_hashes(con: Connection, corpus_id: int) -> set[str]:
        return {r["article_hash"] for r in con.execute(
            "SELECT article_hash FROM corpus_articles WHERE corpus_id = ?", (corpus_id,))}

def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise CorpusNameError("A corpus needs a name; got an empty one.")
    if len(name) > 120:
        raise CorpusNameError(f"A corpus name has at most 120 characters; got {len(name)}.")
    return name


def _corpus(row: Mapping) -> CorpusInfo:
    return CorpusInfo(row["id"], row["name"], row["created"], bool(row["builtin"]), row["revision"], row["articles"],
                      row["owner"])


