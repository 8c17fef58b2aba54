"""Statements: who says what, with which cue and stance, towards whom (analysis.engine.statements.find_statements).

The first tables use Docs built word by word (heads, deps, tags, lemmas and entities given), so they test
the rules whatever the parser does. The later tables run the pinned model on short sentences it parses.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.tokens import Doc

from analysis.engine.lexicon import Cue, Lexicon
from analysis.engine.pipeline import analyze, analyze_many
from analysis.engine.statements import find_statements
from analysis.types import STANCES, Article

KEYS = ("speaker", "cue", "stance", "target", "content", "direct", "negated")
DEMO_ARTICLES = Path(__file__).resolve().parents[1] / "analysis" / "demo" / "articles"
NO_SPACE_BEFORE = {",", ".", ":", ";", "”", "?", "!", "'s", "’s", "n't"}


def st(speaker, cue, stance, content, *, target=None, direct=False, negated=False) -> dict:
    """The expected fields of one statement."""
    return {"speaker": speaker, "cue": cue, "stance": stance, "target": target, "content": content,
            "direct": direct, "negated": negated}


def fields(statements) -> list[dict]:
    return [{k: getattr(s, k) for k in KEYS} for s in statements]


def build(vocab, table: str) -> Doc:
    """A Doc from rows of `word head dep pos tag lemma ent` (head: absolute token index; ent: IOB tag)."""
    rows = [line.split() for line in table.strip().splitlines()]
    assert all(len(r) == 7 for r in rows), rows
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and w != "“" and words[i + 1] not in NO_SPACE_BEFORE for i, w in enumerate(words)]
    return Doc(vocab, words=words, spaces=spaces, heads=[int(r[1]) for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], tags=[r[4] for r in rows], lemmas=[r[5] for r in rows],
               ents=[r[6] for r in rows])


# -- rules on hand-built Docs --------------------------------------------------------------------------------

SAID_THAT = """
John     1 compound PROPN NNP John     B-PERSON
Kerry    2 nsubj    PROPN NNP Kerry    I-PERSON
said     2 ROOT     VERB  VBD say      O
that     6 mark     SCONJ IN  that     O
the      5 det      DET   DT  the      O
talks    6 nsubj    NOUN  NNS talk     O
failed   2 ccomp    VERB  VBD fail     O
.        2 punct    PUNCT .   .        O
"""

QUOTE_THEN_SPEAKER_SAID = """
“        3 punct    PUNCT ``  “        O
We       3 nsubj    PRON  PRP we       O
will     3 aux      AUX   MD  will     O
win      7 ccomp    VERB  VB  win      O
,        7 punct    PUNCT ,   ,        O
”        7 punct    PUNCT ''  ”        O
Lavrov   7 nsubj    PROPN NNP Lavrov   B-PERSON
said     7 ROOT     VERB  VBD say      O
.        7 punct    PUNCT .   .        O
"""

QUOTE_THEN_SAID_SPEAKER = """
“        3 punct    PUNCT ``  “        O
We       3 nsubj    PRON  PRP we       O
will     3 aux      AUX   MD  will     O
win      6 ccomp    VERB  VB  win      O
,        6 punct    PUNCT ,   ,        O
”        6 punct    PUNCT ''  ”        O
said     6 ROOT     VERB  VBD say      O
Sergei   8 compound PROPN NNP Sergei   B-PERSON
Lavrov   6 nsubj    PROPN NNP Lavrov   I-PERSON
.        6 punct    PUNCT .   .        O
"""

SAID_COLON_QUOTE = """
Lavrov   1 nsubj    PROPN NNP Lavrov   B-PERSON
said     1 ROOT     VERB  VBD say      O
:        1 punct    PUNCT :   :        O
“        6 punct    PUNCT ``  “        O
We       6 nsubj    PRON  PRP we       O
will     6 aux      AUX   MD  will     O
win      1 ccomp    VERB  VB  win      O
.        1 punct    PUNCT .   .        O
”        1 punct    PUNCT ''  ”        O
"""

CLAUSE_COMMA_SAID = """
The      1 det      DET   DT  the      O
talks    2 nsubj    NOUN  NNS talk     O
failed   5 ccomp    VERB  VBD fail     O
,        5 punct    PUNCT ,   ,        O
Kerry    5 nsubj    PROPN NNP Kerry    B-PERSON
said     5 ROOT     VERB  VBD say      O
.        5 punct    PUNCT .   .        O
"""

ACCORDING_TO = """
According 6 prep    VERB  VBG accord   O
to       0 prep     ADP   IN  to       O
Kerry    1 pobj     PROPN NNP Kerry    B-PERSON
,        6 punct    PUNCT ,   ,        O
the      5 det      DET   DT  the      O
talks    6 nsubj    NOUN  NNS talk     O
failed   6 ROOT     VERB  VBD fail     O
.        6 punct    PUNCT .   .        O
"""

SAYING = """
Kerry    1 nsubj    PROPN NNP Kerry    B-PERSON
left     1 ROOT     VERB  VBD leave    O
,        1 punct    PUNCT ,   ,        O
saying   1 advcl    VERB  VBG say      O
talks    5 nsubj    NOUN  NNS talk     O
failed   3 ccomp    VERB  VBD fail     O
.        1 punct    PUNCT .   .        O
"""

ADDING_THAT = """
Kerry    1 nsubj    PROPN NNP Kerry    B-PERSON
said     1 ROOT     VERB  VBD say      O
talks    3 nsubj    NOUN  NNS talk     O
failed   1 ccomp    VERB  VBD fail     O
,        1 punct    PUNCT ,   ,        O
adding   1 advcl    VERB  VBG add      O
that     9 mark     SCONJ IN  that     O
he       9 nsubj    PRON  PRP he       O
would    9 aux      AUX   MD  would    O
return   5 ccomp    VERB  VB  return   O
.        1 punct    PUNCT .   .        O
"""

CONJOINED_CUES = """
Kerry    1 nsubj    PROPN NNP Kerry    B-PERSON
accused  1 ROOT     VERB  VBD accuse   O
Russia   1 dobj     PROPN NNP Russia   B-GPE
of       1 prep     ADP   IN  of       O
bombing  3 pcomp    VERB  VBG bomb     O
and      1 cc       CCONJ CC  and      O
told     1 conj     VERB  VBD tell     O
reporters 6 dobj    NOUN  NNS reporter O
that     10 mark    SCONJ IN  that     O
talks    10 nsubj   NOUN  NNS talk     O
failed   6 ccomp    VERB  VBD fail     O
.        1 punct    PUNCT .   .        O
"""

URGED_TO = """
Kerry    1 nsubj    PROPN NNP Kerry    B-PERSON
urged    1 ROOT     VERB  VBD urge     O
Russia   1 dobj     PROPN NNP Russia   B-GPE
to       4 aux      PART  TO  to       O
stop     1 xcomp    VERB  VB  stop     O
the      6 det      DET   DT  the      O
bombing  4 dobj     NOUN  NN  bombing  O
.        1 punct    PUNCT .   .        O
"""

CALLED_ON = """
Kerry    1 nsubj    PROPN NNP Kerry    B-PERSON
called   1 ROOT     VERB  VBD call     O
on       1 prep     ADP   IN  on       O
Russia   2 pobj     PROPN NNP Russia   B-GPE
to       5 aux      PART  TO  to       O
stop     1 xcomp    VERB  VB  stop     O
the      7 det      DET   DT  the      O
bombing  5 dobj     NOUN  NN  bombing  O
.        1 punct    PUNCT .   .        O
"""

ACCUSED_OF = """
Kerry    1 nsubj    PROPN NNP Kerry    B-PERSON
accused  1 ROOT     VERB  VBD accuse   O
Russia   1 dobj     PROPN NNP Russia   B-GPE
of       1 prep     ADP   IN  of       O
bombing  3 pcomp    VERB  VBG bomb     O
civilians 4 dobj    NOUN  NNS civilian O
.        1 punct    PUNCT .   .        O
"""

WARNED_AGAINST = """
Kerry    1 nsubj    PROPN NNP Kerry    B-PERSON
warned   1 ROOT     VERB  VBD warn     O
Russia   1 dobj     PROPN NNP Russia   B-GPE
against  1 prep     ADP   IN  against  O
escalation 3 pobj   NOUN  NN  escalation O
.        1 punct    PUNCT .   .        O
"""

REJECTED_OBJECT = """
Lavrov   1 nsubj    PROPN NNP Lavrov   B-PERSON
rejected 1 ROOT     VERB  VBD reject   O
the      3 det      DET   DT  the      O
plan     1 dobj     NOUN  NN  plan     O
.        1 punct    PUNCT .   .        O
"""

NESTED = """
Kirby    1 nsubj    PROPN NNP Kirby    B-PERSON
said     1 ROOT     VERB  VBD say      O
Kerry    3 nsubj    PROPN NNP Kerry    B-PERSON
urged    1 ccomp    VERB  VBD urge     O
Russia   3 dobj     PROPN NNP Russia   B-GPE
to       6 aux      PART  TO  to       O
stop     3 xcomp    VERB  VB  stop     O
.        1 punct    PUNCT .   .        O
"""

TWO_SPEAKERS = """
Moscow   3 nsubj    PROPN NNP Moscow   B-GPE
and      0 cc       CCONJ CC  and      O
Beijing  0 conj     PROPN NNP Beijing  B-GPE
insist   3 ROOT     VERB  VBP insist   O
that     6 mark     SCONJ IN  that     O
talks    6 nsubj    NOUN  NNS talk     O
resume   3 ccomp    VERB  VBP resume   O
.        3 punct    PUNCT .   .        O
"""

NEGATED = """
Kerry    3 nsubj    PROPN NNP Kerry    B-PERSON
did      3 aux      AUX   VBD do       O
not      3 neg      PART  RB  not      O
say      3 ROOT     VERB  VB  say      O
whether  6 mark     SCONJ IN  whether  O
talks    6 nsubj    NOUN  NNS talk     O
resume   3 ccomp    VERB  VBP resume   O
.        3 punct    PUNCT .   .        O
"""

PRONOUN = """
Lavrov   1 nsubj    PROPN NNP Lavrov   B-PERSON
met      1 ROOT     VERB  VBD meet     O
Kerry    1 dobj     PROPN NNP Kerry    B-PERSON
.        1 punct    PUNCT .   .        O
He       5 nsubj    PRON  PRP he       O
said     5 ROOT     VERB  VBD say      O
talks    7 nsubj    NOUN  NNS talk     O
failed   5 ccomp    VERB  VBD fail     O
.        5 punct    PUNCT .   .        O
"""

NO_CUE = """
The      1 det      DET   DT  the      O
talks    2 nsubj    NOUN  NNS talk     O
resumed  2 ROOT     VERB  VBD resume   O
on       2 prep     ADP   IN  on       O
Monday   3 pobj     PROPN NNP Monday   B-DATE
.        2 punct    PUNCT .   .        O
"""

PASSIVE_ASKED = """
Kerry    2 nsubjpass PROPN NNP Kerry   B-PERSON
was      2 auxpass  AUX   VBD be       O
asked    2 ROOT     VERB  VBN ask      O
about    2 prep     ADP   IN  about    O
the      5 det      DET   DT  the      O
talks    3 pobj     NOUN  NNS talk     O
.        2 punct    PUNCT .   .        O
"""


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        pytest.param(SAID_THAT, [st("John Kerry", "said", "say", "the talks failed")], id="X said that Y"),
        pytest.param(QUOTE_THEN_SPEAKER_SAID, [st("Lavrov", "said", "say", "We will win", direct=True)],
                     id="“Q,” X said"),
        pytest.param(QUOTE_THEN_SAID_SPEAKER, [st("Sergei Lavrov", "said", "say", "We will win", direct=True)],
                     id="“Q,” said X"),
        pytest.param(SAID_COLON_QUOTE, [st("Lavrov", "said", "say", "We will win", direct=True)], id="X said: “Q”"),
        pytest.param(CLAUSE_COMMA_SAID, [st("Kerry", "said", "say", "The talks failed")], id="Y, X said"),
        pytest.param(ACCORDING_TO, [st("Kerry", "According to", "say", "the talks failed")], id="according to X, Y"),
        pytest.param(SAYING, [st("Kerry", "saying", "say", "talks failed")], id="..., saying Y"),
        pytest.param(ADDING_THAT, [st("Kerry", "said", "say", "talks failed"),
                                   st("Kerry", "adding", "say", "he would return")], id="..., adding that"),
        pytest.param(CONJOINED_CUES, [st("Kerry", "accused", "accuse", "bombing", target="Russia"),
                                      st("Kerry", "told", "say", "talks failed", target="reporters")],
                     id="conjoined cues"),
        pytest.param(URGED_TO, [st("Kerry", "urged", "urge", "to stop the bombing", target="Russia")],
                     id="X urged Y to Z"),
        pytest.param(CALLED_ON, [st("Kerry", "called on", "urge", "to stop the bombing", target="Russia")],
                     id="X called on Y to Z"),
        pytest.param(ACCUSED_OF, [st("Kerry", "accused", "accuse", "bombing civilians", target="Russia")],
                     id="X accused Y of Z"),
        pytest.param(WARNED_AGAINST, [st("Kerry", "warned", "warn", "escalation", target="Russia")],
                     id="X warned Y against Z"),
        pytest.param(REJECTED_OBJECT, [st("Lavrov", "rejected", "deny", "the plan")], id="X rejected the plan"),
        pytest.param(NESTED, [st("Kirby", "said", "say", "Kerry urged Russia to stop"),
                              st("Kerry", "urged", "urge", "to stop", target="Russia")], id="nested"),
        pytest.param(TWO_SPEAKERS, [st("Russia", "insist", "insist", "talks resume"),
                                    st("China", "insist", "insist", "talks resume")], id="A and B insist"),
        pytest.param(NEGATED, [st("Kerry", "did not say", "say", "whether talks resume", negated=True)],
                     id="X did not say whether"),
        pytest.param(PRONOUN, [st("Lavrov", "said", "say", "talks failed")], id="pronoun speaker"),
        pytest.param(NO_CUE, [], id="no cue"),
        pytest.param(PASSIVE_ASKED, [], id="passive asked"),
    ],
)
def test_rules_on_built_docs(en_vocab, table, expected):
    assert fields(find_statements(build(en_vocab, table))) == expected


def test_built_doc_offsets(en_vocab):
    doc = build(en_vocab, QUOTE_THEN_SPEAKER_SAID)
    (s,) = find_statements(doc)
    text = doc.text
    assert text == "“We will win,” Lavrov said."
    assert text[s.cue_start:s.cue_end] == "said"
    assert text[s.content_start:s.content_end] == "We will win"
    assert (s.start, s.end) == (0, len(text) - 1)
    assert s.speaker_text == "Lavrov"
    assert s.sentence == text


def test_lexicon_argument_decides_the_cues(en_vocab):
    doc = build(en_vocab, SAID_THAT)
    assert find_statements(doc, lexicon=Lexicon({"tell": Cue("tell", "say")})) == []
    only_say = Lexicon({"say": Cue("say", "report")})
    assert fields(find_statements(doc, lexicon=only_say)) == [st("John Kerry", "said", "report", "the talks failed")]


# -- the pinned model on short sentences ---------------------------------------------------------------------

MODEL_CASES = [
    pytest.param("John Kerry said that the talks may be delayed.",
                 [st("John Kerry", "said", "say", "the talks may be delayed")], id="X said that Y"),
    pytest.param("“We will not give up,” Kerry said.",
                 [st("Kerry", "said", "say", "We will not give up", direct=True)], id="“Q,” X said"),
    pytest.param("“We will not give up,” said John Kerry.",
                 [st("John Kerry", "said", "say", "We will not give up", direct=True)], id="“Q,” said X"),
    pytest.param("Sergei Lavrov said: “The talks will continue.”",
                 [st("Sergei Lavrov", "said", "say", "The talks will continue", direct=True)], id="X said: “Q”"),
    pytest.param("“The talks have failed. We will try again next week,” said John Kerry.",
                 [st("John Kerry", "said", "say", "The talks have failed. We will try again next week", direct=True)],
                 id="quotation over two sentences"),
    pytest.param("The talks may be delayed until next week, John Kerry said.",
                 [st("John Kerry", "said", "say", "The talks may be delayed until next week")], id="Y, X said."),
    pytest.param("According to John Kerry, the talks may be delayed.",
                 [st("John Kerry", "According to", "say", "the talks may be delayed")], id="according to X"),
    pytest.param("John Kerry left Geneva on Friday, saying the talks had failed.",
                 [st("John Kerry", "saying", "say", "the talks had failed")], id="..., saying"),
    pytest.param("John Kerry said the talks had failed, adding that he would return next week.",
                 [st("John Kerry", "said", "say", "the talks had failed"),
                  st("John Kerry", "adding", "say", "he would return next week")], id="..., adding that"),
    pytest.param("John Kerry accused Russia of bombing civilians and also told reporters that the talks had failed.",
                 [st("John Kerry", "accused", "accuse", "bombing civilians", target="Russia"),
                  st("John Kerry", "told", "say", "the talks had failed", target="reporters")], id="conjoined cues"),
    pytest.param("John Kerry accused Russia of bombing civilians.",
                 [st("John Kerry", "accused", "accuse", "bombing civilians", target="Russia")], id="accused Y of Z"),
    pytest.param("John Kerry urged Russia to use its influence with Assad.",
                 [st("John Kerry", "urged", "urge", "to use its influence with Assad", target="Russia")],
                 id="urged Y to Z"),
    pytest.param("John Kerry called on Russia to stop the bombing.",
                 [st("John Kerry", "called on", "urge", "to stop the bombing", target="Russia")],
                 id="called on Y to Z"),
    pytest.param("John Kerry warned Russia against further escalation.",
                 [st("John Kerry", "warned", "warn", "further escalation", target="Russia")], id="warned Y against Z"),
    pytest.param("John Kerry told CNN that the talks had failed.",
                 [st("John Kerry", "told", "say", "the talks had failed", target="CNN")], id="told CNN"),
    pytest.param("Sergei Lavrov rejected the plan.", [st("Sergei Lavrov", "rejected", "deny", "the plan")],
                 id="rejected the plan"),
    pytest.param("John Kirby said John Kerry urged Russia to stop the bombing.",
                 [st("John Kirby", "said", "say", "John Kerry urged Russia to stop the bombing"),
                  st("John Kerry", "urged", "urge", "to stop the bombing", target="Russia")], id="nested report"),
    pytest.param("Moscow and Washington insist that the ceasefire must hold.",
                 [st("Russia", "insist", "insist", "the ceasefire must hold"),
                  st("United States", "insist", "insist", "the ceasefire must hold")], id="A and B insist"),
    pytest.param("Sergei Lavrov met reporters in Moscow. He said the talks had been useful.",
                 [st("Sergei Lavrov", "said", "say", "the talks had been useful")], id="he said"),
    pytest.param("The Health Ministry opened a new clinic on Monday. The ministry said the outbreak was under control.",
                 [st("Health Ministry", "said", "say", "the outbreak was under control")], id="the ministry said"),
    pytest.param("Acme Corp shares fell on Monday. A company spokesman said the results were disappointing.",
                 [st("Acme Corp", "said", "say", "the results were disappointing")], id="a company spokesman said"),
    pytest.param("Moscow warned that the sanctions would backfire.",
                 [st("Russia", "warned", "warn", "the sanctions would backfire")], id="Moscow warned"),
    pytest.param("John Kerry did not say whether the talks would resume.",
                 [st("John Kerry", "did not say", "say", "whether the talks would resume", negated=True)],
                 id="did not say whether"),
    pytest.param("The talks resumed in Geneva on Monday.", [], id="no cue"),
    pytest.param("John Kerry was asked whether the talks would resume.", [], id="was asked"),
    pytest.param("John Kerry was asked about the talks.", [], id="was asked about"),
    pytest.param("Lavrov Rejects US Plan For Syria\nSergei Lavrov said the plan was unfair.",
                 [st("Sergei Lavrov", "said", "say", "the plan was unfair")], id="headline"),
]


@pytest.mark.parametrize(("text", "expected"), MODEL_CASES)
def test_statements_on_model_parses(nlp, text, expected):
    assert fields(find_statements(nlp(text))) == expected


@pytest.mark.parametrize(("text", "expected"), MODEL_CASES[:3])
def test_analyze_gives_the_same_statements(nlp, text, expected):
    assert fields(analyze(text, nlp=nlp).statements) == expected


def test_place_of_statement(nlp):
    (s,) = find_statements(nlp("“We will not give up,” Kerry said in Geneva on Monday."))
    assert (s.speaker, s.content, s.location) == ("Kerry", "We will not give up", "Geneva")


def test_passive_never_gives_a_statement_without_speaker(nlp):
    doc = nlp("John Kerry was asked whether the talks would resume. Officials were told to wait.")
    assert all(s.speaker for s in find_statements(doc))


def test_statements_come_in_text_order(nlp):
    text = ("John Kerry said the talks had failed. Sergei Lavrov said: “We will meet again.” "
            "The talks resumed on Monday.")
    found = find_statements(nlp(text))
    assert [s.speaker for s in found] == ["John Kerry", "Sergei Lavrov"]
    assert [s.start for s in found] == sorted(s.start for s in found)


def test_object_content_keeps_the_object(nlp):
    (s,) = find_statements(nlp("The Health Ministry reported 20 new cases on Monday."))
    assert (s.speaker, s.stance) == ("Health Ministry", "report")
    assert "20 new cases" in s.content


def test_quotation_over_two_paragraphs(nlp):
    (s,) = find_statements(nlp("“We will keep talking,\n\n“And we will not give up,” Kerry said."))
    assert (s.speaker, s.cue, s.direct) == ("Kerry", "said", True)
    assert re.findall(r"\w+", s.content) == "We will keep talking And we will not give up".split()
    assert not set(s.content) & set("“”\"")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("“We will not give up,” Kerry said.", id="quote first"),
        pytest.param("According to John Kerry, the talks may be delayed.", id="according to"),
        pytest.param("The talks may be delayed, US Secretary of State John Kerry said.", id="titled speaker"),
        pytest.param("John Kerry said that the talks may be delayed.", id="two-word speaker first"),
        pytest.param("Kerry said: “We will not give up", id="unclosed quote at the end"),
    ],
)
def test_statement_span_covers_speaker_cue_and_content(nlp, text):
    (s,) = analyze(text, nlp=nlp).statements
    assert 0 <= s.start <= min(s.cue_start, s.content_start)
    assert max(s.cue_end, s.content_end) <= s.end <= len(text)
    assert text[s.cue_start:s.cue_end] == s.cue
    assert s.speaker_text and s.speaker_text in text[s.start:s.end]


@pytest.fixture(scope="module")
def demo_analyses(nlp):
    files = sorted(DEMO_ARTICLES.glob("*.txt"))
    assert files
    articles = [Article(text=f.read_text(encoding="utf-8"), source=str(f)) for f in files]
    return list(analyze_many(articles, nlp=nlp))


def test_demo_corpus_statements_keep_the_contract(demo_analyses):
    for a in demo_analyses:
        text = a.article.text
        assert a.statements, a.article.source
        for s in a.statements:
            where = f"{Path(a.article.source).name}: {s.sentence}"
            assert s.speaker and s.content.strip() and s.cue, where
            assert s.stance in STANCES, where
            assert 0 <= s.cue_start < s.cue_end <= len(text), where
            assert 0 <= s.content_start < s.content_end <= len(text), where
            assert s.target != s.speaker, where
