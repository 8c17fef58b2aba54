"""A corpus as every page shows it: the engine's frames with the analyst's corrections applied, then its actors
linked across articles and the analyst's decisions about them (merge, split, rename, type).

    layered = load(store, corpus_id)
    layered.frames          # what pages, filters, charts and exports read; statements carry `corrected`
    layered.ambiguous       # names the automatic linking left alone
    layered.unanchored      # corrections no statement of the current analysis carries, for review

Corrections come first, so a speaker or target the analyst types is linked like the engine's own names.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import corrections as cx
from .linking import Ambiguity
from .merges import linked_frames
from .tables import CorpusFrames, corpus_frames


@dataclass(frozen=True)
class Layered:
    """The frames as shown, the names linking and decisions changed ((article_id, name) → name shown), what
    linking left ambiguous and no merge or split of the analyst settled, and where each correction landed (in
    the order stored)."""

    frames: CorpusFrames
    names: dict[tuple[str, str], str]
    ambiguous: tuple[Ambiguity, ...]
    anchored: tuple[cx.Anchored, ...]

    @property
    def unanchored(self) -> tuple[cx.Anchored, ...]:
        return tuple(a for a in self.anchored if a.how == "unanchored")


def added_row(frames: CorpusFrames, correction: cx.Correction, text: str | None) -> dict:
    """The rest of the row of a statement the analyst added: its article's title, date, outlet and url, and the
    sentence they selected (from the article's `text`, when known)."""
    art = frames.articles[frames.articles["article_id"] == correction.article]
    row = {k: art[k].iloc[0] for k in ("title", "date", "outlet", "url")} if len(art) else {}
    changes = dict(correction.changes)
    if text is not None and 0 <= correction.start < correction.end <= len(text):
        row.update(sentence=text[correction.start:correction.end], context=text[correction.start:correction.end],
                   context_start=correction.start)
    return {**row, "direct": False, "negated": False, "content": changes.get("content", row.get("sentence"))}


def folded(corrections: Sequence[cx.Correction]) -> list[cx.Correction]:
    """The corrections (oldest first) with each edit or rejection of a statement the analyst added folded into
    that addition: an edit sets its fields, a rejection takes it back. The rest are kept as they are."""
    out: list[cx.Correction | None] = []
    added: dict[tuple, int] = {}  # the span of an addition → its place in `out`
    for c in corrections:
        key = (c.article, c.start, c.end, c.cue_start, c.cue_end)
        if c.action == cx.ADD:
            added[key] = len(out)
            out.append(c)
        elif key in added and out[added[key]] is not None:
            i = added[key]
            out[i] = None if c.action == cx.REJECT else replace(out[i], changes=tuple(
                {**dict(out[i].changes), **dict(c.changes)}.items()))
            if out[i] is None:
                del added[key]
        else:
            out.append(c)
    return [c for c in out if c is not None]


def layered_frames(frames: CorpusFrames, decisions: Sequence[cx.Decision] = (),
                   corrections: Sequence[cx.Correction] = (), texts: dict[str, str] | None = None) -> Layered:
    """The frames with the corrections applied (anchored to the current statements), then linked and decided.

    Args:
        texts: article id → text, for the articles with a statement the analyst added (its sentence is shown).
    """
    anchored = cx.anchor(folded(corrections), frames.statements)
    added = {i: added_row(frames, a.correction, (texts or {}).get(a.correction.article))
             for i, a in enumerate(anchored) if a.how == "added"}
    corrected = cx.apply(frames.statements, anchored, added).statements
    corrected["corrected"] = corrected["corrected"].fillna(False).astype(bool)
    linked = linked_frames(replace(frames, statements=corrected), decisions)
    settled = {d.name for d in decisions if d.kind in (cx.MERGE, cx.SPLIT)}  # the analyst decided these
    return Layered(frames=linked.frames, names=linked.names, anchored=tuple(anchored),
                   ambiguous=tuple(a for a in linked.ambiguous if a.name not in settled))


def load(store, corpus_id: int) -> Layered:
    """A stored corpus as shown: its frames (Store.rows), decisions and corrections (store/layers.py)."""
    from .store.layers import Layers

    layers = Layers(store)
    corrections = layers.corrections(corpus_id)
    texts = {}
    for article in {c.article for c in corrections if c.action == cx.ADD}:
        if (result := store.article(article)) is not None:
            texts[article] = result.article.text
    return layered_frames(corpus_frames(store.rows(corpus_id)), layers.decisions(corpus_id), corrections, texts)
