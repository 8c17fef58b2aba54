"""The command line: `python -m analysis extract PATH...` and `python -m analysis evaluate GOLD --corpus DIR`."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATEMENT_FIELDS = {"speaker", "cue", "stance", "target", "content", "direct", "start", "end"}
RECORD_FIELDS = {"source", "title", "statements", "actors", "locations"}
STANCES = {"say", "accuse", "urge", "insist", "agree", "support", "deny", "warn", "ask", "report", "promise"}

GOOD = {
    "talks.txt": "Kerry Warns Russia Over Syria\n"
                 "US Secretary of State John Kerry urged Russia on Monday to use its influence with Assad. "
                 "“We will not give up,” Kerry said in Geneva.\n",
    "lavrov.txt": "Sergei Lavrov said the talks would start as soon as possible.\n",
}


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WSW_CUES"}
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def records(stdout: str) -> dict[str, dict]:
    lines = [line for line in stdout.splitlines() if line.strip()]
    out = {}
    for line in lines:
        rec = json.loads(line)
        out[Path(rec["source"]).name] = rec
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe")
    return folder


@pytest.fixture(scope="module")
def extracted(corpus) -> subprocess.CompletedProcess:
    return run("extract", "--text", str(corpus))


def test_extract_prints_one_record_per_good_file(extracted):
    recs = records(extracted.stdout)
    assert sorted(recs) == sorted(GOOD)
    for rec in recs.values():
        assert RECORD_FIELDS <= set(rec)
        for s in rec["statements"]:
            assert STATEMENT_FIELDS <= set(s)
            assert s["stance"] in STANCES
            assert isinstance(s["direct"], bool)
            text = rec["text"]
            assert 0 <= s["start"] < s["end"] <= len(text)
            assert text[s["cue_start"]:s["cue_end"]] == s["cue"]
        for a in rec["actors"]:
            assert {"name", "type", "aliases", "role"} <= set(a)
        for loc in rec["locations"]:
            assert {"name", "country", "lat", "lon"} <= set(loc)


def test_extract_finds_the_statements(extracted):
    recs = records(extracted.stdout)
    talks, lavrov = recs["talks.txt"], recs["lavrov.txt"]
    assert talks["title"] == "Kerry Warns Russia Over Syria"
    keys = ("speaker", "cue", "stance", "target", "content", "direct")
    assert [tuple(s[k] for k in keys) for s in talks["statements"]] == [
        ("John Kerry", "Warns", "warn", "Russia", "Syria", False),  # the headline states something too
        ("John Kerry", "urged", "urge", "Russia", "to use its influence with Assad", False),
        ("John Kerry", "said", "say", None, "We will not give up", True),
    ]
    assert [tuple(s[k] for k in keys) for s in lavrov["statements"]] == [
        ("Sergei Lavrov", "said", "say", None, "the talks would start as soon as possible", False),
    ]
    kerry = next(a for a in talks["actors"] if a["name"] == "John Kerry")
    assert (kerry["type"], kerry["role"]) == ("PERSON", "US Secretary of State")
    assert not any(a["name"].startswith("Kerry ") for a in talks["actors"])  # the headline is no person
    assert "Kerry" in kerry["aliases"]
    geneva = next(loc for loc in talks["locations"] if loc["name"] == "Geneva")
    assert geneva["country"] == "CH"


def test_extract_reports_each_bad_file_on_one_line(extracted):
    assert extracted.returncode != 0
    assert "Traceback" not in extracted.stderr
    lines = extracted.stderr.strip().splitlines()
    assert len(lines) == 2
    assert sorted(Path(line.split(":")[0]).name for line in lines) == ["binary.txt", "empty.txt"]
    assert all(len(line.split(": ", 1)) == 2 and line.split(": ", 1)[1] for line in lines)


def test_extract_good_files_only_succeeds(corpus):
    result = run("extract", str(corpus / "lavrov.txt"))
    assert (result.returncode, result.stderr) == (0, "")
    assert list(records(result.stdout)) == ["lavrov.txt"]


def test_extract_missing_path(tmp_path):
    missing = tmp_path / "nowhere.txt"
    result = run("extract", str(missing))
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert str(missing) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_extract_with_bad_cue_file(corpus, tmp_path):
    cues = tmp_path / "cues.tsv"
    cues.write_text("grumble\tsay\nslam\tattack\n", encoding="utf-8")
    result = run("extract", "--cues", str(cues), str(corpus / "lavrov.txt"))
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"{cues}, line 2" in result.stderr


def test_extract_with_extra_cues(corpus, tmp_path):
    cues = tmp_path / "cues.tsv"
    cues.write_text("say\twarn\n", encoding="utf-8")
    result = run("extract", "--cues", str(cues), str(corpus / "lavrov.txt"))
    assert result.returncode == 0
    (rec,) = records(result.stdout).values()
    assert [s["stance"] for s in rec["statements"]] == ["warn"]


def test_evaluate_prints_scores():
    result = run("evaluate", "tests/gold", "--corpus", "analysis/demo/articles")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    match = re.search(r"^who-says-what F1 (\d\.\d{3}) \(P (\d\.\d{3}) R (\d\.\d{3})\)", result.stdout, re.M)
    assert match, result.stdout
    f1, precision, recall = map(float, match.groups())
    assert 0.0 < f1 <= 1.0 and 0.0 < precision <= 1.0 and 0.0 < recall <= 1.0
    golds = sorted(p.stem for p in (ROOT / "tests" / "gold").glob("*.json"))
    assert all(stem in result.stdout for stem in golds)


def test_evaluate_names_a_missing_article(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"article": "corpus/not-there.txt", "statements": []}), encoding="utf-8")
    result = run("evaluate", str(gold), "--corpus", str(tmp_path))
    assert result.returncode != 0
    assert "not-there" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_over_two_processes_matches_one(tmp_path):
    import shutil

    for name in ("kerry-lavrov-syria.txt", "toronto-court-gig-drivers.txt", "lagos-governorship-count.txt"):
        shutil.copy(ROOT / "analysis" / "demo" / "articles" / name, tmp_path / name)
    one = run("extract", "--processes", "1", str(tmp_path))
    two = run("extract", "--processes", "2", str(tmp_path))
    every_core = run("extract", "--processes", "auto", str(tmp_path))
    assert one.returncode == two.returncode == every_core.returncode == 0
    assert one.stdout == two.stdout == every_core.stdout and one.stdout.count("\n") == 3


def test_processes_auto_means_every_core_this_process_may_use():
    from analysis.workers import all_cores, processes_arg

    assert processes_arg("auto") == all_cores() == len(os.sched_getaffinity(0)) >= 1
    assert processes_arg("3") == 3
    for bad in ("0", "-2", "many", ""):
        with pytest.raises(ValueError, match="process count"):
            processes_arg(bad)


def test_extract_refuses_a_process_count_that_is_not_one():
    result = run("extract", "--processes", "lots", str(ROOT / "analysis" / "demo" / "articles"))
    assert result.returncode == 2
    assert "not a process count" in result.stderr and "Traceback" not in result.stderr


def test_extract_link_gives_one_speaker_across_articles(tmp_path):
    (tmp_path / "first.txt").write_text("Harbour talks stall\n\nMarta Ellingsen said on Monday that the harbour "
                                        "talks would resume next week.\n", encoding="utf-8")
    (tmp_path / "second.txt").write_text("Talks resume\n\nEllingsen said the talks had resumed in good faith.\n",
                                         encoding="utf-8")
    unlinked = records(run("extract", str(tmp_path)).stdout)
    assert unlinked["second.txt"]["statements"][0]["speaker"] == "Ellingsen"
    done = run("extract", "--link", str(tmp_path))
    assert done.returncode == 0, done.stderr
    linked = records(done.stdout)
    speakers = {name: [s["speaker"] for s in rec["statements"]] for name, rec in linked.items()}
    assert speakers == {"first.txt": ["Marta Ellingsen"], "second.txt": ["Marta Ellingsen"]}
    ids = {a["id"] for rec in linked.values() for a in rec["actors"] if a["name"] == "Marta Ellingsen"}
    assert len(ids) == 1
