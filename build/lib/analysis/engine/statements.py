"""Statements: who says what, with which cue and stance, towards whom.

Each verb whose lemma (with its particle: "call on", "according to") is in the cue lexicon is a candidate.
Its speaker is the subject (climbing through conjoined and participial verbs: "..., saying", "and also told"),
split over coordination ("Moscow and Washington insist" gives two statements); its content is, in order, an
adjacent quotation, a clausal complement, an infinitive ("urged Y to ..."), a prepositional complement
("accused Y of ...", "warned Y against ..."), the rest of the sentence (", X said." and "according to X"),
or, for cues that take one, a direct object ("rejected the plan"). Quotations with no cue of their own
continue the statement just before them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..types import Statement
from .actors import ActorIndex, clean_name, role_nouns
from .lexicon import Cue, Lexicon, load_lexicon
from .nlp import headline
from .places import PLACE_LABELS
from .quotes import Quote, find_quotes

CONTENT_PREPS = {"of", "for", "against", "over", "about", "on"}
PARTICIPLE_DEPS = {"advcl", "xcomp", "conj", "ccomp", "acl"}
QUOTE_MARKS = "“”„«»\"'‘’"
DOUBLE_MARKS = "“”„«»\""
MAX_GAP_TOKENS = 8  # words between a cue and the quotation it introduces ("said on Saturday, “...”")
ADDRESSEE_CUES = {"tell", "inform", "assure", "brief", "notify"}
NO_COMMENT = {"comment", "elaborate", "speculate", "discuss", "say", "answer", "respond"}
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
    finder = _Finder(doc, lexicon, quotes, actors)
    return finder.run()


class _Finder:
    def __init__(self, doc: Doc, lexicon: Lexicon, quotes: list[Quote], actors: ActorIndex):
        self.doc = doc
        self.lexicon = lexicon
        self.quotes = quotes
        self.actors = actors
        self.used_quotes: set[int] = set()
        self.claim: int | None = None  # the quotation the content search settled on, taken once a statement is made
        self.continued: Quote | None = None  # its second half, after the attribution
        self.text = doc.text  # Doc.text joins every token at each access: read it once per Doc
        self.quote_of = _quote_index(doc, quotes)
        self.sent_no = actors.sentence_of  # sentence number of each token

    def run(self) -> list[Statement]:
        out: list[Statement] = []
        body = _body_start(self.doc, self.text)
        for tok in self.doc[body:]:
            cue = self.match_cue(tok)
            if cue is not None:
                out.extend(self.statements_for(tok, cue))
        out.extend(self.unattributed_quotes(out))
        out = _dedupe(out)
        return sorted(out, key=lambda s: (s.start, s.cue_start, s.speaker or ""))

    # -- cues ----------------------------------------------------------------------------------------------

    def match_cue(self, tok: Token) -> tuple[Cue, list[Token]] | None:
        if tok.pos_ not in {"VERB", "AUX"} and tok.lower_ != "according":
            return None
        for key in {tok.lemma_.lower(), tok.lower_}:
            for cue in self.lexicon.candidates(key):
                parts = _particles(tok, cue.particles)
                if parts is not None:
                    return cue, parts
        return None

    def statements_for(self, verb: Token, match: tuple[Cue, list[Token]]) -> list[Statement]:
        cue, particles = match
        if cue.phrase == "according to":
            return self.according_to(verb, cue, particles)
        if verb.dep_ == "amod" or (verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}):
            return []  # "the announced plan", "a report released on Monday"
        if verb.dep_ == "xcomp" and self.is_cue(verb.head):
            return []  # "asked astronomers to report ...": what was asked, not a statement of its own
        if verb.dep_ == "advcl" and _is_participle(verb) and verb.i < verb.head.i and self.is_cue(verb.head):
            return []  # "Writing on social media, he accused ...": the manner of the statement that follows
        if any(c.dep_ == "dobj" and c.lower_ in {"what", "which", "that"} for c in verb.children):
            return []  # "what she called Chinese waters": a description inside another clause
        if verb.dep_ == "advcl" and verb.i == verb.sent.start and verb.tag_ in {"VBN", "VBD"}:
            return []  # "Asked whether ..., she replied": the one asked speaks next
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        if verb.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in verb.children):
            return []  # "Asked whether ..., he said": the subject is the one asked, not the asker
        speakers = self.speakers(verb, passive)
        if not speakers:
            return []
        target_tok = self.target(verb, cue, particles, passive)
        self.claim = None
        self.continued = None
        content = self.content(verb, cue, particles, target_tok)
        if content is None:
            return []
        c_start, c_end, direct = content
        if self.in_quote(verb) and not self.reported_in_quote(verb, speakers, c_start):
            return []
        negated = any(c.dep_ == "neg" for c in verb.children)
        cue_toks = [verb, *particles]
        if negated or passive:
            cue_toks += [c for c in verb.children if c.dep_ in {"neg", "aux", "auxpass"} and c.i < verb.i]
        first_speaker = self.actors.resolve(speakers[0], note=False)
        target = self.actors.resolve(target_tok, exclude=first_speaker) if target_tok is not None else None
        if target is None and target_tok is not None:
            target = clean_name(_np_text(target_tok))
        location = self.place_of(verb, c_start, c_end)
        out = []
        for sp in speakers:
            name = self.actors.resolve(sp)
            if not name or (target and name == target):
                continue
            out.append(self.make(name, sp, cue_toks, cue.stance, target, c_start, c_end, direct, negated, location))
        if out and self.claim is not None:
            self.used_quotes.add(self.claim)
        if out and self.continued is not None:
            self.used_quotes.add(self.quotes.index(self.continued))
        return out

    def according_to(self, verb: Token, cue: Cue, particles: list[Token]) -> list[Statement]:
        """ "according to X, CLAUSE" and "“QUOTE”, according to X"."""
        to = particles[0] if particles else None
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is None:
            return []
        self.claim = None
        quote = self.adjacent_quote(verb, pobj)
        if quote is not None:
            c_start, c_end, direct = quote.start, quote.end, True
        else:
            head = verb.head
            clause = _clause_span(head)
            skip = {t.i for t in verb.subtree}
            toks = [t for t in self.doc[clause[0] : clause[1]] if t.i not in skip and not t.is_punct]
            if not toks:
                return []
            c_start, c_end, direct = toks[0].idx, toks[-1].idx + len(toks[-1]), False
        name = self.actors.resolve(pobj)
        if not name:
            return []
        if self.claim is not None:
            self.used_quotes.add(self.claim)
        return [self.make(name, pobj, [verb, *particles], cue.stance, None, c_start, c_end, direct, False, None)]

    # -- roles ---------------------------------------------------------------------------------------------

    def speakers(self, verb: Token, passive: bool) -> list[Token]:
        """Subject tokens of the cue, one per coordinated speaker."""
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        else:
            subj = _subject(verb, self.is_cue)
        if subj is None:
            return []
        return [subj, *_conjuncts(subj)]

    def reported_in_quote(self, verb: Token, speakers: list[Token], c_start: int) -> bool:
        """Inside a quotation only a named third party reporting a clause counts ("“Earlier, Hagel said that
        ...”"), not the quoted speaker's own "I wanted to write about our dad"."""
        if all(not self.in_quote(sp) for sp in speakers):
            return True  # a fragment quoted inside a reported clause: 'his client "denies any involvement"'
        clause = any(c.dep_ == "ccomp" for c in verb.children)
        third_party = all(sp.lower_ not in {"i", "we", "you"} for sp in speakers)
        return clause and third_party

    def is_cue(self, tok: Token) -> bool:
        return self.match_cue(tok) is not None

    def target(self, verb: Token, cue: Cue, particles: list[Token], passive: bool) -> Token | None:
        """The actor the cue is aimed at: "told CNN", "urged Russia to", "called on parents to",
        "welcomed NASA's help" (the owner of what is welcomed or rejected)."""
        if passive:
            return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        for p in particles:
            for c in p.children:
                if c.dep_ == "pobj" and (self.is_actor(c) or _has_infinitive(verb)):
                    return c
        for c in verb.children:
            if c.dep_ in TARGET_DEPS and not self.in_quote(c):
                # The addressee of "told X", "urged X to", "asked X whether": any noun phrase will do.
                if (
                    cue.head in ADDRESSEE_CUES
                    or self.is_actor(c)
                    or _has_infinitive(verb)
                    or (cue.stance == "ask" and any(g.dep_ == "ccomp" for g in verb.children))
                ):
                    return c
                if cue.object:
                    owner = next((g for g in c.children if g.dep_ == "poss" and g.lower_ not in {"its", "their"}), None)
                    if owner is not None and self.is_actor(owner):
                        return owner
            if (
                cue.head in ADDRESSEE_CUES
                and c.dep_ in {"npadvmod", "attr"}
                and c.i == verb.i + 1
                and c.pos_ in {"NOUN", "PROPN"}
            ):
                return c  # "told reporters" parsed as a modifier
            if c.dep_ == "prep" and c.lower_ == "to" and cue.head in {"say", "appeal", "write", "explain", "complain"}:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and self.is_actor(pobj):
                    return pobj
        return None

    def is_actor(self, tok: Token) -> bool:
        """Does this noun phrase name an actor (not a thing that is the content)?"""
        if self.actors.entity_at(tok) is not None:
            return True
        if tok.lower_ in {"him", "her", "them", "us", "me", "you"}:
            return True
        if tok.pos_ == "PROPN" or (tok.is_upper and len(tok) > 1 and tok.is_alpha):
            return True
        return tok.lemma_.lower() in role_nouns() or tok.lower_ in {"reporters", "journalists", "lawmakers"}

    def content(self, verb: Token, cue: Cue, particles: list[Token], target: Token | None):
        """(start, end, direct) of what was said, or None."""
        quote = self.adjacent_quote(verb, None)
        if quote is not None:
            first = self.claim
            rest = self.continuation(verb, quote)
            if rest is not None:  # “First part,” she said, “second part.”
                self.continued = rest
                self.claim = first
                return quote.start, rest.end, True
            return quote.start, quote.end, True
        comps = [
            c
            for c in verb.children
            if c.dep_ in {"ccomp", "xcomp", "oprd"} and not (c.dep_ == "xcomp" and _is_participle(c))
        ]
        for c in comps:
            if c.dep_ == "xcomp" and not any(g.lower_ == "to" for g in c.children):
                continue
            if cue.that_only and not any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                return None  # "police found the car abandoned" is no finding that anyone reports
            if c.dep_ == "xcomp" and c.lemma_ in NO_COMMENT:
                return None  # "declined to comment" says nothing
            return self.span_content(c, strip_mark=True)
        if cue.that_only:
            return None
        clause = self.clause_in_modifier(verb)
        if clause is not None:  # "say in a criminal complaint filed Monday that ..."
            return self.span_content(clause, strip_mark=True)
        if cue.object and not particles:
            obj = next(
                (c for c in verb.children if c.dep_ == "dobj" and (target is None or c.i != target.i) and c.i > verb.i),
                None,
            )
            if obj is not None and not any(
                p.dep_ == "prep" and p.lower_ in CONTENT_PREPS and p.i > obj.i and p.lower_ != "on"
                for p in verb.children
            ):
                return self.object_content(verb, obj)
        for p in [*particles, *verb.children]:
            if p.dep_ in {"prep", "prt"} and (p.lower_ in CONTENT_PREPS or p in particles):
                obj = next(
                    (
                        g
                        for g in p.children
                        if g.dep_ in {"pobj", "pcomp"}
                        and (target is None or g.i != target.i)
                        and g.ent_type_ not in {"DATE", "TIME"}
                    ),
                    None,
                )
                if obj is not None and (p not in particles or cue.object or obj.dep_ == "pcomp"):
                    found = self.span_content(obj, strip_mark=False)
                    # "accused Y of planning | to close ...": the parser hangs the infinitive on the cue
                    nxt = next(
                        (
                            c
                            for c in verb.children
                            if c.left_edge.i == p.right_edge.i + 1 and c.dep_ in {"advcl", "xcomp"}
                        ),
                        None,
                    )
                    if found and nxt is not None and not self.is_cue(nxt):
                        end = nxt.right_edge
                        cut = [c for c in nxt.children if c.dep_ == "conj" and self.is_cue(c)]
                        if cut:
                            end = self.doc[min(c.left_edge.i for c in cut) - 1]
                            while end.is_punct or end.dep_ == "cc":
                                end = self.doc[end.i - 1]
                        found = (found[0], end.idx + len(end), found[2])
                    return found
        # ", X said." — the reported clause comes before the attribution.
        if verb.dep_ in {"parataxis", "ccomp", "ROOT"} and self.attribution_follows_clause(verb):
            clause = self.preceding_clause(verb)
            if clause is not None:
                return clause
        if cue.object:
            obj = next((c for c in verb.children if c.dep_ == "dobj" and (target is None or c.i != target.i)), None)
            if obj is None:  # "denied hiring replacement workers"
                obj = next((c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and _is_participle(c)), None)
            if obj is not None:
                return self.object_content(verb, obj)
        return None

    def clause_in_modifier(self, verb: Token) -> Token | None:
        """A that-clause the parser hung inside a prepositional modifier of the cue."""
        for p in verb.children:
            if p.dep_ != "prep" or p.i < verb.i:
                continue
            for t in p.subtree:
                if (
                    t.dep_ in {"ccomp", "acl"}
                    and any(m.dep_ in {"mark", "dobj"} and m.lower_ == "that" for m in t.children)
                    or t.dep_ == "ccomp"
                    and t.i > 0
                    and t.doc[t.left_edge.i - 1].lower_ == "that"
                ):
                    return t
        return None

    def object_content(self, verb: Token, obj: Token):
        """The object and the modifiers that follow it: "reported deaths due to starvation"."""
        end = obj.right_edge.i
        nxt = self.doc[end + 1] if end + 1 < len(self.doc) else None
        if nxt is not None and nxt.pos_ in {"AUX", "VERB"} and nxt.tag_ in {"MD", "VBZ", "VBD", "VBP"}:
            # "warned the policy could push up costs": the object is the subject of an unmarked clause
            head = nxt if nxt.pos_ == "VERB" else nxt.head
            if head.sent.start == verb.sent.start:
                end = max(end, head.right_edge.i)
                toks = [t for t in self.doc[obj.left_edge.i : end + 1]]
                while toks and toks[-1].is_punct:
                    toks.pop()
                return toks[0].idx, toks[-1].idx + len(toks[-1]), False
        for c in verb.children:
            if c.i > end and c.dep_ in {"prep", "npadvmod", "advmod", "pcomp"}:
                end = c.right_edge.i
            elif c.i > end:
                break
        toks = [t for t in self.doc[obj.left_edge.i : end + 1]]
        while toks and toks[-1].is_punct:
            toks.pop()
        return toks[0].idx, toks[-1].idx + len(toks[-1]), False

    def span_content(self, head: Token, *, strip_mark: bool):
        toks = list(head.subtree)
        # "had warned the policy | could push up costs": the parser hung the rest of the clause on the cue
        verb = head.head
        rest = next((c for c in verb.children if c.dep_ in {"ccomp", "conj"} and c.i > head.i
                     and c.left_edge.i == head.right_edge.i + 1 and _subject_child(c) is None
                     and not self.is_cue(c) and c.pos_ in {"VERB", "AUX"}
                     and any(a.dep_ == "aux" and a.tag_ == "MD" for a in c.children)), None)
        if rest is not None and head.dep_ == "ccomp":
            toks += list(rest.subtree)
        # A cue conjoined to the reported clause is a statement of its own: "..., and urged Y to", ", saying ..."
        cut = [
            c
            for c in head.children
            if c.dep_ in {"conj", "advcl"} and c.i > head.i and self.is_cue(c) and _subject_child(c) is None
        ]
        if cut:
            stop = min(c.left_edge.i for c in cut)
            toks = [t for t in toks if t.i < stop]
            while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
                if toks[-1].text in QUOTE_MARKS and toks[-1].i > 0:
                    break
                toks.pop()
        if strip_mark:
            toks = [t for t in toks if not (t.dep_ == "mark" and t.lower_ == "that" and t.head.i == head.i)]
        toks = [t for t in toks if not (t.is_punct and t.text not in QUOTE_MARKS)] or toks
        while toks and (toks[0].is_punct or toks[0].is_space):
            if toks[0].text in QUOTE_MARKS and len(toks) > 1:
                break
            toks = toks[1:]
        if not toks:
            return None
        return self.tokens_content(toks)

    def attribution_follows_clause(self, verb: Token) -> bool:
        """ "..., Lavrov said." : the speaker (or the cue, when the speaker comes after it) follows a comma."""
        subj = _subject(verb)
        left = min(verb.i, subj.left_edge.i) if subj is not None else verb.i
        if left <= verb.sent.start + 2:
            return False
        prev = self.doc[left - 1]
        return prev.text in {",", "—", "–"} or prev.text in QUOTE_MARKS

    def preceding_clause(self, verb: Token):
        """The clause before ", X said": the sentence up to the speaker, without trailing commas."""
        sent = verb.sent
        subj = _subject(verb)
        left = min([verb.i] + ([subj.left_edge.i] if subj is not None else []))
        toks = [t for t in self.doc[sent.start : left] if not t.is_space]
        while toks and (toks[-1].is_punct and toks[-1].text not in QUOTE_MARKS or toks[-1].lower_ in {"and", "but"}):
            toks.pop()
        while toks and toks[0].is_punct and toks[0].text not in QUOTE_MARKS:
            toks.pop(0)
        if len(toks) < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in toks):
            return None
        return self.tokens_content(toks)

    def tokens_content(self, toks: list[Token]):
        """(start, end, direct) of a run of tokens; a run that is a quotation becomes that quotation."""
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        q = self.quote_covering(start, end)
        if q is not None:
            self.claim = q
            return self.quotes[q].start, self.quotes[q].end, True
        return start, end, False

    def adjacent_quote(self, verb: Token, speaker: Token | None) -> Quote | None:
        """A quotation right before the attribution ("“...,” he said") or right after it ("said: “...”")."""
        if self.in_quote(verb):
            return None
        subj = speaker if speaker is not None else _subject(verb)
        edge_toks = [verb] + ([subj] if subj is not None else [])
        left = min(t.left_edge.i if subj is not None and t.i == subj.i else t.i for t in edge_toks)
        right = verb.i
        if subj is not None and subj.i > verb.i:
            right = subj.right_edge.i
        text = self.text
        for qi, q in enumerate(self.quotes):
            if qi in self.used_quotes:
                continue
            before = text[q.outer_end : self.doc[left].idx]
            if q.outer_end <= self.doc[left].idx and _only_punct(before) and self._quote_starts_sentence(q, verb):
                self.claim = qi
                return q
            if q.outer_start >= self.doc[right].idx:
                gap = self.doc.char_span(
                    self.doc[right].idx + len(self.doc[right]), q.outer_start, alignment_mode="expand"
                )
                if (
                    gap is not None
                    and len(gap) <= MAX_GAP_TOKENS
                    and not any(t.pos_ == "VERB" for t in gap)
                    and (not gap.text.strip() or gap.text.rstrip()[-1:] in {",", ":"})
                ):
                    self.claim = qi
                    return q
                break
        return None

    def continuation(self, verb: Token, first: Quote) -> Quote | None:
        """The second half of a quotation split by its attribution: “...,” she said, “...”."""
        right = max(
            [verb.i]
            + [t.right_edge.i for t in verb.children if t.dep_ in {"nsubj", "prep", "npadvmod"} and t.i > verb.i]
        )
        end = self.doc[right].idx + len(self.doc[right])
        for qi, q in enumerate(self.quotes):
            if q.outer_start >= end and qi not in self.used_quotes and q is not first:
                gap = self.text[end : q.outer_start]
                if gap.strip() in {",", ":", "—", "–"}:
                    return q
                return None
        return None

    def _quote_starts_sentence(self, q: Quote, verb: Token) -> bool:
        """The quotation is the opening of its sentence (not a scare quote inside a clause)."""
        sent_start = verb.sent.start_char
        if q.outer_start >= sent_start:
            return not self.text[sent_start : q.outer_start].strip()
        return True  # it runs over several sentences and ends in this one

    def quote_covering(self, start: int, end: int) -> int | None:
        """A quotation that is (almost all of) the span start..end."""
        for qi, q in enumerate(self.quotes):
            if q.start - 2 <= start + 2 and q.start >= start - 2 and end <= q.outer_end + 2 and end >= q.end - 2:
                return qi
        return None

    def in_quote(self, tok: Token) -> bool:
        return self.quote_of[tok.i] >= 0

    def place_of(self, verb: Token, c_start: int, c_end: int) -> str | None:
        """Where the statement was made: "told a news conference in Riyadh", "said in Davos"."""
        stack = [c for c in verb.children if c.dep_ in {"prep", "dobj", "dative", "npadvmod"}]
        while stack:
            t = stack.pop(0)
            if c_start <= t.idx < c_end:
                continue
            if t.dep_ == "pobj" and t.head.lower_ in {"in", "at"} and t.ent_type_ in PLACE_LABELS:
                ent = next((e for e in self.doc.ents if e.start <= t.i < e.end), None)
                return clean_name(ent.text) if ent is not None else t.text
            stack.extend(c for c in t.children if c.dep_ in {"prep", "pobj"})
        return None

    # -- quotations without a cue of their own -------------------------------------------------------------

    def unattributed_quotes(self, found: list[Statement]) -> list[Statement]:
        """A quotation that opens a sentence, has no cue, and follows a statement continues that speaker."""
        out = []
        for qi, q in enumerate(self.quotes):
            if qi in self.used_quotes or len(self.text[q.start : q.end].split()) < 4:
                continue
            span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None or not self._quote_is_sentence(q):
                continue
            if any(s.content_start <= q.start < s.content_end or q.start <= s.cue_start < q.end for s in found):
                continue
            content = _clean(self.text[q.start : q.end])
            sentence = _sentence_text(self.doc, self.text, q.outer_start, q.outer_end)
            prev = [s for s in found + out if s.end <= q.outer_start]
            last = max(prev, key=lambda s: s.end) if prev else None
            named = self.named_after(q)
            if named is None and last is not None and self.sentence_gap(last.end - 1, q.outer_start) <= 1:
                if last.direct and self.same_paragraph(last.end, q.outer_start) and last in found:
                    # “A,” said X. “B.” — one quotation interrupted by its attribution
                    merged = replace(
                        last,
                        content=f"{last.content} {content}",
                        end=q.outer_end,
                        content_end=q.end,
                        sentence=_sentence_text(self.doc, self.text, last.start, q.outer_end),
                    )
                    found[found.index(last)] = merged
                    continue
                out.append(
                    replace(
                        last,
                        content=content,
                        direct=True,
                        start=q.outer_start,
                        end=q.outer_end,
                        content_start=q.start,
                        content_end=q.end,
                        negated=False,
                        location=None,
                        target=None,
                        sentence=sentence,
                    )
                )
                continue
            if named is not None:
                name, tok = named
                out.append(
                    Statement(
                        speaker=name,
                        cue="quoted",
                        stance="say",
                        target=None,
                        content=content,
                        direct=True,
                        start=q.outer_start,
                        end=tok.sent.end_char,
                        cue_start=q.outer_start,
                        cue_end=q.outer_start + 1,
                        content_start=q.start,
                        content_end=q.end,
                        speaker_text=tok.text,
                        sentence=sentence,
                    )
                )
        return out

    def same_paragraph(self, a: int, b: int) -> bool:
        return "\n" not in self.text[a:b]

    def sentence_gap(self, a: int, b: int) -> int:
        """How many sentence boundaries lie between two character offsets."""
        ta = self.doc.char_span(a, a + 1, alignment_mode="expand")
        tb = self.doc.char_span(b, b + 1, alignment_mode="expand")
        if ta is None or tb is None:
            return 99
        return self.sent_no[tb[0].i] - self.sent_no[ta[0].i]

    def named_after(self, q: Quote) -> tuple[str, Token] | None:
        """The person named in the sentence right after a quotation that has no attribution of its own
        ("“...” Those were the words of Ahmed Farouk, ...")."""
        after = self.doc.char_span(q.outer_end, len(self.text), alignment_mode="expand")
        if after is None or not len(after) or "\n" in self.text[q.outer_end : after[0].idx + 1]:
            return None
        first = after[0] if not after[0].is_punct else (after[1] if len(after) > 1 else None)
        if first is None:
            return None
        sent = first.sent
        if any(self.in_quote(t) for t in sent):
            return None
        named = []
        for t in sent:
            e = self.actors.entity_at(t)
            if e is not None and self.actors.clusters[self.actors.ent_actor[e.start]].type in {"PERSON", "ORG"}:
                named.append((self.actors.clusters[self.actors.ent_actor[e.start]].type != "PERSON", e.start, e))
        if not named:
            return None
        e = min(named)[2]
        return self.actors.ent_actor[e.start], e.root

    def _quote_is_sentence(self, q: Quote) -> bool:
        span = self.doc.char_span(q.outer_start, q.outer_start + 1, alignment_mode="expand")
        if span is None:
            return False
        sent = span[0].sent
        return not self.text[sent.start_char : q.outer_start].strip()

    # -- output --------------------------------------------------------------------------------------------

    def content_text(self, start: int, end: int) -> str:
        """The words said between two offsets, leaving out an attribution that splits a quotation."""
        inner = [q for q in self.quotes if start <= q.start and q.end <= end]
        if len(inner) > 1 and inner[0].start == start and inner[-1].end == end:
            return " ".join(_clean(self.text[q.start : q.end]) for q in inner)
        return _clean(self.text[start:end])

    def make(self, speaker, sp_tok, cue_toks, stance, target, c_start, c_end, direct, negated, location) -> Statement:
        cue_toks = sorted(set(cue_toks), key=lambda t: t.i)
        cue_start, cue_end = cue_toks[0].idx, cue_toks[-1].idx + len(cue_toks[-1])
        cue_text = " ".join(t.text for t in cue_toks)
        start = min(cue_start, c_start, sp_tok.left_edge.idx if sp_tok.left_edge.i <= sp_tok.i else sp_tok.idx)
        end = max(cue_end, c_end, sp_tok.idx + len(sp_tok))
        if direct:
            q = self.quote_covering(c_start, c_end)
            if q is not None:
                start, end = min(start, self.quotes[q].outer_start), max(end, self.quotes[q].outer_end)
        return Statement(
            speaker=speaker,
            cue=cue_text,
            stance=stance,
            target=target,
            content=self.content_text(c_start, c_end),
            direct=direct,
            start=start,
            end=end,
            cue_start=cue_start,
            cue_end=cue_end,
            content_start=c_start,
            content_end=c_end,
            negated=negated,
            speaker_text=_np_text(sp_tok),
            location=location,
            sentence=_sentence_text(self.doc, self.text, start, end),
        )


# -- helpers ------------------------------------------------------------------------------------------------


def _body_start(doc: Doc, text: str) -> int:
    """Token where the body begins: the headline is not a statement."""
    title = headline(text)
    if title is None:
        return 0
    end = text.index(title) + len(title)
    return next((t.i for t in doc if t.idx >= end and not t.is_space), len(doc))


def _particles(verb: Token, words: tuple[str, ...]) -> list[Token] | None:
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


def _subject(verb: Token, is_cue=None) -> Token | None:
    """The subject of a verb, climbing through conjoined, infinitival and participial verbs ("..., saying").

    A cue that the parser hung on a verb of reported speech ("X said A had happened and urged B",
    "X denied A had happened, saying B") belongs to the reporting speaker, not to the reported clause.
    """
    tok = verb
    for _ in range(5):
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "csubj"}), None)
        if subj is None and tok.lemma_ == "quote":  # "X was quoted as saying ..."
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            return _past_dateline(subj)
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ == "quote":
            tok = tok.head.head  # "X was quoted as saying"
            continue
        if tok.dep_ in {"conj", "xcomp", "advcl"} or (tok.dep_ in PARTICIPLE_DEPS and _is_participle(tok)):
            head = tok.head
            if is_cue is not None and head.dep_ == "ccomp" and is_cue(head.head) and tok.i > head.i:
                return _subject(head.head, is_cue)
            tok = head
            continue
        return None
    return None


def _has_infinitive(verb: Token) -> bool:
    """ "urged X to ...": an infinitive complement makes the object the addressee."""
    return any(
        c.dep_ == "xcomp" and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children) for c in verb.children
    )


def _subject_child(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in {"nsubj", "csubj", "nsubjpass"}), None)


def _past_dateline(subj: Token) -> Token:
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


def _is_participle(tok: Token) -> bool:
    return tok.tag_ == "VBG"


def _conjuncts(tok: Token) -> list[Token]:
    """Coordinated noun phrases: "Moscow and Washington", "the opposition and the United States"."""
    out = []
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON"}:
            out.append(c)
            out.extend(_conjuncts(c))
    return out


def _np_text(tok: Token) -> str:
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


def _clause_span(head: Token) -> tuple[int, int]:
    return head.left_edge.i, head.right_edge.i + 1


def _only_punct(text: str) -> bool:
    """Only a comma or a dash between a quotation and its attribution (a full stop would end the sentence)."""
    return "\n" not in text and all(ch.isspace() or ch in ",;:—–-" for ch in text) and len(text.strip()) <= 2


def _quote_index(doc: Doc, quotes: list[Quote]) -> list[int]:
    out = [-1] * len(doc)
    qi = 0
    for tok in doc:
        while qi < len(quotes) and quotes[qi].outer_end <= tok.idx:
            qi += 1
        if qi < len(quotes) and quotes[qi].start <= tok.idx < quotes[qi].end:
            out[tok.i] = qi
    return out


def _clean(text: str) -> str:
    """Content as said: single-spaced, without outer punctuation, and without outer quote marks unless they
    belong to a phrase quoted inside it ('the attack was "outrageous"' keeps its closing mark)."""
    text = re.sub(r"\n\s*[“\"«„]", " ", text)  # the mark that reopens a quotation in its next paragraph
    text = " ".join(text.split()).strip(" ,;:.")
    for _ in range(2):
        marks = sum(text.count(m) for m in DOUBLE_MARKS)
        if marks == 2 and text[:1] in DOUBLE_MARKS and text[-1:] in DOUBLE_MARKS:
            text = text[1:-1]
        elif marks % 2 and text[:1] in DOUBLE_MARKS:
            text = text[1:]
        elif marks % 2 and text[-1:] in DOUBLE_MARKS:
            text = text[:-1]
        text = text.strip(" ,;:.")
    return text


def _sentence_text(doc: Doc, text: str, start: int, end: int) -> str:
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return text[start:end]
    s = span[0].sent.start_char
    e = span[-1].sent.end_char
    return " ".join(text[s:e].split())


def _dedupe(statements: list[Statement]) -> list[Statement]:
    """Identical statements found twice (a cue reached by two routes) are kept once."""
    seen, out = set(), []
    for s in statements:
        key = (s.speaker, s.cue_start, s.content_start, s.content_end)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
