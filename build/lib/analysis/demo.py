"""The built-in demo corpus: analysis/demo/articles/*.txt plus their metadata in analysis/demo/articles.json.

The first line of each text file is its headline. Metadata entries are {"file", "title", "date", "outlet",
"author", "url"}; a text file without an entry still loads, titled by its headline.
"""
from __future__ import annotations

import json
from pathlib import Path

from .types import Article

DEMO_DIR = Path(__file__).parent / "demo"
DEMO_NAME = "Demo corpus"


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
