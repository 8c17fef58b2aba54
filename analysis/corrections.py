"""Analysts' corrections as a layer over the engine's statements, re-anchored when the engine changes, and
their decisions about actors (merge, split, rename, type; applied in merges.py).

A correction is stored apart from the engine's output, keyed by the article's content hash and the span of
the statement it corrects (the statement's and its cue's character offsets), with who made it and when. When
the articles are analysed again, each correction is anchored to the new statement with the same span, else
to the one that overlaps it best; one that nothing overlaps enough is reported, never dropped.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from .types import STANCES

EDIT, REJECT, ADD = "edit", "reject", "add"
ACTIONS = (EDIT, REJECT, ADD)
FIELDS = ("speaker", "stance", "target", "content", "content_start", "content_end", "cue")  # what an edit may set
MIN_OVERLAP = 0.5  # the share of the two spans' union that they must have in common to count as one statement


@dataclass(frozen=True)
class Correction:
    """One decision of an analyst about one statement of one article.

    `start`/`end` and `cue_start`/`cue_end` are the corrected statement's offsets in the article's text when
    the correction was made (for ADD: the sentence the analyst selected and the cue in it). `changes` are the
    fields an EDIT or ADD sets (field, value), in FIELDS.
    """

    article: str  # the article's content hash
    start: int
    end: int
    cue_start: int
    cue_end: int
    action: str = EDIT
    changes: tuple[tuple[str, object], ...] = ()
    author: str = ""
    created: str = ""  # ISO 8601, UTC
    id: int | None = None

    def __post_init__(self):
        if self.action not in ACTIONS:
            raise ValueError(f"a correction is one of {', '.join(ACTIONS)}, not {self.action!r}")
        unknown = [k for k, _ in self.changes if k not in FIELDS]
        if unknown:
            raise ValueError(f"a correction cannot set {', '.join(unknown)}")
        stance = dict(self.changes).get("stance")
        if stance is not None and stance not in STANCES:
            raise ValueError(f"{stance!r} is not a stance")
        if not (0 <= self.start <= self.end and self.cue_start <= self.cue_end):
            raise ValueError("a correction's span must run forwards")


MERGE, SPLIT, RENAME, TYPE = "merge", "split", "rename", "type"
KINDS = (MERGE, SPLIT, RENAME, TYPE)
ACTOR_TYPES = {"person": "PERSON", "organisation": "ORG", "country": "GPE", "group": "GROUP"}


@dataclass(frozen=True)
class Decision:
    """One decision about the actors of a corpus.

    merge: `name` is the same actor as `value` (shown as `value`); split: `name` is its own actor, whatever
    it was linked or merged to; rename: the actor shown as `name` is shown as `value`; type: the actor shown as
    `name` has the type `value` (a key or a value of ACTOR_TYPES).
    """

    kind: str
    name: str
    value: str = ""
    author: str = ""
    created: str = ""
    id: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"an actor decision is one of {', '.join(KINDS)}, not {self.kind!r}")
        if not self.name.strip() or (self.kind != SPLIT and not self.value.strip()):
            raise ValueError(f"a {self.kind} needs a name{'' if self.kind == SPLIT else ' and a value'}")
        if self.kind == TYPE and self.value not in (*ACTOR_TYPES, *ACTOR_TYPES.values()):
            raise ValueError(f"{self.value!r} is not a type: use one of {', '.join(ACTOR_TYPES)}")
        if self.kind == MERGE and self.name == self.value:
            raise ValueError("an actor cannot be merged with itself")


@dataclass(frozen=True)
class Anchored:
    """Where a correction landed on the statements of the current analysis.

    `statement` is the index (idx) of the engine's statement it applies to, None for an ADD the engine does
    not find and for an unanchored correction. `how` is "same" (same span), "shifted" (the best overlap),
    "added" (the analyst's own statement) or "unanchored" (listed for review).
    """

    correction: Correction
    statement: int | None
    how: str
    overlap: float = 0.0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """The share of the union of two character spans that they have in common (0 to 1)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(inter, 0) / union if union > 0 else float(a == b)


def anchor(corrections: Iterable[Correction], statements: pd.DataFrame) -> list[Anchored]:
    """Anchor each correction to a statement of its article in `statements` (columns article_id, idx, start,
    end, cue_start, cue_end): the same span first, else the best overlap of at least MIN_OVERLAP (the cue's
    overlap breaks ties). Every correction comes back, in the order given."""
    corrections = list(corrections)
    if not corrections:
        return []
    by_article: dict[str, list[tuple[int, tuple[int, int], tuple[int, int]]]] = {}
    for row in statements[["article_id", "idx", "start", "end", "cue_start", "cue_end"]].itertuples(index=False):
        if any(pd.isna(v) for v in (row.start, row.end)):
            continue
        cue = (int(row.cue_start), int(row.cue_end)) if not pd.isna(row.cue_start) else (-1, -1)
        by_article.setdefault(row.article_id, []).append((int(row.idx), (int(row.start), int(row.end)), cue))
    out = []
    for c in corrections:
        span, cue = (c.start, c.end), (c.cue_start, c.cue_end)
        candidates = by_article.get(c.article, [])
        same = [idx for idx, s, q in candidates if s == span and q == cue]
        if same:
            out.append(Anchored(c, same[0], "same", 1.0))
            continue
        scored = sorted(((_overlap(span, s), _overlap(cue, q), idx) for idx, s, q in candidates),
                        key=lambda t: (-t[0], -t[1], t[2]))
        if scored and scored[0][0] >= MIN_OVERLAP:
            out.append(Anchored(c, scored[0][2], "shifted", round(scored[0][0], 3)))
        else:
            out.append(Anchored(c, None, "added" if c.action == ADD else "unanchored",
                                round(scored[0][0], 3) if scored else 0.0))
    return out


@dataclass(frozen=True)
class Corrected:
    """The statements with the corrections applied, and the corrections that found no statement."""

    statements: pd.DataFrame  # the engine's columns plus `corrected` (bool); rejected statements left out
    unanchored: tuple[Anchored, ...] = field(default_factory=tuple)


def apply(statements: pd.DataFrame, anchored: Sequence[Anchored], added_rows: Mapping[int, dict] | None = None
          ) -> Corrected:
    """The statements as corrected: edits set their fields (later corrections win field by field, so two
    editors' changes to different fields both stand), a rejection removes its statement, and an ADD the
    engine does not find becomes a row of its own.

    Args:
        added_rows: for ADD corrections without a statement (keyed by the position in `anchored`), the rest of
            the row to show (the article's title, date, outlet and the sentence), from the caller.
    """
    out = statements.copy()
    out["corrected"] = False
    order = sorted(range(len(anchored)), key=lambda i: (anchored[i].correction.created, i))
    rejected: set[tuple[str, int]] = set()
    new_rows = []
    for i in order:
        a = anchored[i]
        c = a.correction
        if a.how == "unanchored":
            continue
        if a.statement is None:  # the analyst's own statement
            new_rows.append({**(added_rows or {}).get(i, {}), "article_id": c.article, "start": c.start,
                             "end": c.end, "cue_start": c.cue_start, "cue_end": c.cue_end, **dict(c.changes),
                             "corrected": True})
            continue
        where = (out["article_id"] == c.article) & (out["idx"] == a.statement)
        if c.action == REJECT:
            rejected.add((c.article, a.statement))
            continue
        for name, value in c.changes:
            out.loc[where, name] = value
        out.loc[where, "corrected"] = True
    if rejected:
        keep = [(aid, idx) not in rejected for aid, idx in zip(out["article_id"], out["idx"], strict=True)]
        out = out[keep]
    if new_rows:
        added = pd.DataFrame(new_rows)
        start_idx = int(pd.to_numeric(out["idx"], errors="coerce").max()) + 1 if len(out) else 0
        added["idx"] = range(10**6 + start_idx, 10**6 + start_idx + len(added))  # never an engine statement's idx
        out = pd.concat([out, added.reindex(columns=out.columns)], ignore_index=True)
    unanchored = tuple(a for a in anchored if a.how == "unanchored")
    return Corrected(statements=out.reset_index(drop=True), unanchored=unanchored)


def moved(anchored: Iterable[Anchored], statements: pd.DataFrame) -> list[Correction]:
    """The corrections re-keyed to the spans they now apply to, to be stored back after a re-analysis (the
    same ones and the unanchored are returned unchanged)."""
    spans = {(aid, int(idx)): (int(s), int(e), int(cs), int(ce)) for aid, idx, s, e, cs, ce in
             statements[["article_id", "idx", "start", "end", "cue_start", "cue_end"]].itertuples(index=False)}
    out = []
    for a in anchored:
        c = a.correction
        if a.how == "shifted" and (c.article, a.statement) in spans:
            s, e, cs, ce = spans[(c.article, a.statement)]
            c = replace(c, start=s, end=e, cue_start=cs, cue_end=ce)
        out.append(c)
    return out


# Making corrections from what the analyst typed ------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\S)")


def sentences(text: str) -> list[tuple[int, int]]:
    """The character spans of the sentences (and headline lines) of a text, without the spaces between them."""
    spans, start = [], 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.end() if m else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + len(piece.rstrip())))
        start = end
    return spans


def find_words(text: str, words: str, start: int, end: int) -> tuple[int, int] | None:
    """Where `words` stand in text[start:end] (exactly, else ignoring case), or None."""
    words = words.strip()
    if not words:
        return None
    at = text.find(words, start, end)
    if at < 0:
        at = text[start:end].casefold().find(words.casefold())
        at = at + start if at >= 0 else -1
    return (at, at + len(words)) if at >= 0 else None


def _blank(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def edited(article: str, row: Mapping, text: str, *, speaker: str, stance: str, target: str, content: str
           ) -> Correction | None:
    """An EDIT of the statement `row` (a statements-frame row) with the fields that differ from what it shows;
    None when nothing differs. A blank speaker keeps the one shown, a blank target clears it; the content must
    be words of the statement's own span (its offsets follow)."""
    start, end = int(row["start"]), int(row["end"])
    changes: list[tuple[str, object]] = []
    shown = {"speaker": _blank(row.get("speaker")), "stance": row.get("stance"), "target": _blank(row.get("target"))}
    for name, value in (("speaker", _blank(speaker) or shown["speaker"]), ("stance", stance),
                        ("target", _blank(target))):
        if value != shown[name]:
            changes.append((name, value))
    content = content.strip()
    if content and content != (row.get("content") or "").strip():
        span = find_words(text, content, start, end)
        if span is None:
            raise ValueError("The content must be words of the statement itself.")
        changes += [("content", text[span[0]:span[1]]), ("content_start", span[0]), ("content_end", span[1])]
    if not changes:
        return None
    return Correction(article, start, end, int(row["cue_start"]), int(row["cue_end"]), EDIT, tuple(changes))


def added(article: str, text: str, sentence: tuple[int, int], *, speaker: str, cue: str, stance: str,
          target: str = "") -> Correction:
    """An ADD of a statement the engine missed: the sentence the analyst picked, with the speaker, the cue (words
    of that sentence) and the stance they chose."""
    start, end = sentence
    if not _blank(speaker):
        raise ValueError("Name the speaker of the statement.")
    span = find_words(text, cue, start, end)
    if span is None:
        raise ValueError("The cue must be words of the sentence picked, such as “said” or “warned”.")
    changes = (("speaker", speaker.strip()), ("cue", text[span[0]:span[1]]), ("stance", stance),
               ("target", _blank(target)), ("content", text[start:end]), ("content_start", start),
               ("content_end", end))
    return Correction(article, start, end, span[0], span[1], ADD, changes)


def describe(item: Correction | Decision) -> str:
    """One line saying what a correction or an actor decision does, for the history."""
    if isinstance(item, Decision):
        return {MERGE: f"merge {item.name} into {item.value}", SPLIT: f"split {item.name} out",
                RENAME: f"rename {item.name} to {item.value}", TYPE: f"type of {item.name}: {item.value}"}[item.kind]
    shown = ", ".join(f"{k} → {v if v is not None else 'none'}" for k, v in item.changes
                      if k not in ("content_start", "content_end"))
    if item.action == REJECT:
        return "not a statement"
    return f"{'added statement' if item.action == ADD else 'edit'}: {shown}"
