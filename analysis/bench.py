"""Benchmark: full analysis against bare spaCy parsing of the same texts, in the same run.

`python -m analysis bench --articles 500` prints the number of articles and words, the seconds of bare
`nlp.pipe` parsing and of full analysis (best of `--repeat` rounds each, interleaved so that neither gets
a warmer machine), the ratio of the two, the throughput and the peak resident memory; with `--processes N`,
also the time of the same analysis over N worker processes, the speed-up and whether the output is identical.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from pathlib import Path

from .config import BATCH_SIZE

DEMO = Path(__file__).parent / "demo" / "articles"


def synthetic_corpus(n: int, seed: int = 13) -> list[str]:
    """n deterministic news-like articles, each a headline and 8-14 paragraphs drawn from the demo corpus."""
    paragraphs = []
    for f in sorted(DEMO.glob("*.txt")):
        lines = [ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
        paragraphs.extend(lines[1:])
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 14)))
        out.append(f"Article {i}: a headline without a full stop\n" + "\n".join(body))
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(n_articles: int = 500, *, repeat: int = 1, processes: int = 1, out=sys.stdout) -> int:
    from .lexicon import load_lexicon
    from .nlp import load_pipeline
    from .pipeline import analyze_many

    nlp = load_pipeline()
    lexicon = load_lexicon()
    texts = synthetic_corpus(n_articles)
    words = sum(len(t.split()) for t in texts)
    list(analyze_many(texts[:20], nlp=nlp, lexicon=lexicon))  # warm up caches and lazily built indexes
    bare, full, statements = [], [], 0
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        statements = sum(len(a.statements) for a in analyze_many(texts, nlp=nlp, lexicon=lexicon))
        full.append(time.perf_counter() - t0)
    scaling = {}
    if processes > 1:
        t0 = time.perf_counter()
        multi = list(analyze_many(texts, lexicon=lexicon, n_process=processes))
        scaling = {
            f"seconds_{processes}_processes": round(time.perf_counter() - t0, 2),
            "same_output": [a.to_dict() for a in multi] == [a.to_dict() for a in analyze_many(texts, lexicon=lexicon)],
        }
        scaling["speedup"] = round(min(full) / scaling[f"seconds_{processes}_processes"], 2)
    result = {
        "articles": n_articles,
        "words": words,
        "statements": statements,
        "parse_seconds": round(min(bare), 2),
        "analysis_seconds": round(min(full), 2),
        "ratio": round(min(full) / min(bare), 3),
        "words_per_second": round(words / min(full)),
        "peak_rss_mb": round(_peak_rss_mb()),
        **scaling,
    }
    for k, v in result.items():
        print(f"{k:18s} {v}", file=out)
    print(json.dumps(result), file=out)
    return 0
