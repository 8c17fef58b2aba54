"""Servers and browsers on loopback, shared by the tests and the benchmarks: a free port, the dashboard
under `streamlit run`, headless Debian Chromium, and waits for a page to settle."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout, where dashboard.py lives
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_dashboard(db_path: Path, *, log: Path | None = None, timeout: float = 60,
                    env: Mapping[str, str] | None = None, started: list | None = None) -> Iterator[str]:
    """Run `streamlit run dashboard.py` on a free loopback port with WSW_DB=db_path; yield its base URL.

    Args:
        env: more environment variables for the server (WSW_PASSWORD, say); DATABASE_URL is cleared so that
            the server uses `db_path`.
        started: a list the server's process (subprocess.Popen) is appended to, for tests that measure it.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "WSW_DB": str(db_path), **(env or {})}
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if started is not None:
        started.append(proc)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {proc.returncode} before serving")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} within {timeout} s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()


@contextlib.contextmanager
def launch_chromium(playwright):
    """Headless Debian Chromium through Playwright, with flags that keep it off the network."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()


def wait_settled(page, timeout_ms: int = 120_000) -> None:
    """Wait until a page title is drawn and no script run has been in progress for a moment."""
    page.wait_for_selector("[data-testid=stMain] h1", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet = 0
    while quiet < 4:
        if time.monotonic() > deadline:
            raise TimeoutError("the app kept running")
        busy = page.locator("[data-testid=stStatusWidget], [data-testid=stSpinner]").count()
        quiet = 0 if busy else quiet + 1
        page.wait_for_timeout(250)


def wait_chart(page, timeout_ms: int = 120_000):
    """Wait until the first Vega chart has drawn its marks; return its locator."""
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.locator("svg [role=graphics-symbol], canvas").first.wait_for(timeout=timeout_ms)
    return chart
