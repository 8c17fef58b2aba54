"""What was said: the content of a statement, found from its cue.

In order: an adjacent quotation (with its second half when the attribution splits it), a clausal complement,
a that-clause the parser hung inside a modifier, the direct object of a cue that takes one, a prepositional
complement ("accused Y of ...", "warned Y against ..."), the clause before ", X said.", and any object left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ..lexicon import Cue
from .quoting import QUOTE_MARKS, Quotations
from .syntax import clause_span, is_participle, subject, subject_child
from .words import (
    CLAUSE_JOINS,
    CLAUSE_MARKS,
    CONTENT_PREPS,
    JUDGING_CUES,
    JUDGING_STANCES,
    NO_COMMENT,
    OBJECT_PRONOUNS,
    SETTING_PREPS,
    TRAILING_CONJUNCTIONS,
    VENUE_PREPS,
    WHILE_CUES,
)

TAIL_DEPS = {"ccomp", "xcomp", "advcl", "prep", "npadvmod", "dobj", "attr", "acomp"}
CLAUSE_GAP = {",", *QUOTE_MARKS}  # what may stand between a reported clause and the rest the parser hung apart


@dataclass(frozen=True)
class Content:
    """Character offsets of what was said, whether it is a quotation, and the quotations it takes."""

    start: int
    end: int
    direct: bool
    quotes: tuple[int, ...] = ()
    aside: tuple[int, int] | None = None  # an attribution inside the span that is not part of what was said


class ContentFinder:
    """Finds the content of each cue of one Doc."""

    def __init__(self, doc: Doc, quotations: Quotations, is_cue: Callable[[Token], bool]):
        self.doc = doc
        self.quotations = quotations
        self.is_cue = is_cue

    def find(self, verb: Token, cue: Cue, particles: list[Token], target: Token | None) -> Content | None:
        """The content of the cue verb, or None when it has none (or says nothing: "declined to comment")."""
        quoted = self.quoted(verb)
        if quoted is not None:
            return quoted
        comp = complement(verb, particles)
        if comp is not None:
            if cue.that_only and not any(g.dep_ == "mark" and g.lower_ == "that" for g in comp.children):
                if not _finite_clause(comp):
                    return None  # "police found the car abandoned" is no finding that anyone reports
            if comp.dep_ == "xcomp" and comp.lemma_ in NO_COMMENT:
                return None  # "declined to comment" says nothing
            found = self.span_content(comp, strip_mark=True)
            obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < comp.i), None)
            if found is not None and comp.dep_ == "oprd" and obj is not None and obj.lower_ not in OBJECT_PRONOUNS:
                # "called the mayor a liar", "called the law “a disgrace”": what was said names the object as well
                # as what it was called; with a quotation it is reported speech that quotes a phrase
                if found.direct:
                    end = self.quotations.quotes[found.quotes[0]].outer_end
                    return replace(found, start=obj.left_edge.idx, end=end, direct=False)
                return replace(found, start=min(found.start, obj.left_edge.idx))
            return found
        if cue.that_only:
            return None
        clause = self.clause_in_modifier(verb)
        if clause is not None:  # "say in a criminal complaint filed Monday that ..."
            return self.span_content(clause, strip_mark=True)
        obj = first_object(verb, cue, particles, target)
        if obj is not None:
            return self.object_content(verb, obj)
        prep = prepositional_object(verb, cue, particles, target)
        if prep is not None:
            return self.prepositional(verb, *prep)
        if verb.dep_ == "parataxis" and verb.head.i > verb.i:
            # "Unless towns build, they say, the region could ...": the clause goes on after the attribution
            around = self.interrupted_clause(verb)
            if around is not None:
                return around
        # ", X said." — the reported clause comes before the attribution.
        if verb.dep_ in {"parataxis", "ccomp", "ROOT"} and self.attribution_follows_clause(verb):
            before = self.preceding_clause(verb)
            if before is not None:
                return before
        if verb.dep_ == "parataxis":
            around = self.interrupted_clause(verb)
            if around is not None:
                return around
        if (
            verb.dep_ == "advcl"
            and verb.lemma_.lower() not in WHILE_CUES
            and any(m.dep_ == "mark" and m.lower_ == "as" for m in verb.children)
        ):
            return self.as_clause(verb)
        if cue.object:
            found = self.any_object(verb, target)
            if found is None and _judged(verb, cue, target):
                return _run(list(target.subtree))  # "slammed the board": the one judged is what it is about
            return found
        return None

    def quoted(self, verb: Token) -> Content | None:
        """The quotation beside the attribution; “First part,” she said, “second part.” is one content."""
        qi = self.quotations.adjacent(verb, None)
        if qi is None:
            return None
        quote = self.quotations.quotes[qi]
        rest = self.quotations.continuation(verb, qi)
        if rest is not None:
            return Content(quote.start, self.quotations.quotes[rest].end, True, (qi, rest))
        return Content(quote.start, quote.end, True, (qi,))

    def according_to(self, verb: Token, source: Token) -> Content | None:
        """ "according to X, CLAUSE" and "“QUOTE”, according to X": the quotation beside it or the clause."""
        qi = self.quotations.adjacent(verb, source)
        if qi is not None:
            quote = self.quotations.quotes[qi]
            return Content(quote.start, quote.end, True, (qi,))
        clause = clause_span(verb.head)
        skip = {t.i for t in verb.subtree}
        toks = [t for t in self.doc[clause[0] : clause[1]] if t.i not in skip and not t.is_punct]
        if not toks:
            return None
        return Content(toks[0].idx, toks[-1].idx + len(toks[-1]), False)

    def prepositional(self, verb: Token, prep: Token, obj: Token) -> Content | None:
        """ "accused Y of planning ...", "warned against ..."; with the infinitive the parser hung on the cue
        ("accused Y of planning | to close ...")."""
        found = self.span_content(obj, strip_mark=False)
        nxt = next(
            (c for c in verb.children if c.left_edge.i == prep.right_edge.i + 1 and c.dep_ in {"advcl", "xcomp"}),
            None,
        )
        if found is None or nxt is None or self.is_cue(nxt):
            return found
        end = nxt.right_edge
        cut = [c for c in nxt.children if c.dep_ == "conj" and self.is_cue(c)]
        if cut:
            end = self.doc[min(c.left_edge.i for c in cut) - 1]
            while end.is_punct or end.dep_ == "cc":
                end = self.doc[end.i - 1]
        return replace(found, end=end.idx + len(end))

    def interrupted_clause(self, verb: Token) -> Content | None:
        """ "By then, they said, the bank had ...": the clause the attribution interrupts, set off by commas."""
        subj = subject(verb)
        left = min(verb.i, subj.left_edge.i) if subj is not None else verb.i
        right = verb.right_edge.i
        if left == 0 or right + 1 >= len(self.doc) or self.doc[left - 1].text not in {",", "—", "–"}:
            return None
        if self.doc[right].text not in {",", "—", "–"} and self.doc[right + 1].text not in {",", "—", "–"}:
            return None
        skip = {t.i for t in verb.subtree if t.i >= left}
        toks = [t for t in verb.head.subtree if t.i not in skip]
        after = [t for t in toks if t.i > right and not t.is_punct]
        if len(after) < 2 or not any(t.pos_ in {"VERB", "AUX"} for t in after):
            return None
        while toks and toks[0].is_punct and toks[0].text not in QUOTE_MARKS:
            toks.pop(0)
        while toks and toks[-1].is_punct and toks[-1].text not in QUOTE_MARKS:
            toks.pop()
        if not toks:
            return None
        found = self.tokens_content(toks)
        close = self.doc[right] if self.doc[right].text in {",", "—", "–"} else self.doc[right + 1]
        if found.direct or not found.start < self.doc[left - 1].idx < close.idx < found.end:
            return found
        return replace(found, aside=(self.doc[left - 1].idx, close.idx + 1))

    def as_clause(self, verb: Token) -> Content | None:
        """ "As Roe noted, the plan had failed": the clause the "as" attribution modifies."""
        skip = {t.i for t in verb.subtree}
        toks = [t for t in verb.head.subtree if t.i not in skip]
        while toks and toks[0].is_punct and toks[0].text not in QUOTE_MARKS:
            toks.pop(0)
        while toks and toks[-1].is_punct and toks[-1].text not in QUOTE_MARKS:
            toks.pop()
        if len(toks) < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in toks):
            return None
        found = self.tokens_content(toks)
        first, last = verb.left_edge, verb.right_edge
        if found.direct or not found.start < first.idx < found.end:
            return found
        if first.i > 0 and self.doc[first.i - 1].text == ",":
            first = self.doc[first.i - 1]
        if last.i + 1 < len(self.doc) and self.doc[last.i + 1].text == ",":
            last = self.doc[last.i + 1]
        return replace(found, aside=(first.idx, last.idx + len(last)))  # "The plan, as she put it, was ..."

    def any_object(self, verb: Token, target: Token | None) -> Content | None:
        """The object of a cue that takes one, wherever it stands: "rejected the plan", "denied hiring ..."."""
        obj = next((c for c in verb.children if c.dep_ == "dobj" and (target is None or c.i != target.i)), None)
        if obj is None:  # "denied hiring replacement workers"
            obj = next((c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and is_participle(c)), None)
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

    def object_content(self, verb: Token, obj: Token) -> Content:
        """The object and the modifiers that follow it: "reported deaths due to starvation"."""
        end = obj.right_edge.i
        nxt = self.doc[end + 1] if end + 1 < len(self.doc) else None
        if nxt is not None and nxt.pos_ in {"AUX", "VERB"} and nxt.tag_ in {"MD", "VBZ", "VBD", "VBP"}:
            # "warned the policy could push up costs": the object is the subject of an unmarked clause
            head = nxt if nxt.pos_ == "VERB" else nxt.head
            # ... unless that verb is the clause the cue hangs in: "those who back her rivals | say ..."
            if head.sent.start == verb.sent.start and not head.is_ancestor(verb):
                end = max(end, head.right_edge.i)
                return _run(list(self.doc[obj.left_edge.i : end + 1]))
        for c in verb.children:
            if c.i > end and _setting(c):
                break  # "defended the plan this week at a rally": when and where, not what was said
            if c.i > end and c.dep_ in {"prep", "npadvmod", "advmod", "pcomp", "prt"}:  # "show Ruiz up by ten"
                end = c.right_edge.i
            elif c.i > end:
                break
        return _run(self.without_trailing_remark(list(self.doc[obj.left_edge.i : end + 1]), min_words=1))

    def span_content(self, head: Token, *, strip_mark: bool) -> Content | None:
        """The subtree of a complement, without a cue conjoined to it and without its "that"."""
        toks = list(head.subtree)
        # "had warned the policy | could push up costs": the parser hung the rest of the clause on the cue
        rest = self.modal_rest(head)
        if rest is not None and head.dep_ == "ccomp":
            toks += list(rest.subtree)
        if head.dep_ == "ccomp":
            toks += self.clause_tail(head, max(t.i for t in toks))
        # A cue conjoined to the reported clause is a statement of its own: "..., and urged Y to", ", saying ..."
        cut = [
            c
            for c in head.children
            if c.dep_ in {"conj", "advcl"} and c.i > head.i and self.is_cue(c) and subject_child(c) is None
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
        toks = self.without_trailing_remark(toks)
        toks = [t for t in toks if not (t.is_punct and t.text not in QUOTE_MARKS)] or toks
        while toks and (toks[0].is_punct or toks[0].is_space):
            if toks[0].text in QUOTE_MARKS and len(toks) > 1:
                break
            toks = toks[1:]
        if not toks:
            return None
        return self.tokens_content(toks)

    def without_trailing_remark(self, toks: list[Token], min_words: int = 4) -> list[Token]:
        """A reported clause without the remark that closes it, set off by a comma or a dash: "the FBI had
        questioned Ruiz, who ran the depot" and "he was encouraged by the plan — a modest gain" report what was
        said, and the relative clause or apposition after it is the writer's. Quoted words are left whole. An
        object keeps its head: "attacked Tom Hill, with whom he clashed" is aimed at Tom Hill."""
        if not toks or any(self.quotations.in_quote(t) for t in toks):
            return toks
        last = max(t.i for t in toks)
        for t in toks:
            if t.dep_ not in {"relcl", "appos"} or t.right_edge.i != last or t.left_edge.i < 1:
                continue
            mark = self.doc[t.left_edge.i - 1]
            kept = [x for x in toks if x.i < mark.i]
            if mark.text in {",", "—", "–", "--"} and sum(not x.is_punct for x in kept) >= min_words:
                return kept
        return toks

    def modal_rest(self, head: Token) -> Token | None:
        """A modal clause the parser hung beside the complement on the cue: "warned the policy | could ..."."""
        return next(
            (
                c
                for c in head.head.children
                if c.dep_ in {"ccomp", "conj"}
                and c.i > head.i
                and c.left_edge.i == head.right_edge.i + 1
                and subject_child(c) is None
                and not self.is_cue(c)
                and c.pos_ in {"VERB", "AUX"}
                and any(a.dep_ == "aux" and a.tag_ == "MD" for a in c.children)
            ),
            None,
        )

    def clause_tail(self, head: Token, end: int) -> list[Token]:
        """The rest of a reported clause that the parser hung on the cue after a quotation mark or a comma:
        'said he was the only one to spend his life “fighting for it”', 'said it was “nothing,” compared to ...'."""
        out: list[Token] = []
        for c in head.head.children:
            if c.i <= head.i or c.left_edge.i <= end or c.is_punct or c.dep_ == "cc":
                continue
            gap = self.doc[end + 1 : c.left_edge.i]
            joined = any(t.dep_ == "cc" for t in gap)
            bridged = all(
                t.text in CLAUSE_GAP if t.is_punct else t.dep_ == "cc" and t.lower_ in CLAUSE_JOINS for t in gap
            )
            if not bridged or c.sent.start != head.sent.start:
                break
            # "said she had steady hands, but she has a good heart", "said it was futile, because ...": one clause
            whole = (c.dep_ == "conj" and joined) or (
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CLAUSE_MARKS for m in c.children)
            )
            if self.is_cue(c) or not whole and (joined or c.dep_ not in TAIL_DEPS or subject_child(c) is not None):
                break
            if c.dep_ == "prep" and c.lower_ in SETTING_PREPS:
                break  # "said that ..., in a statement on Monday": where and when it was said
            out += list(c.subtree)
            end = c.right_edge.i
        return out

    def attribution_follows_clause(self, verb: Token) -> bool:
        """ "..., Lavrov said." : the speaker (or the cue, when the speaker comes after it) follows a comma."""
        subj = subject(verb)
        left = min(verb.i, subj.left_edge.i) if subj is not None else verb.i
        if left <= verb.sent.start + 2:
            return False
        prev = self.doc[left - 1]
        return prev.text in {",", "—", "–"} or prev.text in QUOTE_MARKS

    def preceding_clause(self, verb: Token) -> Content | None:
        """The clause before ", X said": the sentence up to the speaker, without trailing commas."""
        sent = verb.sent
        subj = subject(verb)
        left = min([verb.i] + ([subj.left_edge.i] if subj is not None else []))
        toks = [t for t in self.doc[sent.start : left] if not t.is_space]
        while toks and (
            toks[-1].is_punct and toks[-1].text not in QUOTE_MARKS or toks[-1].lower_ in TRAILING_CONJUNCTIONS
        ):
            toks.pop()
        while toks and toks[0].is_punct and toks[0].text not in QUOTE_MARKS:
            toks.pop(0)
        if len(toks) < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in toks):
            return None
        if _fronted_modifier(verb, toks):
            return None
        return self.tokens_content(toks)

    def tokens_content(self, toks: list[Token]) -> Content:
        """A run of tokens; a run that is a quotation becomes that quotation."""
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        qi = self.quotations.covering(start, end)
        if qi is not None:
            q = self.quotations.quotes[qi]
            return Content(q.start, q.end, True, (qi,))
        return Content(start, end, False)


def complement(verb: Token, particles: list[Token] = ()) -> Token | None:
    """The clausal or infinitival complement of a cue ("said that ...", "urged Y to ..."), if any; not a word of
    the cue itself ("made | clear | that ...")."""
    for p in particles:  # "made the case that ...", "made the point that ...": the clause hangs on the cue's noun
        clause = next((c for c in p.children if c.dep_ in {"acl", "ccomp"} and _marked_that(c)), None)
        if clause is not None:
            return clause
    for c in verb.children:
        if c in particles:
            continue
        if c.dep_ == "xcomp" and c.i > verb.i and _gerund_subject(c):
            return c
        if c.dep_ not in {"ccomp", "xcomp", "oprd"} or (c.dep_ == "xcomp" and is_participle(c)):
            continue
        if c.dep_ == "xcomp" and not any(g.lower_ == "to" for g in c.children):
            continue
        return c
    return None


def first_object(verb: Token, cue: Cue, particles: list[Token], target: Token | None) -> Token | None:
    """The object after a cue that takes one ("rejected the plan"), unless a content preposition follows it
    ("accused the board of ...": then the preposition holds the content)."""
    if not cue.object or particles:
        return None
    obj = next(
        (c for c in verb.children if c.dep_ == "dobj" and (target is None or c.i != target.i) and c.i > verb.i),
        None,
    )
    if obj is None or any(
        p.dep_ == "prep" and p.lower_ in CONTENT_PREPS and p.i > obj.i and p.lower_ != "on" for p in verb.children
    ):
        return None
    return obj


def prepositional_object(
    verb: Token, cue: Cue, particles: list[Token], target: Token | None
) -> tuple[Token, Token] | None:
    """The preposition and its object that hold the content: "accused Y of ...", "call on Y to ..."."""
    for p in [*particles, *verb.children]:
        if p.dep_ not in {"prep", "prt"} or not (p.lower_ in CONTENT_PREPS or p in particles):
            continue
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
            return p, obj
    return None


def _run(toks: list[Token]) -> Content:
    """A run of tokens without its trailing punctuation, as reported (not quoted) content."""
    while toks and toks[-1].is_punct:
        toks.pop()
    return Content(toks[0].idx, toks[-1].idx + len(toks[-1]), False)


def _fronted_modifier(verb: Token, toks: list[Token]) -> bool:
    """ "Reading from a prepared text, she criticised ...", "Even before the votes are in, they called ...": the
    words before the speaker modify the cue (a participle, a subordinate clause, a prepositional phrase) and
    are not what was said."""
    inside = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    if len(roots) != 1 or roots[0].head.i != verb.i:
        return False
    root = roots[0]
    if root.dep_ == "prep":
        return True
    if root.dep_ != "advcl":
        return False
    unmarked_participle = root.tag_ in {"VBG", "VBN"} and subject_child(root) is None
    return unmarked_participle or any(c.dep_ == "mark" for c in root.children)


def _marked_that(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def _gerund_subject(tok: Token) -> bool:
    """ "said opening the mill could put ... to work": the parser takes the gerund that is the subject of the
    reported clause for a complement of the cue, and hangs the clause's verb on it."""
    return is_participle(tok) and any(
        g.dep_ == "ccomp"
        and g.i > tok.i
        and subject_child(g) is not None
        and not any(m.dep_ == "mark" for m in g.children)
        for g in tok.children
    )


def _setting(tok: Token) -> bool:
    """A modifier of the cue that says when or where it was said ("this week", "at a rally"); a date
    after a preposition stays with the object ("reported 20 new cases on Monday")."""
    if tok.dep_ == "npadvmod":
        return tok.ent_type_ in {"DATE", "TIME"}
    if tok.dep_ != "prep" or tok.lower_ not in VENUE_PREPS:
        return False
    return not any(g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"} for g in tok.children)


def _finite_clause(comp: Token) -> bool:
    """A clause with its own subject and a tensed verb: "the study found students take 112 tests"."""
    tensed = comp.tag_ in {"VBZ", "VBD", "VBP", "MD"} or any(a.dep_ == "aux" and a.tag_ != "TO" for a in comp.children)
    return comp.dep_ == "ccomp" and subject_child(comp) is not None and tensed


def _judged(verb: Token, cue: Cue, target: Token | None) -> bool:
    """The cue judges the actor that is its direct object: "slammed the board", "defended the referee"."""
    return (
        target is not None
        and (cue.stance in JUDGING_STANCES or cue.phrase in JUDGING_CUES)
        and target.dep_ in {"dobj", "dative"}  # a headline's object may be parsed as a dative
        and target.head.i == verb.i
        and target.i > verb.i
    )
