"""Benchmark: full analysis against bare spaCy parsing of the same texts, in the same run.

`python -m analysis bench --articles 500` prints the number of articles and words, the seconds of bare
`nlp.pipe` parsing and of full analysis (best of `--repeat` rounds each, interleaved so that neither gets
a warmer machine; the analysis includes making each JSON record, as `extract` does), the ratio of the two,
the throughput and the peak resident memory; then the time of the same analysis in one isolated worker
process (analysis/workers.py, the path `extract` takes, start-up included), its ratio to bare parsing and
whether its output is identical; with `--processes N`, also the time over N isolated workers and the
speed-up over one worker.
`--stream` instead analyses the generated articles once as they are made, as `extract` reads files, and
reports the peak memory of the one process: `python -m analysis bench --stream --articles 10000`.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import BATCH_SIZE

DEMO = Path(__file__).parent.parent / "demo" / "articles"


def synthetic_corpus(n: int, seed: int = 13) -> list[str]:
    """n deterministic news-like articles, each a headline and 8-14 paragraphs drawn from the demo corpus."""
    return list(iter_synthetic(n, seed))


def iter_synthetic(n: int, seed: int = 13) -> Iterator[str]:
    """The articles of synthetic_corpus(n, seed), made one at a time, so that none need be held."""
    paragraphs = []
    for f in sorted(DEMO.glob("*.txt")):
        lines = [ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
        paragraphs.extend(lines[1:])
    rng = random.Random(seed)
    for i in range(n):
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 14)))
        yield f"Article {i}: a headline without a full stop\n" + "\n".join(body)


def _peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _digest(analyses: Iterable) -> tuple[int, str]:
    """The number of statements and a hash of the JSON records, to compare two runs without keeping either."""
    statements, h = 0, hashlib.sha256()
    for a in analyses:
        statements += len(a.statements)
        h.update(json.dumps(a.to_dict(), ensure_ascii=False).encode("utf-8"))
    return statements, h.hexdigest()


def run_bench(n_articles: int = 500, *, repeat: int = 1, processes: int = 1, out=sys.stdout) -> int:
    """Time bare parsing and full analysis of the same generated articles and print the numbers.

    Args:
        n_articles: how many articles to generate (held in memory: a few kB each).
        repeat: rounds of each timing; the best is reported.
        processes: when above 1, also time the analysis over this many worker processes.
        out: where to print one `name value` line per field, then the same as one JSON object.

    Returns:
        0, the exit status.
    """
    from ..engine.lexicon import load_lexicon
    from ..engine.nlp import load_pipeline
    from ..engine.pipeline import analyze_many
    from ..workers import analyze_isolated

    nlp = load_pipeline()
    lexicon = load_lexicon()
    texts = synthetic_corpus(n_articles)
    words = sum(len(t.split()) for t in texts)
    list(analyze_many(texts[:20], nlp=nlp, lexicon=lexicon))  # warm up caches and lazily built indexes
    bare, full, statements, digest = [], [], 0, ""
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        statements, digest = _digest(analyze_many(texts, nlp=nlp, lexicon=lexicon))
        full.append(time.perf_counter() - t0)
    # the path `extract` takes: isolated worker processes; their start-up (each loads the pipeline) counts
    t0 = time.perf_counter()
    _, one_worker = _digest(analyze_isolated(texts, lexicon=lexicon, processes=1))
    isolated = time.perf_counter() - t0
    scaling = {
        "isolated_seconds": round(isolated, 2),
        "isolated_ratio": round(isolated / min(bare), 3),
        "isolated_same_output": one_worker == digest,
    }
    if processes > 1:
        t0 = time.perf_counter()
        _, multi = _digest(analyze_isolated(texts, lexicon=lexicon, processes=processes))
        seconds = time.perf_counter() - t0
        scaling |= {
            f"seconds_{processes}_processes": round(seconds, 2),
            "speedup": round(isolated / seconds, 2),
            "same_output": multi == digest,
        }
    _report({
        "articles": n_articles,
        "words": words,
        "statements": statements,
        "parse_seconds": round(min(bare), 2),
        "analysis_seconds": round(min(full), 2),
        "ratio": round(min(full) / min(bare), 3),
        "parse_seconds_all": [round(t, 2) for t in bare],
        "analysis_seconds_all": [round(t, 2) for t in full],
        "words_per_second": round(words / min(full)),
        "peak_rss_mb": round(_peak_rss_mb()),
        **scaling,
    }, out)
    return 0


def run_stream_bench(n_articles: int = 10_000, *, out=sys.stdout) -> int:
    """Analyse generated articles once, as a stream in one process, and print the time and peak memory.

    No article, Doc or Analysis is kept, so the peak should stop growing once the first batches are done:
    `peak_rss_mb_by_tenth` shows the peak so far after each tenth of the articles.

    Returns:
        0, the exit status.
    """
    from ..engine.lexicon import load_lexicon
    from ..engine.nlp import load_pipeline
    from ..engine.pipeline import analyze_many

    nlp = load_pipeline()
    lexicon = load_lexicon()
    loaded = _peak_rss_mb()
    words = statements = 0
    by_tenth = []

    def counted(texts: Iterable[str]) -> Iterator[str]:
        nonlocal words
        for text in texts:
            words += len(text.split())
            yield text

    t0 = time.perf_counter()
    for i, a in enumerate(analyze_many(counted(iter_synthetic(n_articles)), nlp=nlp, lexicon=lexicon), start=1):
        statements += len(a.statements)
        if i % max(1, n_articles // 10) == 0:
            by_tenth.append(round(_peak_rss_mb()))
    seconds = time.perf_counter() - t0
    _report({
        "articles": n_articles,
        "words": words,
        "statements": statements,
        "analysis_seconds": round(seconds, 2),
        "words_per_second": round(words / seconds) if seconds else 0,
        "rss_after_load_mb": round(loaded),
        "peak_rss_mb_by_tenth": by_tenth,
        "peak_rss_mb": round(_peak_rss_mb()),
    }, out)
    return 0


def _report(result: dict, out) -> None:
    """One aligned `name value` line per field, then the whole as one JSON object for scripts."""
    for k, v in result.items():
        print(f"{k:22s} {v}", file=out)
    print(json.dumps(result), file=out)
