"""The who-says-what metric (analysis.tools.evaluate): Dice, actor matching, per-article and corpus scores.

The expectations follow the reference metric described in the shared README: a system statement matches
a gold one when the speaker names the same actor and the contents have Dice >= 0.5; precision leaves out
system statements that match optional gold statements; recall counts required gold statements only.
"""
from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

from analysis.tools.evaluate import Score, dice, evaluate, load_gold, names_for, norm, same_actor, score_article

REFERENCE_SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"

ACTORS = {
    "John Kerry": {"type": "PERSON", "aliases": ["Kerry", "US Secretary of State John Kerry"]},
    "Sergei Lavrov": {"type": "PERSON", "aliases": ["Lavrov"]},
    "Russia": {"type": "GPE", "aliases": ["Moscow", "Russian Federation"]},
}

GOLD = {
    "article": "corpus/tiny-talks.txt",
    "actors": ACTORS,
    "statements": [
        {"speaker": "John Kerry", "cue": "urged", "stance": "urge", "target": "Russia", "direct": False,
         "content": "to use its influence with Assad"},
        {"speaker": "Sergei Lavrov", "cue": "said", "stance": "say", "target": None, "direct": True,
         "content": "the talks will start as soon as possible", "required": True},
        {"speaker": "Russia", "cue": "insist", "stance": "insist", "target": None, "direct": False,
         "content": "the ceasefire must hold", "required": False},
        {"speaker": "Sergei Lavrov", "cue": "did not say", "stance": "say", "target": None, "direct": False,
         "content": "whether the talks could start on Monday", "required": False},
        {"speaker": "John Kerry", "cue": "accused", "stance": "accuse", "target": "Russia", "direct": False,
         "content": "bombing civilians in Aleppo"},
    ],
    "locations": [
        {"name": "Geneva", "country": "CH"},
        {"name": "Aleppo", "country": "SY"},
        {"name": "Syria"},
    ],
}

SYSTEM = [
    # matches gold 0 (same words), right stance, target named by an alias
    {"speaker": "Kerry", "stance": "urge", "target": "Moscow", "content": "to use its influence with Assad"},
    # matches gold 1 (Dice 8/12), wrong stance
    {"speaker": "Lavrov", "stance": "report", "target": None, "content": "talks will start soon"},
    # matches the optional gold 2: neither counted nor penalised
    {"speaker": "Russia", "stance": "insist", "target": None, "content": "the ceasefire must hold"},
    # right speaker, other content: spurious
    {"speaker": "John Kerry", "stance": "say", "target": None, "content": "the weather in Geneva was fine"},
    # right content, wrong speaker: spurious, and gold 4 is missed
    {"speaker": "Barack Obama", "stance": "accuse", "target": "Russia", "content": "bombing civilians in Aleppo"},
]

LOCATIONS = [
    {"name": "Geneva", "country": "CH"},
    {"name": "Halab", "aliases": ["Aleppo"], "country": "TR"},
]


# -- words, Dice and actor names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("the talks failed", "the talks failed", 1.0),
        ("Talks, FAILED!", "talks failed", 1.0),
        ("Russia’s plan", "Russia's plan", 1.0),
        ("a b", "a c", 0.5),
        ("a a b", "a b b", 2 * 2 / 6),
        ("the talks will start as soon as possible", "talks will start soon", 2 * 4 / 12),
        ("to stop the bombing", "the weather was fine", 2 * 1 / 8),
        ("", "talks", 0.0),
        (None, "talks", 0.0),
        ("...", "talks", 0.0),
    ],
)
def test_dice(a, b, expected):
    assert dice(a, b) == pytest.approx(expected)
    assert dice(b, a) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("The United Nations", "united nations"), ("  Kerry's ", "kerry's"), ("U.S.", "u s"), (None, ""), ("the", "")],
)
def test_norm(name, expected):
    assert norm(name) == expected


def test_names_for_adds_aliases():
    assert names_for("John Kerry", ACTORS) == {"john kerry", "kerry", "us secretary of state john kerry"}
    assert names_for("Unknown Person", ACTORS) == {"unknown person"}


GOLD_KERRY = {"john kerry", "kerry"}


@pytest.mark.parametrize(
    ("system", "gold_names", "expected"),
    [
        ("John Kerry", GOLD_KERRY, True),
        ("Kerry", GOLD_KERRY, True),
        ("john  KERRY", GOLD_KERRY, True),
        ("the Kerry", GOLD_KERRY, True),
        ("US Secretary of State John Kerry", GOLD_KERRY, True),  # holds the multi-word gold name
        ("Kerry Jones", {"kerry"}, False),  # a one-word gold name does not match inside a longer name
        ("John", GOLD_KERRY, False),
        ("Sergei Lavrov", GOLD_KERRY, False),
        ("", GOLD_KERRY, False),
        (None, GOLD_KERRY, False),
        ("The United Nations", {"united nations"}, True),
    ],
)
def test_same_actor(system, gold_names, expected):
    assert same_actor(system, gold_names) is expected


# -- one article -------------------------------------------------------------------------------------------------


def test_score_article_counts():
    sc = score_article(GOLD, SYSTEM, LOCATIONS)
    assert (sc.tp, sc.required, sc.system, sc.matched) == (2, 3, 4, 3)
    assert (sc.stance_ok, sc.target_ok, sc.target_total) == (2, 1, 1)
    assert sc.precision == pytest.approx(2 / 4)
    assert sc.recall == pytest.approx(2 / 3)
    assert sc.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert sc.stance_accuracy == pytest.approx(2 / 3)
    assert sc.target_accuracy == 1.0
    assert sc.missed == [GOLD["statements"][4]]
    assert sc.spurious == [SYSTEM[3], SYSTEM[4]]
    assert (sc.places_found, sc.places_total, sc.country_ok, sc.country_total) == (2, 3, 1, 2)
    assert sc.missed_places == ["Aleppo (country TR, want SY)", "Syria"]
    assert sc.summary() == {"precision": 0.5, "recall": 0.667, "f1": 0.571, "stance_acc": 0.667, "target_acc": 1.0,
                            "places_found": "2/3", "countries_right": "1/2"}


def test_wrong_target_counts_against_target_accuracy():
    system = [dict(SYSTEM[0], target="Syria")]
    sc = score_article(GOLD, system)
    assert (sc.tp, sc.target_ok, sc.target_total, sc.target_accuracy) == (1, 0, 1, 0.0)


def test_perfect_output():
    system = [{k: g[k] for k in ("speaker", "stance", "target", "content")} for g in GOLD["statements"]]
    sc = score_article(GOLD, system)
    assert (sc.tp, sc.required, sc.system, sc.matched) == (3, 3, 3, 5)
    assert (sc.precision, sc.recall, sc.f1, sc.stance_accuracy, sc.target_accuracy) == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert sc.missed == sc.spurious == []


def test_empty_output():
    sc = score_article(GOLD, [])
    assert (sc.tp, sc.required, sc.system, sc.precision, sc.recall, sc.f1) == (0, 3, 0, 0.0, 0.0, 0.0)
    assert len(sc.missed) == 3


def test_each_statement_matches_once_best_dice_first():
    gold = {"statements": [{"speaker": "Kerry", "stance": "say", "content": "the talks failed in Geneva"}]}
    system = [
        {"speaker": "Kerry", "stance": "say", "content": "the talks failed"},  # Dice 6/8
        {"speaker": "Kerry", "stance": "warn", "content": "the talks failed in Geneva"},  # Dice 1
    ]
    sc = score_article(gold, system)
    assert (sc.tp, sc.system, sc.matched, sc.stance_ok) == (1, 2, 1, 0)
    assert sc.spurious == [system[0]]


def test_below_half_the_words_is_no_match():
    gold = {"statements": [{"speaker": "Kerry", "stance": "say", "content": "a b c d"}]}
    assert score_article(gold, [{"speaker": "Kerry", "stance": "say", "content": "a b x y z w"}]).tp == 0  # 4/10
    assert score_article(gold, [{"speaker": "Kerry", "stance": "say", "content": "a b x y"}]).tp == 1  # 4/8


@pytest.mark.parametrize(
    ("gold_statement", "system_speaker", "matches"),
    [
        ({"speaker": "John Kerry", "accept": ["State Department"]}, "State Department", True),
        ({"speaker": "John Kerry"}, "State Department", False),
        ({"speaker": "he", "any_speaker": True}, "Anybody At All", True),
        ({"speaker": None}, None, True),
        ({"speaker": None}, "", True),
        ({"speaker": None}, "John Kerry", False),
        ({"speaker": "John Kerry"}, None, False),
    ],
)
def test_speaker_rules(gold_statement, system_speaker, matches):
    gold = {"actors": ACTORS, "statements": [dict(gold_statement, stance="say", content="the talks failed")]}
    sc = score_article(gold, [{"speaker": system_speaker, "stance": "say", "content": "the talks failed"}])
    assert sc.tp == int(matches)


def test_target_accept():
    gold = {"actors": ACTORS, "statements": [
        {"speaker": "John Kerry", "stance": "accuse", "target": "Syrian Army", "target_accept": ["Syria"],
         "content": "bombing civilians"}]}
    said = {"speaker": "Kerry", "stance": "accuse", "content": "bombing civilians"}
    hit = score_article(gold, [dict(said, target="Syria")])
    miss = score_article(gold, [dict(said, target="Iran")])
    assert (hit.target_ok, miss.target_ok, hit.target_total, miss.target_total) == (1, 0, 1, 1)


# -- many articles --------------------------------------------------------------------------------------------------


def test_evaluate_sums_articles_by_file_stem():
    other = copy.deepcopy(GOLD)
    other["article"] = "elsewhere/other-talks.txt"
    outputs = {"tiny-talks": {"source": "x/tiny-talks.txt", "statements": SYSTEM, "locations": LOCATIONS}}
    total, per = evaluate([GOLD, other], outputs)
    assert list(per) == ["tiny-talks", "other-talks"]
    assert (per["other-talks"].tp, per["other-talks"].system, per["other-talks"].required) == (0, 0, 3)
    assert (total.tp, total.required, total.system, total.matched) == (2, 6, 4, 3)
    assert (total.places_found, total.places_total) == (2, 6)
    assert total.precision == pytest.approx(0.5)
    assert total.recall == pytest.approx(2 / 6)
    assert len(total.missed) == 1 + 3


def test_score_addition():
    total = Score()
    total += Score(tp=1, required=2, system=3, missed=[{"a": 1}])
    total += Score(tp=2, required=2, system=2, spurious=[{"b": 2}])
    assert (total.tp, total.required, total.system, total.missed, total.spurious) == (3, 4, 5, [{"a": 1}], [{"b": 2}])
    assert Score().f1 == Score().stance_accuracy == Score().target_accuracy == 0.0


def test_load_gold_reads_file_or_folder(tmp_path):
    import json

    for name in ("b", "a"):
        (tmp_path / f"{name}.json").write_text(json.dumps({"article": f"{name}.txt", "statements": []}))
    assert [g["article"] for g in load_gold(tmp_path)] == ["a.txt", "b.txt"]
    assert load_gold(tmp_path / "b.json") == [{"article": "b.txt", "statements": []}]


def test_project_gold_files_are_well_formed():
    golds = load_gold(Path(__file__).parent / "gold")
    assert len(golds) >= 10
    for g in golds:
        assert g["statements"], g["article"]
        for s in g["statements"]:
            assert {"speaker", "stance", "content"} <= set(s), s
            assert s["stance"] in {"say", "accuse", "urge", "insist", "agree", "support", "deny", "warn", "ask",
                                   "report", "promise"}, s


# -- agreement with the reference scorer, when the shared folder is there ------------------------------------------


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="the shared reference scorer is not present")
@pytest.mark.parametrize(
    "system",
    [
        pytest.param(SYSTEM, id="mixed"),
        pytest.param([], id="empty"),
        pytest.param(SYSTEM[::-1] + SYSTEM[:2], id="reordered-and-repeated"),
        pytest.param([dict(s, speaker=None) for s in SYSTEM], id="no-speakers"),
    ],
)
def test_agrees_with_reference_scorer(system):
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE_SCORER)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    expected = ref.score_article(GOLD, system)
    expected.update(ref.score_locations(GOLD, LOCATIONS))
    sc = score_article(GOLD, system, LOCATIONS)
    assert (sc.tp, sc.required, sc.system, sc.matched, sc.stance_ok, sc.target_ok, sc.target_total) == (
        expected["tp"], expected["required"], expected["system"], expected["matched_all"], expected["stance_ok"],
        expected["target_ok"], expected["target_total"])
    assert (sc.places_found, sc.places_total, sc.country_ok, sc.country_total) == (
        expected["loc_found"], expected["loc_total"], expected["country_ok"], expected["country_total"])
    assert sc.missed == expected["missed"] and sc.spurious == expected["spurious"]
