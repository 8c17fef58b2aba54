"""Actors: canonical names, aliases, acronyms, roles, countries and the resolution of mentions."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc

from analysis.engine.actors import ActorIndex, acronym, alias_forms, clean_name, clean_role, person_role

NO_SPACE_BEFORE = {",", ".", ":", ";", "'s", "’s"}


def build(vocab, table: str) -> Doc:
    """A Doc from rows of `word head dep pos tag lemma ent` (head: absolute token index; ent: IOB tag)."""
    rows = [line.split() for line in table.strip().splitlines()]
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE for i in range(len(words))]
    return Doc(vocab, words=words, spaces=spaces, heads=[int(r[1]) for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], tags=[r[4] for r in rows], lemmas=[r[5] for r in rows],
               ents=[r[6] for r in rows])


def actor_table(index: ActorIndex, used: set[str] | None = None) -> list[tuple]:
    return [(a.name, a.type, a.aliases, a.role) for a in index.actors(used)]


def token(doc: Doc, text: str, nth: int = 0):
    return [t for t in doc if t.text == text][nth]


# -- names ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the United Nations's", "United Nations"),
        ("The  Kremlin", "Kremlin"),
        ("Lavrov’s", "Lavrov"),
        ("Reuters'", "Reuters"),
        ('"Acme",', "Acme"),
        ("the\nHealth Ministry", "Health Ministry"),
        ("an Ontario court", "Ontario court"),
        ("John Kerry", "John Kerry"),
        ("", ""),
    ],
)
def test_clean_name(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("United Nations", "UN"),
        ("European Union", "EU"),
        ("World Health Organization", "WHO"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("Independent National Electoral Commission", "INEC"),
        ("Organisation for the Prohibition of Chemical Weapons", "OPCW"),
        ("Bank of England", "BE"),
        ("Coca-Cola", "CC"),
    ],
)
def test_acronym(name, expected):
    assert acronym(name) == expected


# -- the index on hand-built Docs ------------------------------------------------------------------------------

TITLED_NAME = """
US        1 compound PROPN NNP US        B-GPE
Secretary 5 compound PROPN NNP Secretary O
of        1 prep     ADP   IN  of        O
State     2 pobj     PROPN NNP State     B-ORG
John      5 compound PROPN NNP John      B-PERSON
Kerry     6 nsubj    PROPN NNP Kerry     I-PERSON
met       6 ROOT     VERB  VBD meet      O
Lavrov    6 dobj     PROPN NNP Lavrov    B-PERSON
.         6 punct    PUNCT .   .         O
Kerry     10 nsubj   PROPN NNP Kerry     B-PERSON
left      10 ROOT    VERB  VBD leave     O
.         10 punct   PUNCT .   .         O
"""

ACRONYM_DOC = """
The       2 det      DET   DT  the       O
United    2 compound PROPN NNP United    B-ORG
Nations   3 nsubj    PROPN NNPS Nations  I-ORG
met       3 ROOT     VERB  VBD meet      O
.         3 punct    PUNCT .   .         O
The       6 det      DET   DT  the       O
UN        7 nsubj    PROPN NNP UN        B-ORG
left      7 ROOT     VERB  VBD leave     O
.         7 punct    PUNCT .   .         O
"""

COUNTRY_AS_ORG = """
The       2 det      DET   DT  the       O
Russian   2 compound PROPN NNP Russian   B-ORG
Federation 3 nsubj   PROPN NNP Federation I-ORG
objected  3 ROOT     VERB  VBD object    O
.         3 punct    PUNCT .   .         O
Russia    5 nsubj    PROPN NNP Russia    B-GPE
left      5 ROOT     VERB  VBD leave     O
.         5 punct    PUNCT .   .         O
"""


def test_surname_joins_full_name_and_title_is_a_role(en_vocab):
    index = ActorIndex(build(en_vocab, TITLED_NAME))
    assert actor_table(index) == [
        ("John Kerry", "PERSON", ("Kerry", "US Secretary of State John Kerry"), "US Secretary of State"),
        ("Lavrov", "PERSON", (), None),
    ]
    doc = index.doc
    assert index.resolve(token(doc, "Kerry", 1)) == "John Kerry"


def test_person_role_from_title(en_vocab):
    doc = build(en_vocab, TITLED_NAME)
    kerry = next(e for e in doc.ents if e.text == "John Kerry")
    assert person_role(kerry) == "US Secretary of State"
    lavrov = next(e for e in doc.ents if e.text == "Lavrov")
    assert person_role(lavrov) is None


def test_acronym_merges_with_full_name(en_vocab):
    index = ActorIndex(build(en_vocab, ACRONYM_DOC))
    assert actor_table(index) == [("United Nations", "ORG", ("UN",), None)]
    assert index.resolve(token(index.doc, "UN")) == "United Nations"


def test_country_alias_tagged_org_is_the_country(en_vocab):
    index = ActorIndex(build(en_vocab, COUNTRY_AS_ORG))
    assert actor_table(index) == [("Russia", "GPE", ("Russian Federation",), None)]


# -- the index on model parses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "US Secretary of State John Kerry met Sergei Lavrov in Geneva. Kerry said the talks were useful.",
            [("John Kerry", "PERSON", ("Kerry", "US Secretary of State John Kerry"), "US Secretary of State"),
             ("Sergei Lavrov", "PERSON", (), None)],
            id="surname and role",
        ),
        pytest.param(
            "The United Nations called for a ceasefire. A UN spokesman said aid convoys were ready.",
            [("United Nations", "ORG", ("UN",), None)],
            id="acronym",
        ),
        pytest.param(
            "The Russian Federation rejected the proposal. Russian Foreign Minister Sergei Lavrov said it was unfair.",
            [("Russia", "GPE", ("Russian Federation",), None),
             ("Sergei Lavrov", "PERSON", ("Russian Foreign Minister Sergei Lavrov",), "Russian Foreign Minister")],
            id="country alias and role",
        ),
    ],
)
def test_actors_of_model_parses(nlp, text, expected):
    assert actor_table(ActorIndex(nlp(text))) == expected


@pytest.mark.parametrize(
    ("text", "mention", "nth", "expected"),
    [
        pytest.param("John Kerry arrived in Geneva. Kerry said the talks were useful.", "Kerry", 1, "John Kerry",
                     id="surname"),
        pytest.param("Sergei Lavrov met reporters in Moscow. He said the talks had been useful.", "He", 0,
                     "Sergei Lavrov", id="pronoun"),
        pytest.param("John Kerry met Sergei Lavrov in Geneva. He said the talks had been useful.", "He", 0,
                     "John Kerry", id="pronoun prefers the subject"),
        pytest.param("The Health Ministry opened a new clinic on Monday. The ministry said the outbreak was over.",
                     "ministry", 0, "Health Ministry", id="the ministry"),
        pytest.param("Acme Corp shares fell on Monday. A company spokesman said the results were disappointing.",
                     "spokesman", 0, "Acme Corp", id="a company spokesman"),
        pytest.param("Moscow warned that the sanctions would backfire.", "Moscow", 0, "Russia", id="capital"),
        pytest.param("The Syrian government rejected the plan.", "government", 0, "Syria", id="state noun"),
    ],
)
def test_resolve_mentions(nlp, text, mention, nth, expected):
    index = ActorIndex(nlp(text))
    assert index.resolve(token(index.doc, mention, nth)) == expected


def test_capital_as_place_and_as_actor(nlp):
    index = ActorIndex(nlp("Moscow warned that the sanctions would backfire."))
    moscow = token(index.doc, "Moscow")
    assert index.resolve(moscow, as_actor=False) == "Moscow"
    assert index.resolve(moscow) == "Russia"
    assert ("Russia", "GPE", ("Moscow",), None) in actor_table(index)


def test_groups_are_listed_only_when_they_speak(nlp):
    index = ActorIndex(nlp("Acme Corp shares fell. Analysts said the results were disappointing."))
    analysts = token(index.doc, "Analysts")
    assert index.resolve(analysts) == "Analysts"
    assert [a[0] for a in actor_table(index)] == ["Acme Corp"]
    assert [a[:2] for a in actor_table(index, used={"Analysts"})] == [("Acme Corp", "ORG"), ("Analysts", "GROUP")]


OWNED_ROLE = """
Lumora    2 poss     PROPN NNP Lumora    B-ORG
's        0 case     PART  POS 's        O
founder   4 compound NOUN  NN  founder   O
Tessa     4 compound PROPN NNP Tessa     B-PERSON
Brandt    5 nsubj    PROPN NNP Brandt    I-PERSON
spoke     5 ROOT     VERB  VBD speak     O
.         5 punct    PUNCT .   .         O
"""


def test_a_role_that_lost_its_owner_keeps_the_words_after_the_clitic(en_vocab):
    doc = build(en_vocab, OWNED_ROLE)
    assert person_role(next(e for e in doc.ents if e.text == "Tessa Brandt")) == "'s founder"  # the raw title
    assert actor_table(ActorIndex(doc))[-1] == ("Tessa Brandt", "PERSON", ("founder Tessa Brandt",), "founder")


@pytest.mark.parametrize(("role", "expected"), [
    ("'s founder", "founder"), ("’s chief executive", "chief executive"), ("— spokesman", "spokesman"),
    ("Foreign Minister", "Foreign Minister"), ("'s", None), ("’s ,", None), ("  ", None), (None, None),
    ("harbour master\n", "harbour master"),
])
def test_clean_role(role, expected):
    assert clean_role(role) == expected


def test_pronouns_are_never_aliases():
    assert alias_forms({"He", "she", "They ", "Brandt", "Tessa"}) == ("Brandt", "Tessa")
