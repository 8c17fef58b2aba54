"""Benchmark of fairness: another session's Overview while one session's upload is analysed, against idle.

    python -m analysis.tools.bench_fairness [--articles 1000] [--upload 40] [--runs 3]

Stores a generated corpus of `--articles` articles straight into a temporary database (no parsing), starts
`streamlit run dashboard.py` on a free loopback port, and times in Chromium how long a new session takes to
open that corpus's Overview until the who-says-what chart is drawn, and how long `/_stcore/health` takes to
answer: first with the server idle, then while another session's upload of `--upload` generated articles
(about 8 KB each) is being analysed. Only the timings that ended before the upload was saved count as busy.
The aim: the busy Overview within 1.5 times the idle one.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ..store import Store
from .bench_dashboard import store_synthetic
from .harness import CHROMIUM, launch_chromium, serve_dashboard, wait_chart, wait_settled

UPLOAD_NAME = "Heavy upload"
_SENTENCES = ("The minister said the port of {place} would reopen on {day}, officials reported.",
              "“We will not give up,” the envoy told reporters in {place} on {day}.",
              "Aid workers warned that more convoys were needed before winter, the agency said.",
              "The council denied that the talks in {place} had been delayed by a week.")
_PLACES = ("Geneva", "Vienna", "Brussels", "Ankara", "Beirut", "Oslo")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def upload_files(n: int) -> list[dict]:
    """`n` generated news-like text files of about 8 KB each, all different (so none is a duplicate)."""
    files = []
    for i in range(n):
        body = " ".join(_SENTENCES[j % len(_SENTENCES)].format(place=_PLACES[(i + j) % len(_PLACES)],
                                                               day=_DAYS[(i * 3 + j) % len(_DAYS)])
                        + f" Report {i}-{j}." for j in range(70))
        files.append({"name": f"report-{i:03d}.txt", "mimeType": "text/plain",
                      "buffer": f"Port report {i}\n\n{body}".encode()})
    return files


def overview_seconds(browser, url: str, corpus_id: int) -> float:
    """A new session's Overview of the corpus, from opening the address until the chart is drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        started = time.perf_counter()
        page.goto(f"{url}/?corpus={corpus_id}")
        wait_chart(page, timeout_ms=300_000)
        return time.perf_counter() - started
    finally:
        page.close()


def health_seconds(url: str, n: int = 10) -> float:
    """The median time `/_stcore/health` takes to answer."""
    times = []
    for _ in range(n):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=60) as answer:
            answer.read()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles of the corpus the Overview shows")
    parser.add_argument("--upload", type=int, default=40, help="generated files in the heavy upload")
    parser.add_argument("--runs", type=int, default=3, help="idle Overview timings (after one to warm up)")
    args = parser.parse_args(argv)
    if not shutil.which(CHROMIUM):
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fairness.sqlite3"
        store = Store(db)
        store.mark_builtin_done()
        corpus_id = store_synthetic(store, f"Benchmark ({args.articles} articles)", args.articles)
        with serve_dashboard(db) as url, sync_playwright() as pw, launch_chromium(pw) as browser:
            print(f"warm-up: overview in {overview_seconds(browser, url, corpus_id):.2f} s", flush=True)
            idle = [overview_seconds(browser, url, corpus_id) for _ in range(args.runs)]
            idle_health = health_seconds(url)
            print(f"idle: overview {', '.join(f'{s:.2f}' for s in idle)} s; health {idle_health * 1000:.1f} ms",
                  flush=True)

            uploader = browser.new_page(viewport={"width": 1400, "height": 1200})
            uploader.goto(f"{url}/corpus?corpus={corpus_id}")
            wait_settled(uploader)
            main_area = uploader.locator("[data-testid=stMain]")
            main_area.locator("input[type=file]").set_input_files(upload_files(args.upload))
            main_area.get_by_label("Corpus name").fill(UPLOAD_NAME)
            main_area.get_by_label("Corpus name").press("Enter")
            uploader.wait_for_timeout(500)
            main_area.get_by_role("button", name="Analyse and save").click()
            upload_started = time.perf_counter()
            uploader.wait_for_timeout(3000)  # the upload is read and its workers start

            def saved() -> bool:
                return any(c.name == UPLOAD_NAME for c in Store(db).corpora())

            busy, busy_health = [], []
            while not saved():
                seconds = overview_seconds(browser, url, corpus_id)
                health = health_seconds(url, 5)
                if saved():
                    break
                busy.append(seconds)
                busy_health.append(health)
                print(f"busy: overview {seconds:.2f} s; health {health * 1000:.1f} ms", flush=True)
            while not saved():
                time.sleep(1)
            upload_seconds = time.perf_counter() - upload_started
    if not busy:
        sys.exit(f"the upload was saved after {upload_seconds:.1f} s, before one busy timing ended: "
                 "use a larger --upload")
    ratio = statistics.median(busy) / statistics.median(idle)
    print(f"overview_idle_median={statistics.median(idle):.2f} overview_busy_median={statistics.median(busy):.2f} "
          f"ratio={ratio:.2f} health_idle_ms={idle_health * 1000:.1f} "
          f"health_busy_ms={statistics.median(busy_health) * 1000:.1f} upload_seconds={upload_seconds:.1f} "
          f"busy_timings={len(busy)}")


if __name__ == "__main__":
    main()
