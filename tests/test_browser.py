"""The dashboard in a real browser: `streamlit run` on a loopback port, driven through headless Chromium.

Clicks a cell of the who-says-what chart and checks that the evidence list follows, opens every page, checks
that no exception box shows, and saves screenshots under artifacts/ (the demo overview also to docs/).
Skipped where /usr/bin/chromium is missing, except under CI (env CI set), where that is a failure.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from analysis.bench_dashboard import (
    CHROMIUM,
    launch_chromium,
    serve_dashboard,
    store_synthetic,
    wait_chart,
    wait_settled,
)
from analysis.store import Store
from ui import PAGES

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
TIMEOUT_MS = 180_000

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; CI must run the browser test (apt-get install -y chromium)",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The dashboard on a fresh database holding a generated corpus; the demo corpus is made on first visit."""
    ARTIFACTS.mkdir(exist_ok=True)
    db = tmp_path_factory.mktemp("browser") / "wsw.sqlite3"
    corpus = store_synthetic(Store(db), "Synthetic newsroom", 60, seed=5)
    with serve_dashboard(db, log=ARTIFACTS / "streamlit.log") as url:
        yield url, corpus, db


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw, launch_chromium(pw) as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    p = browser.new_page(viewport={"width": 1400, "height": 1500})
    p.set_default_timeout(TIMEOUT_MS)
    yield p
    p.close()


def assert_no_exception(page) -> None:
    boxes = page.locator("[data-testid=stException]")
    assert boxes.count() == 0, boxes.first.inner_text()


def evidence_caption(page) -> str:
    return page.get_by_text(re.compile(r"^(Showing \d+ of \d+|\d+) statements$")).first.inner_text()


def card_heads(page) -> list[str]:
    return page.locator("[data-testid=stHtml] .wsw-card .wsw-head").all_inner_texts()


def test_demo_corpus_opens_on_first_visit(server, page):
    url, _corpus, db = server
    page.goto(url + "/")
    wait_settled(page, TIMEOUT_MS)
    assert_no_exception(page)
    assert page.get_by_role("heading", name="Who says what").count() == 1
    demo = next(c for c in Store(db).corpora() if c.builtin)
    assert parse_qs(urlparse(page.url).query)["corpus"] == [str(demo.id)]
    if page.locator("[data-testid=stVegaLiteChart]").count():
        wait_chart(page, TIMEOUT_MS)
    page.screenshot(path=ARTIFACTS / "demo-overview.png")
    (ROOT / "docs").mkdir(exist_ok=True)
    shutil.copyfile(ARTIFACTS / "demo-overview.png", ROOT / "docs" / "overview.png")


def test_clicking_a_cell_filters_the_evidence(server, page):
    url, corpus, _db = server
    page.goto(f"{url}/?corpus={corpus}")
    chart = wait_chart(page, TIMEOUT_MS)
    wait_settled(page, TIMEOUT_MS)
    before = evidence_caption(page)
    assert before.startswith("Showing 50 of")
    page.screenshot(path=ARTIFACTS / "overview.png")

    cells = chart.locator("svg .mark-rect [role=graphics-symbol]")
    label = cells.nth(cells.count() - 1).get_attribute("aria-label")
    stance = re.search(r"stance: ([^;]+)", label).group(1)
    speaker = re.search(r"speaker: ([^;]+)", label).group(1)
    count = int(re.search(r"count: (\d+)", label).group(1))
    cells.nth(cells.count() - 1).click(timeout=20_000)
    page.wait_for_timeout(500)
    wait_settled(page, TIMEOUT_MS)
    page.get_by_text(re.compile(r"^Selected:")).wait_for()

    after = evidence_caption(page)
    assert after != before and after == f"{count} statements"
    heads = card_heads(page)
    assert len(heads) == count
    assert all(h.startswith(speaker) and stance in h for h in heads), heads
    assert_no_exception(page)
    page.screenshot(path=ARTIFACTS / "overview-selected.png")


@pytest.mark.parametrize(("path", "title"), [(p, t) for p, t, _icon in PAGES[1:]])
def test_every_page_opens_from_the_sidebar(server, page, path, title):
    url, corpus, _db = server
    page.goto(f"{url}/?corpus={corpus}&stance=accuse&stance=urge&stance=deny&stance=warn&stance=support")
    wait_settled(page, TIMEOUT_MS)
    page.locator("[data-testid=stSidebarNav] a", has_text=title).click()
    page.wait_for_timeout(500)
    wait_settled(page, TIMEOUT_MS)
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    if page.locator("[data-testid=stVegaLiteChart]").count():
        wait_chart(page, TIMEOUT_MS)
        page.wait_for_timeout(300)
    assert_no_exception(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["corpus"] == [str(corpus)]  # the view survives the page switch
    assert query["stance"] == ["accuse", "urge", "deny", "warn", "support"]
    page.screenshot(path=ARTIFACTS / f"{Path(path).stem}.png")


def test_clicking_an_actor_opens_the_profile(server, page):
    url, corpus, _db = server
    page.goto(f"{url}/network?corpus={corpus}")
    chart = wait_chart(page, TIMEOUT_MS)
    wait_settled(page, TIMEOUT_MS)
    node = chart.locator("svg .mark-symbol [role=graphics-symbol][aria-label*=\"Actor:\"]").first
    name = re.search(r"Actor: ([^;]+)", node.get_attribute("aria-label")).group(1)
    node.click(timeout=20_000)
    page.wait_for_url(re.compile(r"/actors\?"))
    wait_settled(page, TIMEOUT_MS)
    assert parse_qs(urlparse(page.url).query)["actor"] == [name]
    assert page.get_by_role("heading", name=name, exact=True).count() == 1
    assert_no_exception(page)
    page.screenshot(path=ARTIFACTS / "actor-profile.png")


def test_a_copied_link_reopens_the_same_view(server, browser):
    url, corpus, _db = server
    link = f"{url}/statements?corpus={corpus}&speaker=John+Kerry&direct=yes"
    p = browser.new_page(viewport={"width": 1400, "height": 1000})
    p.set_default_timeout(TIMEOUT_MS)
    p.goto(link)
    wait_settled(p, TIMEOUT_MS)
    assert_no_exception(p)
    assert p.get_by_role("heading", name="Statements", exact=True).count() == 1
    sidebar = p.locator("[data-testid=stSidebar]")
    assert sidebar.get_by_text("John Kerry").count() >= 1
    query = parse_qs(urlparse(p.url).query)
    assert query["speaker"] == ["John Kerry"] and query["direct"] == ["yes"]
    p.close()
