"""Every offset that `extract` prints indexes the file as it was read, headline and byline included."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.engine.nlp import headline

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = {
    "no_stop.txt": "Roe Says Bridge Will Reopen in May\n\nJane Roe, the mayor, said on Monday that the bridge "
                   "would reopen in May. “We are nearly there,” she told reporters.\n",
    "stop.txt": "Union accuses board of stalling.\n\nThe transit union accused the board of stalling the talks. "
                "Its leader, Sam Okafor, said the strike would go ahead.\n",
    "byline.txt": "Council backs new library\nBy Lee Park\n\nThe council voted on Monday to build a library, and "
                  "its chairman, Omar Diaz, said the work would start in June.\n",
    "colon.txt": "Lopez: The Board Has Failed the City\n\nMaria Lopez, the city's mayor, spoke at city hall on "
                 "Tuesday. She said the board had failed to act.\n",
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("offsets")
    for name, text in ARTICLES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if k != "WSW_CUES"}
    result = subprocess.run([sys.executable, "-m", "analysis", "extract", str(folder)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=True)
    return {Path(r["source"]).name: r for r in map(json.loads, result.stdout.splitlines())}


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_offsets_slice_the_file(extracted, name, tmp_path):
    text = ARTICLES[name]
    record = extracted[name]
    assert record["title"] == headline(text)
    assert record["statements"]
    for s in record["statements"]:
        assert 0 <= s["start"] <= s["cue_start"] < s["cue_end"] <= s["end"] <= len(text)
        assert s["start"] <= s["content_start"] < s["content_end"] <= s["end"]
        assert text[s["cue_start"]:s["cue_end"]].split() == s["cue"].split() or s["cue"] == "quoted"
        assert " ".join(text[s["content_start"]:s["content_end"]].split()) == s["content"]


def test_headline_statements_are_found(extracted):
    first = {name: [s for s in r["statements"] if s["start"] == 0] for name, r in extracted.items()}
    assert [(s["speaker"], s["stance"]) for s in first["no_stop.txt"]] == [("Jane Roe", "say")]
    assert [(s["speaker"], s["stance"]) for s in first["stop.txt"]] == [("Union", "accuse")]
    assert [(s["speaker"], s["cue"], s["content"]) for s in first["colon.txt"]] == [
        ("Maria Lopez", ":", "The Board Has Failed the City")]
    assert [(s["speaker"], s["stance"]) for s in first["byline.txt"]] == [("Council", "support")]
    assert not any("Lee Park" in str(s["speaker"]) for s in extracted["byline.txt"]["statements"])


def test_a_short_first_line_with_a_full_stop_is_the_headline():
    assert headline("Union accuses board of stalling.\n\nThe union met.") == "Union accuses board of stalling."
    assert headline("The union met on Monday.\nIt voted to strike.") is None  # no paragraph of its own
    long_lede = " ".join(["word"] * 25) + ".\n\nMore text."
    assert headline(long_lede) is None
