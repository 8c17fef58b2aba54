"""The dashboard in a real browser: `streamlit run` on a loopback port, driven through headless Chromium.

Clicks a cell of the who-says-what chart and checks that the evidence list follows, opens every page, checks
that no exception box shows, and saves screenshots under artifacts/ (the demo overview also to docs/ when
WSW_UPDATE_SCREENSHOT is set).
Then plants script probes in stored and uploaded articles (no dialog may fire, the probes show as text), signs
in through the password gate of a second server, and checks that a corpus id in a link opens nothing that is
not shared with the session.
Skipped where /usr/bin/chromium is missing, except under CI (env CI set), where that is a failure.
"""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import finish_uploads

from analysis import layered
from analysis.access import TEAM
from analysis.demo import DEMO_NAME
from analysis.engine.version import engine_version
from analysis.store import Store
from analysis.tables import plural
from analysis.tools.bench_dashboard import store_synthetic, synthetic_corpus
from analysis.tools.harness import CHROMIUM, launch_chromium, serve_dashboard, wait_chart, wait_settled
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
    return page.get_by_text(re.compile(r"^(Showing \d+ of [\d,]+|[\d,]+) statements?$")).first.inner_text()


def overview_cells(page, url: str, corpus: int):
    """Open the Overview of `corpus` and wait for its heat map: the locator of its cells."""
    page.goto(f"{url}/?corpus={corpus}")
    chart = wait_chart(page, TIMEOUT_MS)
    wait_settled(page, TIMEOUT_MS)
    return chart.locator("svg .mark-rect [role=graphics-symbol]")


def cell_facts(cell) -> tuple[str, str, int]:
    """(speaker, stance, count) of a heat-map cell, from its aria-label."""
    label = cell.get_attribute("aria-label")
    return (re.search(r"speaker: ([^;]+)", label).group(1), re.search(r"stance: ([^;]+)", label).group(1),
            int(re.search(r"count: (\d+)", label).group(1)))


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
    if os.environ.get("WSW_UPDATE_SCREENSHOT"):  # refresh the README's picture on request, not on every run
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(ARTIFACTS / "demo-overview.png", ROOT / "docs" / "overview.png")


def test_clicking_a_cell_filters_the_evidence(server, page):
    url, corpus, _db = server
    cells = overview_cells(page, url, corpus)
    before = evidence_caption(page)
    assert before.startswith("Showing 50 of")
    page.screenshot(path=ARTIFACTS / "overview.png")

    speaker, stance, count = cell_facts(cells.nth(cells.count() - 1))
    cells.nth(cells.count() - 1).click(timeout=20_000)
    page.wait_for_timeout(500)
    wait_settled(page, TIMEOUT_MS)
    page.get_by_text(re.compile(r"^Selected:")).wait_for()

    after = evidence_caption(page)
    assert after != before and after == plural(count, "statement")
    heads = card_heads(page)
    assert len(heads) == count
    assert all(h.startswith(speaker) and stance in h for h in heads), heads
    assert_no_exception(page)
    page.screenshot(path=ARTIFACTS / "overview-selected.png")


def test_a_clicked_cell_is_a_chip_that_removes_it_and_it_can_be_clicked_again(server, page):
    url, corpus, _db = server
    cells = overview_cells(page, url, corpus)
    before = evidence_caption(page)
    speaker, stance, count = cell_facts(cells.first)
    for _ in range(2):  # once, and again after the chip took it away
        cells.first.click(timeout=20_000)
        page.wait_for_timeout(500)
        wait_settled(page, TIMEOUT_MS)
        chip = page.get_by_role("button", name=f"cell: {speaker} · {stance} ✕")
        chip.wait_for()
        assert evidence_caption(page) == plural(count, "statement")
        chip.click()
        page.wait_for_function("!location.search.includes('cell=')", timeout=20_000)
        wait_settled(page, TIMEOUT_MS)
        assert evidence_caption(page) == before
        assert page.get_by_role("button", name=re.compile("^cell: ")).count() == 0
    assert_no_exception(page)


def test_the_keyboard_reaches_the_cells_and_picks_one(server, page):
    url, corpus, _db = server
    cells = overview_cells(page, url, corpus)
    labels = [cells.nth(i).get_attribute("aria-label") for i in range(cells.count())]
    assert len(set(labels)) == len(labels) > 1  # each cell says which it is
    speaker, stance, count = cell_facts(cells.nth(len(labels) // 2))
    before = evidence_caption(page)
    focused = ("() => document.activeElement?.tagName !== 'INPUT' ? '' : "
               "document.activeElement.closest('[data-testid=stMultiSelect]')?.innerText || ''")
    for _ in range(150):  # Tab from the top of the page to the list of the chart's cells
        page.keyboard.press("Tab")
        if page.evaluate(focused).startswith("Cells of the chart"):
            break
    else:
        pytest.fail("Tab never reached the list of the chart's cells")
    page.keyboard.type(f"{speaker} · {stance} (")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("location.search.includes('cell=')", timeout=20_000)
    wait_settled(page, TIMEOUT_MS)
    assert parse_qs(urlparse(page.url).query)["cell"] == [f"{stance}:{speaker}"]
    assert evidence_caption(page) == plural(count, "statement") != before
    assert page.get_by_role("button", name=f"cell: {speaker} · {stance} ✕").count() == 1
    assert page.get_by_text(re.compile(r"^Selected:")).first.inner_text().startswith(f"Selected: {speaker} · {stance}")
    assert_no_exception(page)


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


def assert_no_error_shown(page) -> None:
    """No exception box, no friendly error message and no server path anywhere on the page."""
    assert_no_exception(page)
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "Something went wrong" not in text and "Traceback" not in text and "site-packages" not in text


def _pair(db: Path, corpus: int) -> dict:
    rows = Store(db).rows(corpus)["statements"]
    return next(s for s in rows if s["target"] and s["speaker"] and s["target"] != s["speaker"])


# On the generated corpus, the two most active actors of "ask" statements address each other in none of them.
@pytest.mark.parametrize("query", ["top=2", "top=0", "pair", "stance=say&top=2", "stance=ask&top=2"])
def test_small_networks_draw_and_keep_the_link(server, page, query):
    url, corpus, db = server
    if query == "pair":  # a filter that leaves two actors: the "Actors shown" slider has nothing to choose
        pair = _pair(db, corpus)
        query = f"speaker={pair['speaker']}&target={pair['target']}".replace(" ", "+")
    page.goto(f"{url}/network?corpus={corpus}&{query}")
    wait_settled(page, TIMEOUT_MS)
    page.get_by_role("heading", name="Network", exact=True).first.wait_for()
    if "stance=say" in query:  # statements that name no target: no edge between any of the actors
        page.get_by_text("there is no network to draw").wait_for()
    else:
        wait_chart(page, TIMEOUT_MS)
    assert_no_error_shown(page)
    assert parse_qs(urlparse(page.url).query)["corpus"] == [str(corpus)]


def test_a_date_range_stays_with_its_corpus(server, page):
    url, corpus, db = server
    page.goto(f"{url}/")  # the first visit makes the demo corpora
    wait_settled(page, TIMEOUT_MS)
    demo = next(c for c in Store(db).corpora() if c.name == DEMO_NAME)
    page.goto(f"{url}/?corpus={corpus}&from=2016-02-01&to=2016-03-01")
    wait_settled(page, TIMEOUT_MS)
    assert parse_qs(urlparse(page.url).query)["from"] == ["2016-02-01"]
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Open corpus").click()
    page.get_by_role("option", name=re.compile(rf"^{re.escape(DEMO_NAME)} \(")).click()
    page.wait_for_function(f"location.search.includes('corpus={demo.id}')", timeout=20_000)
    wait_settled(page, TIMEOUT_MS)
    query = parse_qs(urlparse(page.url).query)
    assert "from" not in query and "to" not in query
    assert " match the filters" not in page.locator("[data-testid=stMain]").inner_text()
    assert_no_error_shown(page)


def test_a_profile_with_few_stances_draws_its_bars(server, page):
    url, corpus, _db = server
    page.goto(f"{url}/actors?corpus={corpus}&stance=accuse&stance=urge")
    wait_chart(page, TIMEOUT_MS)
    wait_settled(page, TIMEOUT_MS)
    charts = page.locator("[data-testid=stVegaLiteChart]")
    labels = [charts.nth(i).locator("svg [role=graphics-symbol]") for i in range(charts.count())]
    [marks] = [m for m in labels if m.filter(has=page.locator("xpath=self::*[starts-with(@aria-label, "
                                                                  "'Statements: ')]")).count()]
    bars = [b for b in marks.all() if (b.get_attribute("aria-label") or "").startswith("Statements: ")]
    assert len(bars) == 2
    boxes = [b.bounding_box() for b in bars]
    assert all(box["height"] >= 10 and box["width"] >= 2 for box in boxes), boxes
    assert abs(boxes[0]["y"] - boxes[1]["y"]) >= boxes[0]["height"]  # one row each, not drawn over each other
    assert_no_error_shown(page)


def test_the_pickers_open_what_the_filters_keep(server, page):
    url, corpus, db = server
    statements = layered.load(Store(db), corpus).frames.statements  # the corpus as the pages show it
    stance = statements["stance"].value_counts().index[-1]  # the rarest stance: few actors have it
    kept = statements[statements["stance"] == stance]
    page.goto(f"{url}/actors?corpus={corpus}&stance={stance}")
    wait_settled(page, TIMEOUT_MS)
    page.wait_for_function("location.search.includes('actor=')", timeout=20_000)
    actor = parse_qs(urlparse(page.url).query)["actor"][0]
    assert actor in set(kept["speaker"]) | set(kept["target"].dropna())
    page.goto(f"{url}/articles?corpus={corpus}&stance={stance}")
    wait_settled(page, TIMEOUT_MS)
    page.wait_for_function("location.search.includes('id=')", timeout=20_000)
    article = parse_qs(urlparse(page.url).query)["id"][0]
    heads = card_heads(page)
    assert len(heads) == int((kept["article_id"] == article).sum()) > 0
    assert all(f" {stance} " in f" {h} " for h in heads), heads
    assert_no_error_shown(page)


@pytest.mark.parametrize("query", ["top=10", "stance=insist&top=8"])
def test_the_network_draws_as_many_actors_as_asked(server, page, query):
    # On the generated corpus, the eight most active actors of "insist" statements include one whose only
    # edges lead outside them: picking actors by activity alone draws seven.
    url, corpus, _db = server
    page.goto(f"{url}/network?corpus={corpus}&{query}")
    chart = wait_chart(page, TIMEOUT_MS)
    wait_settled(page, TIMEOUT_MS)
    nodes = chart.locator("svg .mark-symbol [role=graphics-symbol][aria-label*=\"Actor:\"]")
    assert nodes.count() == int(query.rsplit("top=", 1)[1])
    assert_no_error_shown(page)


def test_a_clicked_cell_and_a_search_travel_in_the_link(server, browser, page):
    url, corpus, _db = server
    cells = overview_cells(page, url, corpus)
    speaker, stance, _count = cell_facts(cells.first)
    cells.first.click(timeout=20_000)
    page.wait_for_timeout(500)
    wait_settled(page, TIMEOUT_MS)
    page.get_by_text(re.compile(r"^Selected:")).wait_for()
    page.wait_for_function("location.search.includes('cell=')", timeout=20_000)
    assert parse_qs(urlparse(page.url).query)["cell"] == [f"{stance}:{speaker}"]
    picked = evidence_caption(page)

    shared = browser.new_page(viewport={"width": 1400, "height": 1500})
    shared.set_default_timeout(TIMEOUT_MS)
    shared.goto(page.url)  # a copied link reopens the same cell
    wait_chart(shared, TIMEOUT_MS)
    wait_settled(shared, TIMEOUT_MS)
    assert evidence_caption(shared) == picked
    assert shared.get_by_text(re.compile(r"^Selected:")).count() == 1

    shared.goto(f"{url}/statements?corpus={corpus}&q=talks")
    wait_settled(shared, TIMEOUT_MS)
    box = shared.get_by_label("Search in what was said")
    assert box.input_value() == "talks"
    box.fill("ceasefire")
    box.press("Enter")
    shared.wait_for_function("location.search.includes('q=ceasefire')", timeout=20_000)
    assert_no_error_shown(shared)
    shared.close()


def test_an_evidence_link_keeps_the_filters_and_shows_its_statement(server, page):
    url, corpus, _db = server
    page.goto(f"{url}/?corpus={corpus}&stance=accuse")
    wait_chart(page, TIMEOUT_MS)
    wait_settled(page, TIMEOUT_MS)
    link = page.locator("[data-testid=stHtml] .wsw-card .wsw-meta a").nth(3)
    link.click()
    page.wait_for_url(re.compile(r"/articles\?"))
    wait_settled(page, TIMEOUT_MS)
    query = parse_qs(urlparse(page.url).query)
    assert query["stance"] == ["accuse"] and query["corpus"] == [str(corpus)] and "stmt" in query
    heading = page.get_by_role("heading", name="The statement the link points at")
    heading.wait_for()
    page.wait_for_timeout(1000)
    box, height = heading.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height  # scrolled into view
    assert page.locator(".wsw-marked").count() == 2
    assert_no_error_shown(page)
    page.screenshot(path=ARTIFACTS / "linked-statement.png")


@pytest.mark.parametrize("width", [1600, 400])
def test_screenshots_of_network_profile_and_timeline(server, browser, width):
    url, corpus, _db = server
    p = browser.new_page(viewport={"width": width, "height": 1100})
    p.set_default_timeout(TIMEOUT_MS)
    for name, path in [("network", f"/network?corpus={corpus}&top=40"),
                       ("actor", f"/actors?corpus={corpus}&actor=Sergei+Lavrov"),
                       ("timeline", f"/timeline?corpus={corpus}")]:
        p.goto(url + path)
        wait_settled(p, TIMEOUT_MS)
        wait_chart(p, TIMEOUT_MS)
        p.wait_for_timeout(800)
        assert_no_error_shown(p)
        p.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    p.close()


# Hostile text, the password gate and corpora that are not shared -------------------------------------------


def _record_dialogs(page) -> list[str]:
    """Every alert/confirm/prompt the page opens (there must be none); each is dismissed."""
    fired: list[str] = []

    def on_dialog(dialog):
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return fired


def assert_no_live_markup(page) -> None:
    """Nothing in the app's main area or sidebar came from article text as markup."""
    for selector in ("img[src=x]", "a[href^='javascript:' i]", "[onerror]", "[onload]", "iframe",
                     "[data-testid=stMain] script", "[data-testid=stSidebar] script"):
        assert page.locator(selector).count() == 0, selector


def test_hostile_text_stays_inert_in_the_browser(server, page):
    """Probes planted in stored titles, actor names and text, and in files uploaded through the page."""
    from test_output_safety import PROBES, _probe_analysis

    url, _corpus, db = server
    probes = Store(db).create_corpus("Probes", [_probe_analysis(p).article for p in PROBES],
                                     [_probe_analysis(p) for p in PROBES], engine_version=engine_version())
    dialogs = _record_dialogs(page)
    page.goto(f"{url}/?corpus={probes}")
    wait_settled(page, TIMEOUT_MS)
    page.get_by_text(PROBES[0]).first.wait_for()  # the evidence cards show the probe as text
    page.goto(f"{url}/actors?corpus={probes}&actor={PROBES[1]}")
    wait_settled(page, TIMEOUT_MS)
    assert page.get_by_role("heading", name=PROBES[1]).count() == 1
    assert_no_live_markup(page)

    # Upload a text file and a web page on the Manage corpus page, as a user would.
    page.goto(f"{url}/corpus?corpus={probes}")
    wait_settled(page, TIMEOUT_MS)
    main = page.locator("[data-testid=stMain]")
    body = "\n\n".join(f"“We reject {p},” said John Smith, the envoy." for p in PROBES)
    web = ("<html><head><title>Probe page</title><script>alert('head')</script></head><body><article>"
           + "".join(f"<p>Officials said {html.escape(p)} was not acceptable, a spokesman said.</p>" for p in PROBES)
           + '<p><img src=x onerror=alert(2)><a href="javascript:alert(3)">more</a></p></article></body></html>')
    main.locator("input[type=file]").set_input_files([
        {"name": "probes.txt", "mimeType": "text/plain", "buffer": f"Probe text\n\n{body}".encode()},
        {"name": "probes.html", "mimeType": "text/html", "buffer": web.encode()}])
    main.get_by_label("Corpus name").fill(PROBES[2])
    main.get_by_label("Corpus name").press("Enter")
    page.wait_for_timeout(500)
    main.get_by_role("button", name="Analyse and save").click()
    page.wait_for_timeout(1000)
    wait_settled(page, TIMEOUT_MS)
    finish_uploads(target=str(db))
    uploaded = next(c for c in Store(db).corpora() if c.name == PROBES[2])
    assert uploaded.articles == 2
    for article_id in Store(db).article_ids(uploaded.id):
        page.goto(f"{url}/articles?corpus={uploaded.id}&id={article_id}")
        wait_settled(page, TIMEOUT_MS)
        text = page.locator("[data-testid=stHtml] .wsw-text").first.inner_text()
        assert PROBES[0] in text or "Officials said <script>" in text
        assert_no_live_markup(page)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert_no_exception(page)
    page.screenshot(path=ARTIFACTS / "probes.png")


PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def gated_server(tmp_path_factory):
    """The dashboard behind the password gate, on a database with a corpus of the team's and one of Alice's."""
    db = tmp_path_factory.mktemp("gated") / "wsw.sqlite3"
    store = Store(db)
    store.mark_builtin_done()  # no demo: nothing to analyse on the first visit
    analyses = synthetic_corpus(20, seed=8)
    team = store.create_corpus("Team corpus", [a.article for a in analyses[:10]], analyses[:10],
                               engine_version=engine_version(), owner=TEAM)
    alice = store.create_corpus("Alice's private notes", [a.article for a in analyses[10:]], analyses[10:],
                                engine_version=engine_version(), owner="alice@example.org")
    with serve_dashboard(db, log=ARTIFACTS / "streamlit-gated.log", env={"WSW_PASSWORD": PASSWORD}) as url:
        yield url, db, team, alice


def sign_in(page, password: str) -> None:
    page.locator("input[type=password]").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_timeout(500)
    wait_settled(page, TIMEOUT_MS)


def test_signing_in_through_the_password_gate(gated_server, page):
    url, _db, team, _alice = gated_server
    page.goto(url + "/")
    wait_settled(page, TIMEOUT_MS)
    assert page.locator("[data-testid=stSidebarNav]").count() == 0  # nothing to browse before signing in
    assert page.locator("[data-testid=stMetric]").count() == 0
    sign_in(page, "wrong guess")
    assert page.get_by_text("Wrong password").count() == 1
    page.wait_for_timeout(2100)  # the first wrong password costs two seconds
    sign_in(page, PASSWORD)
    page.get_by_text("Signed in as").wait_for()
    assert parse_qs(urlparse(page.url).query)["corpus"] == [str(team)]
    assert page.locator("[data-testid=stMetric]").count() == 4
    assert_no_exception(page)
    page.screenshot(path=ARTIFACTS / "signed-in.png")

    # An evidence card's link loads the app afresh: the gate's signed cookie keeps the browser signed in.
    page.locator("[data-testid=stHtml] .wsw-card a").first.click()
    page.wait_for_url(re.compile(r"/articles\?"))
    wait_settled(page, TIMEOUT_MS)
    assert page.get_by_role("heading", name="Articles", exact=True).count() == 1
    assert page.locator("input[type=password]").count() == 0
    # Signing out ends it for good: a reload asks for the password again.
    page.locator("[data-testid=stSidebar]").get_by_role("button", name="Sign out").click()
    page.locator("input[type=password]").wait_for()
    page.reload()
    wait_settled(page, TIMEOUT_MS)
    assert page.locator("input[type=password]").count() == 1


def test_a_corpus_not_shared_does_not_open_from_its_id(gated_server, page):
    url, db, team, alice = gated_server
    page.goto(f"{url}/statements?corpus={alice}")
    wait_settled(page, TIMEOUT_MS)
    sign_in(page, PASSWORD)
    page.get_by_text("which is not open to you").wait_for()
    assert page.get_by_text("Alice's private notes").count() == 0
    assert parse_qs(urlparse(page.url).query)["corpus"] == [str(team)]
    assert_no_exception(page)

    # With a share link the same corpus opens, read-only (the gate's cookie keeps the browser signed in).
    token = Store(db).create_share_link(alice)
    page.goto(f"{url}/?corpus={alice}&share={token}")
    wait_settled(page, TIMEOUT_MS)
    page.locator("[data-testid=stMain]").get_by_text("Alice's private notes").first.wait_for()
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_by_text("Shared with you: read-only.").count() == 1
    assert sidebar.get_by_text("Rename").count() == 0
    assert_no_exception(page)


def test_health_check_answers(server):
    import urllib.request

    url, _corpus, _db = server
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        assert (response.status, response.read()) == (200, b"ok")
