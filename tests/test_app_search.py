"""The search of every page through AppTest: it lives in the URL, narrows every page's counts, shows as a chip,
links each result to its statement; and the downloads of the Statements and Network pages under filters."""
from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing
from urllib.parse import parse_qs, urlparse

import networkx as nx
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from test_app import chips, corpus_id, fresh_caches, metric, navigation_mode, no_exception, qp, run

from analysis.store import Store
from analysis.store.search import search

__all__ = ["fresh_caches", "navigation_mode"]  # autouse fixtures of test_app, used here too


@pytest.fixture
def synthetic(dashboard_db) -> int:
    from conftest import SYNTHETIC_NAME

    return corpus_id(dashboard_db, SYNTHETIC_NAME)


@pytest.fixture
def files(monkeypatch) -> dict[str, bytes]:
    """The files the download buttons give, by file name."""
    made: dict[str, bytes] = {}
    add = MediaFileManager.add

    def record(self, data, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data
        return add(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", record)
    return made


def test_a_search_in_the_link_narrows_every_page(dashboard_db, synthetic):
    every = len(Store(dashboard_db).rows(synthetic)["statements"])
    hits = search(Store(dashboard_db), synthetic, "ceasefire").total
    assert 0 < hits < every
    at = run("pages/overview.py", corpus=str(synthetic), q="ceasefire")
    no_exception(at)
    assert metric(at, "Statements") == str(hits)
    assert chips(at) == ["search: “ceasefire” ✕"] and qp(at, "q") == ["ceasefire"]
    for page in ("pages/network.py", "pages/timeline.py", "pages/actors.py"):
        at.switch_page(page).run()
        no_exception(at)
        assert chips(at) == ["search: “ceasefire” ✕"] and qp(at, "q") == ["ceasefire"]
        assert any(f"{hits} of {every} statements" in c.value for c in at.caption), page


def test_the_statements_page_shows_the_results_with_links_to_each_statement(dashboard_db, synthetic):
    at = run("pages/statements.py", corpus=str(synthetic), q='"ceasefire was holding"')
    no_exception(at)
    shown = at.dataframe[0].value
    assert len(shown) == search(Store(dashboard_db), synthetic, '"ceasefire was holding"').total > 0
    assert all("ceasefire was holding" in c.lower() for c in shown["content"])
    for link in shown["link"]:
        query = parse_qs(urlparse(link).query)
        assert query["q"] == ['"ceasefire was holding"'] and query["stmt"] and urlparse(link).fragment
    row = Store(dashboard_db).rows(synthetic)["statements"]
    first = parse_qs(urlparse(shown["link"].iloc[0]).query)
    assert any(r["article_id"] == first["id"][0] and r["idx"] == int(first["stmt"][0]) and
               "ceasefire was holding" in r["content"].lower() for r in row)
    at = run("pages/statements.py", corpus=str(synthetic), q="holding ceasefire")  # words in any order
    assert len(at.dataframe[0].value) == len(shown)
    at = run("pages/statements.py", corpus=str(synthetic), q='"holding ceasefire"')  # a phrase keeps its order
    no_exception(at)
    assert not at.dataframe and chips(at) == ["search: “\"holding ceasefire\"” ✕"]


def test_a_hostile_search_shows_nothing_broken(synthetic):
    for query in ('"', "NEAR(", "*", "x" * 10_000, "a\x00b", "' OR 1=1 --"):
        at = run("pages/statements.py", corpus=str(synthetic), q=query)
        no_exception(at)


def test_without_the_index_the_search_scans_the_statements(dashboard_db, synthetic):
    with closing(sqlite3.connect(dashboard_db, isolation_level=None)) as con:
        con.execute("DROP TABLE statements_fts")
    at = run("pages/statements.py", corpus=str(synthetic), q="ceasefire")
    no_exception(at)
    shown = at.dataframe[0].value
    assert len(shown) > 0 and all("ceasefire" in f"{c} {s}".lower()
                                  for c, s in zip(shown["content"], shown["sentence"], strict=True))


def test_the_statements_downloads_give_the_filtered_view(dashboard_db, synthetic, files):
    at = run("pages/statements.py", corpus=str(synthetic), q="ceasefire", stance="warn")
    no_exception(at)
    shown = at.dataframe[0].value
    texts = search(Store(dashboard_db), synthetic, "ceasefire", limit=20)
    assert texts.total_articles > 20 and [e.label for e in at.expander if "articles' texts" in e.label] == [
        f"The search in the articles' texts and titles, whatever the filters: {texts.total_articles} articles "
        "(the first 20)"]
    stem = next(name for name in files if name.endswith(".csv"))[:-4]
    csv = pd.read_csv(io.BytesIO(files[f"{stem}.csv"]), dtype=str)
    assert len(csv) == len(shown) > 0 and set(csv["stance"]) == {"warn"}
    assert {"statement_id", "speaker_text", "start", "cue_start", "content_end", "corrected"} <= set(csv.columns)
    records = json.loads(files[f"{stem}.json"])
    assert [r["statement_id"] for r in records] == csv["statement_id"].tolist()
    assert files[f"{stem}.parquet"][:4] == b"PAR1"
    assert f"{stem}.html" not in files  # made on demand
    at.button(key="statements_make_report").click().run()
    no_exception(at)
    report = files[f"{stem}.html"].decode("utf-8")
    assert report.startswith("<!DOCTYPE html>") and "<svg" in report and "<script" not in report
    assert "search: “ceasefire”" in report and "stance: warn" in report


def test_the_network_downloads_give_graph_files(synthetic, files):
    at = run("pages/network.py", corpus=str(synthetic), stance="accuse")
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["⬇ GEXF", "⬇ GraphML"]
    gexf = next(v for k, v in files.items() if k.endswith(".gexf"))
    graphml = next(v for k, v in files.items() if k.endswith(".graphml"))
    for graph in (nx.read_gexf(io.BytesIO(gexf)), nx.read_graphml(io.BytesIO(graphml))):
        assert graph.number_of_edges() > 0
        assert {d["stance"] for _a, _b, d in graph.edges(data=True)} == {"accuse"}
