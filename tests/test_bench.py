"""The benchmark prints every number it promises, and the streaming it measures is really lazy."""
from __future__ import annotations

import io
import json

from analysis.ingest import Problem, ingest_paths, iter_paths
from analysis.tools.bench import iter_synthetic, run_bench, run_stream_bench, synthetic_corpus

BENCH_FIELDS = ("articles", "words", "statements", "parse_seconds", "analysis_seconds", "ratio",
                "parse_seconds_all", "analysis_seconds_all", "words_per_second", "peak_rss_mb", "isolated_seconds",
                "isolated_ratio", "isolated_same_output")
STREAM_FIELDS = ("articles", "words", "statements", "analysis_seconds", "words_per_second", "rss_after_load_mb",
                 "peak_rss_mb_by_tenth", "peak_rss_mb")


def printed(run, *args, **kwargs) -> tuple[list[str], dict]:
    out = io.StringIO()
    assert run(*args, out=out, **kwargs) == 0
    *lines, last = out.getvalue().splitlines()
    return lines, json.loads(last)


def test_bench_prints_every_field(nlp):
    lines, result = printed(run_bench, 10)
    assert tuple(result) == BENCH_FIELDS
    assert [line.split()[0] for line in lines] == list(BENCH_FIELDS)
    assert result["articles"] == 10 and result["words"] > 0 and result["statements"] > 0
    assert isinstance(result["ratio"], float) and result["ratio"] > 0
    assert result["isolated_same_output"] is True and result["isolated_seconds"] > 0


def test_stream_bench_prints_every_field(nlp):
    lines, result = printed(run_stream_bench, 10)
    assert tuple(result) == STREAM_FIELDS
    assert [line.split()[0] for line in lines] == list(STREAM_FIELDS)
    assert len(result["peak_rss_mb_by_tenth"]) == 10
    assert result["peak_rss_mb"] >= result["rss_after_load_mb"] > 0


def test_generated_articles_are_the_same_streamed_or_listed():
    assert list(iter_synthetic(7, seed=5)) == synthetic_corpus(7, seed=5)


def test_iter_paths_gives_what_ingest_paths_gives(tmp_path):
    (tmp_path / "a.txt").write_text("Kerry said the talks would go on.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Kerry  said the talks would go on.", encoding="utf-8")  # the same text
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_text("Lavrov said nothing.", encoding="utf-8")
    items = list(iter_paths([tmp_path, tmp_path / "missing.txt"]))
    result = ingest_paths([tmp_path, tmp_path / "missing.txt"])
    assert tuple(i for i in items if not isinstance(i, Problem)) == result.articles
    assert tuple(i for i in items if isinstance(i, Problem)) == result.problems
    assert len(result.articles) == 2 and len(result.problems) == 3


def test_iter_paths_reads_each_file_only_when_asked(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"{name} was said by Kerry.", encoding="utf-8")
    items = iter_paths([tmp_path])
    first = next(items)
    (tmp_path / "c.txt").unlink()  # not yet read: its loss shows up as a problem, not as an article
    rest = list(items)
    assert first.source.endswith("a.txt")
    assert rest[0].source.endswith("b.txt")
    assert isinstance(rest[1], Problem) and rest[1].file.endswith("c.txt")
