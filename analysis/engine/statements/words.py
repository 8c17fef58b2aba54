"""The closed word sets of the statement finder, read from data/statement_words.tsv."""

from __future__ import annotations

from functools import lru_cache

from ...config import DATA_DIR

WORDS_PATH = DATA_DIR / "statement_words.tsv"
NOUN_CUES_PATH = DATA_DIR / "noun_cues.tsv"


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    sets: dict[str, set[str]] = {}
    for line in WORDS_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, word = (p.strip() for p in line.split("\t")[:2])
            sets.setdefault(name, set()).add(word.lower())
    return {name: frozenset(words) for name, words in sets.items()}


def words(name: str) -> frozenset[str]:
    """One named set of data/statement_words.tsv; a KeyError names a set the file lacks."""
    return _word_sets()[name]


CONTENT_PREPS = words("content_prep")
ADDRESSEE_CUES = words("addressee_cue")
TO_ADDRESSEE_CUES = words("to_addressee_cue")
NO_COMMENT = words("no_comment")
RELATIVE_OBJECTS = words("relative_object")
ACTOR_PRONOUNS = words("actor_pronoun")
AUDIENCE_NOUNS = words("audience_noun")
FIRST_PERSON = words("first_person")
BACKWARD_POSSESSIVES = words("backward_possessive")
TRAILING_CONJUNCTIONS = words("trailing_conjunction")
SETTING_PREPS = words("setting_prep")
VENUE_PREPS = words("venue_prep")
OBJECT_PRONOUNS = words("object_pronoun")
JUDGING_STANCES = words("judging_stance")
JUDGING_CUES = words("judging_cue")
CLAUSE_JOINS = words("clause_join")
CLAUSE_MARKS = words("clause_mark")
WHILE_CUES = words("while_cue")


@lru_cache(maxsize=1)
def noun_cues() -> dict[str, str]:
    """Noun → stance, for nouns that carry a reported clause (data/noun_cues.tsv)."""
    out = {}
    for line in NOUN_CUES_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            noun, stance = (p.strip() for p in line.split("\t")[:2])
            out[noun.lower()] = stance
    return out
