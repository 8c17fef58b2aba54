"""The store: corpora, articles and their analyses in SQLite or PostgreSQL (see store.py)."""
from ..errors import CorpusNameError, SchemaError
from ..types import content_hash
from .schema import SCHEMA_VERSION
from .store import DEFAULT_PATH, CorpusInfo, ShareLink, Store

__all__ = ["DEFAULT_PATH", "SCHEMA_VERSION", "CorpusInfo", "CorpusNameError", "SchemaError", "ShareLink", "Store",
           "content_hash"]
