"""Documents as speakers: "a poll shows ...", "records show ...", "according to the report ...".

A statement whose speaker is a document (a poll, a report, court records) is made by that document, named by
its own noun phrase rather than by an actor the phrase happens to contain. Evidence cues ("show") make a
statement only when a document speaks with them: "he showed the way" says nothing.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..config import DATA_DIR
from ..types import Statement
from .lexicon import Lexicon

DOCUMENTS_PATH = DATA_DIR / "documents.txt"
NAMED = {"PERSON", "ORG", "GPE", "NORP"}
_DROP_DEPS = {"relcl", "appos", "conj", "cc", "punct", "acl"}


@lru_cache(maxsize=1)
def document_nouns() -> frozenset[str]:
    """Nouns that name a document or a count (data/documents.txt)."""
    lines = DOCUMENTS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def documents_speak(doc: Doc, statements: list[Statement], lexicon: Lexicon) -> list[Statement]:
    """The statements with document speakers named by their noun phrase, and evidence cues kept only for them."""
    out = []
    for s in statements:
        verb, evidence = _cue_verb(doc, s, lexicon)
        subject = _speaker_token(verb) if verb is not None else None
        document = subject is not None and _is_document(subject)
        if evidence and not document:
            continue
        if document and subject is not None:
            s = replace(s, speaker=_document_name(subject), speaker_text=_document_name(subject))
        out.append(s)
    return out


def _cue_verb(doc: Doc, s: Statement, lexicon: Lexicon) -> tuple[Token | None, bool]:
    """The head token of the statement's cue and whether the cue is an evidence cue."""
    span = doc.char_span(s.cue_start, s.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return None, False
    for tok in span:
        cues = lexicon.candidates(tok.lemma_.lower()) or lexicon.candidates(tok.lower_)
        if cues:
            return tok, any(c.evidence for c in cues)
    return None, False


def _speaker_token(verb: Token) -> Token | None:
    """The noun that speaks: the subject of the cue, the object of "according to", the antecedent of "which"."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is not None and subj.lower_ in {"which", "that"} and verb.dep_ == "relcl":
        return verb.head
    return subj


def _is_document(tok: Token) -> bool:
    nouns = document_nouns()
    return (tok.lemma_.lower() in nouns or tok.lower_ in nouns) and tok.pos_ == "NOUN" and tok.ent_type_ not in NAMED


def _document_name(tok: Token) -> str:
    """The noun phrase without relative clauses, appositions or coordinated documents: "New polls released Sunday",
    "a survey by the Harbour Trust and the City Council"."""
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in _DROP_DEPS or (c.dep_ == "acl" and c.tag_ == "VBN")]
    while stack:
        t = stack.pop()
        keep.append(t)
        # a coordination inside the phrase belongs to it: "a poll for the Post and ABC News"
        stack.extend(c for c in t.children if c.dep_ not in {"relcl", "appos"})
    keep = sorted(keep, key=lambda t: t.i)
    while keep and (keep[0].is_punct or keep[0].dep_ == "det" and keep[0].lower_ in {"the", "a", "an"}):
        keep.pop(0)
    while keep and keep[-1].is_punct:
        keep.pop()
    if not keep:
        return tok.text
    text = tok.doc[keep[0].i : keep[-1].i + 1].text  # a span's text: Doc.text would join every token
    return " ".join(text.split())
