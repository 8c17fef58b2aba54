"""Tidy who-says-what frames: a corpus as DataFrames, filters, chart selections, profiles and exports.

Pure functions of DataFrames and plain values, so every view of the dashboard can be tested without it.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date

import pandas as pd

from .controls import SliderBounds as SliderBounds
from .controls import blank_cells as blank_cells
from .controls import plural as plural
from .controls import slider_bounds as slider_bounds
from .controls import slider_choice as slider_choice

# Downloads, the time axis and page controls live in exports.py, timeline.py and controls.py; their names are
# re-exported here.
from .exports import (
    CSV_TRIGGERS as CSV_TRIGGERS,
)
from .exports import (
    EXPORT_COLUMNS as EXPORT_COLUMNS,
)
from .exports import (
    csv_safe as csv_safe,
)
from .exports import (
    export_frame as export_frame,
)
from .exports import (
    to_csv as to_csv,
)
from .exports import (
    to_json as to_json,
)
from .exports import (
    to_parquet as to_parquet,
)
from .exports import (
    web_url as web_url,
)
from .searching import search_statements
from .timeline import PERIODS
from .timeline import TIME_UNITS as TIME_UNITS
from .timeline import default_window as default_window
from .timeline import time_unit as time_unit
from .types import STANCES

UNKNOWN_SPEAKER = "(unknown speaker)"
ARTICLE_COLUMNS = ("article_id", "title", "date", "outlet", "author", "url", "source", "language", "position",
                   "chars", "statements")
STATEMENT_COLUMNS = ("article_id", "idx", "speaker", "speaker_text", "cue", "stance", "target", "content", "direct",
                     "negated", "location", "sentence", "start", "end", "cue_start", "cue_end", "content_start",
                     "content_end", "context", "context_start")
ACTOR_COLUMNS = ("article_id", "idx", "name", "type", "aliases", "role", "mentions")
LOCATION_COLUMNS = ("article_id", "idx", "name", "country", "lat", "lon", "kind", "mentions", "aliases")


@dataclass(frozen=True)
class CorpusFrames:
    """A corpus as tidy frames. `statements` carries its article's title, date, outlet and url."""

    articles: pd.DataFrame
    statements: pd.DataFrame
    actors: pd.DataFrame
    locations: pd.DataFrame


def _frame(rows: list[dict], columns: Iterable[str]) -> pd.DataFrame:
    columns = list(columns)
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def corpus_frames(rows: Mapping[str, list[dict]]) -> CorpusFrames:
    """Build the frames of a corpus from the store's flat rows (Store.rows())."""
    articles = _frame(rows.get("articles", []), ARTICLE_COLUMNS)
    articles["date"] = pd.to_datetime(articles["date"], errors="coerce", format="ISO8601")
    articles["statements"] = articles["statements"].fillna(0).astype(int)
    st = _frame(rows.get("statements", []), STATEMENT_COLUMNS)
    st["speaker"] = st["speaker"].where(st["speaker"].notna() & (st["speaker"] != ""), UNKNOWN_SPEAKER)
    st["target"] = st["target"].where(st["target"] != "", None)
    st["direct"] = st["direct"].fillna(False).astype(bool)
    st["negated"] = st["negated"].fillna(False).astype(bool)
    meta = articles[["article_id", "title", "date", "outlet", "url"]]
    st = st.merge(meta, on="article_id", how="left")
    actors = _frame(rows.get("actors", []), ACTOR_COLUMNS)
    locations = _frame(rows.get("locations", []), LOCATION_COLUMNS)
    for col in ("lat", "lon"):
        locations[col] = pd.to_numeric(locations[col], errors="coerce")
    locations["mentions"] = pd.to_numeric(locations["mentions"], errors="coerce").fillna(1).astype(int)
    return CorpusFrames(articles=articles, statements=st, actors=actors, locations=locations)


# Filters ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the statements to. Empty tuples and None mean "any"."""

    speaker: tuple[str, ...] = ()
    stance: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    article: tuple[str, ...] = ()  # article ids
    outlet: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    direct: bool | None = None  # True: quotations only; False: reported speech only
    search: str = ""  # words, "a phrase", prefix* (store/search.py), searched in what was said

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) not in ((), None, "") for f in fields(self))


_LIST_FILTERS = ("speaker", "stance", "target", "article", "outlet")


def apply_filters(statements: pd.DataFrame, f: Filters, found: Collection[tuple[str, int]] | None = None
                  ) -> pd.DataFrame:
    """The statements that pass every filter; `found` are the (article id, idx) pairs the database's search index
    found for `f.search` (see search_statements)."""
    keep = pd.Series(True, index=statements.index)
    for name, column in zip(_LIST_FILTERS, ("speaker", "stance", "target", "article_id", "outlet"), strict=True):
        values = getattr(f, name)
        if values:
            keep &= statements[column].isin(values)
    if f.date_from is not None:
        keep &= statements["date"] >= pd.Timestamp(f.date_from)
    if f.date_to is not None:
        keep &= statements["date"] < pd.Timestamp(f.date_to) + pd.Timedelta(days=1)
    if f.direct is not None:
        keep &= statements["direct"] == f.direct
    return search_statements(statements if keep.all() else statements[keep], f.search, found)  # no needless copy


def filters_to_params(f: Filters) -> dict[str, list[str]]:
    """Query-string form of the filters; unset filters are left out."""
    out: dict[str, list[str]] = {name: list(getattr(f, name)) for name in _LIST_FILTERS if getattr(f, name)}
    if f.date_from:
        out["from"] = [f.date_from.isoformat()]
    if f.date_to:
        out["to"] = [f.date_to.isoformat()]
    if f.direct is not None:
        out["direct"] = ["yes" if f.direct else "no"]
    if f.search:
        out["q"] = [f.search]
    return out


def filters_from_params(params: Mapping[str, str | list[str]]) -> Filters:
    """Filters from a query string (as st.query_params.to_dict() or lists); bad values are ignored."""

    def values(key: str) -> list[str]:
        v = params.get(key, [])
        return [x for x in ([v] if isinstance(v, str) else list(v)) if x]

    def day(key: str) -> date | None:
        for v in values(key):
            try:
                return date.fromisoformat(v)
            except ValueError:
                return None
        return None

    direct = {"yes": True, "no": False}.get((values("direct") or [""])[0])
    return Filters(**{name: tuple(dict.fromkeys(values(name))) for name in _LIST_FILTERS},
                   date_from=day("from"), date_to=day("to"), direct=direct, search=(values("q") or [""])[0].strip())


@dataclass(frozen=True)
class Selection:
    """What the analyst picked inside the filtered statements: heat-map cells.

    Unlike Filters it does not narrow every page, but it lives in the query string too, so a shared link
    reopens it.
    """

    cells: tuple[tuple[str, str], ...] = ()  # (speaker, stance)


def _escape_stance(stance: str) -> str:
    return stance.replace("%", "%25").replace(":", "%3A")


def _unescape_stance(text: str) -> str:
    return text.replace("%3A", ":").replace("%25", "%")


def selection_to_params(s: Selection) -> dict[str, list[str]]:
    """Query-string form of a selection: `cell=stance:speaker` per cell."""
    out: dict[str, list[str]] = {}
    if s.cells:
        out["cell"] = [f"{_escape_stance(stance)}:{speaker}" for speaker, stance in s.cells]
    return out


def selection_from_params(params: Mapping[str, str | list[str]]) -> Selection:
    """A selection from a query string; a cell value without a colon is ignored, never an error."""
    def values(key: str) -> list[str]:
        v = params.get(key, [])
        return [x for x in ([v] if isinstance(v, str) else list(v)) if isinstance(x, str) and x]

    cells = []
    for v in values("cell"):
        stance, colon, speaker = v.partition(":")
        if colon and stance and speaker:
            cells.append((speaker, _unescape_stance(stance)))
    return Selection(cells=tuple(dict.fromkeys(cells)))


# Dates ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateChoice:
    """The article-date range of one corpus: `date_from` / `date_to` are None while that end is left open,
    so an open end follows the corpus when later (or earlier) articles arrive. `lo`..`hi` are the corpus's
    dates when the range was last shown."""

    corpus_id: int | None
    lo: date
    hi: date
    date_from: date | None = None
    date_to: date | None = None

    @property
    def shown(self) -> tuple[date, date]:
        """The (start, end) a date picker shows: open ends at the corpus's first and last dates."""
        start = min(max(self.date_from or self.lo, self.lo), self.hi)
        end = min(max(self.date_to or self.hi, start), self.hi)
        return start, end


def date_choice(lo: date, hi: date, *, corpus_id: int | None, previous: DateChoice | None = None,
                picked: Sequence[date] | None = None, url: tuple[date | None, date | None] | None = None
                ) -> DateChoice:
    """The date range in force, from what was in force before, what the picker returned and what a link asked.

    Args:
        lo, hi: the corpus's first and last article dates now.
        corpus_id: the open corpus; a range chosen on another corpus is dropped, not carried over.
        previous: the choice of the last run (None on the first).
        picked: the picker's value this run (anything but a tuple or list counts as none); it counts only
            when it differs from `previous.shown` (the analyst moved it).
            An end at the corpus's first or last date is open.
        url: (from, to) that a link asked for; it wins over everything else.
    """
    date_from = date_to = None
    picked = picked if isinstance(picked, tuple | list) else None  # a picker half-way through a range: a date
    if previous is not None and previous.corpus_id == corpus_id:
        date_from, date_to = previous.date_from, previous.date_to
        if picked is not None and tuple(picked) != previous.shown and len(picked) > 0:
            start = picked[0]
            end = picked[1] if len(picked) > 1 else previous.hi
            date_from = start if start > previous.lo else None
            date_to = end if end < previous.hi else None
    if url is not None:
        date_from, date_to = url
    if date_from is not None and date_to is not None and date_from > date_to:
        date_from, date_to = date_to, date_from
    if date_from is not None and date_from <= lo:
        date_from = None
    if date_to is not None and date_to >= hi:
        date_to = None
    return DateChoice(corpus_id=corpus_id, lo=lo, hi=hi, date_from=date_from, date_to=date_to)


# The who-says-what matrix and its selection --------------------------------------------------------------


def stance_order(stances: Iterable[str]) -> list[str]:
    """Stances in the engine's canonical order, unknown ones after, alphabetically; a missing one (None, NaN)
    is no stance."""
    present = {s for s in (stances.dropna().unique() if isinstance(stances, pd.Series) else stances)
               if isinstance(s, str)}
    return [s for s in STANCES if s in present] + sorted(present - set(STANCES))


def pairs_present(statements: pd.DataFrame, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of the (speaker, stance) pairs some statement has, looked up among their speakers' statements only."""
    pairs = {tuple(p) for p in pairs}
    sub = statements.loc[statements["speaker"].isin({s for s, _ in pairs}), ["speaker", "stance"]].drop_duplicates()
    return pairs & set(zip(sub["speaker"], sub["stance"], strict=True))


def top_speakers(statements: pd.DataFrame, n: int) -> list[str]:
    """The n speakers with the most statements (ties by name)."""
    counts = statements.groupby("speaker").size().reset_index(name="count")
    counts = counts.sort_values(["count", "speaker"], ascending=[False, True])
    return counts["speaker"].head(n).tolist()


def who_says_what(statements: pd.DataFrame, top_n: int = 15) -> pd.DataFrame:
    """Counts per speaker × stance for the top-N speakers: columns speaker, stance, count, total."""
    speakers = top_speakers(statements, top_n)
    sub = statements[statements["speaker"].isin(speakers)]
    out = sub.groupby(["speaker", "stance"]).size().reset_index(name="count")
    out["total"] = out.groupby("speaker")["count"].transform("sum")
    out["speaker"] = pd.Categorical(out["speaker"], categories=speakers)
    out = out.sort_values(["speaker", "stance"]).reset_index(drop=True)
    out["speaker"] = out["speaker"].astype(str)
    return out[["speaker", "stance", "count", "total"]]


def selected_points(selection: Mapping | None, param: str, field_names: Iterable[str]) -> list[tuple]:
    """Values picked by a point selection of a chart, from the selection of st.altair_chart(on_select=...).

    Args:
        selection: the event's `selection` mapping ({param: [{field: value, ...}, ...]}), or the event itself.
        param: the selection parameter's name.
        field_names: the fields the selection projects on, in the order of the returned tuples.
    """
    if not selection:
        return []
    if "selection" in selection and param not in selection:
        selection = selection["selection"] or {}
    points = selection.get(param) or []
    if isinstance(points, Mapping):  # an interval selection or a single point
        points = [points]
    field_names = list(field_names)
    out = []
    for p in points:
        if isinstance(p, Mapping) and all(f in p for f in field_names):
            out.append(tuple(p[f] for f in field_names))
    return list(dict.fromkeys(out))


def filter_cells(statements: pd.DataFrame, cells: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Statements whose (speaker, stance) is one of `cells`; all statements when no cell is picked."""
    cells = set(cells)
    if not cells:
        return statements
    pairs = pd.Series(list(zip(statements["speaker"], statements["stance"], strict=True)), index=statements.index,
                      dtype=object)
    return statements[pairs.isin(cells)]


def page_count(n: int, limit: int) -> int:
    """How many pages of `limit` rows hold n rows (at least one)."""
    return max(1, -(-n // max(1, limit)))


def evidence(statements: pd.DataFrame, limit: int = 50, page: int = 1) -> list[dict]:
    """One page of `limit` statements as plain dicts, newest articles first, in text order within an article.

    Args:
        page: 1-based; a page past the end is clamped to the last one.
    """
    # The sort keys alone are sorted, then only the page's rows are taken: not every column of every statement.
    order = statements[["date", "article_id", "idx"]].reset_index(drop=True).sort_values(
        ["date", "article_id", "idx"], ascending=[False, True, True], na_position="last").index
    page = min(max(1, page), page_count(len(order), limit))
    chunk = statements.iloc[order[(page - 1) * limit: page * limit]]
    rows = chunk.astype(object).where(chunk.notna(), None).to_dict("records")
    for r in rows:
        r["date"] = r["date"].date().isoformat() if isinstance(r["date"], pd.Timestamp) else r["date"]
    return rows


def corpus_counts(frames: CorpusFrames, statements: pd.DataFrame | None = None) -> dict[str, int]:
    """Headline counts: articles, statements, speakers, locations.

    Args:
        frames: the corpus.
        statements: the filtered statements; articles and places then count only those behind them.
            None counts the whole corpus.
    """
    if statements is None:
        statements, article_ids, locations = frames.statements, frames.articles["article_id"].unique(), frames.locations
    else:
        article_ids = statements["article_id"].unique()
        # get_indexer, not isin: isin walks Arrow strings in Python, a tenth of a second per 10,000 articles.
        locations = frames.locations[pd.Index(article_ids).get_indexer(frames.locations["article_id"]) >= 0]
    return {
        "articles": len(article_ids),
        "statements": len(statements),
        "speakers": statements.loc[statements["speaker"] != UNKNOWN_SPEAKER, "speaker"].nunique(),
        "locations": locations["name"].nunique(),
    }


# Actors ---------------------------------------------------------------------------------------------------


def actor_index(frames: CorpusFrames) -> pd.DataFrame:
    """Every actor who speaks, is targeted or is named: name, type, said, targeted, mentions, articles."""
    st = frames.statements
    said = st[st["speaker"] != UNKNOWN_SPEAKER].groupby("speaker").size().rename("said")
    targeted = st.dropna(subset=["target"]).groupby("target").size().rename("targeted")
    named = frames.actors.groupby("name").agg(
        mentions=("mentions", "sum"), type=("type", lambda s: s.mode().iloc[0] if s.notna().any() else None))
    arts = pd.concat([
        st[["speaker", "article_id"]].set_axis(["name", "article_id"], axis=1),
        st[["target", "article_id"]].dropna().set_axis(["name", "article_id"], axis=1),
        frames.actors[["name", "article_id"]],
    ]).drop_duplicates().groupby("name").size().rename("articles")
    out = pd.concat([said, targeted, named, arts], axis=1)
    out.index.name = "name"
    out = out.drop(index=UNKNOWN_SPEAKER, errors="ignore").reset_index()
    for col in ("said", "targeted", "mentions", "articles"):
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0).astype(int)
    out["activity"] = out["said"] + out["targeted"]
    out = out.sort_values(["activity", "mentions", "name"], ascending=[False, False, True]).reset_index(drop=True)
    return out[["name", "type", "said", "targeted", "mentions", "articles"]]


@dataclass(frozen=True)
class ActorProfile:
    """Everything the corpus says about one actor."""

    name: str
    types: list[str]
    aliases: list[str]
    roles: list[str]
    said: pd.DataFrame  # the actor's statements
    by_stance: pd.DataFrame  # stance, count
    targets: pd.DataFrame  # target, stance, count: whom the actor addresses
    targeted_by: pd.DataFrame  # speaker, stance, count: who addresses the actor
    articles: pd.DataFrame  # article_id, title, date, outlet, said, targeted, mentions


def actor_profile(frames: CorpusFrames, name: str, statements: pd.DataFrame | None = None) -> ActorProfile:
    """Profile of one actor over the statements given (all of the corpus by default)."""
    st = frames.statements if statements is None else statements
    said = st[st["speaker"] == name]
    at = st[st["target"] == name]
    rows = frames.actors[frames.actors["name"] == name]
    aliases = sorted({a for lst in rows["aliases"] for a in (lst or []) if a and a != name})
    aliases += sorted({t for t in said["speaker_text"].dropna() if t != name and t not in aliases
                       and _short_name(t, [name, *aliases])})
    by_stance = said.groupby("stance").size().reset_index(name="count")
    by_stance = by_stance.set_index("stance").loc[stance_order(by_stance["stance"])].reset_index()
    targets = (said.dropna(subset=["target"]).groupby(["target", "stance"]).size().reset_index(name="count")
               .sort_values(["count", "target"], ascending=[False, True]).reset_index(drop=True))
    targeted_by = (at.groupby(["speaker", "stance"]).size().reset_index(name="count")
                   .sort_values(["count", "speaker"], ascending=[False, True]).reset_index(drop=True))
    per_article = pd.concat([
        said.groupby("article_id").size().rename("said"),
        at.groupby("article_id").size().rename("targeted"),
        rows.groupby("article_id")["mentions"].sum().rename("mentions"),
    ], axis=1).fillna(0).astype(int)
    per_article.index.name = "article_id"
    articles = (frames.articles[["article_id", "title", "date", "outlet"]]
                .merge(per_article.reset_index(), on="article_id", how="inner")
                .sort_values(["date", "title"], ascending=[False, True], na_position="last").reset_index(drop=True))
    return ActorProfile(
        name=name,
        types=sorted(set(rows["type"].dropna())),
        aliases=aliases,
        roles=sorted(set(rows["role"].dropna()) - {""}),
        said=said, by_stance=by_stance, targets=targets, targeted_by=targeted_by, articles=articles)


def _short_name(text: str, names: Sequence[str]) -> bool:
    """Whether the words that name a speaker are a short form of one of the actor's names ("Kerry" of "John
    Kerry"): a pronoun ("He") or a description ("The agency") that named them in one sentence is no alias."""
    words = text.split()
    known = {w for n in names for w in n.split()}
    return bool(words) and all(w[:1].isupper() and w in known for w in words)


def actors_under_filters(index: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """The rows of an actor index (actor_index) with their counts over the filtered `statements`: only the
    actors who make or receive at least one of them, most active first."""
    said = statements[statements["speaker"] != UNKNOWN_SPEAKER].groupby("speaker").size()
    targeted = statements.dropna(subset=["target"]).groupby("target").size()
    out = index.assign(said=index["name"].map(said).fillna(0).astype(int),
                       targeted=index["name"].map(targeted).fillna(0).astype(int))
    out = out[(out["said"] + out["targeted"]) > 0]
    order = (out["said"] + out["targeted"]).rename("activity")
    out = out.assign(activity=order).sort_values(["activity", "mentions", "name"], ascending=[False, False, True])
    return out.drop(columns="activity").reset_index(drop=True)


def articles_under_filters(articles: pd.DataFrame, statements: pd.DataFrame, *, filtered: bool) -> pd.DataFrame:
    """Articles to offer in a picker: when filters are on (`filtered`), only those with a matching statement."""
    if not filtered:
        return articles
    return articles[articles["article_id"].isin(set(statements["article_id"]))]


def article_statements(statements: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """The statements of one article among `statements` (pass the filtered ones), in text order."""
    return statements[statements["article_id"] == article_id].sort_values("idx")


# Network, map, timeline ----------------------------------------------------------------------------------------


EDGE_COLUMNS = ("source", "target", "stance", "count", "stances")


def network_edges(statements: pd.DataFrame, top_n: int = 25) -> pd.DataFrame:
    """Speaker → target edges among at most `top_n` actors: source, target, stance, count, stances.

    Actors are taken edge by edge, heaviest edges first (ties: the edge whose two actors are the more active,
    then by name), as long as both ends fit in `top_n`. So every actor kept has an edge drawn and the main
    actors' edges come before one-off pairs. `stance` is the edge's most frequent stance (ties by canonical
    order); `stances` spells out the mix. No edge gives an empty frame that still has these columns.
    """
    st = statements.dropna(subset=["target"])
    st = st[(st["speaker"] != UNKNOWN_SPEAKER) & (st["speaker"] != st["target"])]
    if st.empty or top_n < 2:
        return _frame([], EDGE_COLUMNS)
    activity = pd.concat([st["speaker"], st["target"]]).value_counts().to_dict()
    pairs = st.groupby(["speaker", "target"]).size()
    weight: dict[frozenset, int] = {}
    for (src, dst), n in pairs.items():
        weight[frozenset((src, dst))] = weight.get(frozenset((src, dst)), 0) + int(n)
    ranked = sorted(weight, key=lambda pair: (-weight[pair], -sum(activity[a] for a in pair), sorted(pair)))
    keep: set[str] = set()
    for pair in ranked:
        if len(keep | pair) <= top_n:
            keep |= pair
        if len(keep) >= top_n:
            break
    st = st[st["speaker"].isin(keep) & st["target"].isin(keep)]
    order = {s: i for i, s in enumerate(stance_order(st["stance"]))}
    rows = []
    for (src, dst), g in st.groupby(["speaker", "target"]):
        counts = g["stance"].value_counts()
        ranked_stances = sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        rows.append({"source": src, "target": dst, "stance": ranked_stances[0][0], "count": int(counts.sum()),
                     "stances": ", ".join(f"{s} {c}" for s, c in ranked_stances)})
    return _frame(rows, EDGE_COLUMNS).sort_values(["count", "source", "target"], ascending=[False, True, True],
                                                  ignore_index=True)


def network_actor_count(statements: pd.DataFrame) -> int:
    """How many actors the network of these statements can show (speakers and targets joined by an edge)."""
    return len(network_nodes(network_edges(statements, top_n=len(statements) * 2 + 2)))


def network_nodes(edges: pd.DataFrame) -> pd.DataFrame:
    """Nodes of a network: name, said (outgoing statements), received (incoming)."""
    out = edges.groupby("source")["count"].sum().rename("said")
    inc = edges.groupby("target")["count"].sum().rename("received")
    nodes = pd.concat([out, inc], axis=1).fillna(0).astype(int)
    nodes.index.name = "name"
    nodes = nodes.reset_index()
    nodes["total"] = nodes["said"] + nodes["received"]
    return nodes.sort_values(["total", "name"], ascending=[False, True], ignore_index=True)


def location_points(locations: pd.DataFrame, article_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Geocoded places of the given articles (all by default): name, country, lat, lon, mentions, articles."""
    loc = locations if article_ids is None else locations[locations["article_id"].isin(set(article_ids))]
    loc = loc.dropna(subset=["lat", "lon"])
    if loc.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in
                             ("name", "country", "kind", "lat", "lon", "mentions", "articles")})
    out = (loc.groupby(["name", "lat", "lon"], dropna=False)
           .agg(country=("country", "first"), kind=("kind", "first"), mentions=("mentions", "sum"),
                articles=("article_id", "nunique")).reset_index())
    return out.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)[
        ["name", "country", "kind", "lat", "lon", "mentions", "articles"]]


def unlocated_places(locations: pd.DataFrame, article_ids: Iterable[str] | None = None) -> list[str]:
    """Names of places that could not be placed on the map."""
    loc = locations if article_ids is None else locations[locations["article_id"].isin(set(article_ids))]
    return sorted(set(loc.loc[loc["lat"].isna() | loc["lon"].isna(), "name"]))


def timeline(statements: pd.DataFrame, by: str | Sequence[str] = "stance", unit: str = "day",
             top_n: int | None = None) -> pd.DataFrame:
    """Statements per period of article date and per `by` columns: columns period, *by, count.

    Args:
        statements: the statements frame.
        by: column or columns to count by, e.g. "stance" or ("speaker", "stance").
        unit: "day", "week", "month" or "year".
        top_n: keep only the top-N speakers.
    """
    by = [by] if isinstance(by, str) else list(by)
    st = statements.dropna(subset=["date"])
    if top_n is not None:
        st = st[st["speaker"].isin(top_speakers(st, top_n))]
    if st.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), **{b: pd.Series(dtype=object) for b in by},
                             "count": pd.Series(dtype=int)})
    period = st["date"].dt.to_period(PERIODS[unit]).dt.start_time
    out = st.assign(period=period).groupby(["period", *by]).size().reset_index(name="count")
    return out.sort_values(["period", *by], ignore_index=True)
