"""Statements: who says what, with which cue and stance, towards whom.

Each verb whose lemma (with its particle: "call on", "according to") is in the cue lexicon is a candidate.
Its speaker is the subject (climbing through conjoined and participial verbs: "..., saying", "and also told"),
split over coordination ("Moscow and Washington insist" gives two statements); its content is, in order, an
adjacent quotation, a clausal complement, an infinitive ("urged Y to ..."), a prepositional complement
("accused Y of ...", "warned Y against ..."), the rest of the sentence (", X said." and "according to X"),
or, for cues that take one, a direct object ("rejected the plan"). Quotations with no cue of their own
continue the statement just before them.

Modules: finder (cues, speakers, targets, the statement), content (what was said), quoting (quotations
beside a cue and those without one), syntax (tree walks), words (closed word sets from data/).
"""

from .finder import find_statements

__all__ = ["find_statements"]
