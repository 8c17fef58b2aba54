"""Names and phrases of actors: the role-noun and metonym tables, clean names and acronyms, repairs of the
model's entity spans (untagged organisations, given names, "of" names, titles) and the text of noun phrases."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import spacy.symbols
from spacy.attrs import IS_ALPHA, IS_LOWER, ORTH, POS
from spacy.tokens import Doc, Span, Token

from ..config import DATA_DIR

NOUNS_PATH = DATA_DIR / "nouns.tsv"
METONYMS_PATH = DATA_DIR / "metonyms.tsv"
SPEECH_ACTS_PATH = DATA_DIR / "speech_acts.txt"
HONORIFICS_PATH = DATA_DIR / "honorifics.tsv"
QUANTIFIERS_PATH = DATA_DIR / "quantifiers.txt"
GROUP_PREPS = {"of", "in", "on", "at", "among", "from", "inside", "within", "around", "with", "behind", "near", "close"}
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it"}
PLURAL_PRONOUNS = {"they", "them"}
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS | {"who", "which", "that"}
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"}
ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "de", "&"}
# Government nouns that, modified by a country or demonym, stand for the state ("the Syrian government").
STATE_NOUNS = {"government", "administration", "authorities", "regime", "state", "cabinet", "leadership"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
MAX_PRONOUN_SENTENCES = 4
QUANTITY_LABELS = {"PERCENT", "CARDINAL"}  # "Sixty-six percent said", "two-thirds say"
AGE_NOUN = re.compile(r"\d+-year-old")  # "the 34-year-old" stands for a person


@lru_cache(maxsize=1)
def _noun_table() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    kinds, generic, voice = {}, set(), set()
    for line in NOUNS_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = [p.strip() for p in line.split("\t")]
            kinds[parts[0].lower()] = parts[1]
            if len(parts) > 2 and parts[2] == "yes":
                generic.add(parts[0].lower())
            if len(parts) > 2 and parts[2] == "voice":
                voice.add(parts[0].lower())
    return kinds, frozenset(generic), frozenset(voice)


def role_nouns() -> dict[str, str]:
    """Role noun → "person" or "org" (data/nouns.tsv)."""
    return _noun_table()[0]


def generic_org_nouns() -> frozenset[str]:
    """Organisation nouns that may stand for any body named before ("the company", "the agency")."""
    return _noun_table()[1]


def voice_nouns() -> frozenset[str]:
    """Person nouns whose holder speaks for the body named beside them ("a NASA spokesperson")."""
    return _noun_table()[2]


@lru_cache(maxsize=1)
def metonyms() -> dict[str, str]:
    """Place or building → the actor it stands for when it acts (data/metonyms.tsv)."""
    out = {}
    for line in METONYMS_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, actor = line.split("\t")[:2]
            out[name.strip()] = actor.strip()
    return out


@lru_cache(maxsize=1)
def speech_acts() -> frozenset[str]:
    """Nouns that name an act of speech, made by the one who issued it (data/speech_acts.txt)."""
    lines = SPEECH_ACTS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def honorifics() -> dict[str, str]:
    """Courtesy title or abbreviated rank before a name, lower case → "man", "woman" or "" (data/honorifics.tsv)."""
    out = {}
    for line in HONORIFICS_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, gender = line.partition("\t")
            out[word.strip().lower()] = gender.strip()
    return out


def without_honorifics(words: list[str]) -> list[str]:
    """A person's name words without the courtesy titles before them: "Sen. Mark Dunn" → "Mark Dunn"."""
    out = list(words)
    while len(out) > 1 and out[0].lower() in honorifics():
        out = out[1:]
    return out


def honorific_gender(words: list[str]) -> str:
    """ "man" for "Mr. Roe", "woman" for "Mrs. Roe" or "Ms. Roe", else ""."""
    return honorifics().get(words[0].lower(), "") if len(words) > 1 else ""


def clean_name(text: str) -> str:
    """Strip a leading article, a possessive and stray punctuation: "the United Nations's" → "United Nations"."""
    text = " ".join(text.replace("\n", " ").split())
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    words = text.split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words).strip(" ,.;:-–—\"“”'")


def acronym(name: str) -> str:
    """Initials of the capitalised words: "United Nations" → "UN"."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in ACRONYM_SKIP and w[:1].isupper())


def person_role(e: Span) -> str | None:
    """The title before a name or an apposition after it: "US Secretary of State John Kerry" has a title."""
    e = _with_given_name(e)
    root = e.root
    left = [c for c in root.children if c.i < e.start and c.dep_ in {"compound", "amod", "nmod"}]
    if left:
        start = min(t.left_edge.i for t in left)
        start = max(start, e.sent.start)
        words = [t for t in e.doc[start : e.start] if t.dep_ not in {"det", "poss", "punct"} and t.pos_ != "PRON"]
        if words and any(t.pos_ in {"NOUN", "PROPN"} for t in words):
            return " ".join(t.text for t in words)
    for c in root.children:
        if c.dep_ == "appos" and c.i > root.i and c.pos_ == "NOUN":
            toks = [t for t in c.subtree if t.dep_ not in {"det", "punct"}]
            return " ".join(t.text for t in toks) or None
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN" and head.i < e.start:
        toks = [t for t in head.subtree if t.i < e.start and t.dep_ not in {"det", "poss", "punct"}]
        return " ".join(t.text for t in toks) or None
    return None


def _introduced_as_org(e: Span) -> bool:
    """A name that an organisation noun introduces: "the state utility Eskom", "the lender, Banco X"."""
    nouns = role_nouns()
    root = e.root
    mods = [c for c in root.children if c.dep_ in {"compound", "appos"}]
    if root.dep_ == "appos":
        mods.append(root.head)
    return any(nouns.get(m.lemma_.lower()) == "org" and not m.ent_type_ for m in mods)


def _title_function_word(doc: Doc, j: int) -> bool:
    """A capitalised preposition or conjunction between capitalised words: "Doctors Without Borders"."""
    t = doc[j]
    return (
        t.pos_ in {"ADP", "CCONJ", "SCONJ"}
        and t.text[:1].isupper()
        and not t.is_sent_start
        and j + 1 < len(doc)
        and doc[j + 1].text[:1].isupper()
    )


def _with_untagged_orgs(doc: Doc, capitalised: list[Token] | None = None) -> list[Span]:
    """The Doc's entities plus capitalised names of bodies the model left untagged ("the Ministry of Health",
    "The Mpumalanga Chamber of Industry"): a run of capitalised words that holds an organisation noun.
    `capitalised`: the Doc's name_tokens, when the caller has them already."""
    nouns = role_nouns()
    ents = list(doc.ents)
    taken = {i for e in ents for i in range(e.start, e.end)}
    extra, end, n = [], 0, len(doc)
    for first in name_tokens(doc) if capitalised is None else capitalised:  # a run opens on a capitalised noun
        i = first.i
        if i < end or i in taken:
            continue
        j = i
        while (
            j < n
            and j not in taken
            and (
                (doc[j].text[:1].isupper() and doc[j].pos_ in {"PROPN", "NOUN", "ADJ"})
                or (j > i and _title_function_word(doc, j))
                or (
                    doc[j].lower_ in {"of", "for", "and"}
                    and j + 1 < n
                    and doc[j + 1].text[:1].isupper()
                    and doc[j + 1].pos_ in {"PROPN", "NOUN"}
                )
            )
        ):
            j += 1
        words = list(doc[i:j])
        if (
            len(words) >= 3
            and any(_title_function_word(doc, t.i) for t in words[1:-1])
            or len(words) >= 2
            and any(nouns.get(t.lower_) == "org" for t in words)
            and not first.is_sent_start
            or len(words) >= 2
            and any(nouns.get(t.lower_) == "org" for t in words[1:])
        ):
            extra.append(Span(doc, i, j, label="ORG"))
        end = j
    return sorted([_within_dashes(e) for e in ents] + extra, key=lambda e: e.start)


_DASHES = {"-", "–", "—", "--"}


def _within_dashes(e: Span) -> Span:
    """A name never holds a dash set off by spaces: "[Weak - Roe]" is the name Roe after a dash. The part of
    the entity that holds its root is kept."""
    doc = e.doc
    cuts = [t.i for t in e if t.text in _DASHES and (t.whitespace_ or doc[t.i - 1].whitespace_) and t.i > e.start]
    if not cuts:
        return e
    root = e.root.i
    start = max([c + 1 for c in cuts if c < root], default=e.start)
    end = min([c for c in cuts if c > root], default=e.end)
    return Span(doc, start, end, label=e.label_) if start < end else e


def _with_of_name(e: Span) -> Span:
    """ "[Mpumalanga Chamber] of Industry": extend an organisation's name over a capitalised "of" phrase."""
    doc = e.doc
    end = e.end
    if (
        e.label_ == "ORG"
        and end + 1 < len(doc)
        and doc[end].lower_ == "of"
        and doc[end + 1].text[:1].isupper()
        and doc[end + 1].pos_ in {"PROPN", "NOUN"}
        and doc[end + 1].ent_type_ in {"", "ORG"}
    ):
        end += 1
        while end < len(doc) and doc[end].pos_ in {"PROPN", "NOUN"} and doc[end].text[:1].isupper():
            end += 1
        return Span(doc, e.start, end, label=e.label_)
    return e


def _with_given_name(e: Span) -> Span:
    """ "Priya [Sandhu]": extend a person's name over capitalised given names the model left out."""
    start = e.start
    nouns = role_nouns()
    while start > e.sent.start:
        t = e.doc[start - 1]
        if (
            t.pos_ == "PROPN"
            and t.dep_ == "compound"
            and t.text[:1].isupper()
            and t.ent_type_ in {"", "PERSON"}
            and t.lower_ not in nouns
            and t.head.i >= e.start
        ):
            start -= 1
        else:
            break
    return e.doc[start : e.end]


def _title_tokens(e: Span) -> range:
    """Token positions of the title words before a person's name."""
    left = [c for c in e.root.children if c.i < e.start and c.dep_ in {"compound", "amod", "nmod"}]
    if not left:
        return range(0)
    return range(max(min(t.left_edge.i for t in left), e.sent.start), e.start)


def _is_age_noun(tok: Token) -> bool:
    """ "the 34-year-old": an age standing for a person (one token or split at its hyphens)."""
    if AGE_NOUN.fullmatch(tok.lower_):
        return True
    doc = tok.doc
    return (
        tok.lower_ == "old"
        and tok.i >= 4
        and doc[tok.i - 2].lower_ in {"year", "years"}
        and doc[tok.i - 4].like_num
        and doc[tok.i - 1].text == "-"
    )


def _is_definite(tok: Token) -> bool:
    """ "the company", "its board": a description that points back to an actor already named."""
    return any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "its", "their", "this", "that"} for c in tok.children)


def _has_org_word(name: str) -> bool:
    nouns = role_nouns()
    return any(nouns.get(w.lower()) == "org" for w in name.split()[1:])


def _looks_like_person(e: Span) -> bool:
    """An ORG-tagged name that a role noun introduces ("its envoy, Staffan de Mistura", "spokesman X Y")."""
    name = clean_name(e.text)
    words = name.split()
    if (
        len(words) < 2
        or _has_org_word(name)
        or any(
            not w[:1].isupper() and w not in {"de", "van", "von", "al", "bin", "da", "del", "der", "la", "le"}
            for w in words
        )
    ):
        return False
    root = e.root
    nouns = role_nouns()
    if root.dep_ == "appos" and nouns.get(root.head.lemma_.lower()) == "person":
        return True
    if (
        root.dep_ == "appos"
        and root.head.head.dep_ == "prep"
        and nouns.get(root.head.head.head.lemma_.lower()) == "person"
    ):
        return True  # "its envoy to Syria, Staffan de Mistura": the apposition hangs off "Syria"
    if any(c.dep_ == "appos" and nouns.get(c.lemma_.lower()) == "person" for c in root.children):
        return True  # "Segun Bakare, the party's state chairman,"
    return any(c.dep_ == "compound" and nouns.get(c.lemma_.lower()) == "person" for c in root.children)


def _is_name_part(short: list[str], full: list[str]) -> bool:
    if len(short) >= len(full):
        return short == full
    low_s, low_f = [w.lower() for w in short], [w.lower() for w in full]
    return low_f[-len(low_s) :] == low_s or (len(low_s) == 1 and low_s[0] == low_f[-1])


@lru_cache(maxsize=1)
def quantifiers() -> frozenset[str]:
    """Quantifiers that stay in a group speaker's name (data/quantifiers.txt)."""
    lines = QUANTIFIERS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def group_phrase(tok: Token) -> str:
    """A group named by a quantifier, with the words that say who they are: "many in the room", "some who
    study the port", "those on her staff". A relative clause set off by a comma only adds a remark."""
    doc = tok.doc
    keep = [tok]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in GROUP_PREPS and c.i > tok.i:
            keep += list(c.subtree)
        elif c.dep_ in {"relcl", "amod", "acl"} and c.i > tok.i and doc[c.left_edge.i - 1].text != ",":
            keep += list(c.subtree)  # "some who study the port", "those close to him", "many living nearby"
        elif c.dep_ in {"amod", "advmod"} and c.i < tok.i:
            keep += list(c.subtree)
    keep = sorted(t.i for t in keep)
    return clean_name(doc[keep[0] : keep[-1] + 1].text)


def _place_modifier(tok: Token) -> bool:
    """A place that only modifies the noun ("the Florida senator"), not an owner ("Russia's envoy")."""
    return any(c.dep_ in {"compound", "amod", "nmod"} and c.ent_type_ == "GPE" for c in tok.children) and not any(
        c.dep_ == "poss" for c in tok.children
    )


def _quantity_phrase(tok: Token) -> str:
    """A share of a group as written: "Sixty-six percent", "about a third of the voters"."""
    doc = tok.doc
    end = tok
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == tok.i + 1), None)
    if of is not None and of.right_edge.i - tok.i <= 6:
        end = of.right_edge
    return clean_name(doc[tok.left_edge.i : end.i + 1].text)  # a span's text: Doc.text would join every token


def _phrase(tok: Token) -> str:
    """The noun phrase headed by tok, without determiners, relative clauses or appositions
    ("critics of the mission" keeps its "of" phrase, a common noun alone says too little)."""
    keep = {"compound", "amod", "nmod", "nummod", "poss", "case"}
    toks = [tok] + [
        t
        for c in tok.children
        if c.i < tok.i and (c.dep_ in keep or c.dep_ in {"det", "predet"} and c.lower_ in quantifiers())
        for t in c.subtree
    ]
    if tok.pos_ == "PROPN":  # "Chamber of Industry"
        toks += [
            t
            for c in tok.children
            if c.dep_ == "prep"
            and c.lower_ == "of"
            and c.i == tok.i + 1
            and all(x.text[:1].isupper() for x in c.subtree if x.i > c.i)
            for t in c.subtree
        ]
    if tok.pos_ == "NOUN":
        toks += [
            t for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "for"} and c.i > tok.i for t in c.subtree
        ]
    toks = sorted(t for t in toks if t.lower_ not in DETERMINERS and (t.dep_ != "punct" or _inner_hyphen(t)))
    return "".join(t.text_with_ws for t in toks[:-1]) + toks[-1].text if toks else ""


def _inner_hyphen(tok: Token) -> bool:
    """The hyphen of "self-described" or "46-year-old", which the words on either side of it need."""
    return tok.text in {"-", "–"} and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_ and not tok.whitespace_


# Children left out of a description as written: other speakers, the verb's punctuation, and remarks set off
# by commas ("officials, who spoke on condition of anonymity,") that add to the phrase without naming anyone.
_REMARK_DEPS = {"relcl", "appos", "acl", "advcl", "prep", "amod"}
MAX_DESCRIPTION_TOKENS = 24
MEMBERS_PREPS = {"including", "like"}  # "other candidates, including Roe and Poe": the members say who they are


def described(tok: Token) -> str | None:
    """The description of an unnamed speaker as the text writes it, with the words that say who they are:
    "a person familiar with the planning", "sources close to the campaign", "the self-described socialist",
    "six people who lost their cover", "his lawyer". Coordinated speakers, a leading article and comma-set
    remarks are left out; None when the phrase runs too long to be a description."""
    doc = tok.doc
    keep = [tok]
    for c in tok.children:
        if c.dep_ in {"conj", "cc", "punct", "preconj"}:
            continue
        if (
            c.i > tok.i
            and c.dep_ in _REMARK_DEPS
            and doc[c.left_edge.i - 1].text in {",", "(", "—", "–"}
            and c.lower_ not in MEMBERS_PREPS
        ):
            continue
        if c.dep_ == "prep" and c.lower_ in MEMBERS_PREPS and doc[c.i - 1].text == ",":
            keep.append(doc[c.i - 1])
        if c.dep_ == "det" and c.lower_ in {"the", "a", "an"}:
            continue
        keep += list(c.subtree)
    idx = sorted(t.i for t in keep)
    while idx and doc[idx[-1]].is_punct:
        idx.pop()
    while idx and doc[idx[0]].is_punct:
        idx.pop(0)
    if not idx or len(idx) > MAX_DESCRIPTION_TOKENS or idx[-1] - idx[0] + 1 > MAX_DESCRIPTION_TOKENS:
        return None
    toks = [doc[i] for i in idx]
    # adjacent tokens keep their own spacing; a gap where a remark was left out becomes one space
    text = "".join(
        t.text_with_ws if n + 1 < len(toks) and toks[n + 1].i == t.i + 1 else t.text + " " for n, t in enumerate(toks)
    )
    return clean_name(text) or None


def owned_name(tok: Token, owner: Span, named: str, possessive: bool) -> str:
    """The body a named owner has, with the words around the owner's name as written: "Roe's right-hand man",
    "one Roe aide", "many Roe supporters", "Moss' campaign" (named: the owner's canonical name)."""
    doc = tok.doc
    before = doc[tok.left_edge.i : owner.start]
    lead = " ".join(w.text for w in before if w.lower_ not in {"the", "a", "an"})
    rest = " ".join(w.text for w in doc[owner.end : tok.i + 1] if w.lower_ not in {"'s", "’s", "'", "’"})
    rest = rest.replace(" - ", "-")
    clitic = doc[owner.end].text.replace("’", "'") if owner.end < len(doc) else "'s"
    clitic = clitic if clitic in {"'s", "'"} else "'s"
    body = f"{named}{clitic} {rest}" if possessive else f"{named} {rest}"
    return f"{lead} {body}" if lead and not any(w.is_punct for w in before) else body


def speaks(tok: Token) -> bool:
    """The token heads a speaker: a subject, the agent of a passive ("was told by aides"), the source of
    "according to", or a speaker coordinated with one of those."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in SUBJECT_DEPS:
        return True
    head = tok.head
    return tok.dep_ == "pobj" and (head.dep_ == "agent" or head.head.lower_ == "according")


def _sentence_numbers(doc: Doc) -> list[int]:
    """The sentence number of each token, read from the Doc's array of sentence starts as Doc.sents reads it."""
    if not len(doc):
        return []
    starts = doc.to_array("SENT_START") == 1
    starts[0] = True
    return (np.cumsum(starts) - 1).tolist()


_NAME_POS = np.array([spacy.symbols.PROPN, spacy.symbols.NOUN], dtype=np.uint64)


def name_tokens(doc: Doc) -> list[Token]:
    """The capitalised nouns and proper nouns of a Doc, picked from its arrays of parts of speech and spellings
    before any Token is built."""
    if not len(doc):
        return []
    rows = doc.to_array([POS, ORTH])
    strings = doc.vocab.strings
    return [
        doc[i]
        for i in np.flatnonzero(np.isin(rows[:, 0], _NAME_POS)).tolist()
        if strings[int(rows[i, 1])][:1].isupper()
    ]


def lower_words(doc: Doc) -> set[str]:
    """The words a Doc writes in lower case, read from its token arrays."""
    if not len(doc):
        return set()
    rows = doc.to_array([IS_LOWER, IS_ALPHA, ORTH])
    keep = (rows[:, 0] == 1) & (rows[:, 1] == 1)
    return {doc.vocab.strings[int(o)] for o in set(rows[keep, 2].tolist())}


def alias_forms(forms: set[str]) -> tuple[str, ...]:
    """An actor's aliases, sorted: a pronoun ("He") names no one by itself, so it is never an alias."""
    return tuple(sorted(f for f in forms if f.strip().lower() not in PRONOUNS))


_BROKEN_START = re.compile(r"^(?:['’]s\b|[\W_])+")  # "'s founder": the owner was left out of the role


def clean_role(role: str | None) -> str | None:
    """A role as shown: one that starts with a possessive clitic or punctuation (the owner before it was
    dropped) keeps the words after it; None when no word is left."""
    if role is None:
        return None
    role = " ".join(_BROKEN_START.sub("", role.strip()).split())
    return role if any(ch.isalpha() for ch in role) else None


def adds_common_word(short: list[str], long: str, lower_words: set[str]) -> bool:
    """ "Guccifer" is not "Hacker Guccifer": the longer name adds a word the text also writes in lower case
    (`lower_words`: a common noun capitalised by a headline or a slogan), other than a title ("Mayor Ana Silva")."""
    return any(w.lower() in lower_words and (w.isupper() and len(w) > 3 or not w.isupper() and w.lower() not in
                                            role_nouns()) for w in long.split() if w not in short)


def restricted(tok: Token) -> bool:
    """ "those who back her", "those in the hall" or "those close to him" name a group; a bare "those" points
    back to something."""
    return any(c.dep_ in {"relcl", "prep", "amod", "acl"} and c.i > tok.i for c in tok.children)
