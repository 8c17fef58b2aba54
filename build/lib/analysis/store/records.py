"""Rows in and out of the store's tables: articles linked to corpora, analyses with their flat copies."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from ..types import Analysis, Article, content_hash, statement_context
from .dialect import Connection
from .schema import FLAT_TABLES, STATEMENT_COLUMNS, now

ARTICLE_FIELDS = ("title", "date", "outlet", "author", "url", "source", "language")


def _key(text: str, hashes: Mapping[str, str] | None) -> str:
    """The text's content hash: from `hashes` (text -> hash) when the caller computed it already."""
    known = hashes.get(text) if hashes else None
    return known or content_hash(text)


def link_articles(con: Connection, corpus_id: int, articles: Sequence[Article], start: int = 0,
                  hashes: Mapping[str, str] | None = None) -> int:
    """Store the articles (shared when their text is known) and link them to the corpus; returns the count."""
    count = 0
    for position, article in enumerate(articles, start):
        fields = [getattr(article, f) for f in ARTICLE_FIELDS]
        _refuse_nul(article, fields)
        h = _key(article.text, hashes)
        con.execute(
            "INSERT INTO articles(hash, title, date, outlet, author, url, source, language, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING", (h, *fields, article.text))
        con.execute("INSERT INTO corpus_articles(corpus_id, article_hash, position) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING", (corpus_id, h, position))
        count += 1
    return count


def save_analyses(con: Connection, analyses: Iterable[Analysis], engine_version: str,
                  hashes: Mapping[str, str] | None = None) -> int:
    count = 0
    touched: list[str] = []
    for analysis in analyses:
        text = analysis.article.text
        h = _key(text, hashes)
        if con.execute("SELECT 1 FROM articles WHERE hash = ?", (h,)).fetchone() is None:
            raise KeyError(f"article {h[:12]} is not in the store; add it to a corpus before its analysis")
        record = json.dumps(analysis.to_dict(), ensure_ascii=False)
        con.execute("INSERT INTO analyses(article_hash, engine_version, analysed, record) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (article_hash) DO UPDATE SET engine_version = excluded.engine_version, "
                    "analysed = excluded.analysed, record = excluded.record",
                    (h, engine_version, now(), record))
        for table in FLAT_TABLES:
            con.execute(f"DELETE FROM {table} WHERE article_hash = ?", (h,))
        con.executemany(
            "INSERT INTO statements(article_hash, idx, speaker, speaker_text, cue, stance, target, content, "
            "direct, negated, location, sentence, start, \"end\", cue_start, cue_end, content_start, content_end, "
            "context, context_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(h, i, *_statement_values(s), *statement_context(text, s)) for i, s in enumerate(analysis.statements)])
        con.executemany(
            "INSERT INTO actors(article_hash, idx, name, type, aliases, role, mentions) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(h, i, a.name, a.type, json.dumps(list(a.aliases), ensure_ascii=False), a.role, a.mentions)
             for i, a in enumerate(analysis.actors)])
        con.executemany(
            "INSERT INTO locations(article_hash, idx, name, country, lat, lon, kind, mentions, aliases) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(h, i, x.name, x.country, x.lat, x.lon, x.kind, x.mentions,
              json.dumps(list(x.aliases), ensure_ascii=False)) for i, x in enumerate(analysis.locations)])
        touched.append(h)
        count += 1
    for i in range(0, len(touched), 500):
        chunk = touched[i:i + 500]
        con.execute(
            "UPDATE corpora SET revision = revision + 1 WHERE id IN (SELECT corpus_id FROM corpus_articles "
            f"WHERE article_hash IN ({','.join('?' * len(chunk))}))", chunk)
    return count


def drop_orphans(con: Connection) -> int:
    """Delete the articles no corpus holds, with their analyses; returns how many went."""
    orphans = "SELECT hash FROM articles WHERE hash NOT IN (SELECT article_hash FROM corpus_articles)"
    for table in (*FLAT_TABLES, "analyses"):
        con.execute(f"DELETE FROM {table} WHERE article_hash IN ({orphans})")
    return con.execute(f"DELETE FROM articles WHERE hash IN ({orphans})").rowcount


def _statement_values(s) -> tuple:
    # Flags go in as 0/1: PostgreSQL does not turn a boolean into an INTEGER column by itself.
    return tuple(int(v) if isinstance(v, bool) else v for v in (getattr(s, c) for c in STATEMENT_COLUMNS))


def _refuse_nul(article: Article, fields: Sequence) -> None:
    """Refuse NUL characters, which PostgreSQL cannot store in text (ingestion already refuses them)."""
    if any(isinstance(v, str) and "\x00" in v for v in (article.text, *fields)):
        raise ValueError(f"article {article.source or article.title or '?'!r} contains a NUL character "
                         "(\\x00); text without control characters is allowed")


def article_from_row(row: Mapping) -> Article:
    return Article(text=row["text"], **{f: row[f] for f in ARTICLE_FIELDS if f != "source"},
                   source=row["source"] or "")
