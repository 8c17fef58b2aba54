"""Work done once per install, so that the first visit of a fresh database is quick: the gazetteer index and
the snapshots of the built-in corpora's analyses (the demo corpus and the port dispute story), all in the cache
directory (WSW_CACHE_DIR), so that a fresh database analyses nothing.

    python -m analysis.tools.prepare

`make` runs it after installing the packages. Both are made again on demand when missing (the index on the
first analysis, a snapshot on the first start that needs it), and a newer engine makes a new snapshot.
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
        made = corpora.ensure_demo(store)
        store.close()
    print(f"built-in corpora analysed and kept: {', '.join(made)} ({time.perf_counter() - started:.1f} s)",
          flush=True)


if __name__ == "__main__":
    main()
