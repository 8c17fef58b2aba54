"""The active-filters bar as plain values: the filters in force as chips, and a link's values that were dropped."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from . import tables
from .highlight import md, short
from .store import Store, search
from .tables import _LIST_FILTERS, Filters

MORE = ("article", "outlet", "from", "to", "direct")  # the filters under "More filters"
OFFERED = 1000  # values a list filter's widget offers at most: speakers and targets by count, articles in order
CELLS_KEY, SEARCH_KEY = "overview_cells", "statements_q"  # session keys of the Overview's cells, the search


def titles(frames: tables.CorpusFrames) -> dict[str, str]:
    """Article id → title ("untitled" when it has none)."""
    title = frames.articles["title"]
    return dict(zip(frames.articles["article_id"], title.astype(object).where(title.notna(), "untitled"), strict=True))


def options(frames: tables.CorpusFrames) -> dict[str, list[str]]:
    """What each list filter of the sidebar offers: speakers by count, stances in order, targets (by name, or by
    count when there are more than the widget offers), articles and outlets."""
    st_ = frames.statements
    targets = sorted(st_["target"].dropna().unique())
    if len(targets) > OFFERED:  # the widget offers the first ones only: the most frequent
        targets = tables.top_speakers(st_.dropna(subset=["target"]).assign(speaker=st_["target"]), len(targets))
    return {"speaker": tables.top_speakers(st_, len(st_)), "stance": tables.stance_order(st_["stance"]),
            "target": targets, "article": list(titles(frames)),
            "outlet": sorted(frames.articles["outlet"].dropna().unique())}


def offered(options: Mapping[str, Sequence[str]], keep: Mapping[str, Iterable[str]], limit: int | None = None
            ) -> dict[str, list[str]]:
    """What each list filter's widget offers: its options cut to the first `limit` (the widget sends every
    option to the browser on every run), with the values of `keep` (asked by the link, or picked already) that
    the corpus has added at the end, so that no value in force is lost. `limit` defaults to OFFERED."""
    limit, out = OFFERED if limit is None else limit, {}
    for name, values in options.items():
        out[name] = head = list(values[:limit])
        if len(values) > limit:
            have, shown = set(values), set(head)
            head += [v for v in dict.fromkeys(keep.get(name, ())) if v in have and v not in shown]
    return out


def placeholder(options: Sequence[str], limit: int | None = None) -> str:
    """The empty widget's words: "Any", and how much of a long list it offers (`limit` defaults to OFFERED)."""
    limit = OFFERED if limit is None else limit
    return "Any" if len(options) <= limit else f"Any (lists {limit:,} of {len(options):,}, the most frequent first)"


def more_open(asked: Mapping[str, list[str]], state: Mapping, corpus_id: int | None) -> bool:
    """Whether "More filters" opens: it never hides a filter in force (asked by the link or set in `state`, the
    session's widget values)."""
    dates = state.get("_wsw_dates")
    return (any(k in asked for k in MORE) or any(state.get(k) for k in ("filter_article", "filter_outlet"))
            or state.get("filter_direct", "All") != "All"
            or bool(dates and dates.corpus_id == corpus_id and (dates.date_from or dates.date_to)))


def ignored_note(ignored: Sequence[tuple[str, str]], shown: int = 10) -> str | None:
    """The line that names a link's dropped values (Markdown, escaped), or None when none were dropped."""
    if not ignored:
        return None
    more = f" and {len(ignored) - shown} more" if len(ignored) > shown else ""
    return ("Ignored from the link, not in this corpus or not understood: "
            + ", ".join(f"{name} “{md(short(value, 40))}”" for name, value in ignored[:shown]) + more)


def without(chips: Sequence[Chip], state: Mapping) -> dict:
    """The widget values (session-state keys) that take the chips' values, or their whole filters, away."""
    changes: dict = {}
    for chip in chips:
        if chip.name == "dates":
            if (dates := state.get("_wsw_dates")) is not None:
                changes["_wsw_dates"] = cleared = replace(dates, date_from=None, date_to=None)
                changes["filter_dates"] = cleared.shown
        elif chip.name == "direct":
            changes["filter_direct"] = "All"
        elif chip.name == "cell":
            stance, _, speaker = chip.value.partition(":")
            changes[CELLS_KEY] = [c for c in changes.get(CELLS_KEY, state.get(CELLS_KEY, []))
                                  if tuple(c) != (speaker, stance)]
        elif chip.name == "q":
            changes[SEARCH_KEY] = ""
        else:
            key = f"filter_{chip.name}"
            changes[key] = [v for v in changes.get(key, state.get(key, [])) if v != chip.value]
    return changes


def ignored_params(params: Mapping[str, str | list[str]], options: Mapping[str, Sequence[str]]
                   ) -> list[tuple[str, str]]:
    """The (parameter, value) pairs of a query string's filters that filters_from_params or the corpus drops:
    list-filter values not among `options[name]`, dates that are not YYYY-MM-DD, a `direct` other than yes/no."""

    def values(key: str) -> list[str]:
        v = params.get(key, [])
        return [x for x in ([v] if isinstance(v, str) else list(v)) if x]

    dropped = [(name, v) for name in _LIST_FILTERS for v in dict.fromkeys(values(name))
               if v not in set(options.get(name, ()))]
    for key in ("from", "to"):
        for v in values(key)[:1]:
            try:
                date.fromisoformat(v)
            except ValueError:
                dropped.append((key, v))
    dropped += [("direct", v) for v in values("direct")[:1] if v not in ("yes", "no")]
    return dropped


@dataclass(frozen=True)
class Chip:
    """One filter in force, as the active-filters bar shows it: `name` is the filter (speaker, …, dates,
    direct) and `value` the one value a click on the chip removes (None: the whole filter)."""

    name: str
    value: str | None
    label: str


def filter_chips(f: Filters, label: Callable[[str, str], str] = lambda _name, value: value) -> list[Chip]:
    """The filters in force, one chip per value; `label(name, value)` words a value (an article's title)."""
    chips = [Chip(name, v, f"{name}: {label(name, v)}") for name in _LIST_FILTERS for v in getattr(f, name)]
    if f.date_from or f.date_to:
        span = f"{f.date_from.isoformat() if f.date_from else '…'} – {f.date_to.isoformat() if f.date_to else '…'}"
        chips.append(Chip("dates", None, f"dates: {span}"))
    if f.direct is not None:
        chips.append(Chip("direct", None, f"speech: {'quotations' if f.direct else 'reported'}"))
    if f.search:
        chips.append(Chip("q", None, f"search: “{f.search}”"))
    return chips


def undated_note(f: Filters, frames: tables.CorpusFrames) -> str | None:
    """While a date range is in force, the line that says how many undated articles (and their statements) it
    hides; None when no range is set or every article has a date."""
    if not (f.date_from or f.date_to):
        return None
    articles = int(frames.articles["date"].isna().sum())
    if not articles:
        return None
    statements = int(frames.statements["date"].isna().sum())
    return (f"The date range hides {tables.plural(articles, 'undated article')} "
            f"({tables.plural(statements, 'statement')}): remove the dates filter to see "
            f"{'it' if articles == 1 else 'them'}.")


def search_text(value) -> str:
    """A search box's value as text without the spaces around it (anything else, as a tampered session might
    hold, is no search)."""
    return value.strip() if isinstance(value, str) else ""


def search_hits(store: Store, corpus_id: int, query: str) -> tuple[tuple[str, int], ...] | None:
    """The (article id, idx) pairs of the statements the database's index finds for `query` in a corpus; None
    when there is no query, or no index (tables.apply_filters then scans what was said)."""
    if not search_text(query).strip():
        return None
    found = search.search(store, corpus_id, query)
    return found.statements if found.indexed else None


def chips(frames: tables.CorpusFrames, f: Filters, s: tables.Selection) -> list[Chip]:
    """Every chip of the active-filters bar: the filters (article titles shortened), then the page's picks."""
    names = titles(frames) if f.article else {}  # every article's title, only when an article filter needs one
    return filter_chips(f, lambda name, v: short(names.get(v, v), 40) if name == "article" else v) + selection_chips(s)


def selection_chips(s: tables.Selection) -> list[Chip]:
    """A page's picks as chips: each heat-map cell (value "stance:speaker")."""
    return [Chip("cell", f"{stance}:{speaker}", f"cell: {speaker} · {stance}") for speaker, stance in s.cells]
