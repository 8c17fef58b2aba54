"""The statements a search finds, among those of a frame: the pairs the database's index found, or a scan."""
from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd


def search_statements(statements: pd.DataFrame, search: str,
                      found: Collection[tuple[str, int]] | None = None) -> pd.DataFrame:
    """The statements a search finds.

    Args:
        search: what the analyst typed; blank keeps every statement.
        found: the (article id, idx) pairs the database's search index found (store.search); None when there is
            no index: then those whose content or sentence contains `search` (case-insensitive, plain text).
    """
    needle = search.strip() if isinstance(search, str) else ""
    if not needle:
        return statements
    if found is not None:
        return statements[_among(statements, found)] if len(found) else statements.iloc[:0]
    hit = pd.Series(False, index=statements.index)
    for column in ("content", "sentence"):
        hit |= statements[column].astype(object).where(statements[column].notna(), "").astype(str) \
            .str.contains(needle, case=False, regex=False)
    return statements[hit]


def _among(statements: pd.DataFrame, found: Collection[tuple[str, int]]) -> np.ndarray:
    """Which rows are among the `found` pairs: both sides as one integer each (article number × width + idx),
    which numpy compares in a few milliseconds where tuples of text take a good part of a second."""
    articles = [a for a, _ in found]
    numbers, _ = pd.factorize(np.concatenate([statements["article_id"].to_numpy(dtype=object),
                                              np.asarray(articles, dtype=object)]))
    mine, theirs = numbers[:len(statements)], numbers[len(statements):]
    idx = statements["idx"].to_numpy(dtype=np.int64)
    wanted = np.fromiter((i for _, i in found), dtype=np.int64, count=len(articles))
    width = int(max(idx.max(initial=0), wanted.max(initial=0))) + 1
    return np.isin(mine * width + idx, theirs * width + wanted)
