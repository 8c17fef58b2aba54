"""More statement rules on short texts parsed by the pinned model: split and continued quotations, datelines,
given names, descriptions, quoted fragments, clauses the parser hangs elsewhere."""
from __future__ import annotations

import pytest

from analysis import analyze
from analysis.engine.statements import find_statements

KEYS = ("speaker", "cue", "stance", "target", "content", "direct")


def rows(statements) -> list[tuple]:
    return [tuple(getattr(s, k) for k in KEYS) for s in statements]


CASES = [
    pytest.param(
        "Ana Silva toured the city. “We have never seen anything like this,” she said, “and we will need years.”",
        [("Ana Silva", "said", "say", None, "We have never seen anything like this and we will need years", True)],
        id="quotation split by its attribution",
    ),
    pytest.param(
        "“The talks have failed,” said John Kerry. “We will try again next week.”",
        [("John Kerry", "said", "say", None, "The talks have failed We will try again next week", True)],
        id="quotation continued after the attribution",
    ),
    pytest.param(
        "“I drove twelve hours a day and got nothing.” Those were the words of Ahmed Farouk, a driver.",
        [("Ahmed Farouk", "quoted", "say", None, "I drove twelve hours a day and got nothing", True)],
        id="speaker named in the next sentence",
    ),
    pytest.param(
        "DENVER, March 4 -- Torvane Energy, a battery maker, today announced that it has raised $185 million.",
        [("Torvane Energy", "announced", "report", None, "it has raised $185 million", False)],
        id="dateline is not the speaker",
    ),
    pytest.param(
        "Prosecutors say in a complaint filed Monday that the callers posed as grandchildren.",
        [("Prosecutors", "say", "say", None, "the callers posed as grandchildren", False)],
        id="that-clause inside a modifier of the cue",
    ),
    pytest.param(
        "The Milwaukee Police Department said in a statement that it had worked with the FBI.",
        [("Milwaukee Police Department", "said", "say", None, "it had worked with the FBI", False)],
        id="that-clause of a statement noun",
    ),
    pytest.param(
        "Asked whether the province would change the law, Glen Halvorsen said: “Nothing is off the table.”",
        [("Glen Halvorsen", "said", "say", None, "Nothing is off the table", True)],
        id="sentence-initial 'Asked' is not the speaker's question",
    ),
    pytest.param(
        "The company declined to comment.",
        [],
        id="declining to comment says nothing",
    ),
    pytest.param(
        "Lin Yuhan urged the Philippines to stop sending vessels into what she called Chinese waters.",
        [("Lin Yuhan", "urged", "urge", "Philippines", "to stop sending vessels into what she called Chinese waters",
          False)],
        id="a description inside a relative clause is not a statement",
    ),
    pytest.param(
        "The Health Ministry reported 20 new cases on Monday.",
        [("Health Ministry", "reported", "report", None, "20 new cases on Monday", False)],
        id="object before a time phrase",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_more_rules(nlp, text, expected):
    assert rows(find_statements(nlp(text))) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Nadia Haddad and Leila Haddad wrote the play. Nadia said the ending was different every night.",
         "Nadia Haddad"),
        ("Carlos Mendes told parliament the money would come. Mendes insisted the funds were sufficient.",
         "Carlos Mendes"),
        ("Wiroj Thongchai defended the bank. The former minister said interference always ends badly.",
         "Wiroj Thongchai"),
        ("Danny Okafor scored twice. The 34-year-old said the win was for the fans.", "Danny Okafor"),
        ("Veritas AI faces a fine. A company spokeswoman said it had removed 40,000 images.", "Veritas AI"),
    ],
    ids=["given name", "untagged surname", "the former minister", "the 34-year-old", "a company spokeswoman"],
)
def test_last_speaker_resolution(nlp, text, speaker):
    assert find_statements(nlp(text))[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker", "target"),
    [
        ("Brussels warned Veritas AI that it could face fines.", "European Union", "Veritas AI"),
        ("The Kremlin rejected the claims.", "Russia", None),
        ("The White House said on Monday that the talks would resume.", "White House", None),
        ("The Pentagon denied that troops had crossed the border.", "Pentagon", None),
        ("Marchetti welcomed NASA's help.", "Marchetti", "NASA"),
        ("Opposition leader Rita Gomes accused him of making empty promises.", "Rita Gomes", None),
    ],
    ids=[
        "Brussels for the EU",
        "the Kremlin for Russia",
        "the White House as itself",
        "the Pentagon as itself",
        "owner of what is welcomed",
        "him is not the speaker",
    ],
)
def test_metonyms_and_targets(nlp, text, speaker, target):
    (s,) = find_statements(nlp(text))
    assert s.speaker == speaker
    assert s.target == target or (target is None and s.target != speaker)


def test_person_tagged_place_is_geocoded(nlp):
    result = analyze("Flood waters rose in Porto Alegre. Ana Silva, the mayor of Porto Alegre, said homes were lost.",
                     nlp=nlp)
    assert [(x.name, x.country, x.mentions) for x in result.locations] == [("Porto Alegre", "BR", 2)]


def test_speaker_is_never_a_place(nlp):
    text = "Minister Marcela Rojas said talks would resume. Rojas added that mediators were ready."
    result = analyze(text, nlp=nlp)
    assert "Rojas" not in {x.name for x in result.locations}
    assert {s.speaker for s in result.statements} == {"Marcela Rojas"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("“We lost everything.”", "We lost everything"),
        ('the attack was "outrageous"', 'the attack was "outrageous"'),
        ('"a" and "b"', '"a" and "b"'),
        ("it was “deeply concerned” about it,", "it was “deeply concerned” about it"),
    ],
)
def test_content_keeps_inner_quotes(raw, clean):
    from analysis.engine.statements.quoting import clean as _clean

    assert _clean(raw) == clean


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kremlin spokesman Dmitry Peskov was quoted as saying that Kyiv had sabotaged the dam.",
         [("Dmitry Peskov", "saying", "say", None, "Kyiv had sabotaged the dam", False)]),
        ('Jens Stoltenberg told reporters in Brussels that the attack was "outrageous".',
         [("Jens Stoltenberg", "told", "say", "reporters", 'the attack was "outrageous"', False)]),
        ("Antonio Guterres called the destruction “another devastating consequence of the war”.",
         [("Antonio Guterres", "called", "say", None,
           "the destruction “another devastating consequence of the war”", False)]),
    ],
    ids=["quoted as saying", "quoted phrase inside reported speech", "called X “...”"],
)
def test_wire_phrasings(nlp, text, expected):
    assert rows(find_statements(nlp(text))) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Stocks rose sharply on Monday as oil prices fell to their lowest level in two years.",
        "The benchmark index added 2.3 percent, while shares of airlines jumped.",
        "The storm claimed the lives of 12 people and left thousands without power.",
        "Police found the car abandoned near the border.",
        "Officials expect the bridge to reopen next month.",
        "The company declined to comment on the report.",
    ],
)
def test_no_statement_in_plain_events(nlp, text):
    assert find_statements(nlp(text)) == []


def test_that_only_cue_needs_a_that_clause(nlp):
    (s,) = find_statements(nlp("The study found that most patients recovered within a week."))
    assert (s.speaker, s.stance, s.content) == ("study", "report", "most patients recovered within a week")


def test_double_apostrophe_quotation_continued_after_its_attribution(nlp):
    text = (
        "The county met on Monday.\n\n''The council is not doing enough,'' Ms. Ruiz said. ''With the money it has, it "
        "could repair every bridge in the county.''\n"
    )
    assert rows(find_statements(nlp(text))) == [
        ("Ms. Ruiz", "said", "say", None,
         "The council is not doing enough With the money it has, it could repair every bridge in the county", True),
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("Some voters said the bridge plan was dead.", "Some voters", id="some with a noun"),
        pytest.param("Many in the hall said the bridge plan was dead.", "Many in the hall", id="many in"),
        pytest.param("Most of the members said the vote was fair.", "Most of the members", id="most of"),
        pytest.param(
            "But some who study the harbour argue that the cranes are too old.", "some who study the harbour",
            id="some with a relative clause",
        ),
        pytest.param("Both candidates said the debate was fair.", "Both candidates", id="both"),
    ],
)
def test_a_group_named_by_a_quantifier_speaks_as_written(nlp, text, speaker):
    assert [s.speaker for s in find_statements(nlp(text))] == [speaker]


def test_a_bare_those_is_no_group(nlp):
    found = find_statements(nlp("“We will fight on.” Those were the words of Ana Ruiz, speaking to the crowd."))
    assert "Those" not in {s.speaker for s in found}


def test_the_clause_a_relative_cue_hangs_in_is_not_its_object(nlp):
    found = rows(find_statements(nlp("But those who back the mayor say the news has damaged her campaign.")))
    assert ("those who back the mayor", "say", "say", None, "the news has damaged her campaign", False) in found
    assert all(r[4] != "the mayor say the news has damaged her campaign" for r in found)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Toyota said on Monday it would cut jobs. Toyota executives said the cuts were needed.",
            "Toyota executives", id="people named by a body speak as themselves",
        ),
        pytest.param("An Ohio voter said the plan was dead.", "Ohio voter", id="a voter from a place is no place"),
        pytest.param("Treasury officials said the plan was dead.", "Treasury", id="officials speak for their body"),
        pytest.param("A NASA spokesperson said the probe was lost.", "NASA", id="a spokesperson for the body"),
    ],
)
def test_people_named_by_a_body_or_a_place(nlp, text, speaker):
    assert [s.speaker for s in find_statements(nlp(text))][-1] == speaker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Ana Ruiz slammed the harbour board.",
            ("Ana Ruiz", "slammed", "accuse", "harbour board", "the harbour board", False), id="slammed",
        ),
        pytest.param(
            "Ana Ruiz blasted the Harbour Board in a speech.",
            ("Ana Ruiz", "blasted", "accuse", "Harbour Board", "the Harbour Board", False), id="blasted",
        ),
    ],
)
def test_the_actor_a_cue_judges_is_its_content_too(nlp, text, expected):
    assert rows(find_statements(nlp(text))) == [expected]


def test_supporting_someone_is_no_statement_of_its_own(nlp):
    assert rows(find_statements(nlp("Most farmers in the valley support Ana Ruiz."))) == []


def test_a_negated_quantifier_names_no_speaker(nlp):
    assert rows(find_statements(nlp("Not everyone in the town blames the operator."))) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param(
            "Lopez said the police had questioned Ana Ruiz, who ran the depot for ten years.",
            "the police had questioned Ana Ruiz", id="relative clause after a comma",
        ),
        pytest.param(
            "Lopez said he was encouraged by the plan — a modest gain for the city since 2009.",
            "he was encouraged by the plan", id="apposition after a dash",
        ),
        pytest.param(
            "Lopez said the plan, which he wrote, was good.", "the plan, which he wrote, was good",
            id="a relative clause inside the clause stays",
        ),
    ],
)
def test_the_remark_that_closes_a_reported_clause_is_the_writers(nlp, text, content):
    assert [s.content for s in find_statements(nlp(text)) if s.speaker == "Lopez"] == [content]


def test_a_cue_opened_by_how_points_back_and_says_nothing_new(nlp):
    text = "“The river rises every spring.” That was how Nomvula Dube, a farmer, described life near the dam."
    assert [s.cue for s in find_statements(nlp(text))] == ["quoted"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param("Lopez called the mayor a liar.", "the mayor a liar", id="called X Y"),
        pytest.param("Lopez described the plan as a disaster.", "the plan as a disaster", id="described X as Y"),
        pytest.param("Lopez described the excitement in the room.", "the excitement in the room", id="described X"),
    ],
)
def test_what_a_naming_cue_says_holds_its_object(nlp, text, content):
    assert [s.content for s in find_statements(nlp(text))] == [content]
