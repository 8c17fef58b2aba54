"""Recall broken down by kind of statement (evaluate --by kind)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from analysis.tools.evaluate import evaluate, format_breakdown, recall_by_kind, statement_kinds

ROOT = Path(__file__).resolve().parents[1]

GOLD = {
    "article": "bridge.txt",
    "actors": {"Maria Lopez": {"aliases": ["Lopez"]}},
    "statements": [
        {"speaker": "Maria Lopez", "cue": "said", "stance": "say", "direct": True,
         "content": "We will open the bridge in May"},
        {"speaker": "the council", "cue": "harrumphed", "stance": "say", "direct": False,
         "content": "the budget was far too small for the work"},
        {"speaker": None, "any_speaker": True, "speaker_text": "she", "cue": "says", "stance": "say",
         "direct": False, "content": "the bridge will reopen soon"},
    ],
}
HEADLINES = {"bridge": "Lopez says the bridge will reopen soon"}


def known(cue: str) -> bool:
    return cue in {"said", "says"}


def test_statement_kinds_are_inferred_when_the_gold_does_not_say():
    direct, council, headline = GOLD["statements"]
    assert statement_kinds(direct, headline=HEADLINES["bridge"], cue_known=True) == {
        "quotation": "direct", "speaker": "named", "position": "body", "cue": "in lexicon"}
    assert statement_kinds(council, headline=None, cue_known=False)["speaker"] == "descriptive"
    assert statement_kinds(headline, headline=HEADLINES["bridge"], cue_known=True)["position"] == "headline"
    assert statement_kinds(headline, headline=None, cue_known=True)["speaker"] == "pronoun"
    assert statement_kinds({**council, "kind": "named", "headline": True}, headline=None,
                           cue_known=False)["position"] == "headline"


def test_recall_by_kind_counts_found_and_required():
    system = {"bridge": {"statements": [
        {"speaker": "Maria Lopez", "content": "We will open the bridge in May"},
        {"speaker": "Maria Lopez", "content": "the bridge will reopen soon"},
    ]}}
    golds = [GOLD]
    _, per = evaluate(golds, system)
    table = recall_by_kind(golds, per, HEADLINES, known)
    assert table["quotation"] == {"direct": (1, 1), "indirect": (1, 2)}
    assert table["speaker"] == {"descriptive": (0, 1), "named": (1, 1), "pronoun": (1, 1)}
    assert table["position"] == {"body": (1, 2), "headline": (1, 1)}
    assert table["cue"] == {"in lexicon": (2, 2), "not in lexicon": (0, 1)}
    assert "  cue        not in lexicon  0.000  (0/1)" in format_breakdown(table)


def test_cli_by_kind(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold" / "bridge.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "articles" / "bridge.txt").write_text(
        "Lopez says the bridge will reopen soon\n\n“We will open the bridge in May,” said Maria Lopez, the mayor.",
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "WSW_CUES"}
    result = subprocess.run([sys.executable, "-m", "analysis", "evaluate", str(tmp_path / "gold"), "--corpus",
                             str(tmp_path / "articles"), "--by", "kind", "--json"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "recall by kind of statement:" in result.stdout
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["recall_by_kind"]["cue"]["not in lexicon"] == [0, 1]  # "harrumphed" is not a cue
    assert summary["recall_by_kind"]["quotation"]["direct"] == [1, 1]
