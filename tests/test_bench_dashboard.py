"""The dashboard benchmark end to end, on a tiny generated corpus: its last line is one JSON object with every
figure, on SQLite and on a throwaway PostgreSQL cluster, and the figures are real measurements (positive, and
the statements counted are the ones stored).

Skipped where /usr/bin/chromium is missing, except under CI (env CI set), where that is a failure (the guard
comes from test_browser.py).
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_browser import TIMEOUT_MS  # noqa: F401 (imported for its Chromium guard)

from analysis.tools.bench_dashboard import synthetic_corpus
from analysis.tools.harness import ROOT, postgres_bin

FIELDS = {"articles", "statements", "stored_s", "overview_unseen_s", "overview_cold_s", "overview_warm_s", "filter_s",
          "evidence_page_s", "search_s", "search_index_ms", "server_rss_mb", "floor_s"}


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_last_line_is_one_json_object_with_every_figure(database):
    if database == "postgresql" and postgres_bin() is None:
        pytest.skip("PostgreSQL's initdb/pg_ctl are missing")
    run = subprocess.run([sys.executable, "-m", "analysis.bench_dashboard", "--articles", "12", "--runs", "2",
                          "--json", "--database", database], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(result) == FIELDS
    assert result["articles"] == 12
    assert result["statements"] == sum(len(a.statements) for a in synthetic_corpus(12))
    for key in FIELDS - {"articles", "statements"}:
        assert result[key] > 0, key
    assert result["overview_cold_s"] < 120 and result["server_rss_mb"] < 4096
