"""Read-only, locked and unreachable databases: opening migrates only when needed, readers never wait for a
writer, a read-only file opens read-only, and every fault is one StoreError in the user's words, in the store
and on the dashboard (no traceback)."""
from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from test_app import fresh_caches, no_exception, run  # noqa: F401 (fixtures)

from analysis import errors
from analysis.demo import load_demo
from analysis.errors import StoreError
from analysis.store import SCHEMA_VERSION, Store
from analysis.store import dialect as dialect_module
from analysis.tools.harness import free_port

V = "test-engine"


@contextlib.contextmanager
def read_only(path: Path):
    """`path` (and its -wal and -shm files) made unwritable by the OS, for root too (the immutable attribute)."""
    files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    for p in files:
        p.chmod(0o444)
    if os.geteuid() == 0:
        made = [p for p in files if subprocess.run(["chattr", "+i", str(p)], capture_output=True).returncode == 0]
        if len(made) < len(files):
            pytest.skip("running as root where the immutable attribute cannot be set: no file is read-only")
    try:
        yield path
    finally:
        for p in files:
            if os.geteuid() == 0:
                subprocess.run(["chattr", "-i", str(p)], capture_output=True)
            p.chmod(0o644)


@contextlib.contextmanager
def write_lock(path: Path):
    """Another process's writer, holding SQLite's write lock (with a change not yet committed)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO meta(key, value) VALUES ('held', 'by another writer')")
    try:
        yield
    finally:
        con.execute("ROLLBACK")
        con.close()


@pytest.fixture
def made(tmp_path) -> Path:
    path = tmp_path / "wsw.sqlite3"
    store = Store(path)
    store.create_corpus("Kept", [load_demo()[0]], engine_version=V)
    store.secret("gate")
    store.close()
    return path


def test_a_current_database_opens_and_reads_while_another_process_writes(made, monkeypatch):
    monkeypatch.setattr(dialect_module, "LOCK_TIMEOUT_S", 1)
    with write_lock(made):
        started = time.monotonic()
        store = Store(made)  # nothing to migrate: no write lock is taken
        assert [c.name for c in store.corpora()] == ["Kept"]
        assert store.meta("held") is None  # the other writer's change is not seen before it commits
        assert time.monotonic() - started < 0.9  # less than one lock timeout: nothing waited
        with pytest.raises(StoreError) as caught:
            store.create_corpus("New", [load_demo()[1]], engine_version=V)
        assert str(caught.value) == errors.STORE_BUSY
    assert store.create_corpus("New", [load_demo()[1]], engine_version=V)  # once the writer is done


def test_a_database_to_migrate_waits_for_the_writer_then_says_it_is_busy(made, monkeypatch):
    with contextlib.closing(sqlite3.connect(made, isolation_level=None)) as con:  # as the previous version left it
        con.execute("DELETE FROM schema_version WHERE version = ?", (SCHEMA_VERSION,))
    monkeypatch.setattr(dialect_module, "LOCK_TIMEOUT_S", 1)
    with write_lock(made), pytest.raises(StoreError) as caught:
        Store(made)
    assert str(caught.value) == errors.STORE_BUSY
    assert Store(made).schema_version() == SCHEMA_VERSION  # migrated once the writer is gone


def test_a_read_only_file_opens_for_reading_and_refuses_every_write(made):
    with read_only(made):
        store = Store(made)
        assert store.read_only
        [corpus] = store.corpora()
        assert corpus.name == "Kept" and store.rows(corpus.id)["articles"]
        assert not store.ticket_revoked("1.ab.cd")  # reading the revoked tickets works too
        for write in (lambda: store.create_corpus("New", [load_demo()[1]], engine_version=V),
                      lambda: store.rename_corpus(corpus.id, "Other"), lambda: store.delete_corpus(corpus.id),
                      lambda: store.create_share_link(corpus.id), lambda: store.revoke_ticket("1.ab.cd")):
            with pytest.raises(StoreError) as caught:
                write()
            assert str(caught.value) == errors.STORE_READ_ONLY
        assert store.secret("gate")  # the key made before is read, not written
    assert not Store(made).read_only


def test_a_read_only_file_too_old_to_read_says_so(made):
    with contextlib.closing(sqlite3.connect(made, isolation_level=None)) as con:
        con.execute("DELETE FROM schema_version WHERE version = ?", (SCHEMA_VERSION,))
    with read_only(made), pytest.raises(StoreError) as caught:
        Store(made)
    assert str(caught.value) == errors.STORE_TOO_OLD_TO_READ


def test_a_postgresql_server_that_is_not_running_is_one_message():
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        Store(f"postgresql://wsw:secret-password@127.0.0.1:{free_port()}/wsw")
    assert str(caught.value) == errors.STORE_UNREACHABLE
    assert "secret-password" not in str(caught.value) and time.monotonic() - started < 20


def test_a_postgresql_server_lost_while_running_is_one_message(postgres_url):
    import psycopg

    store = Store(postgres_url)
    store.create_corpus("Kept", [load_demo()[0]], engine_version=V)
    assert store.corpora()  # a pooled connection now waits in the pool
    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                      "AND pid <> pg_backend_pid()", (name,))
    with pytest.raises(StoreError) as caught:
        store.corpora()
    assert str(caught.value) == errors.STORE_UNREACHABLE
    assert [c.name for c in store.corpora()] == ["Kept"]  # the dead connection was dropped, not pooled


# On the dashboard -------------------------------------------------------------------------------------------


def test_the_dashboard_on_a_read_only_database_shows_a_banner_and_its_corpora(dashboard_db):
    with read_only(dashboard_db):
        at = run()
        no_exception(at)
        assert [w.value for w in at.warning if w.value == errors.STORE_READ_ONLY]
        assert at.metric  # the Overview drew its figures
        assert not at.error


def test_the_dashboard_opens_while_another_process_writes(dashboard_db, monkeypatch):
    monkeypatch.setattr(dialect_module, "LOCK_TIMEOUT_S", 1)
    with write_lock(dashboard_db):
        at = run()
    no_exception(at)
    assert at.metric and not at.error


def test_the_dashboard_without_its_database_says_so_in_one_message(dashboard_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"postgresql://wsw@127.0.0.1:{free_port()}/wsw")
    at = run()
    assert not at.exception
    assert [e.value for e in at.error] == [errors.STORE_UNREACHABLE]


def test_only_database_faults_become_store_errors():
    from analysis.store.dialect import fault_message

    assert fault_message(sqlite3.OperationalError("attempt to write a readonly database")) == errors.STORE_READ_ONLY
    assert fault_message(sqlite3.OperationalError("database is locked")) == errors.STORE_BUSY
    assert fault_message(sqlite3.OperationalError("database or disk is full")) == errors.STORE_FULL
    assert fault_message(sqlite3.OperationalError("unable to open database file")) == errors.STORE_UNREACHABLE
    assert fault_message(sqlite3.OperationalError("disk I/O error")) == errors.STORE_UNREACHABLE
    for mistake in ("no such table: actor_decisions", 'near "SELEC": syntax error', "no such column: x"):
        assert fault_message(sqlite3.OperationalError(mistake)) is None  # the code's mistake, not the database's
    assert fault_message(ValueError("database is locked")) is None
