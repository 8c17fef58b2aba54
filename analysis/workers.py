"""Analysis in isolated worker processes: a bad article costs one Problem, never the batch or the caller.

    for item in analyze_isolated(articles, processes=2):
        ...  # an Analysis, or a Problem naming the article and why it was not analysed

Each worker is a spawned interpreter that loads the pipeline once and analyses chunks of articles. The
caller's process only reads and writes: it watches each worker's wall clock and resident memory, kills a
worker that passes a limit or dies (a segfault, a stack overflow, the kernel's OOM killer), reports the
article on one line and starts a new worker for the rest. A chunk that fails with more than one article
left in it is retried one article at a time, so only the bad article is lost. Results come back in input
order, identical to in-process analysis, and only a bounded number of articles is in flight at once.
Cheap pre-checks refuse texts whose shape is known to choke the parser before any worker sees them.
"""
from __future__ import annotations

import os
import re
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import connection

from . import config
from .config import BATCH_SIZE
from .errors import Problem
from .types import Analysis, Article

_POLL_SECONDS = 0.2  # how often a worker's memory is read while it works
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class WorkerLimits:
    """How long one article may take, how much memory a worker may hold, and the pre-check bounds."""

    seconds: float = 30.0  # wall clock per article (per chunk of small articles)
    memory_mb: int = 1536  # resident memory of one worker, the loaded model included
    sentence_words: int = 1000  # longest run of words without a sentence end or line break
    word_chars: int = 2000  # longest run of characters without a space
    quote_marks: int = 20000  # quotation marks in one article
    chunk_articles: int = BATCH_SIZE  # articles sent to a worker at once
    chunk_chars: int = 100_000  # characters sent to a worker at once (a longer article goes alone)

    def __post_init__(self):
        for name in ("seconds", "memory_mb", "sentence_words", "word_chars", "quote_marks", "chunk_articles",
                     "chunk_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"WorkerLimits.{name} = {value!r} is not allowed; use a positive number")

    @classmethod
    def from_settings(cls, environ=None) -> WorkerLimits:
        """The limits from the settings registry (WSW_ARTICLE_SECONDS, WSW_WORKER_MEMORY_MB)."""
        try:
            return cls(seconds=float(config.value("article_seconds", environ)),
                       memory_mb=int(config.value("worker_memory_mb", environ)))
        except (TypeError, ValueError) as e:
            raise ValueError(f"{config.setting('article_seconds').env} and "
                             f"{config.setting('worker_memory_mb').env} must be positive numbers ({e})") from e


def all_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it, else every core), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def processes_arg(value: str) -> int:
    """A process count as the command line takes it: a positive number, or "auto" for all_cores()."""
    if value.strip().lower() == "auto":
        return all_cores()
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise ValueError(f"{value!r} is not a process count; give a positive number or 'auto'")
    return count


# ---------------------------------------------------------------- pre-checks

_SENTENCE_END = re.compile(r"[.!?;:\n]")
_QUOTES = re.compile("[\"“”„‟«»‘’‚‛'`]")


def precheck(text: str, limits: WorkerLimits) -> str | None:
    """Why the text is refused before parsing, or None. Linear in the text; no parsing."""
    longest_word = max((len(w) for w in text.split()), default=0)
    if longest_word > limits.word_chars:
        return (f"a run of {longest_word:,} characters without a space; at most {limits.word_chars:,} "
                f"are analysed")
    longest_sentence = max((len(s.split()) for s in _SENTENCE_END.split(text)), default=0)
    if longest_sentence > limits.sentence_words:
        return (f"a sentence of {longest_sentence:,} words; at most {limits.sentence_words:,} words per sentence "
                f"are analysed")
    quotes = len(_QUOTES.findall(text))
    if quotes > limits.quote_marks:
        return f"{quotes:,} quotation marks; at most {limits.quote_marks:,} per article are analysed"
    return None


# ---------------------------------------------------------------- the worker process

def _set_parent_death_signal() -> None:
    """Linux: the kernel kills this worker when its parent dies, so no orphan keeps parsing."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _vm_size() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _worker_main(conn, lexicon, memory_mb: int, nice: int) -> None:
    """Load the engine, then analyse each chunk received, sending one message per article."""
    _set_parent_death_signal()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if nice:
        os.nice(nice)
    from .engine.lexicon import load_lexicon
    from .engine.pipeline import analyze_many

    lexicon = lexicon or load_lexicon()
    list(analyze_many(["Kerry said in Geneva that the talks would go on."], lexicon=lexicon))  # load everything
    size = _vm_size()
    if size is not None:
        import resource

        # a backstop for a sudden allocation between two readings of the memory: MemoryError, not the OOM killer
        cap = size + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    conn.send(("ready",))
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        try:
            for analysis in analyze_many(chunk, lexicon=lexicon, batch_size=len(chunk)):
                conn.send(("ok", analysis))
        except MemoryError:
            conn.send(("memory",))
            return
        except RecursionError:
            conn.send(("crash",))
            return
        except Exception as e:  # an engine bug on this text: the parent retries the rest one by one
            conn.send(("error", " ".join(str(e).split())[:200] or "no reason given"))
            return


class _Worker:
    """One worker process and the chunk it is working on."""

    def __init__(self, ctx, lexicon, limits: WorkerLimits, nice: int):
        parent, child = ctx.Pipe()
        self.conn = parent
        self.process = ctx.Process(target=_worker_main, args=(child, lexicon, limits.memory_mb, nice), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.chunk: deque[tuple[int, Article]] = deque()
        self.deadline = 0.0

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm") as f:
                return int(f.read().split()[1]) * _PAGE / 2**20
        except (OSError, ValueError, IndexError):
            return 0.0

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(2)
        self.kill()


# ---------------------------------------------------------------- the pool

def analyze_isolated(
    items: Iterable[str | Article],
    *,
    processes: int = 1,
    lexicon=None,
    limits: WorkerLimits | None = None,
    nice: int = 0,
) -> Iterator[Analysis | Problem]:
    """Analyse articles in worker processes, lazily and in input order.

    Args:
        items: texts or Articles, read a few chunks ahead of the results.
        processes: worker processes (at least 1); each loads the pipeline once.
        lexicon: the cue lexicon; the default one when None.
        limits: time, memory and pre-check limits; WorkerLimits.from_settings() when None.
        nice: added to the workers' niceness, so that they yield the CPU to the caller's other work.

    Yields:
        For each article, its Analysis (identical to analyze_many's) or a Problem naming the article's source
        and the reason it was not analysed. Nothing raises for one bad article.
    """
    import multiprocessing as mp

    limits = limits or WorkerLimits.from_settings()
    ctx = mp.get_context("spawn")
    articles = enumerate(a if isinstance(a, Article) else Article(text=a) for a in items)
    todo: deque[list[tuple[int, Article]]] = deque()  # chunks waiting for a worker, retries first
    done: dict[int, Analysis | Problem] = {}
    workers: list[_Worker] = []
    next_out = 0
    read_all = False
    total = 0

    def name(index: int, article: Article) -> str:
        return article.source or f"article {index + 1}"

    def read_more() -> None:
        """Pull one chunk from the input, pre-checking each article."""
        nonlocal read_all, total
        chunk: list[tuple[int, Article]] = []
        chars = 0
        while len(chunk) < limits.chunk_articles and chars < limits.chunk_chars:
            item = next(articles, None)
            if item is None:
                read_all = True
                break
            index, article = item
            total = index + 1
            why = precheck(article.text, limits)
            if why:
                done[index] = Problem(name(index, article), f"not analysed: {why}")
                continue
            if chunk and chars + len(article.text) > limits.chunk_chars:
                todo.append(chunk)
                chunk, chars = [], 0
            chunk.append(item)
            chars += len(article.text)
        if chunk:
            todo.append(chunk)

    def fail(worker: _Worker, reason: str) -> None:
        """The worker's chunk failed: the first article left is to blame when alone, else all are retried."""
        left = list(worker.chunk)
        worker.chunk.clear()
        worker.kill()
        workers.remove(worker)
        if len(left) == 1:
            index, article = left[0]
            done[index] = Problem(name(index, article), reason)
        elif left:
            todo.extendleft([item] for item in reversed(left))

    def dispatch() -> None:
        if not todo and not read_all:
            read_more()  # one chunk read ahead, so that a worker never waits for the disk
        while todo and len(workers) < max(1, processes):
            workers.append(_Worker(ctx, lexicon, limits, nice))
        for worker in workers:
            if worker.ready and not worker.chunk:
                if not todo and not read_all:
                    read_more()
                if todo:
                    chunk = todo.popleft()
                    worker.chunk.extend(chunk)
                    worker.deadline = time.monotonic() + limits.seconds
                    worker.conn.send([a for _, a in chunk])

    def receive(worker: _Worker) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            code = worker.process.exitcode
            if not worker.ready:
                raise RuntimeError(f"an analysis worker could not start (exit status {code})") from None
            fail(worker, "the engine crashed on this text" if code != -signal.SIGKILL else
                 f"analysis needed more than {limits.memory_mb:,} MB")
            return
        kind = message[0]
        if kind == "ready":
            worker.ready = True
        elif kind == "ok":
            index, _ = worker.chunk.popleft()
            done[index] = message[1]
            worker.deadline = time.monotonic() + limits.seconds
        elif kind == "memory":
            fail(worker, f"analysis needed more than {limits.memory_mb:,} MB")
        elif kind == "crash":
            fail(worker, "the engine crashed on this text")
        else:
            fail(worker, f"the engine failed on this text ({message[1]})")

    try:
        while True:
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if read_all and not todo and next_out >= total and not any(w.chunk for w in workers):
                return
            dispatch()
            busy = [w for w in workers if w.chunk or not w.ready]
            if not busy:
                continue
            wait = min([_POLL_SECONDS] + [w.deadline - time.monotonic() for w in busy if w.chunk])
            ready = connection.wait([w.conn for w in busy], timeout=max(0.0, wait))
            for worker in [w for w in busy if w.conn in ready]:
                receive(worker)
            now = time.monotonic()
            for worker in [w for w in workers if w.chunk]:
                if now > worker.deadline:
                    fail(worker, f"too complex to analyse: gave up after {limits.seconds:g} s")
                elif worker.rss_mb() > limits.memory_mb:
                    fail(worker, f"analysis needed more than {limits.memory_mb:,} MB")
    finally:  # also when the caller stops early: a busy worker is killed, an idle one told to stop
        for worker in workers:
            worker.kill() if worker.chunk else worker.stop()

