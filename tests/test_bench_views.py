"""The view-options benchmark: its three ways compute the same views of the same corpus, it only reads the
database it is given, and its figures are measurements."""
from __future__ import annotations

import hashlib
import importlib.util

import pytest

from analysis import snapshot
from analysis.store import Store
from analysis.tools import bench_views
from analysis.tools.bench_dashboard import store_synthetic


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "views.sqlite3"
    store = Store(path)
    store.mark_builtin_done()
    corpus_id = store_synthetic(store, "Views", 40)
    store.close()
    return path, corpus_id


def _layered_statements(path, corpus_id, tmp_path):
    store = Store(path)
    corpus = store.corpus(corpus_id)
    frame = snapshot.layered(store, corpus_id, corpus.revision, tmp_path / "cache").frames.statements
    store.close()
    return frame


def test_the_figures_are_measured_and_the_database_is_only_read(corpus_db):
    path, corpus_id = corpus_db
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = bench_views.run(str(path), corpus_id, repeat=2)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert result["articles"] == 40 and result["statements"] > 40 and result["views_per_run"] >= 2
    for key in ("pandas_ms", "sql_ms", "frame_mb", "peak_rss_mb"):
        assert result[key] > 0, key
    store = Store(path)
    with store._reading() as con:  # the benchmark's index went into its copy only
        assert not con.execute("SELECT name FROM sqlite_master WHERE name = 'bench_statements_by_stance'").fetchall()
    store.close()


def test_sql_counts_the_statements_pandas_counts(corpus_db, tmp_path):
    path, corpus_id = corpus_db
    statements = _layered_statements(path, corpus_id, tmp_path)
    store = Store(path)
    for stance in sorted(statements["stance"].unique()):
        _matrix, counts, page = bench_views.sql_views(store, corpus_id, stance)
        _m, (n, articles, _speakers), first = bench_views.pandas_views(statements, stance)
        assert (counts[0]["n"], counts[0]["a"]) == (n, articles)  # layering renames speakers, never drops one
        assert len(page) == len(first) == min(n, bench_views.PAGE)
    store.close()


@pytest.mark.skipif(importlib.util.find_spec("duckdb") is None, reason="DuckDB is not installed")
def test_duckdb_over_parquet_gives_the_pandas_views(corpus_db, tmp_path):
    import duckdb

    path, corpus_id = corpus_db
    statements = _layered_statements(path, corpus_id, tmp_path)
    parquet = tmp_path / "st.parquet"
    statements.to_parquet(parquet, index=False)
    con = duckdb.connect()
    con.execute(f"CREATE VIEW st AS SELECT * FROM read_parquet('{parquet}')")
    for stance in sorted(statements["stance"].unique()):
        matrix, counts, page = bench_views.duckdb_views(con, stance)
        want, want_counts, want_page = bench_views.pandas_views(statements, stance)
        assert sorted(matrix) == sorted(want[["speaker", "stance", "count", "total"]].itertuples(index=False,
                                                                                                  name=None))
        assert counts[0] == want_counts
        assert [(r[0], r[1]) for r in page] == list(want_page[["article_id", "idx"]].itertuples(index=False,
                                                                                                 name=None))
