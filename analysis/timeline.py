"""The time axis of statements: a unit that suits the span of dates, a first window, and counts per period."""
from __future__ import annotations

from datetime import date

import pandas as pd


def time_unit(dates: pd.Series) -> str:
    """Bin width for a timeline of `dates`: "day", "week" or "month"."""
    dates = dates.dropna()
    if dates.empty:
        return "day"
    span = (dates.max() - dates.min()).days
    return "day" if span <= 45 else "week" if span <= 370 else "month"


def default_window(dates: pd.Series, *, share: float = 0.9, squeeze: float = 0.3) -> tuple[date, date] | None:
    """A default time range that is not ruled by a few outlying dates, or None when the whole span is fine.

    The window runs from the earliest date of the latest `share` of the dates to the last date. It is offered
    only when it is shorter than `squeeze` of the whole span: one old article would otherwise press every
    other date into a sliver of the chart.
    """
    dates = pd.Series(pd.to_datetime(dates, errors="coerce")).dropna().sort_values(ignore_index=True)
    if len(dates) < 3:
        return None
    first, last = dates.iloc[0], dates.iloc[-1]
    span = (last - first).days
    if span <= 0:
        return None
    start = dates.iloc[int((1 - share) * (len(dates) - 1))]
    if start == first or (last - start).days > squeeze * span:
        return None
    pad = pd.Timedelta(days=max(1, (last - start).days // 20))
    return (start - pad).date(), (last + pad).date()


PERIODS = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}
TIME_UNITS = tuple(PERIODS)
