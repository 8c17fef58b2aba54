"""analyze_many() on a Dask cluster: batches of articles analysed by remote workers, results in input order.

    for analysis in analyze_on_cluster(articles, scheduler="tcp://10.0.0.5:8786"):
        ...

Each worker process loads the pipeline once (a worker plugin warms it up when the worker joins) and
analyses whole batches, the same batches `analyze_many` parses locally, so the output is identical to a
local run. Only a few batches are in flight at a time, so memory stays flat in the number of articles.
This is the only module that imports dask; the workers need this project's code and venv.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from distributed import Client
from distributed.comm import get_address_host_port
from distributed.diagnostics.plugin import WorkerPlugin

from ..config import BATCH_SIZE
from ..errors import ClusterError
from ..types import Analysis, Article
from .lexicon import Lexicon, load_lexicon
from .pipeline import analyze_many

IN_FLIGHT_PER_THREAD = 2  # batches queued per worker thread: enough to keep it busy, few enough to stay small


class EnginePlugin(WorkerPlugin):
    """Loads the pipeline and the gazetteer on a worker as it joins, so that no batch pays for it."""

    name = "who-says-what-engine"
    idempotent = True  # a second client must not reload what the workers already hold

    async def setup(self, worker) -> None:
        # in a thread, so the worker keeps answering the scheduler's heartbeats while the model loads
        await asyncio.get_running_loop().run_in_executor(None, _warm_up)


# A lambda travels by value, so this probe runs even where the project cannot be imported.
_has_project = lambda: importlib.util.find_spec("analysis") is not None  # noqa: E731


def _warm_up() -> None:
    """One tiny analysis: loads the cached pipeline, lexicon and place index of this process."""
    list(analyze_many(["Kerry said in Geneva that the talks would go on."]))


def _analyze_batch(batch: list[Article], lexicon: Lexicon) -> list[Analysis]:
    """Worker side: the whole analysis of one batch, with the pipeline this process loaded once."""
    return list(analyze_many(batch, lexicon=lexicon, batch_size=len(batch)))


def connect(scheduler: str) -> Client:
    """A client of the scheduler at this address, with the engine plugin registered on its workers.

    Raises:
        ClusterError: when the scheduler cannot be reached within dask's connect timeout
            (`distributed.comm.timeouts.connect`, 30 s unless configured) or the workers cannot import
            this project.
    """
    try:
        # a malformed address is refused before a Client exists: a half-made one hangs when collected
        get_address_host_port(scheduler)
    except ValueError as e:
        raise ClusterError(f"{scheduler!r} is not a scheduler address ({e}); expected e.g. tcp://10.0.0.5:8786") from e
    try:
        client = Client(scheduler, set_as_default=False)
    except OSError as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler!r} ({e}); start one with "
                           f"`dask scheduler` and pass the address it prints") from e
    try:
        # the scheduler unpickles the tasks and the workers run them: both need this project importable
        missing = [] if client.run_on_scheduler(_has_project) else ["the scheduler"]
        missing += sorted(f"worker {w}" for w, ok in client.run(_has_project).items() if not ok)
        if missing:
            raise ClusterError(f"cannot import this project on {', '.join(missing)}; start the scheduler and "
                               f"each worker with this project's venv, from its folder (README, 'Running on a "
                               f"cluster')")
        client.register_plugin(EnginePlugin())
    except BaseException:
        client.close()
        raise
    return client


def analyze_on_cluster(
    items: Iterable[str | Article],
    *,
    scheduler: str,
    lexicon: Lexicon | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Analysis]:
    """Analyse articles on the Dask workers of a scheduler, lazily and in input order.

    Args:
        items: texts or Articles; read lazily, a few batches ahead of the results.
        scheduler: the scheduler's address, e.g. "tcp://10.0.0.5:8786".
        lexicon: the cue lexicon (sent to the workers once); the default one when None.
        batch_size: articles per task, the same batches nlp.pipe would parse locally.

    Yields:
        One Analysis per article, identical to analyze_many's.

    Raises:
        ClusterError: as for connect(), before any item is read.
    """
    client = connect(scheduler)
    pending: deque = deque()
    try:
        shared_lexicon = client.scatter(lexicon or load_lexicon(), broadcast=True, hash=False)
        articles = (a if isinstance(a, Article) else Article(text=a) for a in items)
        for number, batch in enumerate(_batches(articles, batch_size)):
            # earlier batches first, so results can be handed on in order as soon as they come
            pending.append(client.submit(_analyze_batch, batch, shared_lexicon, pure=False, priority=-number))
            if len(pending) >= _in_flight(client):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.cancel(list(pending))  # when the caller stops early, the cluster stops too
        client.close()


def _in_flight(client: Client) -> int:
    """How many batches to keep queued: a few per worker thread, asked again as workers come and go."""
    return max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of `size` articles (the last one shorter)."""
    while batch := list(islice(articles, size)):
        yield batch
