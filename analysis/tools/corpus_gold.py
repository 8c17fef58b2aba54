"""A corpus's corrections as a gold set: `python -m analysis gold --database URL --corpus-name NAME -o DIR`.

Every article of the corpus with at least one correction counts as reviewed by the analyst: its statements as
the dashboard shows them (the engine's, with the corrections applied, those marked "not a statement" left out
and those added put in, under the corpus-level actor names) become its gold record, in the format of
tests/gold. DIR gets one `<id>.json` gold file and one `<id>.txt` article text per reviewed article, so that

    python -m analysis evaluate DIR --corpus DIR

scores the engine against the analyst's corrections.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..layered import load
from ..store import Store
from ..tables import UNKNOWN_SPEAKER


@dataclass(frozen=True)
class GoldArticle:
    """One reviewed article: its file stem, its text and its gold record."""

    stem: str
    text: str
    record: dict


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def gold_articles(store: Store, corpus_id: int) -> list[GoldArticle]:
    """The gold records of the corpus's articles that carry a correction, in the corpus's order."""
    layered = load(store, corpus_id)
    reviewed = {a.correction.article for a in layered.anchored if a.how != "unanchored"}
    statements, actors = layered.frames.statements, layered.frames.actors
    out = []
    for article_id in layered.frames.articles["article_id"]:
        if article_id not in reviewed or (result := store.article(article_id)) is None:
            continue
        mine = statements[statements["article_id"] == article_id].sort_values(["start", "idx"])
        cast = {}
        for r in actors[actors["article_id"] == article_id].itertuples(index=False):
            entry = cast.setdefault(r.name, {"type": _text(r.type) or "", "aliases": []})
            entry["aliases"] = sorted({*entry["aliases"], *(r.aliases if isinstance(r.aliases, list | tuple)
                                                             else ())} - {r.name})
        for (aid, original), shown in layered.names.items():  # the names linking or merges replaced
            if aid == article_id:
                entry = cast.setdefault(shown, {"type": "", "aliases": []})
                entry["aliases"] = sorted({*entry["aliases"], original} - {shown})
        stem = article_id[:16]
        record = {
            "article": f"{stem}.txt",
            "notes": ["Made from the analyst's corrections of this article in the dashboard."],
            "actors": cast,
            "statements": [{"speaker": _text(s.speaker), "cue": _text(s.cue) or "", "stance": s.stance,
                            "target": _text(s.target), "content": _text(s.content) or "",
                            "direct": bool(s.direct) if not pd.isna(s.direct) else False}
                           | ({"speaker": None} if s.speaker == UNKNOWN_SPEAKER else {})
                           for s in mine.itertuples(index=False)],
        }
        out.append(GoldArticle(stem, result.article.text, record))
    return out


def write_gold(store: Store, corpus_id: int, folder: str | Path) -> list[Path]:
    """Write the corpus's gold files and article texts into `folder`; the gold files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for g in gold_articles(store, corpus_id):
        (folder / f"{g.stem}.txt").write_text(g.text, encoding="utf-8")
        path = folder / f"{g.stem}.json"
        path.write_text(json.dumps(g.record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
