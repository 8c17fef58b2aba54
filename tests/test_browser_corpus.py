"""The corpus layers in a real browser (`streamlit run` driven through headless Chromium, as test_browser.py):
two actors merged on the Actors page are one row of the Overview's heat map, and a correction made on the
Articles page is still shown after the server restarts and after a newer engine analysed the articles again.
Screenshots go to artifacts/. Skipped where /usr/bin/chromium is missing (a failure under CI)."""
from __future__ import annotations

import sqlite3
from urllib.parse import quote

import pytest
from test_browser import (  # noqa: F401 (the browser fixture)
    ARTIFACTS,
    TIMEOUT_MS,
    assert_no_exception,
    browser,
    card_heads,
    cell_facts,
    overview_cells,
)

import analysis
from analysis import corpora
from analysis.demo import load_demo
from analysis.engine.version import engine_version
from analysis.store import Store
from analysis.store.layers import Layers
from analysis.tools.bench_dashboard import store_synthetic
from analysis.tools.harness import serve_dashboard, wait_settled

WATCHDOG = "Harbour Watchdog Group"


@pytest.fixture(autouse=True)
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)


def new_page(browser):  # noqa: F811 (the fixture)
    p = browser.new_page(viewport={"width": 1400, "height": 1500})
    p.set_default_timeout(TIMEOUT_MS)
    return p


def pick(page, label: str, value: str) -> None:
    """Choose `value` in the selectbox labelled `label` (typing it: a new value where new ones are accepted)."""
    box = page.locator("[data-testid=stMain]").get_by_role("combobox", name=label)
    box.click()
    box.fill(value)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    wait_settled(page, TIMEOUT_MS)


def heat_map(page, url: str, corpus: int) -> dict[str, int]:
    """The Overview's heat map of `corpus`: speaker → statements, over its row's cells."""
    cells = overview_cells(page, url, corpus)
    totals: dict[str, int] = {}
    for i in range(cells.count()):
        speaker, _stance, count = cell_facts(cells.nth(i))
        totals[speaker] = totals.get(speaker, 0) + count
    return totals


def test_two_actors_merged_on_the_actors_page_are_one_row_of_the_heat_map(browser, tmp_path):  # noqa: F811
    db = tmp_path / "merge.sqlite3"
    corpus = store_synthetic(Store(db), "Merges newsroom", 30, seed=7)
    with serve_dashboard(db, log=ARTIFACTS / "streamlit-merge.log") as url:
        page = new_page(browser)
        before = heat_map(page, url, corpus)
        into, merged = sorted(before, key=lambda s: -before[s])[:2]
        page.goto(f"{url}/actors?corpus={corpus}&actor={quote(merged)}")
        wait_settled(page, TIMEOUT_MS)
        page.get_by_text(f"Correct {merged}").click()
        pick(page, f"Merge {merged} into", into)
        page.get_by_role("button", name="Merge", exact=True).click()
        page.wait_for_timeout(500)
        wait_settled(page, TIMEOUT_MS)
        assert_no_exception(page)
        page.screenshot(path=ARTIFACTS / "actors-merged.png", full_page=True)
        after = heat_map(page, url, corpus)
        page.screenshot(path=ARTIFACTS / "overview-merged.png")
        assert merged not in after and after[into] == before[into] + before[merged]
        assert set(before) - {merged} <= set(after)  # the other rows stay (a row freed may let another in)
        page.close()
    assert [(d.name, d.value) for d in Layers(Store(db)).decisions(corpus)] == [(merged, into)]


def corrected_cards(page) -> list[str]:
    return [h for h in card_heads(page) if "corrected" in h]


def open_article(page, url: str, corpus: int, article: str) -> None:
    page.goto(f"{url}/articles?corpus={corpus}&id={article}")
    wait_settled(page, TIMEOUT_MS)
    assert_no_exception(page)


def test_a_correction_is_still_shown_after_a_restart_and_a_reanalysis(browser, tmp_path):  # noqa: F811
    db = tmp_path / "correct.sqlite3"
    store = Store(db)
    analyses = list(analysis.analyze_many(load_demo()[:2]))
    corpus = corpora.save_analysed(store, "Harbour desk", analyses)
    article = store.article_ids(corpus)[0]
    with serve_dashboard(db, log=ARTIFACTS / "streamlit-correct.log") as url:
        page = new_page(browser)
        open_article(page, url, corpus, article)
        assert corrected_cards(page) == []
        page.get_by_text("Correct a statement").click()
        pick(page, "Target", WATCHDOG)
        page.get_by_role("button", name="Save correction").click()
        page.wait_for_timeout(500)
        wait_settled(page, TIMEOUT_MS)
        assert_no_exception(page)
        [card] = corrected_cards(page)
        assert f"→ {WATCHDOG}" in card
        page.screenshot(path=ARTIFACTS / "article-corrected.png", full_page=True)
        page.close()
    assert len(Layers(store).corrections(corpus)) == 1
    with serve_dashboard(db, log=ARTIFACTS / "streamlit-correct.log") as url:  # the server restarted
        page = new_page(browser)
        open_article(page, url, corpus, article)
        assert corrected_cards(page) == [card]
        page.close()
    with sqlite3.connect(db) as con:  # a newer engine: every article is analysed again on the next visit
        con.execute("UPDATE analyses SET engine_version = 'older'")
    with serve_dashboard(db, log=ARTIFACTS / "streamlit-correct.log") as url:
        page = new_page(browser)
        open_article(page, url, corpus, article)
        assert corrected_cards(page) == [card]
        page.locator(".wsw-card", has_text="corrected").first.screenshot(path=ARTIFACTS / "card-corrected.png")
        page.close()
    assert store.stale_articles(corpus, engine_version()) == []  # it was analysed again
