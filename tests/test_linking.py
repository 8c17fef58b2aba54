"""Linking actors across the articles of a corpus, on hand-built analyses of sentences written for the project."""
from __future__ import annotations

from analysis.linking import actor_id, link_actors
from analysis.types import Actor, Analysis, Article, Statement


def _said(speaker: str, target: str | None = None) -> Statement:
    return Statement(speaker=speaker, cue="said", stance="say", target=target, content="x", direct=False,
                     start=0, end=1, cue_start=0, cue_end=1, content_start=0, content_end=1)


def _article(*actors: tuple[str, str], said: tuple[str, ...] = (), aliases: dict | None = None) -> Analysis:
    aliases = aliases or {}
    return Analysis(article=Article(text="Some text."), statements=tuple(_said(s) for s in said),
                    actors=tuple(Actor(n, t, aliases=tuple(aliases.get(n, ())), mentions=1) for n, t in actors))


def test_surname_links_to_the_one_full_name_of_the_corpus():
    corpus = [_article(("Amara Okafor", "PERSON"), said=("Amara Okafor",)),
              _article(("Okafor", "PERSON"), said=("Okafor",))]
    linking = link_actors(corpus)
    assert linking.canonical(1, "Okafor") == "Amara Okafor"
    linked = linking.apply(1, corpus[1])
    assert linked.statements[0].speaker == "Amara Okafor"
    assert [a.name for a in linked.actors] == ["Amara Okafor"] and linked.actors[0].aliases == ("Okafor",)


def test_given_name_and_surname_link_to_a_longer_full_name():
    corpus = [_article(("Tomas R. Lindqvist", "PERSON")), _article(("Tomas Lindqvist", "PERSON")),
              _article(("Lindqvist", "PERSON"))]
    linking = link_actors(corpus)
    assert linking.canonical(1, "Tomas Lindqvist") == "Tomas R. Lindqvist"
    assert linking.canonical(2, "Lindqvist") == "Tomas R. Lindqvist"  # both full forms are one person
    assert not linking.ambiguous


def test_surname_shared_by_two_people_stays_unlinked_and_is_reported():
    corpus = [_article(("Mira Halvorsen", "PERSON")), _article(("Jon Halvorsen", "PERSON")),
              _article(("Halvorsen", "PERSON"), said=("Halvorsen",))]
    linking = link_actors(corpus)
    assert linking.canonical(2, "Halvorsen") == "Halvorsen"
    assert [(a.name, a.candidates, a.articles) for a in linking.ambiguous] == [
        ("Halvorsen", ("Jon Halvorsen", "Mira Halvorsen"), (2,))]


def test_the_article_settles_an_ambiguous_surname():
    corpus = [_article(("Mira Halvorsen", "PERSON")), _article(("Jon Halvorsen", "PERSON")),
              _article(("Jon Halvorsen", "PERSON"), ("Halvorsen", "PERSON"))]
    assert link_actors(corpus).canonical(2, "Halvorsen") == "Jon Halvorsen"


def test_acronym_links_to_the_name_it_spells_and_a_parenthesised_form_to_its_long_form():
    corpus = [_article(("Nordic Rail Authority", "ORG")), _article(("NRA", "ORG"), said=("NRA",)),
              _article(("Kestrel Harbour Services (KHS)", "ORG"), ("KHS", "ORG"))]
    linking = link_actors(corpus)
    assert linking.canonical(1, "NRA") == "Nordic Rail Authority"
    assert linking.canonical(2, "Kestrel Harbour Services (KHS)") == "Kestrel Harbour Services"
    assert linking.canonical(2, "KHS") == "Kestrel Harbour Services"
    merged = linking.apply(2, corpus[2]).actors
    assert [a.name for a in merged] == ["Kestrel Harbour Services"] and merged[0].mentions == 2


def test_acronym_with_two_expansions_stays_unlinked():
    corpus = [_article(("Nordic Rail Authority", "ORG")), _article(("National Rifle Association", "ORG")),
              _article(("NRA", "ORG"))]
    linking = link_actors(corpus)
    assert linking.canonical(2, "NRA") == "NRA"
    assert linking.ambiguous[0].candidates == ("National Rifle Association", "Nordic Rail Authority")


def test_short_organisation_name_links_only_when_the_corpus_names_one():
    one = [_article(("Baltic Fisheries Commission", "ORG")), _article(("Commission", "ORG"))]
    assert link_actors(one).canonical(1, "Commission") == "Baltic Fisheries Commission"
    two = [*one, _article(("Electoral Commission", "ORG"))]
    assert link_actors(two).canonical(1, "Commission") == "Commission"


def test_aliases_from_one_article_link_the_name_in_another():
    corpus = [_article(("Union of Harbour Pilots", "ORG"), aliases={"Union of Harbour Pilots": ("the pilots' union",)}),
              _article(("the pilots' union", "ORG"), said=("the pilots' union",))]
    assert link_actors(corpus).canonical(1, "the pilots' union") == "Union of Harbour Pilots"


def test_places_are_not_linked_by_their_last_word():
    corpus = [_article(("South Verland", "GPE")), _article(("Verland", "GPE"))]
    assert link_actors(corpus).canonical(1, "Verland") == "Verland"


def test_actor_ids_are_stable_and_ignore_case_and_a_leading_article():
    assert actor_id("The Nordic Rail Authority") == actor_id("nordic rail authority")
    assert actor_id("Amara Okafor") != actor_id("Jon Halvorsen")


def test_spellings_of_one_name_are_one_actor_under_the_commonest_spelling():
    corpus = [_article(("Ferry Workers' Guild", "ORG"), said=("Ferry Workers' Guild",)),
              _article(("Ferry Workers’ Guild", "ORG"), said=("Ferry Workers’ Guild",)),
              _article(("the Ferry Workers' Guild", "ORG")), _article(("Ferry Workers' Guild", "ORG"))]
    linking = link_actors(corpus)
    assert linking.canonical(1, "Ferry Workers’ Guild") == "Ferry Workers' Guild"
    assert linking.canonical(2, "the Ferry Workers' Guild") == "Ferry Workers' Guild"
    assert linking.apply(1, corpus[1]).statements[0].speaker == "Ferry Workers' Guild"
    assert actor_id("Ferry Workers’ Guild") == actor_id("Ferry Workers' Guild")
    assert not linking.ambiguous


def test_a_name_that_only_mentions_an_organisation_is_not_a_longer_form_of_it():
    corpus = [_article(("Delegates of Kestrel Harbour Services", "ORG")), _article(("Kestrel Harbour Services", "ORG")),
              _article(("Harbour Services", "ORG"))]
    linking = link_actors(corpus)
    assert linking.canonical(1, "Kestrel Harbour Services") == "Kestrel Harbour Services"
    assert linking.canonical(2, "Harbour Services") == "Kestrel Harbour Services"


def test_a_description_links_only_to_a_name_its_own_article_gives():
    corpus = [_article(("Ferry Workers' Guild", "ORG"), ("Coastal Drivers' Union", "ORG")),
              _article(("union", "ORG"), said=("union",)),
              _article(("Coastal Drivers' Union", "ORG"), said=("union",))]
    linking = link_actors(corpus)
    assert linking.canonical(1, "union") == "union"  # this article's union may be the guild
    assert linking.canonical(2, "union") == "Coastal Drivers' Union"
    assert not linking.ambiguous


def test_a_group_links_only_to_a_group_its_own_article_names():
    corpus = [_article(("freight analysts", "GROUP")), _article(("Analysts", "GROUP"), said=("Analysts",)),
              _article(("freight analysts", "GROUP"), ("Analysts", "GROUP"))]
    linking = link_actors(corpus)
    assert linking.canonical(1, "Analysts") == "Analysts"
    assert linking.canonical(2, "Analysts") == "freight analysts"
