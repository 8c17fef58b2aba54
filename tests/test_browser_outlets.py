"""The Outlets page in a real browser, on the port dispute story (the built-in corpus a new visitor opens first):
the outlets table, share of voice, how speakers are cited, the stance mix and the story gap show the outlets
and speakers that analysis.outlets computes from the stored corpus, and an outlet filter, then the removal of
one of its chips, changes every one of them.
Skipped where /usr/bin/chromium is missing, except under CI (env CI set), where that is a failure.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from test_browser import ARTIFACTS, TIMEOUT_MS, sync_api  # the guard: skipped or failed as the browser tests are

from analysis import layered, outlets, tables
from analysis.demo import STORY_NAME
from analysis.store import Store
from analysis.tools.harness import launch_chromium, serve_dashboard, wait_chart, wait_settled


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """The dashboard on a fresh, empty database; yields (url, database path, page) once the first visit has
    opened the Overview (the built-in corpora are made then)."""
    ARTIFACTS.mkdir(exist_ok=True)
    db = tmp_path_factory.mktemp("outlets") / "wsw.sqlite3"
    with serve_dashboard(db, log=ARTIFACTS / "streamlit-outlets.log") as url, sync_api.sync_playwright() as pw, \
            launch_chromium(pw) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url + "/")
        wait_chart(page, TIMEOUT_MS)
        wait_settled(page, TIMEOUT_MS)
        yield url, db, page


def story_statements(db: Path, filters: tables.Filters | None = None):
    store = Store(db)
    corpus = next(c for c in store.corpora() if c.builtin and c.name == STORY_NAME)
    shown = layered.load(store, corpus.id).frames.statements  # the corpus as the pages show it
    return corpus.id, tables.apply_filters(shown, filters or tables.Filters())


def open_outlets(page, url: str, **params) -> None:
    page.goto(f"{url}/outlets?{urlencode(params, doseq=True)}")
    page.get_by_role("heading", name="Outlets", exact=True).first.wait_for()
    wait_chart(page, TIMEOUT_MS)
    wait_settled(page, TIMEOUT_MS)
    page.wait_for_timeout(500)


def grid_rows(page, n: int) -> list[list[str]]:
    """The rows of the n-th table (st.dataframe) as its accessible grid gives them, header left out."""
    grid = page.locator("[data-testid=stDataFrame]").nth(n)
    rows = grid.locator("table tr").evaluate_all(
        "trs => trs.map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.innerText.trim()))")
    return [r for r in rows if r]


def chart_labels(page, n: int) -> list[str]:
    chart = page.locator("[data-testid=stVegaLiteChart]").nth(n)
    return chart.locator("svg [role=graphics-symbol]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label') || '')")


def pairs(labels: list[str], first: str, second: str) -> set[tuple[str, str]]:
    """(first, second) field values of the chart marks whose labels name both, e.g. (outlet, speaker)."""
    found = set()
    for label in labels:
        a, b = re.search(rf"(?:^|; ){first}: ([^;]+)", label), re.search(rf"(?:^|; ){second}: ([^;]+)", label)
        if a and b:
            found.add((a.group(1), b.group(1)))
    return found


def assert_outlets_page(page, statements) -> None:
    """Every part of the Outlets page shows what analysis.outlets computes from `statements`."""
    assert page.locator("[data-testid=stException]").count() == 0
    table = outlets.outlets(statements)
    assert sorted((r[0], r[2]) for r in grid_rows(page, 0)) == sorted(
        (r.outlet, str(r.statements)) for r in table.itertuples())
    share = outlets.share_of_voice(statements, 10)
    assert pairs(chart_labels(page, 0), "outlet", "speaker") == set(zip(share["outlet"], share["speaker"],
                                                                          strict=True))
    cited = outlets.citation(statements)
    assert sorted((r[0], r[1], r[2]) for r in grid_rows(page, 1)) == sorted(
        (r.outlet, str(r.direct), str(r.reported)) for r in cited.itertuples())
    mix = outlets.stance_mix(statements)
    assert pairs(chart_labels(page, 1), "outlet", "stance") == set(zip(mix["outlet"], mix["stance"], strict=True))
    gap = outlets.story_gap(statements)
    shown = {(r[0], r[1], r[2]) for r in grid_rows(page, 2)} if len(gap) else set()
    expected = {(r.speaker, r.outlet, str(r.statements)) for r in gap.itertuples()}
    assert shown <= expected and len(shown) >= min(len(expected), 8)  # the grid draws the rows in view


def test_the_outlet_page_of_the_story_shows_each_outlet_and_follows_a_filter(story):
    url, db, page = story
    corpus, statements = story_statements(db)
    assert parse_qs(urlparse(page.url).query)["corpus"] == [str(corpus)]  # the story opens first
    assert outlets.outlets(statements)["outlet"].nunique() >= 4
    open_outlets(page, url, corpus=corpus)
    assert_outlets_page(page, statements)
    page.screenshot(path=ARTIFACTS / "outlets-story.png", full_page=True)

    first, second = outlets.outlets(statements)["outlet"].iloc[:2]
    open_outlets(page, url, corpus=corpus, outlet=[first, second])
    _, two = story_statements(db, tables.Filters(outlet=(first, second)))
    assert set(outlets.outlets(two)["outlet"]) == {first, second}
    assert_outlets_page(page, two)

    page.get_by_role("button", name=f"outlet: {second} ✕").click()  # take one outlet out of the filter
    page.wait_for_function(f"!new URLSearchParams(location.search).getAll('outlet').includes({second!r})")
    page.get_by_text("come from one outlet only").wait_for()
    wait_settled(page, TIMEOUT_MS)
    _, one = story_statements(db, tables.Filters(outlet=(first,)))
    assert_outlets_page(page, one)
    assert parse_qs(urlparse(page.url).query)["outlet"] == [first]
