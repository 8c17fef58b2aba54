"""Big uploads analysed in the background: a runner thread in the server process works through the store's
upload jobs (store/jobs.py), so that the browser session that submitted one returns at once.

    ensure_runner(store)          # start this process's runner for the database, or wake it
    Runner(store).run_one()       # or work on one job in the calling thread (for tests and scripts)

A runner takes the oldest unfinished job that no live runner holds (a lease in the job row, renewed by a
heartbeat thread while it works), skips the articles whose hash already has an analysis by the current engine,
and analyses the others in isolated worker processes over every core (workers.analyze_isolated, at a lower
CPU priority). Each batch is stored in one transaction with its items marked done, so a crash or a restart
loses at most the batch in flight, which the next runner analyses again: nothing is stored twice, nothing
half. Another server on the same database takes a job over once its lease has gone stale.
"""
from __future__ import annotations

import logging
import math
import os
import secrets
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator

from .corpora import ANALYSIS_FAILED, NOTHING_ANALYSED, UPLOAD_NICE
from .errors import Problem, StoreError
from .store.jobs import CorpusDeleted, Item, Job, Jobs, LeaseLost
from .types import Article

log = logging.getLogger(__name__)

LEASE_S = 30.0  # a job whose runner has not renewed its lease for this long may be taken over
POLL_S = 2.0  # how often an idle runner looks for a job (a submit in this process wakes it at once)
BATCH_ITEMS = 32  # articles stored per transaction
BATCH_S = 5.0  # or fewer, once this long has passed since the last batch was stored
IDLE_EXIT_S = 60.0  # a runner started by a page ends after this long without a job
CORPUS_DELETED = "The corpus was deleted while its articles were being analysed; the rest were not saved."

_lock = threading.Lock()
_runners: dict[str, threading.Thread] = {}
_wakes: dict[str, threading.Event] = {}


def _wake_event(url: str) -> threading.Event:
    with _lock:
        return _wakes.setdefault(url, threading.Event())


class Runner:
    """Works on a store's upload jobs, one at a time.

    Args:
        processes: analysis worker processes (default: every core this process may use); fewer for a job
            too small to keep them all busy.
        lease_s: how long the lease on a job lasts without renewal; renewed every third of it.
        batch: articles stored per transaction; `batch_s`: or whatever is ready after this many seconds.
        limits: the workers' limits (WorkerLimits.from_settings() when None).
        name: this runner's name in the lease (host, process id and a random part by default).
    """

    def __init__(self, store, *, processes: int | None = None, lease_s: float = LEASE_S, batch: int = BATCH_ITEMS,
                 batch_s: float = BATCH_S, limits=None, nice: int = UPLOAD_NICE, name: str | None = None):
        from .workers import all_cores

        self.store = store
        self.jobs = Jobs(store)
        self.processes = processes or all_cores()
        self.lease_s, self.batch, self.batch_s = lease_s, batch, batch_s
        self.limits, self.nice = limits, nice
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"

    def run(self, stop: threading.Event | None = None, *, idle_exit: float | None = None) -> None:
        """Work on jobs until `stop` is set, or until idle for `idle_exit` seconds (None: never)."""
        stop = stop or threading.Event()
        wake = _wake_event(self.store.url)
        idle_since = time.monotonic()
        while not stop.is_set():
            try:
                job = self.run_one()
            except StoreError as err:  # the database is busy or away: try again later
                log.warning("upload runner %s: %s", self.name, err)
                job = None
            except Exception as err:  # a fault of this code: logged, and the runner carries on
                log.error("upload runner %s failed", self.name, exc_info=err)
                job = None
            if job is not None:
                idle_since = time.monotonic()
                continue
            if idle_exit is not None and time.monotonic() - idle_since > idle_exit:
                with _lock:
                    if not wake.is_set():  # no submit slipped in meanwhile: this runner ends
                        if _runners.get(self.store.url) is threading.current_thread():
                            del _runners[self.store.url]
                        return
            wake.wait(POLL_S)
            wake.clear()

    def run_one(self) -> Job | None:
        """Claim one job and work on it until it ends or is lost; the job as it ended, or None when there was
        none to claim (or this runner lost it, or the database failed meanwhile: the job stays unfinished)."""
        job = self.jobs.claim(self.name, self.lease_s)
        if job is None:
            return None
        lost = threading.Event()
        stop_beat = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(job.id, lost, stop_beat), daemon=True,
                                name=f"wsw-lease-{job.id}")
        beat.start()
        try:
            self._work(job, lost)
        except CorpusDeleted:
            return self.jobs.finish(job.id, self.name, error=CORPUS_DELETED)
        except LeaseLost as err:
            log.info("upload runner %s stopped: %s", self.name, err)
            return None
        except StoreError as err:
            log.warning("upload job %d paused: %s", job.id, err)
            return None
        except Exception as err:  # the workers could not run: the job ends, saying why
            log.warning("upload job %d failed in the analysis", job.id, exc_info=err)
            return self.jobs.finish(job.id, self.name, error=f"{ANALYSIS_FAILED} ({err}).")
        finally:
            stop_beat.set()
            beat.join()
        now = self.jobs.job(job.id)
        return self.jobs.finish(job.id, self.name,
                                error=NOTHING_ANALYSED + "." if now.made_corpus and now.done == 0 else None)

    def _heartbeat(self, job_id: int, lost: threading.Event, stop: threading.Event) -> None:
        while not stop.wait(self.lease_s / 3):
            try:
                if not self.jobs.renew(job_id, self.name, self.lease_s):
                    lost.set()
                    return
            except StoreError as err:
                log.warning("upload job %d: lease not renewed: %s", job_id, err)

    def _work(self, job: Job, lost: threading.Event) -> None:
        """Analyse the job's pending items and store them batch by batch."""
        from . import workers
        from .engine.version import engine_version

        version = engine_version()
        limits = self.limits or workers.WorkerLimits.from_settings()
        inflight: deque[Item] = deque()
        done: list[Item] = []
        analyses: list = []
        failed: list[tuple[Item, str]] = []
        last = time.monotonic()

        def flush(force: bool = False) -> None:
            nonlocal last
            if lost.is_set():
                raise LeaseLost(f"job {job.id}: the lease was not renewed in time")
            if not force and len(done) + len(failed) < self.batch and time.monotonic() - last < self.batch_s:
                return
            if done or failed:
                self.jobs.store_batch(job.id, self.name, self.lease_s, done=done, analyses=analyses, failed=failed,
                                      engine_version=version)
                done.clear(), analyses.clear(), failed.clear()
            last = time.monotonic()

        def feed() -> Iterator[Article]:
            """The pending items that need the engine, in upload order; the others are done as they are read."""
            after = -1
            while page := self.jobs.pending(job.id, after=after):
                after = page[-1].position
                known = self.store.analysed({i.hash for i in page}, version)
                for item in page:
                    if item.hash in known:
                        done.append(item)
                        flush()
                    else:
                        inflight.append(item)
                        yield item.article

        todo = self.jobs.count_pending(job.id)
        processes = min(self.processes, max(1, math.ceil(todo / limits.chunk_articles)))
        for result in workers.analyze_isolated(feed(), processes=processes, limits=limits, nice=self.nice):
            item = inflight.popleft()
            if isinstance(result, Problem):
                failed.append((item, result.reason))
            else:
                done.append(item)
                analyses.append(result)
            flush()
        flush(force=True)


def ensure_runner(store, *, idle_exit: float | None = IDLE_EXIT_S, **options) -> threading.Thread:
    """This process's runner for the store's database, started when there is none, and woken.

    Args:
        idle_exit: the runner ends after this many seconds without a job (None: it runs as long as the
            process; the server's own runner, which resumes unfinished jobs at start).
        options: Runner's.
    """
    wake = _wake_event(store.url)
    with _lock:
        thread = _runners.get(store.url)
        if thread is None or not thread.is_alive():
            runner = Runner(store, **options)
            thread = threading.Thread(target=runner.run, kwargs={"idle_exit": idle_exit}, daemon=True,
                                      name="wsw-upload-runner")
            _runners[store.url] = thread
            thread.start()
        wake.set()
    return thread
