"""The built-in demo corpora, each a folder holding articles/*.txt and their metadata in articles.json.

* analysis/demo: articles on unrelated stories, one per country ("Demo corpus");
* analysis/demo/story: one developing story, a port strike at Montevideo that turns into a trade quarrel
  between Uruguay and Argentina, told over 15 days by five outlets ("Port dispute (demo)"). Its recurring
  actors are named in varied ways (full name, surname, title, acronym), and two of them share a surname.

The first line of each text file is its headline. Metadata entries are {"file", "title", "date", "outlet",
"author", "url"}; a text file without an entry still loads, titled by its headline.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

from .types import Analysis, Article

DEMO_DIR = Path(__file__).parent / "demo"
DEMO_NAME = "Demo corpus"
STORY_DIR = DEMO_DIR / "story"
STORY_NAME = "Port dispute (demo)"


def load_demo(directory: str | Path | None = None) -> tuple[Article, ...]:
    """The demo articles in file-name order (an empty tuple when the folder has none).

    Raises:
        ValueError: when articles.json is not a list of objects with a "file" key.
    """
    directory = Path(DEMO_DIR if directory is None else directory)
    meta_path = directory / "articles.json"
    entries = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else []
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "file" in e for e in entries):
        raise ValueError(f"{meta_path} must be a list of objects with a 'file' key")
    meta = {Path(e["file"]).name: e for e in entries}
    articles = []
    for path in sorted((directory / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8").strip()
        if not text:
            continue
        entry = meta.get(path.name, {})
        headline = text.splitlines()[0].strip()
        articles.append(Article(
            text=text, source=path.name, title=entry.get("title") or headline, date=entry.get("date"),
            outlet=entry.get("outlet"), author=entry.get("author"), url=entry.get("url"), language="en"))
    return tuple(articles)


def load_story() -> tuple[Article, ...]:
    """The articles of the port dispute story (analysis/demo/story), in date order."""
    return load_demo(STORY_DIR)


# A snapshot of the demo's analyses, so that a fresh database shows the demo without loading the model: made by
# `make` (python -m analysis.tools.prepare) or on the first analysis, one file per engine version and demo text.


def snapshot_path(version: str, hashes: Sequence[str]) -> Path:
    """Where the analyses of the demo articles with these content hashes, by engine `version`, are kept."""
    from . import config

    try:
        folder = Path(config.value("cache_dir")).expanduser()
    except RuntimeError:  # no home directory
        folder = Path(tempfile.gettempdir()) / "who-says-what"
    key = hashlib.sha256("\n".join([version, *hashes]).encode()).hexdigest()[:16]
    return folder / f"demo-{key}.json"


def load_snapshot(version: str, articles: Sequence[Article], hashes: Sequence[str]) -> list[Analysis] | None:
    """The snapshot's analyses of `articles` (hashes[i] is the content hash of articles[i]), or None when there
    is no snapshot for them and this engine version, or it cannot be read. An extra cue lexicon (WSW_CUES)
    changes what the engine finds, so no snapshot is used then."""
    from . import config

    path = snapshot_path(version, hashes)
    if config.value("cues") or not path.exists():
        return None
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        return [replace(Analysis.from_dict(records[h]), article=a) for a, h in zip(articles, hashes, strict=True)]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_snapshot(version: str, analyses: Sequence[Analysis], hashes: Sequence[str]) -> None:
    """Keep the analyses of the demo articles (hashes[i] is that of analyses[i]); a cache directory that cannot
    be written only means the next fresh database analyses the demo again."""
    from . import config

    if config.value("cues"):
        return
    path = snapshot_path(version, hashes)
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({h: a.to_dict() for a, h in zip(analyses, hashes, strict=True)}, out)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
