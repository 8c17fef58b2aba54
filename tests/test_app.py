"""The dashboard through Streamlit's AppTest: every page, shared links, uploads, corpus management.

Chart clicks cannot be simulated here (AppTest sees charts as unknown elements); the selection → filter logic
is unit-tested in test_tables.py and clicked for real in test_browser.py.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import streamlit as st
from conftest import finish_uploads
from streamlit.testing.v1 import AppTest

import analysis
import analysis.workers
import ui
from analysis import corpora, errors
from analysis.demo import DEMO_NAME, STORY_NAME, load_demo, load_story
from analysis.engine.version import engine_version
from analysis.store import Store, content_hash

ROOT = Path(__file__).resolve().parent.parent
PAGES = [path for path, _title, _icon in ui.PAGES]
TITLES = {"pages/overview.py": "Who says what", **{path: title for path, title, _ in ui.PAGES[1:]}}
TIMEOUT = 120
MANAGE = "pages/corpus.py"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Streamlit caches outlive an AppTest within one process: start every test from cold caches."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    """Keep Streamlit's legacy pages/ mode off, as `streamlit run` does once st.navigation has run.

    AppTest detects the pages/ folder again before every run; each rerun would then first run the page alone
    (ui.start() reruns it through dashboard.py) and lose one-shot events such as button clicks.
    """
    from streamlit.runtime.pages_manager import PagesManager

    init = PagesManager.__init__

    def init_with_navigation(self, *args, **kwargs):
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_with_navigation)


def corpus_id(db: Path, name: str) -> int:
    return next(c.id for c in Store(db).corpora() if c.name == name)


def run(page: str = "pages/overview.py", **params) -> AppTest:
    """Open `page` as a link with these query parameters would."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    if page != PAGES[0]:
        at.switch_page(page)
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if errors.UNEXPECTED in e.value]


def html(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.html)


def qp(at: AppTest, key: str) -> list[str]:
    """A query parameter of the app's URL as a list of values."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_first_start_creates_both_demo_corpora_and_opens_the_story(tmp_path, monkeypatch):
    db = tmp_path / "fresh" / "wsw.sqlite3"
    monkeypatch.setenv("WSW_DB", str(db))
    at = run()
    no_exception(at)
    story, demo = Store(db).corpora()
    assert demo.builtin and demo.name == DEMO_NAME and demo.articles == len(load_demo()) > 0
    assert story.builtin and story.name == STORY_NAME and story.articles == len(load_story()) > 0
    assert Store(db).stale_articles(demo.id, engine_version()) == []
    assert Store(db).stale_articles(story.id, engine_version()) == []
    assert at.title[0].value == "Who says what"
    assert metric(at, "Articles") == str(story.articles)
    assert qp(at, "corpus") == [str(story.id)]


@pytest.mark.parametrize("page", PAGES)
def test_page_on_the_default_corpus_the_story(dashboard_db, page):
    at = run(page)
    no_exception(at)
    assert at.title[0].value == TITLES[page]
    assert f"Corpus: **{ui.md(STORY_NAME)}**" in at.caption[0].value


@pytest.mark.parametrize("page", PAGES)
def test_page_on_a_corpus_with_statements(dashboard_db, page):
    from conftest import SYNTHETIC_NAME

    at = run(page, corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)))
    no_exception(at)
    assert at.title[0].value == TITLES[page]
    assert not [i.value for i in at.info]  # no empty state


def test_overview_chart_and_evidence(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(corpus=str(cid))
    total = len(Store(dashboard_db).rows(cid)["statements"])
    assert metric(at, "Statements") == str(total)
    chart = at.get("vega_lite_chart")[0]
    assert '"name": "cell"' in chart.proto.spec or '"name":"cell"' in chart.proto.spec
    body = html(at)
    assert body.count('class="wsw-card"') == ui.EVIDENCE_LIMIT
    assert f"articles?corpus={cid}&amp;id=" in body
    assert at.slider(key="overview_top").value == 12
    at.slider(key="overview_top").set_value(3).run()
    assert qp(at, "top") == ["3"]


def test_evidence_pages(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(corpus=str(cid))
    first = html(at)
    pager = at.number_input(key="overview_evidence_page")
    assert pager.value == 1 and pager.max >= 2
    pager.set_value(2).run()
    no_exception(at)
    second = html(at)
    assert second.count('class="wsw-card"') >= 1 and second != first


def test_restart_shows_the_corpus_without_analysing_again(dashboard_db, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a stored corpus was analysed again")

    monkeypatch.setattr(analysis, "analyze_many", refuse)
    for page in PAGES:
        no_exception(run(page))


def test_a_newer_engine_analyses_again(dashboard_db, monkeypatch):
    with sqlite3.connect(dashboard_db) as con:
        con.execute("UPDATE analyses SET engine_version = 'older'")
    seen = []
    real = analysis.analyze_many

    def counting(items, **kwargs):
        items = list(items)
        seen.extend(items)
        return real(items, **kwargs)

    monkeypatch.setattr(analysis, "analyze_many", counting)
    no_exception(run())
    demo = next(c for c in Store(dashboard_db).corpora() if c.builtin)
    assert len(seen) == demo.articles
    assert Store(dashboard_db).stale_articles(demo.id, engine_version()) == []


def test_filters_come_from_the_link_and_stay_across_pages(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(corpus=str(cid), speaker=["John Kerry"], stance=["accuse", "urge"])
    no_exception(at)
    assert at.multiselect(key="filter_speaker").value == ["John Kerry"]
    assert at.multiselect(key="filter_stance").value == ["accuse", "urge"]
    rows = [s for s in Store(dashboard_db).rows(cid)["statements"]
            if s["speaker"] == "John Kerry" and s["stance"] in ("accuse", "urge")]
    assert metric(at, "Statements") == str(len(rows))
    at.switch_page("pages/statements.py").run()
    no_exception(at)
    table = at.dataframe[0].value
    assert len(table) == len(rows) and set(table["speaker"]) == {"John Kerry"}
    assert qp(at, "speaker") == ["John Kerry"] and qp(at, "stance") == ["accuse", "urge"]


def test_changing_a_filter_updates_the_link(dashboard_db):
    from conftest import SYNTHETIC_NAME

    at = run(corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)))
    at.multiselect(key="filter_stance").set_value(["say"]).run()
    no_exception(at)
    assert qp(at, "stance") == ["say"]
    at.multiselect(key="filter_stance").set_value([]).run()
    assert "stance" not in at.query_params


def test_unknown_values_in_a_link_are_ignored(dashboard_db):
    at = run(corpus="999", speaker=["Nobody"], **{"from": "not-a-date"}, direct="perhaps")
    no_exception(at)
    assert at.multiselect(key="filter_speaker").value == []
    assert at.selectbox(key="sidebar_corpus").value == corpus_id(dashboard_db, STORY_NAME)


def test_shared_article_link(dashboard_db):
    article = load_story()[-1]
    at = run("pages/articles.py", id=content_hash(article.text))
    no_exception(at)
    assert at.selectbox(key="articles_id").value == content_hash(article.text)
    assert at.subheader[0].value == ui.md(article.title)
    assert '<div class="wsw-text">' in html(at) and "wsw-legend" in html(at)


def test_shared_actor_link(dashboard_db):
    from conftest import SYNTHETIC_NAME

    at = run("pages/actors.py", corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)), actor="Sergei Lavrov")
    no_exception(at)
    assert at.selectbox(key="actors_actor").value == "Sergei Lavrov"
    assert at.header[0].value == ui.md("Sergei Lavrov")
    assert qp(at, "actor") == ["Sergei Lavrov"]


def test_statements_downloads(dashboard_db):
    from conftest import SYNTHETIC_NAME

    at = run("pages/statements.py", corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)))
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["⬇ CSV", "⬇ JSON", "⬇ Parquet"]
    at.button(key="statements_make_report").click().run()
    assert [b.proto.label for b in at.get("download_button")][-1] == "⬇ Report (HTML)"


def _upload(at: AppTest, files: list[tuple[str, bytes, str]], name: str) -> AppTest:
    at.switch_page(MANAGE).run()
    at.file_uploader(key="manage_upload_files_0").set_value(files).run()
    at.text_input(key="manage_upload_name").input(name).run()
    return finish_uploads(at.button(key="manage_upload_button").click().run())


def _files() -> list[tuple[str, bytes, str]]:
    demo = load_demo()[:2]
    return [(a.source, a.text.encode("utf-8"), "text/plain") for a in demo] + [
        ("empty.txt", b"", "text/plain"),
        ("binary.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "application/octet-stream"),
    ]


def test_upload_creates_a_corpus_and_reports_problems(dashboard_db):
    from analysis.ingest import ingest_files

    files = _files()
    expected = ingest_files([(n, b) for n, b, _ in files])
    assert expected.problems  # the empty and binary files are refused
    at = _upload(run(), files, "My upload")
    no_exception(at)
    store = Store(dashboard_db)
    new = next(c for c in store.corpora() if c.name == "My upload")
    assert new.articles == len(expected.articles) == 2
    assert at.selectbox(key="sidebar_corpus").value == new.id
    assert qp(at, "corpus") == [str(new.id)]
    shown = [e.value for e in at.error] + [w.value for w in at.warning]
    for problem in expected.problems:
        assert ui.md(str(problem)) in shown  # file names and reasons are shown as text, never as Markdown
    assert any("Saved" in s.value for s in at.success)
    at.switch_page("pages/overview.py").run()
    assert metric(at, "Articles") == "2"


def test_failed_upload_stores_nothing(dashboard_db, monkeypatch):
    before = Store(dashboard_db).corpora()

    def broken(items, **kwargs):
        raise RuntimeError("parser crashed")

    monkeypatch.setattr(analysis.workers, "analyze_isolated", broken)
    files = [("new.txt", b"A headline\nThe minister said the plan would work, officials reported.", "text/plain")]
    at = _upload(run(), files, "Broken upload")
    no_exception(at)
    assert any("Nothing was saved" in e.value and "parser crashed" in e.value for e in at.error)
    assert Store(dashboard_db).corpora() == before


def test_an_article_the_worker_gives_up_on_costs_only_itself(dashboard_db, monkeypatch):
    # analysed in a worker process: the article over the time limit is reported, the rest saved
    monkeypatch.setenv("WSW_ARTICLE_SECONDS", "0.5")
    slow = "A headline\n" + "Kerry said that Lavrov said that " * 160 + "the talks would go on."
    files = [("slow.txt", slow.encode(), "text/plain"),
             ("fine.txt", b"A headline\nThe minister said the plan would work.", "text/plain")]
    at = _upload(run(), files, "Partly slow")
    no_exception(at)
    new = next(c for c in Store(dashboard_db).corpora() if c.name == "Partly slow")
    assert new.articles == 1
    shown = [e.value for e in at.error] + [w.value for w in at.warning]
    assert ui.md("slow.txt: too complex to analyse: gave up after 0.5 s") in shown, shown


def test_upload_name_must_be_free(dashboard_db):
    at = _upload(run(), _files()[:1], DEMO_NAME)
    assert any("already exists" in e.value for e in at.error)
    assert len(Store(dashboard_db).corpora()) == 3


def test_rename_and_delete_a_corpus(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(MANAGE, corpus=str(cid))
    at.text_input(key=f"manage_rename_{cid}").input("Renamed <b>corpus</b>").run()
    at.button(key="manage_rename_button").click().run()
    no_exception(at)
    assert Store(dashboard_db).corpus(cid).name == "Renamed <b>corpus</b>"
    assert "Renamed \\<b\\>corpus\\</b\\>" in at.caption[0].value
    at.checkbox(key="manage_delete_confirm").check().run()
    at.button(key="manage_delete_button").click().run()
    no_exception(at)
    assert Store(dashboard_db).corpus(cid) is None
    assert [c.name for c in Store(dashboard_db).corpora()] == [STORY_NAME, DEMO_NAME]
    assert qp(at, "corpus") == [str(corpus_id(dashboard_db, STORY_NAME))]


def test_deleting_every_corpus_brings_the_demo_corpora_back(dashboard_db, monkeypatch):
    monkeypatch.setattr(corpora, "load_demo", lambda: load_demo()[:1])
    monkeypatch.setattr(corpora, "load_story", lambda: load_story()[:2])
    store = Store(dashboard_db)
    for corpus in store.corpora()[1:]:
        store.delete_corpus(corpus.id)
    at = run(MANAGE)
    at.checkbox(key="manage_delete_confirm").check().run()
    at.button(key="manage_delete_button").click().run()
    no_exception(at)
    assert [(c.name, c.builtin, c.articles) for c in store.corpora()] == [(STORY_NAME, True, 2), (DEMO_NAME, True, 1)]
    at.switch_page("pages/overview.py").run()
    assert metric(at, "Articles") == "2"


# Crashes a new analyst met: small networks, narrow filters, errors no page expected --------------------------------


@pytest.mark.parametrize("params", [
    {"top": "2"}, {"top": "0"}, {"top": "-4"}, {"top": "99999"}, {"top": "lots"},
    {"speaker": ["Sergei Lavrov"]}, {"stance": ["promise"]}, {"speaker": ["Sergei Lavrov"], "stance": ["deny"]},
])
@pytest.mark.parametrize("page", ["pages/network.py", "pages/overview.py", "pages/timeline.py"])
def test_narrow_views_draw_without_error(dashboard_db, page, params):
    from conftest import SYNTHETIC_NAME

    at = run(page, corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)), **params)
    no_exception(at)
    assert at.title[0].value == TITLES[page]
    assert qp(at, "corpus") == [str(corpus_id(dashboard_db, SYNTHETIC_NAME))]  # the link survives


def test_network_on_the_demo_with_two_actors(dashboard_db):
    at = run("pages/network.py", corpus=str(corpus_id(dashboard_db, DEMO_NAME)), top="2")
    no_exception(at)
    assert at.get("vega_lite_chart") or at.info


def test_an_unexpected_error_shows_a_message_with_an_id_and_no_traceback(dashboard_db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path went wrong")

    monkeypatch.setattr(analysis.tables, "location_points", broken)
    cid = str(corpus_id(dashboard_db, DEMO_NAME))
    at = run("pages/map.py", corpus=cid, stance=["say"])
    assert not at.exception
    [message] = [e.value for e in at.error if errors.UNEXPECTED in e.value]
    assert "/srv/secret" not in message and "RuntimeError" not in message
    error_id = message.split("**")[1]
    assert any(error_id in r.getMessage() for r in caplog.records)
    assert qp(at, "corpus") == [cid] and qp(at, "stance") == ["say"]  # the link is not lost


def test_error_details_are_hidden_from_the_browser():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize("page", PAGES)
def test_filters_that_leave_two_actors_one_statement_or_none(dashboard_db, page):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    rows = Store(dashboard_db).rows(cid)["statements"]
    pair = next(s for s in rows if s["target"] and s["speaker"] and s["target"] != s["speaker"])
    used = {s["stance"] for s in rows if s["speaker"] == pair["speaker"]}
    unused = sorted(set(analysis.STANCES) - used) or ["mumble"]
    for params in ({"speaker": [pair["speaker"]], "target": [pair["target"]]},
                   {"speaker": [pair["speaker"]], "target": [pair["target"]], "stance": [pair["stance"]]},
                   {"speaker": [pair["speaker"]], "stance": unused[:1]}):
        at = run(page, corpus=str(cid), top="2", **params)
        no_exception(at)
        assert qp(at, "speaker") == [pair["speaker"]]


def test_speakers_shown_come_back_when_the_speaker_filter_is_cleared(dashboard_db):
    from conftest import SYNTHETIC_NAME

    at = run(corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)))
    assert at.slider(key="overview_top").value == 12
    speakers = at.multiselect(key="filter_speaker").options[:3]
    at.multiselect(key="filter_speaker").set_value(speakers).run()
    assert at.slider(key="overview_top").value == 3
    at.multiselect(key="filter_speaker").set_value([]).run()
    no_exception(at)
    assert at.slider(key="overview_top").value == 12 and "top" not in at.query_params


def test_a_long_list_filter_offers_its_first_values_and_keeps_a_linked_one_beyond_them(dashboard_db, monkeypatch):
    from conftest import SYNTHETIC_NAME

    from analysis import filter_bar

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    everyone = run(corpus=str(cid)).multiselect(key="filter_speaker").options
    assert len(everyone) > 3
    monkeypatch.setattr(filter_bar, "OFFERED", 2)
    at = run(corpus=str(cid))
    box = at.multiselect(key="filter_speaker")
    assert box.options == everyone[:2] and box.placeholder.startswith(f"Any (lists 2 of {len(everyone)}")
    at = run(corpus=str(cid), speaker=[everyone[-1]])  # a link to a speaker beyond the list
    no_exception(at)
    box = at.multiselect(key="filter_speaker")
    assert box.value == [everyone[-1]] and box.options == [*everyone[:2], everyone[-1]]
    assert qp(at, "speaker") == [everyone[-1]] and "Ignored" not in html(at)


def test_the_corpus_a_session_opens_is_noted_for_the_next_server_start(dashboard_db):
    from conftest import SYNTHETIC_NAME

    from analysis.store import recent

    synthetic, demo = corpus_id(dashboard_db, SYNTHETIC_NAME), corpus_id(dashboard_db, DEMO_NAME)
    at = run(corpus=str(synthetic))
    assert recent.recent(Store(dashboard_db))[:1] == [synthetic]
    at.selectbox(key="sidebar_corpus").set_value(demo).run()
    no_exception(at)
    assert recent.recent(Store(dashboard_db))[:2] == [demo, synthetic]


def test_a_date_range_does_not_follow_the_analyst_to_another_corpus(dashboard_db):
    from conftest import SYNTHETIC_NAME

    synthetic, demo = corpus_id(dashboard_db, SYNTHETIC_NAME), corpus_id(dashboard_db, DEMO_NAME)
    at = run(corpus=str(synthetic))
    lo, hi = at.date_input(key="filter_dates").value
    at.date_input(key="filter_dates").set_value((lo, lo + (hi - lo) / 4)).run()
    assert qp(at, "to") and metric(at, "Statements") != str(len(Store(dashboard_db).rows(synthetic)["statements"]))
    at.selectbox(key="sidebar_corpus").set_value(demo).run()
    no_exception(at)
    assert "to" not in at.query_params and "from" not in at.query_params
    assert metric(at, "Statements") == str(len(Store(dashboard_db).rows(demo)["statements"]))


def test_search_and_linked_statement_come_from_the_link(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run("pages/statements.py", corpus=str(cid), q="talks")
    no_exception(at)
    assert at.text_input(key="statements_q").value == "talks"
    shown = at.dataframe[0].value
    every = Store(dashboard_db).rows(cid)["statements"]
    assert 0 < len(shown) < len(every)
    assert all("talks" in f"{c} {s}".lower() for c, s in zip(shown["content"], shown["sentence"], strict=True))
    assert qp(at, "q") == ["talks"]
    row = next(s for s in Store(dashboard_db).rows(cid)["statements"] if s["idx"] > 0)
    at = run("pages/articles.py", corpus=str(cid), id=row["article_id"], stmt=str(row["idx"]))
    no_exception(at)
    body = html(at)
    assert body.count('class="wsw-card wsw-marked"') == 2  # shown first, and outlined in the list
    assert any(h.proto.anchor == f"statement-{row['idx']}" for h in at.subheader)
    assert qp(at, "stmt") == [str(row["idx"])]


def test_evidence_links_keep_the_filters(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(corpus=str(cid), stance=["accuse"])
    assert f"articles?corpus={cid}&amp;stance=accuse&amp;id=" in html(at)
    assert "&amp;stmt=" in html(at) and "#statement-" in html(at)


# The active-filters bar ---------------------------------------------------------------------------------------


def chips(at: AppTest) -> list[str]:
    """The chips' labels, without the Markdown escapes that keep a name from being read as Markdown."""
    return [b.label.replace("\\", "") for b in at.button
            if b.key and b.key.startswith("wsw_chip_") and b.key != "wsw_chip_clear"]


@pytest.mark.parametrize("page", PAGES)
def test_a_filter_from_the_link_shows_as_a_chip(dashboard_db, page):
    from conftest import SYNTHETIC_NAME

    at = run(page, corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)), speaker=["John Kerry"], direct="yes")
    no_exception(at)
    assert chips(at) == ["speaker: John Kerry ✕", "speech: quotations ✕"]
    assert at.button(key="wsw_chip_clear").label == "Clear all"


def test_no_filter_no_chips(dashboard_db):
    at = run()
    no_exception(at)
    assert chips(at) == [] and not [b for b in at.button if b.key == "wsw_chip_clear"]


def test_removing_a_chip_removes_its_filter_from_the_link(dashboard_db):
    from conftest import SYNTHETIC_NAME

    at = run(corpus=str(corpus_id(dashboard_db, SYNTHETIC_NAME)), speaker=["John Kerry"], stance=["accuse", "urge"])
    assert chips(at) == ["speaker: John Kerry ✕", "stance: accuse ✕", "stance: urge ✕"]
    next(b for b in at.button if b.label.replace("\\", "") == "stance: accuse ✕").click().run()
    no_exception(at)
    assert qp(at, "stance") == ["urge"] and qp(at, "speaker") == ["John Kerry"]
    assert at.multiselect(key="filter_stance").value == ["urge"]
    assert chips(at) == ["speaker: John Kerry ✕", "stance: urge ✕"]


def test_clear_all_clears_every_filter(dashboard_db):
    from conftest import SYNTHETIC_NAME

    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(corpus=str(cid), speaker=["John Kerry"], stance=["accuse"], direct="no",
             **{"from": "2016-02-01", "to": "2016-03-01"})
    assert [c.split(":")[0] for c in chips(at)] == ["speaker", "stance", "dates", "speech"]
    at.button(key="wsw_chip_clear").click().run()
    no_exception(at)
    assert chips(at) == []
    assert {k: qp(at, k) for k in at.query_params} == {"corpus": [str(cid)]}
    assert metric(at, "Statements") == str(len(Store(dashboard_db).rows(cid)["statements"]))
