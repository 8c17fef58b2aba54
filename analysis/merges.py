"""A corpus's actors under one name each: the automatic linking of linking.py, then the analyst's decisions.

The analyst can merge two actors, split a name back out of a merge, rename an actor, and set its type. The
decisions are plain records stored per corpus; `linked_frames` applies linking and decisions to a corpus's
frames, so every page, filter, chart and export that reads the frames sees one actor under one name.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .corrections import ACTOR_TYPES, MERGE, RENAME, SPLIT, Decision
from .linking import Ambiguity, link_actors
from .tables import CorpusFrames
from .types import Actor, Analysis, Article, Statement


@dataclass(frozen=True)
class Linked:
    """The frames under corpus-level names; `names` maps (article_id, name in the article) → name shown, for
    every name that changed; `ambiguous` lists what linking left alone."""

    frames: CorpusFrames
    names: dict[tuple[str, str], str]
    ambiguous: tuple[Ambiguity, ...] = ()


def _analyses(frames: CorpusFrames) -> tuple[list[str], list[Analysis]]:
    """Light Analyses (names only) of the frames' articles, which is all linking reads (plain lists, not a
    groupby: this runs on every corpus a page opens)."""
    ids = list(frames.articles["article_id"])

    def text(v) -> str | None:
        return v if isinstance(v, str) and v else None

    said: dict[str, list[Statement]] = {}
    st = frames.statements
    for aid, s, t in zip(st["article_id"].tolist(), st["speaker"].tolist(), st["target"].tolist(), strict=True):
        said.setdefault(aid, []).append(Statement(
            speaker=text(s), cue="", stance="say", target=text(t), content="", direct=False, start=0, end=0,
            cue_start=0, cue_end=0, content_start=0, content_end=0))
    cast: dict[str, list[Actor]] = {}
    ac = frames.actors
    for aid, n, ty, al in zip(ac["article_id"].tolist(), ac["name"].tolist(), ac["type"].tolist(),
                              ac["aliases"].tolist(), strict=True):
        if isinstance(n, str):
            cast.setdefault(aid, []).append(Actor(name=n, type=ty if isinstance(ty, str) else "",
                                                  aliases=tuple(al) if isinstance(al, list | tuple) else ()))
    out = [Analysis(article=Article(text="", source=str(aid)), statements=tuple(said.get(aid, ())),
                    actors=tuple(cast.get(aid, ()))) for aid in ids]
    return ids, out


def _follow(name: str, merged: dict[str, str]) -> str:
    """The end of a chain of merges (a cycle stops where it would repeat)."""
    seen = {name}
    while name in merged and merged[name] not in seen:
        name = merged[name]
        seen.add(name)
    return name


def linked_frames(frames: CorpusFrames, decisions: Sequence[Decision] = (), *, automatic: bool = True) -> Linked:
    """The frames with speakers, targets and actors under corpus-level names.

    Automatic linking first (unless `automatic` is off), then the decisions in the order given (oldest first):
    a split takes a name out of the linking and out of earlier merges, a merge sends a name to another, a
    rename relabels an actor as shown, a type sets the type of the actor as shown.
    """
    ids, analyses = _analyses(frames)
    linking = link_actors(analyses) if automatic else None
    merged: dict[str, str] = {}
    split: set[str] = set()
    renamed: dict[str, str] = {}
    typed: dict[str, str] = {}
    for d in decisions:
        if d.kind == SPLIT:
            split.add(d.name)
            merged.pop(d.name, None)
        elif d.kind == MERGE:
            merged[d.name] = d.value
            split.discard(d.name)
        elif d.kind == RENAME:
            renamed[d.name] = d.value
        else:
            typed[d.name] = ACTOR_TYPES.get(d.value, d.value)
    position = {aid: i for i, aid in enumerate(ids)}
    cache: dict[tuple[str, str], str] = {}

    def shown(aid, name):
        if not isinstance(name, str):
            return name
        key = (aid, name)
        if key not in cache:
            auto = name if name in split or linking is None else linking.canonical(position[aid], name)
            final = _follow(auto, merged) if name not in split else _follow(name, merged)
            cache[key] = renamed.get(final, final)
        return cache[key]

    st = frames.statements.copy()
    st["speaker"] = [shown(a, n) for a, n in zip(st["article_id"], st["speaker"], strict=True)]
    st["target"] = [shown(a, n) for a, n in zip(st["article_id"], st["target"], strict=True)]
    actors = frames.actors.copy()
    if len(actors):
        original = actors["name"].tolist()
        actors["name"] = [shown(a, n) for a, n in zip(actors["article_id"], original, strict=True)]
        actors["aliases"] = [_aliases(al, old, new) for al, old, new in
                             zip(actors["aliases"], original, actors["name"], strict=True)]
        if linking is not None:
            actors["type"] = [linking.types.get(n, t) for n, t in zip(actors["name"], actors["type"], strict=True)]
        actors["type"] = [typed.get(n, t) for n, t in zip(actors["name"], actors["type"], strict=True)]
    names = {k: v for k, v in cache.items() if k[1] != v}
    return Linked(frames=CorpusFrames(articles=frames.articles, statements=st, actors=actors,
                                      locations=frames.locations),
                  names=names, ambiguous=linking.ambiguous if linking is not None else ())


def _aliases(aliases, old: str, new: str) -> list[str]:
    """An actor's aliases once it is shown as `new`: its old name joins them."""
    kept = [a for a in (aliases if isinstance(aliases, list | tuple) else ()) if a != new]
    return list(dict.fromkeys([*kept, *([old] if isinstance(old, str) and old != new else [])]))


def actor_names(linked: Linked) -> pd.DataFrame:
    """Every name shown, with the names it gathers: columns name, type, from (the per-article names)."""
    rows: dict[str, set[str]] = {}
    for (_aid, original), name in linked.names.items():
        rows.setdefault(name, set()).add(original)
    types = dict(zip(linked.frames.actors["name"], linked.frames.actors["type"], strict=True)) if len(
        linked.frames.actors) else {}
    return pd.DataFrame([{"name": n, "type": types.get(n), "from": ", ".join(sorted(o))} for n, o in
                         sorted(rows.items())], columns=["name", "type", "from"])


def decisions_from(rows: Iterable[dict]) -> list[Decision]:
    """Stored decision rows (kind, name, value, author, created) as Decisions, oldest first; a row that is not
    a valid decision is skipped (it cannot have been stored through `Decision`)."""
    out = []
    for r in sorted(rows, key=lambda r: str(r.get("created") or "")):
        try:
            out.append(Decision(str(r.get("kind")), str(r.get("name") or ""), str(r.get("value") or ""),
                                str(r.get("author") or ""), str(r.get("created") or "")))
        except ValueError:
            continue
    return out


def decided_name(decisions: Sequence[Decision], shown: str) -> str:
    """The name a new decision about the actor shown as `shown` is keyed by: the name it had before the renames
    of `decisions` (a rename relabels the name it was given, so a later merge or rename must use that name)."""
    seen = {shown}
    while True:
        before = next((d.name for d in reversed(decisions) if d.kind == RENAME and d.value == shown), None)
        if before is None or before in seen:
            return shown
        shown = before
        seen.add(before)


def shown_names(frames: CorpusFrames) -> list[str]:
    """Every actor name the frames show (speakers, targets, actors), sorted, without the unknown speaker."""
    from .tables import UNKNOWN_SPEAKER

    names = {*frames.statements["speaker"], *frames.statements["target"], *frames.actors["name"]}
    return sorted(n for n in names if isinstance(n, str) and n and n != UNKNOWN_SPEAKER)


def gathered(linked, shown: str) -> list[str]:
    """The per-article names gathered under the actor shown as `shown` (by linking or merges), which a split can
    take back out; `linked` is a Linked or a layered.Layered."""
    return sorted({original for (_aid, original), name in linked.names.items() if name == shown})


def article_actors(frames: CorpusFrames, article_id: str) -> pd.DataFrame:
    """The actors of one article under the names shown (two names linked into one are one row): columns actor,
    type, role, aliases, mentions; most mentioned first."""
    mine = frames.actors[frames.actors["article_id"] == article_id]
    rows: dict[str, dict] = {}
    for r in mine.itertuples(index=False):
        row = rows.setdefault(r.name, {"actor": r.name, "type": r.type, "role": None, "aliases": set(),
                                       "mentions": 0})
        row["role"] = row["role"] or (r.role if isinstance(r.role, str) and r.role else None)
        row["aliases"] |= {a for a in (r.aliases if isinstance(r.aliases, list | tuple) else ()) if a != r.name}
        row["mentions"] += int(r.mentions) if not pd.isna(r.mentions) else 0
    out = pd.DataFrame([{**r, "aliases": ", ".join(sorted(r["aliases"]))} for r in rows.values()],
                       columns=["actor", "type", "role", "aliases", "mentions"])
    return out.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)
