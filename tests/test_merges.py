"""One actor under one name across a corpus: automatic linking, then the analyst's merges, splits, renames."""
from __future__ import annotations

import pytest

from analysis import tables
from analysis.corrections import MERGE, RENAME, SPLIT, TYPE, Decision
from analysis.merges import actor_names, decisions_from, linked_frames


def frames() -> tables.CorpusFrames:
    said = [("a1", "Marta Ellingsen", "Harbour Board"), ("a1", "Harbour Board", "Marta Ellingsen"),
            ("a2", "Ellingsen", "the Board"), ("a2", "Dockworkers Union", None),
            ("a3", "Nordic Freight Alliance (NFA)", None), ("a3", "NFA", "Ellingsen"), ("a3", "Per Vik", None)]
    actors = [("a1", "Marta Ellingsen", "PERSON", []), ("a1", "Harbour Board", "ORG", []),
              ("a2", "Ellingsen", "PERSON", []), ("a2", "Dockworkers Union", "ORG", ["the union"]),
              ("a3", "NFA", "ORG", []), ("a3", "Per Vik", "PERSON", [])]
    rows = {"articles": [{"article_id": a, "title": a, "statements": 1} for a in ("a1", "a2", "a3")],
            "statements": [{"article_id": a, "idx": i, "speaker": s, "target": t, "stance": "say", "direct": False,
                            "negated": False} for i, (a, s, t) in enumerate(said)],
            "actors": [{"article_id": a, "idx": i, "name": n, "type": ty, "aliases": al}
                       for i, (a, n, ty, al) in enumerate(actors)]}
    return tables.corpus_frames(rows)


def speakers(linked) -> list[str]:
    return linked.frames.statements["speaker"].tolist()


def test_automatic_linking_gives_a_surname_its_full_name_across_articles():
    linked = linked_frames(frames())
    assert speakers(linked)[:3] == ["Marta Ellingsen", "Harbour Board", "Marta Ellingsen"]
    assert linked.frames.statements["target"].tolist()[5] == "Marta Ellingsen"
    assert linked.names[("a2", "Ellingsen")] == "Marta Ellingsen"
    assert "Ellingsen" in linked.frames.actors.loc[2, "aliases"]
    assert frames().statements["speaker"].tolist()[2] == "Ellingsen"  # the input frames are left alone


def test_a_merge_by_hand_joins_two_actors_and_a_split_undoes_a_link():
    merged = linked_frames(frames(), [Decision(MERGE, "Per Vik", "Marta Ellingsen")])
    assert speakers(merged).count("Marta Ellingsen") == 3
    split = linked_frames(frames(), [Decision(SPLIT, "Ellingsen")])
    assert speakers(split)[2] == "Ellingsen" and speakers(split)[0] == "Marta Ellingsen"
    # the later decision wins: merged, then split again
    again = linked_frames(frames(), [Decision(MERGE, "Per Vik", "Marta Ellingsen"), Decision(SPLIT, "Per Vik")])
    assert speakers(again)[6] == "Per Vik"


def test_renames_and_types_apply_to_the_actor_as_shown_and_chains_of_merges_end_somewhere():
    linked = linked_frames(frames(), [Decision(RENAME, "Marta Ellingsen", "Marta Ellingsen (port CEO)"),
                                      Decision(TYPE, "Dockworkers Union", "group"),
                                      Decision(MERGE, "the Board", "Harbour Board"),
                                      Decision(MERGE, "Harbour Board", "the Board")])  # a cycle: stops
    assert speakers(linked)[0] == speakers(linked)[2] == "Marta Ellingsen (port CEO)"
    assert linked.frames.actors.set_index("name").loc["Dockworkers Union", "type"] == "GROUP"
    targets = linked.frames.statements["target"].tolist()
    assert targets[0] == targets[2]  # the two boards are one, whichever name shows
    table = actor_names(linked)
    assert "Ellingsen" in table.set_index("name").loc["Marta Ellingsen (port CEO)", "from"]


def test_without_automatic_linking_only_the_decisions_apply():
    linked = linked_frames(frames(), [Decision(MERGE, "NFA", "Nordic Freight Alliance (NFA)")], automatic=False)
    assert speakers(linked)[2] == "Ellingsen" and speakers(linked)[5] == "Nordic Freight Alliance (NFA)"


@pytest.mark.parametrize("args, words", [(("delete", "X", "Y"), "one of merge"), ((MERGE, "X", ""), "needs a name"),
                                         ((TYPE, "X", "robot"), "not a type"), ((MERGE, "X", "X"), "with itself")])
def test_malformed_decisions_are_refused(args, words):
    with pytest.raises(ValueError, match=words):
        Decision(*args)


def test_stored_rows_come_back_oldest_first_and_bad_rows_are_skipped():
    rows = [{"kind": MERGE, "name": "A", "value": "B", "created": "2026-03-02"},
            {"kind": "??", "name": "A", "created": "2026-03-01"},
            {"kind": SPLIT, "name": "A", "created": "2026-03-01"}]
    assert [d.kind for d in decisions_from(rows)] == [SPLIT, MERGE]


def test_a_decision_about_a_renamed_actor_is_keyed_by_its_name_before_the_rename():
    decisions = [Decision(RENAME, "Harbour Board", "Port Board"), Decision(RENAME, "Port Board", "The Port Board")]
    from analysis.merges import decided_name, gathered, shown_names

    assert decided_name(decisions, "The Port Board") == "Harbour Board"
    assert decided_name(decisions, "Per Vik") == "Per Vik"
    assert decided_name([Decision(RENAME, "A", "B"), Decision(RENAME, "B", "A")], "A") == "B"  # a cycle stops
    linked = linked_frames(frames(), [Decision(MERGE, "Per Vik", "Marta Ellingsen")])
    assert gathered(linked, "Marta Ellingsen") == ["Ellingsen", "Per Vik"]
    assert "Per Vik" not in shown_names(linked.frames) and "Dockworkers Union" in shown_names(linked.frames)


def test_an_articles_actors_are_listed_under_the_names_shown_one_row_each():
    from analysis.merges import article_actors

    rows = {"articles": [{"article_id": "a1", "title": "t", "statements": 0}],
            "actors": [{"article_id": "a1", "idx": 0, "name": "Nordic Freight Alliance", "type": "ORG",
                        "aliases": ["the alliance"], "mentions": 2, "role": None},
                       {"article_id": "a1", "idx": 1, "name": "NFA", "type": "ORG", "aliases": [], "mentions": 3,
                        "role": "shippers' lobby"}]}
    linked = linked_frames(tables.corpus_frames(rows))
    table = article_actors(linked.frames, "a1")
    assert table.to_dict("records") == [{"actor": "Nordic Freight Alliance", "type": "ORG", "role": "shippers' lobby",
                                         "aliases": "NFA, the alliance", "mentions": 5}]
