"""The built-in demo corpora, each a folder holding articles/*.txt and their metadata in articles.json.

* analysis/demo: articles on unrelated stories, one per country ("Demo corpus");
* analysis/demo/story: one developing story, a port strike at Montevideo that turns into a trade quarrel
  between Uruguay and Argentina, told over 15 days by five outlets ("Port dispute (demo)"). Its recurring
  actors are named in varied ways (full name, surname, title, acronym), and two of them share a surname.

The first line of each text file is its headline. Metadata entries are {"file", "title", "date", "outlet",
"author", "url"}; a text file without an entry still loads, titled by its headline.
"""
from __future__ import annotations

import json
from pathlib import Path

from .types import Article

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
