"""The statement finder: each cue verb, its speakers and target, its content, and the statement they make."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...types import Statement
from ..actors import ActorIndex, clean_name, role_nouns
from ..documents import document_nouns
from ..lexicon import Cue, Lexicon, load_lexicon
from ..places import PLACE_LABELS
from ..quotes import Quote, find_quotes
from .content import Content, ContentFinder
from .quoting import Quotations, sentence_text
from .syntax import conjuncts, has_infinitive, is_participle, np_text, particles, subject
from .transcript import transcript_turns
from .words import (
    ACTOR_PRONOUNS,
    ADDRESSEE_CUES,
    AUDIENCE_NOUNS,
    BACKWARD_POSSESSIVES,
    FIRST_PERSON,
    RELATIVE_OBJECTS,
    TO_ADDRESSEE_CUES,
    noun_cues,
)

TARGET_DEPS = {"dobj", "dative", "iobj"}


def find_statements(
    doc: Doc,
    *,
    lexicon: Lexicon | None = None,
    quotes: list[Quote] | None = None,
    actors: ActorIndex | None = None,
) -> list[Statement]:
    """Every statement in the Doc, in text order.

    Args:
        doc: a parsed Doc (tagger, parser, lemmatizer and NER).
        lexicon: cue lexicon; defaults to the packaged one extended by $WSW_CUES.
        quotes: quotation spans of doc.text; found when not given.
        actors: the actor index of the Doc; built when not given.
    """
    lexicon = lexicon or load_lexicon()
    quotes = find_quotes(doc.text) if quotes is None else quotes
    actors = actors or ActorIndex(doc, [q.span for q in quotes])
    return _Finder(doc, lexicon, quotes, actors).run()


def match_cue(tok: Token, lexicon: Lexicon) -> tuple[Cue, list[Token]] | None:
    """The cue a verb is (with the particles of a phrasal cue), or None."""
    if tok.pos_ not in {"VERB", "AUX"} and tok.lower_ != "according":
        return None
    for key in {tok.lemma_.lower(), tok.lower_}:
        for cue in lexicon.candidates(key):
            parts = particles(tok, cue.particles)
            if parts is not None:
                return cue, parts
    return None


class _Finder:
    def __init__(self, doc: Doc, lexicon: Lexicon, quotes: list[Quote], actors: ActorIndex):
        self.doc = doc
        self.lexicon = lexicon
        self.actors = actors
        self.text = doc.text  # Doc.text joins every token at each access: read it once per Doc
        self.quotations = Quotations(doc, self.text, quotes, actors)
        self.contents = ContentFinder(doc, self.quotations, self.is_cue)

    def run(self) -> list[Statement]:
        out: list[Statement] = []
        for tok in self.doc:  # the headline too: "Minister says talks will resume" is a statement
            cue = match_cue(tok, self.lexicon)
            if cue is not None:
                out.extend(self.statements_for(tok, cue))
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in noun_cues():
                out.extend(self.noun_statements(tok, noun_cues()[tok.lemma_.lower()]))
        out += transcript_turns(self.doc, self.quotations.text, self.actors)
        out = _one_act_each(_dedupe(self.quotations.unattributed(out)))
        return sorted(out, key=lambda s: (s.start, s.cue_start, s.speaker or ""))

    def is_cue(self, tok: Token) -> bool:
        return match_cue(tok, self.lexicon) is not None

    def in_quote(self, tok: Token) -> bool:
        return self.quotations.in_quote(tok)

    def statements_for(self, verb: Token, match: tuple[Cue, list[Token]]) -> list[Statement]:
        cue, parts = match
        if cue.phrase == "according to":
            return self.according_to(verb, cue, parts)
        if _not_a_statement(verb, self.is_cue):
            return []
        if verb.dep_ == "acl" and cue.stance == "support":
            return []  # "a super PAC backing the governor": who it works for, not what anyone said
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        if verb.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in verb.children):
            return []  # "Asked whether ..., he said": the subject is the one asked, not the asker
        speakers = self.speakers(verb, passive)
        if not speakers:
            return []
        target_tok = self.target(verb, cue, parts, passive)
        content = self.contents.find(verb, cue, parts, target_tok)
        if content is None:
            return []
        if self.in_quote(verb) and not self.reported_in_quote(verb, speakers):
            return []
        negated = any(c.dep_ == "neg" for c in verb.children)
        cue_toks = [verb, *parts]
        if negated or passive:
            cue_toks += [c for c in verb.children if c.dep_ in {"neg", "aux", "auxpass"} and c.i < verb.i]
        first_speaker = self.actors.resolve(speakers[0], note=False)
        target = self.actors.resolve(target_tok, exclude=first_speaker) if target_tok is not None else None
        if target is None and target_tok is not None:
            target = clean_name(np_text(target_tok))
        location = self.place_of(verb, content)
        out = []
        for sp in speakers:
            name = self.actors.resolve(sp)
            if not name or (target and name == target):
                continue
            out.append(self.make(name, sp, cue_toks, cue.stance, target, content, negated, location))
        if out:
            self.quotations.used.update(content.quotes)
        return out

    def according_to(self, verb: Token, cue: Cue, parts: list[Token]) -> list[Statement]:
        """ "according to X, CLAUSE" and "“QUOTE”, according to X"."""
        to = parts[0] if parts else None
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is None:
            return []
        content = self.contents.according_to(verb, pobj)
        if content is None:
            return []
        name = self.actors.resolve(pobj)
        if not name:
            return []
        self.quotations.used.update(content.quotes)
        return [self.make(name, pobj, [verb, *parts], cue.stance, None, content, False, None)]

    def noun_statements(self, noun: Token, stance: str) -> list[Statement]:
        """ "her claim that ...", "the union's demand that ...", "a promise by X to ...": the owner of the noun
        (or its agent) says the clause the noun carries."""
        clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"} and _reported_clause(c)), None)
        if clause is None or self.in_quote(noun):
            return []
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            by = next((c for c in noun.children if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from"}), None)
            owner = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        if owner is None:
            return []
        content = self.contents.span_content(clause, strip_mark=True)
        if content is None:
            return []
        name = self.actors.resolve(owner)
        if not name:
            return []
        self.quotations.used.update(content.quotes)
        return [self.make(name, owner, [noun], stance, None, content, False, None)]

    # -- roles ---------------------------------------------------------------------------------------------

    def speakers(self, verb: Token, passive: bool) -> list[Token]:
        """Subject tokens of the cue, one per coordinated speaker."""
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        else:
            subj = subject(verb, self.is_cue)
        if subj is None:
            return []
        if verb.dep_ == "acl" and subj.i == verb.head.i and _infinitive(verb) and not self.speaks_through(subj):
            return []  # "a chance to question her judgment": no one is named as speaking
        return [subj, *conjuncts(subj)]

    def speaks_through(self, noun: Token) -> bool:
        """A noun that a cue modifying it makes a speaker: an actor, or a document ("polls showing a lead")."""
        return self.is_actor(noun) or noun.lemma_.lower() in document_nouns() or noun.lower_ in document_nouns()

    def reported_in_quote(self, verb: Token, speakers: list[Token]) -> bool:
        """Inside a quotation only a named third party reporting a clause counts ("“Earlier, Hagel said that
        ...”"), not the quoted speaker's own "I wanted to write about our dad"."""
        if all(not self.in_quote(sp) for sp in speakers):
            return True  # a fragment quoted inside a reported clause: 'his client "denies any involvement"'
        clause = any(c.dep_ == "ccomp" for c in verb.children)
        third_party = all(sp.lower_ not in FIRST_PERSON for sp in speakers)
        return clause and third_party

    def target(self, verb: Token, cue: Cue, parts: list[Token], passive: bool) -> Token | None:
        """The actor the cue is aimed at: "told CNN", "urged Russia to", "called on parents to",
        "welcomed NASA's help" (the owner of what is welcomed or rejected)."""
        if passive:
            return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if cue.evidence:
            return None  # "a poll shows Ruiz with a lead": what a document shows is aimed at nobody
        for p in parts:
            for c in p.children:
                if c.dep_ == "pobj" and (self.is_actor(c) or has_infinitive(verb)):
                    return c
        for c in verb.children:
            if c.dep_ in TARGET_DEPS and not self.in_quote(c):
                # The addressee of "told X", "urged X to", "asked X whether": any noun phrase will do.
                if (
                    cue.head in ADDRESSEE_CUES
                    or self.is_actor(c)
                    or has_infinitive(verb)
                    or (cue.stance == "ask" and any(g.dep_ == "ccomp" for g in verb.children))
                ):
                    return c
                if cue.object:
                    owner = next(
                        (g for g in c.children if g.dep_ == "poss" and g.lower_ not in BACKWARD_POSSESSIVES), None
                    )
                    if owner is not None and self.is_actor(owner):
                        return owner
            if (
                cue.head in ADDRESSEE_CUES
                and c.dep_ in {"npadvmod", "attr"}
                and c.i == verb.i + 1
                and c.pos_ in {"NOUN", "PROPN"}
            ):
                return c  # "told reporters" parsed as a modifier
            if c.dep_ == "prep" and c.lower_ == "to" and cue.head in TO_ADDRESSEE_CUES:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and self.is_actor(pobj):
                    return pobj
        return None

    def is_actor(self, tok: Token) -> bool:
        """Does this noun phrase name an actor (not a thing that is the content)?"""
        if self.actors.entity_at(tok) is not None:
            return True
        if tok.lower_ in ACTOR_PRONOUNS:
            return True
        if tok.pos_ == "PROPN" or (tok.is_upper and len(tok) > 1 and tok.is_alpha):
            return True
        return tok.lemma_.lower() in role_nouns() or tok.lower_ in AUDIENCE_NOUNS

    def place_of(self, verb: Token, content: Content) -> str | None:
        """Where the statement was made: "told a news conference in Riyadh", "said in Davos"."""
        stack = [c for c in verb.children if c.dep_ in {"prep", "dobj", "dative", "npadvmod"}]
        while stack:
            t = stack.pop(0)
            if content.start <= t.idx < content.end:
                continue
            if t.dep_ == "pobj" and t.head.lower_ in {"in", "at"} and t.ent_type_ in PLACE_LABELS:
                ent = next((e for e in self.doc.ents if e.start <= t.i < e.end), None)
                return clean_name(ent.text) if ent is not None else t.text
            stack.extend(c for c in t.children if c.dep_ in {"prep", "pobj"})
        return None

    # -- output --------------------------------------------------------------------------------------------

    def content_text(self, content: Content) -> str:
        """What was said, without an attribution that interrupts it ("Voters, she said, will decide")."""
        if content.aside is None:
            return self.quotations.content_text(content.start, content.end)
        a, b = content.aside
        return f"{self.quotations.content_text(content.start, a)} {self.quotations.content_text(b, content.end)}"

    def make(self, speaker, sp_tok, cue_toks, stance, target, content: Content, negated, location) -> Statement:
        cue_toks = sorted(set(cue_toks), key=lambda t: t.i)
        cue_start, cue_end = cue_toks[0].idx, cue_toks[-1].idx + len(cue_toks[-1])
        cue_text = " ".join(t.text for t in cue_toks)
        start = min(cue_start, content.start, sp_tok.left_edge.idx if sp_tok.left_edge.i <= sp_tok.i else sp_tok.idx)
        end = max(cue_end, content.end, sp_tok.idx + len(sp_tok))
        if content.direct:
            qi = self.quotations.covering(content.start, content.end)
            if qi is not None:
                q = self.quotations.quotes[qi]
                start, end = min(start, q.outer_start), max(end, q.outer_end)
        return Statement(
            speaker=speaker,
            cue=cue_text,
            stance=stance,
            target=target,
            content=self.content_text(content),
            direct=content.direct,
            start=start,
            end=end,
            cue_start=cue_start,
            cue_end=cue_end,
            content_start=content.start,
            content_end=content.end,
            negated=negated,
            speaker_text=np_text(sp_tok),
            location=location,
            sentence=sentence_text(self.doc, self.text, start, end),
        )


def _not_a_statement(verb: Token, is_cue) -> bool:
    """A cue verb in a use that states nothing of its own."""
    if verb.dep_ == "amod" or (verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}):
        return True  # "the announced plan", "a report released on Monday"
    if verb.dep_ == "xcomp" and is_cue(verb.head):
        return True  # "asked astronomers to report ...": what was asked, not a statement of its own
    if verb.dep_ == "advcl" and is_participle(verb) and verb.i < verb.head.i and is_cue(verb.head):
        return True  # "Writing on social media, he accused ...": the manner of the statement that follows
    if any(c.dep_ == "dobj" and c.lower_ in RELATIVE_OBJECTS and c.i < verb.i for c in verb.children):
        return True  # "what she called Chinese waters": a description inside another clause
    if verb.dep_ == "advcl" and verb.i == verb.sent.start and verb.tag_ in {"VBN", "VBD"}:
        return True  # "Asked whether ..., she replied": the one asked speaks next
    if _opened_by_how(verb):
        return True  # "That was how she described life there": the words meant were quoted before
    return False


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _opened_by_how(verb: Token) -> bool:
    """The cue's clause opens with "how" ("how she described it"), the parser hanging it on the verb or the subject."""
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < verb.i), None)
    first = subj.left_edge if subj is not None else verb
    return first.lower_ == "how" or first.i > 0 and verb.doc[first.i - 1].lower_ == "how"


def _reported_clause(clause: Token) -> bool:
    """A clause a noun carries as what was said: "that ..." or an infinitive ("his promise to ...")."""
    return any(g.dep_ == "mark" and g.lower_ == "that" for g in clause.children) or (
        clause.dep_ == "acl" and any(g.dep_ == "aux" and g.lower_ == "to" for g in clause.children)
    )


def _one_act_each(statements: list[Statement]) -> list[Statement]:
    """One act of speech is one statement: a statement of a speaker whose content lies inside another
    statement of the same speaker is dropped when it is the same cue found twice (the clause and the
    quotation within it) or when its cue sits inside that content ("he said he would “never back” it", the
    fragment quoted inside his own report). Nested reports by other speakers stay."""
    drop = set()
    for i, a in enumerate(statements):
        for j, b in enumerate(statements):
            if i == j or j in drop or a.speaker != b.speaker or i in drop:
                continue
            inside = a.content_start <= b.content_start and b.content_end <= a.content_end
            if not inside or (a.content_start, a.content_end) == (b.content_start, b.content_end):
                continue
            if b.cue_start == a.cue_start or a.content_start <= b.cue_start < a.content_end:
                drop.add(j)
    return [s for k, s in enumerate(statements) if k not in drop]


def _dedupe(statements: list[Statement]) -> list[Statement]:
    """Identical statements found twice (a cue reached by two routes) are kept once."""
    seen, out = set(), []
    for s in statements:
        key = (s.speaker, s.cue_start, s.content_start, s.content_end)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
