"""The engine's version stamp: its model plus a digest of the files that decide what it finds."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .. import config

PACKAGE = Path(__file__).resolve().parent.parent  # the analysis package
# The files whose content decides what the engine finds: a change to any of them makes stored analyses stale.
ENGINE_FILES = ("config.py", "types.py")
_NOT_ENGINE_DATA = {"world-110m.json", "LICENSE.world-atlas"}
_NOT_ENGINE_CODE = {"distributed.py", "version.py", "__init__.py"}


@lru_cache(maxsize=1)
def engine_version() -> str:
    """Version stamp of the engine: its configured model plus a digest of the engine's source and data files.

    Any change to the engine's code, data or model makes stored analyses stale, so they are analysed again.
    The distributed runner and this module itself do not change what the engine finds, so they are left out.
    """
    engine = PACKAGE / "engine"
    sources = [PACKAGE / name for name in ENGINE_FILES]
    sources += [p for p in engine.rglob("*.py") if p.name not in _NOT_ENGINE_CODE]
    sources += [p for p in config.DATA_DIR.rglob("*") if p.is_file() and p.name not in _NOT_ENGINE_DATA]
    digest = hashlib.sha256()
    for path in sorted(sources):
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    return f"{config.MODEL_NAME}-{config.MODEL_VERSION}+{digest.hexdigest()[:12]}"
