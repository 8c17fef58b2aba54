"""Quotations as the statement finder sees them: which token lies inside one, which quotation sits next to
an attribution, which one a span of content is, and the quotations that continue the statement before them."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ...types import Statement
from ..actors import ActorIndex
from ..quotes import Quote
from .syntax import subject

QUOTE_MARKS = "“”„«»\"'‘’"
DOUBLE_MARKS = '“”„«»"'
MAX_GAP_TOKENS = 8  # words between a cue and the quotation it introduces ("said on Saturday, “...”")


class Quotations:
    """The quotations of one Doc and which of them a statement has already taken."""

    def __init__(self, doc: Doc, text: str, quotes: list[Quote], actors: ActorIndex):
        self.doc = doc
        self.text = text
        self.quotes = quotes
        self.actors = actors
        self.used: set[int] = set()  # quotations taken by a statement so far, in text order of the search
        self.quote_of = quote_index(doc, quotes)
        self.sent_no = actors.sentence_of  # sentence number of each token

    def in_quote(self, tok: Token) -> bool:
        return self.quote_of[tok.i] >= 0

    def adjacent(self, verb: Token, speaker: Token | None) -> int | None:
        """The quotation right before the attribution ("“...,” he said") or right after it ("said: “...”")."""
        if self.in_quote(verb):
            return None
        subj = speaker if speaker is not None else subject(verb)
        edge_toks = [verb] + ([subj] if subj is not None else [])
        left = min(t.left_edge.i if subj is not None and t.i == subj.i else t.i for t in edge_toks)
        right = verb.i
        if subj is not None and subj.i > verb.i:
            right = subj.right_edge.i
        text = self.text
        for qi, q in enumerate(self.quotes):
            if qi in self.used:
                continue
            before = text[q.outer_end : self.doc[left].idx]
            if (
                q.outer_end <= self.doc[left].idx
                and only_punct(before)
                and self.starts_sentence(q, verb)
                and not (closes_sentence(text, q) and _says_more(verb))
            ):
                return qi
            if q.outer_start >= self.doc[right].idx:
                after = self.doc[right].idx + len(self.doc[right])  # a mark glued to the word starts inside it
                gap = self.doc.char_span(min(after, q.outer_start), q.outer_start, alignment_mode="expand")
                if (
                    gap is not None
                    and len(gap) <= MAX_GAP_TOKENS
                    and not any(t.pos_ == "VERB" for t in gap)
                    and (not gap.text.strip() or gap.text.rstrip()[-1:] in {",", ":"})
                ):
                    return qi
                break
        return None

    def continuation(self, verb: Token, first: int) -> int | None:
        """The second half of a quotation split by its attribution: “...,” she said, “...”."""
        right = max(
            [verb.i]
            + [t.right_edge.i for t in verb.children if t.dep_ in {"nsubj", "prep", "npadvmod"} and t.i > verb.i]
        )
        end = self.doc[right].idx + len(self.doc[right])
        for qi, q in enumerate(self.quotes):
            if q.outer_start >= end and qi not in self.used and qi != first:
                gap = self.text[end : q.outer_start]
                if gap.strip() in {",", ":", "—", "–"}:
                    return qi
                return None
        return None

    def starts_sentence(self, q: Quote, verb: Token) -> bool:
        """The quotation is the opening of its sentence (not a scare quote inside a clause)."""
        sent_start = verb.sent.start_char
        if q.outer_start >= sent_start:
            return not self.text[sent_start : q.outer_start].strip()
        return True  # it runs over several sentences and ends in this one

    def covering(self, start: int, end: int) -> int | None:
        """A quotation that is (almost all of) the span start..end."""
        for qi, q in enumerate(self.quotes):
            if q.start - 2 <= start + 2 and q.start >= start - 2 and end <= q.outer_end + 2 and end >= q.end - 2:
                return qi
        return None

    def content_text(self, start: int, end: int) -> str:
        """The words said between two offsets, leaving out an attribution that splits a quotation."""
        inner = [q for q in self.quotes if start <= q.start and q.end <= end]
        if len(inner) > 1 and inner[0].start == start and inner[-1].end == end:
            return " ".join(clean(self.text[q.start : q.end]) for q in inner)
        return clean(self.text[start:end])

    # -- quotations without a cue of their own -------------------------------------------------------------

    def unattributed(self, found: list[Statement]) -> list[Statement]:
        """The statements found, then each quotation that opens a sentence, has no cue, and follows a statement,
        given to that speaker (or to the person named right after it)."""
        found = list(found)
        out: list[Statement] = []
        for qi, q in enumerate(self.quotes):
            if qi in self.used or len(self.text[q.start : q.end].split()) < 4:
                continue
            span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            labelled = self.roundup_speaker(q)
            if labelled is not None and not any(s.content_start <= q.start < s.content_end for s in found):
                out.append(self.quoted_by(labelled, q, ":", q.outer_start - 1))
                continue
            if not self.is_sentence(q):
                continue
            # a cue inside the quotation attributes it, unless the whole statement lies within it: "I had
            # people tell me it was the best event" is a report nested in what the quoted speaker said
            if any(
                s.content_start <= q.start < s.content_end or q.start <= s.cue_start < q.end and s.start < q.start
                for s in found
            ):
                continue
            content = clean(self.text[q.start : q.end])
            sentence = sentence_text(self.doc, self.text, q.outer_start, q.outer_end)
            prev = [s for s in found + out if s.end <= q.outer_start]
            last = max(prev, key=lambda s: s.end) if prev else None
            named = self.named_after(q)
            if named is None and last is not None and self.sentence_gap(last.end - 1, q.outer_start) <= 1:
                if self.same_paragraph(last.end, q.outer_start) and last in found:
                    # “A,” said X. “B.” — one quotation interrupted by its attribution; X argued that A. “B.” —
                    # the quotation goes on with what X said
                    merged = replace(
                        last,
                        content=f"{last.content} {content}",
                        end=q.outer_end,
                        content_end=q.end,
                        sentence=sentence_text(self.doc, self.text, last.start, q.outer_end),
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
                out.append(self.quoted_by(named, q, "quoted", q.outer_start))
        return found + out

    def quoted_by(self, named: tuple[str, Token], q: Quote, cue: str, cue_start: int) -> Statement:
        """A direct statement of a quotation whose speaker is named beside it, not by a cue verb."""
        name, tok = named
        start = min(q.outer_start, tok.idx)
        return Statement(
            speaker=name,
            cue=cue,
            stance="say",
            target=None,
            content=clean(self.text[q.start : q.end]),
            direct=True,
            start=start,
            end=max(tok.sent.end_char, q.outer_end) if start < q.outer_start else tok.sent.end_char,
            cue_start=cue_start,
            cue_end=cue_start + 1,
            content_start=q.start,
            content_end=q.end,
            speaker_text=tok.text,
            sentence=sentence_text(self.doc, self.text, start, q.outer_end),
        )

    def roundup_speaker(self, q: Quote) -> tuple[str, Token] | None:
        """The person a round-up line names before its colon: `Jane Roe, The Daily Planet: "..."`."""
        line_start = self.text.rfind("\n", 0, q.outer_start) + 1
        label = self.text[line_start : q.outer_start].rstrip()
        if not label.endswith(":") or len(label.split()) > 10:
            return None
        span = self.doc.char_span(line_start, line_start + len(label) - 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        e = self.actors.entity_at(span[0])
        if e is None or e.start != span.start:
            return None
        name = self.actors.ent_actor[e.start]
        if self.actors.clusters[name].type != "PERSON":
            return None
        return name, e.root

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

    def is_sentence(self, q: Quote) -> bool:
        """The quotation opens a sentence: nothing but space since the end of the previous one (a full stop,
        with the mark that closed a quotation before it) or the start of the paragraph. Read from the text,
        since the parser takes an opening '' for a closing mark and hangs it on the sentence before."""
        before = self.text[: q.outer_start].rstrip(" \t\xa0")
        if not before or before.endswith("\n"):
            return True
        before = before.rstrip(QUOTE_MARKS + ")")
        return before.endswith((".", "!", "?"))


def closes_sentence(text: str, q: Quote) -> bool:
    """The quotation ends its sentence with a full stop (“... so well.” or “... so well”.)."""
    return text[q.start : q.end].rstrip().endswith(".") or text[q.outer_end : q.outer_end + 1] == "."


def _says_more(verb: Token) -> bool:
    """The cue has words of its own after it: a clause, an object, a complement ("He warned that ...")."""
    return any(c.i > verb.i and c.dep_ in {"ccomp", "xcomp", "dobj", "oprd"} for c in verb.children)


def only_punct(text: str) -> bool:
    """Only a comma or a dash between a quotation and its attribution (a full stop would end the sentence)."""
    return "\n" not in text and all(ch.isspace() or ch in ",;:—–-" for ch in text) and len(text.strip()) <= 2


def quote_index(doc: Doc, quotes: list[Quote]) -> list[int]:
    """For each token, the number of the quotation it lies in, or -1."""
    out = [-1] * len(doc)
    qi = 0
    for tok in doc:
        while qi < len(quotes) and quotes[qi].outer_end <= tok.idx:
            qi += 1
        if qi < len(quotes) and quotes[qi].start <= tok.idx < quotes[qi].end:
            out[tok.i] = qi
    return out


def clean(text: str) -> str:
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


def sentence_text(doc: Doc, text: str, start: int, end: int) -> str:
    """The whole sentences that a span of characters touches, single-spaced."""
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return text[start:end]
    s = span[0].sent.start_char
    e = span[-1].sent.end_char
    return " ".join(text[s:e].split())
