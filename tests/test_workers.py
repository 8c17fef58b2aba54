"""Analysis in isolated worker processes: limits, crashes and special files cost one line, never the batch.

Each test runs real worker processes with small limits so that it stays fast. The crash is the real one
(a deep parse tree overflows the C stack in spaCy's recursive subtree walk), made to happen on a short
sentence (950 words, under the pre-check's limit) by running the command under a 192 KB stack (`ulimit -s`),
which the workers inherit.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.engine.pipeline import analyze_many
from analysis.errors import Problem
from analysis.types import Article
from analysis.workers import WorkerLimits, analyze_isolated, precheck

ROOT = Path(__file__).resolve().parents[1]
GOOD = [
    Article(text="Kerry said the talks in Geneva would go on.", source="one.txt"),
    Article(text="The minister denied that the port had closed. “We are open,” she said.", source="two.txt"),
    Article(text="Lavrov urged Washington to end the sanctions, the agency reported.", source="three.txt"),
]
NESTED = " ".join(["Kerry said that Lavrov said that " * 160 + "the talks would go on."] * 5)  # seconds of parsing


def run_cli(*args: str, env: dict | None = None, stack_kb: int | None = None, timeout: float = 120):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WSW_")}
    environ.update(env or {})
    command = [sys.executable, "-m", "analysis", *args]
    if stack_kb:
        command = ["bash", "-c", f"ulimit -s {stack_kb} && exec \"$@\"", "bash", *command]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=timeout)
    return result, time.monotonic() - started


def sources(stdout: str) -> list[str]:
    return [Path(json.loads(line)["source"]).name for line in stdout.splitlines() if line.strip()]


def test_isolated_output_matches_in_process_analysis():
    isolated = list(analyze_isolated(GOOD, processes=2, limits=WorkerLimits(chunk_articles=2)))
    assert [a.to_dict() for a in isolated] == [a.to_dict() for a in analyze_many(GOOD)]


def test_an_article_over_the_time_limit_is_reported_and_the_rest_analysed():
    slow = Article(text=NESTED, source="nested.txt")
    started = time.monotonic()
    out = list(analyze_isolated([GOOD[0], slow, GOOD[1]], limits=WorkerLimits(seconds=0.5, chunk_articles=1)))
    assert time.monotonic() - started < 60
    assert [type(o).__name__ for o in out] == ["Analysis", "Problem", "Analysis"]
    assert out[1] == Problem("nested.txt", "too complex to analyse: gave up after 0.5 s")
    assert out[2].to_dict() == next(analyze_many([GOOD[1]])).to_dict()


def test_a_chunk_that_fails_is_retried_one_article_at_a_time():
    # the slow article shares a chunk with good ones: only it is lost, and order is kept
    slow = Article(text=NESTED, source="nested.txt")
    out = list(analyze_isolated([GOOD[0], slow, GOOD[1], GOOD[2]], limits=WorkerLimits(seconds=0.5)))
    assert [getattr(o, "file", None) for o in out] == [None, "nested.txt", None, None]
    assert [o.article.source for o in out if not isinstance(o, Problem)] == ["one.txt", "two.txt", "three.txt"]


def test_an_article_over_the_memory_limit_is_reported():
    big = Article(text=("Kerry said the talks would go on. " * 3000), source="big.txt")
    out = list(analyze_isolated([big, GOOD[0]], limits=WorkerLimits(memory_mb=400)))
    assert out[0] == Problem("big.txt", "analysis needed more than 400 MB")
    assert out[1].article.source == "one.txt"


@pytest.mark.parametrize("text, words", [
    ("Kerry said " + "a " * 5000, "a sentence of 5,002 words"),
    ("Kerry said " + "(" * 3000, "a run of 3,000 characters without a space"),
    ("Kerry said it. " + "“a.” " * 11000, "22,000 quotation marks"),
])
def test_precheck_refuses_pathological_shapes(text, words):
    assert words in precheck(text, WorkerLimits())


def test_precheck_passes_ordinary_text():
    assert precheck("Kerry said the talks would go on.\n" * 2000, WorkerLimits()) is None


def test_limits_come_from_the_settings_registry():
    limits = WorkerLimits.from_settings({"WSW_ARTICLE_SECONDS": "4.5", "WSW_WORKER_MEMORY_MB": "900"})
    assert (limits.seconds, limits.memory_mb) == (4.5, 900)
    with pytest.raises(ValueError, match="WSW_ARTICLE_SECONDS"):
        WorkerLimits.from_settings({"WSW_ARTICLE_SECONDS": "soon"})


@pytest.fixture
def hostile(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for article in GOOD:
        (folder / article.source).write_text(article.text, encoding="utf-8")
    (folder / "crash.txt").write_text("Kerry said " + "a " * 950, encoding="utf-8")
    (folder / "long-sentence.txt").write_text("Kerry said " + "a " * 100_000, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    outside = tmp_path / "outside.txt"
    outside.write_text("Kerry said the talks would go on.", encoding="utf-8")
    (folder / "out.txt").symlink_to(outside)
    return folder


@pytest.mark.parametrize("processes", ["1", "2"])
def test_cli_survives_a_crash_and_special_files(hostile, processes):
    result, seconds = run_cli("extract", "--processes", processes, str(hostile),
                              stack_kb=192)
    assert result.returncode == 1, result.stderr
    assert sources(result.stdout) == ["one.txt", "three.txt", "two.txt"]
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    expected = {
        "crash.txt": "the engine crashed on this text",
        "long-sentence.txt": "a sentence of ",
        "pipe.txt": "a FIFO, not a regular file; skipped",
        "zero.txt": "a link pointing out of the folder; not followed",
        "out.txt": "a link pointing out of the folder; not followed",
    }
    for name, reason in expected.items():
        assert any(line.startswith(str(hostile / name) + ":") and reason in line for line in lines), (name, lines)
    assert seconds < 90


def test_cli_follow_links_still_refuses_devices(hostile):
    for name in ("crash.txt", "long-sentence.txt"):
        (hostile / name).unlink()
    result, _ = run_cli("extract", "--follow-links", str(hostile))
    assert result.returncode == 1
    assert sources(result.stdout) == ["one.txt", "out.txt", "three.txt", "two.txt"]
    assert any("zero.txt: a device, not a regular file; skipped" in line for line in result.stderr.splitlines())
