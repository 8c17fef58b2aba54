"""A corpus as every page shows it (layered.Layered), saved once per corpus revision in the cache folder, so
that a restarted server, or a second one on the same database, reads it back instead of layering the corpus
again (about 6 s for 10,000 articles on a 2-core machine; reading it back takes a fraction of a second).

    layers = snapshot.layered(store, corpus_id, revision, folder)

A snapshot's name holds the corpus id and revision, under a folder named from the database's own random key
and a digest of the engine's version and the code that layers a corpus: a change to any of them (another
database at the same path, a new engine, new layering rules) finds no snapshot and layers the corpus anew.
Each file carries an HMAC under the database's key and is read only when it checks, so a file that was
tampered with, cut short or copied from elsewhere is never unpickled; it is built again. Files are written
to a temporary name and renamed, so a reader never sees half a file; older revisions of the corpus go.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import tempfile
from pathlib import Path

from . import layered as layering
from .engine.version import engine_version
from .errors import StoreError

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent
# The modules whose code decides what a layered corpus holds, besides the engine.
LAYERING_CODE = ("layered.py", "merges.py", "linking.py", "corrections.py", "tables.py", "snapshot.py")
_SIGNATURE = 32  # bytes of HMAC-SHA256 in front of the pickle
_CHUNK = 1 << 20


def folder_for(root: Path, key: bytes) -> Path:
    """The folder of one database's snapshots made by this engine and this layering code."""
    digest = hashlib.sha256(key)
    digest.update(engine_version().encode())
    for name in LAYERING_CODE:
        digest.update((PACKAGE / name).read_bytes())
    return Path(root).expanduser() / "corpora" / digest.hexdigest()[:20]


def _name(corpus_id: int, revision: int) -> str:
    return f"corpus-{int(corpus_id)}-r{int(revision)}.pickle"


def read(folder: Path, key: bytes, corpus_id: int, revision: int) -> layering.Layered | None:
    """The saved corpus at this revision, or None when there is none or it does not check. The file is checked
    and then unpickled a chunk at a time from one open handle, so its bytes are never all held at once."""
    path = folder / _name(corpus_id, revision)
    try:
        with open(path, "rb") as file:
            signature, mac = file.read(_SIGNATURE), hmac.new(key, digestmod=hashlib.sha256)
            while chunk := file.read(_CHUNK):
                mac.update(chunk)
            if len(signature) < _SIGNATURE or file.tell() == _SIGNATURE or \
                    not hmac.compare_digest(signature, mac.digest()):
                log.warning("snapshot %s does not check; the corpus is layered again", path)
                return None
            file.seek(_SIGNATURE)
            try:
                value = pickle.load(file)  # noqa: S301 - checked above with the database's key
            except Exception:  # noqa: BLE001 - an unreadable snapshot is rebuilt, never shown
                log.warning("snapshot %s cannot be read; the corpus is layered again", path, exc_info=True)
                return None
    except OSError:
        return None
    return value if isinstance(value, layering.Layered) else None


class _Signing:
    """A binary file that pickle writes into while an HMAC of what it writes is kept."""

    def __init__(self, file, mac) -> None:
        self.file, self.mac = file, mac

    def write(self, data) -> int:
        self.mac.update(data)
        return self.file.write(data)


def write(folder: Path, key: bytes, corpus_id: int, revision: int, layers: layering.Layered) -> Path | None:
    """Save the corpus at this revision (and drop its older revisions); None when the folder cannot be written
    (the dashboard then simply layers the corpus again next time)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as out:  # pickled straight into the file, the signature written in front last
            out.write(bytes(_SIGNATURE))
            signing = _Signing(out, hmac.new(key, digestmod=hashlib.sha256))
            pickle.dump(layers, signing, protocol=pickle.HIGHEST_PROTOCOL)
            out.seek(0)
            out.write(signing.mac.digest())
        path = folder / _name(corpus_id, revision)
        os.replace(tmp, path)
    except OSError:
        log.warning("cannot save a snapshot of corpus %s in %s", corpus_id, folder, exc_info=True)
        return None
    for old in folder.glob(f"corpus-{int(corpus_id)}-r*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def layered(store, corpus_id: int, revision: int, root: Path | str) -> layering.Layered:
    """The corpus as shown (layered.load), read from its snapshot when one is saved for this revision, else
    layered and saved. A read-only database, or one whose key cannot be had, is layered without a snapshot."""
    try:
        key = None if store.read_only else store.secret("snapshot")
    except StoreError:
        key = None
    if key is None:
        return layering.load(store, corpus_id)
    folder = folder_for(Path(root), key)
    if (saved := read(folder, key, corpus_id, revision)) is not None:
        return saved
    layers = layering.load(store, corpus_id)
    write(folder, key, corpus_id, revision, layers)
    return layers
