"""The token-array helpers of names.py give what a scan over the tokens gives."""

from analysis.engine.names import _sentence_numbers, lower_words, name_tokens

TEXT = (
    "Council Backs New Bridge\n\n"
    "The Ministry of Transport said on Monday that the bridge would open in May. "
    "Jane Roe, a spokeswoman for Doctors Without Borders, said the clinic was full.\n"
    "\"We need help,\" she said. The Harbour Workers Union declined to comment."
)


def test_sentence_numbers_follow_doc_sents(nlp):
    doc = nlp(TEXT)
    expected = [n for n, s in enumerate(doc.sents) for _ in s]
    assert _sentence_numbers(doc) == expected
    assert _sentence_numbers(nlp("")) == []


def test_lower_words_are_the_lower_case_alphabetic_tokens(nlp):
    doc = nlp(TEXT)
    assert lower_words(doc) == {t.text for t in doc if t.is_lower and t.is_alpha}
    assert "bridge" in lower_words(doc) and "Bridge" not in lower_words(doc)


def test_name_tokens_are_the_capitalised_nouns_and_proper_nouns(nlp):
    doc = nlp(TEXT)
    expected = [t.i for t in doc if t.pos_ in {"PROPN", "NOUN"} and t.text[:1].isupper()]
    assert [t.i for t in name_tokens(doc)] == expected
    assert "bridge" not in {t.text for t in name_tokens(doc)}

