"""Benchmark of big uploads through the background job: articles per second over N worker processes, and a
runner killed half-way and resumed.

    python -m analysis.tools.bench_uploads --articles 2000 --processes 1 auto --kill [--database postgresql]

Each run queues `--articles` generated articles (tools/bench.py's, distinct texts) as one job in a fresh
database (a SQLite file, or a database of a throwaway PostgreSQL cluster) and times a Runner from the submit
until the job is done. `--kill` then starts the runner in a child process, kills it (SIGKILL, with its
workers) once half the job is stored, resumes the job in this process, and checks that every article is stored
once and that none stored before the kill was analysed again. One JSON object per run is printed, then a last
line with all of them.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..background import Runner
from ..engine.version import engine_version
from ..store import Store, content_hash
from ..store.jobs import Jobs
from ..types import Article
from ..workers import processes_arg
from .bench import iter_synthetic

ROOT = Path(__file__).resolve().parents[2]


def articles(n: int) -> list[Article]:
    return [Article(text=t, source=f"article-{i}.txt") for i, t in enumerate(iter_synthetic(n))]


def _count(store: Store, table: str) -> int:
    with store._connect() as con:
        return con.execute(f"SELECT COUNT(*) AS n FROM {table}").fetchone()["n"]


def timed_run(store: Store, n: int, processes: int) -> dict:
    """Queue n articles and run the job to its end over `processes` workers."""
    upload = articles(n)
    started = time.perf_counter()
    job = Jobs(store).submit(upload, name="Bench upload")
    submitted = time.perf_counter()
    ended = Runner(store, processes=processes).run_one()
    seconds = time.perf_counter() - submitted
    assert ended is not None and (ended.state, ended.done, ended.analysed) == ("done", n, n), ended
    assert store.corpus(job.corpus_id).articles == _count(store, "analyses") == n
    return {"run": "timed", "processes": processes, "articles": n, "submit_s": round(submitted - started, 2),
            "job_s": round(seconds, 1), "articles_per_s": round(n / seconds, 2)}


def killed_run(store: Store, n: int, processes: int) -> dict:
    """Queue n articles, kill the runner once half are stored, resume in this process and check the result."""
    from .. import workers

    upload = articles(n)
    job = Jobs(store).submit(upload, name="Killed upload")
    child = subprocess.Popen([sys.executable, "-m", "analysis.tools.bench_uploads", "--run-job", store.url,
                              "--processes", str(processes)], cwd=ROOT, start_new_session=True)
    try:
        while Jobs(store).job(job.id).done < n // 2:
            if child.poll() is not None:
                raise RuntimeError("the runner ended before it was killed")
            time.sleep(0.05)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    hashes = {content_hash(a.text) for a in upload}
    before = Jobs(store).job(job.id)
    stored_before = store.analysed(hashes, engine_version())
    sent: list[str] = []
    real = workers.analyze_isolated

    def recording(items, **kwargs):
        def tap():
            for a in items:
                sent.append(content_hash(a.text))
                yield a
        return real(tap(), **kwargs)

    workers.analyze_isolated = recording
    try:
        started = time.perf_counter()
        resumer = Runner(store, processes=processes, lease_s=KILLED_LEASE_S)
        while (ended := resumer.run_one()) is None:  # until the killed runner's lease goes stale
            time.sleep(0.5)
        seconds = time.perf_counter() - started
    finally:
        workers.analyze_isolated = real
    ids = store.article_ids(job.corpus_id)
    return {"run": "killed and resumed", "processes": processes, "articles": n, "done_at_kill": before.done,
            "analysed_after_resume": len(sent), "redone": len(set(sent) & stored_before),
            "resume_s": round(seconds, 1), "state": ended.state, "job_done": ended.done,
            "corpus_articles": len(ids), "distinct_corpus_articles": len(set(ids)),
            "analyses": _count(store, "analyses"),
            "stored_once": len(ids) == len(set(ids)) == _count(store, "analyses") == n and not set(sent) & stored_before
            and len(sent) == n - before.done, "check": store.check()}


KILLED_LEASE_S = 10.0


@contextlib.contextmanager
def databases(kind: str) -> Iterator[Callable[[], Store]]:
    """A maker of fresh, empty stores of the given kind."""
    if kind == "postgresql":
        from .harness import postgres_cluster

        with postgres_cluster() as new_database:
            yield lambda: Store(new_database())
        return
    with tempfile.TemporaryDirectory() as folder:
        made = iter(range(1_000_000))
        yield lambda: Store(Path(folder) / f"bench-{next(made)}.sqlite3")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--processes", nargs="+", type=processes_arg, default=[1, processes_arg("auto")],
                        help="worker process counts to time ('auto': every core)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--kill", action="store_true", help="also kill a runner half-way and resume its job")
    parser.add_argument("--run-job", metavar="DATABASE", help=argparse.SUPPRESS)  # the child that --kill kills
    args = parser.parse_args(argv)
    if args.run_job:
        Runner(Store(args.run_job), processes=args.processes[0], lease_s=KILLED_LEASE_S).run_one()
        return 0
    results = []
    with databases(args.database) as new_store:
        for processes in args.processes:
            results.append({"database": args.database, **timed_run(new_store(), args.articles, processes)})
            print(json.dumps(results[-1]), flush=True)
        if args.kill:
            results.append({"database": args.database,
                            **killed_run(new_store(), args.articles, max(args.processes))})
            print(json.dumps(results[-1]), flush=True)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
