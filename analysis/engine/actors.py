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
from .names import (
    ACTOR_LABELS,
    MAX_PRONOUN_SENTENCES,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    PRONOUNS,
    QUANTITY_LABELS,
    STATE_NOUNS,
    SUBJECT_DEPS,
    THING_PRONOUNS,
    _has_org_word,
    _introduced_as_org,
    _is_age_noun,
    _is_definite,
    _is_name_part,
    _looks_like_person,
    _phrase,
    _place_modifier,
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
    described,
    generic_org_nouns,
    group_phrase,
    metonyms,
    owned_name,
    person_role,
    quantifiers,
    restricted,
    role_nouns,
    speaks,
    voice_nouns,
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


class ActorIndex:
    """The actors of one Doc and the resolution of mention tokens to canonical names."""

    def __init__(self, doc: Doc, quote_spans: list[tuple[int, int]] | None = None):
        self.doc = doc
        self.clusters: dict[str, _Cluster] = {}
        self.ent_actor: dict[int, str] = {}  # entity start token → canonical name
        self._quotes = quote_spans or []
        self.sentence_of = _sentence_numbers(doc)  # token index → sentence number
        self._refs: list[_Ref] = []
        self._exclude: str | None = None
        self._ents = _with_untagged_orgs(doc)
        self._lower_words = {t.text for t in doc if t.is_lower and t.is_alpha}  # words the text writes in lower case
        self._ent_of = [-1] * len(doc)
        for n, e in enumerate(self._ents):
            for i in range(e.start, e.end):
                self._ent_of[i] = n
        self._build()

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
        for e in sorted(persons, key=lambda e: -len(clean_name(e.text).split())):
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
        # A shorter form joins the longest known name it ends with or is contained in.
        for cname, c in self.clusters.items():
            if c.type == "PERSON" and _is_name_part(words, cname.split()) \
                    and not adds_common_word(words, cname, self._lower_words):
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
        for tok in self.doc:
            if (
                tok.pos_ in {"PROPN", "NOUN"}
                and tok.text[:1].isupper()
                and self._ent_of[tok.i] < 0
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
                      and not adds_common_word([short], n, self._lower_words)]
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
        # An apposition that names the actor: "its envoy (to Syria), Staffan de Mistura".
        for t in tok.subtree:
            if t.dep_ == "appos" and t.i > tok.i and t.head.dep_ != "conj":
                name = self._named_in(t)
                if name and self.clusters[name].type in {"PERSON", "ORG"}:
                    return name
        state = self._state_noun(tok)
        if state:
            return state
        named = self._modifier_actor(tok)
        kind = role_nouns().get(tok.lemma_.lower()) or role_nouns().get(low)
        if kind == "person" and named and self.clusters[named].type == "GPE" and _place_modifier(tok):
            # "the Florida senator" is a senator from Florida, not the state
            return self._person_by_role(tok) or self._as_written(tok)
        if kind == "person" and named and tok.tag_ == "NNS" and tok.lemma_.lower() not in voice_nouns():
            return self._as_written(tok)  # "Verizon executives" speak as themselves, not as Verizon
        if (
            kind == "person"
            and named
            and self.clusters[named].type in {"PERSON", "ORG"}
            and tok.lemma_.lower() not in voice_nouns()
            and speaks(tok)
        ):
            return self._as_written(tok)  # "a top Acme adviser", "the party's candidate": a person of their own
        if kind == "person" or _is_age_noun(tok):
            return (
                named
                or self._recent_org(tok)
                or self._proper_modifier(tok)
                or self._topic_person(tok)
                or self._person_by_role(tok)
                or self._as_written(tok)
            )
        if kind == "org":
            if named and self.clusters[named].type not in {"GPE", "PERSON"}:
                return named  # "the Acme board"
            if named and self.clusters[named].type == "PERSON":
                return self._owned_body(tok, named) or named  # "the Obama administration" is not Obama
            if any(c.dep_ in {"compound", "amod"} and not countries.demonym_country(c.text) for c in tok.children):
                # "the San Francisco-based chatbot maker" right after "Veritas AI" re-describes it; further
                # away, "the civil defence agency" is a body of its own.
                return self._org_by_noun(tok, definite=_is_definite(tok), window=1) or self._owned_phrase(tok)
            return self._org_by_noun(tok, definite=_is_definite(tok)) or self._as_written(tok)
        if named and tok.pos_ == "NOUN" and self.clusters[named].type == "GPE" and _place_modifier(tok):
            return self._as_written(tok)  # "an Iowa voter" is a voter from Iowa, not the state
        if named and tok.ent_type_ == "NORP" and self.clusters[named].type == "GPE":
            return self._as_written(tok)  # "the Wisconsin Republican" is a person, not the state
        if named and tok.pos_ == "NOUN" and self.clusters[named].type == "PERSON":
            body = self._owned_body(tok, named)
            if body:
                return body
        if named and tok.pos_ == "NOUN" and self.clusters[named].type in {"PERSON", "ORG"} and speaks(tok):
            return self._as_written(tok)  # "Acme fans", "members of the party" speak for themselves
        if named:
            return named
        if tok.pos_ == "PROPN":
            known = self._by_surname(tok.text)
            return known or clean_name(_phrase(tok))
        return self._owned_phrase(tok) or None

    def _owned_body(self, tok: Token, named: str) -> str | None:
        """ "O'Malley's campaign", "the Clinton campaign": the body a named person owns, not the person."""
        owner = next((c for c in tok.children if c.dep_ in {"poss", "compound"} and self.entity_at(c)), None)
        if owner is None:
            return None
        return owned_name(tok, self.entity_at(owner), named, owner.dep_ == "poss")

    def _as_written(self, tok: Token) -> str:
        """An unnamed speaker in the words of the text ("a person familiar with the talks"); other roles, such
        as a target, keep the short noun phrase."""
        return (described(tok) if speaks(tok) else None) or clean_name(_phrase(tok))

    def _owned_phrase(self, tok: Token) -> str:
        """A common-noun phrase with its possessive pronoun made explicit ("his supporters" → "X's supporters")."""
        phrase = self._as_written(tok)
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if poss is not None and poss.lower_ in {"his", "her", "its", "their"}:
            exclude, self._exclude = self._exclude, None  # "urged his supporters": his may be the speaker's
            owner = self._antecedent_for(poss)
            self._exclude = exclude
            if owner and not speaks(tok):  # a speaker keeps the pronoun as written: "his lawyer said"
                return f"{owner}'s {phrase}"
        return phrase

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

    def _named_in(self, tok: Token) -> str | None:
        """An actor named by tok or anywhere in its phrase (appositions sometimes attach one level down)."""
        for t in tok.subtree:
            e = self.entity_at(t)
            if e is not None:
                return self.ent_actor[e.start]
        return None

    def _state_noun(self, tok: Token) -> str | None:
        """ "the Syrian government", "Kenyan authorities" → the country."""
        if tok.lemma_.lower() not in STATE_NOUNS and tok.lower_ not in STATE_NOUNS:
            return None
        for child in tok.children:
            if child.dep_ in {"amod", "compound", "nmod", "poss"}:
                country = countries.demonym_country(child.text) or countries.country_for(clean_name(child.text))
                if country:
                    return country
        return None

    def _modifier_actor(self, tok: Token) -> str | None:
        """An actor named in a compound, possessive or "of/for" modifier: "Acme's chief", "spokesman for X"."""
        for child in tok.children:
            if child.dep_ in {"compound", "poss", "nmod"}:
                e = self.entity_at(child)
                if e is not None:
                    return self.ent_actor[e.start]
            if child.dep_ == "prep" and child.lower_ in {"for", "of", "at", "by", "from"}:
                for p in child.children:
                    if p.dep_ == "pobj":
                        name = self._named_in(p)
                        if name:
                            return name
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

    def _topic_person(self, tok: Token) -> str | None:
        """ "The former minister said", "the 34-year-old": a definite description right after a sentence
        about a person means that person, unless a known title says otherwise."""
        if not _is_definite(tok):
            return None
        sent = self.sentence_of[tok.i]
        noun = tok.lemma_.lower()
        for r in self._candidates(tok, window=1):
            if r.type == "PERSON" and r.subject and not r.in_quote and r.sent < sent:
                role = (self.clusters[r.name].role or "").lower() if r.name in self.clusters else ""
                if not role or noun in role or _is_age_noun(tok):
                    return r.name
                return None
        return None

    def _person_by_role(self, tok: Token) -> str | None:
        noun = tok.lemma_.lower()
        for r in self._candidates(tok, window=len(self.doc)):
            role = self.clusters[r.name].role if r.name in self.clusters else None
            if r.type == "PERSON" and role and noun in role.lower():
                return r.name
        for c in self.clusters.values():
            if c.type == "PERSON" and c.role and noun in c.role.lower() and c.first < tok.i:
                return c.name
        return None

    def _org_by_noun(self, tok: Token, *, definite: bool = True, window: int | None = None) -> str | None:
        """ "the ministry" → the Health Ministry named before; "the company" → the organisation last named."""
        noun = tok.lemma_.lower()
        refs = self._candidates(tok, window=len(self.doc) if window is None else window)
        if noun in STATE_NOUNS and definite:  # "the government": the country the article is about
            country = next((r.name for r in refs if r.type == "GPE" and countries.country_for(r.name)), None)
            if country:
                return country
        for r in refs:
            if r.type == "ORG" and noun in r.name.lower():
                return r.name
        if not definite:
            return None  # "an Ontario court" introduces a new actor
        if noun in STATE_NOUNS:
            return next((r.name for r in refs if r.type == "GPE" and countries.country_for(r.name)), None)
        if noun not in generic_org_nouns():
            return None  # "the ministry" with no ministry named: keep the description
        # "the company" is not the European Commission: skip bodies named by a specific institution noun.
        specific = {n for n, k in role_nouns().items() if k == "org"} - generic_org_nouns()
        orgs = [r for r in refs if r.type == "ORG" and not specific & set(r.name.lower().split())]
        if not orgs:
            return None
        # The most mentioned body so far is the one the article is about; ties go to the nearest.
        counts: dict[str, int] = {}
        for r in orgs:
            counts[r.name] = counts.get(r.name, 0) + 1
        return max(orgs, key=lambda r: (counts[r.name], r.i)).name

    def _proper_modifier(self, tok: Token) -> str | None:
        """ "a CADE spokesperson": a proper noun the model did not tag, standing for the body the person speaks for."""
        mods = [
            c
            for c in tok.children
            if c.dep_ == "compound" and c.i < tok.i and (c.pos_ == "PROPN" or (c.is_upper and len(c) > 1))
        ]
        if not mods:
            return None
        start, end = min(m.left_edge.i for m in mods), max(m.i for m in mods) + 1
        return clean_name(tok.doc[start:end].text) or None

    def _recent_org(self, tok: Token) -> str | None:
        """ "a company spokesman": the company most recently named."""
        for child in tok.children:
            if child.dep_ == "compound" and role_nouns().get(child.lemma_.lower()) == "org":
                return self._org_by_noun(child, definite=True)
        return None

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
