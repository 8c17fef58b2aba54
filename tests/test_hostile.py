"""Hostile input through the command line: one batch holding every kind of file that once cost more than itself,
beside ordinary ones. For each kind: a one-line message naming the file (unless it is simply analysed), the rest
of the batch analysed, exit status 1 without a traceback, peak memory under the worker limit, and wall time
under the limits plus a margin.

The default run uses sizes that take a minute; `WSW_HOSTILE_FULL=1` runs the sizes of the original reports
(16 articles of 100 KB, 150,000 short lines, a 33 KB nested report …), which take several minutes.
Crashes under a small stack are in test_workers.py; file names and CSV cells also have their own tests
(test_ingest_slips.py, test_output_safety.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FULL = bool(os.environ.get("WSW_HOSTILE_FULL"))
SECONDS = 30 if FULL else 10  # per article (WSW_ARTICLE_SECONDS)
MEMORY_MB = 1536 if FULL else 1200  # per worker (WSW_WORKER_MEMORY_MB)
GOOD = {
    "good-1.txt": "Kerry said the talks in Geneva would go on.",
    "good-2.txt": "The minister denied that the port had closed. “We are open,” she said.",
    "good-3.txt": "Lavrov urged Washington to end the sanctions, the agency reported.",
}
NESTED_REPORT = "Kerry said that Lavrov said that " * 160 + "the talks would go on."


def _report(i: int) -> str:
    return f"Minister {i % 7} said the port number {i} would reopen on Monday, officials in Geneva reported."


# name → (text, what must be said about it: None when it may simply be analysed)
KINDS: dict[str, tuple[str, str | None]] = {
    "long-sentence.txt": ("Kerry said " + "a " * 100_000, "a sentence of 99,997 words"),
    "brackets.txt": ("Kerry said " + "(" * 32_000, "a run of 32,000 characters without a space"),
    "spaced-brackets.txt": ("Kerry said " + "( " * 16_000, "a sentence of"),
    "quote-flood.txt": ("Kerry said it. " + "“a.” " * 50_000, "quotation marks; at most"),
    "nested.txt": ("\n\n".join([NESTED_REPORT] * (8 if FULL else 1)), None),
    "short-lines.txt": ("".join(f"Kerry said {i}.\n" for i in range(150_000 if FULL else 3_000)), None),
    **{f"big-{i:02d}.txt": (f"Port report {i}\n\n" + " ".join(_report(i * 1000 + j) for j in
                                                               range(1_100 if FULL else 220)), None)
       for i in range(16 if FULL else 4)},
}
if FULL:  # a nested report that needs more than the time limit
    KINDS["nested.txt"] = ("\n\n".join([NESTED_REPORT] * 40), "too complex to analyse: gave up after 30 s")


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "in"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, (text, _said) in KINDS.items():
        (folder / name).write_text(text, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "invoice\u202etxt.exe").write_bytes(b"MZ\x90\x00")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text("Merkel said the summit had been a success.", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def extracted(batch):
    """The command line on the batch, under a wrapper that reports the peak memory of every process it ran."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSW_")} | {
        "WSW_ARTICLE_SECONDS": str(SECONDS), "WSW_WORKER_MEMORY_MB": str(MEMORY_MB),
        "PYTHONIOENCODING": "utf-8:strict"}
    wrapper = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
               "sys.exit(done.returncode)")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "analysis", "extract", str(batch)],
                          cwd=ROOT, env=env, capture_output=True, timeout=3600)
    seconds = time.monotonic() - started
    *lines, peak_kb = done.stderr.decode("utf-8").splitlines()
    return done, lines, int(peak_kb) / 1024, seconds


def test_every_kind_costs_one_line_at_most_and_the_rest_is_analysed(batch, extracted):
    done, lines, _peak, _seconds = extracted
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]  # strict UTF-8, one per line
    analysed = {Path(rec["source"]).name for rec in out}
    assert set(GOOD) | {"caf\\xe9.txt"} <= analysed
    assert all(line.startswith(str(batch) + "/") for line in lines), lines  # every line names its file
    assert not [line for line in lines if "Traceback" in line or "\u202e" in line]
    said = {name: [line for line in lines if line.startswith(f"{batch}/{name}:")] for name in
            [*KINDS, "pipe.txt", "zero.txt", "invoice\\u202etxt.exe"]}
    for name, (_text, must) in KINDS.items():
        if must is not None:
            assert any(must in line for line in said[name]), (name, said[name])
        else:  # analysed, or refused in one line that says why
            assert name in analysed or [line for line in said[name] if "too complex" in line or "not analysed" in
                                        line or "needed more than" in line], (name, said[name])
    assert "a FIFO, not a regular file; skipped" in said["pipe.txt"][0]
    assert "a link pointing out of the folder" in said["zero.txt"][0]
    assert "unsupported file type" in said["invoice\\u202etxt.exe"][0]


def test_the_batch_stays_within_its_memory_and_time(extracted):
    done, _lines, peak_mb, seconds = extracted
    print(f"hostile batch: peak {peak_mb:.0f} MB, {seconds:.0f} s")  # shown with pytest -s
    assert peak_mb < MEMORY_MB, f"peak {peak_mb:.0f} MB"
    files = len(GOOD) + len(KINDS) + 1
    # Model loads, then at worst every article up to its limit: the batch never hangs on one file.
    assert seconds < 120 + files * SECONDS, f"{seconds:.0f} s"
