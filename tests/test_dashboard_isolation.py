"""The dashboard under an upload that kills its analysis worker: the server stays up, the good files of the same
upload are saved, the upload's report names the file that was lost, and another session's page renders
meanwhile. Real `streamlit run dashboard.py`, real worker processes, headless Chromium."""
from __future__ import annotations

import os
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.store import Store
from analysis.store.jobs import Jobs
from analysis.tools.bench_dashboard import store_synthetic
from analysis.tools.harness import CHROMIUM, launch_chromium, serve_dashboard, wait_settled

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 180_000

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(f"{CHROMIUM} is missing", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

GREEDY = "Kerry said the talks would go on. " * 3000  # needs more memory than the worker may have
GOOD = "Harbour news\n\nThe harbour master said the new pier would open in June, officials reported."


def test_an_upload_that_kills_its_worker_leaves_the_server_and_other_sessions_working(tmp_path):
    db = tmp_path / "wsw.sqlite3"
    store = Store(db)
    store.mark_builtin_done()
    corpus = store_synthetic(store, "Synthetic newsroom", 40, seed=3)
    started: list = []
    (ROOT / "artifacts").mkdir(exist_ok=True)
    env = {"WSW_WORKER_MEMORY_MB": "400"}
    with serve_dashboard(db, env=env, started=started, log=ROOT / "artifacts" / "streamlit-isolation.log") as url, \
            sync_api.sync_playwright() as pw, launch_chromium(pw) as chromium:
        uploader = chromium.new_page(viewport={"width": 1400, "height": 1200})
        uploader.set_default_timeout(TIMEOUT_MS)
        uploader.goto(f"{url}/corpus?corpus={corpus}")
        wait_settled(uploader, TIMEOUT_MS)
        main = uploader.locator("[data-testid=stMain]")
        main.locator("input[type=file]").set_input_files([
            {"name": "greedy.txt", "mimeType": "text/plain", "buffer": GREEDY.encode()},
            {"name": "good.txt", "mimeType": "text/plain", "buffer": GOOD.encode()}])
        main.get_by_label("Corpus name").fill("Hostile upload")
        main.get_by_label("Corpus name").press("Enter")
        uploader.wait_for_timeout(500)
        main.get_by_role("button", name="Analyse and save").click()

        # Meanwhile another session opens the Overview of the other corpus.
        reader = chromium.new_page(viewport={"width": 1400, "height": 1000})
        reader.set_default_timeout(TIMEOUT_MS)
        reader.goto(f"{url}/?corpus={corpus}")
        wait_settled(reader, TIMEOUT_MS)
        assert reader.locator("[data-testid=stMetric]").count() == 4
        assert reader.locator("[data-testid=stException]").count() == 0

        deadline = time.monotonic() + 170
        while not [c for c in Store(db).corpora() if c.name == "Hostile upload"] or Jobs(Store(db)).unfinished():
            assert time.monotonic() < deadline, "the upload was never saved"
            assert started[0].poll() is None, "the server died"
            uploader.wait_for_timeout(500)
        uploader.wait_for_timeout(3000)  # the page reads the job again every two seconds
        wait_settled(uploader, TIMEOUT_MS)
        [saved] = [c for c in Store(db).corpora() if c.name == "Hostile upload"]
        assert saved.articles == 1  # the good file
        report = main.inner_text()
        assert "greedy.txt" in report and "needed more than 400 MB" in report
        assert uploader.locator("[data-testid=stException]").count() == 0

        assert started[0].poll() is None
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as answer:
            assert answer.status == 200
        reader.reload()
        wait_settled(reader, TIMEOUT_MS)
        assert reader.locator("[data-testid=stMetric]").count() == 4
