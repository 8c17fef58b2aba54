"""extract on a real Dask cluster: a scheduler and two worker processes on loopback, same output as locally."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.tools.harness import free_port

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "analysis" / "demo" / "articles"
ARTICLES = ("kerry-lavrov-syria.txt", "toronto-court-gig-drivers.txt", "lagos-governorship-count.txt",
            "chile-copper-strike.txt", "nairobi-cholera-vaccines.txt", "brussels-ai-probe.txt")



def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "WSW_CUES"} | env
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, env=environ, capture_output=True,
                          text=True, timeout=120)


def start(*args: str) -> subprocess.Popen:
    """A dask process in its own process group, so that stopping it also stops the worker a nanny spawned."""
    return subprocess.Popen([sys.executable, "-m", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


@pytest.fixture(scope="module")
def scheduler():
    """The address of a scheduler with two single-threaded workers, all separate processes."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    host, port = address.removeprefix("tcp://").split(":")
    procs = [start("distributed.cli.dask_scheduler", "--host", host, "--port", port, "--no-dashboard")]
    try:
        for name in ("w1", "w2"):
            procs.append(start("distributed.cli.dask_worker", address, "--name", name, "--nthreads", "1",
                               "--host", host, "--no-dashboard"))
        with Client(address, timeout="20s", set_as_default=False) as client:
            client.wait_for_workers(2, timeout=40)
        yield address
    finally:
        stop(procs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cluster-articles")
    for name in ARTICLES:
        shutil.copy(DEMO / name, folder / name)
    return folder


def test_extract_on_the_cluster_matches_the_local_run(scheduler, corpus):
    local = run("extract", "--text", str(corpus))
    remote = run("extract", "--text", "--engine", "dask", "--scheduler", scheduler, str(corpus))
    assert local.returncode == 0, local.stderr
    assert remote.returncode == 0, remote.stderr
    assert "Traceback" not in remote.stderr
    assert remote.stdout == local.stdout
    assert local.stdout.count("\n") == len(ARTICLES)


def test_many_small_batches_come_back_in_order_from_both_workers(scheduler, corpus):
    from distributed import Client

    from analysis import Article, analyze_many
    from analysis.engine.distributed import analyze_on_cluster

    articles = [Article(text=(corpus / n).read_text(encoding="utf-8"), source=n) for n in ARTICLES]
    remote = [a.to_dict() for a in analyze_on_cluster(articles, scheduler=scheduler, batch_size=1)]
    assert remote == [a.to_dict() for a in analyze_many(articles, batch_size=1)]
    with Client(scheduler, set_as_default=False) as client:
        loaded = client.run(lambda dask_worker: "who-says-what-engine" in dask_worker.plugins)
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert list(loaded.values()) == [True, True]
    assert all(n > 0 for n in executed.values()), executed


def test_an_unreachable_scheduler_is_one_clear_line(corpus):
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    result = run("extract", "--engine", "dask", "--scheduler", address, str(corpus),
                 DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot reach the Dask scheduler at '{address}'")


def test_a_malformed_address_is_one_clear_line(corpus):
    result = run("extract", "--engine", "dask", "--scheduler", "localhost", str(corpus))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: 'localhost' is not a scheduler address")


def test_the_local_engine_imports_nothing_of_dask(corpus):
    code = ("import sys\nfrom analysis.__main__ import main\n"
            f"status = main(['extract', {str(corpus / ARTICLES[0])!r}])\n"
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
            "print(status, loaded, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stderr.strip().splitlines()[-1] == "0 []"
    assert result.stdout.count("\n") == 1


def test_dask_options_go_together(corpus):
    result = run("extract", "--engine", "dask", str(corpus))
    assert result.returncode == 2
    assert "--scheduler" in result.stderr
