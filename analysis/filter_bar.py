"""The active-filters bar as plain values: the filters in force as chips, and a link's values that were dropped."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .tables import _LIST_FILTERS, Filters


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
    return chips
