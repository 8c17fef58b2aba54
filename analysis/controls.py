"""Page controls as plain values: bounds of the "how many to show" sliders, counts in words, tables as shown."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class SliderBounds:
    """Bounds of a "how many to show" slider: lo < hi always, lo <= default <= hi."""

    lo: int
    hi: int
    default: int

    def clamp(self, value: int | None) -> int:
        """`value` inside the bounds; None (nothing chosen yet) gives the default."""
        return self.default if value is None else min(max(int(value), self.lo), self.hi)


def slider_bounds(available: int, *, lo: int = 1, default: int = 12) -> SliderBounds | None:
    """Bounds for a slider over `available` items, or None when there is nothing to choose (available <= lo).

    A slider whose minimum equals its maximum is an error in Streamlit; None tells the page to show all.
    """
    if available <= lo:
        return None
    return SliderBounds(lo=lo, hi=available, default=min(max(default, lo), available))


def slider_choice(bounds: SliderBounds, *, wanted: int | None = None, shown: int | None = None,
                  picked: int | None = None, url: int | None = None) -> tuple[int | None, int]:
    """What a "how many to show" slider means this run: (what the analyst asked for, the value to show).

    What was asked for is kept apart from what fits: a filter that leaves 2 speakers shows 2, and clearing it
    brings back the 12 asked for (or the default, when nothing was asked), instead of staying narrowed.

    Args:
        bounds: this run's bounds.
        wanted: what was asked for before (None: nothing yet).
        shown: the value the slider showed last run.
        picked: the slider's value this run; it counts only when the analyst moved it (it differs from `shown`).
        url: a value a link asked for; it wins.
    """
    if url is not None:
        wanted = url
    elif picked is not None and picked != shown:
        wanted = picked
    return wanted, bounds.clamp(wanted)


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """"1 statement", "2 statements", "1,204 statements" (`plural_form` for irregular words)."""
    return f"{n:,} {word if n == 1 else plural_form or word + 's'}"


def match_note(n: int, total: int) -> str:
    """" · 12 of 181 statements match the filters", for a page's caption while filters are in force."""
    return f" · {n:,} of {plural(total, 'statement')} {'matches' if n == 1 else 'match'} the filters"


def blank_cells(df: pd.DataFrame) -> pd.DataFrame:
    """A table as shown: an empty cell (None, NaN, NaT) reads as blank, never as "None"; dates as YYYY-MM-DD.
    Columns with no empty cell keep their type, so they still sort as numbers."""
    out = df.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[col] = values.dt.strftime("%Y-%m-%d").fillna("")
        elif values.isna().any() and not pd.api.types.is_bool_dtype(values):
            out[col] = values.astype(object).where(values.notna(), "")
    return out
