"""The search in a real browser (`streamlit run` and headless Chromium, as test_browser.py): a link with `q=`
opens the matching statements only, a phrase keeps its words in order, and the chip takes the search away.

Skipped where /usr/bin/chromium is missing, except under CI (env CI set), where that is a failure.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

import pytest
from test_browser import TIMEOUT_MS, browser  # noqa: F401 (the browser guard and fixture)

from analysis.store import Store
from analysis.store.search import search
from analysis.tools.bench_dashboard import store_synthetic
from analysis.tools.harness import serve_dashboard, wait_settled


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser_search") / "wsw.sqlite3"
    store = Store(db)
    store.mark_builtin_done()  # no demo corpus: the generated one is all there is
    corpus = store_synthetic(store, "Synthetic newsroom", 40, seed=7)
    with serve_dashboard(db) as url:
        yield url, corpus, store


@pytest.fixture
def page(browser):  # noqa: F811 (the fixture)
    p = browser.new_page(viewport={"width": 1400, "height": 1500})
    p.set_default_timeout(TIMEOUT_MS)
    yield p
    p.close()


def main_text(page) -> str:
    text = page.locator("[data-testid=stMain]").inner_text()
    assert page.locator("[data-testid=stException]").count() == 0
    assert "Something went wrong" not in text and "Traceback" not in text
    return text


def count_line(page) -> str:
    """The Statements page's line under the table: "12 statements. CSV cells …"."""
    return page.get_by_text(re.compile(r"^[\d,]+ statements?\. CSV cells")).first.inner_text()


def test_a_search_in_the_link_shows_only_the_matching_statements(server, page):
    url, corpus, store = server
    every = len(store.rows(corpus)["statements"])
    found = search(store, corpus, "ceasefire").total
    assert 0 < found < every
    page.goto(f"{url}/statements?corpus={corpus}&q=ceasefire")
    wait_settled(page, TIMEOUT_MS)
    assert page.get_by_label("Search in what was said").input_value() == "ceasefire"
    assert count_line(page).startswith(f"{found} statements.")
    assert f"{found} of {every} statements match the filters" in main_text(page)
    # The Overview follows the same search: each of its evidence cards holds the word.
    page.goto(f"{url}/?corpus={corpus}&q=ceasefire")
    wait_settled(page, TIMEOUT_MS)
    cards = page.locator("[data-testid=stHtml] .wsw-card").all_inner_texts()
    assert cards and all("ceasefire" in c.lower() for c in cards)
    assert f"{found} of {every} statements match the filters" in main_text(page)


def test_a_phrase_keeps_its_words_in_order(server, page):
    url, corpus, store = server
    phrase = search(store, corpus, '"aid convoys"').total
    assert phrase > 0
    page.goto(f"{url}/statements?corpus={corpus}&q={quote(chr(34) + 'aid convoys' + chr(34))}")
    wait_settled(page, TIMEOUT_MS)
    assert count_line(page).startswith(f"{phrase} statements.")
    page.goto(f"{url}/statements?corpus={corpus}&q={quote(chr(34) + 'convoys aid' + chr(34))}")
    wait_settled(page, TIMEOUT_MS)
    assert "No statement matches the filters" in main_text(page)


def test_the_chip_takes_the_search_away(server, page):
    url, corpus, store = server
    every = len(store.rows(corpus)["statements"])
    page.goto(f"{url}/statements?corpus={corpus}&q=negotiat*")
    wait_settled(page, TIMEOUT_MS)
    assert count_line(page).startswith(f"{search(store, corpus, 'negotiat*').total} statements.")
    page.get_by_role("button", name=re.compile(r"search: “negotiat\\?\*” ✕")).click()
    page.wait_for_function("!location.search.includes('q=')", timeout=30_000)
    wait_settled(page, TIMEOUT_MS)
    assert page.get_by_label("Search in what was said").input_value() == ""
    assert count_line(page).startswith(f"{every} statements.")
    assert "q" not in parse_qs(urlparse(page.url).query)
    main_text(page)
