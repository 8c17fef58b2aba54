"""Frozen records returned by the engine: articles in, statements, actors and places out."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field

STANCES = ("say", "accuse", "urge", "insist", "agree", "support", "deny", "warn", "ask", "report", "promise")


@dataclass(frozen=True)
class Article:
    """One article as ingested: its text plus whatever metadata the source carried."""

    text: str
    source: str = ""
    title: str | None = None
    date: str | None = None  # ISO 8601 date, "YYYY-MM-DD"
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None  # ISO 639-1 code when detected, e.g. "en"


@dataclass(frozen=True)
class Statement:
    """One act of speech or stance: who, with which cue and stance, towards whom, saying what."""

    speaker: str | None
    cue: str
    stance: str
    target: str | None
    content: str
    direct: bool
    start: int  # character span of the whole statement (sentence or quotation) in the article text
    end: int
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    negated: bool = False
    speaker_text: str | None = None  # the words that name the speaker in the text ("he", "the agency")
    location: str | None = None  # where the statement was made, when the text says so
    sentence: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Actor:
    """An actor of the article under one canonical name."""

    name: str
    type: str  # PERSON, ORG, GPE or GROUP
    aliases: tuple[str, ...] = ()
    role: str | None = None
    mentions: int = 0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d


@dataclass(frozen=True)
class Location:
    """A place named in the article, geocoded offline."""

    name: str
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    kind: str = "place"  # "country", "city", "region" or "place"
    mentions: int = 1
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d


@dataclass(frozen=True)
class Analysis:
    """Everything the engine found in one article."""

    article: Article
    statements: tuple[Statement, ...] = field(default_factory=tuple)
    actors: tuple[Actor, ...] = field(default_factory=tuple)
    locations: tuple[Location, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """The JSON Lines record of `python -m analysis extract`."""
        a = self.article
        return {
            "source": a.source,
            "title": a.title,
            "date": a.date,
            "outlet": a.outlet,
            "author": a.author,
            "url": a.url,
            "statements": [s.to_dict() for s in self.statements],
            "actors": [x.to_dict() for x in self.actors],
            "locations": [x.to_dict() for x in self.locations],
        }

    @classmethod
    def from_dict(cls, d: dict, text: str = "") -> Analysis:
        """Rebuild an Analysis from its to_dict() record (the article text is not part of the record)."""
        article = Article(
            text=d.get("text", text),
            **{k: d.get(k) for k in ("title", "date", "outlet", "author", "url")},
            source=d.get("source") or "",
        )
        return cls(
            article=article,
            statements=tuple(Statement(**s) for s in d.get("statements", ())),
            actors=tuple(Actor(**{**a, "aliases": tuple(a.get("aliases", ()))}) for a in d.get("actors", ())),
            locations=tuple(Location(**{**x, "aliases": tuple(x.get("aliases", ()))}) for x in d.get("locations", ())),
        )


def content_hash(text: str) -> str:
    """The key of an article everywhere: the sha256 hex digest of its text after NFKC and whitespace normalisation."""
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def statement_context(text: str, s: Statement) -> tuple[str, int | None]:
    """The passage to show for a statement, and its offset in the article (None when offsets are unusable).

    The statement's sentence when it can be found around the cue; else the span covering statement, cue and
    content; else the sentence or content alone.
    """
    n = len(text)
    offsets = (s.start, s.end, s.cue_start, s.cue_end, s.content_start, s.content_end)
    valid = all(isinstance(o, int) and 0 <= o <= n for o in offsets) and s.cue_start < s.cue_end
    if valid and s.sentence:
        i = text.find(s.sentence, max(0, s.cue_end - len(s.sentence)))
        if 0 <= i <= s.cue_start and i + len(s.sentence) >= s.cue_end:
            return s.sentence, i
    if valid:
        lo = min(s.start, s.cue_start, s.content_start)
        hi = max(s.end, s.cue_end, s.content_end)
        if hi > lo:
            return text[lo:hi], lo
    return s.sentence or s.content, None
