"""Work done once per install, so that the first visit of a fresh database is quick: the gazetteer index and
the snapshot of the demo corpus's analyses, both in the cache directory (WSW_CACHE_DIR).

    python -m analysis.tools.prepare

`make` runs it after installing the packages. Both are made again on demand when missing (the index on the
first analysis, the snapshot on the first demo corpus), and a newer engine makes a new snapshot.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from .. import corpora
from ..engine import places
from ..store import Store


def main() -> None:
    started = time.perf_counter()
    places.open_index()
    print(f"gazetteer index: {places.index_path()} ({time.perf_counter() - started:.1f} s)", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:  # a throwaway database: ensure_demo snapshots the analyses
        store = Store(Path(tmp) / "prepare.sqlite3")
        corpora.ensure_demo(store)
        store.close()
    print(f"demo corpus analysed and kept ({time.perf_counter() - started:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
