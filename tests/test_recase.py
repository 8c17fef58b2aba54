"""Title-case headlines are parsed in sentence case (analysis.engine.recase), and the text stays as written."""
from __future__ import annotations

from analysis import analyze
from analysis.engine.nlp import load_pipeline
from analysis.engine.recase import sentence_case, with_text

TEXT = (
    "Mayor Ortega Blasts Harbour Board Over Ferry Delays\n"
    "City mayor Lucia Ortega criticised the harbour board on Tuesday for the delays to the new ferry.\n"
)


def is_cue(word: str) -> bool:
    return word in {"blast", "criticise"}


def test_common_words_of_a_title_case_headline_are_lowered():
    assert sentence_case(TEXT, is_cue).splitlines()[0] == "Mayor Ortega blasts harbour board over ferry delays"


def test_names_and_acronyms_keep_their_capitals():
    text = "Ortega Urges NATO To Act On Rivers\nLucia Ortega asked the alliance to act. Rivers in the region flood.\n"
    first = sentence_case(text, lambda w: w == "urge").splitlines()[0]
    assert first == "Ortega urges NATO to act on Rivers"  # "Rivers" is capitalised inside a body sentence


def test_sentence_case_headlines_and_bodies_are_left_alone():
    text = "Mayor says ferry will sail in May\nThe Mayor Of The Harbour Town Said So On Monday.\n"
    assert sentence_case(text, is_cue) == text
    assert sentence_case("Only One Line Here", is_cue) == "Only One Line Here"


def test_the_doc_keeps_the_text_as_written_and_the_parse_of_the_sentence_case_text():
    nlp = load_pipeline()
    parsed = nlp(sentence_case(TEXT, is_cue))
    doc = with_text(parsed, TEXT)
    assert doc.text == TEXT
    assert [t.dep_ for t in doc] == [t.dep_ for t in parsed]
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e.start_char, e.end_char, e.label_) for e in parsed.ents
    ]
    assert doc[2].text == "Blasts" and doc[2].lemma_ == "blast"


def test_a_title_case_headline_names_no_person_made_of_its_words():
    text = (
        "Minister Kovac Warns Unions Over Strike\n"
        "Labour Minister Ivana Kovac warned the unions on Monday that a strike would cost jobs.\n"
    )
    result = analyze(text)
    assert result.article.title == "Minister Kovac Warns Unions Over Strike"
    names = {a.name for a in result.actors}
    assert "Ivana Kovac" in names
    assert not any("Warns" in n for n in names)
    body = [s for s in result.statements if s.start > len(result.article.title)]
    assert [(s.speaker, s.stance, s.content) for s in body] == [
        ("Ivana Kovac", "warn", "a strike would cost jobs")
    ]
    for s in result.statements:  # offsets index the text as written
        assert text[s.content_start : s.content_end] == s.content
