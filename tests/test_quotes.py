"""Quotation spans in raw text (analysis.engine.quotes.find_quotes)."""
from __future__ import annotations

import pytest

from analysis.engine.quotes import Quote, find_quotes

TWO_PARAGRAPHS = "“We will keep talking.\n\n“And we will not give up,” Kerry said."
TWO_PARAGRAPHS_STRAIGHT = '"We will keep talking.\n\n"And we will not give up," Kerry said.'


def spans(text: str) -> list[tuple[str, str]]:
    """(quoted text, quotation with its marks) for every quotation found."""
    return [(text[q.start:q.end], text[q.outer_start:q.outer_end]) for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("He said “We will win,” and left.", [("We will win", "“We will win,”")], id="curly"),
        pytest.param('He said "We will win" today.', [("We will win", '"We will win"')], id="straight"),
        pytest.param("Il a dit «Nous gagnerons» hier.", [("Nous gagnerons", "«Nous gagnerons»")], id="guillemets"),
        pytest.param("„Wir schaffen das“, sagte sie.", [("Wir schaffen das", "„Wir schaffen das“")], id="low-high"),
        pytest.param('Kerry said: "Yes."', [("Yes.", '"Yes."')], id="after-colon"),
        pytest.param(
            'Kerry said "yes" and Lavrov said "no".',
            [("yes", '"yes"'), ("no", '"no"')],
            id="two-straight",
        ),
        pytest.param(
            "“It’s Russia’s choice,” he said.",
            [("It’s Russia’s choice", "“It’s Russia’s choice,”")],
            id="curly-apostrophes-inside",
        ),
        pytest.param(
            "\"It's the Kremlin's call,\" he said.",
            [("It's the Kremlin's call", "\"It's the Kremlin's call,\"")],
            id="straight-apostrophes-inside",
        ),
        pytest.param(
            "“The talks failed.”\n\n“We will try again,” he said.",
            [("The talks failed.", "“The talks failed.”"), ("We will try again", "“We will try again,”")],
            id="closed-paragraphs-are-two-quotes",
        ),
        pytest.param(
            TWO_PARAGRAPHS,
            [("We will keep talking.\n\n“And we will not give up",
              "“We will keep talking.\n\n“And we will not give up,”")],
            id="over-two-paragraphs",
        ),
        pytest.param(
            TWO_PARAGRAPHS_STRAIGHT,
            [("We will keep talking.\n\n\"And we will not give up",
              "\"We will keep talking.\n\n\"And we will not give up,\"")],
            id="over-two-paragraphs-straight",
        ),
        # Apostrophes and inch marks are not quotation marks.
        pytest.param("It's the people's choice, isn't it? The '90s were rock 'n' roll.", [], id="apostrophes"),
        pytest.param("It’s Russia’s choice, isn’t it? The ’90s are over.", [], id="curly-apostrophes"),
        pytest.param('He bought a 15" laptop and a 17" monitor.', [], id="inch-marks"),
        pytest.param("", [], id="empty"),
        pytest.param("   \n\n  ", [], id="blank"),
        pytest.param("The word “” was left empty.", [], id="empty-marks"),
    ],
)
def test_find_quotes(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param("“We will keep talking\n\nKerry left.", ["We will keep talking"], id="closes-at-paragraph"),
        pytest.param("Kerry said: “We will keep talking", ["We will keep talking"], id="closes-at-end"),
        pytest.param('Kerry said "we will keep talking\nLavrov left.', ["we will keep talking"], id="straight"),
    ],
)
def test_unclosed_quote_ends_at_its_paragraph(text, quoted):
    assert [text[q.start:q.end] for q in find_quotes(text)] == quoted


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("He said “We will win,” and left.", id="curly"),
        pytest.param(TWO_PARAGRAPHS, id="two-paragraphs"),
        pytest.param("“We will keep talking\n\nKerry left on Monday.", id="unclosed-paragraph"),
        pytest.param('Kerry said "yes" and Lavrov said "no".', id="two-quotes"),
        pytest.param("Kerry said: “We will keep talking", id="unclosed-at-end"),
    ],
)
def test_offsets_are_ordered_and_inside_the_text(text):
    quotes = find_quotes(text)
    assert quotes
    previous_end = 0
    for q in quotes:
        assert previous_end <= q.outer_start <= q.start < q.end <= q.outer_end <= len(text)
        previous_end = q.outer_end


def test_quote_span_property():
    q = find_quotes("He said “We will win,” and left.")[0]
    assert isinstance(q, Quote)
    assert q.span == (q.start, q.end) == (9, 20)
    assert (q.outer_start, q.outer_end) == (8, 22)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param("''We will win,'' she said.", ["We will win"], id="double-apostrophe"),
        pytest.param("She added, ''the vote is close.''\nThen she left.", ["the vote is close."],
                     id="double-apostrophe-after-comma"),
        pytest.param("``We will win,'' she said.", ["We will win"], id="backticks"),
        pytest.param("‘We will fight on,’ said the mayor.", ["We will fight on"], id="single-curly"),
        pytest.param("The mayor said 'we will fight on' and left.", ["we will fight on"], id="single-straight"),
        pytest.param("« Nous gagnerons », a-t-il dit.", ["Nous gagnerons"], id="spaced-guillemets"),
        pytest.param("''One paragraph.\n\n''And the next,'' he said.", ["One paragraph.\n\n''And the next"],
                     id="double-apostrophe-over-paragraphs"),
    ],
)
def test_other_quote_styles(text, quoted):
    assert [text[q.start:q.end] for q in find_quotes(text)] == quoted


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The voters' choice and the players' union.", id="plural-possessives"),
        pytest.param("It’s the people’s ‘choice’, they said.", id="single-word-scare-quote"),
        pytest.param("‘Bout time, wrote the editor’s aide.", id="elided-word"),
        pytest.param("The mayor 'won' and left.", id="single-straight-one-word"),
        pytest.param("Rock 'n' roll, he said 'twas fine.\nNext line it's done'", id="unclosed-in-paragraph"),
    ],
)
def test_single_marks_that_are_apostrophes(text):
    assert find_quotes(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '“The road is shut," said Ana Ruiz. "It will open in May.”',
            [("The road is shut", '“The road is shut,"'), ("It will open in May.", '"It will open in May.”')],
            id="curly opened, straight closed, and back",
        ),
        pytest.param(
            'She called it “a "temporary" closure” on Monday.',
            [("a \"temporary\" closure", '“a "temporary" closure”')],
            id="straight pair inside a curly quotation",
        ),
    ],
)
def test_mixed_marks(text, expected):
    assert spans(text) == expected
