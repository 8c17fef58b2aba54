"""What a dashboard page shows, as plain values: the query string of one run, and the view built from it."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import highlight, tables
from .access import LOCAL, Principal
from .store import CorpusInfo, Store

PAGES = (  # the dashboard's pages in the sidebar's order: path, title, icon (emoji: no icon font to load)
    ("pages/overview.py", "Overview", "📊"),
    ("pages/statements.py", "Statements", "💬"),
    ("pages/articles.py", "Articles", "📰"),
    ("pages/actors.py", "Actors", "👤"),
    ("pages/network.py", "Network", "🕸️"),
    ("pages/map.py", "Map", "🗺️"),
    ("pages/timeline.py", "Timeline", "📅"),
    ("pages/outlets.py", "Outlets", "⚖️"),
    ("pages/corpus.py", "Manage corpus", "🗂️"),
)


@dataclass(frozen=True)
class Url:
    """The query string of one script run: the parameters the link set since this session last wrote it
    (`asked`), the parameters this run writes back (`out`, filled by start() and the bound widgets), and the
    values of the link that were dropped (`ignored`: unknown or malformed), which the page header names."""

    asked: dict[str, list[str]]
    out: dict[str, list[str]] = field(default_factory=dict)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (parameter, value) the link asked in vain


@dataclass(frozen=True)
class View:
    """What every page shows: the open corpus, its frames, the filters, the statements that pass them, this run's
    query string; `me` is who looks, `role` their role on the corpus and `share` the share token that opened it."""

    store: Store
    corpus: CorpusInfo | None
    frames: tables.CorpusFrames
    filters: tables.Filters
    statements: pd.DataFrame
    url: Url
    me: Principal = Principal(LOCAL)
    role: str | None = None
    share: str | None = None

    def href(self, article_id: str, page: str = "articles", *, statement: int | None = None) -> str:
        """A link to an article on `page`. Links reload the app in a new session, so they carry the corpus, the
        share token that opened it and the filters; `statement` makes the reader mark that statement."""
        return highlight.article_href(self.corpus.id if self.corpus else None, article_id, page, share=self.share,
                                      params=tables.filters_to_params(self.filters), statement=statement)
