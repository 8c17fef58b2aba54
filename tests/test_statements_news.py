"""Statement rules for news copy: quotations continued after a report nested inside them, round-up lines."""
from __future__ import annotations

from analysis.engine.statements import find_statements


def test_quotation_with_a_nested_report_continues_the_statement_before(nlp):
    text = (
        "Jane Roe runs the bakery. “It was a great night,” she said. “We sold out and we added more tables. "
        "I had people tell me it was the best event.” The bakery opened in 1990."
    )
    found = find_statements(nlp(text))
    roe = [s for s in found if s.speaker == "Jane Roe"]
    assert len(roe) == 1
    assert roe[0].direct
    assert roe[0].content == (
        "It was a great night We sold out and we added more tables. I had people tell me it was the best event"
    )


def test_quotation_opened_by_an_attribution_is_not_taken_by_the_statement_before(nlp):
    text = "Jane Roe runs the bakery. “It was a great night,” she said. “Tom Hill said we would fail,” Roe added."
    found = find_statements(nlp(text))
    assert [(s.speaker, s.cue, s.content) for s in found if s.speaker == "Jane Roe"] == [
        ("Jane Roe", "said", "It was a great night"),
        ("Jane Roe", "added", "Tom Hill said we would fail"),
    ]


def test_object_content_stops_at_when_and_where(nlp):
    (s,) = find_statements(nlp("Tom Hill defended his endorsement this week at a rally in the capital."))
    assert (s.speaker, s.stance, s.content) == ("Tom Hill", "support", "his endorsement")


def test_object_content_leaves_out_the_remark_after_it(nlp):
    text = "Jane Roe also attacked the developer Tom Hill, with whom she clashed at the hearing over the park."
    (s,) = find_statements(nlp(text))
    assert (s.speaker, s.stance, s.content) == ("Jane Roe", "accuse", "the developer Tom Hill")


def test_object_content_stops_at_the_venue(nlp):
    (s,) = find_statements(nlp("Jane Roe praised the new budget at a town meeting."))
    assert s.content == "the new budget"


def test_called_with_a_quoted_phrase_names_what_was_called(nlp):
    (s,) = find_statements(nlp("Jane Roe called the new stadium “a monument to waste” on Tuesday."))
    assert (s.speaker, s.content, s.direct) == ("Jane Roe", "the new stadium “a monument to waste”", False)


def test_called_it_with_a_quoted_phrase_is_the_quotation(nlp):
    (s,) = find_statements(nlp("Jane Roe called it “a monument to waste”."))
    assert (s.speaker, s.content, s.direct) == ("Jane Roe", "a monument to waste", True)


def test_gerund_subject_of_the_reported_clause(nlp):
    text = "Tom Hill runs the mill. He said opening it could put thousands of people to work in the valley."
    (s,) = find_statements(nlp(text))
    assert (s.speaker, s.content) == ("Tom Hill", "opening it could put thousands of people to work in the valley")


def test_speaker_the_parser_took_for_an_apposition(nlp):
    text = (
        "On Tuesday in Dayton, while on the trail for his sister, former governor Tom Hill said his sister was "
        "uniquely qualified to lead the state."
    )
    (s,) = find_statements(nlp(text))
    assert (s.speaker, s.content) == ("Tom Hill", "his sister was uniquely qualified to lead the state")


def test_attribution_after_a_fronted_clause_interrupts_the_sentence(nlp):
    text = "Unless towns build more housing, Jane Roe says, the region could lose its young workers."
    (s,) = find_statements(nlp(text))
    assert s.speaker == "Jane Roe"
    assert s.content == "Unless towns build more housing the region could lose its young workers"


def test_quotation_closing_the_sentence_before_is_not_the_next_cues_content(nlp):
    text = (
        "Tom Hill says the mayor “has a record of bringing people together.” "
        "He warns that the governor would “drive the party off the cliff.”"
    )
    found = find_statements(nlp(text))
    assert [(s.cue, s.content) for s in found] == [
        ("says", "the mayor “has a record of bringing people together"),
        ("warns", "the governor would “drive the party off the cliff"),
    ]


def test_quotation_closing_the_sentence_before_a_bare_attribution_is_its_content(nlp):
    (s,) = find_statements(nlp("“The talks have failed.” Kerry said."))
    assert (s.speaker, s.content, s.direct) == ("Kerry", "The talks have failed", True)


def test_quotation_after_a_reported_clause_goes_on_with_what_was_said(nlp):
    text = (
        "Jane Roe runs the bakery. Roe argued that the plan would fail. "
        "“The council never listened to us. It never will.”"
    )
    roe = [s for s in find_statements(nlp(text)) if s.speaker == "Jane Roe"]
    assert [(s.cue, s.content) for s in roe] == [
        ("argued", "the plan would fail The council never listened to us. It never will")
    ]


def test_cue_in_an_infinitive_after_a_thing_names_no_speaker(nlp):
    assert find_statements(nlp("For Hill, it was an opportunity to bash the council over the budget.")) == []


def test_cue_in_an_infinitive_after_a_person_is_theirs(nlp):
    (s,) = find_statements(nlp("Jane Roe became the first senator to say that the plan would fail."))
    assert (s.speaker, s.content) == ("Jane Roe", "the plan would fail")


def test_clause_hanging_on_the_noun_of_a_phrasal_cue(nlp):
    (s,) = find_statements(nlp("Jane Roe made the case that the tax would help schools."))
    assert (s.speaker, s.cue, s.content) == ("Jane Roe", "made the case", "the tax would help schools")
