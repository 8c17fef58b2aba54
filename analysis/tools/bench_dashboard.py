"""Benchmark of the dashboard side: a generated corpus stored straight into the database, then timed in a browser.

    python -m analysis.tools.bench_dashboard [--articles 1000] [--runs 3] [--database postgresql] [--json]

Generates `--articles` articles with their Analysis records (deterministically, with no parsing), stores them
as one corpus in a temporary database (a SQLite file, or a database of a throwaway PostgreSQL cluster with
`--database postgresql`), starts `streamlit run dashboard.py` on a free loopback port, and times in Chromium:
- the Overview until the who-says-what chart is drawn, first on a corpus no server has shown yet (it is layered
  then, and its snapshot saved); then the server restarts, and the first visit after that start is the cold
  one (the server prepares the corpus from its snapshot as it starts), the others are warm;
- the evidence list's next page (of every statement) until its first card changes;
- a stance picked in the sidebar filter until the evidence list shows the new count;
- a search typed in the sidebar, from pressing Enter until the page says how many statements it found
  (through the database's search index).
It also reads the Streamlit server's peak resident memory (VmHWM) at the end. `--json` prints, as the last
line, one JSON object: articles, statements, stored_s, overview_unseen_s, overview_cold_s, overview_warm_s (the
median of the warm runs), filter_s, evidence_page_s and search_s (medians of the runs), search_index_ms,
server_rss_mb (of the restarted server), and floor_s: the median visit, in the same browser, of a bare
Streamlit page with the same chart and nothing else (FLOOR_APP), what any Streamlit page costs here.
The server and browser helpers it shares with the tests live in harness.py.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from .. import corpora
from ..store import Store
from ..store.search import search
from ..types import Actor, Analysis, Article, Location, Statement
from .harness import (
    CHROMIUM,
    ROOT,
    launch_chromium,
    peak_rss_mb,
    postgres_cluster,
    serve_dashboard,
    wait_chart,
    wait_settled,
)

_ACTORS = [  # name, type, role, alias used in text
    ("John Kerry", "PERSON", "US Secretary of State", "Kerry"),
    ("Sergei Lavrov", "PERSON", "Russian foreign minister", "Lavrov"),
    ("Staffan de Mistura", "PERSON", "UN envoy to Syria", "de Mistura"),
    ("John Kirby", "PERSON", "State Department spokesman", "Kirby"),
    ("Benjamin Netanyahu", "PERSON", "Israeli Prime Minister", "Netanyahu"),
    ("Riad Hijab", "PERSON", "opposition coordinator", "Hijab"),
    ("Ursula von der Leyen", "PERSON", "European Commission President", "von der Leyen"),
    ("Antonio Guterres", "PERSON", "UN Secretary-General", "Guterres"),
    ("Russia", "GPE", None, "Moscow"),
    ("United States", "GPE", None, "Washington"),
    ("Syria", "GPE", None, "Damascus"),
    ("United Nations", "ORG", None, "the UN"),
    ("European Union", "ORG", None, "the EU"),
    ("Syrian opposition", "ORG", None, "the opposition"),
    ("Red Cross", "ORG", None, "the Red Cross"),
    ("aid workers", "GROUP", None, "aid workers"),
]
_CUES = [("said", "say"), ("accused", "accuse"), ("urged", "urge"), ("insisted", "insist"),
         ("agreed with", "agree"), ("backed", "support"), ("denied", "deny"), ("warned", "warn"),
         ("asked", "ask"), ("announced", "report"), ("promised", "promise")]
_CLAUSES = ["the talks would start as soon as possible", "humanitarian access must be guaranteed",
            "the ceasefire was holding in most regions", "more aid convoys were needed before winter",
            "the strikes had hit civilian areas", "the negotiations could be delayed by a week",
            "sanctions would remain in place", "the invitations had not been sent yet",
            "a political solution was the only way forward", "the report was based on false claims"]
_PLACES = [("Geneva", "CH", 46.2022, 6.1457, "city"), ("Moscow", "RU", 55.7522, 37.6156, "city"),
           ("Washington", "US", 38.8951, -77.0364, "city"), ("Damascus", "SY", 33.5102, 36.2913, "city"),
           ("Davos", "CH", 46.8003, 9.8372, "city"), ("Madaya", "SY", 33.6895, 36.0979, "city"),
           ("Brussels", "BE", 50.8505, 4.3488, "city"), ("Aleppo", "SY", 36.2021, 37.1343, "city"),
           ("New York", "US", 40.7143, -74.006, "city"), ("Syria", "SY", 35.0, 38.0, "country"),
           ("Beirut", "LB", 33.8938, 35.5018, "city"), ("Ankara", "TR", 39.9199, 32.8543, "city")]
_OUTLETS = ["Wire Service", "The Daily Ledger", "Evening Courier", "Global Desk", "Morning Post"]


def synthetic_analysis(i: int, rng: random.Random, start: date = date(2016, 1, 4)) -> Analysis:
    """One generated article and its Analysis, with offsets that point into the generated text."""
    speakers = rng.sample(_ACTORS, 4)
    places = rng.sample(_PLACES, rng.randint(1, 3))
    title = f"{speakers[0][0]} and {speakers[1][0]} clash over talks in {places[0][0]}"
    parts = [title, "\n"]
    pos = len(title) + 1
    statements = []
    for _ in range(rng.randint(4, 12)):
        name, _type, _role, alias = rng.choice(speakers)
        cue, stance = rng.choice(_CUES)
        target = rng.choice([a for a in speakers if a[0] != name]) if stance not in ("say", "report") else None
        direct = rng.random() < 0.35
        clause = rng.choice(_CLAUSES)
        clause = clause[0].upper() + clause[1:] if direct else clause
        head = f"{alias} {cue}" + (f" {target[3]}" if target else "")
        if direct:
            sentence = f"{head}: \u201c{clause}\u201d, in {rng.choice(places)[0]}. "
            c0 = len(head) + 3
        else:
            sentence = f"{head} that {clause}. "
            c0 = len(head) + 6
        s0 = pos
        statements.append(Statement(
            speaker=name, cue=cue, stance=stance, target=target[0] if target else None, content=clause,
            direct=direct, start=s0, end=s0 + len(sentence) - 1, cue_start=s0 + len(alias) + 1,
            cue_end=s0 + len(alias) + 1 + len(cue), content_start=s0 + c0, content_end=s0 + c0 + len(clause),
            negated=False, speaker_text=alias, sentence=sentence.strip()))
        parts.append(sentence)
        pos += len(sentence)
    text = "".join(parts).strip()
    article = Article(text=text, source=f"article-{i:05d}.txt", title=title,
                      date=(start + timedelta(days=(i * 7) % 150)).isoformat(), outlet=_OUTLETS[i % len(_OUTLETS)],
                      author=None, url=f"https://news.example/{i}", language="en")
    actors = tuple(Actor(name=a[0], type=a[1], aliases=(a[3],) if a[3] != a[0] else (), role=a[2],
                         mentions=sum(s.speaker == a[0] or s.target == a[0] for s in statements))
                   for a in speakers)
    locations = tuple(Location(name=p[0], country=p[1], lat=p[2], lon=p[3], kind=p[4],
                               mentions=max(1, text.count(p[0]))) for p in places)
    return Analysis(article=article, statements=tuple(statements), actors=actors, locations=locations)


def synthetic_corpus(n: int, seed: int = 0) -> list[Analysis]:
    """`n` generated articles with their analyses; the same (n, seed) always gives the same corpus."""
    rng = random.Random(seed)
    return [synthetic_analysis(i, rng) for i in range(n)]


def store_synthetic(store: Store, name: str, n: int, seed: int = 0) -> int:
    """Store a generated corpus as one corpus (analyses marked as made by the current engine)."""
    return corpora.save_analysed(store, name, synthetic_corpus(n, seed))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--demo", action="store_true",
                        help="a fresh, empty database instead: time the first visit (the demo corpus is analysed "
                             "then) until the chart, and heat-map cell clicks until the evidence shows the cell")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                        help="where the corpus is stored: a SQLite file, or a throwaway PostgreSQL cluster")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object, as the last line")
    args = parser.parse_args(argv)
    if not shutil.which(CHROMIUM):
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    if args.demo:
        fresh_demo(args.runs)
        return

    result = corpus_bench(args.articles, args.runs, postgresql=args.database == "postgresql")
    if args.json:
        print(json.dumps(result))


@contextlib.contextmanager
def _database(postgresql: bool):
    """A fresh, empty database: a SQLite file in a temporary folder, or a database of a throwaway cluster."""
    if postgresql:
        with postgres_cluster() as new_database:
            yield new_database()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            yield Path(tmp) / "bench.sqlite3"


def corpus_bench(articles: int, runs: int, *, postgresql: bool = False) -> dict:
    """Store a generated corpus of `articles`, then time `runs` visits of the Overview in Chromium; return the
    figures of the module's docstring."""
    from playwright.sync_api import sync_playwright

    with _database(postgresql) as db:
        t0 = time.perf_counter()
        store = Store(db)
        store.mark_builtin_done()
        corpus_id = store_synthetic(store, f"Benchmark ({articles} articles)", articles)
        stored = time.perf_counter() - t0
        rows = store.corpus(corpus_id)
        stances = {(r["article_id"], r["idx"]): r["stance"] for r in store.rows(corpus_id)["statements"]}
        print(f"stored {rows.articles:,} articles ({len(stances):,} statements) in {stored:.2f} s on "
              f"{'PostgreSQL' if postgresql else 'SQLite'}", flush=True)
        cache = Path(tempfile.mkdtemp(prefix="wsw-bench-cache-"))
        env = {"WSW_CACHE_DIR": str(cache)}  # no corpus snapshot from an earlier run
        with serve_dashboard(db, env=env) as url, sync_playwright() as pw, launch_chromium(pw) as browser:
            _page, unseen = chart_visit(browser, f"{url}/?corpus={corpus_id}")
            print(f"overview with chart in {unseen:.2f} s on a corpus no server had shown before", flush=True)
        servers: list = []
        with serve_dashboard(db, env=env, started=servers) as url, sync_playwright() as pw, \
                launch_chromium(pw) as browser:
            timings, filters, pages, searches, index_ms = [], [], [], [], []
            for run in range(runs):
                page, seconds = chart_visit(browser, f"{url}/?corpus={corpus_id}")
                timings.append(seconds)
                print(f"run {run + 1}: overview with chart in {timings[-1]:.2f} s"
                      + (" (first visit after the server restarted)" if run == 0 else ""), flush=True)
                wait_settled(page)
                pages.append(time_evidence_page(page))
                print(f"run {run + 1}: next page of evidence shown in {pages[-1]:.2f} s", flush=True)
                wait_settled(page)
                filters.append(time_filter_change(page, STANCE_STEPS[run % len(STANCE_STEPS)]))
                print(f"run {run + 1}: stance filter applied, evidence updated in {filters[-1]:.2f} s", flush=True)
                wait_settled(page)
                query = SEARCH_STEPS[run % len(SEARCH_STEPS)]
                stance = STANCE_STEPS[run % len(STANCE_STEPS)]
                t0 = time.perf_counter()
                found = search(store, corpus_id, query).statements
                index_ms.append((time.perf_counter() - t0) * 1000)
                expected = sum(1 for a, i in found if stances[(a, i)] == stance)
                searches.append(time_search(page, query, expected))
                print(f"run {run + 1}: search {query} found {expected:,} statements ({len(found):,} before the "
                      f"stance filter) in {searches[-1]:.3f} s; the index alone answered in {index_ms[-1]:.0f} ms",
                      flush=True)
                page.close()
            rss = peak_rss_mb(servers[0].pid)
            floor = floor_visits(browser, max(runs - 1, 1))
            print(f"a bare Streamlit page with the same chart: drawn in {statistics.median(floor):.2f} s (median)",
                  flush=True)
        store.close()
        shutil.rmtree(cache, ignore_errors=True)
    result = {"articles": rows.articles, "statements": len(stances), "stored_s": round(stored, 2),
              "overview_unseen_s": round(unseen, 2), "overview_cold_s": round(timings[0], 2),
              "overview_warm_s": round(statistics.median(timings[1:] or timings), 2),
              "filter_s": round(statistics.median(filters), 3), "evidence_page_s": round(statistics.median(pages), 3),
              "search_s": round(statistics.median(searches), 3),
              "search_index_ms": round(statistics.median(index_ms), 1),
              "server_rss_mb": round(rss, 1) if rss is not None else None,
              "floor_s": round(statistics.median(floor), 2)}
    print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)
    return result


# The least a Streamlit page showing the Overview's chart costs: a title and the who-says-what heat map of 12
# speakers x 11 stances, nothing else (no database, no sidebar), timed in the same run and browser.
FLOOR_APP = """
import pandas as pd
import streamlit as st

from analysis import charts
from analysis.types import STANCES

st.title("Who says what")
speakers = [f"Speaker {i + 1}" for i in range(12)]
matrix = pd.DataFrame([{"speaker": sp, "stance": sn, "count": 1 + (i * 7 + j * 3) % 40}
                       for i, sp in enumerate(speakers) for j, sn in enumerate(STANCES)])
matrix["total"] = matrix.groupby("speaker")["count"].transform("sum")
st.vega_lite_chart(charts.readable(charts.who_says_what_chart(matrix), "light").to_dict(validate=False),
                   width="stretch")
"""


def floor_visits(browser, runs: int) -> list[float]:
    """Seconds until the chart is drawn on FLOOR_APP, for `runs` visits after a first one (not counted)."""
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "floor_app.py"
        app.write_text(FLOOR_APP)
        with serve_dashboard(Path(tmp) / "unused.sqlite3", script=app, env={"PYTHONPATH": str(ROOT)}) as url:
            times = []
            for _ in range(runs + 1):
                page, seconds = chart_visit(browser, url, timeout_ms=120_000)
                times.append(seconds)
                page.close()
    return times[1:]


def chart_visit(browser, url: str, timeout_ms: int = 600_000):
    """A new page opened at `url`, and the seconds until its first Vega chart was drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    t0 = time.perf_counter()
    page.goto(url)
    wait_chart(page, timeout_ms=timeout_ms)
    return page, time.perf_counter() - t0


def fresh_demo(runs: int) -> None:
    """First visit on a fresh database until the who-says-what chart is drawn, then `runs` cell clicks each."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fresh.sqlite3"
        with serve_dashboard(db) as url, sync_playwright() as pw, launch_chromium(pw) as browser:
            page, first = chart_visit(browser, url, timeout_ms=300_000)
            chart = wait_chart(page)  # drawn already
            print(f"fresh database: demo corpus analysed, overview chart drawn in {first:.2f} s", flush=True)
            wait_settled(page)
            clicks = []
            for run in range(runs):
                clicks.append(time_cell_click(page, chart, run))
                print(f"click {run + 1}: evidence shows the cell in {clicks[-1]:.2f} s", flush=True)
                wait_settled(page)
    print(f"first_chart_seconds_fresh={first:.2f} cell_click_seconds_best={min(clicks):.2f} "
          f"cell_click_seconds_worst={max(clicks):.2f}")


def time_cell_click(page, chart, n: int, timeout_ms: int = 60_000) -> float:
    """Seconds from clicking the n-th heat-map cell (counted from the last) until the evidence list shows
    that cell's count of statements."""
    import re

    cells = chart.locator("svg .mark-rect [role=graphics-symbol]")
    cell = cells.nth(cells.count() - 1 - n)
    label = cell.get_attribute("aria-label")
    fields = {k: re.search(rf"{k}: ([^;]+)", label).group(1).strip() for k in ("speaker", "stance", "count")}
    want = f"{fields['count']} statement" + ("" if fields["count"] == "1" else "s")
    picked = f"Selected: {fields['speaker']} · {fields['stance']} ("
    caption = page.get_by_text(re.compile(_EVIDENCE_CAPTION)).first
    selected = page.get_by_text(re.compile(r"^(Selected:|Click a cell)")).first
    t0 = time.perf_counter()
    cell.click(timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    while not (selected.inner_text().startswith(picked) and caption.inner_text() == want):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the evidence list did not show {want!r} after the click")
        page.wait_for_timeout(20)
    return time.perf_counter() - t0


STANCE_STEPS = ("accuse", "urge", "warn")
SEARCH_STEPS = ("ceasefire", '"aid convoys"', "negotiat*")  # a word, a phrase, a prefix: none cached before


def time_search(page, query: str, expected: int, timeout_ms: int = 60_000) -> float:
    """Seconds from pressing Enter in the sidebar's search, `query` typed, until the page's caption says it shows
    `expected` statements."""
    box = page.get_by_label("Search in what was said")
    box.click()
    box.press_sequentially(query, delay=0)
    t0 = time.perf_counter()
    box.press("Enter")
    # Checked in the page, as for the filter: the count the search gives, with the search in the address (the
    # count before the search may happen to be the same).
    page.wait_for_function(_SEARCH_SHOWN, arg=rf"· {expected:,} of [\d,]+ statements? match", timeout=timeout_ms)
    return time.perf_counter() - t0


_EVIDENCE_CAPTION = r"^(Showing [\d,]+ of [\d,]+ statements|[\d,]+ statements?)$"  # 1,204 has a comma


def time_evidence_page(page, timeout_ms: int = 60_000) -> float:
    """Seconds from asking for the evidence list's next page until its first card is another statement's."""
    first = page.locator(".wsw-card a").first
    before = first.get_attribute("href")
    step = page.get_by_test_id("stNumberInput").filter(has_text="Page (of").get_by_test_id("stNumberInputStepUp")
    t0 = time.perf_counter()
    step.first.click(timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    while page.locator(".wsw-card a").first.get_attribute("href") == before:
        if time.monotonic() > deadline:
            raise TimeoutError("the evidence list did not turn to its next page")
        page.wait_for_timeout(20)
    return time.perf_counter() - t0


def time_filter_change(page, stance: str, timeout_ms: int = 60_000) -> float:
    """Seconds from picking a stance in the sidebar filter until the evidence list shows the filtered count."""
    import re

    caption = page.get_by_text(re.compile(_EVIDENCE_CAPTION)).first
    before = caption.inner_text()
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Stance").first
    box.locator("input").click()
    option = page.get_by_role("option", name=stance, exact=True).first
    option.wait_for(timeout=timeout_ms)
    t0 = time.perf_counter()
    option.click()
    # Checked in the page at each animation frame, over the captions only: polling Playwright's text search
    # from outside would itself take much of the 2-core machine's time while the page redraws.
    page.wait_for_function(_CAPTION_CHANGED, arg=[_EVIDENCE_CAPTION, before], timeout=timeout_ms)
    return time.perf_counter() - t0


_SEARCH_SHOWN = """(pattern) => {
    if (!location.search.includes("q=")) return false;
    const wanted = new RegExp(pattern);
    for (const caption of document.querySelectorAll("[data-testid=stCaptionContainer]")) {
        if (wanted.test(caption.innerText)) return true;
    }
    return false;
}"""


_CAPTION_CHANGED = """([pattern, before]) => {
    const wanted = new RegExp(pattern);
    for (const caption of document.querySelectorAll("[data-testid=stCaptionContainer]")) {
        const text = caption.innerText.trim();
        if (wanted.test(text)) return text !== before;
    }
    return false;
}"""


if __name__ == "__main__":
    main()
