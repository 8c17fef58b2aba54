"""Corpus snapshots: a layered corpus saved per revision, read back only when its signature checks."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis import layered, snapshot
from analysis.store import Store
from analysis.tools.bench_dashboard import store_synthetic

LOAD = layered.load  # the real one, as the fixture below leaves it for the tests' own comparisons


@pytest.fixture
def counted(monkeypatch):
    """layered.load as snapshot.layered calls it, counting the calls."""
    calls = []
    monkeypatch.setattr(snapshot.layering, "load", lambda store, cid: calls.append(cid) or LOAD(store, cid))
    return calls


def _same(a: layered.Layered, b: layered.Layered) -> None:
    for name in ("articles", "statements", "actors", "locations"):
        pd.testing.assert_frame_equal(getattr(a.frames, name), getattr(b.frames, name))
    assert a.names == b.names and a.ambiguous == b.ambiguous and a.anchored == b.anchored


def test_a_corpus_is_layered_once_per_revision_and_read_back_after(store, tmp_path, counted):
    store.mark_builtin_done()
    cid = store_synthetic(store, "Harbour", 6, seed=4)
    revision = store.corpus(cid).revision
    first = snapshot.layered(store, cid, revision, tmp_path)
    again = snapshot.layered(store, cid, revision, tmp_path)
    assert counted == [cid]
    _same(first, again)
    _same(first, LOAD(store, cid))
    [saved] = (tmp_path / "corpora").glob("*/corpus-*.pickle")
    assert saved.name == f"corpus-{cid}-r{revision}.pickle"

    store.rename_corpus(cid, "Harbour news")  # a new revision: layered again, the old file goes
    snapshot.layered(store, cid, store.corpus(cid).revision, tmp_path)
    assert counted == [cid, cid]
    assert [p.name for p in (tmp_path / "corpora").glob("*/corpus-*.pickle")] == [
        f"corpus-{cid}-r{store.corpus(cid).revision}.pickle"]


def test_a_file_that_does_not_check_is_never_unpickled(tmp_path, counted, monkeypatch, caplog):
    store = Store(tmp_path / "w.db")
    store.mark_builtin_done()
    cid = store_synthetic(store, "Harbour", 3, seed=5)
    revision = store.corpus(cid).revision
    snapshot.layered(store, cid, revision, tmp_path)
    [saved] = (tmp_path / "corpora").glob("*/corpus-*.pickle")
    unpickled = []
    real_load = snapshot.pickle.load
    monkeypatch.setattr(snapshot.pickle, "load", lambda file: unpickled.append(1) or real_load(file))
    for spoil in (lambda b: b[:-1] + bytes([b[-1] ^ 1]), lambda b: b[:40], lambda b: b""):
        saved.write_bytes(spoil(saved.read_bytes()) if saved.exists() else b"")
        result = snapshot.layered(store, cid, revision, tmp_path)
        _same(result, LOAD(store, cid))
    assert unpickled == [] and len(counted) == 4
    assert "does not check" in caplog.text


def test_another_database_at_the_same_place_never_reads_the_first_ones_snapshots(tmp_path, counted):
    path = tmp_path / "w.db"
    store = Store(path)
    store.mark_builtin_done()
    cid = store_synthetic(store, "First", 3, seed=6)
    revision = store.corpus(cid).revision
    snapshot.layered(store, cid, revision, tmp_path / "cache")
    store.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")
    other = Store(path)
    other.mark_builtin_done()
    assert store_synthetic(other, "Second", 4, seed=7) == cid and other.corpus(cid).revision == revision
    shown = snapshot.layered(other, cid, revision, tmp_path / "cache")
    assert len(shown.frames.articles) == 4 and counted == [cid, cid]


def test_without_a_writable_cache_folder_the_corpus_is_still_shown(tmp_path, counted):
    store = Store(tmp_path / "w.db")
    store.mark_builtin_done()
    cid = store_synthetic(store, "Harbour", 3, seed=8)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    shown = snapshot.layered(store, cid, store.corpus(cid).revision, blocked)
    assert len(shown.frames.articles) == 3 and counted == [cid]
