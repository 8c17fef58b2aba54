"""The dashboard through AppTest: undated articles in view, batch dates and outlets on upload, chips for the
Overview's cells and the Statements search, and blank (never "None") table cells."""
from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest
from conftest import finish_uploads
from test_app import MANAGE, PAGES, chips, corpus_id, fresh_caches, navigation_mode, no_exception, qp, run

from analysis import corpora, tables
from analysis.store import Store
from analysis.tools.bench_dashboard import synthetic_corpus

__all__ = ["fresh_caches", "navigation_mode"]  # autouse fixtures of test_app, used here too

UNDATED = "Half dated"


def half_dated(db) -> tuple[int, int, int]:
    """A corpus whose every other article has no date and no outlet; (id, undated articles, their statements)."""
    analyses = synthetic_corpus(12, seed=5)
    analyses = [dataclasses.replace(a, article=dataclasses.replace(a.article, date=None, outlet=None))
                if i % 2 else a for i, a in enumerate(analyses)]
    cid = corpora.save_analysed(Store(db), UNDATED, analyses)
    undated = [a for i, a in enumerate(analyses) if i % 2]
    return cid, len(undated), sum(len(a.statements) for a in undated)


def test_the_timeline_counts_the_undated_statements_it_leaves_off(dashboard_db):
    cid, _articles, statements = half_dated(dashboard_db)
    at = run("pages/timeline.py", corpus=str(cid))
    no_exception(at)
    assert any(c.value.startswith(f"{statements} statements come from articles without a date and are not shown")
               for c in at.caption)


def test_a_date_range_says_it_hides_the_undated_articles(dashboard_db):
    cid, articles, statements = half_dated(dashboard_db)
    at = run(corpus=str(cid))
    assert not [c for c in at.caption if "undated" in c.value]
    days = sorted({str(a["date"])[:10] for a in Store(dashboard_db).rows(cid)["articles"] if a["date"]})
    at = run(corpus=str(cid), **{"from": days[1]})  # the first date would leave the range open
    no_exception(at)
    assert f"The date range hides {articles} undated articles ({statements} statements)" in "".join(
        c.value for c in at.caption)


@pytest.mark.parametrize("page", PAGES)
def test_no_table_shows_none_for_an_empty_cell(dashboard_db, page):
    cid, _articles, _statements = half_dated(dashboard_db)
    articles = Store(dashboard_db).article_ids(cid)
    at = run(page, corpus=str(cid), id=articles[1], actor="John Kerry")
    no_exception(at)
    for frame in at.dataframe:
        df: pd.DataFrame = frame.value
        cells = [v for col in df.columns for v in df[col]]
        assert not [v for v in cells if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT
                    or (isinstance(v, str) and v in ("None", "nan", "NaT"))], (page, df.columns.tolist())


def test_a_cell_from_the_link_is_a_chip_that_removes_it(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    matrix = tables.who_says_what(tables.corpus_frames(Store(dashboard_db).rows(cid)).statements, 12)
    (s1, t1), (s2, t2) = matrix[["speaker", "stance"]].head(2).itertuples(index=False)
    at = run(corpus=str(cid), cell=[f"{t1}:{s1}", f"{t2}:{s2}", "say:Nobody Here"], direct="no")
    no_exception(at)
    assert chips(at) == ["speech: reported ✕", f"cell: {s1} · {t1} ✕", f"cell: {s2} · {t2} ✕"]
    next(b for b in at.button if b.label.replace("\\", "") == f"cell: {s1} · {t1} ✕").click().run()
    no_exception(at)
    assert qp(at, "cell") == [f"{t2}:{s2}"] and qp(at, "direct") == ["no"]
    assert chips(at) == ["speech: reported ✕", f"cell: {s2} · {t2} ✕"]
    assert any(c.value.startswith("Selected: ") for c in at.caption)
    at.button(key="wsw_chip_clear").click().run()
    assert chips(at) == [] and {k: qp(at, k) for k in at.query_params} == {"corpus": [str(cid)]}


def test_the_search_is_a_chip_that_clears_it(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run("pages/statements.py", corpus=str(cid), q="talks")
    no_exception(at)
    assert chips(at) == ["search: “talks” ✕"]
    every = len(Store(dashboard_db).rows(cid)["statements"])
    assert len(at.dataframe[0].value) < every
    next(b for b in at.button if b.label.replace("\\", "") == "search: “talks” ✕").click().run()
    no_exception(at)
    assert at.text_input(key="statements_q").value == "" and qp(at, "q") == [] and chips(at) == []
    assert len(at.dataframe[0].value) == every
    at.text_input(key="statements_q").input("ceasefire").run()
    assert chips(at) == ["search: “ceasefire” ✕"] and qp(at, "q") == ["ceasefire"]


def test_an_upload_takes_the_batch_date_and_outlet_and_names_a_duplicate(dashboard_db):
    dated = b"date: 2025-11-02\n\nHarbour strike ends\nThe union said the workers would return on Monday."
    undated = b"Ferry service resumes\nThe operator said the ferry would sail again on Friday."
    at = run()
    at.switch_page(MANAGE).run()
    at.file_uploader(key="manage_upload_files_0").set_value(
        [("dated.txt", dated, "text/plain"), ("undated.txt", undated, "text/plain")]).run()
    at.text_input(key="manage_upload_name").input("Harbour").run()
    at.date_input(key="manage_upload_date").set_value(date(2026, 3, 4)).run()
    at.text_input(key="manage_upload_outlet").input("The Harbour Ledger").run()
    finish_uploads(at.button(key="manage_upload_button").click().run())
    no_exception(at)
    infos = [i.value for i in at.info]
    assert "1 article without a date of its own took the date given for the upload." in infos
    assert "2 articles without an outlet took the outlet given for the upload." in infos
    cid = corpus_id(dashboard_db, "Harbour")
    rows = {a["title"]: a for a in Store(dashboard_db).rows(cid)["articles"]}
    assert {t: (str(a["date"])[:10], a["outlet"]) for t, a in rows.items()} == {
        "Harbour strike ends": ("2025-11-02", "The Harbour Ledger"),
        "Ferry service resumes": ("2026-03-04", "The Harbour Ledger")}

    at.file_uploader(key="manage_upload_files_1").set_value([("again.txt", undated, "text/plain")]).run()
    at.radio(key="manage_upload_target").set_value("more articles of the open corpus").run()
    at.button(key="manage_upload_button").click().run()
    no_exception(at)
    assert [i.value for i in at.info] == ["1 article was in the corpus already and was not added again: "
                                          "“again\\.txt”."]  # it took no date: it was not added


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_of_every_page_is_described(dashboard_db, page):
    import json

    from conftest import SYNTHETIC_NAME

    at = run(page, corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)), actor="John Kerry")
    no_exception(at)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert all(len(s.get("description", "")) > 20 for s in specs), page
    if page in ("pages/overview.py", "pages/timeline.py", "pages/network.py", "pages/map.py", "pages/actors.py"):
        assert specs, page
