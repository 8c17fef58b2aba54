"""Where the dashboard's views could be computed: the same views timed on the same corpus three ways.

    python -m analysis.tools.bench_views DATABASE.sqlite3 [--corpus ID] [--repeat 5] [--json]

On a copy of a SQLite database (the file given is only read) and one of its corpora (for instance one that
`bench_dashboard` generated, or any analysed corpus), each way
computes, for every stance of the corpus in turn as the filter:
- the who-says-what matrix of the top 12 speakers (counts per speaker × stance, with each speaker's total);
- the headline counts (statements, articles, speakers);
- the first evidence page (25 statements in article order, every column).

The ways:
- `pandas`: the layered corpus (corrections, cross-article links and decisions applied, as every page shows
  it) in memory as one frame, as the dashboard keeps it today (`tables`);
- `sql`: the database's own statements table, with an index on (stance, speaker) added to the copy; it sees
  the engine's speakers, not the layered ones, so it times the query a materialised layered table would need;
- `duckdb`: DuckDB (when installed) over a Parquet file of the layered corpus, with nothing kept in memory
  between queries but the connection.

It prints each way's median time per view and the memory each way holds (the frame; DuckDB's own), and with
`--json` one JSON object as the last line.
"""
from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import snapshot, tables
from ..store import Store

TOP_N, PAGE = 12, 25


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def pandas_views(statements: pd.DataFrame, stance: str) -> tuple:
    sub = statements[statements["stance"] == stance]
    page = sub.sort_values(["article_id", "idx"], kind="stable").head(PAGE)
    return (tables.who_says_what(sub, TOP_N), (len(sub), sub["article_id"].nunique(), sub["speaker"].nunique()),
            page)


_SQL_MATRIX = """
WITH s AS (SELECT st.speaker, st.stance FROM statements st JOIN corpus_articles ca ON ca.article_hash = st.article_hash
           WHERE ca.corpus_id = ? AND st.stance = ? AND st.speaker IS NOT NULL),
     top AS (SELECT speaker, COUNT(*) AS total FROM s GROUP BY speaker ORDER BY total DESC, speaker LIMIT ?)
SELECT s.speaker, s.stance, COUNT(*) AS n, top.total FROM s JOIN top ON top.speaker = s.speaker
GROUP BY s.speaker, s.stance, top.total ORDER BY top.total DESC, s.speaker"""
_SQL_COUNTS = """
SELECT COUNT(*) AS n, COUNT(DISTINCT st.article_hash) AS a, COUNT(DISTINCT st.speaker) AS sp
FROM statements st JOIN corpus_articles ca ON ca.article_hash = st.article_hash
WHERE ca.corpus_id = ? AND st.stance = ?"""
_SQL_PAGE = """
SELECT st.* FROM statements st JOIN corpus_articles ca ON ca.article_hash = st.article_hash
WHERE ca.corpus_id = ? AND st.stance = ? ORDER BY st.article_hash, st.idx LIMIT ?"""


def sql_views(store: Store, corpus_id: int, stance: str) -> tuple:
    with store._reading() as con:
        return (con.execute(_SQL_MATRIX, (corpus_id, stance, TOP_N)).fetchall(),
                con.execute(_SQL_COUNTS, (corpus_id, stance)).fetchall(),
                con.execute(_SQL_PAGE, (corpus_id, stance, PAGE)).fetchall())


_DUCK_MATRIX = """
WITH s AS (SELECT speaker, stance FROM st WHERE stance = $1),
     top AS (SELECT speaker, COUNT(*) AS total FROM s GROUP BY speaker ORDER BY total DESC, speaker LIMIT {top})
SELECT s.speaker, s.stance, COUNT(*) AS n, top.total FROM s JOIN top USING (speaker)
GROUP BY s.speaker, s.stance, top.total ORDER BY top.total DESC, s.speaker"""


def duckdb_views(con, stance: str) -> tuple:
    return (con.execute(_DUCK_MATRIX.format(top=TOP_N), [stance]).fetchall(),
            con.execute("SELECT COUNT(*), COUNT(DISTINCT article_id), COUNT(DISTINCT speaker) FROM st "
                        "WHERE stance = $1", [stance]).fetchall(),
            con.execute(f"SELECT * FROM st WHERE stance = $1 ORDER BY article_id, idx LIMIT {PAGE}",
                        [stance]).fetchall())


def run(database: str, corpus_id: int | None, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "views.sqlite3"
        with sqlite3.connect(f"file:{Path(database).resolve()}?mode=ro", uri=True) as source, \
                sqlite3.connect(copy) as target:
            source.backup(target)
            # The index a materialised view would need, in the copy only.
            target.execute("CREATE INDEX bench_statements_by_stance ON statements(stance, speaker)")
        return _run(Store(copy), corpus_id, repeat, Path(tmp))


def _run(store: Store, corpus_id: int | None, repeat: int, tmp: Path) -> dict:
    corpus = store.corpus(corpus_id) if corpus_id is not None else store.corpora()[-1]
    t0 = time.perf_counter()
    layered = snapshot.layered(store, corpus.id, corpus.revision, tmp / "cache")
    statements = layered.frames.statements
    result: dict = {"corpus": corpus.id, "articles": corpus.articles, "statements": len(statements),
                    "layered_load_s": round(time.perf_counter() - t0, 2),
                    "frame_mb": round(int(statements.memory_usage(deep=True).sum()) / 2**20, 1)}
    stances = sorted(statements["stance"].dropna().unique())
    result["pandas_ms"] = _median_ms(lambda: [pandas_views(statements, s) for s in stances], repeat)
    result["sql_ms"] = _median_ms(lambda: [sql_views(store, corpus.id, s) for s in stances], repeat)
    try:
        import duckdb  # noqa: PLC0415 - optional: measured only when installed
    except ImportError:
        result["duckdb_ms"] = None
    else:
        parquet = tmp / "statements.parquet"
        statements.to_parquet(parquet, index=False)
        con = duckdb.connect()
        con.execute(f"CREATE VIEW st AS SELECT * FROM read_parquet('{parquet}')")
        result["parquet_mb"] = round(parquet.stat().st_size / 2**20, 1)
        result["duckdb_ms"] = _median_ms(lambda: [duckdb_views(con, s) for s in stances], repeat)
        con.close()
    result["views_per_run"] = len(stances)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    store.close()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="a SQLite database file (only read: the views run on a copy)")
    parser.add_argument("--corpus", type=int, help="the corpus id (default: the newest corpus)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.database, args.corpus, args.repeat)
    for key, value in result.items():
        print(f"{key:<16} {value}")
    if args.json:
        print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
