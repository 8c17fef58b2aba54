"""A corpus's corrections become a gold set (`python -m analysis gold`), and `evaluate` scores the engine on it."""
from __future__ import annotations

import json

import pytest

import analysis
from analysis import corpora
from analysis import corrections as cx
from analysis.__main__ import main
from analysis.access import Principal
from analysis.store import Store
from analysis.store.layers import Layers
from analysis.types import Article

ANA = Principal("ana@example.org")
TEXTS = ("Mayor Lena Ortiz said the bridge would reopen in June. The council warned that repair costs were "
         "rising fast. Shop owners on the quay hoped for an early date.",
         "Ortiz promised on Tuesday that the ferry would run until the bridge reopens.")


@pytest.fixture(scope="module")
def analysed():
    return list(analysis.analyze_many([Article(text=t, source=f"bridge-{i}.txt", title=f"Bridge {i}")
                                       for i, t in enumerate(TEXTS)]))


def score(tmp_path, capsys, store) -> dict:
    folder = tmp_path / "gold"
    assert main(["gold", "--database", store.url, "--corpus-name", "Bridge", "-o", str(folder)]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(folder), "--corpus", str(folder), "--json"]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_the_engine_is_scored_against_the_analysts_corrections(tmp_path, capsys, analysed):
    store = Store(str(tmp_path / "g.db"))
    cid = corpora.save_analysed(store, "Bridge", analysed, owner=ANA.user)
    first = store.article_ids(cid)[0]
    found = [s for s in analysed[0].statements]
    assert len(found) >= 2, "the engine finds the mayor's and the council's statements"
    layers = Layers(store)
    mayor = found[0]
    layers.add_correction(cid, cx.Correction(first, mayor.start, mayor.end, mayor.cue_start, mayor.cue_end, cx.EDIT,
                                             (("target", "the council"),)), by=ANA)
    assert score(tmp_path / "a", capsys, store)["f1"] == 1.0  # one article reviewed, the engine agrees
    gold = json.loads(next((tmp_path / "a" / "gold").glob("*.json")).read_text())
    assert len(gold["statements"]) == len(found) and gold["statements"][0]["target"] == "the council"
    council = found[1]
    layers.add_correction(cid, cx.Correction(first, council.start, council.end, council.cue_start, council.cue_end,
                                             cx.REJECT), by=ANA)
    rejected = score(tmp_path / "b", capsys, store)
    assert rejected["recall"] == 1.0 and rejected["precision"] < 1.0  # the engine's statement is now spurious
    shops = cx.sentences(TEXTS[0])[2]
    layers.add_correction(cid, cx.added(first, TEXTS[0], shops, speaker="Shop owners", cue="hoped", stance="say"),
                          by=ANA)
    missed = score(tmp_path / "c", capsys, store)
    assert missed["recall"] < 1.0  # the analyst's statement, which the engine does not find


def test_gold_names_the_corpus_it_cannot_find(tmp_path, capsys):
    store = Store(str(tmp_path / "g.db"))
    assert main(["gold", "--database", store.url, "--corpus-name", "Nothing", "-o", str(tmp_path / "o")]) == 1
    assert "no corpus named 'Nothing'" in capsys.readouterr().err
