"""Walks over the dependency tree that the statement finder shares: subjects, particles, conjuncts, noun phrases."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

PARTICIPLE_DEPS = {"advcl", "xcomp", "conj", "ccomp", "acl"}
VERBS = {"VERB", "AUX"}
NOUNS = {"NOUN", "PROPN", "PRON"}


def particles(verb: Token, words: tuple[str, ...]) -> list[Token] | None:
    """The particle/preposition tokens of a phrasal cue ("call on"), or None when they are missing."""
    if not words:
        return []
    found = []
    for w in words:
        tok = next(
            (c for c in verb.children if c.lower_ == w and c.dep_ in {"prt", "prep", "advmod", "dobj", "xcomp"}), None
        )
        if tok is None and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ == w:
            tok = verb.doc[verb.i + 1]
        if tok is None:
            return None
        found.append(tok)
    return found


def subject(verb: Token, is_cue: Callable[[Token], bool] | None = None) -> Token | None:
    """The subject of a verb, climbing through conjoined, infinitival and participial verbs ("..., saying").

    A cue that the parser hung on a verb of reported speech ("X said A had happened and urged B",
    "X denied A had happened, saying B") belongs to the reporting speaker, not to the reported clause.
    """
    tok = verb
    for _ in range(5):
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "csubj"}), None)
        if subj is None and tok.lemma_ == "quote":  # "X was quoted as saying ..."
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if tok.dep_ == "parataxis" and tok is verb:
            aside = parenthetical_speaker(tok)
            if aside is not None:
                return aside
        if subj is not None:
            return past_dateline(subj)
        if tok.dep_ == "ROOT" and tok is verb and tok.pos_ in VERBS:
            # "While on the trail for his sister, former governor Tom Hill said ...": the parser took the
            # speaker for an apposition of the noun before the comma and left the cue without a subject
            aside = parenthetical_speaker(tok)
            if aside is not None:
                return aside
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "acl" and tok.tag_ != "VBN" and tok.head.pos_ in NOUNS:
            return tok.head  # "polls showing a tight race", "a group of rabbis called for a boycott"
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ == "quote":
            tok = tok.head.head  # "X was quoted as saying"
            continue
        if tok.dep_ == "pcomp" and is_participle(tok) and tok.head.dep_ == "prep" and tok.head.head.pos_ in VERBS:
            tok = tok.head.head  # "X responded by saying ...", "X drew boos upon saying ..."
            continue
        if tok.dep_ in {"conj", "xcomp", "advcl"} or (tok.dep_ in PARTICIPLE_DEPS and is_participle(tok)):
            head = tok.head
            if is_cue is not None and head.dep_ == "ccomp" and is_cue(head.head) and tok.i > head.i:
                return subject(head.head, is_cue)
            tok = head
            continue
        return None
    return None


def parenthetical_speaker(verb: Token) -> Token | None:
    """ "Voters, Jane Roe said, will decide": the parser hangs the speaker of a cue set off by commas on the
    noun before it, as an apposition."""
    if verb.i == 0:
        return None
    prev = verb.doc[verb.i - 1]
    if prev.pos_ not in NOUNS or prev.dep_ != "appos" or prev.head.i >= prev.left_edge.i:
        return None
    left = prev.left_edge.i
    return prev if left > 0 and verb.doc[left - 1].text in {",", "—", "–"} else None


def has_infinitive(verb: Token) -> bool:
    """ "urged X to ...": an infinitive complement makes the object the addressee."""
    return any(
        c.dep_ == "xcomp" and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children) for c in verb.children
    )


def subject_child(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in {"nsubj", "csubj", "nsubjpass"}), None)


def past_dateline(subj: Token) -> Token:
    """ "DENVER, March 4 -- Torvane Energy ... announced": the dateline is not the subject, its apposition is."""
    if (
        subj.is_upper
        and len(subj) > 2
        and subj.i == subj.sent.start
        and subj.i + 1 < len(subj.doc)
        and subj.doc[subj.i + 1].text in {",", "—", "–", "-", "--"}
    ):
        appos = [c for c in subj.children if c.dep_ == "appos"]
        if appos:
            return appos[-1]
    return subj


def is_participle(tok: Token) -> bool:
    return tok.tag_ == "VBG"


def conjuncts(tok: Token) -> list[Token]:
    """Coordinated noun phrases: "Moscow and Washington", "the opposition and the United States"."""
    out = []
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON"}:
            out.append(c)
            out.extend(conjuncts(c))
    return out


def np_text(tok: Token) -> str:
    toks = [
        t
        for t in tok.subtree
        if t.dep_ not in {"relcl", "appos", "punct", "cc", "conj"}
        and not any(
            a.dep_ in {"relcl", "appos", "conj"}
            for a in t.ancestors
            if a.i in {x.i for x in tok.subtree} and a is not tok
        )
    ]
    return " ".join(t.text for t in toks) or tok.text


def clause_span(head: Token) -> tuple[int, int]:
    return head.left_edge.i, head.right_edge.i + 1
