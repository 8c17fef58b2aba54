"""The corpora opened most recently on a database, newest first, kept in its meta table: a server that starts
prepares them before its first visitor asks (server.warm_corpora)."""
from __future__ import annotations

import json
import logging

from ..errors import StoreError

KEY = "recent_corpora"
KEEP = 8  # corpus ids remembered
log = logging.getLogger(__name__)


def recent(store, n: int = KEEP) -> list[int]:
    """Up to n corpus ids, the most recently opened first (ids of deleted corpora may be among them)."""
    try:
        ids = json.loads(store.meta(KEY) or "[]")
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, int) and not isinstance(i, bool)][:n] if isinstance(ids, list) else []


def opened(store, corpus_id: int) -> None:
    """Note that a session opened `corpus_id` (nothing is written when it is already the most recent one, or
    when the database is read-only)."""
    ids = recent(store)
    if ids[:1] == [corpus_id] or store.read_only:
        return
    try:
        with store._transaction() as con:  # the store package shares its transaction
            store._set_meta(con, KEY, json.dumps([corpus_id, *[i for i in ids if i != corpus_id]][:KEEP]))
    except StoreError:  # busy or full: the page goes on; the server only prepares another corpus at its start
        log.warning("could not note corpus %s as recently opened", corpus_id, exc_info=True)


def to_prepare(store, n: int) -> list:
    """The corpora (CorpusInfo) a starting server prepares: the n most recently opened that still exist, else
    (on a database no session opened yet, or with fewer) the newest ones."""
    listed = {c.id: c for c in store.corpora()}
    chosen = [listed[i] for i in recent(store) if i in listed][:n]
    return chosen + [c for c in listed.values() if c not in chosen][:n - len(chosen)]
