"""Actors: one canonical name per person, organisation or country, with aliases, roles and mention resolution.

The index is built from the named entities of a parsed Doc. It repairs the small model's common slips
(a surname once tagged ORG, a country tagged ORG, a person's name tagged ORG when a role noun stands
beside it) and resolves a mention token — a name, a pronoun, "the minister", "a company spokesman" — to
the canonical name of the actor the text refers to."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..types import Actor
from . import countries
from .descriptions import Descriptions
from .names import (
    ACTOR_LABELS,
    MAX_PRONOUN_SENTENCES,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    PRONOUNS,
    QUANTITY_LABELS,
    SUBJECT_DEPS,
    THING_PRONOUNS,
    _has_org_word,
    _introduced_as_org,
    _is_name_part,
    _looks_like_person,
    _quantity_phrase,
    _sentence_numbers,
    _title_tokens,
    _with_given_name,
    _with_of_name,
    _with_untagged_orgs,
    acronym,
    adds_common_word,
    alias_forms,
    clean_name,
    clean_role,
    group_phrase,
    honorific_gender,
    lower_words,
    metonyms,
    name_tokens,
    person_role,
    quantifiers,
    restricted,
    role_nouns,
    without_honorifics,
)


@dataclass
class _Cluster:
    name: str
    type: str
    forms: set[str] = field(default_factory=set)
    role: str | None = None
    first: int = 0
    mentions: int = 0


@dataclass(frozen=True)
class _Ref:
    """A mention of an actor at a token, for pronoun and description resolution."""

    i: int
    sent: int
    name: str
    type: str
    subject: bool
    in_quote: bool


class ActorIndex(Descriptions):
    """The actors of one Doc and the resolution of mention tokens to canonical names."""

    def __init__(self, doc: Doc, quote_spans: list[tuple[int, int]] | None = None):
        self.doc = doc
        self.clusters: dict[str, _Cluster] = {}
        self.ent_actor: dict[int, str] = {}  # entity start token → canonical name
        self._quotes = quote_spans or []
        self.sentence_of = _sentence_numbers(doc)  # token index → sentence number
        self._refs: list[_Ref] = []
        self._exclude: str | None = None
        self._capitalised = name_tokens(doc)  # the capitalised nouns and proper nouns, read once
        self._ents = _with_untagged_orgs(doc, self._capitalised)
        self._lower: set[str] | None = None
        self._ent_of = [-1] * len(doc)
        for n, e in enumerate(self._ents):
            for i in range(e.start, e.end):
                self._ent_of[i] = n
        self._build()

    def _lower_words(self) -> set[str]:
        """The words the text writes in lower case, gathered on first use: most articles never ask."""
        if self._lower is None:
            self._lower = lower_words(self.doc)
        return self._lower

    # -- building ------------------------------------------------------------------------------------------

    def _build(self) -> None:
        ents = [_with_of_name(e) for e in self._ents if e.label_ in ACTOR_LABELS]
        self._org_names = {clean_name(e.text) for e in ents if e.label_ == "PERSON" and _introduced_as_org(e)}
        self._person_surnames = {
            clean_name(e.text).split()[-1].lower()
            for e in ents
            if e.label_ == "PERSON" and len(clean_name(e.text).split()) > 1
        }
        votes: dict[str, dict[str, int]] = {}
        for e in ents:
            if e.label_ in {"PERSON", "ORG", "GPE"}:
                v = votes.setdefault(clean_name(e.text), {})
                v[e.label_] = v.get(e.label_, 0) + 1
        # The label a name gets most often wins over a one-off slip ("Veritas AI" tagged GPE once).
        self._majority = {n: max(v, key=lambda k: (v[k], k == "ORG")) for n, v in votes.items()}
        persons = [e for e in ents if self._entity_type(e) == "PERSON"]
        # Full names first, so that a surname alone joins the person it abbreviates.
        # A courtesy title adds no name ("Mr. Dunn" is a surname alone), and the name without one comes first.
        forms = {e.start: clean_name(_with_given_name(e).text).split() for e in persons}
        genders: dict[str, set[str]] = {}
        for words in forms.values():
            if gender := honorific_gender(words):
                genders.setdefault(words[-1].lower(), set()).add(gender)
        # "Mr. Roe" and "Mrs. Roe" in one text are two people: neither joins a full name by the courtesy title.
        self._both_genders = {surname for surname, seen in genders.items() if len(seen) > 1}
        for e in sorted(persons, key=lambda e: (-len(without_honorifics(forms[e.start])), len(forms[e.start]))):
            self._add_person(e)
        titles = {i for e in persons for i in _title_tokens(e)}
        for e in ents:
            if e.start in self.ent_actor or (len(e) == 1 and e.start in titles):
                continue  # "State" in "Secretary of State John Kerry" is part of a title
            etype = self._entity_type(e)
            name = clean_name(e.text)
            if not name:
                continue
            known = self._by_surname(name) if len(name.split()) == 1 and etype in {"ORG", "PERSON"} else None
            if known:
                self._link(e, known, "PERSON")  # "Lavrov" tagged ORG once, "Nadia" among the Haddads
            elif etype == "GPE":
                self._link(e, countries.country_for(name) or name, "GPE")
            elif etype == "ORG":
                self._link(e, name, "ORG")
        self._merge_acronyms()
        self._link_bare_names(ents)
        for e in ents:
            name = self.ent_actor.get(e.start)
            if name:
                tok = e.root
                self._refs.append(
                    _Ref(
                        e.start,
                        self.sentence_of[e.start],
                        name,
                        self.clusters[name].type,
                        tok.dep_ in SUBJECT_DEPS,
                        self.in_quote(tok.idx),
                    )
                )
        self._refs.sort(key=lambda r: r.i)

    def _entity_type(self, e: Span) -> str | None:
        """PERSON, ORG, GPE or None (a non-actor such as a bare demonym or a landmark)."""
        name = clean_name(e.text)
        if not name:
            return None
        if countries.country_for(name):
            return "GPE"  # "Russian Federation" is a country even when tagged ORG
        label = e.label_
        words = name.split()
        if label == "ORG" and len(words) == 2 and words[-1].lower() in self._person_surnames and words[0][:1].isupper():
            return "PERSON"  # "Nadia Haddad" tagged ORG beside "Leila Haddad": a family name
        if label in {"PERSON", "ORG", "GPE"}:
            label = self._majority.get(name, label)
        if label == "PERSON" and (
            name in self._org_names
            or _has_org_word(name)
            or _introduced_as_org(e)
            or (name.isupper() and len(name) > 1)
        ):
            return "ORG"  # "the state utility Eskom", "CADE"
        if label == "ORG" and _looks_like_person(e):
            return "PERSON"
        if label == "GPE":
            return "GPE"
        if label in {"PERSON", "ORG"}:
            return label
        return None  # NORP, LOC, FAC: places and adjectives, not actors by themselves

    def _add_person(self, e: Span) -> None:
        name = clean_name(_with_given_name(e).text)
        words = name.split()
        if not words:
            return
        ambiguous = honorific_gender(words) and words[-1].lower() in self._both_genders
        core = words if ambiguous else without_honorifics(words)
        # A shorter form joins the longest known name it ends with or is contained in.
        for cname, c in self.clusters.items():
            if c.type == "PERSON" and _is_name_part(core, without_honorifics(cname.split())) \
                    and not adds_common_word(words, cname, self._lower_words()):
                self._link(e, cname, "PERSON")
                return
        self._link(e, name, "PERSON")

    def _link(self, e: Span, name: str, type_: str) -> None:
        c = self.clusters.get(name)
        if c is None:
            c = self.clusters[name] = _Cluster(name, type_, first=e.start)
        c.first = min(c.first, e.start)
        c.mentions += 1
        form = clean_name(e.text)
        if form != name:
            c.forms.add(form)
        if c.role is None and type_ == "PERSON":
            c.role = clean_role(person_role(e))
            if c.role:
                c.forms.add(f"{c.role} {form}")
        self.ent_actor[e.start] = name

    def _link_bare_names(self, ents: list[Span]) -> None:
        """Surnames and given names of known people that the model left untagged become mentions too."""
        if not any(c.type == "PERSON" for c in self.clusters.values()):
            return
        for tok in self._capitalised:
            if (
                self._ent_of[tok.i] < 0
                and tok.lower_ not in role_nouns()
            ):
                name = self._by_surname(tok.text)
                if name:
                    self._refs.append(
                        _Ref(
                            tok.i,
                            self.sentence_of[tok.i],
                            name,
                            "PERSON",
                            tok.dep_ in SUBJECT_DEPS,
                            self.in_quote(tok.idx),
                        )
                    )

    def _merge_into(self, short: str, long: str) -> None:
        src = self.clusters.pop(short)
        dst = self.clusters[long]
        dst.forms |= src.forms | {short}
        dst.mentions += src.mentions
        dst.first = min(dst.first, src.first)
        for k, v in self.ent_actor.items():
            if v == short:
                self.ent_actor[k] = long

    def _merge_acronyms(self) -> None:
        orgs = {n: c for n, c in self.clusters.items() if c.type == "ORG"}
        # "Veritas" for "Veritas AI": a one-word name that opens exactly one longer organisation name.
        for short in [n for n in orgs if len(n.split()) == 1]:
            longer = [n for n in orgs if n != short and n.split()[0] == short and len(n.split()) > 1
                      and not adds_common_word([short], n, self._lower_words())]
            if len(longer) == 1 and short in self.clusters:
                self._merge_into(short, longer[0])
        orgs = {n: c for n, c in self.clusters.items() if c.type in {"ORG", "GPE"}}
        by_acronym = {acronym(n): n for n in orgs if len(n.split()) >= 2}
        for short in list(orgs):
            key = short.replace(".", "")
            long = by_acronym.get(key)
            if long and long != short and short.isupper() and short in self.clusters and long in self.clusters:
                self._merge_into(short, long)

    # -- resolution ----------------------------------------------------------------------------------------

    def actor_type(self, e: Span, used: set[str] | frozenset[str] = frozenset()) -> str | None:
        """PERSON or ORG when the index holds this name (or surname) for a person or a body, else None.

        A "person" who never speaks, is never addressed and has no title may be a place the model took
        for a name ("Porto Alegre"): it is reported as PERSON only when one of those holds."""
        name = clean_name(e.text)
        if not name or countries.country_for(name):
            return None
        c = self.clusters.get(name) or self.clusters.get(self._by_surname(name) or "")
        if c is None or c.type not in {"PERSON", "ORG"}:
            return None
        if c.type == "PERSON" and c.name not in used and not c.role:
            return None
        return c.type

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self._quotes)

    def entity_at(self, tok: Token) -> Span | None:
        """The actor entity that contains this token, if any."""
        n = self._ent_of[tok.i]
        if n < 0:
            return None
        e = self._ents[n]
        return e if e.start in self.ent_actor else None

    def resolve(
        self, tok: Token, *, as_actor: bool = True, exclude: str | None = None, note: bool = True
    ) -> str | None:
        """Canonical name for the noun phrase headed by tok (a speaker or a target).

        A capital standing for its government ("Moscow said") becomes the country when as_actor is set.
        exclude names an actor a pronoun cannot mean here (the speaker, for "accused him").
        Returns None for tokens that name nobody (expletives, relative pronouns without antecedent).
        """
        self._exclude = exclude
        try:
            name = self._resolve(tok)
        finally:
            self._exclude = None
        if name and as_actor and not note:
            return metonyms().get(name) or countries.capital_country(name) or name
        if name and as_actor:
            country = metonyms().get(name) or countries.capital_country(name)
            if country:
                self._cluster(country, "GPE", tok.i).forms.add(name)  # "Moscow" standing for Russia
                name = country
            self._note_speaker(tok, name)
        return name

    def _cluster(self, name: str, type_: str, first: int) -> _Cluster:
        if name not in self.clusters:
            self.clusters[name] = _Cluster(name, type_, first=first)
        return self.clusters[name]

    def _resolve(self, tok: Token) -> str | None:
        e = self.entity_at(tok)
        if e is not None:
            return self.ent_actor[e.start]
        if tok.ent_type_ in QUANTITY_LABELS and tok.pos_ in {"NOUN", "NUM"}:
            return _quantity_phrase(tok)  # "Sixty-six percent said": the share of a group speaks as written
        low = tok.lower_
        if (
            low in quantifiers()
            and tok.pos_ in {"PRON", "DET", "ADJ", "NUM", "NOUN"}
            and (low != "those" or restricted(tok))
        ):
            if tok.i > 0 and tok.doc[tok.i - 1].lower_ == "not":
                return None  # "not everyone blames the operator" names nobody who spoke
            return group_phrase(tok)  # "many in the room said", "some who study it argue": the group as written
        if tok.text[:1].isupper() and tok.pos_ != "PRON":
            known = self._by_surname(tok.text)  # "Mendes insisted", even when tagged as a common noun
            if known:
                return known
        if tok.pos_ == "PRON" or low in PRONOUNS:
            if low in {"who", "which", "that"} and tok.head.dep_ == "relcl":
                return self._resolve(tok.head.head)
            return self._antecedent(tok)
        return self._described_actor(tok, low)

    def by_surname(self, word: str) -> str | None:
        """The person already named in full whose surname (or, failing that, given name) is word, if only one."""
        return self._by_surname(word)

    def _by_surname(self, word: str) -> str | None:
        """A person already named in full, found by a surname the model did not tag ("Osei said"), or by a
        given name when the surname is shared ("Nadia" among the Haddads, "Danny" among the Okafors)."""
        low = word.lower()
        people = [n for n, c in self.clusters.items() if c.type == "PERSON"]
        hits = [n for n in people if n.split()[-1].lower() == low]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            given = [n for n in people if len(n.split()) > 1 and n.split()[0].lower() == low]
            if len(given) == 1:
                return given[0]
        return None

    def _candidates(self, tok: Token, window: int = MAX_PRONOUN_SENTENCES):
        """Earlier mentions, nearest first, within a few sentences; those inside quotations last."""
        sent = self.sentence_of[tok.i]
        refs = [r for r in reversed(self._refs) if r.i < tok.i and sent - r.sent <= window]
        return [r for r in refs if not r.in_quote] + [r for r in refs if r.in_quote]

    def _antecedent_for(self, poss: Token) -> str | None:
        """The owner a possessive pronoun points to."""
        low = {"his": "he", "her": "she", "its": "it", "their": "they"}[poss.lower_]
        return self._antecedent(poss, low)

    def _antecedent(self, tok: Token, low: str | None = None) -> str | None:
        low = low or tok.lower_
        if low in PERSON_PRONOUNS:
            types = {"PERSON"}
        elif low in THING_PRONOUNS:
            types = {"ORG", "GPE", "GROUP"}
        elif low in PLURAL_PRONOUNS:
            types = {"ORG", "GPE", "GROUP", "PERSON"}
        else:
            return None
        refs = [r for r in self._candidates(tok) if r.type in types and r.name != self._exclude]
        if not refs:
            return None
        # Prefer the nearest subject outside quotations in this or the previous sentence, then the nearest mention.
        sent = self.sentence_of[tok.i]
        for r in refs:
            if r.subject and not r.in_quote and sent - r.sent <= 1:
                return r.name
        return refs[0].name

    def _note_speaker(self, tok: Token, name: str) -> None:
        """A resolved speaker becomes the most salient antecedent for the pronouns that follow."""
        c = self._cluster(name, "GROUP", tok.i)
        if c.type == "GROUP":
            c.mentions += 1
        ref = _Ref(tok.i, self.sentence_of[tok.i], name, self.clusters[name].type, True, self.in_quote(tok.idx))
        bisect.insort(self._refs, ref, key=lambda r: r.i)  # kept in text order without a sort per speaker

    # -- output --------------------------------------------------------------------------------------------

    def actors(self, used: set[str] | None = None) -> tuple[Actor, ...]:
        """Actors sorted by first mention; groups appear only when they speak or are addressed."""
        out = []
        for c in sorted(self.clusters.values(), key=lambda c: c.first):
            if c.type == "GROUP" and (used is None or c.name not in used):
                continue
            if c.type == "GPE" and not countries.country_for(c.name) and (used is None or c.name not in used):
                continue  # a city or region is a place unless it speaks or is addressed
            out.append(Actor(c.name, c.type, alias_forms(c.forms), c.role, c.mentions))
        return tuple(out)
