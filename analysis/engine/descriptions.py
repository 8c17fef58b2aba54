"""Descriptions: the actor a common-noun phrase refers to ("the ministry", "a company spokesman", "the
former minister", "Verizon executives"), or the phrase as written when the text names no one it could mean.

The rules are a mixin of actors.ActorIndex: they read its clusters, entities and mentions in text order."""

from __future__ import annotations

from spacy.tokens import Token

from . import countries
from .names import (
    STATE_NOUNS,
    _is_age_noun,
    _is_definite,
    _phrase,
    _place_modifier,
    clean_name,
    described,
    generic_org_nouns,
    owned_name,
    role_nouns,
    speaks,
    speech_acts,
    voice_nouns,
)


class Descriptions:
    """Resolution of descriptions and of the names inside them, for ActorIndex."""

    def _described_actor(self, tok: Token, low: str) -> str | None:
        """The actor a noun phrase that is no entity and no pronoun stands for."""
        maker = self._act_maker(tok)
        if maker:
            return maker
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
        office = _office_place(tok)
        if kind == "person" and named and self.clusters[named].type == "GPE" and office and \
                tok.lemma_.lower() not in voice_nouns():
            # "the governor of Texas", "the mayor of Chicago": the one who holds the office there, not the place
            holder = self._person_by_role(tok) if _is_definite(tok) else None
            role = (self.clusters[holder].role or "").lower() if holder else ""
            return holder if holder and office.lower() in role else self._as_written(tok)
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
        if kind == "person" and named and self.clusters[named].type == "PERSON" and tok.lemma_.lower() in voice_nouns():
            return self._as_written(tok)  # "a spokesman for Roe", "Roe's aides" speak for her but are not her
        if kind == "person" or _is_age_noun(tok):
            # Many people ("officials", "aides") are never one person named before, and "a senator" introduces
            # someone new: only a definite singular description ("the senator") points back to a person.
            one_known = tok.tag_ != "NNS" and _is_definite(tok)
            return (
                named
                or self._recent_org(tok)
                or self._proper_modifier(tok)
                or (self._topic_person(tok) or self._person_by_role(tok) if one_known else None)
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

    def _act_maker(self, tok: Token) -> str | None:
        """ "Roe's statement said", "a statement from the board said", "Roe issued a statement saying ...", "Roe
        pivoted with every answer to talk about ...": an act of speech is made by its possessor, the one it comes
        from, or the subject of the verb it is the object of (not "replied to a statement")."""
        if tok.lemma_.lower() not in speech_acts() and tok.lower_ not in speech_acts():
            return None
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None and owner.lower_ in {"his", "her", "its", "their"}:
            return self._antecedent_for(owner)  # "used part of his address to call ..."
        prep = next((c for c in tok.children if c.dep_ in {"prep", "agent"} and c.lower_ in {"from", "by"}), None)
        if owner is None and prep is not None:
            owner = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if owner is None and tok.dep_ == "dobj":
            owner = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if owner is None and tok.dep_ == "pobj" and tok.head.lower_ in {"with", "in", "during"}:
            owner = next((c for c in tok.head.head.children if c.dep_ == "nsubj"), None)
        return self._resolve(owner) if owner is not None else None


def _office_place(tok: Token) -> str | None:
    """The place an office is held in, when an "of" phrase names it: "the mayor of Chicago" → "Chicago"."""
    if any(c.dep_ == "poss" for c in tok.children):
        return None  # "Russia's envoy" speaks for Russia
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i:
            place = next((p for p in c.children if p.dep_ == "pobj" and p.ent_type_ == "GPE"), None)
            if place is not None:
                return tok.doc[place.left_edge.i : place.i + 1].text
    return None
