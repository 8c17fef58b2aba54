"""Servers and browsers on loopback, shared by the tests and the benchmarks: a free port, a throwaway
PostgreSQL cluster, the dashboard under `streamlit run`, headless Debian Chromium, and waits for a page to
settle."""
from __future__ import annotations

import contextlib
import functools
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout, where dashboard.py lives
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClusterUnavailable(RuntimeError):
    """PostgreSQL's programs are not installed."""


class ClusterFailed(RuntimeError):
    """PostgreSQL is installed but the cluster cannot run here; the message says why."""


PG_GLOBS = ("/usr/lib/postgresql/*/bin",)


def postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's newest /usr/lib/postgresql/*/bin, else the PATH."""
    for folder in sorted((p for g in PG_GLOBS for p in Path("/").glob(g.lstrip("/"))),
                         key=lambda p: _version_key(p.parent.name), reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _version_key(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in name.split("."))


def _as_cluster_user() -> list[str]:
    """The command prefix that runs initdb and postgres as a non-root user (both refuse to run as root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise ClusterFailed("running as root, and there is no 'postgres' user to run the cluster as; "
                                 "install Debian's postgresql package (it creates one)") from None
    return ["runuser", "-u", "postgres", "--"]


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Callable[[], str]]:
    """A PostgreSQL cluster of our own in a temporary folder, on a free loopback port, tuned for speed over
    durability (fsync off); yields a function that makes a new empty database and returns its URL. Stopped and
    removed on exit. Raises ClusterUnavailable when PostgreSQL is not installed, ClusterFailed when it
    does not start."""
    import psycopg

    bindir = postgres_bin()
    if bindir is None:
        raise ClusterUnavailable("PostgreSQL's initdb/pg_ctl are missing (apt-get install -y postgresql)")
    run_as = _as_cluster_user()
    # Not a private temporary folder: the cluster may run as 'postgres'. /tmp also keeps the socket path short
    # (unix socket paths are limited to about 100 bytes).
    root = Path(tempfile.mkdtemp(prefix="wsw-pg-", dir="/tmp" if run_as else None))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if run_as:
        for path in (root, sockets):
            shutil.chown(path, "postgres", "postgres")
    # cwd: the cluster user may not be allowed into the folder the caller runs from.
    run = functools.partial(subprocess.run, check=True, capture_output=True, text=True, cwd=root)
    try:
        run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "wsw", "--auth=trust", "-E", "UTF8",
             "--no-locale", "--no-sync"])
        port = None
        for _attempt in range(3):  # another process may take the free port before the server binds it
            port = free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
            started = subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"),
                                      "-o", options, "-w", "-t", "60", "start"], capture_output=True, text=True,
                                     cwd=root)
            if started.returncode == 0:
                break
        else:
            log = (root / "log").read_text(errors="replace")[-2000:] if (root / "log").exists() else ""
            raise ClusterFailed(f"PostgreSQL did not start: {started.stderr or started.stdout}\n{log}")
        admin = f"postgresql://wsw@127.0.0.1:{port}/postgres"
        names = itertools.count(1)

        def new_database() -> str:
            name = f"wsw_test_{next(names)}"
            with psycopg.connect(admin, autocommit=True) as con:
                con.execute(f"CREATE DATABASE {name}")  # a generated identifier, not user input
            return f"postgresql://wsw@127.0.0.1:{port}/{name}"

        yield new_database
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


def peak_rss_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM) of a running process in MB, or None where /proc does not say."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@contextlib.contextmanager
def serve_dashboard(database: Path | str, *, log: Path | None = None, timeout: float = 60,
                    env: Mapping[str, str] | None = None, started: list | None = None,
                    script: Path | str = "dashboard.py") -> Iterator[str]:
    """Run `streamlit run dashboard.py` (or another `script`) on a free loopback port on `database`; yield its
    base URL.

    Args:
        database: a SQLite file (set as WSW_DB, with DATABASE_URL cleared), or a postgresql:// URL (set as
            DATABASE_URL).
        env: more environment variables for the server (WSW_PASSWORD, say).
        started: a list the server's process (subprocess.Popen) is appended to, for tests that measure it.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    target = ({"DATABASE_URL": str(database)} if str(database).startswith(("postgresql://", "postgres://"))
              else {"WSW_DB": str(database)})
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, **target, **(env or {})}
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
    """Wait until a page title is drawn and no script run has been in progress for a moment: no running-man
    widget, no spinner, and the app root reports its script as not running."""
    page.wait_for_selector("[data-testid=stMain] h1", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet = 0
    while quiet < 4:
        if time.monotonic() > deadline:
            raise TimeoutError("the app kept running")
        busy = page.locator("[data-testid=stStatusWidget], [data-testid=stSpinner]").count() or \
            page.locator("[data-testid=stApp]:not([data-test-script-state=notRunning])").count()
        quiet = 0 if busy else quiet + 1
        page.wait_for_timeout(250)


def wait_chart(page, timeout_ms: int = 120_000):
    """Wait until the first Vega chart has drawn its marks; return its locator."""
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.locator("svg [role=graphics-symbol], canvas").first.wait_for(timeout=timeout_ms)
    return chart
